/**
 * Editions of the statistical forms (DOMAIN.md §8; Hướng dẫn 11-HD/BTCTW on the party's statistical reporting):
 * the bands and groups a figure is broken down by are data, dated, so a report as of a date uses the edition in force
 * then and an older report keeps its own bands when a new edition changes them.
 *
 * Age bands: up to 30, then five-year bands (DOMAIN.md §8 marks the exact cut as `[?]`): the age is counted in whole
 * years on the report's date (on the event's date for a change). Youth (đảng viên trẻ) are members up to 30.
 */
export interface AgeBand { key: string; upTo: number | null; vi: string; en: string }

export interface StatisticsEdition {
  key: string;
  effectiveFrom: string;
  regulation: string;
  ageBands: readonly AgeBand[];
  /** The highest age counted as youth. */
  youthMaxAge: number;
}

const FIVE_YEAR_BANDS: readonly AgeBand[] = [
  { key: 'to_30', upTo: 30, vi: 'Đến 30 tuổi', en: 'Up to 30' },
  { key: '31_35', upTo: 35, vi: '31 – 35', en: '31–35' },
  { key: '36_40', upTo: 40, vi: '36 – 40', en: '36–40' },
  { key: '41_45', upTo: 45, vi: '41 – 45', en: '41–45' },
  { key: '46_50', upTo: 50, vi: '46 – 50', en: '46–50' },
  { key: '51_55', upTo: 55, vi: '51 – 55', en: '51–55' },
  { key: '56_60', upTo: 60, vi: '56 – 60', en: '56–60' },
  { key: '61_70', upTo: 70, vi: '61 – 70', en: '61–70' },
  { key: 'over_70', upTo: null, vi: 'Trên 70 tuổi', en: 'Over 70' },
];

/** Oldest first; the edition in force on a date is the last one effective by then. */
export const STATISTICS_EDITIONS: readonly StatisticsEdition[] = [
  { key: '11-HD/BTCTW', effectiveFrom: '1900-01-01', regulation: 'Hướng dẫn 11-HD/BTCTW (biểu mẫu thống kê đảng viên, tổ chức đảng)', ageBands: FIVE_YEAR_BANDS, youthMaxAge: 30 },
];

export function statisticsEditionFor(date: string): StatisticsEdition {
  let edition = STATISTICS_EDITIONS[0];
  for (const candidate of STATISTICS_EDITIONS) if (candidate.effectiveFrom <= date) edition = candidate;
  return edition;
}

/** The band of an age in whole years. */
export function ageBandOf(edition: StatisticsEdition, age: number): string {
  for (const band of edition.ageBands) if (band.upTo === null || age <= band.upTo) return band.key;
  return edition.ageBands[edition.ageBands.length - 1].key;
}
