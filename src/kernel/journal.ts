/** The append-only journal's one writer: every mutation calls `writeJournal` inside its command's transaction. */
import type { Executor } from './executor.ts';

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

export async function writeJournalMany(db: Executor, entries: JournalEntry[]): Promise<void> {
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
