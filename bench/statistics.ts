/**
 * The statistics (issue 12) at the dataset's scale: the standard forms as the officers open them, each beside the
 * bare SQL the issue takes as its reference (members by province × sex × age band × status), in the same run.
 * Each form is read from the kept aggregates (migration 0032) and, in the same run, counted from the raw history (the
 * reference, `memberStatisticsFromRaw`); the two answers are compared figure by figure and the check is printed with the
 * timings, with the number of rows the aggregates keep (src/modules/statistics/NOTES.md, "Speed").
 */
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { areas } from '../src/modules/index.ts';
import { readFigures, readForm } from '../src/modules/statistics/index.ts';
import { checkpointMemberStatistics, memberStatistics, memberStatisticsFromRaw, rebuildMemberStatistics } from '../src/modules/members/index.ts';
import { withoutStatementTimeout } from '../src/db/database.ts';
import { benchCaller } from './import.ts';
import { performance } from 'node:perf_hooks';

/** The shape of bench.ts's Measurement (declared here: bench.ts imports this file). */
interface Measurement { issue: 'statistics'; name: string; runs: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null; note?: string }

/** Times `work` `runs` times after one warm-up run. */
async function measure(name: string, runs: number, work: () => Promise<unknown>): Promise<Measurement> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))];
  return { issue: 'statistics', name, runs, p50Ms: at(50), p95Ms: at(95), maxMs: samples[samples.length - 1] };
}

const sources = areas.flatMap((area) => area.statistics ?? []);
/** The same sources with the members' counted from the raw history: the reference the kept aggregates must equal. */
const rawSources = sources.map((source) => (source === memberStatistics ? memberStatisticsFromRaw : source));

/** Every figure of a form or a figures answer, as comparable lines (the drill-down links aside). */
function figuresOf(answer: unknown): string {
  return JSON.stringify(answer, (key, value) => (key === 'generatedAt' ? undefined : value));
}

