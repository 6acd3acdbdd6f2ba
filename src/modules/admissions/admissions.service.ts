/**
 * The admission pipeline (issue 13; DOMAIN.md §2, §9): commands on a `Tx` (they never open a transaction, so they
 * compose with the registry's own commands, which the final steps call in the same transaction) and reads on any
 * `Executor`. Every command locks the file in the caller's scope, checks its row version (the loser of two officers
 * recording the same step at once gets CONFLICT), checks the rule, writes the step and journals it with its legal
 * basis, then tells the officers the next step waits on.
 */
import { AppError } from '../../contracts/errors.ts';
import {
  ADMISSION_DOCUMENT_MAX_BYTES, ADMISSION_DOCUMENT_TYPES, ADMISSION_FORMS, ADMISSION_FORM_LIST, type AdmissionStep, type CalendarOverrideRequest,
  type CandidateCreateRequest, type CandidateDetail, type CandidateListQuery, type CandidateSummary, type CandidateUpdateRequest,
  type DocumentRequest, type IntroducerRequest, type StepRequest, type WaitingOn,
} from '../../contracts/admissions.ts';
import { LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import type { MemberIdentityInput } from '../../contracts/members.ts';
import {
  requireUsableDecision, scopeOf, scopeIncludes, systemScope, workingCalendarOf, writeJournal, type Actor, type Caller, type Executor, type Tx,
} from '../../kernel/index.ts';
import { addDays, addMonths, todayInVietnam } from '../../lib/dates.ts';
import { foldText } from '../../lib/text.ts';
import { checkAdmissionAge, lifecycleRulesFor, probationEndDate } from '../../rules/member-lifecycle.ts';
import { holidaysOf, workingCalendar, type WorkingCalendar } from '../../rules/working-days.ts';
import * as members from '../members/index.ts';
import { notify } from '../notifications/index.ts';
import {
  FORMS_BEFORE_VOTE, INITIAL_STATE, allowedSteps, certificateValidUntil, introducersComplete, judgeVote, stateAfter, weekEndOf, type PipelineState,
} from './pipeline.ts';
import * as repo from './admissions.repository.ts';
import type { CandidateRow, StepRow } from './admissions.repository.ts';

const OBJECT = 'admission_candidate';
const LIST_DEFAULT = 50;

/** The calendar in force: the statutory one with the centre's adjustments laid over it (the kernel's, as every area's). */
export async function calendarOf(db: Executor): Promise<WorkingCalendar> {
  return workingCalendarOf(db);
}

function assertNotFuture(date: string, field: string): void {
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field, date });
}

/** The file locked in the caller's write scope, at the version the caller read (else NOT_FOUND or CONFLICT). */
async function lockFile(tx: Tx, actor: Actor, candidateId: number, expectedRowVersion: number): Promise<CandidateRow> {
  const row = await repo.lockCandidate(tx, candidateId, scopeOf(actor.caller, 'admission.write'));
  if (!row) throw new AppError('NOT_FOUND', { candidateId });
  if (row.row_version !== expectedRowVersion) throw new AppError('CONFLICT', { candidateId, rowVersion: row.row_version, expectedRowVersion });
  return row;
}

function assertOpen(row: CandidateRow): void {
  if (row.next_step === null) throw new AppError('ADMISSION_FILE_CLOSED', { candidateId: row.id, status: row.status });
}

/**
 * Whether a member was an official member on `date`, as the registry holds it: recognized on or before that day and
 * placed in a cell then (DOMAIN.md §2). Read with the system's scope: an introducer may sit anywhere in the country.
 */
async function officialOn(tx: Executor, memberId: number, date: string): Promise<members.MemberRow | null> {
  const member = await members.findMemberById(tx, memberId, systemScope('admissions:registry-check'));
  if (!member || !member.official_date || member.official_date > date || member.status === 'merged') return null;
  const placements = await members.placementsInForceOn(tx, memberId, date);
  return placements.some((placement) => placement.kind === 'official') ? member : null;
}

