/** Vietnamese texts of the review and classification (the levels' labels come from the contract). */
export const vi = {
  'menu.reviews': 'Đánh giá, xếp loại',

  'reviews.title': 'Đánh giá, xếp loại chất lượng',
  'reviews.subtitle': 'Kết quả xếp loại chất lượng hằng năm của đảng viên và tổ chức đảng, theo quyết định của cấp có thẩm quyền; tính trên tổ chức vào ngày 31/12 của năm.',
  'reviews.unit': 'Đơn vị',
  'reviews.unitPlaceholder': 'Chọn chi bộ, đảng bộ',
  'reviews.year': 'Năm đánh giá',
  'reviews.subject.member': 'Đảng viên',
  'reviews.subject.organization': 'Tổ chức đảng trực thuộc',
  'reviews.pickUnit': 'Chọn một đơn vị để xem và ghi nhận kết quả xếp loại.',
  'reviews.name': 'Họ và tên / Tổ chức',
  'reviews.inUnit': 'Đơn vị (31/12)',
  'reviews.result': 'Kết quả xếp loại',
  'reviews.none': 'Không có đảng viên hoặc tổ chức nào',
  'reviews.notClassified': 'Không xếp loại',
  'reviews.notClassified.exempted': 'Không xếp loại: miễn sinh hoạt',
  'reviews.notClassified.suspended': 'Không xếp loại: đình chỉ sinh hoạt',
  'reviews.notClassified.admitted_recently': 'Không xếp loại: kết nạp chưa đủ 6 tháng',
  'reviews.notClassified.not_a_member': 'Không xếp loại: không còn là đảng viên',
  'reviews.pickLevel': 'Chọn mức xếp loại',
  'reviews.fill': 'Điền cho tất cả chưa có kết quả',
  'reviews.decision': 'Quyết định của cấp có thẩm quyền',
  'reviews.save': 'Ghi nhận {count} kết quả',
  'reviews.saved': 'Đã ghi nhận {count} kết quả.',
  'reviews.pending': 'Đã chọn {count} mức xếp loại, chưa ghi nhận',
  'reviews.totals': 'Tổng hợp kết quả',
  'reviews.totalClassified': 'Đã xếp loại',
  'reviews.totalCompletedOrBetter': 'Hoàn thành nhiệm vụ trở lên',
  'reviews.byDecision': 'Theo quyết định {number}',
  'reviews.correct': 'Điều chỉnh',
  'reviews.correctTitle': 'Điều chỉnh kết quả xếp loại: {name}',
  'reviews.correctHint': 'Kết quả hiện hành được giữ lại trong lịch sử (đánh dấu đã điều chỉnh) và một kết quả mới được ghi nhận.',
  'reviews.reason': 'Lý do điều chỉnh',
  'reviews.level': 'Mức xếp loại mới',
  'reviews.rowError': 'Dòng {index}: {name}: {message}',
  'reviews.quotaDetail': 'Có {excellent} "Hoàn thành xuất sắc nhiệm vụ" trong {goodOrBetter} được xếp loại "Hoàn thành tốt nhiệm vụ" trở lên; tối đa {maxExcellent} ({percent}%, {regulation}).',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
