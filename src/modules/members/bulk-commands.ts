/**
 * Bulk life-cycle commands (issue 11, item 3): many members under one decision, in one request and one transaction.
 *
 * Every row goes through the very command that acts on one member (`members.service.ts`), so a row is judged by the
 * same rules with the same error codes as one at a time: admission (Charter Arts. 1, 4, 5; 294-QĐ/TW Arts. 1–3;
 * 06-HD/TW §1), recognition as official (Charter Art. 5; 294-QĐ/TW Art. 5), removal from the list (xóa tên; Charter
 * Art. 8; 294-QĐ/TW Art. 7), expulsion (Charter Art. 35). Each member event is journaled as the single command
 * journals it, citing the request's decision, so the journal and the member's timeline read as if entered one by one.
 *
 * All or nothing: every row is tried (each under a savepoint, so a row that fails leaves the later rows judged on
 * the state the earlier good rows left); if any row fails nothing is applied and BULK_ROWS_INVALID names every bad
 * row (its index, its key, the code and the message in the caller's language); when every bad row is one the caller
 * cannot see (out of scope or absent) the answer is NOT_FOUND (404), as the single command's, the rows named the same. The members of a request are locked
 * up front in id order, so two requests on overlapping members serialize instead of deadlocking: the second sees
 * what the first did (CONFLICT on a row that gave `expectedRowVersion`, else the rule the new state breaks).
 * The same member twice in one request is a bad row (BULK_DUPLICATE_ROW); more than BULK_MAX_ROWS rows is
 * BULK_TOO_MANY_ROWS.
 */
import { sql } from 'kysely';
import { AppError, errorMessage, type ErrorCode, type Locale } from '../../contracts/errors.ts';
import {
  BULK_MAX_ROWS, type BulkAdmissionRequest, type BulkLeaveRequest, type BulkRecognitionRequest, type BulkResult, type BulkRowError,
} from '../../contracts/members.ts';
import { scopeOf, type Actor, type Tx } from '../../kernel/index.ts';
import * as repo from './members.repository.ts';
import type { MemberRow } from './members.repository.ts';
import { admitMember, expelMember, recognizeMember, removeMember } from './members.service.ts';

type RowKey = Record<string, number | string | null>;

/** What one applied row gives back. */
export interface AppliedRow { memberId: number; eventId: number | null; transferId: number | null; rowVersion: number }

/** Postgres errors a row can meet when another transaction holds what it needs: the row was overtaken (CONFLICT). */
const RACE_CODES = new Set(['40P01', '40001', '55P03']);

/**
 * Runs `run` on every row in the transaction, each under a savepoint; throws BULK_ROWS_INVALID naming every bad row
 * when any fails (the route's transaction then rolls back, applying nothing), else returns what each row gave.
 * `uniqueKey` (e.g. the member id) makes a second row with the same key a bad row (BULK_DUPLICATE_ROW).
 */
export async function applyBulkRows<R>(tx: Tx, rows: readonly R[], options: {
  locale: Locale;
  keyOf: (row: R, index: number) => RowKey;
  uniqueKey?: (row: R) => number | string;
  run: (row: R, index: number) => Promise<AppliedRow>;
}): Promise<BulkResult> {
  assertBulkSize(rows.length);
  const errors: BulkRowError[] = [];
  const items: BulkResult['items'] = [];
  const seen = new Map<number | string, number>();
  const fail = (index: number, row: R, code: ErrorCode, details: unknown) => {
    errors.push({ index, key: options.keyOf(row, index), code, message: errorMessage(code, options.locale), details: details ?? null });
  };
  for (const [index, row] of rows.entries()) {
    if (options.uniqueKey) {
      const unique = options.uniqueKey(row);
      const first = seen.get(unique);
      if (first !== undefined) {
        fail(index, row, 'BULK_DUPLICATE_ROW', { firstIndex: first });
        continue;
      }
      seen.set(unique, index);
    }
    await sql`savepoint bulk_row`.execute(tx);
    try {
      const applied = await options.run(row, index);
      await sql`release savepoint bulk_row`.execute(tx);
      items.push({ index, ...applied });
    } catch (error) {
      await sql`rollback to savepoint bulk_row`.execute(tx);
      if (error instanceof AppError) fail(index, row, error.code, error.details);
      else if (RACE_CODES.has((error as { code?: string }).code ?? '')) fail(index, row, 'CONFLICT', null);
      else throw error;
    }
  }
  if (errors.length === 0) return { applied: items.length, items };
  // Rows the caller cannot see, and nothing else wrong: answered as a missing object is (404, like the single command,
  // so nothing tells an out-of-scope member from an absent one), the rows still named.
  const code = errors.every((error) => error.code === 'NOT_FOUND') ? 'NOT_FOUND' : 'BULK_ROWS_INVALID';
  throw new AppError(code, { rows: errors, invalid: errors.length, total: rows.length });
}

