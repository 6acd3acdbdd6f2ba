/**
 * The organization tree's declarations for the gatherers.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

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
  ORG_BATCH_NOT_UNDOABLE: { status: 409, vi: 'Không thể hoàn tác vì đã có thay đổi sau đó trên các tổ chức liên quan.', en: 'Cannot undo: later changes exist on the units involved.' },
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
