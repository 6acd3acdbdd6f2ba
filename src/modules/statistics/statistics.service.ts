/**
 * The statistics every area feeds (issue 12): one way to answer any source an area declares (`ServerArea.statistics`)
 * for any unit the caller may see, as of a date or over a period, on the tree as it stood then (DOMAIN.md §8): the raw
 * figures, the standard forms composed from them (`forms.ts`), and the members behind a figure.
 *
 * The caller's `statistics.read` scope decides: a unit outside it is not found (404), exactly like a missing one, and
 * the sources count only what lies inside it. A date before the unit existed, or in the future, is refused; a period
 * that ends before it starts too (DATE_RANGE_INVALID).
 */
import { sql } from 'kysely';
import { AppError } from '../../contracts/errors.ts';
import type {
  FigureSpec, StatisticsCatalog, StatisticsFigure, StatisticsFigures, StatisticsFiguresQuery, StatisticsForm, StatisticsFormQuery, StatisticsMembers, StatisticsMembersQuery,
} from '../../contracts/statistics.ts';
import type { StatisticsAsk, StatisticsRow, StatisticsSource } from '../../http/context.ts';
import { scopeOf, unitInScope, versionInForce, type Caller, type Executor, type Scope } from '../../kernel/index.ts';
import { addDays, todayInVietnam } from '../../lib/dates.ts';
import { statisticsEditionFor } from '../../rules/statistics-editions.ts';
import { FORMS, type FormDefinition } from './forms.ts';

type Range = { kind: 'stock'; date: string } | { kind: 'flow'; from: string; to: string };

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

function sourceOf(sources: readonly StatisticsSource[], key: string): StatisticsSource {
  const source = sources.find((candidate) => candidate.key === key);
  if (!source) throw new AppError('STATISTICS_SOURCE_UNKNOWN', { source: key, known: sources.map((candidate) => candidate.key) });
  return source;
}

function assertDate(date: string, field: string, establishedOn: string): void {
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field, date });
  if (date < establishedOn) throw new AppError('STATISTICS_DATE_BEFORE_RECORDS', { field, date, establishedOn });
}

/**
 * The unit in the caller's scope (else 404) and the date or period asked, checked: a date alone, or `from`/`to`
 * (a missing end is today; a missing start is `defaultFrom(to)`, else the end itself).
 */
async function resolve(db: Executor, caller: Caller, query: { unitId: number; date?: string; from?: string; to?: string }, kind: 'stock' | 'flow' | 'any', defaultFrom?: (to: string) => string) {
  const scope = scopeOf(caller, 'statistics.read');
  const unit = await db.selectFrom('org_units as u').select(['u.id', 'u.established_on']).where('u.id', '=', query.unitId)
    .where(unitInScope('u.id', scope)).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
  if (query.date !== undefined && (query.from !== undefined || query.to !== undefined)) throw new AppError('STATISTICS_DATE_MIXED', { date: query.date, from: query.from, to: query.to });
  const period = kind === 'flow' || (kind === 'any' && (query.from !== undefined || query.to !== undefined));
  let range: Range;
  if (period) {
    const to = query.to ?? todayInVietnam();
    const from = query.from ?? defaultFrom?.(to) ?? to;
    assertDate(from, 'from', unit.established_on);
    assertDate(to, 'to', unit.established_on);
    if (from > to) throw new AppError('DATE_RANGE_INVALID', { from, to });
    range = { kind: 'flow', from, to };
  } else {
    if (query.from !== undefined || query.to !== undefined) throw new AppError('STATISTICS_DATE_MIXED', { from: query.from, to: query.to });
    const date = query.date ?? todayInVietnam();
    assertDate(date, 'date', unit.established_on);
    range = { kind: 'stock', date };
  }
  return { unitId: unit.id, scope, range };
}

const endOf = (range: Range) => (range.kind === 'stock' ? range.date : range.to);

/** A source's figures for the range: a date's stocks, or a period's flows with the stocks on its eve and its end. */
async function figuresFor(db: Executor, source: StatisticsSource, ask: StatisticsAsk, range: Range): Promise<StatisticsFigure[]> {
  if (range.kind === 'stock') return (await source.stocks(db, ask, range.date)).map((row) => ({ ...row, at: null }));
  return [
    ...(await source.stocks(db, ask, addDays(range.from, -1))).map((row) => ({ ...row, at: 'before' as const })),
    ...(await source.stocks(db, ask, range.to)).map((row) => ({ ...row, at: 'after' as const })),
    ...(source.flows ? await source.flows(db, ask, range.from, range.to) : []).map((row) => ({ ...row, at: null })),
  ];
}

