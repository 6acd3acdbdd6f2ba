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

/** Entries per statement: 11 parameters each stay under PostgreSQL's 65,535 per statement. */
const JOURNAL_CHUNK = 5_000;

export async function writeJournalMany(db: Executor, entries: JournalEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += JOURNAL_CHUNK) await writeJournalChunk(db, entries.slice(start, start + JOURNAL_CHUNK));
}

async function writeJournalChunk(db: Executor, entries: JournalEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('journal')
    .values(entries.map((entry) => ({
      account_id: entry.accountId,
      action: entry.action,
      object_type: entry.objectType,
      object_id: String(entry.objectId),
      unit_id: entry.unitId ?? null,
      effective_date: entry.effectiveDate ?? null,
      decision_id: entry.decisionId ?? null,
      reason: entry.reason ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId ?? null,
    })))
    .execute();
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
