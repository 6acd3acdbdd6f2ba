/**
 * The member life cycle as the rules define it: age limits for admission, probation, recognition as official,
 * re-admission, and the deadlines of transfers of party activity. Pure functions; each picks the rule set in force
 * on the date of the fact it judges (DOMAIN.md §2).
 *
 * Rule sets, by the regulation implementing the Party Charter (Điều lệ Đảng, Arts. 1–8):
 *   - 29-QĐ/TW (25/7/2016) with guidance 01-HD/TW (20/9/2016): in force until 29/7/2021;
 *   - 24-QĐ/TW (30/7/2021) with guidance 12-HD/TW: in force until 19/1/2025;
 *   - 232-QĐ/TW (20/1/2025), amending 24-QĐ/TW: in force until 30/6/2025;
 *   - 294-QĐ/TW (26/5/2025, in force 1/7/2025) with guidance 06-HD/TW (9/6/2025).
 * The numbers below are the same in every set we could confirm; they are kept per set so that a change in a later
 * regulation is one new entry, and a report on an earlier date keeps its earlier rules.
 */
import { ORG_KINDS, ORG_KIND_LIST, type OrgKind } from '../contracts/org-kinds.ts';
import { addMonths } from '../lib/dates.ts';
import { STATUTORY_CALENDAR, type WorkingCalendar } from './working-days.ts';

export interface MemberLifecycleRules {
  /** The regulation (and guidance) this set encodes, as cited. */
  regulation: string;
  effectiveFrom: string;
  /** Admission: from the full age of 18 (in months, at the cell's vote). Charter Art. 1; 294-QĐ/TW Art. 1.1. */
  minAdmissionAgeMonths: number;
  /** Admission over this age (60 years, in months) needs the provincial committee's consent. 06-HD/TW §1.1. */
  maxAdmissionAgeMonths: number;
  /** Probation: 12 months from the admission ceremony. Charter Art. 5.1. */
  probationMonths: number;
  /** The cell reviews for recognition within this many working days after probation ends. 294-QĐ/TW Art. 5. */
  recognitionReviewWorkingDays: number;
  /** The competent committee decides on recognition within this many working days of the cell's resolution. */
  recognitionDecisionWorkingDays: number;
  /** …and may extend that once by at most this many working days. */
  recognitionExtensionMaxWorkingDays: number;
  /** The competent committee decides on admission within this many working days of the cell's resolution. */
  admissionDecisionWorkingDays: number;
  /** The admission ceremony within this many working days of the decision. Charter Art. 5.1. */
  ceremonyWorkingDays: number;
  /** Re-admission: at least this many months after leaving. 294-QĐ/TW Art. 4; 24-QĐ/TW Art. 4.3. */
  readmissionMinMonths: number;
  /** Re-admission is allowed this many times in a life. */
  readmissionMaxTimes: number;
  /** Grounds of leaving that bar re-admission for ever (24-QĐ/TW Art. 4.3.b; 294-QĐ/TW Art. 4). */
  readmissionBarredGrounds: readonly string[];
  /** Official transfer: to be presented to the receiving committee within this many working days of issue. 294-QĐ/TW Art. 8. */
  officialTransferDueWorkingDays: number;
  /** The receiving committee presents the member to the new cell within this many working days of receipt. */
  presentToCellWorkingDays: number;
  /**
   * The awareness course's certificate stays valid this many months from the course's end when the file does not say
   * (DOMAIN.md §2: 5 years, `[?]` unconfirmed): change it by date here when the rule is confirmed.
   */
  awarenessCertificateMonths: number;
  /** Temporary transfer durations in months, [min, max) for work and [min, max] for study. 294-QĐ/TW Art. 8. */
  temporaryTransferMonths: { work: { min: number; maxExclusive: number }; study: { min: number; max: number } };
}

const BARRED_GROUNDS = ['inactivity', 'resignation', 'disunity', 'corruption_conviction', 'serious_crime'] as const;

const BASE = {
  minAdmissionAgeMonths: 18 * 12,
  maxAdmissionAgeMonths: 60 * 12,
  probationMonths: 12,
  recognitionReviewWorkingDays: 30,
  recognitionDecisionWorkingDays: 30,
  recognitionExtensionMaxWorkingDays: 30,
  admissionDecisionWorkingDays: 60,
  ceremonyWorkingDays: 30,
  readmissionMinMonths: 36,
  readmissionMaxTimes: 1,
  readmissionBarredGrounds: BARRED_GROUNDS,
  officialTransferDueWorkingDays: 60,
  presentToCellWorkingDays: 30,
  awarenessCertificateMonths: 60,
  temporaryTransferMonths: { work: { min: 3, maxExclusive: 12 }, study: { min: 3, max: 24 } },
} as const;

