/**
 * Party age (tuổi đảng) and party badges (Huy hiệu Đảng). Pure and versioned.
 *
 * Party age — Charter of the Party, Art. 5(4); 24-QĐ/TW (2021) point 4.5.1, kept by 294-QĐ/TW (2025): once recognized
 * as official, a member's party age runs from the day the competent body signed the admission decision (or, without
 * the decision, the admission date on the party card), minus the periods outside party activity: expulsion, removal
 * from the list, loss of contact with the party organization, and interruptions while transferring. A re-admitted
 * member counts from the first admission decision, minus the time outside. A member wrongly expelled and restored
 * counts continuously (simply: no period outside is recorded).
 *
 * Badges — 01-HD/TW (28/9/2021) point 18, then 06-HD/TW (9/6/2025) `[?]` under 294-QĐ/TW: members with 30, 40, 45,
 * 50, 55, 60, 65, 70, 75, 80, 85 and 90 years of party age are considered for the badge; a seriously ill member may be
 * awarded early, by at most 12 months for the 30–65-year badges and 24 months for the 70–90-year badges. Badges are
 * presented on 3/2, 19/5, 2/9 and 7/11 and decided by the provincial standing committee.
 */
import { addDays, addMonths } from '../lib/dates.ts';

export interface Period {
  /** First day outside the party. */
  from: string;
  /** First day back in party activity (exclusive end); null while still outside. */
  to: string | null;
}

export interface PartyAgeInput {
  /** Signing date of the (first) admission decision. */
  admissionDecisionDate: string;
  /** Periods outside party activity, in any order; they must not overlap. */
  periodsOutside?: readonly Period[];
}

export interface PartyAge {
  years: number;
  months: number;
  /** Days in the party up to the date (the date itself not counted). */
  days: number;
  /** False while the member is outside the party on the date (party age is frozen). */
  inParty: boolean;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function sortedPeriods(input: PartyAgeInput): Period[] {
  return [...(input.periodsOutside ?? [])]
    .filter((period) => period.to === null || period.to > period.from)
    .sort((a, b) => a.from.localeCompare(b.from));
}

/**
 * The date on which party age reaches `years` full years: the anniversary of the admission decision, pushed later
 * by every period outside the party that began before it. Null when the member is still outside at that point.
 */
export function partyAgeReachedOn(input: PartyAgeInput, years: number): string | null {
  let date = addMonths(input.admissionDecisionDate, years * 12);
  for (const period of sortedPeriods(input)) {
    if (period.from < input.admissionDecisionDate) continue;
    if (period.from >= date) break;
    if (period.to === null) return null;
    date = addDays(date, daysBetween(period.from, period.to));
  }
  return date;
}

/** Party age on a date (24-QĐ/TW point 4.5.1). Zero before the admission decision. */
export function partyAgeOn(input: PartyAgeInput, asOf: string): PartyAge {
  if (asOf <= input.admissionDecisionDate) return { years: 0, months: 0, days: 0, inParty: asOf === input.admissionDecisionDate };
  let outsideDays = 0;
  let inParty = true;
  for (const period of sortedPeriods(input)) {
    if (period.from >= asOf) break;
    if (period.from < input.admissionDecisionDate) continue;
    const end = period.to === null || period.to > asOf ? asOf : period.to;
    outsideDays += daysBetween(period.from, end);
    if (period.to === null || period.to > asOf) inParty = false;
  }
  const days = daysBetween(input.admissionDecisionDate, asOf) - outsideDays;
  // Whole months: the largest m with (admission + m months), shifted by the time outside, on or before asOf.
  const shiftedStart = addDays(input.admissionDecisionDate, outsideDays);
  const [sy, sm] = shiftedStart.split('-').map(Number);
  const [ay, am] = asOf.split('-').map(Number);
  let totalMonths = (ay - sy) * 12 + (am - sm);
  if (addMonths(shiftedStart, totalMonths) > asOf) totalMonths--;
  totalMonths = Math.max(0, totalMonths);
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12, days, inParty };
}

// ---------------------------------------------------------------------------------------------------------------
// Badges
// ---------------------------------------------------------------------------------------------------------------

export interface PresentationDay {
  month: number;
  day: number;
  vi: string;
  en: string;
}

export interface EarlyAwardBand {
  fromYears: number;
  toYears: number;
  /** How many months early a seriously ill member may be awarded. */
  maxMonthsEarly: number;
}

export interface BadgeRuleSet {
  regulation: string;
  effectiveFrom: string;
  /** Years of party age that earn a badge, ascending. */
  milestones: readonly number[];
  presentationDays: readonly PresentationDay[];
  earlyAward: readonly EarlyAwardBand[];
}

const PRESENTATION_DAYS: readonly PresentationDay[] = [
  { month: 2, day: 3, vi: 'Ngày thành lập Đảng (3/2)', en: 'Founding of the Party (3 Feb)' },
  { month: 5, day: 19, vi: 'Ngày sinh Chủ tịch Hồ Chí Minh (19/5)', en: 'President Ho Chi Minh\u2019s birthday (19 May)' },
  { month: 9, day: 2, vi: 'Quốc khánh (2/9)', en: 'National Day (2 Sep)' },
  { month: 11, day: 7, vi: 'Kỷ niệm Cách mạng Tháng Mười Nga (7/11)', en: 'October Revolution anniversary (7 Nov)' },
];

const MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90] as const;
const EARLY_AWARD: readonly EarlyAwardBand[] = [
  { fromYears: 30, toYears: 65, maxMonthsEarly: 12 },
  { fromYears: 70, toYears: 90, maxMonthsEarly: 24 },
];

