/**
 * The admission procedure as an ordered list of steps, with the deadline of each step that comes next, in working
 * days of the calendar in force (DOMAIN.md §2, §9). Pure: the service reads the file and the calendar, this decides.
 *
 *   file ─ cell_vote ─ grassroots_resolution ─ admission_decision ─ ceremony ─ probation_review ─┬ recognition
 *        (2/3 of the     (the grassroots        (within 60 working   (within 30     (within 30 working ├ recognition_extension ─ …
 *        cell's official  committee)            days of the cell's   working days   days after the 12  └ probation_refusal
 *        members)                               resolution)          of it)         months end)
 *
 * Charter Arts. 4–5; 294-QĐ/TW Arts. 3–5 and 06-HD/TW §§3–5 (before 1/7/2025: 24-QĐ/TW, 12-HD/TW, the same numbers,
 * as `src/rules/member-lifecycle.ts` keeps them per rule set). A failed vote ends the file (not admitted); so does a
 * withdrawal before the ceremony.
 */
import type { AdmissionStep, CandidateStatus, WaitingOn } from '../../contracts/admissions.ts';
import { lifecycleRulesFor, probationEndDate } from '../../rules/member-lifecycle.ts';
import { dayOfWeek, type WorkingCalendar } from '../../rules/working-days.ts';
import { addDays, addMonths } from '../../lib/dates.ts';

/** What the file records about where it stands. */
export interface PipelineState {
  status: CandidateStatus;
  stage: string;
  nextStep: AdmissionStep | null;
  dueBy: string | null;
  waitingOn: WaitingOn | null;
}

export const INITIAL_STATE: PipelineState = { status: 'in_progress', stage: 'file', nextStep: 'cell_vote', dueBy: null, waitingOn: 'cell' };

/** The steps that may be recorded after `stage` (the last step recorded; `reviewPassed` for after the review). */
export function allowedSteps(stage: string, reviewPassed: boolean): readonly AdmissionStep[] {
  switch (stage) {
    case 'file': return ['cell_vote', 'withdrawal'];
    case 'cell_vote': return ['grassroots_resolution', 'withdrawal'];
    case 'grassroots_resolution': return ['admission_decision', 'withdrawal'];
    case 'admission_decision': return ['ceremony', 'withdrawal'];
    case 'ceremony': return ['probation_review'];
    case 'probation_review': return reviewPassed ? ['recognition', 'recognition_extension'] : ['probation_refusal', 'recognition_extension'];
    case 'recognition_extension': return reviewPassed ? ['recognition'] : ['probation_refusal'];
    default: return [];
  }
}

/** What a step is judged against and what sets the next deadline. */
export interface StepFacts {
  step: AdmissionStep;
  /** The step's date (a decision's signing date). */
  date: string;
  calendar: WorkingCalendar;
  /** The cell's vote (for the decision's deadline). */
  voteDate?: string | null;
  /** Whether the vote or the review passed. */
  passed?: boolean;
  /** The ceremony's date (probation starts). */
  ceremonyDate?: string | null;
  /** The deadline in force before an extension, and the extension. */
  previousDue?: string | null;
  extraWorkingDays?: number;
}

/** The file after the step: its status, the step that comes next, its deadline and whom it waits on. */
export function stateAfter(facts: StepFacts): PipelineState {
  const { calendar, date } = facts;
  const rules = lifecycleRulesFor(date);
  const at = (stage: string, nextStep: AdmissionStep | null, dueBy: string | null, waitingOn: WaitingOn | null, status: CandidateStatus = 'in_progress'): PipelineState =>
    ({ status, stage, nextStep, dueBy, waitingOn });
  switch (facts.step) {
    case 'cell_vote':
      if (!facts.passed) return at('cell_vote', null, null, null, 'not_admitted');
      // The competent committee decides within 60 working days of the cell's resolution (294-QĐ/TW Art. 3; DOMAIN.md §2):
      // the grassroots committee's resolution comes inside the same window.
      return at('cell_vote', 'grassroots_resolution', admissionDecisionDue(calendar, date), 'grassroots');
    case 'grassroots_resolution':
      return at('grassroots_resolution', 'admission_decision', admissionDecisionDue(calendar, facts.voteDate ?? date), 'competent_level');
    case 'admission_decision':
      // The ceremony within 30 working days of the decision (Charter Art. 5.1).
      return at('admission_decision', 'ceremony', ceremonyDue(calendar, date), 'cell');
    case 'ceremony':
      // Probation of 12 months from the ceremony; the cell reviews within 30 working days after it ends (294-QĐ/TW Art. 5).
      return at('ceremony', 'probation_review', reviewDue(calendar, date), 'cell', 'admitted');
    case 'probation_review':
      // The competent committee decides within 30 working days of the cell's resolution on recognition.
      return at('probation_review', facts.passed ? 'recognition' : 'probation_refusal', calendar.addWorkingDays(date, rules.recognitionDecisionWorkingDays), 'competent_level', 'admitted');
    case 'recognition_extension': {
      // Extended once, by at most 30 working days (294-QĐ/TW Art. 5); counted from the deadline it extends.
      const from = facts.previousDue ?? date;
      return at('recognition_extension', facts.passed ? 'recognition' : 'probation_refusal', calendar.addWorkingDays(from, facts.extraWorkingDays ?? 0), 'competent_level', 'admitted');
    }
    case 'recognition': return at('recognition', null, null, null, 'official');
    case 'probation_refusal': return at('probation_refusal', null, null, null, 'removed');
    case 'withdrawal': return at('withdrawal', null, null, null, 'withdrawn');
  }
}

