/**
 * `npm run bench [-- --json] [--scale national|province] [--reuse] [--runs N]`: the national-scale benchmark.
 *
 * Measured, not asserted. It starts the embedded PostgreSQL in `.bench/<scale>/` (or uses BENCH_DATABASE_URL),
 * generates the demo dataset there (once, with --reuse), then times what users get: the real service functions,
 * called the way the routes call them, each N times, and prints p50/p95/max. See bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql, type CompiledQuery, type KyselyPlugin } from 'kysely';
import type { Config } from '../src/config.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb, withoutStatementTimeout, type Db } from '../src/db/database.ts';
import { findDemoDatasets, generateDemoData } from '../tools/demo/index.ts';
import { formatSummary } from '../src/cli/demo-data.command.ts';
import { listChildrenAsOf, getLineage, countUnitsAsOf, searchUnitsAsOf } from '../src/modules/orgs/index.ts';
import { getMemberPage, listMembers, memberReadScope, searchMembers } from '../src/modules/members/index.ts';
import { encodeCursor, scopeOf } from '../src/kernel/index.ts';
import { addDays, todayInVietnam } from '../src/lib/dates.ts';
import { listBadgesDue } from '../src/modules/badges/index.ts';
import { listCleaningIssues } from '../src/modules/member-cleaning/index.ts';
import { nextPresentationDay } from '../src/rules/party-age.ts';
import { benchCaller, measureImport } from './import.ts';
import { measureBulkCommands } from './bulk-commands.ts';
import { foldText } from '../src/lib/text.ts';
import { readProcessMemory } from './memory.ts';
import { measurePageLoads } from './pages.ts';
import { measureStory } from './story.ts';
import { statisticsMeasurements } from './statistics.ts';

const USAGE = `Usage: npm run bench [-- --json] [--scale national|province] [--reuse] [--runs N]
  --scale   national (default: 34 provinces, 5.6 million members) or province (one province, ~100,000 members)
  --reuse   keep .bench/<scale>/ between runs, so the dataset is generated once
  --runs    timed runs per measurement (default 30)
  --json    print the results as JSON
  --pages-only        measure only the page loads in the browser (after generating or reusing the dataset)
  --page-runs N       browser loads per page, first and repeat (default 3)
  --story             only the migration story: a province's years entered through the API (tools/migrate-example)
  --statistics-only   only the statistics' forms (after generating or reusing the dataset)
  --rebuild           with --statistics-only: build the kept aggregates of a dataset that has none, at any size
  --kept-only         with --statistics-only: the kept aggregates' figures alone (no raw count beside them, the
                      checkpoints kept as they are)
  --compare-raw       with --kept-only: each form also counted once from the raw history, without the pool's
                      statement limit (minutes each nationally), and compared with the kept figures
`;

const log = (line: string) => process.stderr.write(`${line}\n`);

export interface Measurement {
  issue: 'org' | 'members' | 'setup' | 'pages' | 'history' | 'statistics' | 'admissions';
  name: string;
  runs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  note?: string;
  value?: number | string | null;
  unit?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Times `work` over `runs` runs (after two warm-up runs); each run may use a different input (`inputs[i % n]`). */
export async function measure<T>(name: string, issue: Measurement['issue'], runs: number, inputs: readonly T[], work: (input: T) => Promise<unknown>, note?: string): Promise<Measurement & { samples: number[] }> {
  if (inputs.length === 0) return { issue, name, runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: note ?? 'no input found', samples: [] };
  for (let i = 0; i < Math.min(2, inputs.length); i++) await work(inputs[i]);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = inputs[i % inputs.length];
    const started = performance.now();
    await work(input);
    samples.push(performance.now() - started);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { issue, name, runs, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1], note, samples };
}

interface BenchContext {
  db: Db;
  rootId: number;
  rootPath: string;
  today: string;
}

