/** Vietnamese texts of notifications; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'notification.title': 'Thông báo',
  'notification.subtitle': 'Những việc vừa xảy ra cần bạn biết hoặc xử lý; bấm vào một thông báo để mở việc đó.',
  'notification.bell': 'Thông báo ({count} chưa đọc)',
  'notification.none': 'Chưa có thông báo nào',
  'notification.unread': 'Chưa đọc',
  'notification.markAllRead': 'Đánh dấu tất cả đã đọc',
  'notification.seeAll': 'Xem tất cả thông báo',
  'notification.kind.transfer.arrived': 'Đảng viên {memberName} được giới thiệu chuyển sinh hoạt đến {toUnitName} (từ {fromUnitName}), chờ tiếp nhận.',
  'notification.kind.transfer.accepted': '{toUnitName} đã tiếp nhận đảng viên {memberName} (chuyển từ {fromUnitName}).',
  'notification.kind.transfer.returned': '{toUnitName} đã trả lại giấy giới thiệu sinh hoạt đảng của đảng viên {memberName}.',
  'notification.kind.import.validated': 'Đã kiểm tra xong tệp {filename}: {validRows} dòng hợp lệ, {invalidRows} dòng có lỗi.',
  'notification.kind.import.applied': 'Đã nhập xong tệp {filename}: {appliedRows} đảng viên.',
  'notification.kind.import.failed': 'Nhập tệp {filename} không thành công.',
  'notification.kind.statistics.submitted': '{unitName} đã gửi báo cáo “{formTitle}” ({period}).',
  'notification.kind.statistics.returned': 'Cấp trên đã trả lại báo cáo “{formTitle}” ({period}) của {unitName}: {reason}',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
