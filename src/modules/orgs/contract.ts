/**
 * The organization tree's declarations for the gatherers.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable, Locale } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';
import { MEMBER_EVENT_LABELS, type MemberEventKind } from '../../contracts/members.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';

/**
 * ORG_BATCH_NOT_UNDOABLE when members stand in the way (members' `members-restructure.ts`): the member and the later
 * fact the undo would leave without ground, or the member placed since in a unit the batch created. Null otherwise
 * (a later batch: the plain message, `details.laterBatchId`).
 */
function undoBlockedByMembers(details: unknown, locale: Locale): string | null {
  const value = details as { memberId?: unknown; unitId?: unknown; laterKind?: unknown; laterDate?: unknown; laterEventId?: unknown } | null;
  if (typeof value?.memberId !== 'number') return null;
  const member = value.memberId;
  if (typeof value.laterKind === 'string' && typeof value.laterDate === 'string') {
    const label = MEMBER_EVENT_LABELS[value.laterKind as MemberEventKind]?.[locale] ?? value.laterKind;
    const date = formatVietnameseDate(value.laterDate);
    const id = typeof value.laterEventId === 'number' ? value.laterEventId : null;
    return locale === 'vi'
      ? `Không thể hoàn tác: đảng viên (mã ${member}) được chuyển theo đợt sắp xếp này đã có sự kiện sau đó: “${label}” ngày ${date}${id === null ? '' : ` (mã sự kiện ${id})`}; hãy đính chính sự kiện đó trước.`
      : `Cannot undo: a member the batch moved (id ${member}) has a later fact: “${label}” on ${date}${id === null ? '' : ` (event ${id})`}; correct that fact first.`;
  }
  if (typeof value.unitId === 'number') {
    return locale === 'vi'
      ? `Không thể hoàn tác: đảng viên (mã ${member}) đã sinh hoạt hoặc được giới thiệu chuyển đến tổ chức do đợt sắp xếp này thành lập (mã ${value.unitId}); hãy chuyển sinh hoạt hoặc đính chính trước.`
      : `Cannot undo: a member (id ${member}) belongs or is being transferred to a unit the batch established (id ${value.unitId}); transfer the member or correct those facts first.`;
  }
  return null;
}

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  ORG_CYCLE: { status: 422, vi: 'Không thể chuyển tổ chức vào dưới chính nó hoặc tổ chức cấp dưới của nó.', en: 'A unit cannot be moved under itself or one of its descendants.' },
  ORG_DATE_BEFORE_ESTABLISHED: { status: 422, vi: 'Ngày hiệu lực trước ngày thành lập tổ chức.', en: 'The effective date is before the unit was established.' },
  ORG_UNIT_ENDED: { status: 422, vi: 'Tổ chức đã giải thể hoặc hợp nhất, không thể thao tác.', en: 'The unit has been dissolved or merged and cannot be changed.' },
  ORG_KIND_NOT_ALLOWED: { status: 422, vi: 'Loại tổ chức không được phép đặt dưới cấp trên này.', en: 'This kind of unit is not allowed under that parent.' },
  ORG_CODE_TAKEN: { status: 409, vi: 'Mã tổ chức đã tồn tại.', en: 'The unit code is already in use.' },
  ORG_HAS_CHILDREN: { status: 422, vi: 'Tổ chức còn tổ chức trực thuộc đang hoạt động.', en: 'The unit still has active sub-units.' },
  ORG_HISTORY_LATER_CHANGE: { status: 409, vi: 'Đã có thay đổi sau ngày hiệu lực này; không thể ghi đè lịch sử.', en: 'A later change exists after this effective date; history cannot be rewritten.' },
  ORG_BATCH_ALREADY_UNDONE: { status: 409, vi: 'Đợt sắp xếp này đã được hoàn tác.', en: 'This restructuring batch has already been undone.' },
  ORG_BATCH_NOT_UNDOABLE: { status: 409, explain: undoBlockedByMembers, vi: 'Không thể hoàn tác vì đã có thay đổi sau đó trên các tổ chức liên quan.', en: 'Cannot undo: later changes exist on the units involved.' },
  ORG_BATCH_TOO_LARGE: { status: 413, vi: 'Đợt sắp xếp vượt quá số lượng tối đa cho phép trong một yêu cầu; hãy chia thành nhiều đợt.', en: 'The batch is larger than one request may carry; split it into several batches.' },
  ORG_MEMBERS_DESTINATION_INVALID: { status: 422, vi: 'Nơi chuyển đảng viên đến phải là một chi bộ trực thuộc tổ chức sau khi thay đổi.', en: 'The members\' destination must be a cell of the unit after the change.' },
  ORG_KIND_CHANGE_NOT_ALLOWED: { status: 422, vi: 'Chỉ chi bộ cơ sở và chi bộ trực thuộc mới có thể đổi loại khi chuyển sang cấp trên mới.', en: 'Only grassroots cells and cells can change kind when moved under a new parent.' },
  ORG_MERGE_INVALID: { status: 422, vi: 'Yêu cầu hợp nhất không hợp lệ.', en: 'Invalid merge request.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {
  // the tree, a unit, its history, lineage and statistics
  'org.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  // establish, rename, move, merge, split, upgrade, change kind, dissolve, undo
  'org.restructure': ['admin', 'org_officer'],
} as const satisfies ActionTable;
