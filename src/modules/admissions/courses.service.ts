/**
 * The awareness course (lớp bồi dưỡng nhận thức về Đảng) as an object (issue 13, item 6; DOMAIN.md §2): a course
 * organized by a grassroots committee or a level above, its participants (candidates of the cells under it) and, on
 * closing, each one's result. A completion writes the candidate's certificate fields in the same transaction, so the
 * cell's vote judges them exactly as it judges a certificate entered directly (`judgeCellVote`).
 *
 * Commands take a `Tx` (they never open one), lock the course in the caller's `admission.write` scope and check its
 * `expectedRowVersion` (CONFLICT for the loser of two officers), check the rule, write, and journal. Reads take any
 * `Executor` and the caller's `admission.read` scope. Out of scope is NOT_FOUND, like missing.
 */
import { AppError } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import { LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import {
  mayOrganizeCourse, type CourseCloseRequest, type CourseCreateRequest, type CourseDetail, type CourseList, type CourseListQuery,
  type CourseParticipantsRequest, type CourseSummary, type CourseVoidRequest,
} from '../../contracts/admission-courses.ts';
import type { CandidateStatus } from '../../contracts/admissions.ts';
import {
  decodeCursor, encodeCursor, scopeIncludes, scopeOf, writeJournal, writeJournalMany, type Actor, type Caller, type Executor, type JournalEntry, type Tx,
} from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldText } from '../../lib/text.ts';
import { certificateValidUntil } from './pipeline.ts';
import { findUnitInScope } from './admissions.repository.ts';
import * as repo from './courses.repository.ts';
import type { CourseListed, CourseRow, ParticipantListed } from './courses.repository.ts';

const OBJECT = 'admission_course';
const CURSOR_FIELD = 'querystring.cursor';

function assertNotFuture(date: string, field: string): void {
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field, date });
}

async function journal(tx: Tx, actor: Actor, course: CourseRow, action: string, extra: Omit<JournalEntry, 'accountId' | 'action' | 'objectType' | 'objectId' | 'unitId'>) {
  await writeJournal(tx, { accountId: actor.caller.accountId, action, objectType: OBJECT, objectId: course.id, unitId: course.unit_id, requestId: actor.requestId ?? null, ...extra });
}

/** The course locked in the caller's write scope, at the version the caller read, still open. */
async function lockOpenCourse(tx: Tx, actor: Actor, courseId: number, expectedRowVersion: number) {
  const course = await repo.lockCourse(tx, courseId, scopeOf(actor.caller, 'admission.write'));
  if (!course) throw new AppError('NOT_FOUND', { courseId });
  if (course.row_version !== expectedRowVersion) throw new AppError('CONFLICT', { courseId, rowVersion: course.row_version, expectedRowVersion });
  if (course.status !== 'open') throw new AppError('COURSE_NOT_OPEN', { courseId, status: course.status });
  return course;
}

