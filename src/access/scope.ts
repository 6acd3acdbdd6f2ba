/**
 * Subtree scope, applied inside SQL. A caller's grants are loaded once per request with the current
 * `scope_path` of each granted unit; a query then adds `where <path column> like '<grant path>%' or ...`.
 * An empty scope yields `false`, so an out-of-scope object is simply not found (404), like a missing one.
 */
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Role } from '../db/schema.ts';
import { roleCan, type Action } from './permissions.ts';

export interface CallerGrant {
  grantId: number;
  role: Role;
  unitId: number;
  /** The granted unit's current scope path, e.g. '/1/12/'. */
  scopePath: string;
  validFrom: string;
  validTo: string | null;
  isDelegation: boolean;
}

export interface Caller {
  accountId: number;
  username: string;
  displayName: string;
  locale: 'vi' | 'en';
  memberId: number | null;
  /** Grants in force today (revoked and expired ones are not loaded). */
  grants: CallerGrant[];
}

/** Whether any of the caller's grants carries the action (anywhere). Routes use it for 403 vs. 404. */
export function callerMay(caller: Caller, action: Action): boolean {
  return caller.grants.some((grant) => roleCan(grant.role, action));
}

/** The path prefixes under which the caller may perform the action; nested prefixes are collapsed. */
export function scopePaths(caller: Caller, action: Action): string[] {
  const paths = caller.grants.filter((grant) => roleCan(grant.role, action)).map((grant) => grant.scopePath);
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((path, index) => !sorted.slice(0, index).some((outer) => path.startsWith(outer)));
}

/**
 * A boolean SQL expression: the path in `column` lies inside one of the given subtrees.
 * `column` is a column reference such as 'u.scope_path' or 'v.path'.
 */
export function pathInScope(column: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  const ref = sql.ref(column);
  const clauses = paths.map((path) => sql<SqlBool>`${ref} like ${escapeLike(path) + '%'}`);
  return clauses.length === 1 ? clauses[0] : sql<SqlBool>`(${sql.join(clauses, sql` or `)})`;
}

/** Scope on a unit id: the unit's current scope_path lies inside one of the subtrees. */
export function unitInScope(unitIdColumn: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from org_units scope_u where scope_u.id = ${sql.ref(unitIdColumn)} and ${pathInScope('scope_u.scope_path', paths)})`;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export type { ExpressionBuilder };
