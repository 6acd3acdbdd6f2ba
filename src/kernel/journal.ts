/** The append-only journal's one writer: every mutation calls `writeJournal` inside its command's transaction. */
import { sql, type Expression } from 'kysely';
import type { Executor, Tx } from './executor.ts';

export interface JournalEntry {
  accountId: number | null;
  action: string;
  objectType: string;
  objectId: string | number;
  unitId?: number | null;
  effectiveDate?: string | null;
  decisionId?: number | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export async function writeJournal(db: Executor, entry: JournalEntry): Promise<void> {
  await writeJournalMany(db, [entry]);
}

/** Entries per statement (one array per column: a large request is not one huge statement either). */
const JOURNAL_CHUNK = 5_000;

export async function writeJournalMany(db: Executor, entries: readonly JournalEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += JOURNAL_CHUNK) await writeJournalChunk(db, entries.slice(start, start + JOURNAL_CHUNK));
}

/**
 * One `insert … select from unnest`, an array per column: a multi-row VALUES of 11 parameters a row cost about
 * 70 ms to parse and plan per 1,000 entries, more than the bulk commands' own writes.
 */
async function writeJournalChunk(db: Executor, entries: readonly JournalEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(pick: (entry: JournalEntry) => T) => entries.map(pick);
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  await sql`
    insert into journal (account_id, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before, after, request_id)
    select account_id, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before::jsonb, after::jsonb, request_id
    from unnest(${column((e) => e.accountId)}::bigint[], ${column((e) => e.action)}::text[], ${column((e) => e.objectType)}::text[],
      ${column((e) => String(e.objectId))}::text[], ${column((e) => e.unitId ?? null)}::bigint[], ${column((e) => e.effectiveDate ?? null)}::date[],
      ${column((e) => e.decisionId ?? null)}::bigint[], ${column((e) => e.reason ?? null)}::text[], ${column((e) => json(e.before))}::text[],
      ${column((e) => json(e.after))}::text[], ${column((e) => e.requestId ?? null)}::text[])
      with ordinality as j(account_id, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before, after, request_id, ord)
    order by ord`.execute(db);
}

/**
 * The set-based variant, for bulk loads (imports, demo data): writes every row of `source`, a select whose columns
 * are named `recorded_at` (null: now), `account_id`, `action`, `object_type`, `object_id`, `unit_id`,
 * `effective_date`, `decision_id`, `reason`, `before`, `after` and `request_id` (each cast to the journal's type, so
 * a bare null will do), in the source's order, in one statement. Returns the number of entries written.
 */
export async function writeJournalFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into journal (recorded_at, account_id, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before, after, request_id)
    select coalesce(s.recorded_at::timestamptz, now()), s.account_id::bigint, s.action::text, s.object_type::text, s.object_id::text,
      s.unit_id::bigint, s.effective_date::date, s.decision_id::bigint, s.reason::text, s.before::jsonb, s.after::jsonb, s.request_id::text
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
