/**
 * The annual review and classification (DOMAIN.md §4; 124-QĐ/TW, 366-QĐ/TW with 43-HD/BTCTW): commands on a `Tx`
 * (they never open a transaction) and reads on any `Executor`.
 *
 * A year's results are recorded in batches, all or nothing: a unit's members (placed in its subtree on 31/12), or
 * the organizations beneath a committee, each row judged (placement, the members the rules leave unclassified, a
 * result already standing) and every bad row named; then the group's "excellent" quota; then every row is written and
 * journaled under the decision of the competent level. A correction voids the standing result (kept, with the reason)
 * and records the new one, checking the row version the caller read (the loser of two corrections gets CONFLICT).
 * Scope is in every query: a unit or result outside the caller's subtrees is NOT_FOUND, like a missing one.
 */
import { AppError, errorMessage, type ErrorCode } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import {
  REVIEW_LEVELS, type LevelCounts, type MemberResultsRequest, type OrganizationResultsRequest, type ResultCorrectionRequest, type ReviewBatchResponse,
  type ReviewLevel, type ReviewList, type ReviewListQuery, type ReviewResult, type ReviewSubject,
} from '../../contracts/reviews.ts';
import {
  decodeCursor, encodeCursor, requireUsableDecision, scopeOf, writeJournal, writeJournalMany, type Actor, type Caller, type Executor, type Tx,
} from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { CLASSIFIED_ORG_KINDS, checkExcellentQuota, notClassifiedReason, yearPeriod } from '../../rules/review-classification.ts';
import * as repo from './reviews.repository.ts';
import type { ResultRow } from './reviews.repository.ts';

const OBJECT = 'review_result';

function toResult(row: ResultRow): ReviewResult {
  return {
    id: Number(row.id), year: row.year, subject: row.subject_kind, unitId: Number(row.unit_id), memberId: row.member_id === null ? null : Number(row.member_id),
    recordedUnderId: Number(row.recorded_under_id), level: row.level,
    decision: { id: Number(row.decision_id), number: row.decision_number, signedOn: row.decision_signed_on, issuingBody: row.decision_issuing_body },
    note: row.note, correctsId: row.corrects_id === null ? null : Number(row.corrects_id), recordedAt: new Date(row.recorded_at).toISOString(), rowVersion: row.row_version,
  };
}

/** The year's period, refusing a year that has not begun (the current year may be reviewed in its last weeks). */
function periodOf(year: number) {
  if (year > Number(todayInVietnam().slice(0, 4))) throw new AppError('REVIEW_YEAR_NOT_ENDED', { year });
  return yearPeriod(year);
}

/** The unit of a request on the period's last day, in the scope (else NOT_FOUND). */
async function requireUnit(db: Executor, unitId: number, endsOn: string, scope: ReturnType<typeof scopeOf>) {
  const unit = await repo.findUnitOn(db, unitId, endsOn, scope);
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  return unit;
}

/** The legal basis: a decision the caller may cite for this change, signed once the year reviewed has begun. */
async function requireDecision(tx: Tx, actor: Actor, decisionId: number, startsOn: string) {
  const decision = await requireUsableDecision(tx, actor.caller, decisionId, { action: 'review.write', field: 'decisionId' });
  if (decision.signedOn < startsOn) throw new AppError('REVIEW_DECISION_BEFORE_PERIOD', { decisionId, signedOn: decision.signedOn, startsOn });
  return decision;
}

interface RowError { index: number; key: Record<string, number>; code: ErrorCode; message: string; details: unknown }

/** A row's refusal: its code and details (the batch names it with its index, key and message). */
class RowRefusal {
  constructor(readonly code: ErrorCode, readonly details: unknown) {}
}

/** What a batch writes for one good row: the unit the result sits in and the member, if any. */
interface Placed { unitId: number; memberId: number | null }

/**
 * Runs a batch, all or nothing: the period, the unit in the caller's write scope on 31/12, the decision, the group's
 * lock; then every row judged by `judge` (given what `prefetch` read for all rows at once), a repeated subject or a
 * standing result a bad row too; any bad row refuses the whole request with BULK_ROWS_INVALID naming each; then the
 * group's quota; then every row written and journaled.
 */
