/** Vietnamese texts of the organization tree (tree, unit page, pickers); `texts.en.ts` has exactly the same keys. */
export const vi = {
  'menu.tree': 'Cây tổ chức',

  'orgs.pickUnit': 'Chọn tổ chức (gõ tên hoặc mã)',
  'orgs.typeToSearch': 'Gõ tên hoặc mã để tìm',
  'orgs.level': 'Cấp',
  'orgs.since': 'từ {date}',
  'orgs.subUnits': 'Trực thuộc',
  'orgs.versionSince': 'Hiệu lực từ',
  'orgs.versionInterval': 'Thời gian hiệu lực',
  'orgs.establishedOn': 'Ngày thành lập',
  'orgs.endedOn': 'Kết thúc {date}',
  'orgs.endedOnLabel': 'Ngày kết thúc',
  'orgs.countsTitle': 'Số tổ chức trực thuộc theo cấp (tại {date})',
  'orgs.totalUnder': 'Tổng số',
  'orgs.noSubUnits': 'Không có tổ chức trực thuộc',
  'orgs.showInTree': 'Xem trên cây',
  'orgs.notOnDate': 'Tổ chức này không tồn tại vào ngày {date}.',
  'orgs.nearestVersion': 'Đang hiển thị phiên bản gần nhất ({from} → {to}).',
  'orgs.wentInto': 'Đã chuyển thành / hợp nhất vào:',

  'tree.title': 'Cây tổ chức',
  'tree.subtitle': 'Cơ cấu tổ chức tại ngày {date}',
  'tree.searchPlaceholder': 'Tìm theo tên hoặc mã (không cần gõ dấu)',
  'tree.empty': 'Không có tổ chức nào trong phạm vi của bạn vào ngày này.',
  'tree.openUnit': 'Xem chi tiết',
  'tree.backToTree': 'Về cây tổ chức',
  'tree.compareTitle': 'So sánh hai thời điểm',
  'tree.compareWith': 'So với ngày',

  'changes.countsTitle': 'Số tổ chức: {from} → {to}',
  'changes.eventsTitle': 'Biến động từ {from} đến {to}',
  'changes.none': 'Không có biến động',
  'changes.established': 'Thành lập',
  'changes.merged': 'Hợp nhất, sáp nhập',
  'changes.split': 'Chia tách',
  'changes.upgraded': 'Nâng cấp',
  'changes.dissolved': 'Giải thể',

  'unit.tabOverview': 'Thông tin',
  'unit.tabChildren': 'Trực thuộc ({count})',
  'unit.tabHistory': 'Lịch sử',
  'unit.tabLineage': 'Kế thừa',
  'unit.tabBatches': 'Các đợt sắp xếp',
  'unit.tabJournal': 'Nhật ký',
  'unit.details': 'Thông tin tại ngày {date}',
  'unit.establishUnder': 'Thành lập tổ chức trực thuộc',
  'unit.restructure': 'Sắp xếp',

  'history.showAll': 'Tất cả (kể cả đã hoàn tác)',
  'history.hideUndone': 'Chỉ thay đổi có hiệu lực',
  'history.undone': 'Đã hoàn tác',
  'history.effective': 'Hiệu lực',
  'history.voidedBy': 'Bị hủy bởi đợt',

  'lineage.predecessors': 'Tổ chức tiền thân',
  'lineage.successors': 'Tổ chức kế thừa',
  'lineage.none': 'Không có',
  'lineage.kindChanges': 'Thay đổi loại tổ chức',

  'link.merged_into': 'hợp nhất vào',
  'link.split_into': 'chia tách thành',
  'link.upgraded_to': 'nâng cấp thành',
  'link.absorbed_into': 'sáp nhập vào',

  'journal.thisUnit': 'Riêng tổ chức này',
  'journal.withSubUnits': 'Cả tổ chức cấp dưới',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