/** Ordered by `effectiveFrom`. */
export const MEMBER_LIFECYCLE_RULES: readonly MemberLifecycleRules[] = [
  { ...BASE, regulation: '29-QĐ/TW (25/7/2016), 01-HD/TW', effectiveFrom: '2016-07-25' },
  { ...BASE, regulation: '24-QĐ/TW (30/7/2021), 12-HD/TW', effectiveFrom: '2021-07-30' },
  { ...BASE, regulation: '232-QĐ/TW (20/1/2025)', effectiveFrom: '2025-01-20' },
  { ...BASE, regulation: '294-QĐ/TW (26/5/2025), 06-HD/TW (9/6/2025)', effectiveFrom: '2025-07-01' },
];

/** The rule set in force on a date (the earliest set for dates before it). */
export function lifecycleRulesFor(date: string): MemberLifecycleRules {
  let chosen = MEMBER_LIFECYCLE_RULES[0];
  for (const rules of MEMBER_LIFECYCLE_RULES) if (rules.effectiveFrom <= date) chosen = rules;
  return chosen;
}

/** Full months from `from` to `to` (age in months: a month counts once its day is reached). */
export function fullMonthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  let months = (y2 - y1) * 12 + (m2 - m1);
  // The day is reached when it has passed, or when `to` is the month's last day and `from`'s day does not exist in it.
  const lastDayOfTo = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
  if (d2 < d1 && d2 !== lastDayOfTo) months -= 1;
  return months;
}

export type AgeCheck = { ok: true; ageMonths: number } | { ok: false; ageMonths: number; reason: 'under_age' | 'over_age_without_consent' };

/**
 * Age at the cell's vote, counted in months: from the full age of 18; over 60 only with the provincial committee's
 * consent (Charter Art. 1; 294-QĐ/TW Art. 1; 06-HD/TW §1.1).
 */
export function checkAdmissionAge(birthDate: string, voteDate: string, hasProvincialConsent: boolean): AgeCheck {
  const rules = lifecycleRulesFor(voteDate);
  const ageMonths = fullMonthsBetween(birthDate, voteDate);
  if (ageMonths < rules.minAdmissionAgeMonths) return { ok: false, ageMonths, reason: 'under_age' };
  if (ageMonths > rules.maxAdmissionAgeMonths && !hasProvincialConsent) return { ok: false, ageMonths, reason: 'over_age_without_consent' };
  return { ok: true, ageMonths };
}

/**
 * The day a probationary member becomes official: the day the probation months end, counted from the admission
 * ceremony (Charter Art. 5.1; 294-QĐ/TW Art. 5). It holds even when the decision is signed later.
 */
export function probationEndDate(probationStart: string): string {
  return addMonths(probationStart, lifecycleRulesFor(probationStart).probationMonths);
}

/**
 * The working-day deadlines of recognition: the cell's review after probation ends, then the committee's decision
 * (optionally extended once), counted on `calendar` (the statutory one with the centre's adjustments: the services pass
 * `workingCalendarOf`; the statutory one alone by default).
 */
export function recognitionDeadlines(probationStart: string, extensionWorkingDays = 0, calendar: WorkingCalendar = STATUTORY_CALENDAR): { officialDate: string; cellReviewBy: string; decisionBy: string } {
  const officialDate = probationEndDate(probationStart);
  const rules = lifecycleRulesFor(officialDate);
  const cellReviewBy = calendar.addWorkingDays(officialDate, rules.recognitionReviewWorkingDays);
  const extension = Math.min(extensionWorkingDays, rules.recognitionExtensionMaxWorkingDays);
  return { officialDate, cellReviewBy, decisionBy: calendar.addWorkingDays(cellReviewBy, rules.recognitionDecisionWorkingDays + extension) };
}

/** The admission ceremony's deadline: within 30 working days of the decision (Charter Art. 5.1). */
export function ceremonyDeadline(decisionDate: string, calendar: WorkingCalendar = STATUTORY_CALENDAR): string {
  return calendar.addWorkingDays(decisionDate, lifecycleRulesFor(decisionDate).ceremonyWorkingDays);
}

export type ReadmissionCheck =
  | { ok: true }
  | { ok: false; reason: 'already_used' | 'too_early' | 'barred_ground'; earliest?: string };

/**
 * Re-admission: once in a life, at least 36 months after leaving, never for the barred grounds, and always with
 * the provincial committee's consent (checked by the caller) (24-QĐ/TW Art. 4.3; 294-QĐ/TW Art. 4).
 */
export function checkReadmission(input: { leftOn: string; leaveGround: string | null; previousReadmissions: number; date: string }): ReadmissionCheck {
  const rules = lifecycleRulesFor(input.date);
  if (input.previousReadmissions >= rules.readmissionMaxTimes) return { ok: false, reason: 'already_used' };
  if (input.leaveGround && rules.readmissionBarredGrounds.includes(input.leaveGround)) return { ok: false, reason: 'barred_ground' };
  const earliest = addMonths(input.leftOn, rules.readmissionMinMonths);
  if (input.date < earliest) return { ok: false, reason: 'too_early', earliest };
  return { ok: true };
}

