/**
 * Kysely queries behind member lists, search, the member page and headcounts. Lists page by keyset on
 * (name_sort_key, id), the Vietnamese order, never by OFFSET.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { escapeLike, pathInScope } from '../../access/scope.ts';
import type { MemberStatus } from '../../contracts/members.ts';

/** A subtree filter on member rows, by the cheapest exact column the unit allows. */
export type SubtreeFilter =
  | { column: 'province_id' | 'superior_id' | 'grassroots_id' | 'unit_id'; unitId: number }
  | { column: 'scope_path'; path: string }
  /** The root's subtree: every member (no condition, so the planner can use the name indexes). */
  | { column: 'all' };

export interface ListFilters {
  statuses: readonly MemberStatus[];
  sex?: string;
  ethnicity?: string;
  religion?: string;
  theoryLevel?: string;
  educationLevel?: string;
  birthYearFrom?: number;
  birthYearTo?: number;
  admittedFrom?: string;
  admittedTo?: string;
  inTransit?: boolean;
  /** Folded name fragment, or an identity number. */
  name?: string;
  /** Whether the name indexes may drive the search (large subtrees); small subtrees scan their own index. */
  nameIndexes?: boolean;
  identityNumber?: string;
}

export interface Cursor {
  sortKey: string;
  id: number;
}

function subtreeCondition(alias: string, filter: SubtreeFilter): Expression<SqlBool> {
  if (filter.column === 'all') return sql<SqlBool>`true`;
  if (filter.column === 'scope_path') return sql<SqlBool>`${sql.ref(`${alias}.scope_path`)} like ${escapeLike(filter.path) + '%'}`;
  return sql<SqlBool>`${sql.ref(`${alias}.${filter.column}`)} = ${filter.unitId}`;
}

