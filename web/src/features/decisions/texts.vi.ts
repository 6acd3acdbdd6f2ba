/** Vietnamese texts of the decisions; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'menu.decisions': 'Quyết định',

  'decisions.title': 'Quyết định',
  'decisions.subtitle': 'Căn cứ pháp lý của mọi thay đổi.',
  'decisions.new': 'Tạo quyết định',
  'decisions.createTitle': 'Ghi nhận quyết định',
  'decisions.pick': 'Chọn quyết định (số, trích yếu, cơ quan ban hành)',
  'decisions.number': 'Số quyết định',
  'decisions.signedOn': 'Ngày ký',
  'decisions.issuingBody': 'Cơ quan ban hành',
  'decisions.issuingBodyExample': 'Ví dụ: Ban Thường vụ Tỉnh ủy',
  'decisions.issuingUnit': 'Tổ chức đảng ban hành',
  'decisions.issuingUnitFilter': 'Lọc theo tổ chức ban hành',
  'decisions.signer': 'Người ký',
  'decisions.subject': 'Trích yếu',
  'decisions.attachment': 'Tệp đính kèm',
  'decisions.attachPdf': 'Đính kèm PDF',
  'decisions.replacePdf': 'Thay PDF',
  'decisions.download': 'Tải về',
  'decisions.attached': 'Đã đính kèm tệp.',
  'decisions.tooLarge': 'Tệp quá lớn (tối đa 20 MB).',
  'decisions.noAttachment': 'Chưa có tệp',
  'decisions.recordedAt': 'Ghi nhận lúc',
  'decisions.searchPlaceholder': 'Tìm theo số, trích yếu, cơ quan ban hành',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