/** A course opened by a grassroots committee or a level above, in the caller's write scope. */
export async function createCourse(tx: Tx, actor: Actor, input: CourseCreateRequest): Promise<CourseDetail> {
  const unit = await findUnitInScope(tx, input.unitId, todayInVietnam(), scopeOf(actor.caller, 'admission.write'));
  if (!unit) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  if (!mayOrganizeCourse(unit.kind)) throw new AppError('COURSE_UNIT_INVALID', { unitId: unit.id, kind: unit.kind });
  if (input.closesOn < input.opensOn) throw new AppError('COURSE_DATE_ORDER', { opensOn: input.opensOn, closesOn: input.closesOn });
  let course: CourseRow;
  try {
    course = await repo.insertCourse(tx, {
      unit_id: unit.id, name: input.name, code: input.code, search_folded: foldText(`${input.name} ${input.code}`), opens_on: input.opensOn,
      closes_on: input.closesOn, place: input.place ?? null, closed_on: null, closed_by: null, cancelled_at: null, cancelled_by: null, cancel_reason: null,
      created_by: actor.caller.accountId,
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('COURSE_CODE_TAKEN', { unitId: unit.id, code: input.code });
    throw error;
  }
  await journal(tx, actor, course, 'admission.course_created', { effectiveDate: input.opensOn, after: input });
  return detailAfterCommand(tx, actor, course.id);
}

/**
 * Candidates added to a running course: each a candidate (quần chúng) of a cell in the caller's write scope (else
 * NOT_FOUND) and under the organizing unit (`COURSE_PARTICIPANT_OUTSIDE`), with a file open and not yet voted on by
 * the cell, since the certificate is needed before the vote (Charter Art. 4; 06-HD/TW §3; `COURSE_CANDIDATE_INELIGIBLE`),
 * and in no other open course (`COURSE_PARTICIPANT_DUPLICATE`). The candidates are locked, so two officers adding the
 * same person to two courses at once are serialized and the second is refused.
 */
export async function addParticipants(tx: Tx, actor: Actor, courseId: number, input: CourseParticipantsRequest): Promise<CourseDetail> {
  const course = await lockOpenCourse(tx, actor, courseId, input.expectedRowVersion);
  const ids = input.candidateIds;
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) throw new AppError('COURSE_PARTICIPANT_DUPLICATE', { candidateIds: [...new Set(repeated)] });
  const candidates = await repo.lockCandidates(tx, ids, scopeOf(actor.caller, 'admission.write'));
  const missing = ids.filter((id) => !candidates.some((candidate) => candidate.id === id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', { candidateIds: missing });
  const outside = candidates.filter((candidate) => !candidate.scope_path.startsWith(course.unit_path));
  if (outside.length > 0) throw new AppError('COURSE_PARTICIPANT_OUTSIDE', { candidateIds: outside.map((candidate) => candidate.id), unitId: course.unit_id });
  const ineligible = candidates.filter((candidate) => candidate.status !== 'in_progress' || candidate.stage !== 'file');
  if (ineligible.length > 0) {
    throw new AppError('COURSE_CANDIDATE_INELIGIBLE', { candidates: ineligible.map((candidate) => ({ candidateId: candidate.id, status: candidate.status, stage: candidate.stage })) });
  }
  const taken = await repo.participatingElsewhere(tx, ids, course.id);
  if (taken.length > 0) throw new AppError('COURSE_PARTICIPANT_DUPLICATE', { candidates: taken.map((row) => ({ candidateId: row.candidate_id, courseId: row.course_id })) });
  let added;
  try {
    added = await repo.insertParticipants(tx, course.id, ids, actor.caller.accountId);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('COURSE_PARTICIPANT_DUPLICATE', { candidateIds: ids });
    throw error;
  }
  const updated = await repo.updateCourse(tx, course.id, {});
  await writeJournalMany(tx, added.map((participant) => ({
    accountId: actor.caller.accountId, action: 'admission.course_participant_added', objectType: OBJECT, objectId: updated.id, unitId: updated.unit_id,
    requestId: actor.requestId ?? null, after: { participantId: participant.id, candidateId: participant.candidate_id },
  })));
  return detailAfterCommand(tx, actor, course.id);
}

/** A participant taken off a running course (kept, voided, with the reason). */
export async function voidParticipant(tx: Tx, actor: Actor, courseId: number, participantId: number, input: CourseVoidRequest): Promise<CourseDetail> {
  const course = await lockOpenCourse(tx, actor, courseId, input.expectedRowVersion);
  const participant = await repo.voidParticipant(tx, course.id, participantId, { accountId: actor.caller.accountId, reason: input.reason });
  if (!participant) throw new AppError('NOT_FOUND', { courseId, participantId });
  const updated = await repo.updateCourse(tx, course.id, {});
  await journal(tx, actor, updated, 'admission.course_participant_voided', { reason: input.reason, before: { participantId, candidateId: participant.candidate_id } });
  return detailAfterCommand(tx, actor, course.id);
}

/**
 * The course closed with every participant's result (06-HD/TW §3: the certificate of the awareness course). A
 * completion carries the certificate's number and its last valid day, by default the validity of the rule in force
 * on the closing date (`certificateValidUntil`, DOMAIN.md §2: 5 years `[?]`), never before the closing date. It is
 * written to the candidate's file (course, completion date, certificate, validity) when the file is open and before
 * the cell's vote, journaled as the file's change; a file closed or voted on meanwhile keeps its own record and the
 * result stays on the course (`appliedToCandidate: false`).
 */
export async function closeCourse(tx: Tx, actor: Actor, courseId: number, input: CourseCloseRequest): Promise<CourseDetail> {
  const course = await lockOpenCourse(tx, actor, courseId, input.expectedRowVersion);
  assertNotFuture(input.closedOn, 'closedOn');
  if (input.closedOn < course.opens_on) throw new AppError('COURSE_DATE_ORDER', { opensOn: course.opens_on, closedOn: input.closedOn });
  const participants = await repo.lockActiveParticipants(tx, course.id);
  const named = input.results.map((result) => result.participantId);
  const known = new Set(participants.map((participant) => participant.id));
  const unknown = named.filter((id) => !known.has(id));
  const repeated = named.filter((id, index) => named.indexOf(id) !== index);
  const missing = participants.filter((participant) => !named.includes(participant.id)).map((participant) => participant.id);
  const numbers = input.results.flatMap((result) => (result.result === 'completed' ? [result.certificateNumber.toLocaleUpperCase('vi')] : []));
  const repeatedCertificates = numbers.filter((number, index) => numbers.indexOf(number) !== index);
  if (unknown.length + repeated.length + missing.length + repeatedCertificates.length > 0) {
    throw new AppError('COURSE_RESULTS_INVALID', { unknown, repeated: [...new Set(repeated)], missing, repeatedCertificates: [...new Set(repeatedCertificates)] });
  }
  const results = input.results.map((result) => {
    const validUntil = result.result === 'completed' ? certificateValidUntil(input.closedOn, result.certificateValidUntil ?? null) : null;
    if (validUntil !== null && validUntil < input.closedOn) {
      throw new AppError('ADMISSION_CERTIFICATE_INVALID', { participantId: result.participantId, courseCompletedOn: input.closedOn, certificateValidUntil: validUntil });
    }
    return { ...result, validUntil };
  });
  const candidateOf = new Map(participants.map((participant) => [participant.id, participant.candidate_id]));
  const candidates = await repo.lockCandidates(tx, participants.map((participant) => participant.candidate_id), scopeOf(actor.caller, 'admission.write'));
  const applicable = new Map(candidates.filter((candidate) => candidate.status === 'in_progress' && candidate.stage === 'file').map((candidate) => [candidate.id, candidate]));
  const courseName = `${course.name} (${course.code})`;
  const recorded = results.map((result) => ({
    participantId: result.participantId, result: result.result, certificateNumber: result.result === 'completed' ? result.certificateNumber : null,
    certificateValidUntil: result.validUntil, note: result.note ?? null,
    applied: result.result === 'completed' && applicable.has(candidateOf.get(result.participantId)!),
  }));
  await repo.recordResults(tx, recorded);
  const completions = recorded.filter((result) => result.applied).map((result) => ({
    candidateId: candidateOf.get(result.participantId)!, courseName, completedOn: input.closedOn, certificateNumber: result.certificateNumber!, certificateValidUntil: result.certificateValidUntil!,
  }));
  await repo.applyCompletions(tx, completions);
  const closed = await repo.updateCourse(tx, course.id, { status: 'closed', closed_on: input.closedOn, closed_by: actor.caller.accountId });
  await journal(tx, actor, closed, 'admission.course_closed', {
    effectiveDate: input.closedOn,
    after: { closedOn: input.closedOn, results: recorded.map((result) => ({ participantId: result.participantId, result: result.result, certificateNumber: result.certificateNumber, certificateValidUntil: result.certificateValidUntil, applied: result.applied })) },
  });
  await writeJournalMany(tx, completions.map((completion) => {
    const before = applicable.get(completion.candidateId)!;
    return {
      accountId: actor.caller.accountId, action: 'admission.candidate_changed', objectType: 'admission_candidate', objectId: completion.candidateId,
      unitId: before.unit_id, effectiveDate: input.closedOn, reason: `admission_course:${course.id}`, requestId: actor.requestId ?? null,
      before: { course_name: before.course_name, course_completed_on: before.course_completed_on, certificate_number: before.certificate_number, certificate_valid_until: before.certificate_valid_until },
      after: { course_name: completion.courseName, course_completed_on: completion.completedOn, certificate_number: completion.certificateNumber, certificate_valid_until: completion.certificateValidUntil },
    };
  }));
  return detailAfterCommand(tx, actor, course.id);
}

/** A running course cancelled (kept, with the reason); its participants are free to join another course. */
export async function cancelCourse(tx: Tx, actor: Actor, courseId: number, input: CourseVoidRequest): Promise<CourseDetail> {
  const course = await lockOpenCourse(tx, actor, courseId, input.expectedRowVersion);
  const cancelled = await repo.updateCourse(tx, course.id, { status: 'cancelled', cancelled_at: new Date(), cancelled_by: actor.caller.accountId, cancel_reason: input.reason });
  await journal(tx, actor, cancelled, 'admission.course_cancelled', { reason: input.reason, before: { status: course.status } });
  return detailAfterCommand(tx, actor, course.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Reads

function summaryOf(row: CourseListed): CourseSummary {
  return {
    id: row.id, unitId: row.unit_id, unitName: row.unit_name ?? '', name: row.name, code: row.code, opensOn: row.opens_on, closesOn: row.closes_on,
    place: row.place, status: row.status, closedOn: row.closed_on, cancelReason: row.cancel_reason, participants: Number(row.participants),
    completed: Number(row.completed), rowVersion: row.row_version,
  };
}

function participantOf(row: ParticipantListed): CourseDetail['participantList'][number] {
  return {
    id: row.id, candidateId: row.candidate_id, fullName: row.full_name, birthDate: row.birth_date, cellId: row.cell_id, cellName: row.cell_name ?? '',
    candidateStatus: row.candidate_status as CandidateStatus, candidateStage: row.candidate_stage, result: row.result, certificateNumber: row.certificate_number,
    certificateValidUntil: row.certificate_valid_until, note: row.result_note, appliedToCandidate: row.applied_to_candidate, voided: row.voided_at !== null,
    voidReason: row.void_reason,
  };
}

/** The course as `caller` may read it; `manageable` when its organizer lies in their write scope (the commands' test). */
async function detailIn(db: Executor, caller: Caller, courseId: number, scope: ReturnType<typeof scopeOf>): Promise<CourseDetail> {
  const today = todayInVietnam();
  const row = await repo.findCourse(db, courseId, today, scope);
  if (!row) throw new AppError('NOT_FOUND', { courseId });
  const participants = await repo.participantsOf(db, row.id, today, scope);
  const manageable = scopeIncludes(scopeOf(caller, 'admission.write'), row.unit_path);
  return { ...summaryOf(row), manageable, participantList: participants.map(participantOf) };
}

function detailAfterCommand(tx: Tx, actor: Actor, courseId: number): Promise<CourseDetail> {
  return detailIn(tx, actor.caller, courseId, scopeOf(actor.caller, 'admission.write'));
}

/** A course with its participants, in the caller's read scope. */
export async function getCourse(db: Executor, caller: Caller, courseId: number): Promise<CourseDetail> {
  return detailIn(db, caller, courseId, scopeOf(caller, 'admission.read'));
}

function afterCursor(cursor: string): { opensOn: string; id: number } {
  const [opensOn, id] = decodeCursor(cursor, ['string', 'number'], CURSOR_FIELD);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opensOn)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: INVALID_CURSOR_TEXT }] });
  return { opensOn, id };
}

/**
 * The courses organized in a unit's subtree (or in all the caller's), the latest opening first, `limit` a page; the
 * total comes with the first page, counted up to LIST_TOTAL_CAP.
 */
export async function listCourses(db: Executor, caller: Caller, query: CourseListQuery): Promise<CourseList> {
  const scope = scopeOf(caller, 'admission.read');
  const today = todayInVietnam();
  let under: string | null = null;
  if (query.unitId) {
    const unit = await findUnitInScope(db, query.unitId, today, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    under = unit.scopePath;
  }
  const words = query.q ? foldText(query.q).split(/\s+/).filter(Boolean).slice(0, 8) : undefined;
  const filters = { scope, today, under, status: query.status, candidateId: query.candidateId, words };
  const after = query.cursor ? afterCursor(query.cursor) : undefined;
  const rows = await repo.listCourses(db, { ...filters, after, limit: query.limit + 1 });
  const counted = query.cursor ? null : await repo.countCourses(db, filters, LIST_TOTAL_CAP + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryOf), nextCursor: rows.length > query.limit && last ? encodeCursor([last.opens_on, last.id]) : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}