/**
 * One figure of a unit's subtree over a period (an indicator's numerator or denominator): a flow over the period, or
 * a stock at its end (or, `at: 'before'`, on the eve of its first day). `flowsTo`, when given, ends the flows later
 * than the stocks' date: a target's year still running counts what is recorded for the whole year (nothing is
 * recorded ahead of today, but a year's review results are dated by its 31/12).
 */
export async function figureCount(db: Executor, sources: readonly StatisticsSource[], scope: Scope, unitId: number, figure: FigureSpec, period: { from: string; to: string; flowsTo?: string }): Promise<number> {
  const source = sourceOf(sources, figure.source);
  const measure = source.measures.find((candidate) => candidate.key === figure.measure);
  if (!measure) throw new AppError('STATISTICS_FIGURE_UNKNOWN', { figure });
  const by = figure.by ?? null;
  const ask = { unitId, scope, by, children: false };
  const rows = measure.kind === 'stock'
    ? await source.stocks(db, ask, figure.at === 'before' ? addDays(period.from, -1) : period.to)
    : source.flows ? await source.flows(db, ask, period.from, period.flowsTo ?? period.to) : [];
  return rows.filter((row) => row.measure === figure.measure && row.unitId === null && row.value === (by === null ? null : figure.value ?? null))
    .reduce((sum, row) => sum + row.count, 0);
}

/**
 * A source's figures for the range by each of several dimensions and in total, each row naming its dimension: in one
 * read where the source can (`stocksByEach`, `flowsByEach`), else one read per dimension.
 */
async function figuresByEach(db: Executor, source: StatisticsSource, unitId: number, scope: Scope, dims: readonly string[], range: Range) {
  const ask = { unitId, scope, by: null, children: false };
  const tagged = (rows: StatisticsRow[], at: 'before' | 'after' | null, by?: string | null) => rows.map((row) => ({ ...row, by: by === undefined ? row.by ?? null : by, at }));
  const stocksAt = async (date: string, at: 'before' | 'after' | null) => (source.stocksByEach && dims.length > 0
    ? tagged(await source.stocksByEach(db, ask, date, dims), at)
    : (await Promise.all([null, ...dims].map(async (by) => tagged(await source.stocks(db, { ...ask, by }, date), at, by)))).flat());
  if (range.kind === 'stock') return stocksAt(range.date, null);
  const flows = !source.flows ? [] : source.flowsByEach && dims.length > 0
    ? tagged(await source.flowsByEach(db, ask, range.from, range.to, dims), null)
    : (await Promise.all([null, ...dims].map(async (by) => tagged(await source.flows!(db, { ...ask, by }, range.from, range.to), null, by)))).flat();
  return [...await stocksAt(addDays(range.from, -1), 'before'), ...await stocksAt(range.to, 'after'), ...flows];
}

/** Units by id with their code, and the name and kind they had on the date (or last had, if they ended before). */
async function unitsNamed(db: Executor, ids: readonly number[], date: string) {
  const rows = await sql<{ id: number; code: string; name: string; kind: string }>`
    select u.id, u.code, v.name, v.kind from org_units u
    cross join lateral (select name, kind from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null and v.valid_from <= ${date}
      order by v.valid_from desc limit 1) v
    where u.id = any(${[...new Set(ids)]}::bigint[])`.execute(db);
  return rows.rows.map((row) => ({ id: Number(row.id), code: row.code, name: row.name, kind: row.kind }));
}

/** One source's figures for a unit in the caller's scope: stocks on a date, or flows over a period with both stocks. */
export async function readFigures(db: Executor, caller: Caller, sources: readonly StatisticsSource[], query: StatisticsFiguresQuery): Promise<StatisticsFigures> {
  const source = sourceOf(sources, query.source);
  const { unitId, scope, range } = await resolve(db, caller, query, 'any');
  const by = query.by ?? null;
  const kinds = range.kind === 'flow' ? ['stock', 'flow'] : ['stock'];
  if (by !== null && !source.measures.some((measure) => kinds.includes(measure.kind) && measure.dimensions.includes(by))) {
    throw new AppError('STATISTICS_DIMENSION_UNKNOWN', { source: source.key, by, dimensions: [...new Set(source.measures.flatMap((measure) => measure.dimensions))] });
  }
  const ask = { unitId, scope, by, children: query.breakdown === 'children' };
  const date = endOf(range);
  const figures = await figuresFor(db, source, ask, range);
  // The units directly under it on the date (those with nothing to count too), and any other a figure names.
  const children = ask.children ? await childrenOn(db, unitId, date, scope) : [];
  const named = await unitsNamed(db, [unitId, ...children, ...figures.flatMap((row) => (row.unitId === null ? [] : [row.unitId]))], date);
  return {
    source: source.key, unitId, unitName: named.find((row) => row.id === unitId)?.name ?? '', edition: statisticsEditionFor(date).key,
    date: range.kind === 'stock' ? range.date : null, from: range.kind === 'flow' ? range.from : null, to: range.kind === 'flow' ? range.to : null, by,
    units: named.filter((row) => row.id !== unitId).sort((a, b) => a.code.localeCompare(b.code)),
    figures: figures.sort((a, b) => (a.measure.localeCompare(b.measure) || String(a.at).localeCompare(String(b.at))
      || (a.unitId ?? 0) - (b.unitId ?? 0) || String(a.value).localeCompare(String(b.value)))),
  };
}