async function journal(tx: Tx, actor: Actor, row: CandidateRow, action: string, extra: { effectiveDate?: string | null; decisionId?: number | null; reason?: string | null; before?: unknown; after?: unknown }) {
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action, objectType: OBJECT, objectId: row.id, unitId: row.unit_id,
    effectiveDate: extra.effectiveDate ?? null, decisionId: extra.decisionId ?? null, reason: extra.reason ?? null, before: extra.before, after: extra.after,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates

/** The proposing cell: a cell in the caller's write scope, open today. */
async function requireProposingCell(tx: Executor, actor: Actor, unitId: number) {
  const unit = await repo.findUnitInScope(tx, unitId, todayInVietnam(), scopeOf(actor.caller, 'admission.write'));
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  if (!(members.CELL_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('UNIT_NOT_A_CELL', { unitId, kind: unit.kind });
  return unit;
}

/**
 * Whether the caller may name this member on a file: one they can read, or, where `partyCardNumber` is given (an
 * introducer may sit anywhere), one whose card it is. An id alone never tells the caller a name or a status outside
 * their subtree: the file shows its introducers' names, and the checks' answers say whether a member is official.
 */
async function mayName(tx: Executor, caller: Caller, memberId: number, partyCardNumber?: string): Promise<boolean> {
  if (await members.findMemberById(tx, memberId, members.memberReadScope(caller))) return true;
  if (!partyCardNumber) return false;
  const member = await members.findMemberById(tx, memberId, systemScope('admissions:introducer-card'));
  return Boolean(member?.party_card_number && member.party_card_number === partyCardNumber.trim());
}

/** The member the cell asks to help the candidate: an official member the caller can read (never anywhere). */
async function checkHelper(tx: Executor, caller: Caller, helperMemberId: number | null | undefined): Promise<void> {
  if (!helperMemberId) return;
  if (!(await mayName(tx, caller, helperMemberId)) || !(await officialOn(tx, helperMemberId, todayInVietnam()))) {
    throw new AppError('ADMISSION_HELPER_INVALID', { helperMemberId });
  }
}

function checkCourse(input: { courseCompletedOn?: string | null; certificateValidUntil?: string | null }): void {
  if (input.courseCompletedOn) assertNotFuture(input.courseCompletedOn, 'courseCompletedOn');
  if (input.courseCompletedOn && input.certificateValidUntil && input.certificateValidUntil < input.courseCompletedOn) {
    throw new AppError('ADMISSION_CERTIFICATE_INVALID', { courseCompletedOn: input.courseCompletedOn, certificateValidUntil: input.certificateValidUntil });
  }
}

/** A candidate (quần chúng ưu tú) proposed by a cell (DOMAIN.md §2). */
export async function createCandidate(tx: Tx, actor: Actor, input: CandidateCreateRequest): Promise<CandidateDetail> {
  const unit = await requireProposingCell(tx, actor, input.unitId);
  assertNotFuture(input.candidateSince, 'candidateSince');
  if (input.candidateSince < input.person.birthDate) throw new AppError('DATE_BEFORE_BIRTH', { field: 'candidateSince' });
  checkCourse(input);
  await checkHelper(tx, actor.caller, input.helperMemberId);
  if (input.ageConsentDecisionId) await requireUsableDecision(tx, actor.caller, input.ageConsentDecisionId, { action: 'admission.write', field: 'ageConsentDecisionId' });
  // One file in progress per person: by citizen ID anywhere (a unique index); by name and birth date in the cell, so
  // that a second click on a file without a citizen ID does not open a second file.
  const open = await repo.lockAndFindOpenFile(tx, { unitId: unit.id, nameFolded: foldText(input.person.fullName), birthDate: input.person.birthDate });
  if (open !== null) throw new AppError('ADMISSION_CANDIDATE_DUPLICATE', { candidateId: open });
  try {
    const row = await repo.insertCandidate(tx, {
      unit_id: unit.id, full_name: input.person.fullName, name_folded: foldText(input.person.fullName), sex: input.person.sex, birth_date: input.person.birthDate,
      citizen_id: input.person.citizenId ?? null, person: JSON.stringify(input.person), candidate_since: input.candidateSince, source: input.source,
      course_name: input.courseName ?? null, course_completed_on: input.courseCompletedOn ?? null, certificate_number: input.certificateNumber ?? null,
      certificate_valid_until: certificateValidUntil(input.courseCompletedOn, input.certificateValidUntil), helper_member_id: input.helperMemberId ?? null,
      age_consent_decision_id: input.ageConsentDecisionId ?? null, next_step: INITIAL_STATE.nextStep, due_by: null, waiting_on: INITIAL_STATE.waitingOn,
      member_id: null, reminded_stage: null, created_by: actor.caller.accountId,
    });
    await journal(tx, actor, row, 'admission.candidate_created', { effectiveDate: input.candidateSince, after: { ...input, person: { ...input.person } } });
    return detailOf(tx, row);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('ADMISSION_CANDIDATE_DUPLICATE', { citizenId: input.person.citizenId });
    throw error;
  }
}

/** The course, the certificate, the helper and the age consent, changed while the file is open. */
export async function updateCandidate(tx: Tx, actor: Actor, candidateId: number, input: CandidateUpdateRequest): Promise<CandidateDetail> {
  const row = await lockFile(tx, actor, candidateId, input.expectedRowVersion);
  assertOpen(row);
  const merged = {
    courseCompletedOn: input.courseCompletedOn === undefined ? row.course_completed_on : input.courseCompletedOn,
    certificateValidUntil: input.certificateValidUntil === undefined ? row.certificate_valid_until : input.certificateValidUntil,
  };
  checkCourse(merged);
  if (input.helperMemberId !== undefined) await checkHelper(tx, actor.caller, input.helperMemberId);
  if (input.ageConsentDecisionId) await requireUsableDecision(tx, actor.caller, input.ageConsentDecisionId, { action: 'admission.write', field: 'ageConsentDecisionId' });
  const changes = {
    ...(input.courseName !== undefined ? { course_name: input.courseName } : {}),
    ...(input.courseCompletedOn !== undefined ? { course_completed_on: input.courseCompletedOn } : {}),
    ...(input.certificateNumber !== undefined ? { certificate_number: input.certificateNumber } : {}),
    // A new course date without a validity recomputes the default validity from it.
    ...(input.certificateValidUntil !== undefined || input.courseCompletedOn !== undefined
      ? { certificate_valid_until: certificateValidUntil(merged.courseCompletedOn, input.certificateValidUntil ?? null) } : {}),
    ...(input.helperMemberId !== undefined ? { helper_member_id: input.helperMemberId } : {}),
    ...(input.ageConsentDecisionId !== undefined ? { age_consent_decision_id: input.ageConsentDecisionId } : {}),
  };
  const updated = await repo.updateCandidate(tx, row.id, changes);
  await journal(tx, actor, updated, 'admission.candidate_changed', { decisionId: input.ageConsentDecisionId ?? null, before: pick(row, Object.keys(changes)), after: changes });
  return detailOf(tx, updated);
}

function pick(row: CandidateRow, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (row as unknown as Record<string, unknown>)[key]]));
}

