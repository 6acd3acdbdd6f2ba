/**
 * The member's record sheet (issue 10, item 5), printed as a party document (36-HD/VPTW layout, src/lib/documents):
 * identity, party dates, the unit with where it is, the status, the timeline of events, badges and open transfers.
 * It is the member's page (`getMemberPage`, same scope: out of scope is 404 like a missing member), on paper.
 */
import { MEMBER_EVENT_LABELS, MEMBER_STATUS_LABELS } from '../../contracts/members.ts';
import { MEMBER_REFERENCE_LISTS, referenceLabel } from '../../contracts/member-reference.ts';
import { placeLabel, unitPlaces, type Executor, type Scope } from '../../kernel/index.ts';
import { formatVietnameseDate, todayInVietnam } from '../../lib/dates.ts';
import { headerFrom, onBehalfOf } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';
import { getMemberPage } from './members-query.service.ts';

const date = (value: string | null) => (value ? formatVietnameseDate(value) : '');

export async function printMemberRecord(db: Executor, scope: Scope, memberId: number): Promise<Buffer> {
  const page = await getMemberPage(db, scope, memberId);
  const today = todayInVietnam();
  const { record } = page;
  const place = (await unitPlaces(db, [record.unitId], today)).get(record.unitId);
  const label = (list: keyof typeof MEMBER_REFERENCE_LISTS, code: string | null) => (code ? referenceLabel(MEMBER_REFERENCE_LISTS[list], code, 'vi') : '');
  const events = page.timeline.filter((event) => event.voidedByEventId === null);
  return renderPartyDocumentInWorker({
    header: headerFrom(place, today),
    title: 'Phiếu thông tin đảng viên',
    subtitle: record.fullName,
    body: [
      { label: 'Họ và tên', value: record.fullName },
      { label: 'Giới tính', value: label('sex', record.sex) },
      { label: 'Ngày sinh', value: date(record.birthDate) },
      { label: 'Quê quán', value: record.hometown ?? '' },
      { label: 'Dân tộc', value: label('ethnicity', record.ethnicity) },
      { label: 'Tôn giáo', value: label('religion', record.religion) },
      { label: 'Số CCCD', value: record.citizenId ?? '' },
      { label: 'Số thẻ đảng viên', value: record.partyCardNumber ?? '' },
      { label: 'Ngày vào Đảng', value: date(record.admissionDate) },
      { label: 'Ngày chính thức', value: date(record.officialDate) },
      { label: 'Chi bộ', value: placeLabel(record.unitName, page.unitPlace) },
      { label: 'Tình trạng', value: `${MEMBER_STATUS_LABELS[record.status].vi} từ ${date(record.statusSince)}` },
      { label: 'Huy hiệu Đảng', value: page.badgeAwards.map((award) => `${award.milestone} năm (${date(award.presentedOn)})`).join('; ') || 'Chưa có' },
      { label: 'Chuyển sinh hoạt đang mở', value: page.openTransfers.map((transfer) => `${placeLabel(transfer.fromUnitName, transfer.fromUnitPlace)} → ${placeLabel(transfer.toUnitName, transfer.toUnitPlace)} (${date(transfer.issuedOn)})`).join('; ') || 'Không có' },
      'Quá trình sinh hoạt đảng:',
    ],
    table: {
      columns: [{ header: 'Ngày', width: 1.8, align: 'center' }, { header: 'Sự kiện', width: 2.5 }, { header: 'Tổ chức đảng', width: 3.5 }, { header: 'Quyết định', width: 2.5 }],
      rows: events.map((event) => [date(event.effectiveDate), MEMBER_EVENT_LABELS[event.kind].vi, event.unitName ?? '',
        event.decision ? `${event.decision.number} (${date(event.decision.signedOn)})` : '']),
    },
    recipients: ['Lưu hồ sơ đảng viên'],
    signature: { onBehalfOf: onBehalfOf(place?.name ?? ''), role: 'Bí thư' },
  });
}
