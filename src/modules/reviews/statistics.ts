/**
 * What the review and classification counts for the reports (DOMAIN.md §4, §8): the standing results of the review
 * periods that end in the period asked (a year's results count on 31/12 of the year), for organizations and for
 * members, in total, by level and "completed or better" (excellent + good + completed), each in the organization
 * classified or the member's cell, on the tree as it stood on the period's last day, in the scope asked. So the
 * seeds' targets are indicators of this source's figures: "≥80% of organizations complete their tasks" is
 * organizationsCompletedOrBetter / organizationsClassified; "20% of them excellent" is organizationsExcellent /
 * organizationsCompletedOrBetter; "≥85% of members complete their tasks" is membersCompletedOrBetter / membersClassified.
 *
 * The figures are flows (results of the periods ending in [from, to]): a classification belongs to its period, not
 * to a day, so there is no stock (`stocks` answers nothing). They are counted from the raw rows (one per organization
 * or member a year, through the period's partial index): a province's year is quick, a national one reads every
 * member's result (kept aggregates are the next step: NOTES.md).
 */
import type { StatisticsAsk, StatisticsDimension, StatisticsMemberRow, StatisticsPick, StatisticsRow, StatisticsSource } from '../../http/context.ts';
import type { Executor } from '../../kernel/index.ts';
import { ORG_LEVEL_LABELS, levelOfKind, type OrgLevel } from '../../contracts/org-kinds.ts';
import type { ReviewLevel, ReviewSubject } from '../../contracts/reviews.ts';
import { countResults, membersCounted } from './reviews.repository.ts';

const CLASSIFIED_LEVELS: readonly OrgLevel[] = ['grassroots', 'sub_grassroots', 'cell'];
const DIMENSIONS: readonly StatisticsDimension[] = [
  { key: 'orgLevel', label: { vi: 'Cấp tổ chức', en: 'Level of organization' }, values: CLASSIFIED_LEVELS.map((key) => ({ key, label: ORG_LEVEL_LABELS[key] })) },
];

/** Each measure's suffix and the levels it counts. */
const PARTS: readonly { suffix: string; levels: readonly ReviewLevel[]; vi: string; en: string }[] = [
  { suffix: 'Classified', levels: ['excellent', 'good', 'completed', 'not_completed'], vi: 'được xếp loại', en: 'classified' },
  { suffix: 'Excellent', levels: ['excellent'], vi: 'hoàn thành xuất sắc nhiệm vụ', en: 'completed tasks excellently' },
  { suffix: 'Good', levels: ['good'], vi: 'hoàn thành tốt nhiệm vụ', en: 'completed tasks well' },
  { suffix: 'Completed', levels: ['completed'], vi: 'hoàn thành nhiệm vụ', en: 'completed tasks' },
  { suffix: 'NotCompleted', levels: ['not_completed'], vi: 'không hoàn thành nhiệm vụ', en: 'did not complete tasks' },
  { suffix: 'CompletedOrBetter', levels: ['excellent', 'good', 'completed'], vi: 'hoàn thành nhiệm vụ trở lên', en: 'completed tasks or better' },
];
const SUBJECTS: readonly { subject: ReviewSubject; prefix: string; vi: string; en: string }[] = [
  { subject: 'organization', prefix: 'organizations', vi: 'Tổ chức đảng', en: 'Organizations' },
  { subject: 'member', prefix: 'members', vi: 'Đảng viên', en: 'Members' },
];
const MEASURES = SUBJECTS.flatMap((subject) => PARTS.map((part) => ({ key: `${subject.prefix}${part.suffix}`, subject: subject.subject, levels: part.levels, label: { vi: `${subject.vi} ${part.vi}`, en: `${subject.en} ${part.en}` } })));

async function flows(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]> {
  const counts = new Map<string, StatisticsRow>();
  for (const row of await countResults(db, { unitId: ask.unitId, from, to, scope: ask.scope })) {
    // Members have no dimension: asked by one, they give their totals only.
    const value = ask.by === 'orgLevel' && row.subject === 'organization' ? levelOfKind(row.kind) : null;
    const values = value === null ? [null] : [null, value];
    const units = ask.children && row.child !== null ? [null, row.child] : [null];
    const places = values.flatMap((v) => units.map((unitId) => ({ value: v, unitId })));
    for (const measure of MEASURES.filter((candidate) => candidate.subject === row.subject && candidate.levels.includes(row.level))) {
      for (const place of places) {
        const key = JSON.stringify([measure.key, place.value, place.unitId]);
        const counted = counts.get(key);
        if (counted) counted.count += row.n;
        else counts.set(key, { measure: measure.key, ...place, count: row.n });
      }
    }
  }
  return [...counts.values()];
}

/** The members a member measure counts (drill-down), by member id. */
async function members(db: Executor, ask: StatisticsAsk, pick: StatisticsPick, page: { after: number; limit: number }): Promise<StatisticsMemberRow[]> {
  const measure = MEASURES.find((candidate) => candidate.key === pick.measure);
  if (!measure || measure.subject !== 'member' || pick.kind !== 'flow') return [];
  return membersCounted(db, { unitId: ask.unitId, from: pick.from, to: pick.to, scope: ask.scope, levels: measure.levels, after: page.after, limit: page.limit });
}

export const reviewStatistics: StatisticsSource = {
  key: 'reviews',
  label: { vi: 'Đánh giá, xếp loại chất lượng', en: 'Review and classification' },
  measures: MEASURES.map((measure) => (measure.subject === 'organization'
    ? { key: measure.key, kind: 'flow' as const, label: measure.label, dimensions: ['orgLevel'], countsPeople: false as const }
    : { key: measure.key, kind: 'flow' as const, label: measure.label, dimensions: [] })),
  dimensions: () => DIMENSIONS,
  stocks: async () => [],
  flows,
  members,
};
