/**
 * The member export's declarations for the gatherers: it acts under 'member.read'.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  MEMBER_PRINT_TOO_LONG: { status: 422, vi: 'Danh sách quá dài để in (tối đa 5.000 đảng viên): hãy lọc bớt hoặc xuất Excel.', en: 'The list is too long to print (at most 5,000 members): narrow it or export to Excel.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
