/**
 * The permission matrix: which role may perform which action. A grant gives its role on one unit's subtree;
 * whether a particular object is inside that subtree is decided in SQL (see `src/access/scope.ts`).
 * Each area declares its actions, with the roles that carry them, in its `contract.ts` (`actions`); they are gathered
 * here, one line per area, and nowhere else is it decided what a role may do: routes name an action, never a role.
 */
import { ROLES, type ActionTable, type Role } from './action-table.ts';
import * as accounts from '../modules/accounts/contract.ts';
import * as badges from '../modules/badges/contract.ts';
import * as decisions from '../modules/decisions/contract.ts';
import * as health from '../modules/health/contract.ts';
import * as journal from '../modules/journal/contract.ts';
import * as memberCleaning from '../modules/member-cleaning/contract.ts';
import * as memberExport from '../modules/member-export/contract.ts';
import * as memberImport from '../modules/member-import/contract.ts';
import * as members from '../modules/members/contract.ts';
import * as orgs from '../modules/orgs/contract.ts';
import * as transfers from '../modules/transfers/contract.ts';
import * as notifications from '../modules/notifications/contract.ts';
import * as home from '../modules/home/contract.ts';
import * as statistics from '../modules/statistics/contract.ts';
import * as admissions from '../modules/admissions/contract.ts';
import * as reviews from '../modules/reviews/contract.ts';

export { ROLES, type ActionTable, type Role };

/** Every action with the roles that carry it. The order of the areas is the order of `ACTIONS` (`/api/auth/me`). */
export const ACTION_ROLES = {
  ...orgs.actions,
  ...decisions.actions,
  ...journal.actions,
  ...accounts.actions,
  ...members.actions,
  ...transfers.actions,
  ...memberImport.actions,
  ...memberCleaning.actions,
  ...memberExport.actions,
  ...badges.actions,
  ...health.actions,
  ...notifications.actions,
  ...home.actions,
  ...statistics.actions,
  ...admissions.actions,
  ...reviews.actions,
} as const satisfies ActionTable;

export type Action = keyof typeof ACTION_ROLES;
export const ACTIONS: readonly Action[] = Object.keys(ACTION_ROLES) as Action[];

/** Role → the actions it carries (in the order of `ACTIONS`). */
export const ROLE_PERMISSIONS = {} as Record<Role, readonly Action[]>;
for (const role of ROLES) {
  ROLE_PERMISSIONS[role] = ACTIONS.filter((action) => (ACTION_ROLES[action] as readonly Role[]).includes(role));
}

export function roleCan(role: Role, action: Action): boolean {
  return ROLE_PERMISSIONS[role].includes(action);
}

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  org_officer: { vi: 'Cán bộ tổ chức', en: 'Organization officer' },
  inspection_officer: { vi: 'Cán bộ kiểm tra', en: 'Inspection officer' },
  cell_secretary: { vi: 'Bí thư chi bộ', en: 'Cell secretary' },
  member: { vi: 'Đảng viên (tự phục vụ)', en: 'Member (self-service)' },
  viewer: { vi: 'Chỉ xem', en: 'Viewer (read-only)' },
};
