/**
 * Writing the tree through time: Kysely only. Every function runs inside the batch's transaction. Versions are
 * never updated except to close them (valid_to + closed_by_batch_id), to re-open what a batch closed (undo), or to
 * void what a batch created (undo). Descendant re-writes and scope-path moves are set-based statements.
 *
 * Scope: the batch locks the units it names with `lockUnits`, which judges each against the caller's restructuring
 * scope; the other functions act on those units and what hangs under them, or check the whole tree on purpose
 * (codes are unique everywhere, a parent's kind is read wherever the parent lies).
 */
import { sql } from 'kysely';
import { pathInScope, versionInForce, versionIsCurrent, type Executor, type Scope } from '../../kernel/index.ts';
import { foldText } from '../../lib/text.ts';
import { ORG_KINDS, type OrgLevel } from '../../contracts/org-kinds.ts';
import { escapeLikeValue } from './orgs.repository.ts';

export interface LockedUnit {
  id: number;
  code: string;
  row_version: number;
  established_on: string;
  ended_on: string | null;
  end_reason: 'merged' | 'dissolved' | 'split' | 'voided' | null;
  scope_path: string;
  in_scope: boolean;
  /** The open version (null when the unit has ended). */
  version_id: number | null;
  valid_from: string | null;
  parent_id: number | null;
  name: string | null;
  kind: string | null;
  sector: string | null;
  version_code: string | null;
  path: string | null;
  depth: number | null;
}

/**
 * Locks the units (`for update nowait`, or `for key share nowait` for units only placed under; in id order) and returns each with its open version and whether it lies in
 * the caller's scope. A unit another transaction holds makes the statement fail with 55P03 (answered CONFLICT).
 */
export async function lockUnits(db: Executor, unitIds: readonly number[], scope: Scope, mode: 'update' | 'key share' = 'update'): Promise<LockedUnit[]> {
  if (unitIds.length === 0) return [];
  const ids = [...new Set(unitIds)].sort((a, b) => a - b);
  // 'key share' for units only placed under (an establish batch's parents): two batches adding children to one
  // parent, or to parents in disjoint subtrees, do not wait on each other, while a batch that moves, ends or
  // renames the parent (which takes it 'for update') still excludes them.
  if (mode === 'key share') await sql`select id from org_units where id = any(${ids}::bigint[]) order by id for key share nowait`.execute(db);
  else await sql`select id from org_units where id = any(${ids}::bigint[]) order by id for update nowait`.execute(db);
  const rows = await sql<LockedUnit>`
    select u.id, u.code, u.row_version, u.established_on, u.ended_on, u.end_reason, u.scope_path, (${pathInScope('u.scope_path', scope)}) as in_scope,
           v.id as version_id, v.valid_from, v.parent_id, v.name, v.kind, v.sector, v.code as version_code, v.path, v.depth
    from org_units u
    left join org_unit_versions v on v.unit_id = u.id and ${versionIsCurrent('v')}
    where u.id = any(${ids}::bigint[])
    order by u.id`.execute(db);
  return rows.rows;
}

/** Locks every unit whose scope path lies under the prefix (the subtree a move or merge re-writes), in id order. */
export async function lockSubtree(db: Executor, prefix: string): Promise<number> {
  const rows = await sql<{ id: number }>`
    select id from org_units where scope_path like ${escapeLikeValue(prefix) + '%'} order by id for update nowait`.execute(db);
  return rows.rows.length;
}

export interface VersionAsOf {
  unit_id: number;
  path: string;
  depth: number;
  kind: string;
  name: string;
  parent_id: number | null;
}

export async function versionsInForce(db: Executor, unitIds: readonly number[], date: string): Promise<Map<number, VersionAsOf>> {
  if (unitIds.length === 0) return new Map();
  const rows = await sql<VersionAsOf>`
    select v.unit_id, v.path, v.depth, v.kind, v.name, v.parent_id from org_unit_versions v
    where v.unit_id = any(${[...new Set(unitIds)]}::bigint[]) and ${versionInForce('v', date)}`.execute(db);
  return new Map(rows.rows.map((row) => [row.unit_id, row]));
}