export async function statisticsMeasurements(db: Db, input: { rootId: number; rootPath: string; today: string }, runs: number, log: (line: string) => void): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const province = (await sql<{ id: number; scope_path: string; name: string }>`
    select u.id, u.scope_path, v.name from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
    where v.kind = 'provincial_committee' and u.ended_on is null order by (select count(*) from members m where m.province_id = u.id) desc limit 1`.execute(db)).rows[0];
  const centre = benchCaller(0, input.rootId, input.rootPath);
  const twoYearsBack = `${Number(input.today.slice(0, 4)) - 2}-12-31`;
  const lastYear = { from: `${Number(input.today.slice(0, 4)) - 1}-01-01`, to: `${Number(input.today.slice(0, 4)) - 1}-12-31` };
  const few = Math.max(2, Math.min(3, runs));
  const tryMeasure = async (name: string, times: number, work: () => Promise<unknown>) => {
    try {
      const rest = await measure(name, times, work);
      results.push(rest);
      log(`  ${name}: p50 ${rest.p50Ms?.toFixed(0)} ms`);
    } catch (error) {
      results.push({ issue: 'statistics', name, runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not measured: ${(error as Error).message.slice(0, 120)}` });
    }
  };
  // The kept aggregates are off until built (migration 0032 builds nothing): built here from the raw history (up to
  // the province dataset; at national scale it takes hours on this machine), else the checkpoints through every delta.
  const built = Number((await sql<{ n: number }>`select count(*)::int as n from statistics_checkpoint_marks`.execute(db)).rows[0].n) > 0;
  const members = Number((await sql<{ n: number }>`select count(*)::int as n from members`.execute(db)).rows[0].n);
  if (!built && members <= 200_000) {
    const started = performance.now();
    await withoutStatementTimeout(db, (connection) => rebuildMemberStatistics(connection));
    results.push({ issue: 'statistics', name: 'rebuild the kept aggregates from the raw history (statistics_rebuild)', runs: 1, p50Ms: performance.now() - started, p95Ms: null, maxMs: null });
  } else if (built) {
    const started = performance.now();
    await withoutStatementTimeout(db, (connection) => checkpointMemberStatistics(connection));
    results.push({ issue: 'statistics', name: 'build the checkpoints (statistics_checkpoint)', runs: 1, p50Ms: performance.now() - started, p95Ms: null, maxMs: null });
  } else {
    results.push({ issue: 'statistics', name: 'kept aggregates', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not built (${members} members): the "kept" figures below are the raw count` });
  }
  const checks: string[] = [];
  /** Times the kept answer and the raw one in the same run, and compares them. */
  const both = async (name: string, times: number, read: (from: typeof sources) => Promise<unknown>) => {
    await tryMeasure(`${name} (kept aggregates)`, times, () => read(sources));
    await tryMeasure(`${name} (from raw history)`, Math.min(times, few), () => read(rawSources));
    try {
      const equal = figuresOf(await read(sources)) === figuresOf(await read(rawSources));
      checks.push(`${name}: ${equal ? 'equal' : 'DIFFERENT'}`);
      log(`  check ${name}: ${equal ? 'kept = raw' : 'KEPT DIFFERS FROM RAW'}`);
    } catch (error) {
      checks.push(`${name}: not compared (${(error as Error).message.slice(0, 80)})`);
    }
  };
  await both('members form, the whole country, today', runs, (from) => readForm(db, centre, from, 'members', { unitId: input.rootId, date: input.today }));
  await tryMeasure('bare SQL: members by province × sex × age band × status, today', few, () => sql`
    select m.province_id, m.sex, case when date_part('year', age(${input.today}::date, m.birth_date)) <= 30 then 'to_30' else 'older' end as band, m.status, count(*)
    from members m where m.status in ('probationary', 'official', 'exempted') group by 1, 2, 3, 4`.execute(db));
  await both(`members form, the whole country, on ${twoYearsBack}`, runs, (from) => readForm(db, centre, from, 'members', { unitId: input.rootId, date: twoYearsBack }));
  await both(`changes form, the whole country, ${lastYear.from.slice(0, 4)}`, few, (from) => readForm(db, centre, from, 'member-changes', { unitId: input.rootId, ...lastYear }));
  if (province) {
    await both(`members form, the province (${province.name}), today`, runs, (from) => readForm(db, centre, from, 'members', { unitId: province.id, date: input.today }));
    await both(`members form, the province, on ${twoYearsBack}`, runs, (from) => readForm(db, centre, from, 'members', { unitId: province.id, date: twoYearsBack }));
    await both('members of the province by the units directly under it, today', runs, (from) => readFigures(db, centre, from, { source: 'members', unitId: province.id, date: input.today, breakdown: 'children' }));
    await both(`members of the province by the units directly under it, on ${twoYearsBack}`, runs, (from) => readFigures(db, centre, from, { source: 'members', unitId: province.id, date: twoYearsBack, breakdown: 'children' }));
    await tryMeasure('bare SQL: the province\'s members by grassroots organization, today', few, () => sql`
      select m.grassroots_id, count(*) from members m where m.province_id = ${province.id} and m.status in ('probationary', 'official', 'exempted') group by 1`.execute(db));
    await both(`changes form, the province, ${lastYear.from.slice(0, 4)}`, few, (from) => readForm(db, centre, from, 'member-changes', { unitId: province.id, ...lastYear }));
  }
  const rows = await sql<{ facts: number; deltas: number; checkpoints: number }>`
    select (select count(*) from statistics_member_facts)::int as facts, (select count(*) from statistics_member_deltas)::int as deltas,
      (select count(*) from statistics_member_checkpoints)::int as checkpoints`.execute(db);
  const kept = rows.rows[0];
  results.push({ issue: 'statistics', name: 'rows kept: facts, deltas, checkpoints', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `${kept.facts} facts, ${kept.deltas} deltas, ${kept.checkpoints} checkpoint rows` });
  results.push({ issue: 'statistics', name: 'check: kept aggregates against the raw history', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: checks.join('; ') });
  log(`  rows kept: ${kept.facts} facts, ${kept.deltas} deltas, ${kept.checkpoints} checkpoint rows`);
  return results;
}