// ---------------------------------------------------------------------------------------------------------------
// The file: forms and introducers

/** The PDF, JPEG and PNG signatures: the declared type must match the bytes. */
function sniff(content: Buffer): string | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

function decodeFile(file: NonNullable<DocumentRequest['file']>): { name: string; contentType: string; content: Buffer } {
  const refuse = (why: string): never => { throw new AppError('ADMISSION_DOCUMENT_INVALID', { why, maxBytes: ADMISSION_DOCUMENT_MAX_BYTES, types: ADMISSION_DOCUMENT_TYPES }); };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.base64) || file.base64.length % 4 !== 0) refuse('not base64');
  const content = Buffer.from(file.base64, 'base64');
  if (content.length === 0) refuse('empty');
  if (content.length > ADMISSION_DOCUMENT_MAX_BYTES) refuse('too large');
  if (!(ADMISSION_DOCUMENT_TYPES as readonly string[]).includes(file.contentType) || sniff(content) !== file.contentType) refuse('type');
  return { name: file.name, contentType: file.contentType, content };
}

/** A form of the file recorded (with its scan, optionally); recording it again supersedes the earlier record. */
export async function recordDocument(tx: Tx, actor: Actor, candidateId: number, input: DocumentRequest): Promise<CandidateDetail> {
  const row = await lockFile(tx, actor, candidateId, input.expectedRowVersion);
  assertOpen(row);
  assertNotFuture(input.dated, 'dated');
  const file = input.file ? decodeFile(input.file) : null;
  const documentId = await repo.insertDocument(tx, { candidateId: row.id, form: input.form, dated: input.dated, note: input.note ?? null, file, recordedBy: actor.caller.accountId });
  const updated = await repo.updateCandidate(tx, row.id, {});
  await journal(tx, actor, updated, 'admission.document_recorded', {
    effectiveDate: input.dated, after: { documentId, form: input.form, dated: input.dated, fileName: file?.name ?? null, sizeBytes: file?.content.length ?? null },
  });
  return detailOf(tx, updated);
}

/**
 * An introducer (Charter Art. 4.2; 294-QĐ/TW Art. 2; DOMAIN.md §2): an official member on the day the introduction is
 * checked who has worked with the candidate for at least 12 months by then; or the youth union's resolution (4-KNĐ),
 * which stands for one of the two.
 */