/** The province (34 today) with the most units under it, and a commune committee of it with many children. */
async function pickProvince(db: Db, rootId: number) {
  const province = await sql<{ id: number; scope_path: string; name: string; units: number }>`
    select u.id, u.scope_path, v.name, (select count(*) from org_units c where c.province_id = u.id)::int as units
    from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
    where v.parent_id = ${rootId} and v.kind = 'provincial_committee' and u.ended_on is null
    order by units desc limit 1`.execute(db);
  return province.rows[0];
}

async function orgMeasurements(ctx: BenchContext, runs: number): Promise<Measurement[]> {
  const { db, rootId, rootPath, today } = ctx;
  const province = await pickProvince(db, rootId);
  if (!province) return [{ issue: 'org', name: 'organization tree', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: 'no province in the database' }];
  // Read as an officer of the province, and as an administrator of the whole tree.
  const provinceScope = scopeOf(benchCaller(0, province.id, province.scope_path), 'org.read');
  const adminScope = scopeOf(benchCaller(0, rootId, rootPath), 'org.read');
  const communes = (await sql<{ id: number }>`
    select v.unit_id as id from org_unit_versions v
    where v.parent_id = ${province.id} and v.kind = 'commune_committee' and v.valid_to is null and v.voided_by_batch_id is null
    order by (select count(*) from org_unit_versions c where c.parent_id = v.unit_id and c.valid_to is null) desc limit 20`.execute(db)).rows.map((row) => row.id);
  const grassroots = (await sql<{ id: number }>`
    select v.unit_id as id from org_unit_versions v join org_units u on u.id = v.unit_id
    where u.province_id = ${province.id} and v.kind = 'grassroots_committee' and v.valid_to is null and v.voided_by_batch_id is null limit 20`.execute(db)).rows.map((row) => row.id);
  // Units with lineage: communes that merged into a new one, provinces that merged in 2025.
  const merged = (await sql<{ id: number }>`
    select l.predecessor_id as id from org_unit_links l join org_units u on u.id = l.predecessor_id
    where l.voided_by_batch_id is null and u.scope_path like ${province.scope_path + '%'} order by l.id limit 20`.execute(db)).rows.map((row) => row.id);
  const oldDistricts = (await sql<{ id: number; parent_id: number }>`
    select v.unit_id as id, v.parent_id from org_unit_versions v join org_units u on u.id = v.unit_id
    where v.kind = 'district_committee' and v.voided_by_batch_id is null and u.scope_path like ${province.scope_path + '%'}
      and v.valid_from <= '2024-12-31' and (v.valid_to is null or v.valid_to > '2024-12-31') limit 20`.execute(db)).rows;
  const provinces = (await sql<{ id: number }>`
    select v.unit_id as id from org_unit_versions v where v.parent_id = ${rootId} and v.kind = 'provincial_committee' and v.valid_to is null and v.voided_by_batch_id is null`.execute(db)).rows.map((row) => row.id);
  const pastProvince = oldDistricts[0]?.parent_id ?? province.id;
  const results: Measurement[] = [];
  const add = (measurement: Measurement & { samples?: number[] }) => {
    const { samples: _samples, ...rest } = measurement;
    results.push(rest);
    log(`  ${rest.name}: p50 ${fmt(rest.p50Ms)} ms, p95 ${fmt(rest.p95Ms)} ms`);
  };
  add(await measure(`children of the province, today (${province.name})`, 'org', runs, [province.id], (unitId) => listChildrenAsOf(db, provinceScope, { unitId, date: today, limit: 200 })));
  add(await measure('children of a commune committee, today', 'org', runs, communes, (unitId) => listChildrenAsOf(db, provinceScope, { unitId, date: today, limit: 200 })));
  add(await measure('children of the province on 2024-12-31 (before the reform)', 'org', runs, [pastProvince], (unitId) => listChildrenAsOf(db, adminScope, { unitId, date: '2024-12-31', limit: 200 })));
  add(await measure('children of a district on 2024-12-31 (as-of tree, past)', 'org', runs, oldDistricts.map((row) => row.id), (unitId) => listChildrenAsOf(db, provinceScope, { unitId, date: '2024-12-31', limit: 200 })));
  add(await measure('children of a grassroots committee, today', 'org', runs, grassroots, (unitId) => listChildrenAsOf(db, provinceScope, { unitId, date: today, limit: 200 })));
  add(await measure('lineage of a merged unit', 'org', runs, merged, (unitId) => getLineage(db, provinceScope, { unitId })));
  add(await measure('counts by level, the province, today', 'org', runs, [province.id], (unitId) => countUnitsAsOf(db, provinceScope, { unitId, date: today })));
  add(await measure('counts by level, the province, on 2024-12-31', 'org', runs, [pastProvince], (unitId) => countUnitsAsOf(db, adminScope, { unitId, date: '2024-12-31' })));
  add(await measure('counts by level, whole country, today', 'org', runs, [rootId], (unitId) => countUnitsAsOf(db, adminScope, { unitId, date: today })));
  add(await measure('counts by level, whole country, on 2024-12-31', 'org', runs, [rootId], (unitId) => countUnitsAsOf(db, adminScope, { unitId, date: '2024-12-31' })));
  add(await measure('counts by level, each of the 34 provinces, today', 'org', runs, provinces, (unitId) => countUnitsAsOf(db, adminScope, { unitId, date: today })));
  // Unit search by words of the unit's name and its ancestors' ("khu 10 cam pha", migration 0025), as pickers send it:
  // a cell's words with the words of a unit above it, and a bare name, in the province and across the country.
  const placeQueries = (await sql<{ q: string }>`
    select c.name_folded || ' ' || split_part(g.name_folded, ' ', -1) as q
    from org_unit_versions c join org_unit_versions g on g.unit_id = c.parent_id and g.valid_to is null and g.voided_by_batch_id is null
    where c.kind = 'cell' and c.valid_to is null and c.voided_by_batch_id is null and c.path like ${province.scope_path + '%'}
    order by c.id limit 15`.execute(db)).rows.map((row) => row.q.replace(/^chi bo /, ''));
  const unitQueries = [...placeQueries, 'chi bo khu 1', 'dang bo xa', 'thon 3'];
  const searchStatements: CompiledQuery[][] = [];
  for (const q of unitQueries) {
    const probe = capturing(db);
    await searchUnitsAsOf(probe.db, provinceScope, { q, date: today, limit: 50 });
    searchStatements.push(probe.statements);
  }
  const searchRuns = Math.max(runs, unitQueries.length);
  add(await measure('unit search with ancestors\' names, the province (service, 50 results)', 'org', searchRuns, unitQueries, (q) => searchUnitsAsOf(db, provinceScope, { q, date: today, limit: 50 })));
  add(await measure('unit search with ancestors\' names, the province (its SQL alone)', 'org', searchRuns, searchStatements, async (statements) => {
    for (const statement of statements) await db.executeQuery(statement);
  }));
  add(await measure('unit search with ancestors\' names, whole country (service, 50 results)', 'org', searchRuns, unitQueries, (q) => searchUnitsAsOf(db, adminScope, { q, date: today, limit: 50 })));
  return results;
}

