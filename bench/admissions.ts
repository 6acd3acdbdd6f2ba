/**
 * The admission worklists (issue 13) at the issue's scale: ~150,000 files in progress (the national demo's yearly
 * intake across its stages), and the worklists an officer opens (overdue, due this week) for a province and for the
 * whole country, each beside the bare SQL of the same page. The files are the demo's own pipelines (steps, votes,
 * introducers, forms, linked to the registry's probationary members); a province holds a few thousand in progress, so
 * synthetic files (`insertSyntheticFiles`: no steps) top them up to `--files` over its cells.
 *
 *   npx tsx bench/admissions.ts [--files 150000] [--runs 30]
 *
 * Runs on its own embedded cluster in .bench/admissions/ (kept: the dataset and the files are made once; delete the
 * folder to start over), or on BENCH_DATABASE_URL. The dataset is the province demo (`cellbase demo-data --scale
 * province`): the whole country there is that province and the centre above it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb, withoutStatementTimeout } from '../src/db/database.ts';
import { findDemoDatasets, generateDemoData } from '../tools/demo/index.ts';
import { inTransaction } from '../src/kernel/index.ts';
import { todayInVietnam } from '../src/lib/dates.ts';
import { insertSyntheticFiles, listCandidatesForCaller, workItems } from '../src/modules/admissions/index.ts';
import { benchCaller } from './import.ts';
import { measure } from './bench.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const { values } = parseArgs({ options: { files: { type: 'string' }, runs: { type: 'string' } }, strict: true });
  const files = Number(values.files ?? 150_000);
  const runs = Number(values.runs ?? 30);
  const engine = await startEngine({ databaseUrl: process.env.BENCH_DATABASE_URL || undefined, dataDir: path.resolve('.bench', 'admissions'), database: 'cellbase_bench', log: () => {} });
  const db = createDb(engine.url, { max: 4, applicationName: 'cellbase bench admissions' });
  try {
    await migrate(engine.url, () => {});
    if ((await findDemoDatasets(db)).length === 0) {
      log('Generating the province dataset…');
      await generateDemoData(db, { scale: 'province', log });
    }
    const today = todayInVietnam();
    const existing = Number((await sql<{ n: number }>`select count(*)::int as n from admission_candidates where next_step is not null`.execute(db)).rows[0].n);
    const demo = (await sql<{ files: number; steps: number }>`
      select (select count(*) from admission_candidates where created_by is null and full_name not like 'Quần chúng %')::int as files,
        (select count(*) from admission_steps)::int as steps`.execute(db)).rows[0];
    log(`the demo's pipelines: ${demo.files} files (${existing} in progress before any top-up), ${demo.steps} steps`);
    if (existing < files) {
      const cells = (await sql<{ id: number }>`
        select u.id from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
        where v.kind in ('cell', 'grassroots_cell') and u.ended_on is null order by u.id`.execute(db)).rows.map((row) => Number(row.id));
      const started = performance.now();
      await inTransaction(db, (tx) => insertSyntheticFiles(tx, { cellIds: cells, count: files - existing, today }));
      log(`${files - existing} synthetic files added over ${cells.length} cells in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await withoutStatementTimeout(db, (connection) => sql`vacuum (analyze) admission_candidates`.execute(connection));
    }
    const root = (await sql<{ id: number; scope_path: string }>`select id, scope_path from org_units where code = 'TW'`.execute(db)).rows[0];
    const province = (await sql<{ id: number; scope_path: string; name: string }>`
      select u.id, u.scope_path, v.name from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
      where v.kind = 'provincial_committee' and u.ended_on is null order by u.id limit 1`.execute(db)).rows[0];
    const commune = (await sql<{ id: number; scope_path: string; name: string }>`
      select u.id, u.scope_path, v.name from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
      where v.kind = 'commune_committee' and u.ended_on is null order by u.id limit 1`.execute(db)).rows[0];
    const centre = benchCaller(0, root.id, root.scope_path);
    const officer = benchCaller(0, province.id, province.scope_path);
    const counts = (await sql<{ open: number; overdue: number; due: number }>`
      select count(*) filter (where next_step is not null)::int as open, count(*) filter (where next_step is not null and due_by < ${today}::date)::int as overdue,
        count(*) filter (where next_step is not null and due_by >= ${today}::date and due_by <= ${today}::date + 6)::int as due
      from admission_candidates`.execute(db)).rows[0];
    log(`files: ${counts.open} in progress, ${counts.overdue} overdue, ≤ ${counts.due} due within a week; province ${province.name}`);
    const bare = (prefix: string, which: 'overdue' | 'due') => sql`
      select c.* from admission_candidates c join org_units u on u.id = c.unit_id
      where c.next_step is not null and ${which === 'overdue' ? sql`c.due_by < ${today}::date` : sql`c.due_by >= ${today}::date and c.due_by <= ${today}::date + 6`}
        and u.scope_path like ${`${prefix}%`} order by c.id limit 51`.execute(db);
    const rows: [string, () => Promise<unknown>][] = [
      [`worklist: overdue, the province (${province.name}), page of 50 (service)`, () => listCandidatesForCaller(db, officer, { unitId: province.id, which: 'overdue' })],
      ['worklist: overdue, the province, bare SQL of the page', () => bare(province.scope_path, 'overdue')],
      ['worklist: due this week, the province, page of 50 (service)', () => listCandidatesForCaller(db, officer, { unitId: province.id, which: 'due' })],
      ['worklist: due this week, the province, bare SQL of the page', () => bare(province.scope_path, 'due')],
      [`worklist: overdue, a commune committee (${commune.name}), page of 50 (service)`, () => listCandidatesForCaller(db, officer, { unitId: commune.id, which: 'overdue' })],
      ['worklist: overdue, the commune committee, bare SQL of the page', () => bare(commune.scope_path, 'overdue')],
      ['worklist: overdue, the whole country, page of 50 (service)', () => listCandidatesForCaller(db, centre, { which: 'overdue' })],
      ['worklist: overdue, the whole country, bare SQL of the page', () => bare(root.scope_path, 'overdue')],
      ['home page: due and overdue counts (capped at 1,000), the whole country', () => Promise.all(workItems.map((item) => item.count(db, centre, today)))],
    ];
    const lines = [`admission worklists, ${counts.open} files in progress (${Math.min(existing, counts.open)} of them the demo's pipelines), ${runs} runs each (ms)`, 'figure | p50 | p95 | max'];
    for (const [name, work] of rows) {
      const figure = await measure(name, 'admissions', runs, [null], work);
      lines.push(`${name} | ${figure.p50Ms?.toFixed(1)} | ${figure.p95Ms?.toFixed(1)} | ${figure.maxMs?.toFixed(1)}`);
      log(`  ${lines.at(-1)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await db.destroy();
    await engine.stop();
  }
}

await main();