async function recordBatch<R extends { level: ReviewLevel; note?: string | null }, F>(tx: Tx, actor: Actor, input: { unitId: number; year: number; decisionId: number; results: R[] }, options: {
  subject: ReviewSubject;
  keyOf: (row: R) => Record<string, number>;
  subjectOf: (row: R) => number;
  prefetch: (ids: number[], unit: { id: number; path: string }, endsOn: string, scope: ReturnType<typeof scopeOf>) => Promise<Map<number, F>>;
  judge: (found: F | undefined, endsOn: string, unitId: number) => Placed;
}): Promise<ReviewBatchResponse> {
  const { startsOn, endsOn } = periodOf(input.year);
  const scope = scopeOf(actor.caller, 'review.write');
  const unit = await requireUnit(tx, input.unitId, endsOn, scope);
  await requireDecision(tx, actor, input.decisionId, startsOn);
  const period = await repo.ensureYearPeriod(tx, input.year, startsOn, endsOn);
  // The group's lock first: two batches of the same unit and year are judged one after the other.
  const groupLevels = await repo.lockGroupLevels(tx, period.id, unit.id, options.subject);
  const ids = input.results.map(options.subjectOf);
  const found = await options.prefetch(ids, unit, endsOn, scope);
  const standing = await repo.standingResultsOf(tx, period.id, options.subject, ids);
  const errors: RowError[] = [];
  const placed: Placed[] = [];
  const seen = new Map<number, number>();
  input.results.forEach((row, index) => {
    const id = options.subjectOf(row);
    try {
      const first = seen.get(id);
      if (first !== undefined) throw new RowRefusal('BULK_DUPLICATE_ROW', { firstIndex: first });
      seen.set(id, index);
      placed.push(options.judge(found.get(id), endsOn, unit.id));
      const existing = standing.get(id);
      if (existing !== undefined) throw new RowRefusal('REVIEW_RESULT_EXISTS', { resultId: existing });
    } catch (error) {
      if (!(error instanceof RowRefusal)) throw error;
      errors.push({ index, key: options.keyOf(row), code: error.code, message: errorMessage(error.code, actor.caller.locale, error.details), details: error.details });
    }
  });
  if (errors.length > 0) throw new AppError('BULK_ROWS_INVALID', { rows: errors, invalid: errors.length, total: input.results.length });
  assertQuota(groupLevels, input.results.map((row) => row.level), endsOn, unit.id);
  const insertedIds = await insertStanding(tx, input.results.map((row, index) => ({
    period_id: period.id, subject_kind: options.subject, unit_id: placed[index].unitId, member_id: placed[index].memberId, recorded_under_id: unit.id,
    level: row.level, decision_id: input.decisionId, note: row.note ?? null, corrects_id: null, recorded_by: actor.caller.accountId,
  })));
  const written = await repo.resultsByIds(tx, insertedIds);
  await writeJournalMany(tx, written.map((row) => ({
    accountId: actor.caller.accountId, action: 'review.result_recorded', objectType: OBJECT, objectId: row.id, unitId: Number(row.unit_id),
    effectiveDate: endsOn, decisionId: Number(row.decision_id), after: { subject: row.subject_kind, memberId: row.member_id, unitId: row.unit_id, year: row.year, level: row.level, note: row.note },
    requestId: actor.requestId ?? null,
  })));
  return { applied: written.length, items: written.map(toResult) };
}

/**
 * Writes results that become the standing ones. Another request may have recorded one of these subjects for the
 * period since this one read (under another unit, which the group's lock does not cover): the unique index of the
 * standing results refuses, and the caller gets CONFLICT (read again), never a server error.
 */
async function insertStanding(tx: Tx, rows: Parameters<typeof repo.insertResults>[1]): Promise<number[]> {
  try {
    return await repo.insertResults(tx, rows);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', { reason: 'result_recorded_meanwhile' });
    throw error;
  }
}

