/**
 * The member-record cleaning's declarations for the gatherers: it acts under the members' actions.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  CLEANING_ISSUE_BEYOND_SCOPE: { status: 403, vi: 'Nhóm hồ sơ trùng này có đảng viên ngoài phạm vi của bạn: cấp quản lý chung của các đơn vị đó quyết định.', en: 'This group of matching records includes members outside your scope: the level above all of their units decides.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