/**
 * Whether any non-voided version at or under the path starts or ends after the date: a change recorded later than
 * the date, which a change dated `date` would have to rewrite. (A version that starts on the date is replaced.)
 */
export async function findLaterChangeUnder(db: Executor, path: string, date: string): Promise<{ unit_id: number; valid_from: string; valid_to: string | null } | undefined> {
  const rows = await sql<{ unit_id: number; valid_from: string; valid_to: string | null }>`
    select unit_id, valid_from, valid_to from org_unit_versions
    where path like ${escapeLikeValue(path) + '%'} and voided_by_batch_id is null
      and (valid_from > ${date} or valid_to > ${date})
    limit 1`.execute(db);
  return rows.rows[0];
}

/** Open child versions of the units (live children), with kind and path. */
export async function findLiveChildren(db: Executor, parentIds: readonly number[]) {
  if (parentIds.length === 0) return [];
  return db
    .selectFrom('org_unit_versions as v')
    .select(['v.unit_id', 'v.parent_id', 'v.kind', 'v.name', 'v.path', 'v.depth', 'v.valid_from'])
    .where('v.parent_id', 'in', [...parentIds])
    .where(versionIsCurrent('v'))
    .orderBy('v.unit_id')
    .execute();
}

/** Codes already used by live or ended units (a voided unit releases its code). */
export async function findTakenCodes(db: Executor, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }>`select code from org_units where lower(code) = any(${codes.map((code) => code.toLowerCase())}::text[])`.execute(db);
  return rows.rows.map((row) => row.code);
}

/** Live units whose current code is one of the codes (an establish batch's parents named by code), any scope. */
export async function findLiveUnitsByCode(db: Executor, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await sql<{ id: number; code: string }>`
    select id, code from org_units where code = any(${[...new Set(codes)]}::text[]) and ended_on is null`.execute(db);
  return new Map(rows.rows.map((row) => [row.code, Number(row.id)]));
}

export interface EstablishedUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  sector: string | null;
  parentId: number;
  path: string;
  depth: number;
}

/**
 * Writes the units an establish batch creates, set-based: their rows (ids reserved by the caller, scope path = path),
 * their first versions in one statement (the triggers run once over the lot), and their ancestor columns. Parents
 * come before their children in `units` when both are new.
 */
export async function insertEstablishedUnits(db: Executor, units: readonly EstablishedUnit[], date: string, batchId: number): Promise<void> {
  if (units.length === 0) return;
  const rows = JSON.stringify(units.map((unit) => ({ ...unit, name_folded: foldText(unit.name) })));
  await sql`
    insert into org_units (id, code, scope_path, province_id, superior_id, grassroots_id, established_on, ended_on, end_reason)
    select r.id, r.code, r.path, null, null, null, ${date}::date, null, null
    from jsonb_to_recordset(${rows}::jsonb) as r(id bigint, code text, path text)`.execute(db);
  await sql`
    insert into org_unit_versions (unit_id, valid_from, valid_to, parent_id, name, name_folded, kind, sector, code, path, depth, batch_id, change)
    select r.id, ${date}::date, null, r."parentId", r.name, r.name_folded, r.kind, r.sector, r.code, r.path, r.depth, ${batchId}::bigint, 'establish'
    from jsonb_to_recordset(${rows}::jsonb) as r(id bigint, "parentId" bigint, name text, name_folded text, kind text, sector text, code text, path text, depth int)
    order by r.depth, r.id`.execute(db);
  await refreshAncestorColumnsOf(db, units.map((unit) => unit.id));
  // A level of a new tree is a load: the requests after it are planned on it (migration 0052).
  await sql`select analyze_after_load('tree', ${units.length}::bigint)`.execute(db);
}