/** Official transfer: the deadline to be received by the destination (60 working days from issue; 294-QĐ/TW Art. 8). */
export function transferDueDate(issuedOn: string, calendar: WorkingCalendar = STATUTORY_CALENDAR): string {
  return calendar.addWorkingDays(issuedOn, lifecycleRulesFor(issuedOn).officialTransferDueWorkingDays);
}

/**
 * Who a transfer can be addressed to: a party organization that receives members, i.e. a cell or a committee above
 * cells (which forwards it down to one). Never a party group (tổ đảng): it is part of a cell and has no members of
 * its own to receive (DOMAIN.md §1: cells may have party groups; §2: transfer of party activity, presented to the new
 * cell).
 */
export const TRANSFER_RECEIVING_KINDS: readonly OrgKind[] = ORG_KIND_LIST.filter((kind) => kind !== 'party_group');

export function canReceiveTransfer(kind: string): boolean {
  return (TRANSFER_RECEIVING_KINDS as readonly string[]).includes(kind);
}

/**
 * The destinations the sending side is offered when it picks one by name: those that receive members and sit at the
 * grassroots or below (the cell the member will join, or the grassroots organization that places it). A committee
 * above the grassroots can still be addressed by id.
 */
export const TRANSFER_OFFERED_KINDS: readonly OrgKind[] = TRANSFER_RECEIVING_KINDS.filter((kind) => ['grassroots', 'sub_grassroots', 'cell'].includes(ORG_KINDS[kind].level));

/** After receipt, the deadline to present the member to the new cell (30 working days; 294-QĐ/TW Art. 8). */
export function presentToCellDueDate(receivedOn: string, calendar: WorkingCalendar = STATUTORY_CALENDAR): string {
  return calendar.addWorkingDays(receivedOn, lifecycleRulesFor(receivedOn).presentToCellWorkingDays);
}

export type TemporaryDurationCheck = { ok: true } | { ok: false; minMonths: number; maxMonths: number; maxInclusive: boolean };

/**
 * Temporary transfer duration: for work, from 3 months to under 1 year; for study, from 3 months to 2 years
 * (294-QĐ/TW Art. 8; 24-QĐ/TW Art. 8.2).
 */
export function checkTemporaryDuration(purpose: string, from: string, until: string): TemporaryDurationCheck {
  const rules = lifecycleRulesFor(from).temporaryTransferMonths;
  if (purpose === 'study') {
    const ok = until >= addMonths(from, rules.study.min) && until <= addMonths(from, rules.study.max);
    return ok ? { ok: true } : { ok: false, minMonths: rules.study.min, maxMonths: rules.study.max, maxInclusive: true };
  }
  const ok = until >= addMonths(from, rules.work.min) && until < addMonths(from, rules.work.maxExclusive);
  return ok ? { ok: true } : { ok: false, minMonths: rules.work.min, maxMonths: rules.work.maxExclusive, maxInclusive: false };
}

/** Whether an official transfer (issued, not yet received) is past its deadline on `date`. */
export function isTransferLate(transfer: { status: string; dueBy: string; presentBy: string | null; presentedOn: string | null }, date: string): boolean {
  if (transfer.status === 'issued') return date > transfer.dueBy;
  if (transfer.status === 'accepted' && transfer.presentBy && !transfer.presentedOn) return date > transfer.presentBy;
  return false;
}

/**
 * Corrections (no regulation names them; the registry's own rule, DESIGN "history never overwritten"): a correction supersedes the latest life-cycle event of a record,
 * if its kind is one of these; transfers are undone through their own return or cancel. The first event of a
 * record (admission, registration) may be re-dated but not annulled, or the record would have no state.
 * One list for the server's check and the web's offer.
 */
export const CORRECTABLE_EVENT_KINDS = ['admission', 'registration', 'recognition', 'recognition_extension', 'probation_refused', 'exemption', 'exemption_end', 'removal', 'expulsion', 'death', 'readmission'] as const;
export const FOUNDING_EVENT_KINDS = ['admission', 'registration'] as const;
/** Events that record data, not a step of life: never the target of a correction, and not "the latest step". */
export const DATA_EVENT_KINDS = ['field_change', 'correction'] as const;

export function isCorrectableKind(kind: string): boolean {
  return (CORRECTABLE_EVENT_KINDS as readonly string[]).includes(kind);
}

export function isFoundingKind(kind: string): boolean {
  return (FOUNDING_EVENT_KINDS as readonly string[]).includes(kind);
}
