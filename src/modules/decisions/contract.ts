/**
 * Decisions' declarations for the gatherers. `DECISION_NOT_FOUND` is answered wherever a decision is cited (the
 * kernel's `requireUsableDecision`).
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  DECISION_NOT_FOUND: { status: 422, vi: 'Không tìm thấy quyết định được dẫn chiếu trong số các quyết định bạn được dùng làm căn cứ.', en: 'The referenced decision was not found among those you may cite as legal basis.' },
  DECISION_DUPLICATE: { status: 409, vi: 'Quyết định này đã được ghi nhận.', en: 'This decision is already recorded.' },
  DECISION_ATTACHMENT_NOT_YOURS: { status: 403, vi: 'Quyết định do cấp trên ban hành: chỉ người đã ghi nhận quyết định được đính kèm bản PDF, một lần; thay bản đã có do cấp ban hành thực hiện.', en: 'A superior level issued this decision: only the account that recorded it may attach its PDF, once; replacing it is for the issuing level.' },
  ATTACHMENT_NOT_PDF: { status: 422, vi: 'Tệp đính kèm phải là PDF.', en: 'The attachment must be a PDF.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {
  'decision.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  'decision.write': ['admin', 'org_officer'],
} as const satisfies ActionTable;
