/**
 * The member registry's declarations for the gatherers: the record and its life cycle, saved filters, a member's own
 * record.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable, Locale } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';
import { MEMBER_EVENT_LABELS, type MemberEventKind } from '../../contracts/members.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';

/**
 * MEMBER_LATER_FACT_CONFLICT with the later fact named as the member's timeline names it: its kind (the timeline's
 * label), its date (dd/mm/yyyy) and its event id, from `details.conflict` (members/history.ts); or, for a transfer
 * issued late (transfers), the member's being in another unit on that date.
 */
function laterFactConflict(details: unknown, locale: Locale): string | null {
  const conflict = (details as { conflict?: { kind?: unknown; effectiveDate?: unknown; eventId?: unknown } } | null)?.conflict;
  const kind = typeof conflict?.kind === 'string' ? conflict.kind : null;
  if (kind === 'placement') {
    return locale === 'vi'
      ? 'Sự kiện ghi bổ sung mâu thuẫn với một sự kiện sau đó trong lịch sử đảng viên: vào ngày đó đảng viên sinh hoạt ở tổ chức đảng khác, trước khi chuyển đến chi bộ hiện nay; hãy đính chính sự kiện sau trước.'
      : 'The late entry contradicts a later fact in the member\'s history: on that date the member belonged to another unit, before moving to the present one; correct that later fact first.';
  }
  const label = kind ? MEMBER_EVENT_LABELS[kind as MemberEventKind]?.[locale] : undefined;
  if (!label || typeof conflict?.effectiveDate !== 'string') return null;
  const date = formatVietnameseDate(conflict.effectiveDate);
  const id = typeof conflict.eventId === 'number' ? conflict.eventId : null;
  return locale === 'vi'
    ? `Sự kiện ghi bổ sung mâu thuẫn với sự kiện sau đó trong lịch sử đảng viên: “${label}” ngày ${date}${id === null ? '' : ` (mã sự kiện ${id})`}; hãy đính chính sự kiện sau trước.`
    : `The late entry contradicts a later fact in the member's history: “${label}” on ${date}${id === null ? '' : ` (event ${id})`}; correct that later fact first.`;
}

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  CITIZEN_ID_INVALID: { status: 422, vi: 'Số định danh cá nhân (CCCD) không hợp lệ hoặc không khớp giới tính, năm sinh.', en: 'The citizen ID is not valid or does not match the sex and birth year.' },
  MEMBER_ALREADY_ADMITTED: { status: 409, vi: 'Người này đã được kết nạp theo quyết định này (hồ sơ đã có).', en: 'This person has already been admitted under this decision (the record exists).' },
  CITIZEN_ID_DUPLICATE: { status: 409, vi: 'Số định danh cá nhân (CCCD) đã có trong hồ sơ đảng viên khác.', en: 'Another member record already has this citizen ID.' },
  PARTY_CARD_DUPLICATE: { status: 409, vi: 'Số thẻ đảng viên đã được dùng cho đảng viên khác.', en: 'Another member already has this party card number.' },
  DATE_BEFORE_BIRTH: { status: 422, vi: 'Ngày không được trước ngày sinh.', en: 'The date cannot be before the birth date.' },
  DATE_BEFORE_LAST_EVENT: { status: 422, vi: 'Ngày hiệu lực trước sự kiện gần nhất của đảng viên; hãy dùng đính chính.', en: 'The effective date is before the member\'s latest event; use a correction instead.' },
  DATE_ORDER_INVALID: { status: 422, vi: 'Thứ tự các ngày không hợp lệ (biểu quyết, quyết định, lễ kết nạp).', en: 'The dates are out of order (vote, decision, ceremony).' },
  AGE_OUT_OF_RANGE: { status: 422, vi: 'Tuổi đời không nằm trong giới hạn kết nạp (từ đủ 18 đến 60 tuổi, trên 60 cần ý kiến của tỉnh ủy).', en: 'The age is outside the admission limits (18 to 60; over 60 needs the provincial committee\'s consent).' },
  UNIT_DISSOLVED: { status: 422, vi: 'Tổ chức đảng đã giải thể hoặc đã kết thúc hoạt động.', en: 'The party unit has been dissolved or has ended.' },
  UNIT_NOT_A_CELL: { status: 422, vi: 'Đảng viên phải sinh hoạt tại một chi bộ.', en: 'A member must belong to a cell.' },
  MEMBER_NOT_PROBATIONARY: { status: 422, vi: 'Đảng viên không ở diện dự bị.', en: 'The member is not probationary.' },
  MEMBER_NOT_OFFICIAL: { status: 422, vi: 'Đảng viên chưa là đảng viên chính thức.', en: 'The member is not an official member.' },
  MEMBER_NOT_EXEMPTED: { status: 422, vi: 'Đảng viên không ở diện miễn sinh hoạt.', en: 'The member is not exempted from activity.' },
  MEMBER_NOT_ACTIVE: { status: 422, vi: 'Người này không còn là đảng viên.', en: 'This person is no longer a member.' },
  MEMBER_DECEASED: { status: 422, vi: 'Đảng viên đã từ trần.', en: 'The member is deceased.' },
  MEMBER_NOT_FORMER: { status: 422, vi: 'Chỉ kết nạp lại người đã bị xóa tên hoặc khai trừ.', en: 'Only someone removed from the list or expelled can be re-admitted.' },
  MEMBER_IN_TRANSIT: { status: 409, vi: 'Đảng viên đang chuyển sinh hoạt đảng; hãy hoàn tất hoặc trả lại việc chuyển trước.', en: 'The member is being transferred; finish or return the transfer first.' },
  PROBATION_NOT_ENDED: { status: 422, vi: 'Chưa hết thời gian dự bị 12 tháng.', en: 'The 12-month probation has not ended.' },
  RECOGNITION_EXTENSION_TOO_LONG: { status: 422, vi: 'Thời gian gia hạn xét công nhận vượt mức cho phép.', en: 'The recognition extension is longer than allowed.' },
  READMISSION_ALREADY_USED: { status: 422, vi: 'Người này đã được kết nạp lại một lần; không xem xét kết nạp lại lần nữa.', en: 'This person has already been re-admitted once.' },
  READMISSION_TOO_EARLY: { status: 422, vi: 'Chưa đủ 36 tháng kể từ khi ra khỏi Đảng.', en: 'Less than 36 months have passed since leaving the party.' },
  READMISSION_BARRED: { status: 422, vi: 'Lý do ra khỏi Đảng thuộc trường hợp không xem xét kết nạp lại.', en: 'The ground on which this person left bars re-admission.' },
  CORRECTION_NOT_ALLOWED: { status: 422, vi: 'Không thể đính chính sự kiện này (chỉ đính chính sự kiện gần nhất, chưa bị đính chính).', en: 'This event cannot be corrected (only the latest event that was not corrected already).' },
  MEMBERS_NOT_STRANDED: { status: 409, vi: 'Tổ chức này là chi bộ hoặc không còn đảng viên nào sinh hoạt tại đó: không có gì cần chuyển.', en: 'The unit is a cell or holds no member: there is nothing to move.' },
  MEMBERS_REMAIN_IN_UNIT: { status: 422, vi: 'Tổ chức còn đảng viên sinh hoạt chính thức; cần chuyển đảng viên trước khi giải thể.', en: 'Official members still belong to the unit; transfer them before dissolving it.' },
  TRANSFERS_ADDRESSED_TO_UNIT: { status: 422, vi: 'Còn việc chuyển sinh hoạt đảng đang gửi đến tổ chức này; cần tiếp nhận, trả lại hoặc thu hồi trước khi giải thể.', en: 'Transfers in progress are addressed to the unit; accept, return or cancel them before dissolving it.' },
  MEMBER_MERGE_SAME_RECORD: { status: 422, vi: 'Không thể gộp một hồ sơ với chính nó.', en: 'A record cannot be merged with itself.' },
  MEMBER_MERGE_DIFFERENT_PEOPLE: { status: 422, vi: 'Hai hồ sơ có số định danh cá nhân (CCCD) hoặc giới tính khác nhau: đây là hai người khác nhau, không gộp được.', en: 'The two records have different citizen IDs or sexes: they are two different people and cannot be merged.' },
  MEMBER_ALREADY_MERGED: { status: 409, vi: 'Hồ sơ này đã được gộp vào hồ sơ khác.', en: 'This record has already been merged into another one.' },
  MEMBER_LATER_FACT_CONFLICT: {
    status: 422, explain: laterFactConflict,
    vi: 'Sự kiện ghi bổ sung mâu thuẫn với một sự kiện sau đó trong lịch sử đảng viên; hãy đính chính sự kiện sau trước.',
    en: 'The late entry contradicts a later fact in the member\'s history; correct that later fact first.',
  },
  BULK_ROWS_INVALID: { status: 422, vi: 'Một số dòng của yêu cầu hàng loạt không hợp lệ; không dòng nào được ghi nhận (xem từng dòng: số thứ tự, mã lỗi, lý do).', en: 'Some rows of the bulk request are not valid; no row was applied (see each row: its index, code and message).' },
  BULK_TOO_MANY_ROWS: { status: 422, vi: 'Yêu cầu hàng loạt có quá nhiều dòng (tối đa 5.000 dòng mỗi yêu cầu); hãy chia thành nhiều yêu cầu.', en: 'The bulk request has too many rows (at most 5,000 per request); split it into several requests.' },
  BULK_DUPLICATE_ROW: { status: 422, vi: 'Đảng viên (hoặc việc chuyển sinh hoạt) này đã có ở một dòng trước trong cùng yêu cầu.', en: 'This member (or transfer) already appears on an earlier row of the same request.' },
  SAVED_FILTER_NAME_TAKEN: { status: 409, vi: 'Tên bộ lọc đã tồn tại.', en: 'A saved filter with this name already exists.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {
  'member.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  'member.write': ['admin', 'org_officer', 'cell_secretary'],
  // a member's own record and timeline
  'member.self': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'member', 'viewer'],
} as const satisfies ActionTable;
