/**
 * The statistics every area feeds (issue 12): one way to answer any source an area declares (`ServerArea.statistics`)
 * for any unit the caller may see, as of a date or over a period, on the tree as it stood then (DOMAIN.md §8).
 *
 * The caller's `statistics.read` scope decides: a unit outside it is not found (404), exactly like a missing one, and
 * the sources count only what lies inside it. A date before the unit existed, or in the future, is refused; a period
 * that ends before it starts too (DATE_RANGE_INVALID).
 */
import { sql } from 'kysely';
import { AppError } from '../../contracts/errors.ts';
import type { StatisticsCatalog, StatisticsFigures, StatisticsFiguresQuery } from '../../contracts/statistics.ts';
import type { StatisticsSource } from '../../http/context.ts';
import { scopeOf, unitInScope, versionInForce, type Caller, type Executor } from '../../kernel/index.ts';
import { addDays, todayInVietnam } from '../../lib/dates.ts';
import { statisticsEditionFor } from '../../rules/statistics-editions.ts';

export function catalogOf(sources: readonly StatisticsSource[], date = todayInVietnam()): StatisticsCatalog {
  const edition = statisticsEditionFor(date);
  return {
    edition: { key: edition.key, regulation: edition.regulation },
    sources: sources.map((source) => ({
      key: source.key, label: source.label,
      measures: source.measures.map((measure) => ({ ...measure, dimensions: [...measure.dimensions] })),
      dimensions: source.dimensions(date).map((dimension) => ({ ...dimension, values: [...dimension.values] })),
    })),
  };
}

function assertDate(date: string, field: string, establishedOn: string): void {
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field, date });
  if (date < establishedOn) throw new AppError('STATISTICS_DATE_BEFORE_RECORDS', { field, date, establishedOn });
}

/** One source's figures for a unit in the caller's scope: stocks on a date, or flows over a period with both stocks. */
export async function readFigures(db: Executor, caller: Caller, sources: readonly StatisticsSource[], query: StatisticsFiguresQuery): Promise<StatisticsFigures> {
  const source = sources.find((candidate) => candidate.key === query.source);
  if (!source) throw new AppError('STATISTICS_SOURCE_UNKNOWN', { source: query.source, known: sources.map((candidate) => candidate.key) });
  const scope = scopeOf(caller, 'statistics.read');
  const unit = await db.selectFrom('org_units as u').select(['u.id', 'u.established_on']).where('u.id', '=', query.unitId)
    .where(unitInScope('u.id', scope)).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
  if (query.date !== undefined && (query.from !== undefined || query.to !== undefined)) throw new AppError('STATISTICS_DATE_MIXED', { date: query.date, from: query.from, to: query.to });
  const period = query.from !== undefined || query.to !== undefined;
  const to = query.to ?? todayInVietnam();
  const from = query.from ?? to;
  const date = period ? to : query.date ?? todayInVietnam();
  if (period) {
    assertDate(from, 'from', unit.established_on);
    assertDate(to, 'to', unit.established_on);
    if (from > to) throw new AppError('DATE_RANGE_INVALID', { from, to });
  } else {
    assertDate(date, 'date', unit.established_on);
  }
  const by = query.by ?? null;
  const kinds = period ? ['stock', 'flow'] : ['stock'];
  if (by !== null && !source.measures.some((measure) => kinds.includes(measure.kind) && measure.dimensions.includes(by))) {
    throw new AppError('STATISTICS_DIMENSION_UNKNOWN', { source: source.key, by, dimensions: [...new Set(source.measures.flatMap((measure) => measure.dimensions))] });
  }
  const ask = { unitId: unit.id, scope, by, children: query.breakdown === 'children' };
  const figures = period
    ? [
      ...(await source.stocks(db, ask, addDays(from, -1))).map((row) => ({ ...row, at: 'before' as const })),
      ...(await source.stocks(db, ask, to)).map((row) => ({ ...row, at: 'after' as const })),
      ...(source.flows ? await source.flows(db, ask, from, to) : []).map((row) => ({ ...row, at: null })),
    ]
    : (await source.stocks(db, ask, date)).map((row) => ({ ...row, at: null }));
  // The units directly under it on the date (those with nothing to count too), and any other a figure names.
  const children = ask.children ? (await sql<{ unit_id: number }>`select v.unit_id from org_unit_versions v
    where v.parent_id = ${unit.id} and ${versionInForce('v', date)} and ${unitInScope('v.unit_id', scope)}`.execute(db)).rows.map((row) => Number(row.unit_id)) : [];
  const named = await sql<{ id: number; code: string; name: string; kind: string }>`
    select u.id, u.code, v.name, v.kind from org_units u
    -- A child that ended before the date keeps the name it last had.
    cross join lateral (select name, kind from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null and v.valid_from <= ${date}
      order by v.valid_from desc limit 1) v
    where u.id = any(${[unit.id, ...new Set([...children, ...figures.flatMap((row) => (row.unitId === null ? [] : [row.unitId]))])]}::bigint[])`.execute(db);
  const self = named.rows.find((row) => Number(row.id) === unit.id);
  return {
    source: source.key, unitId: unit.id, unitName: self?.name ?? '', edition: statisticsEditionFor(date).key,
    date: period ? null : date, from: period ? from : null, to: period ? to : null, by,
    units: named.rows.filter((row) => Number(row.id) !== unit.id).map((row) => ({ id: Number(row.id), code: row.code, name: row.name, kind: row.kind }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    figures: figures.sort((a, b) => (a.measure.localeCompare(b.measure) || String(a.at).localeCompare(String(b.at))
      || (a.unitId ?? 0) - (b.unitId ?? 0) || String(a.value).localeCompare(String(b.value)))),
  };
}