export function assertBulkSize(count: number): void {
  if (count > BULK_MAX_ROWS) throw new AppError('BULK_TOO_MANY_ROWS', { max: BULK_MAX_ROWS, given: count });
}

/**
 * Locks the request's members in the caller's write scope, in id order (one statement), before any row runs: the
 * prefetch of every member the rows name and the order that keeps two overlapping requests from deadlocking.
 * A member missing from the answer is out of scope or absent: its row gets NOT_FOUND from the command itself.
 */
export async function lockRequestMembers(tx: Tx, actor: Actor, memberIds: readonly number[]): Promise<Map<number, MemberRow>> {
  const unique = [...new Set(memberIds)];
  const locked = unique.length === 0 ? [] : await repo.lockMembersInOrder(tx, unique, scopeOf(actor.caller, 'member.write'));
  return new Map(locked.map((member) => [member.id, member]));
}

/** The version a row acts at: the one it gives (checked by the command), else the one read under the lock. */
function versionFor(locked: Map<number, MemberRow>, memberId: number, expected: number | undefined): number {
  if (expected !== undefined) return expected;
  const member = locked.get(memberId);
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  return member.row_version;
}

/** Admissions (kết nạp) of many applicants under one decision: each row is an `admitMember` with the shared decision. */
export function admitMembersInBulk(tx: Tx, actor: Actor, input: BulkAdmissionRequest, locale: Locale): Promise<BulkResult> {
  return applyBulkRows(tx, input.rows, {
    locale,
    keyOf: (row) => ({ unitId: row.unitId, fullName: row.member.fullName, citizenId: row.member.citizenId ?? null }),
    run: async (row) => {
      const result = await admitMember(tx, actor, { ...row, decisionId: input.decisionId, reason: input.reason });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}

/** Recognitions as official (công nhận đảng viên chính thức) under one decision. */
export async function recognizeMembersInBulk(tx: Tx, actor: Actor, input: BulkRecognitionRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  return applyBulkRows(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId }),
    uniqueKey: (row) => row.memberId,
    run: async (row) => {
      const result = await recognizeMember(tx, actor, row.memberId, {
        decisionId: input.decisionId, reason: input.reason, expectedRowVersion: versionFor(locked, row.memberId, row.expectedRowVersion),
      });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}

/** Removals from the list (xóa tên) or expulsions (khai trừ) under one decision, on one date and ground. */
export async function leaveInBulk(tx: Tx, actor: Actor, kind: 'removal' | 'expulsion', input: BulkLeaveRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  const command = kind === 'removal' ? removeMember : expelMember;
  return applyBulkRows(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId }),
    uniqueKey: (row) => row.memberId,
    run: async (row) => {
      const result = await command(tx, actor, row.memberId, {
        decisionId: input.decisionId, effectiveDate: input.effectiveDate, ground: input.ground, reason: input.reason,
        expectedRowVersion: versionFor(locked, row.memberId, row.expectedRowVersion),
      });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}
