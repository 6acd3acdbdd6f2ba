/**
 * The shared Vietnamese texts (the default language): the frame's, the common words, and those several areas use.
 * An area's own texts are in its folder (features/<area>/texts.vi.ts). `en.ts` has exactly the same keys. `{name}`
 * marks a value filled in at run time.
 */
export const vi = {
  'app.subtitle': 'Hệ thống thông tin công tác xây dựng Đảng',

  'common.asOf': 'Tại ngày',
  'common.today': 'Hôm nay',
  'common.back': 'Quay lại',
  'common.cancel': 'Hủy',
  'common.clear': 'Xóa lựa chọn',
  'common.save': 'Lưu',
  'common.remove': 'Xóa',
  'common.loading': 'Đang tải…',
  'common.loadMore': 'Xem thêm',
  'common.noResults': 'Không có kết quả',
  'common.fromDate': 'Từ ngày',
  'common.toDate': 'Đến ngày',
  'common.home': 'Về trang chính',
  'common.yes': 'Có',
  'common.no': 'Không',
  'common.actions': 'Thao tác',

  'validation.required': 'Vui lòng nhập thông tin này',
  'validation.passwordMismatch': 'Hai mật khẩu không khớp',
  'validation.endAfterStart': 'Ngày kết thúc phải sau ngày bắt đầu',

  'error.notFoundTitle': 'Không tìm thấy',
  'error.notFound': 'Không tìm thấy dữ liệu này, hoặc dữ liệu nằm ngoài phạm vi của bạn.',
  'error.noSuchPage': 'Trang này không tồn tại.',
  'error.forbiddenTitle': 'Không có quyền',
  'error.forbidden': 'Tài khoản của bạn không được dùng chức năng này.',
  'error.code': 'Mã lỗi: {code}',

  'home.noAccessTitle': 'Chưa được phân quyền',
  'home.noAccess': 'Tài khoản của bạn chưa được giao vai trò nào. Hãy liên hệ cán bộ quản trị.',

  'menu.journal': 'Nhật ký thay đổi',

  'layout.language': 'Ngôn ngữ',
  'layout.changePassword': 'Đổi mật khẩu',
  'layout.logout': 'Đăng xuất',
  'layout.openMenu': 'Mở menu',

  'login.username': 'Tên đăng nhập',

  'orgs.code': 'Mã',
  'orgs.name': 'Tên',
  'orgs.kind': 'Loại tổ chức',
  'orgs.sector': 'Loại hình',
  'orgs.parent': 'Cấp trên',
  'orgs.now': 'nay',

  'endReason.merged': 'hợp nhất',
  'endReason.dissolved': 'giải thể',
  'endReason.split': 'chia tách',
  'endReason.voided': 'đã hủy (hoàn tác)',

  'op.establish': 'Thành lập',
  'op.rename': 'Đổi tên',
  'op.move': 'Chuyển trực thuộc',
  'op.merge': 'Hợp nhất, sáp nhập',
  'op.split': 'Chia tách',
  'op.upgrade': 'Nâng cấp',
  'op.change_kind': 'Đổi loại tổ chức',
  'op.dissolve': 'Giải thể',
  'op.undo': 'Hoàn tác',

  'change.establish': 'Thành lập',
  'change.rename': 'Đổi tên',
  'change.move': 'Chuyển trực thuộc',
  'change.ancestor_moved': 'Cấp trên được chuyển',
  'change.upgrade': 'Nâng cấp',
  'change.change_kind': 'Đổi loại',
  'change.merge_new': 'Thành lập do hợp nhất',
  'change.split_new': 'Thành lập do chia tách',
  'change.merge': 'Hợp nhất',
  'change.merged': 'Hợp nhất vào đơn vị khác',
  'change.absorb': 'Tiếp nhận',
  'change.split': 'Chia tách',
  'change.dissolve': 'Giải thể',
  'change.dissolved': 'Giải thể',
  'change.undo': 'Hoàn tác',
  'change.revive': 'Khôi phục',
  'change.void': 'Hủy',

  'batches.batch': 'Đợt',
  'batches.decision': 'Quyết định',
  'batches.status': 'Trạng thái',
  'batches.undone': 'Đã hoàn tác',

  'members.fullName': 'Họ và tên',
  'members.birthDate': 'Ngày sinh',
  'members.hometown': 'Quê quán',
  'members.ethnicity': 'Dân tộc',
  'members.religion': 'Tôn giáo',
  'members.citizenId': 'Số CCCD',
  'members.educationLevel': 'Giáo dục phổ thông',
  'members.theoryLevel': 'Lý luận chính trị',
  'members.admissionDate': 'Ngày vào Đảng',
  'members.officialDate': 'Ngày chính thức',
  'members.unit': 'Chi bộ',

  'command.submit': 'Ghi nhận',
  'command.decision': 'Quyết định (căn cứ pháp lý)',
  'command.decisionOptional': 'Quyết định (nếu có)',
  'command.reason': 'Lý do, ghi chú',

  'transfer.issue': 'Chuyển sinh hoạt',
  'transfer.issuedOn': 'Ngày giới thiệu',
  'transfer.to': 'Nơi đến',
  'transfer.presentBy': 'Giới thiệu về chi bộ trước {date}',

  'badges.badge': 'Huy hiệu',
  'badges.notes': 'Ghi chú',
  'badges.seriouslyIll': 'Bệnh nặng',
} as const satisfies Record<string, string>;

export type SharedMessageKey = keyof typeof vi;
