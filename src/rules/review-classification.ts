/**
 * The annual review and classification (đánh giá, xếp loại chất lượng; DOMAIN.md §4), as versioned rule data picked
 * by the last day of the period judged (a year's results by 31/12 of the year):
 *   - 124-QĐ/TW (4/10/2023) on the annual review and classification of collectives and individuals: four levels;
 *     members exempted from activity, suspended, or admitted less than 6 months before are reviewed but not
 *     classified; "excellent" at most 20% of those rated good or better in a group of like units or members;
 *   - 366-QĐ/TW (30/8/2025) with guidance 43-HD/BTCTW (31/10/2025): the same levels and the same members left
 *     unclassified; the 100-point scale decides the level (not encoded: the level is recorded as decided). Whether
 *     the 20% quota stays is not confirmed (DOMAIN.md §4 `[?]`): it is kept at 20% as configurable data, marked
 *     `quotaConfirmed: false`, so a province that reads 43-HD/BTCTW otherwise changes one number, not a handler.
 * Years before 124-QĐ/TW are judged by its rules (the earlier regulation is not encoded; NOTES.md).
 */
import type { ReviewLevel, NotClassifiedReason } from '../contracts/reviews.ts';
import type { OrgKind } from '../contracts/org-kinds.ts';
import { addMonths } from '../lib/dates.ts';

export interface ClassificationRules {
  /** The regulation (and guidance) this set encodes, as cited. */
  regulation: string;
  effectiveFrom: string;
  /** "Excellent" at most this share (per cent) of those rated good or better in one group; null: no quota. */
  excellentQuotaPercent: number | null;
  /** Whether the quota was confirmed in the regulation's text (false: kept as configurable data, `[?]`). */
  quotaConfirmed: boolean;
  /** Members admitted less than this many months before the period's last day are not classified. */
  minMonthsSinceAdmission: number;
}

export const CLASSIFICATION_RULES: readonly ClassificationRules[] = [
  { regulation: '124-QĐ/TW', effectiveFrom: '2023-10-04', excellentQuotaPercent: 20, quotaConfirmed: true, minMonthsSinceAdmission: 6 },
  { regulation: '366-QĐ/TW; 43-HD/BTCTW', effectiveFrom: '2025-08-30', excellentQuotaPercent: 20, quotaConfirmed: false, minMonthsSinceAdmission: 6 },
];

/** The rules in force on `date` (the period's last day); the earliest set for any date before it. */
export function classificationRulesFor(date: string): ClassificationRules {
  let rules = CLASSIFICATION_RULES[0];
  for (const candidate of CLASSIFICATION_RULES) if (candidate.effectiveFrom <= date) rules = candidate;
  return rules;
}

/** A year's review period: 1/1 to 31/12 (`period_kind` 'year'; the quarters of 366-QĐ/TW are not recorded yet). */
export function yearPeriod(year: number): { startsOn: string; endsOn: string } {
  return { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
}

/**
 * The organizations classified by the superior committee (124-QĐ/TW; 366-QĐ/TW): grassroots
 * organizations (committees and grassroots cells), sub-committees and the cells under a grassroots committee.
 */
export const CLASSIFIED_ORG_KINDS: readonly OrgKind[] = ['grassroots_committee', 'grassroots_cell', 'sub_committee', 'cell'];

/**
 * Whether a member is classified for a period ending on `endsOn` (124-QĐ/TW; 366-QĐ/TW with 43-HD/BTCTW):
 * not when, on that day, the member is not an active member (removed, expelled, deceased, or not yet admitted),
 * is exempted from activity (miễn sinh hoạt), is suspended, or was admitted less than 6 months before.
 * Returns the reason, or null when the member is classified.
 */
export function notClassifiedReason(
  member: { statusOnEnd: string | null; admissionDate: string | null; suspended?: boolean }, endsOn: string,
): NotClassifiedReason | null {
  const rules = classificationRulesFor(endsOn);
  if (member.statusOnEnd !== 'official' && member.statusOnEnd !== 'probationary' && member.statusOnEnd !== 'exempted') return 'not_a_member';
  if (member.statusOnEnd === 'exempted') return 'exempted';
  if (member.suspended) return 'suspended';
  if (!member.admissionDate || addMonths(member.admissionDate, rules.minMonthsSinceAdmission) > endsOn) return 'admitted_recently';
  return null;
}

export interface QuotaCheck {
  ok: boolean;
  excellent: number;
  goodOrBetter: number;
  /** The most "excellent" results the group may hold (null: no quota). */
  maxExcellent: number | null;
  percent: number | null;
  regulation: string;
}

/**
 * The "excellent" quota (124-QĐ/TW; kept for 366-QĐ/TW as unconfirmed data): in one group (the results
 * recorded under one unit for one period and kind of subject), "excellent" at most `excellentQuotaPercent` of those
 * rated good or better, rounded down (20% of 4 allows none; of 5, one).
 */
export function checkExcellentQuota(levels: readonly ReviewLevel[], endsOn: string): QuotaCheck {
  const rules = classificationRulesFor(endsOn);
  const excellent = levels.filter((level) => level === 'excellent').length;
  const goodOrBetter = excellent + levels.filter((level) => level === 'good').length;
  if (rules.excellentQuotaPercent === null) return { ok: true, excellent, goodOrBetter, maxExcellent: null, percent: null, regulation: rules.regulation };
  const maxExcellent = Math.floor((goodOrBetter * rules.excellentQuotaPercent) / 100);
  return { ok: excellent <= maxExcellent, excellent, goodOrBetter, maxExcellent, percent: rules.excellentQuotaPercent, regulation: rules.regulation };
}
