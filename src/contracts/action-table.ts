/**
 * The roles, and the shape of an area's action table. Each area declares its actions in its own `contract.ts`, each
 * with the roles that carry it; `permissions.ts` gathers them into the permission matrix. A leaf (it imports
 * nothing), so that the areas' contracts and the gatherer never import each other in a circle.
 */
export const ROLES = ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Action name ('<object>.<verb>') → the roles that may perform it. Declared `as const satisfies ActionTable`. */
export type ActionTable = Readonly<Record<string, readonly Role[]>>;