/** The group's "excellent" quota after the change: its standing levels (read under its lock) and the new ones. */
function assertQuota(standing: readonly ReviewLevel[], levels: readonly ReviewLevel[], endsOn: string, recordedUnderId: number): void {
  const check = checkExcellentQuota([...standing, ...levels], endsOn);
  if (!check.ok) {
    throw new AppError('REVIEW_EXCELLENT_QUOTA', {
      excellent: check.excellent, goodOrBetter: check.goodOrBetter, maxExcellent: check.maxExcellent, percent: check.percent, regulation: check.regulation, unitId: recordedUnderId,
    });
  }
}

/**
 * A year's results for many members of a unit, all or nothing (124-QĐ/TW; 366-QĐ/TW with 43-HD/BTCTW): each member
 * must be officially placed in the unit's subtree on 31/12 of the year and classified by the rules then (not
 * exempted, suspended or admitted less than 6 months before: REVIEW_MEMBER_NOT_CLASSIFIED), with no standing result
 * for the year; then the "excellent" quota of the results recorded under the unit for the year.
 */
export async function recordMemberResults(tx: Tx, actor: Actor, input: MemberResultsRequest): Promise<ReviewBatchResponse> {
  return recordBatch(tx, actor, input, {
    subject: 'member',
    keyOf: (row) => ({ memberId: row.memberId }),
    subjectOf: (row) => row.memberId,
    prefetch: async (ids, unit, endsOn, scope) => new Map((await repo.membersPlacedOn(tx, ids, unit.path, endsOn, scope)).map((row) => [row.member_id, row])),
    judge: (member, endsOn, unitId) => {
      if (!member) throw new RowRefusal('REVIEW_MEMBER_NOT_IN_UNIT', { unitId, on: endsOn });
      const reason = notClassifiedReason({ statusOnEnd: member.status_on_end, admissionDate: member.admission_date }, endsOn);
      if (reason) throw new RowRefusal('REVIEW_MEMBER_NOT_CLASSIFIED', { reason, on: endsOn, status: member.status_on_end, admissionDate: member.admission_date });
      return { unitId: member.cell_id, memberId: member.member_id };
    },
  });
}

/**
 * A year's results for organizations beneath a committee, all or nothing (124-QĐ/TW; 366-QĐ/TW): each must lie
 * beneath the committee on 31/12 of the year and be a grassroots organization, a sub-committee or a cell
 * (REVIEW_ORGANIZATION_NOT_CLASSIFIED), with no standing result for the year; then the "excellent" quota of the
 * results recorded under the committee for the year.
 */
export async function recordOrganizationResults(tx: Tx, actor: Actor, input: OrganizationResultsRequest): Promise<ReviewBatchResponse> {
  return recordBatch(tx, actor, input, {
    subject: 'organization',
    keyOf: (row) => ({ unitId: row.unitId }),
    subjectOf: (row) => row.unitId,
    prefetch: async (ids, unit, endsOn, scope) => new Map((await repo.unitsBeneathOn(tx, ids, unit.path, endsOn, scope)).map((row) => [row.unitId, row])),
    judge: (organization, endsOn, committeeId) => {
      if (!organization) throw new RowRefusal('REVIEW_ORGANIZATION_NOT_CLASSIFIED', { reason: 'not_beneath', committeeId, on: endsOn });
      if (!(CLASSIFIED_ORG_KINDS as readonly string[]).includes(organization.kind)) throw new RowRefusal('REVIEW_ORGANIZATION_NOT_CLASSIFIED', { reason: 'kind', kind: organization.kind });
      return { unitId: organization.unitId, memberId: null };
    },
  });
}

/**
 * A result corrected (a re-grading by the competent level, or a mistake fixed): the standing result is voided with
 * the reason, kept, and a new one recorded under the decision given, naming it; the group's quota is judged again.
 */