export async function insertBatch(db: Executor, batch: { operation: string; effectiveDate: string; decisionId: number | null; payload: unknown; appliedBy: number; reason: string | null; undoesBatchId?: number | null }): Promise<{ id: number; applied_at: Date }> {
  return db
    .insertInto('restructure_batches')
    .values({
      operation: batch.operation,
      effective_date: batch.effectiveDate,
      decision_id: batch.decisionId,
      payload: JSON.stringify(batch.payload),
      status: 'applied',
      undoes_batch_id: batch.undoesBatchId ?? null,
      undone_by_batch_id: null,
      applied_by: batch.appliedBy,
      reason: batch.reason,
    })
    .returning(['id', 'applied_at'])
    .executeTakeFirstOrThrow();
}

export async function saveBatchSummary(db: Executor, batchId: number, summary: unknown): Promise<void> {
  await db.updateTable('restructure_batches').set({ summary: JSON.stringify(summary) }).where('id', '=', batchId).execute();
}

export async function markBatchUndone(db: Executor, batchId: number, undoBatchId: number): Promise<number> {
  const result = await db.updateTable('restructure_batches').set({ status: 'undone', undone_by_batch_id: undoBatchId }).where('id', '=', batchId).where('status', '=', 'applied').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertUnitRow(db: Executor, unit: { code: string; establishedOn: string }): Promise<number> {
  const row = await db
    .insertInto('org_units')
    .values({ code: unit.code, established_on: unit.establishedOn, province_id: null, superior_id: null, grassroots_id: null, ended_on: null, end_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewVersion {
  unitId: number;
  validFrom: string;
  parentId: number | null;
  name: string;
  kind: string;
  sector: string | null;
  code: string;
  path: string;
  depth: number;
  batchId: number;
  change: string;
}

export async function insertVersion(db: Executor, version: NewVersion): Promise<number> {
  const row = await db
    .insertInto('org_unit_versions')
    .values({
      unit_id: version.unitId,
      valid_from: version.validFrom,
      valid_to: null,
      parent_id: version.parentId,
      name: version.name,
      name_folded: foldText(version.name),
      kind: version.kind,
      sector: version.sector,
      code: version.code,
      path: version.path,
      depth: version.depth,
      batch_id: version.batchId,
      change: version.change,
      voided_by_batch_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Ends the open versions of the units on the date: a version that began before the date is closed (valid_to), one
 * that began on the date (an earlier batch of the same day) is replaced: voided by this batch, which undo reverses.
 */
export async function closeOpenVersions(db: Executor, unitIds: readonly number[], date: string, batchId: number): Promise<{ closed: number; voided: number }> {
  if (unitIds.length === 0) return { closed: 0, voided: 0 };
  const voided = await db
    .updateTable('org_unit_versions as v')
    .set({ voided_by_batch_id: batchId })
    .where('v.unit_id', 'in', [...unitIds])
    .where(versionIsCurrent('v'))
    .where('v.valid_from', '=', date)
    .executeTakeFirst();
  const closed = await db
    .updateTable('org_unit_versions as v')
    .set({ valid_to: date, closed_by_batch_id: batchId })
    .where('v.unit_id', 'in', [...unitIds])
    .where(versionIsCurrent('v'))
    .where('v.valid_from', '<', date)
    .executeTakeFirst();
  return { closed: Number(closed.numUpdatedRows), voided: Number(voided.numUpdatedRows) };
}

/**
 * Re-writes every open version strictly under `oldPrefix` so that from `date` it sits under `newPrefix`: a new
 * version (change 'ancestor_moved') with the new path and depth, and the old one closed on the date (or voided,
 * when it began on the date). Returns the number of descendants re-written.
 */
export async function rewriteDescendants(db: Executor, params: { oldPrefix: string; newPrefix: string; date: string; batchId: number }): Promise<{ rewritten: number; closed: number; voided: number }> {
  const { oldPrefix, newPrefix, date, batchId } = params;
  const depthShift = newPrefix.split('/').length - oldPrefix.split('/').length;
  const pattern = escapeLikeValue(oldPrefix) + '%';
  const inserted = await sql`
    insert into org_unit_versions (unit_id, valid_from, valid_to, parent_id, name, name_folded, kind, sector, code, path, depth, batch_id, change)
    select v.unit_id, ${date}, null, v.parent_id, v.name, v.name_folded, v.kind, v.sector, v.code,
           ${newPrefix} || substr(v.path, ${oldPrefix.length + 1}), v.depth + ${depthShift}, ${batchId}, 'ancestor_moved'
    from org_unit_versions v
    where v.path like ${pattern} and v.path <> ${oldPrefix} and ${versionIsCurrent('v')}`.execute(db);
  const voided = await sql`
    update org_unit_versions v set voided_by_batch_id = ${batchId}
    where v.path like ${pattern} and v.path <> ${oldPrefix} and ${versionIsCurrent('v')}
      and v.valid_from = ${date}`.execute(db);
  const closed = await sql`
    update org_unit_versions v set valid_to = ${date}, closed_by_batch_id = ${batchId}
    where v.path like ${pattern} and v.path <> ${oldPrefix} and ${versionIsCurrent('v')}
      and v.valid_from < ${date}`.execute(db);
  return { rewritten: Number(inserted.numAffectedRows ?? 0), closed: Number(closed.numAffectedRows ?? 0), voided: Number(voided.numAffectedRows ?? 0) };
}

/**
 * Moves scope paths: every org_units row whose scope_path starts with `oldPrefix` (the unit, its live descendants and
 * the ended units kept under it) gets `newPrefix` instead, and a new row_version.
 */
export async function moveScopePaths(db: Executor, oldPrefix: string, newPrefix: string): Promise<number> {
  if (oldPrefix === newPrefix) return 0;
  const result = await sql`
    update org_units set scope_path = ${newPrefix} || substr(scope_path, ${oldPrefix.length + 1}), row_version = row_version + 1
    where scope_path like ${escapeLikeValue(oldPrefix) + '%'}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

const kindsOfLevel = (level: OrgLevel) => Object.entries(ORG_KINDS).filter(([, value]) => value.level === level).map(([kind]) => kind);

/**
 * Recomputes province_id, superior_id and grassroots_id of every unit whose scope path lies under the prefix, from
 * the kinds of the units on that path (the unit itself included: a grassroots organization is its own grassroots_id).
 */
export async function refreshAncestorColumns(db: Executor, prefix: string): Promise<void> {
  const pattern = escapeLikeValue(prefix) + '%';
  await sql`
    with members as (
      select u.id, a.ancestor_id::bigint as ancestor_id, a.ord
      from org_units u
      cross join lateral unnest(string_to_array(trim(both '/' from u.scope_path), '/')) with ordinality as a(ancestor_id, ord)
      where u.scope_path like ${pattern} and a.ancestor_id <> ''
    ),
    kinds as (
      select distinct on (v.unit_id) v.unit_id, v.kind
      from org_unit_versions v
      where v.unit_id in (select distinct ancestor_id from members) and v.voided_by_batch_id is null
      order by v.unit_id, v.valid_from desc
    ),
    derived as (
      select m.id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('provincial')}::text[])))[1] as province_id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('superior')}::text[])))[1] as superior_id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('grassroots')}::text[])))[1] as grassroots_id
      from members m
      left join kinds k on k.unit_id = m.ancestor_id
      group by m.id
    )
    update org_units u set province_id = d.province_id, superior_id = d.superior_id, grassroots_id = d.grassroots_id
    from derived d
    where d.id = u.id and (u.province_id is distinct from d.province_id or u.superior_id is distinct from d.superior_id or u.grassroots_id is distinct from d.grassroots_id)`.execute(db);
}

/** The same for the units given (units just created, whose scope paths are their paths). */
export async function refreshAncestorColumnsOf(db: Executor, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await sql`
    with members as (
      select u.id, a.ancestor_id::bigint as ancestor_id, a.ord
      from org_units u
      cross join lateral unnest(string_to_array(trim(both '/' from u.scope_path), '/')) with ordinality as a(ancestor_id, ord)
      where u.id = any(${[...unitIds]}::bigint[]) and a.ancestor_id <> ''
    ),
    kinds as (
      select distinct on (v.unit_id) v.unit_id, v.kind
      from org_unit_versions v
      where v.unit_id in (select distinct ancestor_id from members) and v.voided_by_batch_id is null
      order by v.unit_id, v.valid_from desc
    ),
    derived as (
      select m.id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('provincial')}::text[])))[1] as province_id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('superior')}::text[])))[1] as superior_id,
        (array_agg(m.ancestor_id order by m.ord desc) filter (where k.kind = any(${kindsOfLevel('grassroots')}::text[])))[1] as grassroots_id
      from members m
      left join kinds k on k.unit_id = m.ancestor_id
      group by m.id
    )
    update org_units u set province_id = d.province_id, superior_id = d.superior_id, grassroots_id = d.grassroots_id
    from derived d
    where d.id = u.id and (u.province_id is distinct from d.province_id or u.superior_id is distinct from d.superior_id or u.grassroots_id is distinct from d.grassroots_id)`.execute(db);
}

export async function setUnitFields(db: Executor, unitId: number, fields: { scope_path?: string; code?: string; ended_on?: string | null; end_reason?: 'merged' | 'dissolved' | 'split' | 'voided' | null }): Promise<void> {
  await db.updateTable('org_units').set({ ...fields, row_version: sql`row_version + 1` }).where('id', '=', unitId).execute();
}

export async function bumpRowVersions(db: Executor, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.updateTable('org_units').set({ row_version: sql`row_version + 1` }).where('id', 'in', [...unitIds]).execute();
}

export async function insertLinks(db: Executor, links: { predecessorId: number; successorId: number; kind: 'merged_into' | 'split_into' | 'upgraded_to' | 'absorbed_into'; date: string; batchId: number }[]): Promise<void> {
  if (links.length === 0) return;
  await db.insertInto('org_unit_links').values(links.map((link) => ({
    predecessor_id: link.predecessorId, successor_id: link.successorId, link_kind: link.kind, effective_date: link.date, batch_id: link.batchId, voided_by_batch_id: null,
  }))).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Undo

/** Every unit the batch touched: versions created or closed by it, and both ends of its links. */
export async function findTouchedUnits(db: Executor, batchId: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select unit_id as id from org_unit_versions where batch_id = ${batchId}
    union select unit_id from org_unit_versions where closed_by_batch_id = ${batchId}
    union select unit_id from org_unit_versions where voided_by_batch_id = ${batchId} and batch_id is distinct from ${batchId}
    union select predecessor_id from org_unit_links where batch_id = ${batchId}
    union select successor_id from org_unit_links where batch_id = ${batchId}
    order by 1`.execute(db);
  return rows.rows.map((row) => row.id);
}

