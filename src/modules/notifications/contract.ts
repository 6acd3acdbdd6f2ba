/**
 * Notifications' declarations for the gatherers. Its routes are the caller's own ('authenticated'): an account reads
 * and marks only its own notifications; another account's answers NOT_FOUND, like a missing one.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** No code of its own: a missing notification, or another account's, is the generic NOT_FOUND. */
export const errors = {} as const satisfies ErrorTable;

export const actions = {} as const satisfies ActionTable;
