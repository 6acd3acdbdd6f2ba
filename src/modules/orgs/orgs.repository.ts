/**
 * Reading the organization tree through time: Kysely queries only. Every function takes the `Scope` it reads in and
 * applies it inside SQL: on the units listed (`u.scope_path`), or, for what belongs to one unit (its versions,
 * history, counts, batches), on that unit. "In force on D" is the kernel's `versionInForce`.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { pathInScope, scopePrefixes, versionInForce, type Executor, type Scope } from '../../kernel/index.ts';

export interface VersionRow {
  id: number;
  unit_id: number;
  valid_from: string;
  valid_to: string | null;
  parent_id: number | null;
  name: string;
  kind: string;
  sector: string | null;
  code: string;
  path: string;
  depth: number;
}

export interface NodeRow extends VersionRow {
  established_on: string;
  ended_on: string | null;
  child_count: number;
}

const childCountOf = (date: string) =>
  sql<number>`(select count(*) from org_unit_versions c where c.parent_id = v.unit_id and ${versionInForce('c', date)})`;

/** The unit (a value, not a column) lies in scope: checked once per statement, not per row. */
function unitIdInScope(unitId: number, scope: Scope): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from org_units su where su.id = ${unitId} and ${pathInScope('su.scope_path', scope)})`;
}

const versionColumns = ['v.id', 'v.unit_id', 'v.valid_from', 'v.valid_to', 'v.parent_id', 'v.name', 'v.kind', 'v.sector', 'v.code', 'v.path', 'v.depth'] as const;

export interface UnitRow {
  id: number;
  code: string;
  scope_path: string;
  province_id: number | null;
  superior_id: number | null;
  grassroots_id: number | null;
  established_on: string;
  ended_on: string | null;
  end_reason: 'merged' | 'dissolved' | 'split' | 'voided' | null;
  row_version: number;
}

/** The unit if it exists, is not voided, and lies in scope. */
export async function findUnitInScope(db: Executor, unitId: number, scope: Scope, options: { includeVoided?: boolean } = {}): Promise<UnitRow | undefined> {
  let query = db
    .selectFrom('org_units as u')
    .select(['u.id', 'u.code', 'u.scope_path', 'u.province_id', 'u.superior_id', 'u.grassroots_id', 'u.established_on', 'u.ended_on', 'u.end_reason', 'u.row_version'])
    .where('u.id', '=', unitId)
    .where(pathInScope('u.scope_path', scope));
  if (!options.includeVoided) query = query.where((eb) => eb.or([eb('u.end_reason', 'is', null), eb('u.end_reason', '<>', 'voided')]));
  return query.executeTakeFirst();
}

/** Units (given by id) in force on the date, with child counts, filtered by scope. */
export async function findNodesAsOf(db: Executor, unitIds: readonly number[], date: string, scope: Scope): Promise<NodeRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .select([...versionColumns, 'u.established_on', 'u.ended_on'])
    .select(childCountOf(date).as('child_count'))
    .where('v.unit_id', 'in', [...unitIds])
    .where(versionInForce('v', date))
    .where(pathInScope('u.scope_path', scope))
    .orderBy('v.name_folded')
    .orderBy('v.unit_id')
    .execute();
}

/**
 * Children of a unit in force on the date, in name order, keyset-paged on (name_folded, unit_id). Uses the
 * (parent_id, valid_from) index; each child's own child count is one more probe of the same index.
 */
export async function findChildrenAsOf(
  db: Executor,
  params: { parentId: number; date: string; limit: number; after?: { name: string; id: number } },
  scope: Scope,
): Promise<NodeRow[]> {
  let query = db
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .select([...versionColumns, 'v.name_folded', 'u.established_on', 'u.ended_on'])
    .select(childCountOf(params.date).as('child_count'))
    .where('v.parent_id', '=', params.parentId)
    .where(versionInForce('v', params.date))
    .where(pathInScope('u.scope_path', scope));
  if (params.after) {
    const after = params.after;
    query = query.where(sql<SqlBool>`(v.name_folded, v.unit_id) > (${after.name}, ${after.id})`);
  }
  return query.orderBy('v.name_folded').orderBy('v.unit_id').limit(params.limit).execute();
}

/** Search by folded name (anywhere in it) or code (prefix) among versions in force on the date. */
export async function searchVersionsAsOf(
  db: Executor,
  params: { folded: string; codePrefix: string; date: string; kind?: string; limit: number },
  scope: Scope,
): Promise<NodeRow[]> {
  const phrase = `%${escapeLikeValue(params.folded)}%`;
  const words = [...new Set(params.folded.split(' ').filter(Boolean))].map((word) => `%${escapeLikeValue(word)}%`);
  const codeLike = `${escapeLikeValue(params.codePrefix)}%`;
  // Candidates by index: the stored place text (own name and every ancestor's names over the version's interval,
  // migration 0025) holds every word, or the code starts with the query. The place text is a superset, so each
  // candidate is then checked on the ancestors' versions in force on the date.
  const byPlace = db
    .selectFrom('org_unit_version_places as p')
    .select('p.version_id as id')
    // A query of marks only folds to nothing: it then finds by code alone, never the whole tree.
    .where(words.length > 0 ? sql<SqlBool>`p.place_folded like all (${sql.val(words)}::text[])` : sql<SqlBool>`false`);
  const byCode = db
    .selectFrom('org_unit_versions as cv')
    .select('cv.id')
    .where(sql`lower(cv.code)`, 'like', codeLike)
    .where('cv.voided_by_batch_id', 'is', null);
  const placeOnDate = sql<string>`concat_ws(' ', v.name_folded, (
    select string_agg(a.name_folded, ' ') from org_unit_versions a
     where a.unit_id = any (string_to_array(trim(both '/' from v.path), '/')::bigint[]) and a.unit_id <> v.unit_id
       and a.kind <> 'central' and ${versionInForce('a', params.date)}))`;
  let query = db
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .leftJoin('org_unit_version_places as p', 'p.version_id', 'v.id')
    .select([...versionColumns, 'u.established_on', 'u.ended_on'])
    .select(childCountOf(params.date).as('child_count'))
    .where('v.id', 'in', byPlace.union(byCode))
    .where(versionInForce('v', params.date))
    .where((eb) => eb.or([
      eb(sql`lower(v.code)`, 'like', codeLike),
      // An exact place text (no ancestor changed during the version) needs no second look at the ancestors.
      words.length > 0
        ? sql<SqlBool>`((p.exact and p.place_folded like all (${sql.val(words)}::text[])) or ${placeOnDate} like all (${sql.val(words)}::text[]))`
        : sql<SqlBool>`false`,
    ]))
    .where(pathInScope('u.scope_path', scope));
  if (params.kind) query = query.where('v.kind', '=', params.kind);
  return query
    .orderBy(sql`(lower(v.code) = ${params.codePrefix})`, 'desc')
    // The query found in the unit's own name first ("khu 10" before the cells of a ward named "… khu 10 …").
    .orderBy(sql`(v.name_folded like ${phrase})`, 'desc')
    .orderBy('v.depth')
    .orderBy('v.name_folded')
    .orderBy('v.unit_id')
    .limit(params.limit)
    .execute();
}

export function escapeLikeValue(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The version of each unit in force on the date, for the units in scope. Ancestors' names (above a unit the caller
 * may read) are read with a system scope by design: the path to a unit is shown whoever reads it.
 */
export async function findVersionsAsOf(db: Executor, unitIds: readonly number[], date: string, scope: Scope): Promise<VersionRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .select([...versionColumns])
    .where('v.unit_id', 'in', [...unitIds])
    .where(versionInForce('v', date))
    .where(pathInScope('u.scope_path', scope))
    .execute();
}

/**
 * The unit that bore the code: on the date, the unit whose version in force then carried it (codes are kept on
 * versions, so a code a rename gave up is found on the unit that bore it on that date); without a date, the unit
 * whose current code it is (`org_units.code`, unique), live or ended. Exact match (an index probe: the unique index
 * on org_units.code, or `org_unit_versions_code` on lower(code) then the exact code). Scoped like every read.
 */
export async function findUnitIdByCode(db: Executor, code: string, date: string | undefined, scope: Scope): Promise<number | undefined> {
  if (date === undefined) {
    const row = await db.selectFrom('org_units as u').select('u.id').where('u.code', '=', code)
      .where((eb) => eb.or([eb('u.end_reason', 'is', null), eb('u.end_reason', '<>', 'voided')]))
      .where(pathInScope('u.scope_path', scope)).executeTakeFirst();
    return row?.id;
  }
  const row = await db
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .select('v.unit_id')
    .where(sql`lower(v.code)`, '=', code.toLowerCase())
    .where('v.code', '=', code)
    .where(versionInForce('v', date))
    .where(pathInScope('u.scope_path', scope))
    .orderBy('v.unit_id')
    .limit(1)
    .executeTakeFirst();
  return row?.unit_id;
}

/** All non-voided versions of a unit in scope, oldest first. */
export async function findLiveVersions(db: Executor, unitId: number, scope: Scope): Promise<VersionRow[]> {
  return db
    .selectFrom('org_unit_versions as v')
    .select([...versionColumns])
    .where('v.unit_id', '=', unitId)
    .where('v.voided_by_batch_id', 'is', null)
    .where(unitIdInScope(unitId, scope))
    .orderBy('v.valid_from')
    .execute();
}

/** Children of a unit in scope in force on the date. */
export async function countChildrenAsOf(db: Executor, unitId: number, date: string, scope: Scope): Promise<number> {
  const row = await db
    .selectFrom('org_unit_versions as c')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('c.parent_id', '=', unitId)
    .where(versionInForce('c', date))
    .where(unitIdInScope(unitId, scope))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface SuccessorRow { id: number; code: string; name: string; link_kind: 'merged_into' | 'split_into' | 'upgraded_to' | 'absorbed_into'; effective_date: string }

/** What a unit in scope went into (its successors are named wherever they lie). */
export async function findSuccessors(db: Executor, unitId: number, scope: Scope): Promise<SuccessorRow[]> {
  return db
    .selectFrom('org_unit_links as l')
    .innerJoin('org_units as s', 's.id', 'l.successor_id')
    .innerJoin('org_unit_versions as sv', (join) => join.onRef('sv.unit_id', '=', 's.id').on(versionInForce('sv', sql<string>`l.effective_date`)))
    .select(['s.id', 'sv.code', 'sv.name', 'l.link_kind', 'l.effective_date'])
    .where('l.predecessor_id', '=', unitId)
    .where('l.voided_by_batch_id', 'is', null)
    .where(unitIdInScope(unitId, scope))
    .orderBy('l.id')
    .execute();
}

export interface HistoryRow extends VersionRow {
  change: string;
  batch_id: number | null;
  voided_by_batch_id: number | null;
  closed_by_batch_id: number | null;
  batch_operation: string | null;
  batch_status: 'applied' | 'undone' | null;
  decision_id: number | null;
  decision_number: string | null;
  decision_signed_on: string | null;
  parent_name: string | null;
}

/** Every version of a unit in scope, voided ones included, with its batch, decision and the parent's name at the time. */
export async function findHistory(db: Executor, unitId: number, scope: Scope): Promise<HistoryRow[]> {
  return db
    .selectFrom('org_unit_versions as v')
    .leftJoin('restructure_batches as b', 'b.id', 'v.batch_id')
    .leftJoin('decisions as d', 'd.id', 'b.decision_id')
    .select([...versionColumns, 'v.change', 'v.batch_id', 'v.voided_by_batch_id', 'v.closed_by_batch_id', 'b.operation as batch_operation', 'b.status as batch_status', 'd.id as decision_id', 'd.number as decision_number', 'd.signed_on as decision_signed_on'])
    .select(sql<string | null>`(select pv.name from org_unit_versions pv where pv.unit_id = v.parent_id and ${versionInForce('pv', sql<string>`v.valid_from`)} limit 1)`.as('parent_name'))
    .where('v.unit_id', '=', unitId)
    .where(unitIdInScope(unitId, scope))
    .orderBy('v.valid_from')
    .orderBy('v.id')
    .execute();
}

export interface LineageNodeRow {
  id: number;
  distance: number;
  code: string;
  name: string;
  kind: string;
  established_on: string;
  ended_on: string | null;
  end_reason: 'merged' | 'dissolved' | 'split' | 'voided' | null;
}

/**
 * Predecessors and successors, transitively, following non-voided links through units in scope only. Two
 * recursive walks over the link indexes (predecessor_id, successor_id), then each node's last version.
 */
export async function findLineage(db: Executor, unitId: number, scope: Scope, maxDepth = 50) {
  const scopeOnUnit = (column: string) => pathInScope(column, scope);
  const nodes = await sql<LineageNodeRow>`
    with recursive back(id, distance) as (
      select ${unitId}::bigint, 0
      union
      select l.predecessor_id, b.distance - 1
      from back b
      join org_unit_links l on l.successor_id = b.id and l.voided_by_batch_id is null
      join org_units pu on pu.id = l.predecessor_id
      where b.distance > ${-maxDepth} and ${scopeOnUnit('pu.scope_path')}
    ),
    fwd(id, distance) as (
      select ${unitId}::bigint, 0
      union
      select l.successor_id, f.distance + 1
      from fwd f
      join org_unit_links l on l.predecessor_id = f.id and l.voided_by_batch_id is null
      join org_units su on su.id = l.successor_id
      where f.distance < ${maxDepth} and ${scopeOnUnit('su.scope_path')}
    ),
    reached as (
      select id, min(distance) as distance from back group by id
      union all
      select id, min(distance) from fwd where id <> ${unitId} group by id
    )
    select r.id, min(r.distance)::int as distance, u.established_on, u.ended_on, u.end_reason, lv.code, lv.name, lv.kind
    from reached r
    join org_units u on u.id = r.id
    cross join lateral (
      select v.code, v.name, v.kind from org_unit_versions v
      where v.unit_id = r.id and v.voided_by_batch_id is null
      order by v.valid_from desc limit 1
    ) lv
    group by r.id, u.established_on, u.ended_on, u.end_reason, lv.code, lv.name, lv.kind
    order by min(r.distance), r.id`.execute(db);
  const ids = nodes.rows.map((node) => node.id);
  const links = ids.length === 0 ? [] : await db
    .selectFrom('org_unit_links as l')
    .leftJoin('restructure_batches as b', 'b.id', 'l.batch_id')
    .select(['l.id', 'l.predecessor_id', 'l.successor_id', 'l.link_kind', 'l.effective_date', 'l.batch_id', 'b.decision_id'])
    .where('l.voided_by_batch_id', 'is', null)
    .where('l.predecessor_id', 'in', ids)
    .where('l.successor_id', 'in', ids)
    .orderBy('l.effective_date')
    .orderBy('l.id')
    .execute();
  const kindChanges = ids.length === 0 ? [] : (await sql<{ unit_id: number; date: string; from_kind: string; to_kind: string; change: string; batch_id: number | null }>`
    select unit_id, valid_from as date, previous_kind as from_kind, kind as to_kind, change, batch_id
    from (
      select v.unit_id, v.valid_from, v.kind, v.change, v.batch_id,
             lag(v.kind) over (partition by v.unit_id order by v.valid_from) as previous_kind
      from org_unit_versions v
      where v.unit_id = any(${ids}::bigint[]) and v.voided_by_batch_id is null
    ) k
    where previous_kind is not null and previous_kind <> kind
    order by valid_from, unit_id`.execute(db)).rows;
  return { nodes: nodes.rows, links, kindChanges };
}

/** Units of each kind and sector strictly under the unit (in scope) on the date, from the dated count deltas. */
export async function sumCountDeltas(db: Executor, unitId: number, date: string, scope: Scope): Promise<{ kind: string; sector: string; count: number }[]> {
  const rows = await db
    .selectFrom('org_unit_count_deltas')
    .select(['kind', 'sector'])
    .select(sql<number>`sum(delta)::int`.as('count'))
    .where('ancestor_id', '=', unitId)
    .where('on_date', '<=', date)
    .where(unitIdInScope(unitId, scope))
    .groupBy(['kind', 'sector'])
    .having(sql`sum(delta)`, '<>', 0)
    .execute();
  return rows.map((row) => ({ kind: row.kind, sector: row.sector, count: Number(row.count) }));
}

/** The distinct paths a unit in scope has had (non-voided versions): prefixes for "under the unit at the time". */
export async function findDistinctPaths(db: Executor, unitId: number, scope: Scope): Promise<string[]> {
  const rows = await db.selectFrom('org_unit_versions').select('path').distinct().where('unit_id', '=', unitId).where('voided_by_batch_id', 'is', null)
    .where(unitIdInScope(unitId, scope)).execute();
  return rows.map((row) => row.path);
}

export interface ChangeEventRow {
  unit_id: number;
  code: string;
  name: string;
  kind: string;
  date: string;
  batch_id: number | null;
  from_kind: string | null;
  total: number;
}

function underAny(column: string, prefixes: readonly string[]) {
  const ref = sql.ref(column);
  return sql<SqlBool>`(${sql.join(prefixes.map((prefix) => sql`(${ref} like ${escapeLikeValue(prefix) + '%'} and ${ref} <> ${prefix})`), sql` or `)})`;
}

/** What the changes between two dates are looked for under: a unit in scope and the paths it has had. */
export interface ChangesUnder {
  unitId: number;
  /** The unit's distinct paths (`findDistinctPaths`). */
  prefixes: readonly string[];
  from: string;
  to: string;
  kinds?: readonly string[];
  limit: number;
}

/** Units established in (from, to] under one of the prefixes (their first version's path). */
export async function findEstablishedBetween(db: Executor, params: ChangesUnder, scope: Scope) {
  return (await sql<ChangeEventRow>`
    select v.unit_id, v.code, v.name, v.kind, v.valid_from as date, v.batch_id, null::text as from_kind, count(*) over ()::int as total
    from org_unit_versions v
    join org_units u on u.id = v.unit_id and v.valid_from = u.established_on
    where v.voided_by_batch_id is null and v.valid_from > ${params.from} and v.valid_from <= ${params.to}
      and ${underAny('v.path', params.prefixes)} and ${unitIdInScope(params.unitId, scope)}
      ${params.kinds ? sql`and v.kind = any(${[...params.kinds]}::text[])` : sql``}
    order by v.valid_from, v.unit_id
    limit ${params.limit}`.execute(db)).rows;
}

/** Units that ended in (from, to] for the reason, under one of the prefixes (their last version's path). */
export async function findEndedBetween(db: Executor, params: ChangesUnder & { reason: 'merged' | 'dissolved' | 'split' }, scope: Scope) {
  return (await sql<ChangeEventRow>`
    select v.unit_id, v.code, v.name, v.kind, u.ended_on as date, v.closed_by_batch_id as batch_id, null::text as from_kind, count(*) over ()::int as total
    from org_unit_versions v
    join org_units u on u.id = v.unit_id and v.valid_to = u.ended_on
    where v.voided_by_batch_id is null and u.end_reason = ${params.reason}
      and u.ended_on > ${params.from} and u.ended_on <= ${params.to}
      and ${underAny('v.path', params.prefixes)} and ${unitIdInScope(params.unitId, scope)}
      ${params.kinds ? sql`and v.kind = any(${[...params.kinds]}::text[])` : sql``}
    order by u.ended_on, v.unit_id
    limit ${params.limit}`.execute(db)).rows;
}

/** Upgrades in (from, to] under one of the prefixes. */
export async function findUpgradedBetween(db: Executor, params: ChangesUnder, scope: Scope) {
  return (await sql<ChangeEventRow>`
    select v.unit_id, v.code, v.name, v.kind, v.valid_from as date, v.batch_id,
      (select p.kind from org_unit_versions p where p.unit_id = v.unit_id and p.voided_by_batch_id is null and p.valid_to = v.valid_from limit 1) as from_kind,
      count(*) over ()::int as total
    from org_unit_versions v
    where v.voided_by_batch_id is null and v.change = 'upgrade' and v.valid_from > ${params.from} and v.valid_from <= ${params.to}
      and ${underAny('v.path', params.prefixes)} and ${unitIdInScope(params.unitId, scope)}
      ${params.kinds ? sql`and v.kind = any(${[...params.kinds]}::text[])` : sql``}
    order by v.valid_from, v.unit_id
    limit ${params.limit}`.execute(db)).rows;
}

export interface MovedRow {
  unit_id: number;
  code: string;
  name: string;
  kind: string;
  date: string;
  batch_id: number | null;
  from_parent_id: number | null;
  from_parent_name: string | null;
  to_parent_id: number | null;
  to_parent_name: string | null;
  total: number;
}

/**
 * Units moved to another parent in (from, to] (a move, or the children a merge or split handed on: versions whose
 * change is 'move'), into, out of or within one of the prefixes: the new version's path or the one it followed lies
 * under it. Each with the parents before and after, named as on the day.
 */
export async function findMovedBetween(db: Executor, params: ChangesUnder, scope: Scope) {
  return (await sql<MovedRow>`
    select v.unit_id, v.code, v.name, v.kind, v.valid_from as date, v.batch_id,
      prev.parent_id as from_parent_id,
      (select fp.name from org_unit_versions fp where fp.unit_id = prev.parent_id and ${versionInForce('fp', sql<string>`prev.valid_from`)} limit 1) as from_parent_name,
      v.parent_id as to_parent_id,
      (select tp.name from org_unit_versions tp where tp.unit_id = v.parent_id and ${versionInForce('tp', sql<string>`v.valid_from`)} limit 1) as to_parent_name,
      count(*) over ()::int as total
    from org_unit_versions v
    left join lateral (
      select p.parent_id, p.path, p.valid_from from org_unit_versions p
      where p.unit_id = v.unit_id and p.voided_by_batch_id is null and p.valid_to = v.valid_from
      order by p.valid_from desc limit 1
    ) prev on true
    where v.voided_by_batch_id is null and v.change = 'move' and v.valid_from > ${params.from} and v.valid_from <= ${params.to}
      and (${underAny('v.path', params.prefixes)} or (prev.path is not null and ${underAny('prev.path', params.prefixes)}))
      and ${unitIdInScope(params.unitId, scope)}
      ${params.kinds ? sql`and v.kind = any(${[...params.kinds]}::text[])` : sql``}
    order by v.valid_from, v.unit_id
    limit ${params.limit}`.execute(db)).rows;
}

/** The units the given ones went into, with their names on the day, for the successors in scope. */
export async function findSuccessorNames(db: Executor, unitIds: readonly number[], scope: Scope) {
  if (unitIds.length === 0) return [];
  return (await sql<{ predecessor_id: number; id: number; name: string }>`
    select l.predecessor_id, l.successor_id as id, lv.name
    from org_unit_links l
    join org_units s on s.id = l.successor_id and ${pathInScope('s.scope_path', scope)}
    cross join lateral (select v.name from org_unit_versions v where v.unit_id = l.successor_id and v.voided_by_batch_id is null
                        and v.valid_from <= l.effective_date order by v.valid_from desc limit 1) lv
    where l.predecessor_id = any(${[...unitIds]}::bigint[]) and l.voided_by_batch_id is null
    order by l.predecessor_id, l.id`.execute(db)).rows;
}

export interface BatchRow {
  id: number;
  operation: string;
  effective_date: string;
  decision_id: number | null;
  decision_number: string | null;
  status: 'applied' | 'undone';
  undoes_batch_id: number | null;
  undone_by_batch_id: number | null;
  applied_by: number | null;
  applied_at: Date;
  reason: string | null;
  payload: unknown;
  summary: unknown;
}

/**
 * A batch, if one of the units it wrote lies in scope (versions created, closed or voided and the parents they name;
 * both ends of its links). A system scope sees every batch, also one whose writes an undo has taken back.
 */
export async function findBatch(db: Executor, batchId: number, scope: Scope): Promise<BatchRow | undefined> {
  const written = sql`
    select unit_id as id from org_unit_versions where batch_id = ${batchId} or closed_by_batch_id = ${batchId} or voided_by_batch_id = ${batchId}
    union select parent_id from org_unit_versions where (batch_id = ${batchId} or closed_by_batch_id = ${batchId}) and parent_id is not null
    union select predecessor_id from org_unit_links where batch_id = ${batchId} or voided_by_batch_id = ${batchId}
    union select successor_id from org_unit_links where batch_id = ${batchId} or voided_by_batch_id = ${batchId}`;
  return db
    .selectFrom('restructure_batches as b')
    .leftJoin('decisions as d', 'd.id', 'b.decision_id')
    .select(['b.id', 'b.operation', 'b.effective_date', 'b.decision_id', 'd.number as decision_number', 'b.status', 'b.undoes_batch_id', 'b.undone_by_batch_id', 'b.applied_by', 'b.applied_at', 'b.reason', 'b.payload', 'b.summary'])
    .where('b.id', '=', batchId)
    .$if(scopePrefixes(scope) !== null, (query) => query.where(sql<SqlBool>`exists (select 1 from org_units wu where wu.id in (${written}) and ${pathInScope('wu.scope_path', scope)})`))
    .executeTakeFirst() as Promise<BatchRow | undefined>;
}

/**
 * Batches that touched a unit in scope: created or closed one of its versions, linked it, or undid such a batch.
 * Newest first, keyset-paged on id.
 */
export async function findBatchesOfUnit(db: Executor, params: { unitId: number; beforeId?: number; limit: number }, scope: Scope): Promise<BatchRow[]> {
  return (await sql<BatchRow>`
    with touched as (
      select batch_id as id from org_unit_versions where unit_id = ${params.unitId} and batch_id is not null
      union select closed_by_batch_id from org_unit_versions where unit_id = ${params.unitId} and closed_by_batch_id is not null
      union select voided_by_batch_id from org_unit_versions where unit_id = ${params.unitId} and voided_by_batch_id is not null
      union select batch_id from org_unit_links where predecessor_id = ${params.unitId} or successor_id = ${params.unitId}
    )
    select b.id, b.operation, b.effective_date, b.decision_id, d.number as decision_number, b.status, b.undoes_batch_id,
           b.undone_by_batch_id, b.applied_by, b.applied_at, b.reason, null as payload, null as summary
    from restructure_batches b
    left join decisions d on d.id = b.decision_id
    where b.id in (select id from touched) and ${unitIdInScope(params.unitId, scope)} ${params.beforeId ? sql`and b.id < ${params.beforeId}` : sql``}
    order by b.id desc
    limit ${params.limit}`.execute(db)).rows;
}