export async function addIntroducer(tx: Tx, actor: Actor, candidateId: number, input: IntroducerRequest): Promise<CandidateDetail> {
  const row = await lockFile(tx, actor, candidateId, input.expectedRowVersion);
  assertOpen(row);
  if (row.stage !== 'file') throw new AppError('ADMISSION_STEP_OUT_OF_ORDER', { stage: row.stage, step: 'introducer' });
  assertNotFuture(input.checkedOn, 'checkedOn');
  const current = await repo.introducersOf(tx, row.id);
  if (!introducersComplete(current.map((entry) => entry.kind)).roomFor(input.kind)) throw new AppError('ADMISSION_INTRODUCERS_FULL', { introducers: current.length });
  if (input.kind === 'member') {
    if (current.some((entry) => entry.member_id === input.memberId)) throw new AppError('ADMISSION_INTRODUCERS_FULL', { memberId: input.memberId });
    if (!(await mayName(tx, actor.caller, input.memberId, input.partyCardNumber))) throw new AppError('ADMISSION_INTRODUCER_NOT_FOUND', { memberId: input.memberId });
    await judgeIntroducer(tx, input.memberId, input.workedWithSince, input.checkedOn);
  } else if (input.resolutionDate > input.checkedOn) {
    throw new AppError('ADMISSION_DATE_ORDER', { resolutionDate: input.resolutionDate, checkedOn: input.checkedOn });
  }
  await repo.insertIntroducer(tx, {
    candidateId: row.id, kind: input.kind, memberId: input.kind === 'member' ? input.memberId : null,
    workedWithSince: input.kind === 'member' ? input.workedWithSince : null, resolutionDate: input.kind === 'youth_union' ? input.resolutionDate : null,
    resolutionBody: input.kind === 'youth_union' ? input.resolutionBody : null, checkedOn: input.checkedOn, recordedBy: actor.caller.accountId,
  });
  const updated = await repo.updateCandidate(tx, row.id, {});
  const { expectedRowVersion: _version, ...after } = input;
  await journal(tx, actor, updated, 'admission.introducer_added', { effectiveDate: input.checkedOn, after });
  return detailOf(tx, updated);
}

/** An introducing member judged against the registry as of `date`. */
async function judgeIntroducer(tx: Executor, memberId: number, workedWithSince: string, date: string): Promise<void> {
  const member = await officialOn(tx, memberId, date);
  const known = addMonths(workedWithSince, 12) <= date;
  if (!member || !known) throw new AppError('ADMISSION_INTRODUCER_INVALID', { memberId, date, official: Boolean(member), workedWithSince });
}

// ---------------------------------------------------------------------------------------------------------------
// Steps

interface StepContext {
  tx: Tx;
  actor: Actor;
  row: CandidateRow;
  steps: StepRow[];
  calendar: WorkingCalendar;
}

function stepOf(steps: readonly StepRow[], step: AdmissionStep): StepRow | undefined {
  return steps.find((entry) => entry.step === step);
}

/** Whether the review after probation passed (it decides between recognition and refusal). */
function reviewPassed(steps: readonly StepRow[]): boolean {
  return Boolean((stepOf(steps, 'probation_review')?.payload as { passed?: boolean } | undefined)?.passed);
}

/** A step past its deadline is recorded only with the reason (it is then marked late, in working days). */
function lateness(calendar: WorkingCalendar, dueBy: string | null, date: string, reason: string | null | undefined): number {
  if (!dueBy || date <= dueBy) return 0;
  if (!reason) throw new AppError('ADMISSION_LATE_WITHOUT_REASON', { dueBy, date, lateWorkingDays: calendar.workingDaysBetween(dueBy, date) });
  return calendar.workingDaysBetween(dueBy, date);
}

/** The registry's member the file admitted, with its row version (the registry's commands check it). */
async function admittedMember(ctx: StepContext): Promise<members.MemberRow> {
  const member = ctx.row.member_id ? await members.findMemberById(ctx.tx, ctx.row.member_id, systemScope('admissions:admitted-member')) : undefined;
  if (!member) throw new AppError('ADMISSION_STEP_OUT_OF_ORDER', { stage: ctx.row.stage });
  return member;
}

/**
 * Records the next step of the file. Out of order (or recorded already) → ADMISSION_STEP_OUT_OF_ORDER; a date before
 * the previous step's → ADMISSION_DATE_ORDER; past its deadline without a reason → ADMISSION_LATE_WITHOUT_REASON.
 */
