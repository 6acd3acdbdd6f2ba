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
import {
  checkpointMemberStatistics, foldAllMemberStatistics, memberStatistics, memberStatisticsFromRaw, pendingMemberStatistics, rebuildMemberStatistics,
} from '../src/modules/members/index.ts';
import { createDb, withoutStatementTimeout } from '../src/db/database.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { benchCaller, measureImport } from './import.ts';
import { measureBulkCommands } from './bulk-commands.ts';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

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

export async function statisticsMeasurements(db: Db, input: { rootId: number; rootPath: string; today: string }, runs: number, log: (line: string) => void, options: { rebuild?: boolean; keptOnly?: boolean; compareRaw?: boolean } = {}): Promise<Measurement[]> {
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
  // A dataset loaded before its aggregates were on (the national demo turns them off) is built here from the raw
  // history: up to the province dataset, or at any size with --rebuild; a built one has its checkpoints built again.
  const built = Number((await sql<{ n: number }>`select count(*)::int as n from statistics_checkpoint_marks`.execute(db)).rows[0].n) > 0;
  const members = Number((await sql<{ n: number }>`select count(*)::int as n from members`.execute(db)).rows[0].n);
  if (!built && (members <= 200_000 || options.rebuild)) {
    const started = performance.now();
    await withoutStatementTimeout(db, (connection) => rebuildMemberStatistics(connection));
    results.push({ issue: 'statistics', name: 'rebuild the kept aggregates from the raw history (statistics_rebuild)', runs: 1, p50Ms: performance.now() - started, p95Ms: null, maxMs: null });
    log(`  rebuilt the kept aggregates (statistics_rebuild) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else if (built && !options.keptOnly) {
    const started = performance.now();
    await withoutStatementTimeout(db, (connection) => checkpointMemberStatistics(connection));
    results.push({ issue: 'statistics', name: 'build the checkpoints (statistics_checkpoint)', runs: 1, p50Ms: performance.now() - started, p95Ms: null, maxMs: null });
  } else if (built) {
    results.push({ issue: 'statistics', name: 'kept aggregates', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: 'built; the checkpoints kept as they are (--kept-only)' });
  } else {
    results.push({ issue: 'statistics', name: 'kept aggregates', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not built (${members} members): the "kept" figures below are the raw count` });
  }
  const checks: string[] = [];
  /** Times the kept answer and the raw one in the same run, and compares them. */
  const both = async (name: string, times: number, read: (from: typeof sources, on: Db) => Promise<unknown>) => {
    await tryMeasure(`${name} (kept aggregates)`, times, () => read(sources, db));
    // A second run on a dataset already compared (--kept-only) leaves out the raw reads (minutes each nationally),
    // and keeps the checkpoints it has; with --compare-raw it reads the raw count once, without the pool's statement
    // limit, and compares.
    if (options.keptOnly) {
      if (!options.compareRaw) return;
      try {
        const started = performance.now();
        const raw = figuresOf(await withoutStatementTimeout(db, (connection) => read(rawSources, connection)));
        const rawMs = performance.now() - started;
        results.push({ issue: 'statistics', name: `${name} (from raw history, once, no statement limit)`, runs: 1, p50Ms: rawMs, p95Ms: null, maxMs: null });
        const equal = figuresOf(await read(sources, db)) === raw;
        checks.push(`${name}: ${equal ? 'equal' : 'DIFFERENT'}`);
        log(`  ${name} (from raw history, once): ${rawMs.toFixed(0)} ms; ${equal ? 'kept = raw' : 'KEPT DIFFERS FROM RAW'}`);
      } catch (error) {
        checks.push(`${name}: not compared (${(error as Error).message.slice(0, 80)})`);
      }
      return;
    }
    await tryMeasure(`${name} (from raw history)`, Math.min(times, few), () => read(rawSources, db));
    try {
      const equal = figuresOf(await read(sources, db)) === figuresOf(await read(rawSources, db));
      checks.push(`${name}: ${equal ? 'equal' : 'DIFFERENT'}`);
      log(`  check ${name}: ${equal ? 'kept = raw' : 'KEPT DIFFERS FROM RAW'}`);
    } catch (error) {
      checks.push(`${name}: not compared (${(error as Error).message.slice(0, 80)})`);
    }
  };
  await both('members form, the whole country, today', runs, (from, on) => readForm(on, centre, from, 'members', { unitId: input.rootId, date: input.today }));
  await tryMeasure('bare SQL: members by province × sex × age band × status, today', few, () => sql`
    select m.province_id, m.sex, case when date_part('year', age(${input.today}::date, m.birth_date)) <= 30 then 'to_30' else 'older' end as band, m.status, count(*)
    from members m where m.status in ('probationary', 'official', 'exempted') group by 1, 2, 3, 4`.execute(db));
  {
    // The same form while the checkpoints are built again beside it (0044): the reads keep reading the previous
    // generation from the kept aggregates, and answer what they answer once the build has committed.
    let building = true;
    const started = performance.now();
    const build = withoutStatementTimeout(db, (connection) => checkpointMemberStatistics(connection)).finally(() => { building = false; });
    const during: string[] = [];
    let reads = 0;
    const name = 'members form, the whole country, today, while the checkpoints are built beside it';
    await tryMeasure(name, runs, async () => {
      const form = await readForm(db, centre, sources, 'members', { unitId: input.rootId, date: input.today });
      reads += 1;
      if (building) during.push(figuresOf(form));
    });
    await build;
    const buildMs = performance.now() - started;
    results.push({ issue: 'statistics', name: 'the checkpoints built beside those reads (statistics_checkpoint)', runs: 1, p50Ms: buildMs, p95Ms: null, maxMs: null });
    const after = figuresOf(await readForm(db, centre, sources, 'members', { unitId: input.rootId, date: input.today }));
    const equal = during.every((figures) => figures === after);
    checks.push(`${name} (${during.length} of ${reads} reads while it ran): ${equal ? 'equal to the form after it' : 'DIFFERENT'}`);
    log(`  ${during.length} of ${reads} reads during a build of ${(buildMs / 1000).toFixed(1)} s; ${equal ? 'equal to the form after it' : 'DIFFERENT FROM THE FORM AFTER IT'}`);
  }
  await both(`members form, the whole country, on ${twoYearsBack}`, runs, (from, on) => readForm(on, centre, from, 'members', { unitId: input.rootId, date: twoYearsBack }));
  await both(`changes form, the whole country, ${lastYear.from.slice(0, 4)}`, few, (from, on) => readForm(on, centre, from, 'member-changes', { unitId: input.rootId, ...lastYear }));
  if (province) {
    await both(`members form, the province (${province.name}), today`, runs, (from, on) => readForm(on, centre, from, 'members', { unitId: province.id, date: input.today }));
    await both(`members form, the province, on ${twoYearsBack}`, runs, (from, on) => readForm(on, centre, from, 'members', { unitId: province.id, date: twoYearsBack }));
    await both('members of the province by the units directly under it, today', runs, (from, on) => readFigures(on, centre, from, { source: 'members', unitId: province.id, date: input.today, breakdown: 'children' }));
    await both(`members of the province by the units directly under it, on ${twoYearsBack}`, runs, (from, on) => readFigures(on, centre, from, { source: 'members', unitId: province.id, date: twoYearsBack, breakdown: 'children' }));
    await tryMeasure('bare SQL: the province\'s members by grassroots organization, today', few, () => sql`
      select m.grassroots_id, count(*) from members m where m.province_id = ${province.id} and m.status in ('probationary', 'official', 'exempted') group by 1`.execute(db));
    await both(`changes form, the province, ${lastYear.from.slice(0, 4)}`, few, (from, on) => readForm(on, centre, from, 'member-changes', { unitId: province.id, ...lastYear }));
  }
  // (Counting 100 million rows nationally takes longer than the pool's statement limit.)
  const rows = await withoutStatementTimeout(db, (connection) => sql<{ facts: number; deltas: number; checkpoints: number }>`
    select (select count(*) from statistics_member_facts)::int as facts, (select count(*) from statistics_member_deltas)::int as deltas,
      (select count(*) from statistics_member_checkpoints)::int as checkpoints`.execute(connection));
  const kept = rows.rows[0];
  results.push({ issue: 'statistics', name: 'rows kept: facts, deltas, checkpoints', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `${kept.facts} facts, ${kept.deltas} deltas, ${kept.checkpoints} checkpoint rows` });
  results.push({ issue: 'statistics', name: 'check: kept aggregates against the raw history', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: checks.join('; ') });
  log(`  rows kept: ${kept.facts} facts, ${kept.deltas} deltas, ${kept.checkpoints} checkpoint rows`);
  return results;
}