/** A non-voided change recorded by a later batch on, or under, the touched units. */
export async function findLaterBatchChange(db: Executor, batchId: number, unitIds: readonly number[]): Promise<{ batch_id: number; unit_id: number } | undefined> {
  if (unitIds.length === 0) return undefined;
  const ids = [...unitIds];
  // Later batches are few: start from them (batch_id / closed_by indexes) and test membership in a hashed set.
  const rows = await sql<{ batch_id: number; unit_id: number }>`
    with touched as (select unnest(${ids}::bigint[]) as id)
    select batch_id, unit_id from (
      select v.batch_id, v.unit_id from org_unit_versions v
      where v.voided_by_batch_id is null and v.batch_id > ${batchId}
        and (v.unit_id in (select id from touched) or v.parent_id in (select id from touched))
      union all
      select v.closed_by_batch_id, v.unit_id from org_unit_versions v
      where v.closed_by_batch_id > ${batchId} and v.unit_id in (select id from touched)
      union all
      select l.batch_id, l.predecessor_id from org_unit_links l
      where l.voided_by_batch_id is null and l.batch_id > ${batchId}
        and (l.predecessor_id in (select id from touched) or l.successor_id in (select id from touched))
    ) later
    order by batch_id
    limit 1`.execute(db);
  return rows.rows[0];
}

