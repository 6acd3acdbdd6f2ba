/**
 * The transfers' bulk writer: besides the transfer commands, the only code that writes `member_transfers`. For loads
 * of transfers already completed (demo data). Set-based: the source rows come as a select whose columns are named
 * as listed, each cast to its column's type, written in one statement.
 */
import { sql, type Expression, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../kernel/executor.ts';
import { unnestRows } from '../members/index.ts';
import type { TransferRow } from './transfers.repository.ts';
import type { MemberTransfersTable } from './transfers.tables.ts';

/**
 * Reserves consecutive transfer ids (first … first + count), so that a load can compute a transfer's id from its
 * row's number. Locks the table against other writers until the transaction ends.
 */
export async function reserveTransferIdRange(tx: Tx, count: number): Promise<number> {
  await sql`lock table member_transfers in share row exclusive mode`.execute(tx);
  const result = await sql<{ first: string }>`
    select (setval(s.seq, nextval(s.seq) + ${count}::bigint) - ${count}::bigint)::text as first
    from (select pg_get_serial_sequence('member_transfers', 'id')::regclass as seq) s`.execute(tx);
  return Number(result.rows[0].first);
}

/**
 * Writes transfers. `source` yields, by name: `id` (reserved), `member_id`, `kind`, `purpose`, `from_unit_id`,
 * `to_unit_id`, `status`, `issued_on`, `issue_decision_id`, `due_by`, `temporary_until`, `received_on`,
 * `receive_decision_id`, `cell_id`, `present_by`, `presented_on`, `created_at` (null: now). The caller writes the
 * member events of each step (`insertMemberEventsFrom`) in the same transaction.
 */
export async function insertTransfersFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into member_transfers (id, member_id, kind, purpose, from_unit_id, to_unit_id, status, issued_on, issue_decision_id, due_by,
      temporary_until, received_on, receive_decision_id, cell_id, present_by, presented_on, created_at)
    select s.id::bigint, s.member_id::bigint, s.kind::text, s.purpose::text, s.from_unit_id::bigint, s.to_unit_id::bigint, s.status::text,
      s.issued_on::date, s.issue_decision_id::bigint, s.due_by::date, s.temporary_until::date, s.received_on::date,
      s.receive_decision_id::bigint, s.cell_id::bigint, s.present_by::date, s.presented_on::date, coalesce(s.created_at::timestamptz, now())
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Writes new transfers as given, in one statement (`unnestRows`); returns them. */
export async function insertTransferRows(tx: Tx, rows: readonly Insertable<MemberTransfersTable>[]): Promise<TransferRow[]> {
  if (rows.length === 0) return [];
  const { columns, source } = await unnestRows(tx, 'member_transfers', rows);
  const names = sql.join(columns.map((column) => sql.id(column)));
  const result = await sql<TransferRow>`insert into member_transfers (${names}) select ${names} from ${source} returning *`.execute(tx);
  return result.rows;
}

/**
 * Updates transfers as `updateTransfer` does one (the row version goes up), in one statement; every row changes the
 * same columns. Returns the rows as written.
 */
export async function updateTransfersInBulk(tx: Tx, rows: readonly { id: number; changes: Updateable<MemberTransfersTable> }[]): Promise<TransferRow[]> {
  if (rows.length === 0) return [];
  const { columns, source } = await unnestRows(tx, 'member_transfers', rows.map((row) => ({ id: row.id, ...row.changes })));
  const sets = columns.filter((column) => column !== 'id').map((column) => sql`${sql.id(column)} = r.${sql.id(column)}`);
  const result = await sql<TransferRow>`
    update member_transfers t set ${sql.join([...sets, sql`row_version = t.row_version + 1`])}
    from ${source} where t.id = r.id
    returning t.*`.execute(tx);
  return result.rows;
}