export async function recordStep(tx: Tx, actor: Actor, candidateId: number, input: StepRequest): Promise<CandidateDetail> {
  const row = await lockFile(tx, actor, candidateId, input.expectedRowVersion);
  assertOpen(row);
  const steps = await repo.stepsOf(tx, row.id);
  if (!allowedSteps(row.stage, reviewPassed(steps)).includes(input.step)) {
    throw new AppError('ADMISSION_STEP_OUT_OF_ORDER', { stage: row.stage, step: input.step, allowed: allowedSteps(row.stage, reviewPassed(steps)) });
  }
  const ctx: StepContext = { tx, actor, row, steps, calendar: await calendarOf(tx) };
  const decision = 'decisionId' in input ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'admission.write' }) : null;
  const date = decision ? decision.signedOn : (input as { date: string }).date;
  assertNotFuture(date, decision ? 'decisionId' : 'date');
  const previous = steps.at(-1);
  if ((previous && date < previous.effective_date) || date < row.candidate_since) {
    throw new AppError('ADMISSION_DATE_ORDER', { date, previousStep: previous?.step ?? null, previousDate: previous?.effective_date ?? row.candidate_since });
  }
  const judged = await judgeStep(ctx, input, date, decision?.id ?? null);
  const state = stateAfter({
    step: input.step, date, calendar: ctx.calendar, voteDate: stepOf(steps, 'cell_vote')?.effective_date ?? null,
    passed: judged.passed ?? reviewPassed(steps), previousDue: row.due_by, extraWorkingDays: input.step === 'recognition_extension' ? input.extraWorkingDays : 0,
  });
  await repo.insertStep(tx, {
    candidateId: row.id, step: input.step, date, decisionId: decision?.id ?? null, dueBy: row.due_by, lateWorkingDays: judged.lateWorkingDays,
    reason: input.reason ?? null, payload: judged.payload, recordedBy: actor.caller.accountId,
  });
  const updated = await repo.updateCandidate(tx, row.id, {
    status: state.status, stage: state.stage, next_step: state.nextStep, due_by: state.dueBy, waiting_on: state.waitingOn,
    ...(judged.memberId ? { member_id: judged.memberId } : {}),
  });
  await journal(tx, actor, updated, `admission.${input.step}`, {
    effectiveDate: date, decisionId: decision?.id ?? null, reason: input.reason ?? null,
    before: { stage: row.stage, nextStep: row.next_step, dueBy: row.due_by }, after: { ...state, ...judged.payload, lateWorkingDays: judged.lateWorkingDays },
  });
  await tellNextStep(tx, actor, updated, state);
  return detailOf(tx, updated);
}

interface Judged { passed?: boolean; lateWorkingDays: number; payload: Record<string, unknown>; memberId?: number }

async function judgeStep(ctx: StepContext, input: StepRequest, date: string, decisionId: number | null): Promise<Judged> {
  const { row, steps, calendar } = ctx;
  switch (input.step) {
    case 'cell_vote': return judgeCellVote(ctx, input, date);
    case 'grassroots_resolution': return { lateWorkingDays: 0, payload: {} };
    case 'admission_decision': return { lateWorkingDays: lateness(calendar, row.due_by, date, input.reason), payload: {} };
    case 'ceremony': {
      // Admission in the registry: the decision's date is the admission date, probation runs from the ceremony.
      const lateWorkingDays = lateness(calendar, row.due_by, date, input.reason);
      const result = await members.admitMember(ctx.tx, ctx.actor, {
        unitId: row.unit_id, decisionId: stepOf(steps, 'admission_decision')!.decision_id!, cellVoteDate: stepOf(steps, 'cell_vote')!.effective_date,
        ceremonyDate: date, ageConsentDecisionId: row.age_consent_decision_id, reason: input.reason ?? null, member: row.person as MemberIdentityInput,
      });
      return { lateWorkingDays, memberId: result.member.id, payload: { memberId: result.member.id, probationEnds: probationEndDate(date), helperMemberId: row.helper_member_id } };
    }
    case 'probation_review': {
      const ceremony = stepOf(steps, 'ceremony')!.effective_date;
      const ends = probationEndDate(ceremony);
      if (date < ends) throw new AppError('PROBATION_NOT_ENDED', { officialDate: ends, date });
      const member = await admittedMember(ctx);
      const vote = await countedVote(ctx, input, member.unit_id, date);
      return { passed: input.passed, lateWorkingDays: lateness(calendar, row.due_by, date, input.reason), payload: vote };
    }
    case 'recognition_extension': {
      const member = await admittedMember(ctx);
      await members.extendRecognition(ctx.tx, ctx.actor, member.id, {
        decisionId: decisionId!, reason: input.reason ?? null, expectedRowVersion: member.row_version, effectiveDate: date, extraWorkingDays: input.extraWorkingDays,
      });
      return { lateWorkingDays: 0, payload: { extraWorkingDays: input.extraWorkingDays } };
    }
    case 'recognition': {
      // Official from the day the 12 months end, even when decided late (Charter Art. 5.2): the registry dates it so.
      const member = await admittedMember(ctx);
      const lateWorkingDays = lateness(calendar, row.due_by, date, input.reason);
      const result = await members.recognizeMember(ctx.tx, ctx.actor, member.id, { decisionId: decisionId!, reason: input.reason ?? null, expectedRowVersion: member.row_version });
      return { lateWorkingDays, payload: { officialDate: result.member.officialDate ?? null } };
    }
    case 'probation_refusal': {
      const member = await admittedMember(ctx);
      const lateWorkingDays = lateness(calendar, row.due_by, date, input.reason);
      await members.refuseProbation(ctx.tx, ctx.actor, member.id, { decisionId: decisionId!, reason: input.reason ?? null, expectedRowVersion: member.row_version, effectiveDate: date });
      return { lateWorkingDays, payload: {} };
    }
    case 'withdrawal': return { lateWorkingDays: 0, payload: {} };
  }
}

