/**
 * The organization tree's bulk writers: besides the restructuring commands, the only code that writes `org_units`,
 * `org_unit_versions`, `org_unit_links` and `restructure_batches`. For loads of a whole tree with its history at
 * once (demo data, benchmark fixtures).
 *
 * Set-based: a writer takes its source rows as a select (a `sql` fragment or a Kysely select) whose columns are
 * named as it lists, casts each to its column's type and writes them all in one statement, in the source's order.
 * The caller computes what the restructuring service would have written (paths, depths, ancestor columns, batch
 * summaries) and is responsible for the tree's invariants (`test/helpers/org-invariants.ts` checks them).
 */
import { sql, type Expression } from 'kysely';
import type { Tx } from '../../kernel/executor.ts';

/** `count` new unit ids from the table's sequence, in order. */
export async function reserveUnitIds(tx: Tx, count: number): Promise<number[]> {
  return reserveIds(tx, 'org_units', count);
}

/** `count` new restructuring batch ids from the table's sequence, in order. */
export async function reserveBatchIds(tx: Tx, count: number): Promise<number[]> {
  return reserveIds(tx, 'restructure_batches', count);
}

async function reserveIds(tx: Tx, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: string }>`
    select nextval(s.seq)::text as id
    from (select pg_get_serial_sequence(${table}, 'id')::regclass as seq) s cross join generate_series(1, ${count}::int)`.execute(tx);
  return result.rows.map((row) => Number(row.id));
}

/**
 * Writes units. `source` yields, by name: `id` (reserved), `code`, `scope_path` (today's place: the current path,
 * or for an ended unit the path under the unit that took it over), `province_id`, `superior_id`, `grassroots_id`
 * (the deepest unit of each level on the scope path), `established_on`, `ended_on`, `end_reason`, `row_version`
 * (the unit's live versions after the first).
 */
export async function insertUnitsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into org_units (id, code, scope_path, province_id, superior_id, grassroots_id, established_on, ended_on, end_reason, row_version)
    select s.id::bigint, s.code::text, s.scope_path::text, s.province_id::bigint, s.superior_id::bigint, s.grassroots_id::bigint,
      s.established_on::date, s.ended_on::date, s.end_reason::text, coalesce(s.row_version::int, 0)
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Writes unit versions, in the source's order (ids from the table's sequence follow it). One statement for all of
 * them, so that the count-delta triggers run once over the lot. `source` yields, by name: `unit_id`, `valid_from`,
 * `valid_to`, `parent_id`, `name`, `name_folded` (`foldText` of the name), `kind`, `sector`, `code`, `path`, `depth`,
 * `batch_id`, `change`, `voided_by_batch_id`, `closed_by_batch_id`.
 */
export async function insertUnitVersionsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into org_unit_versions (unit_id, valid_from, valid_to, parent_id, name, name_folded, kind, sector, code, path, depth, batch_id, change,
      voided_by_batch_id, closed_by_batch_id)
    select s.unit_id::bigint, s.valid_from::date, s.valid_to::date, s.parent_id::bigint, s.name::text, s.name_folded::text, s.kind::text,
      s.sector::text, s.code::text, s.path::text, s.depth::int, s.batch_id::bigint, s.change::text, s.voided_by_batch_id::bigint,
      s.closed_by_batch_id::bigint
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Writes lineage links. `source` yields, by name: `predecessor_id`, `successor_id`, `link_kind`, `effective_date`, `batch_id`. */
export async function insertUnitLinksFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into org_unit_links (predecessor_id, successor_id, link_kind, effective_date, batch_id)
    select s.predecessor_id::bigint, s.successor_id::bigint, s.link_kind::text, s.effective_date::date, s.batch_id::bigint
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Writes applied restructuring batches. `source` yields, by name: `id` (reserved: a later change has a larger id,
 * undo relies on it), `operation`, `effective_date`, `decision_id`, `payload` and `summary` (jsonb, as the service
 * records them), `applied_at`, `reason`.
 */
export async function insertRestructureBatchesFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into restructure_batches (id, operation, effective_date, decision_id, payload, summary, status, applied_at, reason)
    select s.id::bigint, s.operation::text, s.effective_date::date, s.decision_id::bigint, s.payload::jsonb, s.summary::jsonb, 'applied',
      coalesce(s.applied_at::timestamptz, now()), s.reason::text
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
