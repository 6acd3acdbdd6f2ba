/** Vietnamese texts of the Party badges; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'menu.badges': 'Huy hiệu Đảng',

  'badges.title': 'Huy hiệu Đảng',
  'badges.export': 'Xuất Excel',
  'badges.print': 'In danh sách (PDF)',
  'badges.subtitle': 'Đảng viên đủ tuổi đảng nhận Huy hiệu vào ngày trao ({regulation}).',
  'badges.subtitleShort': 'Đảng viên đủ tuổi đảng nhận Huy hiệu vào ngày trao.',
  'badges.presentationDate': 'Ngày trao (3/2, 19/5, 2/9, 7/11)',
  'badges.next': 'đợt tới',
  'badges.unit': 'Tổ chức đảng',
  'badges.unitPlaceholder': 'Toàn bộ phạm vi của bạn',
  'badges.count': '{count} đảng viên đủ điều kiện vào ngày {date}',
  'badges.firstShown': '(hiển thị {count} người đầu; chọn một tổ chức để thu hẹp)',
  'badges.milestone': 'Huy hiệu {years} năm',
  'badges.reachedOn': 'Đủ tuổi đảng ngày',
  'badges.partyAge': 'Tuổi đảng',
  'badges.years': '{years} năm',
  'badges.early': 'Trao sớm',
  'badges.presentedOn': 'Đã trao {date}',
  'badges.presentedCount': '(trong đó {count} người đã được trao)',
  'badges.none': 'Không có đảng viên nào đến hạn nhận Huy hiệu vào ngày này',
  'badges.footnote': 'Tuổi đảng tính từ ngày ký quyết định kết nạp, trừ thời gian không sinh hoạt đảng.',
  'badges.award': 'Ghi nhận',
  'badges.awardSelected': 'Ghi nhận trao Huy hiệu ({count})',
  'badges.awardTitle': 'Ghi nhận trao Huy hiệu ngày {date}',
  'badges.awardHelp': '{count} đảng viên được chọn; mọi người cùng một quyết định của Ban Thường vụ tỉnh ủy.',
  'badges.awarded': 'Đã ghi nhận {count} Huy hiệu.',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