/** The statuses of members a badge is presented to: official members, those exempted from activity included. */
export const BADGE_STATUSES = ['official', 'exempted'] as const;

export function holdsBadgeStatus(status: string): boolean {
  return (BADGE_STATUSES as readonly string[]).includes(status);
}

/** Ordered by `effectiveFrom`. A new regulation that changes a number gets a new entry; older facts keep theirs. */
export const BADGE_RULE_SETS: readonly BadgeRuleSet[] = [
  { regulation: '24-QĐ/TW (30/7/2021); 01-HD/TW (28/9/2021) điểm 18', effectiveFrom: '2021-07-30', milestones: MILESTONES, presentationDays: PRESENTATION_DAYS, earlyAward: EARLY_AWARD },
  { regulation: '294-QĐ/TW (2025); 06-HD/TW (9/6/2025)', effectiveFrom: '2025-07-01', milestones: MILESTONES, presentationDays: PRESENTATION_DAYS, earlyAward: EARLY_AWARD },
];

/** The badge rules in force on a date (the earliest set answers for dates before it). */
export function badgeRulesFor(date: string): BadgeRuleSet {
  let chosen = BADGE_RULE_SETS[0];
  for (const rules of BADGE_RULE_SETS) if (rules.effectiveFrom <= date) chosen = rules;
  return chosen;
}

/** Whether the date is one of the presentation days of the rules in force on it. */
export function isPresentationDay(date: string): boolean {
  const [, month, day] = date.split('-').map(Number);
  return badgeRulesFor(date).presentationDays.some((entry) => entry.month === month && entry.day === day);
}

/** The next presentation day on or after the date. */
export function nextPresentationDay(date: string): string {
  for (let year = Number(date.slice(0, 4)); ; year++) {
    const candidates = badgeRulesFor(`${year}-01-01`).presentationDays
      .map((entry) => `${year}-${String(entry.month).padStart(2, '0')}-${String(entry.day).padStart(2, '0')}`)
      .filter((candidate) => candidate >= date)
      .sort();
    if (candidates.length > 0) return candidates[0];
  }
}

/** How many months early a seriously ill member may receive the badge for `milestone` years. */
export function maxMonthsEarly(milestone: number, rules: BadgeRuleSet): number {
  return rules.earlyAward.find((band) => milestone >= band.fromYears && milestone <= band.toYears)?.maxMonthsEarly ?? 0;
}

export interface BadgeDue {
  /** The badge due: the highest milestone reached and not yet awarded. */
  milestone: number;
  /** The day party age reaches the milestone. */
  reachedOn: string;
  /** True when it is due only thanks to the early award for serious illness. */
  early: boolean;
}

/**
 * The badge a member is due on a presentation date, or null: the highest milestone whose date (moved earlier by the
 * early-award allowance when the member is seriously ill) falls on or before the presentation date and that is above
 * every badge already awarded. Applies the rules in force on the presentation date.
 */
export function badgeDueOn(
  input: PartyAgeInput & { seriouslyIll?: boolean; awardedMilestones?: readonly number[] },
  presentationDate: string,
): BadgeDue | null {
  const rules = badgeRulesFor(presentationDate);
  const highestAwarded = Math.max(0, ...(input.awardedMilestones ?? []));
  let due: BadgeDue | null = null;
  for (const milestone of rules.milestones) {
    if (milestone <= highestAwarded) continue;
    const reachedOn = partyAgeReachedOn(input, milestone);
    if (reachedOn === null) break;
    if (reachedOn <= presentationDate) {
      due = { milestone, reachedOn, early: false };
      continue;
    }
    if (input.seriouslyIll && addMonths(reachedOn, -maxMonthsEarly(milestone, rules)) <= presentationDate) {
      due = { milestone, reachedOn, early: true };
    }
    break;
  }
  return due;
}

/**
 * For each highest badge a member may hold (none, or a milestone of any rule set), the admission dates that reach
 * the next milestone of the rules in force by the presentation date (`admissionWindowFor` of that milestone).
 * A member holding the last milestone has no next one and is left out.
 */
export interface NextMilestoneWindow {
  /** The highest badge held (0: none). */
  highest: number;
  latestAdmission: string;
  latestAdmissionIfIll: string;
}

export function nextMilestoneWindows(presentationDate: string): NextMilestoneWindow[] {
  const milestones = badgeRulesFor(presentationDate).milestones;
  const held = [0, ...new Set(BADGE_RULE_SETS.flatMap((rules) => rules.milestones))].sort((a, b) => a - b);
  return held.flatMap((highest) => {
    const next = milestones.find((milestone) => milestone > highest);
    return next === undefined ? [] : [{ highest, ...admissionWindowFor(next, presentationDate) }];
  });
}

/**
 * The window of admission dates (for members with no time outside the party) whose badge for `milestone` falls due
 * by the presentation date: admitted on or before `latestAdmission`, or on or before `latestAdmissionIfIll` when
 * seriously ill. Lets a list query preselect candidates in SQL before the exact rule runs per member.
 */
export function admissionWindowFor(milestone: number, presentationDate: string): { latestAdmission: string; latestAdmissionIfIll: string } {
  const rules = badgeRulesFor(presentationDate);
  return {
    latestAdmission: addMonths(presentationDate, -milestone * 12),
    latestAdmissionIfIll: addMonths(presentationDate, -milestone * 12 + maxMonthsEarly(milestone, rules)),
  };
}