function anySubtree(alias: string, filters: readonly SubtreeFilter[]): Expression<SqlBool> {
  if (filters.length === 0) return sql<SqlBool>`false`;
  const parts = filters.map((filter) => subtreeCondition(alias, filter));
  return parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/**
 * Name search on the folded name, by btree prefix ranges only: a prefix of the full name as written ("nguyen van",
 * "nguyen van a"), or a tail of it in whole words ("van an", "an": the reversed words start with "an van"; a single
 * word also matches as a prefix, "an" finding "Anh").
 */
function nameCondition(alias: string, folded: string, useNameIndexes: boolean): Expression<SqlBool> {
  const reversed = folded.split(' ').filter(Boolean).reverse();
  const tailPattern = `${escapeLike(reversed.join(' '))}%`;
  // In a small subtree (a commune, a grassroots organization, a cell: at most a few thousand members) the subtree's
  // own index is the right path; `|| ''` keeps the planner from ANDing it with a nationwide name-range bitmap.
  const column = (name: string) => useNameIndexes ? sql`${sql.ref(`${alias}.${name}`)}` : sql`(${sql.ref(`${alias}.${name}`)} || '')`;
  return sql<SqlBool>`(${column('name_folded')} like ${escapeLike(folded) + '%'} or ${column('name_reversed')} like ${tailPattern})`;
}

function memberFilterConditions(alias: string, filters: ListFilters): Expression<SqlBool>[] {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const conditions: Expression<SqlBool>[] = [];
  if (filters.statuses.length > 0) conditions.push(sql<SqlBool>`${ref('status')} in (${sql.join(filters.statuses.map((status) => sql`${status}`))})`);
  if (filters.sex) conditions.push(sql<SqlBool>`${ref('sex')} = ${filters.sex}`);
  if (filters.ethnicity) conditions.push(sql<SqlBool>`${ref('ethnicity')} = ${filters.ethnicity}`);
  if (filters.religion) conditions.push(sql<SqlBool>`${ref('religion')} = ${filters.religion}`);
  if (filters.theoryLevel) conditions.push(sql<SqlBool>`${ref('theory_level')} = ${filters.theoryLevel}`);
  if (filters.educationLevel) conditions.push(sql<SqlBool>`${ref('education_level')} = ${filters.educationLevel}`);
  if (filters.birthYearFrom !== undefined) conditions.push(sql<SqlBool>`${ref('birth_year')} >= ${filters.birthYearFrom}`);
  if (filters.birthYearTo !== undefined) conditions.push(sql<SqlBool>`${ref('birth_year')} <= ${filters.birthYearTo}`);
  if (filters.admittedFrom) conditions.push(sql<SqlBool>`${ref('admission_date')} >= ${filters.admittedFrom}`);
  if (filters.admittedTo) conditions.push(sql<SqlBool>`${ref('admission_date')} <= ${filters.admittedTo}`);
  if (filters.inTransit !== undefined) conditions.push(sql<SqlBool>`${ref('in_transit')} = ${filters.inTransit}`);
  if (filters.name) conditions.push(nameCondition(alias, filters.name, filters.nameIndexes ?? true));
  if (filters.identityNumber) conditions.push(sql<SqlBool>`(${ref('citizen_id')} = ${filters.identityNumber} or ${ref('party_card_number')} = ${filters.identityNumber})`);
  return conditions;
}

function cursorCondition(alias: string, cursor: Cursor | undefined): Expression<SqlBool>[] {
  if (!cursor) return [];
  return [sql<SqlBool>`(${sql.ref(`${alias}.name_sort_key`)}, ${sql.ref(`${alias}.id`)}) > (${cursor.sortKey}, ${cursor.id})`];
}

const LIST_COLUMNS = sql`m.id, m.full_name, m.sex, m.birth_date, m.ethnicity, m.theory_level, m.admission_date, m.official_date,
  m.status, m.in_transit, m.name_sort_key`;

export interface ListRow {
  id: number;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string;
  ethnicity: string | null;
  theory_level: string | null;
  admission_date: string | null;
  official_date: string | null;
  status: MemberStatus;
  in_transit: boolean;
  name_sort_key: string;
  unit_id: number;
  placement: 'official' | 'temporary';
}

/** Members taking part temporarily in the subtrees (host unit in scope), with the host: few rows, by host index. */
function temporaryGuests(paths: readonly string[], subtrees: readonly SubtreeFilter[]) {
  const unitCondition = sql.join(subtrees.map((filter) => filter.column === 'all' ? sql<SqlBool>`true` : filter.column === 'scope_path'
    ? sql<SqlBool>`tu.scope_path like ${escapeLike(filter.path) + '%'}`
    : filter.column === 'unit_id' ? sql<SqlBool>`tu.id = ${filter.unitId}` : sql<SqlBool>`${sql.ref(`tu.${filter.column}`)} = ${filter.unitId}`), sql` or `);
  return sql`(select distinct on (tp.member_id) tp.member_id, tp.unit_id from member_placements tp join org_units tu on tu.id = tp.unit_id
    where tp.kind = 'temporary' and tp.valid_to is null and tp.voided_by_event_id is null
      and ${pathInScope('tu.scope_path', paths)} and (${subtrees.length > 0 ? unitCondition : sql`false`})
    order by tp.member_id, tp.id desc)`;
}

/**
 * The current list: members whose official unit lies in `subtrees` (official), or who take part there temporarily
 * (temporary), or either (all: one row per member, official first). `subtrees` are already inside the caller's
 * scope; `paths` is the scope itself. Each branch is an ordered, limited scan of its own index.
 */
export async function listCurrent(db: Executor, input: {
  paths: readonly string[];
  subtrees: readonly SubtreeFilter[];
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cursor?: Cursor;
  limit: number;
}): Promise<ListRow[]> {
  const conditions = [...memberFilterConditions('m', input.filters), ...cursorCondition('m', input.cursor)];
  const where = (first: Expression<SqlBool>) => sql.join([first, ...conditions], sql` and `);
  const official = sql`(select ${LIST_COLUMNS}, m.unit_id, 'official' as placement from members m
    where ${where(anySubtree('m', input.subtrees))}
    order by m.name_sort_key, m.id limit ${input.limit})`;
  const temporary = sql`(select ${LIST_COLUMNS}, g.unit_id, 'temporary' as placement from members m
    join ${temporaryGuests(input.paths, input.subtrees)} g on g.member_id = m.id
    where ${where(sql<SqlBool>`true`)}
    order by m.name_sort_key, m.id limit ${input.limit})`;
  const query = input.placement === 'official' ? official
    : input.placement === 'temporary' ? temporary
    : sql`select distinct on (x.name_sort_key, x.id) x.* from (${official} union all ${temporary}) x
        order by x.name_sort_key, x.id, x.placement limit ${input.limit}`;
  const result = await sql<ListRow>`${query}`.execute(db);
  return result.rows;
}

/**
 * The list as of a past date: placements in force then, in units that lay under the asked unit on the tree as it
 * stood then, with each member's status on that date. The caller's scope applies to today's tree (the placement
 * unit's current scope path: an ended unit's path lies under the unit that took it over).
 */
export async function listAsOf(db: Executor, input: {
  paths: readonly string[];
  /** The asked unit's path on the date (null: the caller's whole scope). */
  pathAtDate: string | null;
  asOf: string;
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cursor?: Cursor;
  limit: number;
}): Promise<ListRow[]> {
  const kinds = input.placement === 'all' ? ['official', 'temporary'] : [input.placement];
  const { statuses, ...rest } = input.filters;
  const statusAt = sql`(select e.status_after from member_events e where e.member_id = m.id and e.status_after is not null
          and e.voided_by_event_id is null and e.effective_date <= ${input.asOf}
          order by e.effective_date desc, e.id desc limit 1)`;
  const conditions = [...memberFilterConditions('m', { ...rest, statuses: [] }), ...cursorCondition('m', input.cursor)];
  if (statuses.length > 0) conditions.push(sql<SqlBool>`${statusAt} in (${sql.join(statuses.map((status) => sql`${status}`))})`);
  const unitAtDate = input.pathAtDate === null ? sql`` : sql` and exists (select 1 from org_unit_versions v where v.unit_id = p.unit_id
      and v.voided_by_batch_id is null and v.valid_from <= ${input.asOf} and (v.valid_to is null or v.valid_to > ${input.asOf})
      and v.path like ${escapeLike(input.pathAtDate) + '%'})`;
  const result = await sql<ListRow & { status_at: MemberStatus | null }>`
    select distinct on (m.name_sort_key, m.id) ${LIST_COLUMNS}, p.unit_id, p.kind as placement, ${statusAt} as status_at
    from member_placements p
    join members m on m.id = p.member_id
    join org_units pu on pu.id = p.unit_id
    where p.voided_by_event_id is null and p.valid_from <= ${input.asOf} and (p.valid_to is null or p.valid_to > ${input.asOf})
      and p.kind in (${sql.join(kinds.map((kind) => sql`${kind}`))})
      and ${pathInScope('pu.scope_path', input.paths)}${unitAtDate}
      ${conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
    order by m.name_sort_key, m.id, p.kind
    limit ${input.limit}`.execute(db);
  return result.rows.map(({ status_at: statusAt, ...row }) => ({ ...row, status: statusAt ?? row.status }));
}

/**
 * Members counted at a unit and its subtree on a date, by status, from the placements and events in force then:
 * official placements only (a temporary member is not counted at the host), and temporary guests apart.
 */
export async function countAsOf(db: Executor, input: { pathAtDate: string; asOf: string; paths: readonly string[] }) {
  const result = await sql<{ kind: 'official' | 'temporary'; status: MemberStatus | null; n: number }>`
    select p.kind,
      (select e.status_after from member_events e where e.member_id = p.member_id and e.status_after is not null
        and e.voided_by_event_id is null and e.effective_date <= ${input.asOf}
        order by e.effective_date desc, e.id desc limit 1) as status,
      count(*)::int as n
    from member_placements p
    join org_units pu on pu.id = p.unit_id
    join org_unit_versions v on v.unit_id = p.unit_id and v.voided_by_batch_id is null
      and v.valid_from <= ${input.asOf} and (v.valid_to is null or v.valid_to > ${input.asOf})
    where p.voided_by_event_id is null and p.valid_from <= ${input.asOf} and (p.valid_to is null or p.valid_to > ${input.asOf})
      and v.path like ${escapeLike(input.pathAtDate) + '%'}
      and ${pathInScope('pu.scope_path', input.paths)}
    group by 1, 2`.execute(db);
  return result.rows;
}

/**
 * Whether the member is visible under the scope: its official unit lies inside, or a transfer in progress is
 * addressed inside (the receiving side sees incoming members), or it takes part inside temporarily.
 */
export function memberVisible(paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${pathInScope('m.scope_path', paths)}
    or exists (select 1 from member_transfers vt join org_units vu on vu.id = vt.to_unit_id
      where vt.member_id = m.id and vt.status = 'issued' and ${pathInScope('vu.scope_path', paths)})
    or exists (select 1 from member_placements vp join org_units vpu on vpu.id = vp.unit_id
      where vp.member_id = m.id and vp.kind = 'temporary' and vp.valid_to is null and vp.voided_by_event_id is null
        and ${pathInScope('vpu.scope_path', paths)}))`;
}

export async function findVisibleMember(db: Executor, memberId: number, paths: readonly string[]) {
  return db.selectFrom('members as m').selectAll('m').where('m.id', '=', memberId).where(memberVisible(paths)).executeTakeFirst();
}

/** The caller's granted units at the end of each scope path, with their ancestor columns. */
export async function scopeUnits(db: Executor, unitIds: readonly number[]) {
  if (unitIds.length === 0) return [];
  return db.selectFrom('org_units').select(['id', 'scope_path', 'province_id', 'superior_id', 'grassroots_id']).where('id', 'in', [...unitIds]).execute();
}

export async function listSavedFilters(db: Executor, accountId: number) {
  return db.selectFrom('member_saved_filters').selectAll().where('account_id', '=', accountId).where('deleted_at', 'is', null).orderBy('name').execute();
}

export async function insertSavedFilter(db: Executor, accountId: number, name: string, filters: unknown) {
  return db.insertInto('member_saved_filters').values({ account_id: accountId, name, filters: JSON.stringify(filters), deleted_at: null }).returningAll().executeTakeFirstOrThrow();
}

export async function lockSavedFilter(db: Executor, accountId: number, filterId: number) {
  return db.selectFrom('member_saved_filters').selectAll().where('id', '=', filterId).where('account_id', '=', accountId)
    .where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
}

export async function updateSavedFilter(db: Executor, filterId: number, changes: { name?: string; filters?: unknown }) {
  return db.updateTable('member_saved_filters')
    .set((eb) => ({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.filters !== undefined ? { filters: JSON.stringify(changes.filters) } : {}),
      row_version: eb('row_version', '+', 1), updated_at: new Date(),
    }))
    .where('id', '=', filterId).returningAll().executeTakeFirstOrThrow();
}

/** Hides a saved filter (the row stays). */
export async function hideSavedFilter(db: Executor, accountId: number, filterId: number) {
  return db.updateTable('member_saved_filters').set({ deleted_at: new Date() })
    .where('id', '=', filterId).where('account_id', '=', accountId).where('deleted_at', 'is', null).returning(['id', 'name']).executeTakeFirst();
}