/**
 * The statements a service call sends, compiled as they go to the server (a Kysely plugin sees every query, raw SQL
 * included), so the same SQL can be timed bare, without the service around it.
 */
function capturing(db: Db): { db: Db; statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), statements };
}

async function memberMeasurements(ctx: BenchContext, runs: number): Promise<Measurement[]> {
  const { db, rootId } = ctx;
  const province = await pickProvince(db, rootId);
  const results: Measurement[] = [];
  const add = (measurement: Measurement & { samples?: number[] }) => {
    const { samples: _samples, ...rest } = measurement;
    results.push(rest);
    log(`  ${rest.name}: p50 ${fmt(rest.p50Ms)} ms, p95 ${fmt(rest.p95Ms)} ms`);
  };
  const memberCount = Number((await sql<{ n: number }>`select count(*)::int as n from members`.execute(db)).rows[0].n);
  results.push({ issue: 'members', name: 'members in the database', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, value: memberCount, unit: 'members' });
  if (!province || memberCount === 0) return results;
  const scope = memberReadScope(benchCaller(0, province.id, province.scope_path));
  // Queries as officers type them: full names, family + middle, a given name, rare names.
  const names = (await sql<{ full_name: string }>`select full_name from members where province_id = ${province.id} order by id limit 200`.execute(db)).rows.map((row) => row.full_name);
  const queries = [...new Set([
    ...names.slice(0, 20).map((name) => foldText(name)),
    ...names.slice(20, 30).map((name) => foldText(name.split(' ').slice(0, 2).join(' '))),
    ...names.slice(30, 40).map((name) => foldText(name.split(' ').slice(-2).join(' '))),
    'nguyen van hung', 'tran thi', 'le van', 'pham thi thu huong', 'hoang', 'huong', 'nguyen thi lan', 'dang van',
  ])];
  // The bare figure runs the very statements the service sends for a search (captured once per query: the scope's
  // unit, how common each name alternative is, each alternative's first matches, the page's rows with their units' names),
  // one after the other, without the service around them.
  const searchStatements: CompiledQuery[][] = [];
  for (const q of queries) {
    const probe = capturing(db);
    await searchMembers(probe.db, scope, { q, limit: 20 });
    searchStatements.push(probe.statements);
  }
  // Every query is timed (at least once each): the percentiles cover every kind of name, not only the first ones.
  const searchRuns = Math.max(runs, queries.length);
  const service = await measure('name search in a province (service, scoped)', 'members', searchRuns, queries, (q) => searchMembers(db, scope, { q, limit: 20 }));
  const bare = await measure('name search in a province (its SQL alone)', 'members', searchRuns, searchStatements, async (statements) => {
    for (const statement of statements) await db.executeQuery(statement);
  });
  add({ ...service, note: `p95 ×${(service.p95Ms! / bare.p95Ms!).toFixed(2)} its SQL alone (goal ≤ 1.5× and ≤ 10 ms)` });
  add(bare);
  // The same names searched by an officer of the centre, whose scope is the whole country.
  add(await measure('name search across the country (scope: the root)', 'members', searchRuns, queries, (q) => searchMembers(db, memberReadScope(benchCaller(0, rootId, ctx.rootPath)), { q, limit: 20 })));
  const ids = (await sql<{ id: number }>`select id from members where province_id = ${province.id} and id % 97 = 0 limit 200`.execute(db)).rows.map((row) => row.id);
  add(await measure('member page (record, placements, timeline)', 'members', runs, ids, (memberId) => getMemberPage(db, scope, memberId)));
  add(await measure('list page 1 of a province (50, Vietnamese order)', 'members', runs, [province.id], (unitId) => listMembers(db, scope, { unitId, limit: 50 })));
  // Deep pages: cursors taken at several depths of the province's list (keyset: no OFFSET at query time).
  const deep = (await sql<{ name_sort_key: string; id: number }>`
    select name_sort_key, id from (
      select name_sort_key, id, row_number() over (order by name_sort_key, id) as n
      from members where province_id = ${province.id} and status in ('probationary', 'official', 'exempted')
    ) s where n in (5000, 20000, 50000, 80000, 100000, 150000, 200000) order by n`.execute(db)).rows.map((row) => encodeCursor([row.name_sort_key, row.id]));
  add(await measure('list page deep into a province (keyset cursor)', 'members', runs, deep, (after) => listMembers(db, scope, { unitId: province.id, limit: 50, after })));
  const commune = (await sql<{ id: number }>`select superior_id as id from members where province_id = ${province.id} and superior_id is not null group by 1 order by count(*) desc limit 1`.execute(db)).rows[0];
  if (commune) add(await measure('list page 1 of a commune committee', 'members', runs, [commune.id], (unitId) => listMembers(db, scope, { unitId, limit: 50 })));
  add(await measure('list of a province as of 2024-12-31 (page 1)', 'members', Math.max(5, Math.floor(runs / 3)), [province.id], (unitId) => listMembers(db, scope, { unitId, limit: 50, asOf: '2024-12-31' })));
  // Party badges due on the next presentation day: an officer of the province, then of the centre.
  const presentationDay = nextPresentationDay(addDays(ctx.today, 1));
  const badgesPresented = (await sql<{ n: number }>`select count(*)::int as n from member_badge_awards`.execute(db)).rows[0].n;
  if (badgesPresented === 0) {
    // A dataset generated before the demo wrote badge history: every member past thirty years would be due.
    results.push({ issue: 'members', name: 'badges due on the next presentation day', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: 'not measured: no badge presented in this dataset (generate it again)' });
  } else {
    add(await measure(`badges due on ${presentationDay}, the province`, 'members', Math.max(5, Math.floor(runs / 3)), [province.id],
      () => listBadgesDue(db, benchCaller(0, province.id, province.scope_path), { presentationDate: presentationDay })));
    add(await measure(`badges due on ${presentationDay}, the whole country`, 'members', 3, [rootId],
      () => listBadgesDue(db, benchCaller(0, rootId, ctx.rootPath), { presentationDate: presentationDay })));
  }
  // The cleaning worklist of the province as its page loads it (the first 100 issues and the counts by kind: one
  // statement since issue 10), then the statements it sends, alone.
  const cleaningCaller = benchCaller(0, province.id, province.scope_path);
  const cleaningQuery = { limit: 100, offset: 0, state: 'open' as const };
  const cleaningProbe = capturing(db);
  await listCleaningIssues(cleaningProbe.db, cleaningCaller, cleaningQuery, 'vi');
  const cleaningRuns = Math.max(5, Math.floor(runs / 3));
  add(await measure('cleaning worklist, the province (page 1 with counts)', 'members', cleaningRuns, [province.id], () => listCleaningIssues(db, cleaningCaller, cleaningQuery, 'vi')));
  add(await measure('cleaning worklist, the province (its SQL alone)', 'members', cleaningRuns, [cleaningProbe.statements], async (statements) => {
    for (const statement of statements) await db.executeQuery(statement);
  }));
  return results;
}