export function admissionDecisionDue(calendar: WorkingCalendar, voteDate: string): string {
  return calendar.addWorkingDays(voteDate, lifecycleRulesFor(voteDate).admissionDecisionWorkingDays);
}

export function ceremonyDue(calendar: WorkingCalendar, decisionDate: string): string {
  return calendar.addWorkingDays(decisionDate, lifecycleRulesFor(decisionDate).ceremonyWorkingDays);
}

/** The cell's review after probation: within 30 working days of the day the 12 months end. */
export function reviewDue(calendar: WorkingCalendar, ceremonyDate: string): string {
  const end = probationEndDate(ceremonyDate);
  return calendar.addWorkingDays(end, lifecycleRulesFor(end).recognitionReviewWorkingDays);
}

/**
 * A vote of the cell (Charter Art. 4.3; 294-QĐ/TW Art. 3; DOMAIN.md §2): never more votes than its official members on
 * the vote's date, and recorded as passed only with at least two thirds of them in favour.
 */
export function judgeVote(vote: { votesFor: number; votesAgainst: number; passed: boolean }, officialMembers: number):
  { ok: true; needed: number } | { ok: false; code: 'ADMISSION_VOTES_EXCEED_MEMBERS' | 'ADMISSION_VOTE_BELOW_TWO_THIRDS'; needed: number } {
  const needed = Math.ceil((officialMembers * 2) / 3);
  if (vote.votesFor + vote.votesAgainst > officialMembers) return { ok: false, code: 'ADMISSION_VOTES_EXCEED_MEMBERS', needed };
  if (vote.passed && (officialMembers === 0 || vote.votesFor * 3 < officialMembers * 2)) return { ok: false, code: 'ADMISSION_VOTE_BELOW_TWO_THIRDS', needed };
  return { ok: true, needed };
}

/** The forms that must be on file, dated no later than the cell's vote (06-HD/TW §3; the admission file of DOMAIN.md §2). */
export const FORMS_BEFORE_VOTE = ['1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ'] as const;

/**
 * The introducers (Charter Art. 4.2; 294-QĐ/TW Art. 2): two official members, or the youth union's resolution and one
 * official member. Returns whether the set is complete, and whether one more of `kind` would overfill it.
 */
export function introducersComplete(kinds: readonly ('member' | 'youth_union')[]): { complete: boolean; roomFor: (kind: 'member' | 'youth_union') => boolean } {
  const members = kinds.filter((kind) => kind === 'member').length;
  const youth = kinds.filter((kind) => kind === 'youth_union').length;
  return {
    complete: members >= 2 || (youth >= 1 && members >= 1),
    roomFor: (kind) => (kind === 'youth_union' ? youth === 0 && members <= 1 : members < (youth > 0 ? 1 : 2)),
  };
}

/** The certificate's last valid day: as entered, else the course's end plus the validity in force then (the lifecycle rules). */
export function certificateValidUntil(courseCompletedOn: string | null | undefined, entered: string | null | undefined): string | null {
  if (entered) return entered;
  if (!courseCompletedOn) return null;
  return addDays(addMonths(courseCompletedOn, lifecycleRulesFor(courseCompletedOn).awarenessCertificateMonths), -1);
}

/** The worklist's week: today to the coming Sunday. */
export function weekEndOf(today: string): string {
  return addDays(today, (7 - dayOfWeek(today)) % 7);
}