export async function correctResult(tx: Tx, actor: Actor, resultId: number, input: ResultCorrectionRequest): Promise<ReviewResult> {
  const row = await repo.lockResult(tx, resultId, scopeOf(actor.caller, 'review.write'));
  if (!row) throw new AppError('NOT_FOUND', { resultId });
  if (row.row_version !== input.expectedRowVersion) throw new AppError('CONFLICT', { resultId, rowVersion: row.row_version, expectedRowVersion: input.expectedRowVersion });
  if (row.voided_at !== null) throw new AppError('REVIEW_RESULT_VOIDED', { resultId });
  const { startsOn } = yearPeriod(row.year);
  await requireDecision(tx, actor, input.decisionId, startsOn);
  const groupLevels = await repo.lockGroupLevels(tx, row.period_id, Number(row.recorded_under_id), row.subject_kind, row.id);
  assertQuota(groupLevels, [input.level], row.ends_on, Number(row.recorded_under_id));
  await repo.voidResult(tx, row.id, { voidedBy: actor.caller.accountId, reason: input.reason, replacedBy: null });
  const [newId] = await insertStanding(tx, [{
    period_id: row.period_id, subject_kind: row.subject_kind, unit_id: Number(row.unit_id), member_id: row.member_id, recorded_under_id: Number(row.recorded_under_id),
    level: input.level, decision_id: input.decisionId, note: input.note ?? null, corrects_id: row.id, recorded_by: actor.caller.accountId,
  }]);
  await repo.setReplacedBy(tx, row.id, newId);
  const [created] = await repo.resultsByIds(tx, [newId]);
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'review.result_corrected', objectType: OBJECT, objectId: newId, unitId: Number(row.unit_id), effectiveDate: row.ends_on,
    decisionId: input.decisionId, reason: input.reason, before: { resultId: row.id, level: row.level, decisionId: row.decision_id }, after: { resultId: newId, level: input.level, note: input.note ?? null },
    requestId: actor.requestId ?? null,
  });
  return toResult(created);
}

/** A lone surrogate or NUL decoded from a cursor would reach PostgreSQL: refused like any malformed cursor. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A unit's members (officially placed in its subtree on 31/12) or the organizations beneath it, a page at a time,
 * each with its standing result and, for a member, whether the rules classify them; on the first page the totals of
 * the standing results by level over the whole subtree.
 */
export async function listResults(db: Executor, caller: Caller, query: ReviewListQuery): Promise<ReviewList> {
  const { endsOn } = periodOf(query.year);
  const scope = scopeOf(caller, 'review.read');
  const unit = await requireUnit(db, query.unitId, endsOn, scope);
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'number'], 'querystring.cursor') : null;
  if (after && UNSTORABLE.test(after[0])) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'querystring.cursor', message: INVALID_CURSOR_TEXT }] });
  const rows = await repo.listSubjects(db, {
    subject: query.subject, prefix: unit.path, date: endsOn, year: query.year, scope, after, limit: query.limit + 1, classifiedKinds: CLASSIFIED_ORG_KINDS,
  });
  const page = rows.slice(0, query.limit);
  const results = new Map((await repo.resultsByIds(db, page.flatMap((row) => (row.result_id === null ? [] : [row.result_id])))).map((row) => [Number(row.id), toResult(row)]));
  let totals: ReviewList['totals'] = null;
  if (!after) {
    const byLevel: LevelCounts = repo.emptyLevelCounts();
    for (const count of await repo.countResults(db, { unitId: unit.id, from: endsOn, to: endsOn, scope, strictlyBeneath: query.subject === 'organization' })) {
      if (count.subject === query.subject) byLevel[count.level] += count.n;
    }
    const classified = REVIEW_LEVELS.reduce((sum, level) => sum + byLevel[level], 0);
    totals = { classified, byLevel, completedOrBetter: classified - byLevel.not_completed };
  }
  const last = page[page.length - 1];
  return {
    unitId: unit.id, year: query.year, subject: query.subject, endsOn,
    items: page.map((row) => ({
      id: row.id, name: row.name, unitId: row.unit_id, unitName: row.unit_name, kind: row.kind, result: row.result_id === null ? null : results.get(row.result_id) ?? null,
      notClassified: query.subject === 'member' ? notClassifiedReason({ statusOnEnd: row.status_on_end, admissionDate: row.admission_date }, endsOn) : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
    totals,
  };
}
