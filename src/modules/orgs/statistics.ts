/**
 * What the organization tree counts for the statistics (issue 12; DOMAIN.md §8): the party organizations under a unit
 * on a date by level, kind and sector, on the tree as it stood then. Read from the count deltas the tree's triggers
 * keep per ancestor and day (migrations 0002, 0029): a unit's figures sum its own rows up to the date; a child's
 * breakdown sums each child's rows and counts the child itself.
 */
import { sql } from 'kysely';
import type { StatisticsAsk, StatisticsRow, StatisticsSource } from '../../http/context.ts';
import { unitInScope, versionInForce, type Executor } from '../../kernel/index.ts';
import { ORG_KINDS, ORG_LEVEL_LABELS, ORG_SECTORS } from '../../contracts/org-kinds.ts';

const DIMENSIONS = ['kind', 'level', 'sector'] as const;
type Dimension = (typeof DIMENSIONS)[number];
const NO_SECTOR = { key: 'none', label: { vi: 'Không phân loại', en: 'None' } };

function valueOf(by: Dimension, kind: string, sector: string): string {
  if (by === 'kind') return kind;
  if (by === 'level') return (ORG_KINDS as Record<string, { level: string }>)[kind]?.level ?? 'unknown';
  return sector === '' ? 'none' : sector;
}

async function stocks(db: Executor, ask: StatisticsAsk, date: string): Promise<StatisticsRow[]> {
  const by = ask.by as Dimension | null;
  // The unit itself (its subtree without it), then each child on the date (its subtree, and itself).
  const children = ask.children
    ? (await sql<{ unit_id: number; kind: string; sector: string | null }>`
        select v.unit_id, v.kind, v.sector from org_unit_versions v
        where v.parent_id = ${ask.unitId} and ${versionInForce('v', date)} and ${unitInScope('v.unit_id', ask.scope)}`.execute(db)).rows
    : [];
  const ancestors = [ask.unitId, ...children.map((child) => Number(child.unit_id))];
  const deltas = await sql<{ ancestor_id: number; kind: string; sector: string; n: number }>`
    select ancestor_id, kind, sector, sum(delta)::int as n from org_unit_count_deltas
    where ancestor_id = any(${ancestors}::bigint[]) and on_date <= ${date} and ${unitInScope('ancestor_id', ask.scope)}
    group by ancestor_id, kind, sector having sum(delta) <> 0`.execute(db);
  const totals = new Map<string, StatisticsRow>();
  const add = (unitId: number | null, kind: string, sector: string, count: number) => {
    for (const value of by === null ? [null] : [null, valueOf(by, kind, sector)]) {
      const key = `${unitId}|${value}`;
      const row = totals.get(key) ?? { measure: 'units', value, unitId, count: 0 };
      row.count += count;
      totals.set(key, row);
    }
  };
  for (const row of deltas.rows) add(Number(row.ancestor_id) === ask.unitId ? null : Number(row.ancestor_id), row.kind, row.sector, row.n);
  for (const child of children) add(Number(child.unit_id), child.kind, child.sector ?? '', 1);
  return [...totals.values()];
}

export const orgStatistics: StatisticsSource = {
  key: 'organizations',
  label: { vi: 'Tổ chức đảng', en: 'Party organizations' },
  measures: [{ key: 'units', kind: 'stock', label: { vi: 'Tổ chức đảng trực thuộc', en: 'Party organizations under the unit' }, dimensions: DIMENSIONS }],
  dimensions: () => [
    { key: 'kind', label: { vi: 'Loại tổ chức', en: 'Kind' }, values: Object.entries(ORG_KINDS).map(([key, value]) => ({ key, label: { vi: value.vi, en: value.en } })) },
    { key: 'level', label: { vi: 'Cấp', en: 'Level' }, values: Object.entries(ORG_LEVEL_LABELS).map(([key, label]) => ({ key, label })) },
    { key: 'sector', label: { vi: 'Loại hình', en: 'Sector' }, values: [...Object.entries(ORG_SECTORS).map(([key, label]) => ({ key, label })), NO_SECTOR] },
  ],
  stocks,
};
