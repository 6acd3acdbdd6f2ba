/** Vietnamese texts of the home page; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'menu.home': 'Trang chủ',
  'home.title': 'Việc cần làm',
  'home.subtitle': 'Những việc đang chờ bạn trong phạm vi được giao; bấm vào một ô để mở danh sách.',
  'home.units': 'Nơi bạn phụ trách',
  'home.headcount': '{count} đảng viên',
  'home.members': 'Đảng viên của chi bộ',
  'home.allMembers': 'Xem cả danh sách',
  'home.noMembers': 'Chi bộ chưa có đảng viên nào',
  'home.openUnit': 'Mở trang tổ chức',
  'home.nothing': 'Không có việc nào đang chờ.',
  'home.capped': '{count}+',
  'workItem.transfers.incoming': 'Giấy giới thiệu chuyển đến chờ tiếp nhận',
  'workItem.transfers.late': 'Chuyển sinh hoạt đảng quá hạn',
  'workItem.badges.due': 'Đến hạn nhận Huy hiệu Đảng ngày {date}',
  'workItem.member-cleaning.open': 'Vấn đề dữ liệu cần làm sạch',
  'workItem.member-import.finished': 'Lượt nhập dữ liệu của bạn đã xong trong {days} ngày qua',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
