/**
 * The transfer introduction letter (giấy giới thiệu sinh hoạt đảng; issue 10, item 5), printed as a party document in
 * the 36-HD/VPTW layout (src/lib/documents): issued by the sending unit, it introduces the member to the receiving
 * unit, cites the decision, and says by when the member must report (the working-day deadline the transfer carries,
 * Charter Art. 6; DOMAIN.md §2). Readable by either side of the transfer (out of both scopes it is 404, like a
 * missing one): the receiving officer reads the same letter the member hands in.
 */
import { AppError } from '../../contracts/errors.ts';
import { MEMBER_STATUS_LABELS } from '../../contracts/members.ts';
import { findDecision, scopeOf, systemScope, unitPlaces, type Caller, type Executor } from '../../kernel/index.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';
import { headerFrom, onBehalfOf } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';
import { findMemberById } from '../members/index.ts';
import * as repo from './transfers.repository.ts';

const date = (value: string | null) => (value ? formatVietnameseDate(value) : '');

const PURPOSES: Record<string, string> = {
  work: 'chuyển công tác', study: 'đi học', residence: 'thay đổi nơi cư trú', retirement: 'nghỉ hưu', other: 'lý do khác',
};

export async function printTransferLetter(db: Executor, caller: Caller, transferId: number): Promise<Buffer> {
  const transfer = await repo.findTransferInScope(db, transferId, scopeOf(caller, 'member.read'), 'either');
  if (!transfer) throw new AppError('NOT_FOUND', { transferId });
  // The transfer is in the caller's scope on one side or the other; the member it names is read for the letter even
  // when the caller is the receiving side (the member is not theirs until accepted).
  const member = await findMemberById(db, transfer.member_id, systemScope('transfer letter: the member a transfer in scope names'));
  if (!member) throw new AppError('NOT_FOUND', { transferId });
  const places = await unitPlaces(db, [transfer.from_unit_id, transfer.to_unit_id], transfer.issued_on);
  const from = places.get(transfer.from_unit_id);
  const to = places.get(transfer.to_unit_id);
  const decision = transfer.issue_decision_id
    ? await findDecision(db, transfer.issue_decision_id, systemScope('transfer letter: the decision a transfer in scope cites'))
    : undefined;
  const temporary = transfer.kind === 'temporary';
  return renderPartyDocumentInWorker({
    header: headerFrom(from, transfer.issued_on),
    title: temporary ? 'Giấy giới thiệu sinh hoạt đảng tạm thời' : 'Giấy giới thiệu sinh hoạt đảng chính thức',
    body: [
      `Kính gửi: ${to ? to.label : ''}`,
      { label: 'Giới thiệu đồng chí', value: member.full_name },
      { label: 'Sinh ngày', value: date(member.birth_date) },
      { label: 'Quê quán', value: member.hometown ?? '' },
      { label: 'Vào Đảng ngày', value: date(member.admission_date) },
      { label: 'Chính thức ngày', value: date(member.official_date) },
      { label: 'Số thẻ đảng viên', value: member.party_card_number ?? '' },
      { label: 'Là', value: MEMBER_STATUS_LABELS[member.status].vi.toLowerCase() },
      { label: 'Đang sinh hoạt tại', value: from?.label ?? '' },
      { label: 'Lý do chuyển', value: transfer.purpose ? PURPOSES[transfer.purpose] ?? transfer.purpose : '' },
      ...(decision ? [{ label: 'Căn cứ', value: `Quyết định số ${decision.number} ngày ${date(decision.signed_on)} của ${decision.issuing_body}` }] : []),
      `Được chuyển sinh hoạt đảng ${temporary ? 'tạm thời ' : ''}đến ${to?.label ?? ''}${temporary && transfer.temporary_until ? `, đến ngày ${date(transfer.temporary_until)}` : ''}.`,
      `Đề nghị các đồng chí tiếp nhận và giới thiệu về chi bộ để sinh hoạt. Đồng chí ${member.full_name} phải đến nơi sinh hoạt mới chậm nhất ngày ${date(transfer.due_by)}.`,
    ],
    recipients: ['Như trên', 'Đảng viên có tên trên', `Lưu ${from?.name ?? 'hồ sơ'}`],
    signature: { onBehalfOf: onBehalfOf(from?.name ?? ''), role: 'Bí thư' },
  });
}