/**
 * The writers' cost of the kept aggregates (issue 12: "recording an event costs the writer ≤ 10% more"): the member
 * import (`rows` rows, bench/import.ts) and the bulk commands (bench/bulk-commands.ts), with the aggregates built
 * (the triggers queue the members each statement touched, migration 0038) and not built (the triggers keep nothing),
 * alternating in the same run on the same database, `runs` times each; then the fold of what the built runs queued,
 * timed (the work the writers no longer do, done by `cellbase serve` in the background). Before each measurement the
 * tables are vacuumed and a checkpoint written (the fold's writes would otherwise land on the next measurement, which
 * made the first runs read twice the cost either way). The "not built" state is the
 * built one with its mark set aside (restored after): the writers' path is exactly that of a database never built.
 *
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/statistics.ts --writer-cost [--runs 3] [--rows 50000] [--bulk-rows 1000]
 *
 * on the province dataset (`.bench/province/` without BENCH_DATABASE_URL); the aggregates are built first if they are
 * not (timed). It leaves the imported members behind, folded.
 */
export async function measureWriterCost(db: Db, options: { runs: number; rows: number; bulkRows: number }, log: (line: string) => void): Promise<void> {
  const markOf = async () => (await sql<{ through_id: string; generation: string }>`select through_id, generation from statistics_checkpoint_marks`.execute(db)).rows[0];
  if (await markOf() === undefined) {
    const started = performance.now();
    await withoutStatementTimeout(db, (connection) => rebuildMemberStatistics(connection));
    log(`built the kept aggregates (statistics_rebuild) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const mark = await markOf();
  const setBuilt = async (built: boolean) => {
    await sql`delete from statistics_checkpoint_marks`.execute(db);
    if (built && mark) await sql`insert into statistics_checkpoint_marks (through_id, generation) values (${mark.through_id}::bigint, ${mark.generation}::bigint)`.execute(db);
  };
  const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');
  // Each measurement starts from the same state: the dirty pages of the previous one (a fold writes ~40 delta rows a
  // member) written out and the tables' statistics fresh, so that neither state pays for the other's writes.
  const settle = () => withoutStatementTimeout(db, async (connection) => {
    await sql`vacuum (analyze) statistics_member_facts, statistics_member_deltas, statistics_pending_members, members, member_events, member_placements`.execute(connection);
    await sql`checkpoint`.execute(connection).catch(() => {});
  });
  const rate = (value: number) => Math.round(value).toLocaleString('en-US');
  const figures: Record<string, Record<string, number[]>> = { built: {}, 'not built': {} };
  // The queueing triggers' own time, from pg_stat_user_functions (when track_functions is 'pl' or 'all' for this
  // database: `alter database … set track_functions = 'pl'`): the writers' added cost, free of the machine's noise.
  const tracked = (await sql<{ on: boolean }>`select current_setting('track_functions') <> 'none' as on`.execute(db)).rows[0].on;
  const triggerMs = async () => {
    // A backend reports its counts at most once a second, and an idle one within ten seconds: wait, then read afresh.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const rows = await sql<{ ms: number }>`select pg_stat_clear_snapshot(), coalesce(sum(total_time), 0)::float8 as ms from pg_stat_user_functions
      where funcname in ('statistics_member_rows_changed', 'statistics_member_record_changed')`.execute(db);
    return Number(rows.rows[0].ms);
  };
  const note = (state: string, name: string, value: number) => { (figures[state][name] ??= []).push(value); };
  try {
    for (let run = 1; run <= options.runs; run++) {
      // Alternating which goes first, so that neither always runs on the warmer (or the busier) machine.
      for (const built of run % 2 === 1 ? [false, true] : [true, false]) {
        const state = built ? 'built' : 'not built';
        await setBuilt(built);
        await settle();
        const before = await pendingMemberStatistics(db);
        const loadBefore = load();
        const triggersBefore = tracked ? await triggerMs() : 0;
        const imported = await measureImport(db, options.rows);
        const importTriggers = tracked ? await triggerMs() - triggersBefore : 0;
        const queued = (await pendingMemberStatistics(db)) - before;
        note(state, 'import end to end (rows/s)', imported.rowsPerSecond);
        note(state, 'import apply (rows/s)', imported.validRows / imported.applySeconds);
        note(state, 'import apply statements alone (rows/s)', imported.applySqlRowsPerSecond);
        log(`run ${run}, ${state} (load ${loadBefore}): import ${rate(imported.rowsPerSecond)} rows/s end to end, apply ${rate(imported.validRows / imported.applySeconds)} rows/s `
          + `(${imported.applySeconds.toFixed(2)} s), its statements alone ${rate(imported.applySqlRowsPerSecond)} rows/s; ${queued} members queued`
          + (tracked && built ? `; the queueing triggers ran ${(importTriggers / 1000).toFixed(2)} s in all (the apply's statements run four times: three passes rolled back, then the apply)` : ''));
        if (tracked && built) note(state, 'import: queueing triggers, share of the apply', importTriggers / 4 / 1000 / imported.applySeconds * 100);
        await settle();
        const bulkTriggersBefore = tracked ? await triggerMs() : 0;
        const bulk = await measureBulkCommands(db, options.bulkRows);
        const bulkTriggers = tracked ? await triggerMs() - bulkTriggersBefore : 0;
        if (tracked && built) {
          const commandsSeconds = bulk.filter((row) => !row.name.startsWith('floor')).reduce((sum, row) => sum + row.seconds, 0);
          note(state, 'bulk commands: queueing triggers, share of their time (floors included in the triggers)', bulkTriggers / 1000 / commandsSeconds * 100);
          log(`run ${run}, bulk commands: the queueing triggers ran ${(bulkTriggers / 1000).toFixed(2)} s against ${commandsSeconds.toFixed(2)} s of commands (and their floors' triggers)`);
        }
        for (const row of bulk) note(state, row.name.split(':')[0].split(' (')[0], row.eventsPerSecond);
        log(`run ${run}, ${state} (load ${load()}): ${bulk.map((row) => `${row.name.split(':')[0].split(' (')[0].replace(/^bulk /, '')} ${rate(row.eventsPerSecond)}`).join(' / ')} events/s`);
        if (built) {
          await settle();
          const pending = await pendingMemberStatistics(db);
          const started = performance.now();
          const folded = await foldAllMemberStatistics(db);
          const seconds = (performance.now() - started) / 1000;
          note(state, 'fold (members/s)', folded / seconds);
          log(`run ${run}, fold (load ${load()}): ${folded} of ${pending} queued members folded in ${seconds.toFixed(1)} s (${rate(folded / seconds)} members/s, batches of 500)`);
        }
      }
    }
  } finally {
    await setBuilt(true);
  }
  // What the "not built" runs imported was never queued: queued now and folded, so the dataset stays exact.
  await sql`insert into statistics_pending_members (member_id) select m.id from members m where not exists (select 1 from statistics_member_facts f where f.member_id = m.id) on conflict do nothing`.execute(db);
  const started = performance.now();
  const folded = await foldAllMemberStatistics(db);
  log(`folded the members the "not built" runs wrote: ${folded} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  log('medians (built against not built):');
  for (const name of Object.keys(figures['not built'])) {
    const off = median(figures['not built'][name]);
    const on = figures.built[name] ? median(figures.built[name]) : NaN;
    log(`  ${name}: ${rate(on)} against ${rate(off)} (${((off / on - 1) * 100).toFixed(1)}% more time; runs ${figures.built[name]?.map(rate).join(', ')} | ${figures['not built'][name].map(rate).join(', ')})`);
  }
  for (const name of Object.keys(figures.built).filter((key) => key.includes('share'))) log(`  ${name}: ${figures.built[name].map((value) => `${value.toFixed(1)}%`).join(', ')}`);
  if (figures.built['fold (members/s)']) log(`  fold: ${figures.built['fold (members/s)'].map(rate).join(', ')} members/s`);
}

async function runWriterCostOnly(): Promise<void> {
  const { values } = parseArgs({ options: { 'writer-cost': { type: 'boolean' }, runs: { type: 'string' }, rows: { type: 'string' }, 'bulk-rows': { type: 'string' } }, strict: true });
  if (!values['writer-cost']) throw new Error('Usage: npx tsx bench/statistics.ts --writer-cost [--runs 3] [--rows 50000] [--bulk-rows 1000]');
  const externalUrl = process.env.BENCH_DATABASE_URL || undefined;
  const engine = await startEngine({ databaseUrl: externalUrl, dataDir: path.resolve('.bench', 'province'), database: 'cellbase_bench', log: () => {} });
  await migrate(engine.url, () => {}, { applicationRole: applicationRoleOf(engine) });
  const db = createDb(engine.url, { max: 4, applicationName: 'cellbase bench writer cost' });
  try {
    await measureWriterCost(db, { runs: Number(values.runs ?? 3), rows: Number(values.rows ?? 50_000), bulkRows: Number(values['bulk-rows'] ?? 1_000) }, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await db.destroy();
    await engine.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runWriterCostOnly();
