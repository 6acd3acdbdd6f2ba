/**
 * Accounts and grants in SQL. Scope is always part of the query: an account is visible when it holds a grant (in
 * force or not) on a unit inside the scope; a grant is visible when its unit is. A grant the caller acts on as its
 * holder or its delegator is found by that account instead (`lockOwnGrant`, `lockDelegationGivenBy`).
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { pathInScope, scopeIsEmpty, type Executor, type Scope } from '../../kernel/index.ts';
import type { Role } from '../../db/schema.ts';
import { escapeLike } from '../../access/scope.ts';

export interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  locale: 'vi' | 'en';
  member_id: number | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  locked_until: Date | null;
  row_version: number;
  created_at: Date;
}

const ACCOUNT_COLUMNS = [
  'a.id', 'a.username', 'a.display_name', 'a.locale', 'a.member_id', 'a.must_change_password', 'a.disabled_at',
  'a.locked_until', 'a.row_version', 'a.created_at',
] as const;

/** A grant that still gives (or will give) power: not revoked, not ended, on a unit that has not ended. */
function isLiveGrant(grant: string, unit: string, today: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${grant}.revoked_at`)} is null and (${sql.ref(`${grant}.valid_to`)} is null or ${sql.ref(`${grant}.valid_to`)} > ${today}) and ${sql.ref(`${unit}.ended_on`)} is null)`;
}

/** The account holds a grant (any state) on a unit inside the scope (and inside `within`, when given). */
function accountInScope(accountIdColumn: string, scope: Scope, within?: string): Expression<SqlBool> {
  if (scopeIsEmpty(scope)) return sql<SqlBool>`false`;
  const narrow = within === undefined ? sql`` : sql` and vu.scope_path like ${escapeLike(within) + '%'}`;
  return sql<SqlBool>`exists (select 1 from grants vg join org_units vu on vu.id = vg.unit_id where vg.account_id = ${sql.ref(accountIdColumn)} and ${pathInScope('vu.scope_path', scope)}${narrow})`;
}