export async function voidBatchVersions(db: Executor, batchId: number, undoBatchId: number): Promise<number> {
  const result = await db.updateTable('org_unit_versions').set({ voided_by_batch_id: undoBatchId }).where('batch_id', '=', batchId).where('voided_by_batch_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * After an undo: an open version of the units whose parent is not open at the matching path (the parent ended or
 * moved since the batch), which would break the tree; the undo is then refused.
 */
export async function findOrphanedOpenVersion(db: Executor, unitIds: readonly number[]): Promise<{ unit_id: number; parent_id: number } | undefined> {
  if (unitIds.length === 0) return undefined;
  const rows = await sql<{ unit_id: number; parent_id: number }>`
    select v.unit_id, v.parent_id from org_unit_versions v
    where v.unit_id = any(${[...unitIds]}::bigint[]) and ${versionIsCurrent('v')} and v.parent_id is not null
      and not exists (
        select 1 from org_unit_versions p
        where p.unit_id = v.parent_id and ${versionIsCurrent('p')} and p.path || v.unit_id || '/' = v.path
      )
    limit 1`.execute(db);
  return rows.rows[0];
}

/** Versions the batch replaced (same-day changes) come back. */
export async function unvoidReplacedVersions(db: Executor, batchId: number): Promise<number> {
  const result = await sql`
    update org_unit_versions set voided_by_batch_id = null
    where voided_by_batch_id = ${batchId} and batch_id is distinct from ${batchId}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function reopenBatchClosedVersions(db: Executor, batchId: number): Promise<number> {
  const result = await db.updateTable('org_unit_versions').set({ valid_to: null, closed_by_batch_id: null }).where('closed_by_batch_id', '=', batchId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function voidBatchLinks(db: Executor, batchId: number, undoBatchId: number): Promise<number> {
  const result = await db.updateTable('org_unit_links').set({ voided_by_batch_id: undoBatchId }).where('batch_id', '=', batchId).where('voided_by_batch_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Units whose own placement the batch changed (not 'ancestor_moved'), or that it ended: the roots of its effects. */
export async function findDirectlyChangedUnits(db: Executor, batchId: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    with written as (select distinct unit_id from org_unit_versions where batch_id = ${batchId})
    select unit_id as id from org_unit_versions where batch_id = ${batchId} and change <> 'ancestor_moved'
    union
    select c.unit_id from org_unit_versions c
    where (c.closed_by_batch_id = ${batchId} or (c.voided_by_batch_id = ${batchId} and c.batch_id is distinct from ${batchId}))
      and c.unit_id not in (select unit_id from written)
    order by 1`.execute(db);
  return rows.rows.map((row) => row.id);
}

/** Each unit's scope_path next to its open version's path (units without an open version are left out). */
export async function findScopeDrift(db: Executor, unitIds: readonly number[]) {
  if (unitIds.length === 0) return [];
  return (await sql<{ id: number; scope_path: string; path: string; code: string; version_code: string }>`
    select u.id, u.scope_path, v.path, u.code, v.code as version_code
    from org_units u
    join org_unit_versions v on v.unit_id = u.id and ${versionIsCurrent('v')}
    where u.id = any(${[...unitIds]}::bigint[])
    order by length(v.path), u.id`.execute(db)).rows;
}

export async function findOpenSnapshots(db: Executor, unitIds: readonly number[]) {
  if (unitIds.length === 0) return new Map<number, { code: string; name: string; kind: string; sector: string | null; parentId: number | null; path: string }>();
  const rows = await db
    .selectFrom('org_unit_versions as v')
    .select(['v.unit_id', 'v.code', 'v.name', 'v.kind', 'v.sector', 'v.parent_id', 'v.path'])
    .where('v.unit_id', 'in', [...unitIds])
    .where(versionIsCurrent('v'))
    .execute();
  return new Map(rows.map((row) => [row.unit_id, { code: row.code, name: row.name, kind: row.kind, sector: row.sector, parentId: row.parent_id, path: row.path }]));
}