/** Events per second through the bulk life-cycle commands, beside their events' INSERT alone (bench/bulk-commands.ts). */
async function bulkCommandsMeasurement(db: Db): Promise<Measurement[]> {
  try {
    return (await measureBulkCommands(db)).map((row) => ({
      issue: 'members' as const, name: `${row.name} (${row.rows.toLocaleString('en-US')} rows)`, runs: 1, p50Ms: row.seconds * 1000, p95Ms: null, maxMs: null,
      value: Math.round(row.eventsPerSecond), unit: 'events/s',
    }));
  } catch (error) {
    return [{ issue: 'members', name: 'bulk commands', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not measured: ${(error as Error).message}` }];
  }
}

async function importMeasurement(db: Db, rows: number): Promise<Measurement[]> {
  try {
    const result = await measureImport(db, rows);
    const rate = (rowsPerSecond: number) => ({ value: Math.round(rowsPerSecond), unit: 'rows/s', p50Ms: (result.validRows / rowsPerSecond) * 1000 });
    return [{
      issue: 'members', name: `import throughput (${rows.toLocaleString('en-US')} rows, validate + apply)`, runs: 1, p50Ms: result.seconds * 1000, p95Ms: null, maxMs: null,
      value: Math.round(result.rowsPerSecond), unit: 'rows/s',
      note: `validate ${result.validateSeconds.toFixed(1)} s, apply ${result.applySeconds.toFixed(1)} s, peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
    }, {
      issue: 'members', name: 'import: the apply\'s SQL alone (rolled back)', runs: 1, p95Ms: null, maxMs: null, ...rate(result.applySqlRowsPerSecond),
      note: 'the same statements without the journal; compare with the apply above',
    }, {
      issue: 'members', name: 'import: the same SQL, member tables without indexes (rolled back)', runs: 1, p95Ms: null, maxMs: null,
      ...rate(result.applyWithoutIndexesRowsPerSecond),
      note: 'secondary indexes, unique and foreign-key constraints set aside: the floor of any load path before it builds them',
    }];
  } catch (error) {
    return [{ issue: 'members', name: 'import throughput', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not measured: ${(error as Error).message}` }];
  }
}

const fmt = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1));

export function formatTable(results: Measurement[]): string {
  const lines: string[] = [];
  const header = `${'measurement'.padEnd(62)}${'runs'.padStart(6)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'max ms'.padStart(10)}  note`;
  for (const issue of ['setup', 'org', 'members', 'history', 'statistics', 'pages'] as const) {
    const rows = results.filter((row) => row.issue === issue);
    if (rows.length === 0) continue;
    lines.push('', { setup: 'Setup', org: 'Organization tree through time (issue 2)', members: 'Member registry (issue 3)', history: 'A province\'s history entered through the API (issue 11)', statistics: 'Statistics: the standard forms, counted from the raw history (issue 12)', pages: 'Pages in the browser: time until the content shows, median over the runs (issue 10)' }[issue], header, '-'.repeat(header.length));
    for (const row of rows) {
      const value = row.value !== undefined && row.value !== null ? `${typeof row.value === 'number' ? row.value.toLocaleString('en-US') : row.value} ${row.unit ?? ''}`.trim() : '';
      lines.push(`${row.name.slice(0, 61).padEnd(62)}${String(row.runs).padStart(6)}${fmt(row.p50Ms).padStart(10)}${fmt(row.p95Ms).padStart(10)}${fmt(row.maxMs).padStart(10)}  ${[value, row.note].filter(Boolean).join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function runBenchCommand(config: Config, argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, scale: { type: 'string' }, reuse: { type: 'boolean' }, runs: { type: 'string' }, 'import-rows': { type: 'string' }, 'pages-only': { type: 'boolean' }, 'page-runs': { type: 'string' }, story: { type: 'boolean' }, 'statistics-only': { type: 'boolean' }, rebuild: { type: 'boolean' }, 'kept-only': { type: 'boolean' }, 'compare-raw': { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    log(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.story) {
    const results = await measureStory(config, log);
    process.stdout.write(values.json ? `${JSON.stringify({ story: true, date: new Date().toISOString(), results }, null, 2)}\n` : `\ncellbase benchmark: the migration story\n${formatTable(results)}`);
    return;
  }
  const scale = values.scale ?? 'national';
  if (scale !== 'national' && scale !== 'province') {
    log(`--scale must be national or province.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const runs = values.runs ? Number(values.runs) : 30;
  const importRows = values['import-rows'] ? Number(values['import-rows']) : scale === 'national' ? 50_000 : 20_000;
  const externalUrl = process.env.BENCH_DATABASE_URL || undefined;
  const dataDir = path.resolve('.bench', scale);
  if (!externalUrl && !values.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  const engine = await startEngine({ databaseUrl: externalUrl, dataDir, database: 'cellbase_bench', log: () => {} });
  const results: Measurement[] = [];
  let db: Db | undefined;
  try {
    // The application's role gets its privileges, as `cellbase serve` does: the page loads run the server on it.
    // Migrations that fill derived tables from the data (0032's statistics) take minutes at national scale: timed.
    let migrationStarted = Date.now();
    await migrate(engine.url, (line) => {
      log(`${line} in ${((Date.now() - migrationStarted) / 1000).toFixed(0)} s`);
      migrationStarted = Date.now();
    }, { applicationRole: applicationRoleOf(engine) });
    db = createDb(engine.url, { max: 4, applicationName: 'cellbase bench' });
    const datasets = await findDemoDatasets(db);
    const today = todayInVietnam();
    if (datasets.length === 0) {
      log(`Generating the ${scale} dataset in ${externalUrl ? 'BENCH_DATABASE_URL' : dataDir} (once with --reuse)…`);
      const summary = await generateDemoData(db, { scale, log: (line) => log(line) });
      log(formatSummary(summary));
      results.push({ issue: 'setup', name: `generate the ${scale} dataset (demo-data)`, runs: 1, p50Ms: summary.elapsedMs, p95Ms: null, maxMs: null, value: summary.members?.members ?? 0, unit: 'members' });
    } else {
      log(`Reusing the dataset ${datasets.map((dataset) => dataset.key).join(', ')} in ${externalUrl ? 'BENCH_DATABASE_URL' : dataDir}`);
      // The last run's import left tens of thousands of new rows: vacuumed now, or autovacuum would be working on
      // them (and on every index of members) while this run measures.
      // Then a checkpoint, so the pages it dirtied are not written out during the measurements (needs a superuser
      // or pg_checkpoint on an external server; skipped there otherwise).
      const vacuumStarted = Date.now();
      // Without the pool's statement limit: at national scale the vacuum takes minutes.
      await withoutStatementTimeout(db, (connection) => sql`vacuum (analyze)`.execute(connection));
      await sql`checkpoint`.execute(db).catch((error: Error) => log(`No checkpoint: ${error.message}`));
      log(`Vacuumed in ${((Date.now() - vacuumStarted) / 1000).toFixed(0)} s`);
    }
    const root = (await sql<{ id: number; scope_path: string }>`select id, scope_path from org_units where code = 'TW'`.execute(db)).rows[0];
    const ctx: BenchContext = { db, rootId: root.id, rootPath: root.scope_path, today };
    const postmasterPid = engine.kind === 'embedded' ? readPostmasterPid(dataDir) : null;
    if (values['statistics-only']) {
      results.push(...await statisticsMeasurements(db, ctx, runs, log, { rebuild: values.rebuild, keptOnly: values['kept-only'], compareRaw: values['compare-raw'] }));
    } else if (!values['pages-only']) {
      log('Organization tree…');
      results.push(...await orgMeasurements(ctx, runs));
      log('Member registry…');
      results.push(...await memberMeasurements(ctx, runs));
      log(`Import (${importRows} rows)…`);
      results.push(...await importMeasurement(db, importRows));
      results.push(...await bulkCommandsMeasurement(db));
      log('Statistics…');
      results.push(...await statisticsMeasurements(db, ctx, runs, log));
    }
    if (!values['statistics-only']) log('Pages in the browser…');
    if (!values['statistics-only']) results.push(...await measurePageLoads({ config, ownerDb: db, appUrl: engine.appUrl, runs: values['page-runs'] ? Number(values['page-runs']) : 3, log }));
    const memory = readProcessMemory(postmasterPid);
    results.push({ issue: 'members', name: 'peak memory: this process (RSS high-water)', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, value: Math.round(memory.selfPeakRssBytes / 2 ** 20), unit: 'MB' });
    if (memory.postgres) {
      const note = `${memory.postgres.processes} processes; shared_buffers = ${await showSetting(db, 'shared_buffers')}, counted in every process that touched it`;
      results.push({ issue: 'members', name: 'peak memory: PostgreSQL, largest process (RSS high-water)', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, value: Math.round(memory.postgres.maxBackendPeakBytes / 2 ** 20), unit: 'MB' });
      results.push({ issue: 'members', name: 'peak memory: PostgreSQL, sum over its processes', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, value: Math.round(memory.postgres.totalPeakBytes / 2 ** 20), unit: 'MB', note });
    } else {
      results.push({ issue: 'members', name: 'peak memory: PostgreSQL', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: 'external server: not measured from here' });
    }
    const environment = await sql<{ version: string }>`select version()`.execute(db);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ scale, runs, engine: engine.kind, postgres: environment.rows[0].version, date: new Date().toISOString(), results }, null, 2)}\n`);
    } else {
      process.stdout.write(`\ncellbase benchmark: ${scale} scale, ${engine.kind} ${environment.rows[0].version.split(' ').slice(0, 2).join(' ')}, ${runs} runs each\n`);
      process.stdout.write(formatTable(results));
    }
  } finally {
    await db?.destroy();
    await engine.stop();
    if (!externalUrl && !values.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function showSetting(db: Db, name: string): Promise<string> {
  const row = await sql<{ setting: string }>`select current_setting(${name}) as setting`.execute(db);
  return row.rows[0].setting;
}

function readPostmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}
