/** Vietnamese texts of the statistics; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'menu.statistics': 'Thống kê, báo cáo',

  'statistics.title': 'Thống kê, báo cáo',
  'statistics.subtitle': 'Các biểu thống kê đảng viên và tổ chức đảng, tại ngày báo cáo hoặc trong kỳ báo cáo, theo hệ thống tổ chức tại thời điểm đó.',
  'statistics.unit': 'Đơn vị báo cáo',
  'statistics.form': 'Biểu thống kê',
  'statistics.reportDate': 'Ngày báo cáo',
  'statistics.exportXlsx': 'Tải Excel',
  'statistics.exportPdf': 'In PDF',
  'statistics.noForms': 'Chưa có biểu thống kê nào.',
  'statistics.noUnit': 'Chọn đơn vị báo cáo để xem số liệu.',
  'statistics.asOf': 'Số liệu tại ngày {date}',
  'statistics.period': 'Số liệu từ ngày {from} đến ngày {to}',
  'statistics.regulation': 'Theo {regulation}',
  'statistics.indicator': 'Chỉ tiêu',
  'statistics.openFigure': 'Xem chi tiết số liệu',
  'statistics.figure': 'Số liệu: {count}',
  'statistics.children': 'Chi tiết theo đơn vị trực thuộc',
  'statistics.childUnit': 'Đơn vị trực thuộc',
  'statistics.count': 'Số lượng',
  'statistics.sum': 'Cộng',
  'statistics.noChildren': 'Đơn vị này không có đơn vị trực thuộc.',
  'statistics.members': 'Danh sách đảng viên',
  'statistics.membersShown': 'Đang hiển thị {shown} trong {total} đảng viên',
  'statistics.noMembers': 'Không có đảng viên nào.',
  'statistics.born': 'Sinh ngày {date}',
  'statistics.on': 'Ngày {date}',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
