/**
 * Indicators and targets (issue 12, item 6; DOMAIN.md §8: "admit 450 new members a year", "admissions ≥3.2% of members
 * a year", per term and year).
 *
 * An indicator is defined once by a level from the sources' figures: a count (one figure: admissions) or a ratio (a
 * figure over another, shown as a percentage: admissions over the members at the start of the year). Every figure is
 * checked against the sources (a source, measure, dimension or value that does not exist: STATISTICS_FIGURE_UNKNOWN),
 * so an indicator cannot silently count nothing. It serves the unit that defines it and every unit beneath.
 *
 * A target is set by a level for its unit, for a year of a term or the whole term, at least or at most a value; the
 * level splits it among the units beneath (each part names the target it splits), and the parts of a count never add
 * up to more than the whole (STATISTICS_TARGET_PARTS_EXCEED; a ratio's parts are each unit's own ratio). The actual is
 * counted from the data over the year (or the term) up to today, by the same figures as the reports; a ratio whose
 * denominator is 0 has no actual, and is neither met nor missed (no data yet).
 * Setting needs `statistics.submit` on the target's unit; reading needs `statistics.read`. Journaled.
 */
import { sql } from 'kysely';
import { AppError } from '../../contracts/errors.ts';
import type { FigureSpec, Indicator, IndicatorRequest, TargetDashboard, TargetProgress, TargetRequest } from '../../contracts/statistics.ts';
import type { StatisticsSource } from '../../http/context.ts';
import { scopeOf, unitInScope, writeJournal, type Actor, type Caller, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { figureCount } from './statistics.service.ts';

type IndicatorRow = { id: number; key: string; label_vi: string; label_en: string; numerator: unknown; denominator: unknown; unit_id: number; row_version: number };

function toIndicator(row: IndicatorRow): Indicator {
  return {
    id: Number(row.id), key: row.key, label: { vi: row.label_vi, en: row.label_en }, unitId: Number(row.unit_id),
    numerator: row.numerator as FigureSpec, denominator: (row.denominator as FigureSpec | null) ?? null,
    kind: row.denominator ? 'ratio' : 'count', rowVersion: row.row_version,
  };
}

/** Refuses a figure the sources do not declare, naming which part is unknown. */
export function checkFigure(sources: readonly StatisticsSource[], figure: FigureSpec, field: string, date = todayInVietnam()): void {
  const source = sources.find((candidate) => candidate.key === figure.source);
  const measure = source?.measures.find((candidate) => candidate.key === figure.measure);
  const fail = (part: string) => { throw new AppError('STATISTICS_FIGURE_UNKNOWN', { field, part, figure }); };
  if (!source) fail('source');
  if (!measure) fail('measure');
  if ((figure.by === undefined) !== (figure.value === undefined)) fail(figure.by === undefined ? 'by' : 'value');
  if (figure.by !== undefined) {
    if (!measure!.dimensions.includes(figure.by)) fail('by');
    const values = source!.dimensions(date).find((dimension) => dimension.key === figure.by)?.values ?? [];
    if (!values.some((value) => value.key === figure.value)) fail('value');
  }
  if (figure.at !== undefined && measure!.kind !== 'stock') fail('at');
}

async function unitInCallerScope(db: Executor, unitId: number, scope: Scope): Promise<boolean> {
  return Boolean(await db.selectFrom('org_units as u').select('u.id').where('u.id', '=', unitId).where(unitInScope('u.id', scope)).executeTakeFirst());
}

export async function defineIndicator(tx: Tx, actor: Actor, sources: readonly StatisticsSource[], input: IndicatorRequest): Promise<Indicator> {
  if (!(await unitInCallerScope(tx, input.unitId, scopeOf(actor.caller, 'statistics.submit')))) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  checkFigure(sources, input.numerator, 'numerator');
  if (input.denominator) checkFigure(sources, input.denominator, 'denominator');
  try {
    const row = await tx.insertInto('statistics_indicators').values({
      key: input.key, label_vi: input.label.vi, label_en: input.label.en, unit_id: input.unitId,
      numerator: JSON.stringify(input.numerator), denominator: input.denominator ? JSON.stringify(input.denominator) : null, created_by: actor.caller.accountId,
    }).returningAll().executeTakeFirstOrThrow();
    await writeJournal(tx, {
      accountId: actor.caller.accountId, action: 'statistics.indicator.define', objectType: 'statistics_indicator', objectId: row.id, unitId: input.unitId,
      after: input, requestId: actor.requestId ?? null,
    });
    return toIndicator(row as IndicatorRow);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('STATISTICS_INDICATOR_KEY_TAKEN', { key: input.key });
    throw error;
  }
}

/** The indicators that serve a unit: defined at it or at a unit above it. */
export async function listIndicators(db: Executor, caller: Caller, unitId: number): Promise<{ items: Indicator[] }> {
  const unit = await db.selectFrom('org_units as u').select(['u.id', 'u.scope_path']).where('u.id', '=', unitId).where(unitInScope('u.id', scopeOf(caller, 'statistics.read'))).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  const rows = await sql<IndicatorRow>`
    select i.* from statistics_indicators i join org_units d on d.id = i.unit_id
    where i.retired_at is null and left(${unit.scope_path}, length(d.scope_path)) = d.scope_path
    order by i.key`.execute(db);
  return { items: rows.rows.map(toIndicator) };
}

async function findIndicatorFor(db: Executor, indicatorId: number, unitId: number): Promise<Indicator> {
  const row = await sql<IndicatorRow>`
    select i.* from statistics_indicators i join org_units d on d.id = i.unit_id join org_units u on u.id = ${unitId}
    where i.id = ${indicatorId} and i.retired_at is null and left(u.scope_path, length(d.scope_path)) = d.scope_path`.execute(db);
  if (row.rows.length === 0) throw new AppError('NOT_FOUND', { indicatorId });
  return toIndicator(row.rows[0]);
}

type TargetRow = {
  id: number; indicator_id: number; unit_id: number; term_from: number; term_to: number; year: number | null; comparison: 'at_least' | 'at_most';
  value: string; parent_id: number | null; note: string | null; row_version: number;
};

export async function setTarget(tx: Tx, actor: Actor, input: TargetRequest): Promise<{ id: number }> {
  if (!(await unitInCallerScope(tx, input.unitId, scopeOf(actor.caller, 'statistics.submit')))) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  if (input.termFrom > input.termTo || (input.year !== undefined && (input.year < input.termFrom || input.year > input.termTo))) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.year', check: 'year_outside_term', message: { vi: 'Năm phải nằm trong nhiệm kỳ (và nhiệm kỳ không được kết thúc trước khi bắt đầu)', en: 'The year must lie within the term (and the term must not end before it starts)' } }] });
  }
  const indicator = await findIndicatorFor(tx, input.indicatorId, input.unitId);
  if (input.parentId !== undefined) {
    // Parts of one target are judged together: the whole's row is locked while they are added up.
    const parent = await tx.selectFrom('statistics_targets').selectAll().where('id', '=', input.parentId).where('retired_at', 'is', null).forUpdate().executeTakeFirst();
    const above = await tx.selectFrom('org_unit_versions').select('parent_id').where('unit_id', '=', input.unitId).where('valid_to', 'is', null).where('voided_by_batch_id', 'is', null).executeTakeFirst();
    if (!parent || Number(parent.indicator_id) !== indicator.id || parent.term_from !== input.termFrom || parent.term_to !== input.termTo
      || (parent.year ?? null) !== (input.year ?? null) || Number(parent.unit_id) !== Number(above?.parent_id)) {
      throw new AppError('STATISTICS_TARGET_PARENT_INVALID', { parentId: input.parentId });
    }
    // Splitting a target is the level above's act: the whole's unit must lie in the caller's scope too.
    if (!(await unitInCallerScope(tx, Number(parent.unit_id), scopeOf(actor.caller, 'statistics.submit')))) throw new AppError('NOT_FOUND', { parentId: input.parentId });
    if (indicator.kind === 'count') {
      const siblings = await tx.selectFrom('statistics_targets').select(sql<string>`coalesce(sum(value), 0)`.as('total'))
        .where('parent_id', '=', input.parentId).where('retired_at', 'is', null).where('unit_id', '<>', input.unitId).executeTakeFirstOrThrow();
      if (Number(siblings.total) + input.value > Number(parent.value)) {
        throw new AppError('STATISTICS_TARGET_PARTS_EXCEED', { whole: Number(parent.value), otherParts: Number(siblings.total), part: input.value });
      }
    }
  }
  try {
    const row = await tx.insertInto('statistics_targets').values({
      indicator_id: indicator.id, unit_id: input.unitId, term_from: input.termFrom, term_to: input.termTo, year: input.year ?? null,
      comparison: input.comparison, value: String(input.value), parent_id: input.parentId ?? null, note: input.note ?? null, set_by: actor.caller.accountId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeJournal(tx, {
      accountId: actor.caller.accountId, action: 'statistics.target.set', objectType: 'statistics_target', objectId: row.id, unitId: input.unitId,
      after: input, requestId: actor.requestId ?? null,
    });
    return { id: Number(row.id) };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('STATISTICS_TARGET_EXISTS', { unitId: input.unitId, indicatorId: input.indicatorId });
    throw error;
  }
}

/**
 * The period a target's actual is counted over: its year (or its term), up to today. A period not begun yet (next
 * year's target) has nothing to count: `begun` false, and its actual is "no data", neither met nor missed.
 */
function periodOf(target: { term_from: number; term_to: number; year: number | null }): { from: string; to: string; end: string; begun: boolean } {
  const from = `${target.year ?? target.term_from}-01-01`;
  const end = `${target.year ?? target.term_to}-12-31`;
  const today = todayInVietnam();
  return { from, to: end < today ? end : today, end, begun: from <= today };
}

/** Nothing counted: the period has not begun (a flow over it would run backwards, a stock on its eve lie ahead). */
const NOT_BEGUN = { numerator: 0, denominator: null, actual: null };

/**
 * The actual: the stocks on today (or the period's last day, when past), the flows through the period's last day.
 * Nothing is recorded ahead of today (every command refuses a future date), so this counts the same as up to today,
 * except the review and classification of a year still running: held in its last weeks, its results count on its
 * 31/12, and before this, a year's classification targets read "no data" for the whole of December.
 */
async function actualOf(db: Executor, sources: readonly StatisticsSource[], scope: Scope, indicator: Indicator, unitId: number, period: { from: string; to: string; end: string }) {
  const counted = { from: period.from, to: period.to, flowsTo: period.end };
  const numerator = await figureCount(db, sources, scope, unitId, indicator.numerator, counted);
  const denominator = indicator.denominator ? await figureCount(db, sources, scope, unitId, indicator.denominator, counted) : null;
  const actual = denominator === null ? numerator : denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 100;
  return { numerator, denominator, actual };
}

/** Met or not; null while there is nothing to judge by (a ratio over nothing: no review recorded yet, no member). */
const isMet = (comparison: 'at_least' | 'at_most', actual: number | null, value: number) => (actual === null ? null : comparison === 'at_least' ? actual >= value : actual <= value);

/** Every target of a unit for a year (and its term's whole-term targets), each with its actual and its parts beneath. */
export async function targetDashboard(db: Executor, caller: Caller, sources: readonly StatisticsSource[], query: { unitId: number; year?: number }): Promise<TargetDashboard> {
  const scope = scopeOf(caller, 'statistics.read');
  if (!(await unitInCallerScope(db, query.unitId, scope))) throw new AppError('NOT_FOUND', { unitId: query.unitId });
  const year = query.year ?? Number(todayInVietnam().slice(0, 4));
  const rows = await db.selectFrom('statistics_targets').selectAll().where('unit_id', '=', query.unitId).where('retired_at', 'is', null)
    .where('term_from', '<=', year).where('term_to', '>=', year).where((eb) => eb.or([eb('year', '=', year), eb('year', 'is', null)]))
    .orderBy('id').execute() as TargetRow[];
  const names = new Map((await db.selectFrom('org_unit_versions').select(['unit_id', 'name']).where('valid_to', 'is', null).where('voided_by_batch_id', 'is', null)
    .where('unit_id', 'in', [query.unitId, ...(await partsOf(db, rows.map((row) => Number(row.id)))).map((part) => Number(part.unit_id))]).execute())
    .map((row) => [Number(row.unit_id), row.name]));
  const targets: TargetProgress[] = [];
  for (const row of rows) {
    const indicator = await findIndicatorFor(db, Number(row.indicator_id), query.unitId);
    const period = periodOf(row);
    const value = Number(row.value);
    const result = period.begun ? await actualOf(db, sources, scope, indicator, query.unitId, period) : NOT_BEGUN;
    const running = period.to < period.end;
    const flow = sources.find((source) => source.key === indicator.numerator.source)?.measures.find((measure) => measure.key === indicator.numerator.measure)?.kind === 'flow';
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
    const parts = [];
    for (const part of await partsOf(db, [Number(row.id)])) {
      const partResult = period.begun ? await actualOf(db, sources, scope, indicator, Number(part.unit_id), period) : NOT_BEGUN;
      parts.push({ id: Number(part.id), unitId: Number(part.unit_id), unitName: names.get(Number(part.unit_id)) ?? '', value: Number(part.value), actual: partResult.actual, met: isMet(part.comparison, partResult.actual, Number(part.value)) });
    }
    targets.push({
      id: Number(row.id), indicator, unitId: query.unitId, unitName: names.get(query.unitId) ?? '', termFrom: row.term_from, termTo: row.term_to, year: row.year,
      comparison: row.comparison, value, parentId: row.parent_id === null ? null : Number(row.parent_id), note: row.note, from: period.from, to: period.to,
      ...result, met: isMet(row.comparison, result.actual, value),
      expectedByNow: indicator.kind === 'count' && flow && running ? (period.begun ? Math.round(value * days(period.from, period.to) / days(period.from, period.end)) : 0) : null,
      parts, rowVersion: row.row_version,
    });
  }
  return {
    unitId: query.unitId, year, targets, met: targets.filter((target) => target.met === true).length,
    noData: targets.filter((target) => target.met === null).length, total: targets.length,
  };
}

async function partsOf(db: Executor, targetIds: readonly number[]) {
  if (targetIds.length === 0) return [];
  return db.selectFrom('statistics_targets').selectAll().where('parent_id', 'in', [...targetIds]).where('retired_at', 'is', null).orderBy('unit_id').execute() as Promise<TargetRow[]>;
}