/**
 * The cell's vote on the admission (Charter Art. 4.3; 294-QĐ/TW Art. 3; 06-HD/TW §3): the file complete (forms 1, 2,
 * 3 and 5-KNĐ dated by the vote, the introducers still official members that day), the awareness course's
 * certificate valid that day, the age at the vote 18–60 in full months (over 60 with the provincial consent), and
 * the votes counted against the cell's official members on that day.
 */
async function judgeCellVote(ctx: StepContext, input: Extract<StepRequest, { step: 'cell_vote' }>, date: string): Promise<Judged> {
  const { tx, row } = ctx;
  const documents = await repo.currentDocuments(tx, row.id);
  const missingForms = FORMS_BEFORE_VOTE.filter((form) => !documents.some((document) => document.form === form && document.dated <= date));
  const introducers = await repo.introducersOf(tx, row.id);
  const certificateMissing = !row.course_completed_on || !row.certificate_valid_until;
  if (missingForms.length > 0 || !introducersComplete(introducers.map((entry) => entry.kind)).complete || certificateMissing) {
    throw new AppError('ADMISSION_FILE_INCOMPLETE', { missingForms, introducers: introducers.length, certificateMissing });
  }
  if (row.course_completed_on! > date || row.certificate_valid_until! < date) {
    throw new AppError('ADMISSION_CERTIFICATE_INVALID', { courseCompletedOn: row.course_completed_on, certificateValidUntil: row.certificate_valid_until, date });
  }
  for (const introducer of introducers) if (introducer.member_id) await judgeIntroducer(tx, introducer.member_id, introducer.worked_with_since!, date);
  const age = checkAdmissionAge(row.birth_date, date, row.age_consent_decision_id !== null);
  if (!age.ok) throw new AppError('AGE_OUT_OF_RANGE', { ageMonths: age.ageMonths, reason: age.reason, rules: lifecycleRulesFor(date).regulation });
  const vote = await countedVote(ctx, input, row.unit_id, date);
  return { passed: input.passed, lateWorkingDays: 0, payload: { ...vote, ageMonths: age.ageMonths } };
}

/** The votes judged against the cell's official members on the date, counted from the registry. */
async function countedVote(ctx: StepContext, input: { votesFor: number; votesAgainst: number; passed: boolean }, cellId: number, date: string) {
  const headcount = await members.headcountOfUnit(ctx.tx, cellId, date, systemScope('admissions:vote-count'));
  const verdict = judgeVote(input, headcount.official);
  if (!verdict.ok) throw new AppError(verdict.code, { officialMembers: headcount.official, votesFor: input.votesFor, votesAgainst: input.votesAgainst, needed: verdict.needed });
  return { votesFor: input.votesFor, votesAgainst: input.votesAgainst, passed: input.passed, officialMembers: headcount.official, needed: verdict.needed };
}

/** The unit whose officers the next step waits on (`waitingUnitOf`); the cell when none is known. */
async function unitWaitedOn(tx: Executor, row: CandidateRow): Promise<number> {
  return (await repo.waitingUnitOf(tx, row.id, todayInVietnam())).waiting_unit_id ?? row.unit_id;
}

/** Tells the officers the next step waits on that it is due (at the step that makes it due: no job needed). */
async function tellNextStep(tx: Tx, actor: Actor, row: CandidateRow, state: PipelineState): Promise<void> {
  if (!state.nextStep || !state.waitingOn) return;
  await notify(tx, {
    kind: 'admission.step_due', unitId: await unitWaitedOn(tx, row), action: 'admission.write', exceptAccountId: actor.caller.accountId,
    objectType: OBJECT, objectId: row.id, params: { candidateName: row.full_name, step: state.nextStep, dueBy: state.dueBy },
  });
}

