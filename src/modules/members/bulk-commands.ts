/**
 * Bulk life-cycle commands (issue 11, item 3): many members under one decision, in one request and one transaction.
 *
 * A row is judged by the very rules of the command that acts on one member (`members.service.ts`), with the same
 * error codes: admission (Charter Arts. 1, 4, 5; 294-QĐ/TW Arts. 1–3; 06-HD/TW §1), recognition as official (Charter
 * Art. 5; 294-QĐ/TW Art. 5), removal from the list (xóa tên; Charter Art. 8; 294-QĐ/TW Art. 7), expulsion (Charter
 * Art. 35). Each member event is journaled as the single command journals it, citing the request's decision, so the
 * journal and the member's timeline read as if entered one by one.
 *
 * Set-based, in three steps (NOTES.md, "Bulk commands"):
 *   1. read: the request's members locked in id order in one statement (`lockRequestMembers`), then what the rows are
 *      judged on, one statement each for all rows (latest life-cycle events, open placements, identity holders, the
 *      rows' units); the decision checked once;
 *   2. judge: every row by the single command's own `plan…` function on that state, which gives the row's fact or
 *      its refusal;
 *   3. write: when no row was refused, every fact at once (`writeFacts`: a few statements per request).
 * Rows that need the slow path stay on it: a late entry (dated before the member's latest life-cycle fact, whose
 * history is replayed) or an admission into a cell that has ended since (the member follows its restructurings) runs
 * through the single command, each under a savepoint, after the fast rows are judged and written, in the same
 * transaction. Should the set-based write meet a concurrent writer (a unique violation, a serialization failure), it
 * is undone and its rows run the slow way too, each named with the code the single command gives.
 *
 * All or nothing: every row is checked; if any row fails nothing is applied and BULK_ROWS_INVALID names every bad row
 * (its index, its key, the code and the message in the caller's language); when every bad row is one the caller
 * cannot see (out of scope or absent) the answer is NOT_FOUND (404), as the single command's, the rows named the
 * same. The members of a request are locked up front in id order, so two requests on overlapping members serialize
 * instead of deadlocking: the second sees what the first did (CONFLICT on a row that gave `expectedRowVersion`, else
 * the rule the new state breaks). The same member twice in one request is a bad row (BULK_DUPLICATE_ROW); more than
 * BULK_MAX_ROWS rows is BULK_TOO_MANY_ROWS.
 */
import { sql } from 'kysely';
import { AppError, errorMessage, type ErrorCode, type Locale } from '../../contracts/errors.ts';
import {
  BULK_MAX_ROWS, type BulkAdmissionRequest, type BulkLeaveRequest, type BulkRecognitionRequest, type BulkResult, type BulkRowError,
} from '../../contracts/members.ts';
import { requireUsableDecision, scopeOf, workingCalendarOf, type Actor, type Tx } from '../../kernel/index.ts';
import { isLateEntry } from './history.ts';
import { memberNameKeys } from './bulk.ts';
import * as repo from './members.repository.ts';
import type { IdentityHolder, MemberRow } from './members.repository.ts';
import {
  admitMember, expelMember, judgeLocked, planAdmission, planLeave, planRecognition, recognizeMember, removeMember, requireCellAsOf, settle,
  settledDecision, writeFacts, type CellAsOf, type MemberFact, type Settled,
} from './members.service.ts';

type RowKey = Record<string, number | string | null>;

/** What one applied row gives back. */
export interface AppliedRow { memberId: number; eventId: number | null; transferId: number | null; rowVersion: number }

/** A row the set-based path leaves to the single command. */
export const SLOW = Symbol('slow');

/** Postgres errors a row can meet when another transaction holds what it needs: the row was overtaken (CONFLICT). */
const RACE_CODES = new Set(['40P01', '40001', '55P03']);
/** What a set-based write can meet from a concurrent writer; its rows are then run one by one, each named. */
const WRITE_RACE_CODES = new Set([...RACE_CODES, '23505']);

/**
 * Judges every row, then writes the fast ones at once and runs the slow ones one by one (see the module's comment);
 * throws BULK_ROWS_INVALID naming every bad row when any fails (the route's transaction then rolls back, applying
 * nothing), else returns what each row gave, in the rows' order. `judge` gives a row's plan, SLOW, or throws its
 * refusal (an AppError); `write` writes the plans of the fast rows, in their order; `slow` runs the single command.
 * `uniqueKey` (e.g. the member id) makes a second row with the same key a bad row (BULK_DUPLICATE_ROW).
 */
