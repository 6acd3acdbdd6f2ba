/**
 * The home page's declarations for the gatherers: no code and no action of its own. Its route is open to every
 * signed-in account; each work item is shown only to a caller carrying the item's action, counted in that scope.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

export const errors = {} as const satisfies ErrorTable;
export const actions = {} as const satisfies ActionTable;
