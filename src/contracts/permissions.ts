/**
 * The permission matrix: which role may perform which action. A grant gives its role on one unit's subtree;
 * whether a particular object is inside that subtree is decided in SQL (see `src/access/scope.ts`).
 * This is the only place that knows what a role may do; routes name an action, never a role.
 */
export const ROLES = ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'org.read',            // the tree, a unit, its history, lineage and statistics
  'org.restructure',     // establish, rename, move, merge, split, upgrade, change kind, dissolve, undo
  'decision.read',
  'decision.write',
  'journal.read',
  'account.read',
  'account.manage',      // create accounts, grant and revoke roles inside one's subtree
  'member.read',
  'member.write',
  'member.self',         // a member's own record and timeline
] as const;
export type Action = (typeof ACTIONS)[number];

const READ_ALL: Action[] = ['org.read', 'decision.read', 'member.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Action[]> = {
  admin: [...ACTIONS],
  org_officer: [...READ_ALL, 'org.restructure', 'decision.write', 'journal.read', 'member.write', 'account.read', 'member.self'],
  inspection_officer: [...READ_ALL, 'journal.read', 'member.self'],
  cell_secretary: [...READ_ALL, 'member.write', 'member.self'],
  member: ['member.self'],
  viewer: [...READ_ALL, 'member.self'],
};

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