async function childrenOn(db: Executor, unitId: number, date: string, scope: Scope): Promise<number[]> {
  const rows = await sql<{ unit_id: number }>`select v.unit_id from org_unit_versions v
    where v.parent_id = ${unitId} and ${versionInForce('v', date)} and ${unitInScope('v.unit_id', scope)}`.execute(db);
  return rows.rows.map((row) => Number(row.unit_id));
}

export function listForms() {
  return { forms: FORMS.map((form) => ({ key: form.key, title: form.title, kind: form.kind })) };
}

function formOf(key: string): FormDefinition {
  const form = FORMS.find((candidate) => candidate.key === key);
  if (!form) throw new AppError('NOT_FOUND', { form: key });
  return form;
}

/** The first day of the year of a date: a flow form's default period is the year so far. */
const yearStart = (date: string) => `${date.slice(0, 4)}-01-01`;

/** The unit and the date or period a form is asked for, checked and defaulted as the form is: what a submission of it locks. */
export async function formPeriod(db: Executor, caller: Caller, key: string, query: StatisticsFormQuery): Promise<{ unitId: number; from: string | null; to: string }> {
  const { unitId, range } = await resolve(db, caller, query, formOf(key).kind, yearStart);
  return { unitId, from: range.kind === 'flow' ? range.from : null, to: endOf(range) };
}

/**
 * A standard form for a unit in the caller's scope, as of a date (stock form) or over a period (flow form): every
 * section's rows and columns, each cell with its count and the figure it comes from (to drill into).
 */
export async function readForm(db: Executor, caller: Caller, sources: readonly StatisticsSource[], key: string, query: StatisticsFormQuery): Promise<StatisticsForm> {
  const form = formOf(key);
  const { unitId, scope, range } = await resolve(db, caller, query, form.kind, yearStart);
  const date = endOf(range);
  // Per source, the dimensions the form uses: one read for all of them where the source can (`stocksByEach`).
  const needs = new Map<string, { source: StatisticsSource; bys: Set<string | null> }>();
  for (const section of form.sections) {
    const bys = section.shape === 'dimension' ? [section.by] : section.columns.map((column) => column.filter?.by ?? null);
    const need = needs.get(section.source) ?? { source: sourceOf(sources, section.source), bys: new Set<string | null>([null]) };
    for (const by of bys) need.bys.add(by);
    needs.set(section.source, need);
  }
  const counts = new Map<string, number>();
  const cellKey = (source: string, by: string | null, measure: string, value: string | null, at: string | null) => `${source}|${by}|${measure}|${value}|${at}`;
  await Promise.all([...needs.values()].map(async ({ source, bys }) => {
    for (const row of await figuresByEach(db, source, unitId, scope, [...bys].filter((by): by is string => by !== null), range)) {
      counts.set(cellKey(source.key, row.by, row.measure, row.value, row.at), row.count);
    }
  }));
  const cell = (source: string, measure: string, by: string | null, value: string | null, at: 'before' | 'after' | null) => ({
    count: counts.get(cellKey(source, by, measure, value, at)) ?? 0, figure: { source, measure, by, value, at },
  });
  const labelOf = (source: StatisticsSource, measure: string) => source.measures.find((candidate) => candidate.key === measure)?.label ?? { vi: measure, en: measure };
  const [unit] = await unitsNamed(db, [unitId], date);
  const edition = statisticsEditionFor(date);
  return {
    key: form.key, title: form.title, kind: form.kind, edition: edition.key, regulation: edition.regulation, unitId, unitName: unit?.name ?? '',
    date: range.kind === 'stock' ? range.date : null, from: range.kind === 'flow' ? range.from : null, to: range.kind === 'flow' ? range.to : null,
    sections: form.sections.map((section) => {
      const source = sourceOf(sources, section.source);
      if (section.shape === 'dimension') {
        const values = section.by === null
          ? [{ key: 'total', label: { vi: 'Tổng số', en: 'Total' }, value: null }]
          : (source.dimensions(date).find((dimension) => dimension.key === section.by)?.values ?? []).map((value) => ({ key: value.key, label: value.label, value: value.key }));
        const at = form.kind === 'flow' ? 'after' as const : null;
        return {
          key: section.key, title: section.title,
          columns: section.columns.map((column) => ({ key: column.measure, label: column.label ?? labelOf(source, column.measure) })),
          rows: values.map((row) => ({
            key: row.key, label: row.label,
            cells: section.columns.map((column) => {
              const flow = source.measures.find((measure) => measure.key === column.measure)?.kind === 'flow';
              return cell(source.key, column.measure, section.by, row.value, flow ? null : at);
            }),
          })),
        };
      }
      return {
        key: section.key, title: section.title,
        columns: section.columns.map((column) => ({ key: column.key, label: column.label })),
        rows: section.rows.map((row) => {
          const label = labelOf(source, row.measure);
          const suffix = row.at === 'before' ? { vi: ' đầu kỳ', en: ' at the start' } : row.at === 'after' ? { vi: ' cuối kỳ', en: ' at the end' } : { vi: '', en: '' };
          return {
            key: `${row.measure}${row.at ? `@${row.at}` : ''}`, label: { vi: `${label.vi}${suffix.vi}`, en: `${label.en}${suffix.en}` },
            cells: section.columns.map((column) => cell(source.key, row.measure, column.filter?.by ?? null, column.filter?.value ?? null, row.at ?? null)),
          };
        }),
      };
    }),
  };
}