/** The account holds a live grant on a unit outside the scope. */
function accountHasLiveGrantOutside(accountIdColumn: string, scope: Scope, today: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from grants og join org_units ou on ou.id = og.unit_id where og.account_id = ${sql.ref(accountIdColumn)} and ${isLiveGrant('og', 'ou', today)} and not ${pathInScope('ou.scope_path', scope)})`;
}

export async function countAccounts(db: Executor, scope: Scope, filter: { folded?: string; unitPath?: string }): Promise<number> {
  const row = await db
    .selectFrom('accounts as a')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(accountInScope('a.id', scope, filter.unitPath))
    .$if(Boolean(filter.folded), (query) => query.where(sql<SqlBool>`a.search_folded like ${'%' + escapeLike(filter.folded!) + '%'}`))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listAccounts(db: Executor, scope: Scope, filter: { folded?: string; unitPath?: string; today: string; limit: number; offset: number }) {
  return db
    .selectFrom('accounts as a')
    .select([...ACCOUNT_COLUMNS])
    .select(sql<Role[]>`array(select distinct rg.role from grants rg join org_units ru on ru.id = rg.unit_id where rg.account_id = a.id and ${isLiveGrant('rg', 'ru', filter.today)} and ${pathInScope('ru.scope_path', scope)} order by rg.role)`.as('roles'))
    // Where each live role in view is granted (the unit; the service adds its place for the whole page at once).
    .select(sql<{ role: Role; unit_id: number }[]>`coalesce((select json_agg(distinct jsonb_build_object('role', rg.role, 'unit_id', rg.unit_id)) from grants rg join org_units ru on ru.id = rg.unit_id where rg.account_id = a.id and ${isLiveGrant('rg', 'ru', filter.today)} and ${pathInScope('ru.scope_path', scope)}), '[]'::json)`.as('role_grants'))
    .where(accountInScope('a.id', scope, filter.unitPath))
    .$if(Boolean(filter.folded), (query) => query.where(sql<SqlBool>`a.search_folded like ${'%' + escapeLike(filter.folded!) + '%'}`))
    .orderBy(sql`lower(a.username)`)
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

/** The account if it is visible in the scope, with whether it also holds live grants outside the scope. */
export async function findAccountInScope(db: Executor, id: number, scope: Scope, today: string, options: { forUpdate?: boolean } = {}) {
  return db
    .selectFrom('accounts as a')
    .select([...ACCOUNT_COLUMNS])
    .select(accountHasLiveGrantOutside('a.id', scope, today).as('has_grants_outside'))
    .where('a.id', '=', id)
    .where(accountInScope('a.id', scope))
    .$if(Boolean(options.forUpdate), (query) => query.forUpdate('a'))
    .executeTakeFirst();
}

export async function isUsernameTaken(db: Executor, username: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function findAccountByMember(db: Executor, memberId: number) {
  return db.selectFrom('accounts').select('id').where('member_id', '=', memberId).executeTakeFirst();
}

export async function insertAccount(db: Executor, values: { username: string; displayName: string; locale: 'vi' | 'en'; passwordHash: string; mustChangePassword: boolean; memberId: number | null }) {
  return db
    .insertInto('accounts')
    .values({
      username: values.username, display_name: values.displayName, locale: values.locale, password_hash: values.passwordHash,
      must_change_password: values.mustChangePassword, member_id: values.memberId, locked_until: null, disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Applies a change to an account and bumps its row version. */
export async function updateAccount(db: Executor, id: number, values: {
  display_name?: string; locale?: 'vi' | 'en'; member_id?: number; disabled_at?: Date | null; password_hash?: string;
  must_change_password?: boolean; failed_logins?: number; locked_until?: Date | null;
}) {
  await db.updateTable('accounts').set({ ...values, row_version: sql`row_version + 1` }).where('id', '=', id).execute();
}

/** The interface language alone: a preference, so the row version officers' edits are checked against stays. */
export async function setAccountLocale(db: Executor, id: number, locale: 'vi' | 'en') {
  await db.updateTable('accounts').set({ locale }).where('id', '=', id).execute();
}

export interface UnitRow {
  id: number;
  code: string;
  scope_path: string;
  ended_on: string | null;
}

/** A unit, if it lies inside the scope. */
export async function findUnit(db: Executor, id: number, scope: Scope): Promise<UnitRow | undefined> {
  return db
    .selectFrom('org_units as u')
    .select(['u.id', 'u.code', 'u.scope_path', 'u.ended_on'])
    .where('u.id', '=', id)
    .where(pathInScope('u.scope_path', scope))
    .executeTakeFirst();
}

export async function findUnitByCode(db: Executor, code: string, scope: Scope): Promise<UnitRow | undefined> {
  return db.selectFrom('org_units as u').select(['u.id', 'u.code', 'u.scope_path', 'u.ended_on'])
    .where('u.code', '=', code).where(pathInScope('u.scope_path', scope)).executeTakeFirst();
}

export async function insertGrant(db: Executor, values: {
  accountId: number; role: Role; unitId: number; validFrom: string; validTo: string | null; delegatedFromGrantId: number | null; note: string | null; createdBy: number | null;
}) {
  return db
    .insertInto('grants')
    .values({
      account_id: values.accountId, role: values.role, unit_id: values.unitId, valid_from: values.validFrom, valid_to: values.validTo,
      delegated_from_grant_id: values.delegatedFromGrantId, note: values.note, revoked_at: null, created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface GrantFilter {
  accountId?: number;
  accountIds?: number[];
  unitPath?: string;
  ids?: number[];
  /** Acting grants delegated from one of these grants. */
  delegatedFrom?: number[];
  includeInactive: boolean;
  today: string;
}

/** Grants on units inside the scope. */
function grantQuery(db: Executor, scope: Scope, filter: GrantFilter) {
  return db
    .selectFrom('grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.unit_id')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .leftJoinLateral(
      (eb) => eb.selectFrom('org_unit_versions as v').select('v.name').whereRef('v.unit_id', '=', 'g.unit_id').where('v.voided_by_batch_id', 'is', null).orderBy('v.valid_from', 'desc').limit(1).as('nv'),
      (join) => join.onTrue(),
    )
    .where(pathInScope('u.scope_path', scope))
    .$if(filter.accountId !== undefined, (query) => query.where('g.account_id', '=', filter.accountId!))
    .$if(filter.accountIds !== undefined, (query) => query.where('g.account_id', 'in', filter.accountIds!.length ? filter.accountIds! : [0]))
    .$if(filter.unitPath !== undefined, (query) => query.where(sql<SqlBool>`u.scope_path like ${escapeLike(filter.unitPath!) + '%'}`))
    .$if(filter.ids !== undefined, (query) => query.where('g.id', 'in', filter.ids!.length ? filter.ids! : [0]))
    .$if(filter.delegatedFrom !== undefined, (query) => query.where('g.delegated_from_grant_id', 'in', filter.delegatedFrom!.length ? filter.delegatedFrom! : [0]))
    .$if(!filter.includeInactive, (query) => query.where(isLiveGrant('g', 'u', filter.today)));
}

export async function countGrants(db: Executor, scope: Scope, filter: GrantFilter): Promise<number> {
  const row = await grantQuery(db, scope, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listGrants(db: Executor, scope: Scope, filter: GrantFilter & { limit: number; offset: number }) {
  return grantQuery(db, scope, filter)
    .select([
      'g.id', 'g.account_id', 'a.username', 'g.role', 'g.unit_id', 'u.code as unit_code', 'nv.name as unit_name', 'g.valid_from', 'g.valid_to',
      'g.delegated_from_grant_id', 'g.note', 'g.revoked_at', 'g.created_by', 'g.created_at', 'u.ended_on as unit_ended_on', 'u.scope_path',
    ])
    .orderBy('g.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}
export type GrantRow = Awaited<ReturnType<typeof listGrants>>[number];

function lockableGrant(db: Executor, id: number) {
  return db
    .selectFrom('grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.unit_id')
    .select(['g.id', 'g.account_id', 'g.role', 'g.unit_id', 'g.valid_from', 'g.valid_to', 'g.revoked_at', 'g.delegated_from_grant_id', 'u.scope_path', 'u.ended_on'])
    .where('g.id', '=', id)
    .forUpdate('g');
}

/** Locks a grant on a unit inside the scope. */
export async function lockGrant(db: Executor, id: number, scope: Scope) {
  return lockableGrant(db, id).where(pathInScope('u.scope_path', scope)).executeTakeFirst();
}

/** Locks a grant `accountId` holds (the source of a delegation it gives). */
export async function lockOwnGrant(db: Executor, id: number, accountId: number) {
  return lockableGrant(db, id).where('g.account_id', '=', accountId).executeTakeFirst();
}

/** Locks an acting grant delegated from a grant `accountId` holds (the delegator ends it). */
export async function lockDelegationGivenBy(db: Executor, id: number, accountId: number) {
  return lockableGrant(db, id)
    .where(sql<SqlBool>`exists (select 1 from grants src where src.id = g.delegated_from_grant_id and src.account_id = ${accountId})`)
    .executeTakeFirst();
}

/** Revokes the given grants that are not revoked yet; returns the ids it revoked. */
export async function revokeGrants(db: Executor, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.updateTable('grants').set({ revoked_at: sql`now()` }).where('id', 'in', ids).where('revoked_at', 'is', null).returning('id').execute();
  return rows.map((row) => row.id);
}

/** Acting grants delegated from `sourceId` that are not revoked. */
/**
 * A live grant (not revoked, not an acting one) of the same role on the same unit to the account, whose period meets
 * [validFrom, validTo) (an open end is unbounded). The caller holds the account's row lock, so two requests cannot
 * both find none.
 */
export async function findOverlappingGrant(db: Executor, grant: { accountId: number; role: Role; unitId: number; validFrom: string; validTo: string | null }) {
  const result = await sql<{ id: number }>`
    select g.id::int as id from grants g
    where g.account_id = ${grant.accountId} and g.role = ${grant.role} and g.unit_id = ${grant.unitId} and g.revoked_at is null
      and g.delegated_from_grant_id is null
      and daterange(g.valid_from, g.valid_to) && daterange(${grant.validFrom}::date, ${grant.validTo}::date)
    order by g.valid_from limit 1`.execute(db);
  return result.rows[0]?.id ?? null;
}

export async function findOpenDelegations(db: Executor, sourceId: number) {
  return db.selectFrom('grants').select(['id', 'account_id', 'unit_id', 'role']).where('delegated_from_grant_id', '=', sourceId).where('revoked_at', 'is', null).forUpdate().execute();
}

/**
 * The account that may receive an acting grant from a grant on the subtree `scopePath`: not disabled, and holding a
 * live grant (not revoked, not ended, on a unit that has not ended) inside that subtree, i.e. someone who works in the
 * organization whose duties they take over. Anything else (missing, disabled, elsewhere) gives nothing, alike.
 */
export async function findDelegationTarget(db: Executor, id: number, scopePath: string, today: string) {
  return db
    .selectFrom('accounts as a')
    .select([...ACCOUNT_COLUMNS])
    .where('a.id', '=', id)
    .where('a.disabled_at', 'is', null)
    .where(sql<SqlBool>`exists (select 1 from grants tg join org_units tu on tu.id = tg.unit_id where tg.account_id = a.id and ${isLiveGrant('tg', 'tu', today)} and tu.scope_path like ${escapeLike(scopePath) + '%'})`)
    .executeTakeFirst();
}

/** An acting grant from `sourceId` to `accountId`, not revoked, whose period overlaps [validFrom, validTo). */
export async function findOverlappingDelegation(db: Executor, sourceId: number, accountId: number, period: { validFrom: string; validTo: string }) {
  return db
    .selectFrom('grants')
    .select(['id'])
    .where('delegated_from_grant_id', '=', sourceId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<', period.validTo)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', period.validFrom)]))
    .executeTakeFirst();
}
