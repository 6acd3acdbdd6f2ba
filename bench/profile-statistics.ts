// Each statement of the statistics reads the benchmark times, timed by Kysely's query log (the fourth run of each):
//   URL=postgres://…/cellbase_bench npx tsx bench/profile-statistics.ts
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { areas } from '../src/modules/index.ts';
import { readFigures, readForm } from '../src/modules/statistics/index.ts';
import { benchCaller } from './import.ts';

const url = process.env.URL!;
const log: { ms: number; sql: string }[] = [];
const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c max_parallel_workers_per_gather=0 -c statement_timeout=600000' });
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (event) => { log.push({ ms: event.queryDurationMillis, sql: event.query.sql.replace(/\s+/g, ' ').slice(0, 160) }); } });
const sources = areas.flatMap((area) => area.statistics ?? []);
const root = (await sql<{ id: number; scope_path: string }>`select id, scope_path from org_units where code = 'TW'`.execute(db)).rows[0];
const province = (await sql<{ id: number }>`select u.id from org_units u join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
  where v.kind = 'provincial_committee' and u.ended_on is null order by (select count(*) from members m where m.province_id = u.id) desc limit 1`.execute(db)).rows[0];
const centre = benchCaller(0, root.id, root.scope_path);
const today = new Date().toISOString().slice(0, 10);
const reads: [string, () => Promise<unknown>][] = [
  ['national form today', () => readForm(db as any, centre, sources, 'members', { unitId: root.id, date: today })],
  ['national form 2024-12-31', () => readForm(db as any, centre, sources, 'members', { unitId: root.id, date: '2024-12-31' })],
  ['national changes 2025', () => readForm(db as any, centre, sources, 'member-changes', { unitId: root.id, from: '2025-01-01', to: '2025-12-31' })],
  ['province by units today', () => readFigures(db as any, centre, sources, { source: 'members', unitId: province.id, date: today, breakdown: 'children' } as any)],
  ['province by units 2024-12-31', () => readFigures(db as any, centre, sources, { source: 'members', unitId: province.id, date: '2024-12-31', breakdown: 'children' } as any)],
  ['province changes 2025', () => readForm(db as any, centre, sources, 'member-changes', { unitId: province.id, from: '2025-01-01', to: '2025-12-31' })],
];
for (const [name, read] of reads) {
  for (let run = 0; run < 4; run += 1) {
    log.length = 0;
    const started = performance.now();
    await read();
    const total = performance.now() - started;
    if (run < 3) continue;
    console.log(`\n== ${name}: ${total.toFixed(1)} ms, ${log.length} statements`);
    for (const entry of [...log].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  ${entry.ms.toFixed(1)} ms  ${entry.sql}`);
  }
}
await pool.end();