/**
 * The reminder job: tells the officers of every file past its deadline, once per stage (a file reminded at a stage is
 * not reminded again until it moves on). Run once a day by the scheduler (`cellbase` has none yet: see NOTES.md);
 * processes at most `limit` files per call, oldest deadline first, skipping files locked by a command.
 */
export async function sendAdmissionReminders(tx: Tx, today: string, limit = 1_000): Promise<number> {
  const rows = await repo.overdueUnreminded(tx, today, limit);
  for (const row of rows) {
    await notify(tx, {
      kind: 'admission.overdue', unitId: await unitWaitedOn(tx, row), action: 'admission.write',
      objectType: OBJECT, objectId: row.id, params: { candidateName: row.full_name, step: row.next_step, dueBy: row.due_by },
    });
  }
  await repo.markReminded(tx, rows.map((row) => row.id));
  return rows.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Reads

function summaryOf(row: CandidateRow, unitName: string, waiting: repo.WaitingUnit, today: string): CandidateSummary {
  return {
    waitingOnUnitId: row.next_step ? waiting.waiting_unit_id : null, waitingOnUnitName: row.next_step ? waiting.waiting_unit_name : null,
    id: row.id, unitId: row.unit_id, unitName, fullName: row.full_name, birthDate: row.birth_date, source: row.source as CandidateSummary['source'],
    status: row.status as CandidateSummary['status'], stage: row.stage, nextStep: row.next_step as AdmissionStep | null, dueBy: row.due_by,
    waitingOn: row.waiting_on as WaitingOn | null, overdue: Boolean(row.next_step && row.due_by && row.due_by < today), memberId: row.member_id, rowVersion: row.row_version,
  };
}

async function detailOf(db: Executor, row: CandidateRow): Promise<CandidateDetail> {
  const today = todayInVietnam();
  const [names, documents, introducers, steps, waiting] = await Promise.all([
    repo.unitNames(db, [row.unit_id], today), repo.currentDocuments(db, row.id), repo.introducersOf(db, row.id), repo.stepsOf(db, row.id),
    repo.waitingUnitOf(db, row.id, today),
  ]);
  const introducerNames = new Map<number, string>();
  for (const introducer of introducers) {
    if (!introducer.member_id) continue;
    const member = await members.findMemberById(db, introducer.member_id, systemScope('admissions:introducer-name'));
    if (member) introducerNames.set(member.id, member.full_name);
  }
  return {
    ...summaryOf(row, names.get(row.unit_id) ?? '', waiting, today),
    person: row.person as Record<string, unknown>, candidateSince: row.candidate_since, courseName: row.course_name, courseCompletedOn: row.course_completed_on,
    certificateNumber: row.certificate_number, certificateValidUntil: row.certificate_valid_until, helperMemberId: row.helper_member_id,
    ageConsentDecisionId: row.age_consent_decision_id,
    checklist: ADMISSION_FORM_LIST.map((form) => {
      const document = documents.find((entry) => entry.form === form);
      return {
        form, label: ADMISSION_FORMS[form], documentId: document?.id ?? null, dated: document?.dated ?? null, recordedBy: document?.recorded_by ?? null,
        fileName: document?.file_name ?? null, sizeBytes: document?.size_bytes ?? null,
      };
    }),
    introducers: introducers.map((entry) => ({
      id: entry.id, kind: entry.kind, memberId: entry.member_id, memberName: entry.member_id ? introducerNames.get(entry.member_id) ?? null : null,
      workedWithSince: entry.worked_with_since, resolutionDate: entry.resolution_date, resolutionBody: entry.resolution_body, checkedOn: entry.checked_on,
    })),
    steps: steps.map((entry) => ({
      step: entry.step as AdmissionStep, date: entry.effective_date, decisionId: entry.decision_id, dueBy: entry.due_by, lateWorkingDays: entry.late_working_days,
      reason: entry.reason, payload: entry.payload as Record<string, unknown>, recordedBy: entry.recorded_by,
    })),
  };
}

export async function getCandidate(db: Executor, caller: Caller, candidateId: number): Promise<CandidateDetail> {
  const row = await repo.findCandidate(db, candidateId, scopeOf(caller, 'admission.read'));
  if (!row) throw new AppError('NOT_FOUND', { candidateId });
  return detailOf(db, row);
}

/** An uploaded form's file, in the caller's read scope. */
export async function getDocumentFile(db: Executor, caller: Caller, candidateId: number, documentId: number) {
  const row = await repo.findCandidate(db, candidateId, scopeOf(caller, 'admission.read'));
  const file = row ? await repo.documentContent(db, row.id, documentId) : undefined;
  if (!file?.content) throw new AppError('NOT_FOUND', { candidateId, documentId });
  return { name: file.file_name ?? `${documentId}`, contentType: file.content_type ?? 'application/octet-stream', content: file.content };
}

/**
 * The worklist of a unit's subtree (or of all the caller's subtrees): files in progress, due this week (today to
 * Sunday), overdue, or all, with whom each waits on; by name, or the file of a member (every status unless `which`
 * says otherwise); by id, `limit` a page.
 */
export async function listCandidatesForCaller(db: Executor, caller: Caller, query: CandidateListQuery) {
  const scope = scopeOf(caller, 'admission.read');
  const today = todayInVietnam();
  let under: string | null = null;
  if (query.unitId) {
    const unit = await repo.findUnitInScope(db, query.unitId, today, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    under = unit.scopePath;
  }
  const limit = query.limit ?? LIST_DEFAULT;
  const words = query.q ? foldText(query.q).split(/\s+/).filter(Boolean).slice(0, 8) : undefined;
  const which = query.which ?? (query.memberId || query.q ? 'all' : 'open');
  const filters = { scope, under, which, today, weekEnd: weekEndOf(today), waitingOn: query.waitingOn, words, memberId: query.memberId };
  const rows = await repo.listCandidates(db, { ...filters, after: query.after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  // The total on the first page only, counted up to a bound (a country's worklist stays a bounded count).
  const counted = query.after ? null : rows.length <= limit ? rows.length : await repo.countCandidates(db, { ...filters, cap: LIST_TOTAL_CAP + 1 });
  return {
    items: page.map((row) => summaryOf(row, row.unit_name ?? '', row, today)), nextCursor: rows.length > limit ? page.at(-1)!.id : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The calendar's adjustments

/** The year's holidays (statutory), the centre's adjustments, and every day off that results. */
export async function getCalendar(db: Executor, year: number) {
  const overrides = await repo.overridesOfYear(db, year);
  const calendar = await calendarOf(db);
  const daysOff: string[] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) if (!calendar.isWorkingDay(day)) daysOff.push(day);
  return { year, holidays: holidaysOf(year), overrides: overrides.map(toOverride), daysOff };
}

function toOverride(row: { id: number; day: string; kind: 'day_off' | 'working_day'; name: string; decision_id: number | null }) {
  return { id: row.id, date: row.day, kind: row.kind, name: row.name, decisionId: row.decision_id };
}

/**
 * Adjusting the calendar serves the whole country, so it is the centre's: the caller must hold `calendar.write` on
 * the root unit (Labour Code 2019 Art. 112(3): the Prime Minister fixes the days off each year). Elsewhere: NOT_FOUND.
 */
async function requireCentre(db: Executor, caller: Caller): Promise<void> {
  const rootPath = await repo.centrePath(db);
  if (!rootPath || !scopeIncludes(scopeOf(caller, 'calendar.write'), rootPath)) throw new AppError('NOT_FOUND', { calendar: 'centre' });
}

/** A day moved by the government: a weekday given off or a weekend day worked, journaled with its decision. */
export async function addCalendarOverride(tx: Tx, actor: Actor, input: CalendarOverrideRequest) {
  await requireCentre(tx, actor.caller);
  const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'calendar.write' }) : null;
  const overrides = await repo.overridesInForce(tx);
  if (overrides.some((override) => override.date === input.date)) throw new AppError('CALENDAR_DAY_TAKEN', { date: input.date });
  if (workingCalendar(overrides).isWorkingDay(input.date) === (input.kind === 'working_day')) throw new AppError('CALENDAR_OVERRIDE_INVALID', { date: input.date, kind: input.kind });
  let row;
  try {
    row = await repo.insertOverride(tx, { day: input.date, kind: input.kind, name: input.name, decisionId: decision?.id ?? null, recordedBy: actor.caller.accountId });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CALENDAR_DAY_TAKEN', { date: input.date });
    throw error;
  }
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'calendar.override_added', objectType: 'working_day_override', objectId: row.id,
    effectiveDate: input.date, decisionId: decision?.id ?? null, reason: input.name, after: toOverride(row),
  });
  return toOverride(row);
}

/** An adjustment withdrawn (kept, voided), with the reason. */
export async function voidCalendarOverride(tx: Tx, actor: Actor, overrideId: number, input: { reason: string }) {
  await requireCentre(tx, actor.caller);
  const row = await repo.voidOverride(tx, overrideId, { accountId: actor.caller.accountId, reason: input.reason });
  if (!row) throw new AppError('NOT_FOUND', { overrideId });
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'calendar.override_voided', objectType: 'working_day_override', objectId: row.id,
    effectiveDate: row.day, reason: input.reason, before: toOverride(row),
  });
  return toOverride(row);
}