/** The members one figure counts (drill-down to people), a page at a time, in the caller's scope. */
export async function readFigureMembers(db: Executor, caller: Caller, sources: readonly StatisticsSource[], query: StatisticsMembersQuery): Promise<StatisticsMembers> {
  const source = sourceOf(sources, query.source);
  const measure = source.measures.find((candidate) => candidate.key === query.measure);
  if (!measure) throw new AppError('STATISTICS_DIMENSION_UNKNOWN', { source: source.key, measure: query.measure });
  const by = query.by ?? null;
  if (by !== null && !measure.dimensions.includes(by)) throw new AppError('STATISTICS_DIMENSION_UNKNOWN', { source: source.key, measure: measure.key, by });
  // A value names one of a dimension's values: without the dimension it was dropped, and the women asked for came
  // with the men (everyone the measure counts).
  if (by === null && query.value !== undefined) throw new AppError('STATISTICS_DIMENSION_UNKNOWN', { source: source.key, measure: measure.key, by: null, value: query.value });
  const { unitId, scope, range } = await resolve(db, caller, query, measure.kind === 'flow' || query.at !== undefined ? 'flow' : 'stock');
  // A stock in a period: the one on its eve or at its end.
  const pick = measure.kind === 'stock'
    ? { kind: 'stock' as const, date: range.kind === 'stock' ? range.date : query.at === 'before' ? addDays(range.from, -1) : range.to }
    : { kind: 'flow' as const, from: range.kind === 'flow' ? range.from : range.date, to: range.kind === 'flow' ? range.to : range.date };
  const limit = query.limit ?? 50;
  // A count of things (organizations, courses): nobody to list.
  if (measure.countsPeople === false || !(source.members || source.people)) return { who: 'none', items: [], nextAfter: null };
  const ask = { unitId, scope, by, children: false };
  const picked = { ...pick, measure: measure.key, value: by === null ? null : query.value ?? null };
  const cellsNamed = async (ids: number[]) => new Map((await unitsNamed(db, ids, endOf(range))).map((unit) => [unit.id, unit.name]));
  if (source.people) {
    const rows = await source.people(db, ask, picked, { after: query.after ?? 0, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const cells = await cellsNamed(page.map((row) => row.cellId));
    return {
      who: 'people',
      items: page.map((row) => ({ id: row.id, fullName: row.fullName, birthDate: row.birthDate, sex: row.sex, unitId: row.cellId, unitName: cells.get(row.cellId) ?? '', date: row.date, link: row.link })),
      nextAfter: rows.length > limit ? page[page.length - 1].id : null,
    };
  }
  const rows = await source.members!(db, ask, picked, { after: query.after ?? 0, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const people = page.length === 0 ? [] : await db.selectFrom('members').select(['id', 'full_name', 'birth_date', 'sex']).where('id', 'in', page.map((row) => row.memberId)).execute();
  const byId = new Map(people.map((person) => [Number(person.id), person]));
  const cells = await cellsNamed(page.map((row) => row.cellId));
  return {
    who: 'members',
    items: page.map((row) => {
      const person = byId.get(row.memberId)!;
      return {
        id: row.memberId, fullName: person.full_name, birthDate: person.birth_date, sex: person.sex, unitId: row.cellId, unitName: cells.get(row.cellId) ?? '', date: row.date,
        link: `/members/${row.memberId}`,
      };
    }),
    nextAfter: rows.length > limit ? page[page.length - 1].memberId : null,
  };
}
