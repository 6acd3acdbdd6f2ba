/**
 * The health check's declarations for the gatherers: no code and no action of its own (the route is public).
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
