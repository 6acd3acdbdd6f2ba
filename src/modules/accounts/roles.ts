/**
 * Comparing roles by what they may do. A role is "within" another when every action it carries is carried by the
 * other: member ⊂ viewer ⊂ cell_secretary ⊂ org_officer ⊂ admin, and viewer ⊂ inspection_officer ⊂ org_officer.
 * Granting and delegating use it so nobody hands out more than they hold.
 */
import type { Role } from '../../db/schema.ts';
import type { Caller } from '../../access/scope.ts';
import { ROLE_PERMISSIONS, roleCan, type Action } from '../../contracts/permissions.ts';

export function isRoleWithin(role: Role, of: Role): boolean {
  return ROLE_PERMISSIONS[role].every((action) => ROLE_PERMISSIONS[of].includes(action));
}

/**
 * Whether the caller holds, on a unit covering `scopePath`, a grant that carries `action` with a role at least as
 * wide as `role`.
 */
export function callerCoversRole(caller: Caller, action: Action, scopePath: string, role: Role): boolean {
  return caller.grants.some((grant) => roleCan(grant.role, action) && scopePath.startsWith(grant.scopePath) && isRoleWithin(role, grant.role));
}
