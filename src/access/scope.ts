/**
 * Subtree scope, applied inside SQL. A caller's grants are loaded once per request with the current
 * `scope_path` of each granted unit; a query then adds `where <path column> like '<grant path>%' or ...`.
 * An empty scope yields `false`, so an out-of-scope object is simply not found (404), like a missing one.
 */
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Role } from '../db/schema.ts';
import { roleCan, type Action } from '../contracts/permissions.ts';

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
function pathsFor(caller: Caller, action: Action): string[] {
  const paths = caller.grants.filter((grant) => roleCan(grant.role, action)).map((grant) => grant.scopePath);
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((path, index) => !sorted.slice(0, index).some((outer) => path.startsWith(outer)));
}

declare const SCOPE: unique symbol;

/**
 * Where a query may look: the caller's subtrees for one action, or everywhere for a named system job. Only
 * `scopeOf` and `systemScope` make one, so a repository that takes a `Scope` cannot be called unscoped by
 * forgetting an argument; a system job says so in its code.
 */
export interface Scope {
  readonly [SCOPE]: true;
  /** Subtree path prefixes, or null for a system job (no subtree limit). */
  readonly paths: readonly string[] | null;
  /** The action (caller) or the job (system) the scope was made for: for logs and reviews of the code. */
  readonly purpose: string;
}

/** The caller's subtrees where the action is granted (empty: nothing is in scope). */
export function scopeOf(caller: Caller, action: Action): Scope {
  return { paths: pathsFor(caller, action), purpose: action } as unknown as Scope;
}

/** Everywhere, for a job the system runs itself (migrations of data, restructuring hooks, demo data, imports'
 * checks across the registry). Name the job. */
export function systemScope(job: string): Scope {
  return { paths: null, purpose: `system:${job}` } as unknown as Scope;
}

/** The scope's subtree prefixes; null for a system scope. */
export function scopePrefixes(scope: Scope): readonly string[] | null {
  return scope.paths;
}

/** Nothing is in scope (a caller without the action anywhere). */
export function scopeIsEmpty(scope: Scope): boolean {
  return scope.paths !== null && scope.paths.length === 0;
}

/** The path lies in scope (checked in code, for a path already read). */
export function scopeIncludes(scope: Scope, path: string): boolean {
  return scope.paths === null || scope.paths.some((prefix) => path.startsWith(prefix));
}


/**
 * A boolean SQL expression: the path in `column` lies inside the scope.
 * `column` is a column reference such as 'u.scope_path' or 'v.path'.
 */
export function pathInScope(column: string, scope: Scope): Expression<SqlBool> {
  const paths = scope.paths;
  if (paths === null) return sql<SqlBool>`true`;
  if (paths.length === 0) return sql<SqlBool>`false`;
  const ref = sql.ref(column);
  const clauses = paths.map((path) => sql<SqlBool>`${ref} like ${escapeLike(path) + '%'}`);
  return clauses.length === 1 ? clauses[0] : sql<SqlBool>`(${sql.join(clauses, sql` or `)})`;
}

/** Scope on a unit id: the unit's current scope_path lies inside the scope. */
export function unitInScope(unitIdColumn: string, scope: Scope): Expression<SqlBool> {
  const paths = scope.paths;
  if (paths === null) return sql<SqlBool>`true`;
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from org_units scope_u where scope_u.id = ${sql.ref(unitIdColumn)} and ${pathInScope('scope_u.scope_path', scope)})`;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export type { ExpressionBuilder };