export async function applyBulkPlans<R, P>(tx: Tx, rows: readonly R[], options: {
  locale: Locale;
  keyOf: (row: R, index: number) => RowKey;
  uniqueKey?: (row: R) => number | string;
  judge: (row: R, index: number) => P | typeof SLOW;
  write: (plans: readonly { row: R; index: number; plan: P }[]) => Promise<AppliedRow[]>;
  slow: (row: R, index: number) => Promise<AppliedRow>;
}): Promise<BulkResult> {
  assertBulkSize(rows.length);
  const errors: BulkRowError[] = [];
  const items: BulkResult['items'] = [];
  const fast: { row: R; index: number; plan: P }[] = [];
  let slow: { row: R; index: number }[] = [];
  const seen = new Map<number | string, number>();
  const fail = (index: number, row: R, code: ErrorCode, details: unknown) => {
    errors.push({ index, key: options.keyOf(row, index), code, message: errorMessage(code, options.locale, details), details: details ?? null });
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
    try {
      const plan = options.judge(row, index);
      if (plan === SLOW) slow.push({ row, index });
      else fast.push({ row, index, plan });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail(index, row, error.code, error.details);
    }
  }
  // The fast rows are written only when every one of them is good (else nothing will be applied anyway).
  if (errors.length === 0 && fast.length > 0) {
    await sql`savepoint bulk_write`.execute(tx);
    try {
      const applied = await options.write(fast);
      await sql`release savepoint bulk_write`.execute(tx);
      items.push(...applied.map((item, position) => ({ index: fast[position].index, ...item })));
    } catch (error) {
      if (!WRITE_RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
      await sql`rollback to savepoint bulk_write`.execute(tx);
      slow = [...fast.map(({ row, index }) => ({ row, index })), ...slow].sort((a, b) => a.index - b.index);
    }
  }
  for (const { row, index } of slow) {
    await sql`savepoint bulk_row`.execute(tx);
    try {
      const applied = await options.slow(row, index);
      await sql`release savepoint bulk_row`.execute(tx);
      items.push({ index, ...applied });
    } catch (error) {
      await sql`rollback to savepoint bulk_row`.execute(tx);
      if (error instanceof AppError) fail(index, row, error.code, error.details);
      else if (RACE_CODES.has((error as { code?: string }).code ?? '')) fail(index, row, 'CONFLICT', null);
      else throw error;
    }
  }
  if (errors.length === 0) return { applied: items.length, items: items.sort((a, b) => a.index - b.index) };
  errors.sort((a, b) => a.index - b.index);
  // Rows the caller cannot see, and nothing else wrong: answered as a missing object is (404, like the single command,
  // so nothing tells an out-of-scope member from an absent one), the rows still named.
  const code = errors.every((error) => error.code === 'NOT_FOUND') ? 'NOT_FOUND' : 'BULK_ROWS_INVALID';
  throw new AppError(code, { rows: errors, invalid: errors.length, total: rows.length });
}

export function assertBulkSize(count: number): void {
  if (count > BULK_MAX_ROWS) throw new AppError('BULK_TOO_MANY_ROWS', { max: BULK_MAX_ROWS, given: count });
}

/**
 * Locks the request's members in the caller's write scope, in id order (one statement), before any row is judged:
 * the prefetch of every member the rows name and the order that keeps two overlapping requests from deadlocking.
 * A member missing from the answer is out of scope or absent: its row is NOT_FOUND (`judgeLocked`).
 */
export async function lockRequestMembers(tx: Tx, actor: Actor, memberIds: readonly number[]): Promise<Map<number, MemberRow>> {
  const unique = [...new Set(memberIds)];
  const locked = unique.length === 0 ? [] : await repo.lockMembersInOrder(tx, unique, scopeOf(actor.caller, 'member.write'));
  return new Map(locked.map((member) => [member.id, member]));
}

/** The version a row acts at: the one it gives (checked by the command), else the one read under the lock. */
export function versionFor(locked: Map<number, MemberRow>, memberId: number, expected: number | undefined): number {
  if (expected !== undefined) return expected;
  const member = locked.get(memberId);
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  return member.row_version;
}

/** The locked member a row names, at the version it gives (NOT_FOUND, CONFLICT as `lockForCommand`). */
export function lockedRowMember(locked: Map<number, MemberRow>, row: { memberId: number; expectedRowVersion?: number }): MemberRow {
  const member = locked.get(row.memberId);
  return judgeLocked(member, row.memberId, row.expectedRowVersion ?? member?.row_version ?? 0);
}

/** Reads each distinct key once (a request's cells, destinations, consents). */
export async function onceEach<K, V>(keys: Iterable<K>, read: (key: K) => Promise<V>): Promise<Map<K, V>> {
  const values = new Map<K, V>();
  for (const key of new Set(keys)) values.set(key, await read(key));
  return values;
}

/** What a row of member facts gives back. */
function appliedOf(written: { member: MemberRow; eventId: number }[]): AppliedRow[] {
  return written.map(({ member, eventId }) => ({ memberId: member.id, eventId, transferId: null, rowVersion: member.row_version }));
}

/** Admissions (kết nạp) of many applicants under one decision: each row judged as an `admitMember` with the shared decision. */
export async function admitMembersInBulk(tx: Tx, actor: Actor, input: BulkAdmissionRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const scope = scopeOf(actor.caller, 'member.write');
  const decision = await settledDecision(tx, actor, input.decisionId);
  // Each distinct cell on the admission date, each distinct consent, checked once.
  const units = decision.ok ? await repo.findUnits(tx, input.rows.map((row) => row.unitId), scope, { lock: true }) : new Map<number, repo.UnitInfo>();
  const cells = decision.ok
    ? await onceEach(input.rows.map((row) => row.unitId), (unitId) => settle(requireCellAsOf(tx, unitId, scope, decision.value.signedOn, { unit: units.get(unitId) })))
    : new Map<number, Settled<CellAsOf>>();
  const consents = await onceEach(input.rows.flatMap((row) => (row.ageConsentDecisionId ? [row.ageConsentDecisionId] : [])),
    (consentId) => settle(requireUsableDecision(tx, actor.caller, consentId, { action: 'member.write', field: 'ageConsentDecisionId' })));
  const registered = await repo.findIdentityHolders(tx, {
    citizenIds: input.rows.flatMap((row) => (row.member.citizenId ? [row.member.citizenId] : [])),
    partyCardNumbers: input.rows.flatMap((row) => (row.member.partyCardNumber ? [row.member.partyCardNumber] : [])),
  });
  // A repeated request (a second click, a retry, the same file sent twice): the people already admitted by this
  // decision in the caller's subtree are refused as the single admission refuses them (MEMBER_ALREADY_ADMITTED, the
  // record named), serialized on the decision with the single admissions, so requests sent at once cannot both find none.
  const personOfRow = (row: BulkAdmissionRequest['rows'][number]) => ({ nameFolded: memberNameKeys(row.member.fullName).nameFolded, birthDate: row.member.birthDate });
  const people = new Map(input.rows.map((row) => [row, personOfRow(row)]));
  const personOf = (row: BulkAdmissionRequest['rows'][number]) => repo.admissionPersonKey(people.get(row) ?? personOfRow(row));
  if (decision.ok) await repo.lockAdmissionsOf(tx, input.decisionId);
  const admitted = decision.ok
    ? await repo.findSameAdmissions(tx, { people: [...people.values()], decisionId: input.decisionId, scope })
    : new Map<string, number>();
  const memberIds = await repo.reserveMemberIds(tx, input.rows.length);
  // The holders of each citizen ID and card number: the registry's, then the records earlier good rows of the request
  // create (a later row repeating their identity clashes with them).
  const byCitizenId = new Map<string, IdentityHolder[]>();
  const byCard = new Map<string, IdentityHolder[]>();
  const hold = (holder: IdentityHolder) => {
    if (holder.citizen_id) byCitizenId.set(holder.citizen_id, [...(byCitizenId.get(holder.citizen_id) ?? []), holder]);
    if (holder.party_card_number) byCard.set(holder.party_card_number, [...(byCard.get(holder.party_card_number) ?? []), holder]);
  };
  registered.forEach(hold);
  return applyBulkPlans<BulkAdmissionRequest['rows'][number], MemberFact>(tx, input.rows, {
    locale,
    keyOf: (row) => ({ unitId: row.unitId, fullName: row.member.fullName, citizenId: row.member.citizenId ?? null }),
    // The same person twice in one request (one decision admits a person once).
    uniqueKey: personOf,
    judge: (row, index) => {
      const same = admitted.get(personOf(row));
      if (same !== undefined) throw new AppError('MEMBER_ALREADY_ADMITTED', { memberId: same, decisionId: input.decisionId });
      const { citizenId, partyCardNumber } = row.member;
      const holders = [...(citizenId ? byCitizenId.get(citizenId) ?? [] : []), ...(partyCardNumber ? byCard.get(partyCardNumber) ?? [] : [])];
      const { fact, followUps } = planAdmission({ ...row, reason: input.reason }, memberIds[index], {
        decision,
        cell: cells.get(row.unitId) ?? null,
        consent: row.ageConsentDecisionId ? consents.get(row.ageConsentDecisionId)! : { ok: true, value: null },
        holders,
      }, actor);
      hold({ id: memberIds[index], citizen_id: citizenId ?? null, party_card_number: partyCardNumber ?? null });
      // A cell that has ended since: the member follows its restructurings, one by one.
      return followUps.length > 0 ? SLOW : fact;
    },
    write: async (plans) => appliedOf(await writeFacts(tx, actor, plans.map(({ plan }) => plan))),
    slow: async (row) => {
      const result = await admitMember(tx, actor, { ...row, decisionId: input.decisionId, reason: input.reason });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}

/** Recognitions as official (công nhận đảng viên chính thức) under one decision. */
export async function recognizeMembersInBulk(tx: Tx, actor: Actor, input: BulkRecognitionRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  const extensions = await repo.latestEvents(tx, [...locked.keys()], { kinds: ['recognition_extension'] });
  const decision = await settledDecision(tx, actor, input.decisionId);
  const calendar = await workingCalendarOf(tx);
  return applyBulkPlans(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId }),
    uniqueKey: (row) => row.memberId,
    judge: (row) => planRecognition(lockedRowMember(locked, row), extensions.get(row.memberId) ?? null, input, decision, calendar),
    write: async (plans) => appliedOf(await writeFacts(tx, actor, plans.map(({ plan }) => plan))),
    slow: async (row) => {
      const result = await recognizeMember(tx, actor, row.memberId, { decisionId: input.decisionId, reason: input.reason, expectedRowVersion: versionFor(locked, row.memberId, row.expectedRowVersion) });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}

/** What a fact at the tail of many members' histories is judged on (`TailState`), read for all of them at once. */
export async function tailStatesOf(tx: Tx, memberIds: readonly number[]) {
  const [latest, placementChanges, open] = await Promise.all([
    repo.latestEvents(tx, memberIds, { lifecycleOnly: true }), repo.latestPlacementChanges(tx, memberIds), repo.openPlacementsOf(tx, memberIds),
  ]);
  return (member: MemberRow) => ({
    member, latestEvent: latest.get(member.id) ?? null, latestPlacementChange: placementChanges.get(member.id) ?? null, openPlacements: open.get(member.id) ?? [],
  });
}

/** Removals from the list (xóa tên) or expulsions (khai trừ) under one decision, on one date and ground. */
export async function leaveInBulk(tx: Tx, actor: Actor, kind: 'removal' | 'expulsion', input: BulkLeaveRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  const stateOf = await tailStatesOf(tx, [...locked.keys()]);
  const decision = await settledDecision(tx, actor, input.decisionId);
  const command = kind === 'removal' ? removeMember : expelMember;
  return applyBulkPlans(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId }),
    uniqueKey: (row) => row.memberId,
    judge: (row) => {
      const state = stateOf(lockedRowMember(locked, row));
      // A late entry replays the member's history: the single command's path.
      if (isLateEntry(state.latestEvent?.effective_date, input.effectiveDate)) return SLOW;
      return planLeave(state, input, decision, kind, kind === 'removal' ? 'removed' : 'expelled');
    },
    write: async (plans) => appliedOf(await writeFacts(tx, actor, plans.map(({ plan }) => plan))),
    slow: async (row) => {
      const result = await command(tx, actor, row.memberId, {
        decisionId: input.decisionId, effectiveDate: input.effectiveDate, ground: input.ground, reason: input.reason,
        expectedRowVersion: versionFor(locked, row.memberId, row.expectedRowVersion),
      });
      return { memberId: result.member.id, eventId: result.eventId, transferId: null, rowVersion: result.member.rowVersion };
    },
  });
}
