/**
 * The decisions' bulk writer: besides `createDecision` and `createDecisionsInBulk` (the API's), the only code that
 * writes `decisions`. For loads of many decisions at once (demo data: every restructuring, admission, recognition…
 * cites one).
 *
 * Set-based: the source rows come as a select (a `sql` fragment or a Kysely select) whose columns are named as
 * listed, each cast to its column's type, written in one statement in the source's order.
 */
import { sql, type Expression } from 'kysely';
import type { Tx } from '../../kernel/executor.ts';

/** `count` new decision ids from the table's sequence, in order. */
export async function reserveDecisionIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: string }>`
    select nextval(pg_get_serial_sequence('decisions', 'id')::regclass)::text as id from generate_series(1, ${count}::int)`.execute(tx);
  return result.rows.map((row) => Number(row.id));
}

/**
 * Reserves consecutive decision ids (first … first + count), so that a load can compute a decision's id from its
 * row's number. Locks the table against other writers until the transaction ends, so that nobody else takes an id
 * inside the range.
 */
export async function reserveDecisionIdRange(tx: Tx, count: number): Promise<number> {
  await sql`lock table decisions in share row exclusive mode`.execute(tx);
  const result = await sql<{ first: string }>`
    select (setval(s.seq, nextval(s.seq) + ${count}::bigint) - ${count}::bigint)::text as first
    from (select pg_get_serial_sequence('decisions', 'id')::regclass as seq) s`.execute(tx);
  return Number(result.rows[0].first);
}

/**
 * Writes decisions. `source` yields, by name: `id` (reserved), `number`, `number_folded` (`foldDecisionNumber` of
 * the number: what the search compares), `signed_on`, `issuing_body`, `issuing_unit_id`, `signer`, `subject`,
 * `created_at` (null: now). A decision is citable by the units at and under its issuing unit
 * (`requireUsableDecision`).
 */
export async function insertDecisionsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into decisions (id, number, signed_on, issuing_body, issuing_unit_id, signer, subject, number_folded, created_at)
    select s.id::bigint, s.number::text, s.signed_on::date, s.issuing_body::text, s.issuing_unit_id::bigint, s.signer::text, s.subject::text,
      s.number_folded::text, coalesce(s.created_at::timestamptz, now())
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
