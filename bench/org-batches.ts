/**
 * Restructuring batches through the API (issue 11, item 4): batches per second with 1 and 8 concurrent clients, each
 * client on its own district of one province (disjoint subtrees), before and after the count-delta change of
 * migration 0029, beside the bare SQL of a batch's statements; and one establish batch of 6,000 units.
 *
 *   npx tsx bench/org-batches.ts [--batches 40]     (BENCH_DATABASE_URL=postgres://… for an external server)
 *
 * A fresh database per run (.bench/org-batches/, or the external server's cellbase_org_batches). Each batch establishes 5 grassroots cells under its client's
 * district, all dated the same day (the case that contended: every batch adds to the province's and the centre's
 * count rows for the same date and kind). "before" puts back the triggers of 0002 (one row per key, updated in
 * place); "after" is the code as it is. The bare SQL is the batch's own writes (units, versions with their triggers,
 * ancestor columns) in one transaction per batch, with no HTTP, validation, journal or summary.
 * It measures; it asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { inTransaction, systemScope } from '../src/kernel/index.ts';
import { createAccountWithGrant, ensureRootUnit, findUnitByCode, ROOT_UNIT } from '../src/modules/accounts/index.ts';
import { insertEstablishedUnits, reserveUnitIds } from '../src/modules/orgs/index.ts';

const { values } = parseArgs({ options: { batches: { type: 'string' } } });
const perClient = Number(values.batches ?? 40);
const dataDir = path.resolve('.bench', 'org-batches');
fs.rmSync(dataDir, { recursive: true, force: true });
const engine = await startEngine({ databaseUrl: process.env.BENCH_DATABASE_URL || undefined, dataDir, database: 'cellbase_org_batches', log: () => {} });
await migrate(engine.url, () => {}, { applicationRole: applicationRoleOf(engine) });
const db = createDb(engine.url, { max: 12, applicationName: 'cellbase bench org batches' });
const appDb = createDb(engine.appUrl, { max: 12, applicationName: 'cellbase bench org batches app' });
const app = await buildApp({ db: appDb, config: { ...loadConfig(), webDist: '/nonexistent' } });
await ensureRootUnit(db);
const root = (await findUnitByCode(db, ROOT_UNIT.code, systemScope('bench: org batches')))!;
const rootUnitId = root.id;
const username = `bench-org-${Date.now()}`;
const password = `bench-${Date.now()}-sap-xep`;
const created0 = await inTransaction(db, (tx) => createAccountWithGrant(tx, {
  username, displayName: 'Đo sắp xếp', password, grant: { role: 'admin', unit: root, validFrom: '2000-01-01', validTo: null },
}, { accountId: null, reason: 'bench' }));
const accountId = created0.accountId;
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0];
const csrf = login.json().csrfToken as string;
const admin = {
  post: (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } }),
  get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
};
type ApiClient = typeof admin;
const decision = await admin.post('/api/decisions', { number: `${Date.now()}-QĐ/TW`, signedOn: '2019-12-01', issuingBody: 'Ban Chấp hành Trung ương', issuingUnitId: rootUnitId, subject: 'Sắp xếp tổ chức' });
if (decision.statusCode !== 201) throw new Error(decision.body);
const decisionId = decision.json().id as number;

async function apply(client: ApiClient, body: Record<string, unknown>) {
  const response = await client.post('/api/orgs/batches', { decisionId, ...body });
  return response;
}

const tree = await apply(admin, {
  operation: 'establish', effectiveDate: '2015-01-01',
  units: [
    { parentId: rootUnitId, kind: 'provincial_committee', code: 'BP', name: 'Đảng bộ tỉnh Đo' },
    ...Array.from({ length: 8 }, (_, d) => ({ parentCode: 'BP', kind: 'district_committee', code: `BP-${d}`, name: `Đảng bộ huyện ${d}` })),
  ],
});
if (tree.statusCode !== 201) throw new Error(tree.body);
const created = tree.json().summary.unitsCreated as { unitId: number; code: string; kind: string }[];
const province = created[0].unitId;
const districts = created.filter((unit) => unit.kind === 'district_committee').map((unit) => unit.unitId);

let round = 0;
async function throughput(clients: number): Promise<{ perSecond: number; refused: number }> {
  round += 1;
  let refused = 0;
  const started = performance.now();
  await Promise.all(districts.slice(0, clients).map(async (district, d) => {
    for (let b = 0; b < perClient; b++) {
      const response = await apply(admin, {
        operation: 'establish', effectiveDate: '2020-01-01',
        units: Array.from({ length: 5 }, (_, i) => ({ parentId: district, kind: 'grassroots_cell', code: `R${round}-${d}-${b}-${i}`, name: `Chi bộ ${round} ${d} ${b} ${i}`, sector: 'enterprise_state' })),
      });
      if (response.statusCode !== 201) refused += 1;
    }
  }));
  return { perSecond: (clients * perClient) / ((performance.now() - started) / 1000), refused };
}

async function bareSql(clients: number): Promise<number> {
  round += 1;
  const started = performance.now();
  const district = await db.selectFrom('org_unit_versions').select(['unit_id', 'path', 'depth']).where('unit_id', 'in', districts).where('valid_to', 'is', null).execute();
  await Promise.all(district.slice(0, clients).map(async (parent, d) => {
    for (let b = 0; b < perClient; b++) {
      await inTransaction(db, async (tx) => {
        await sql`select id from org_units where id = ${parent.unit_id} for key share nowait`.execute(tx);
        const batch = await tx.insertInto('restructure_batches').values({ operation: 'establish', effective_date: '2020-01-01', decision_id: decisionId, payload: '{}', status: 'applied', undoes_batch_id: null, undone_by_batch_id: null, applied_by: accountId, reason: null }).returning('id').executeTakeFirstOrThrow();
        const ids = await reserveUnitIds(tx, 5);
        await insertEstablishedUnits(tx, ids.map((id, i) => ({ id, code: `S${round}-${d}-${b}-${i}`, name: `Chi bộ ${i}`, kind: 'grassroots_cell', sector: 'enterprise_state', parentId: parent.unit_id, path: `${parent.path}${id}/`, depth: parent.depth + 1 })), '2020-01-01', batch.id);
      });
    }
  }));
  return (clients * perClient) / ((performance.now() - started) / 1000);
}

/** The count-delta triggers of 0002 (one row per key, added to in place), for the "before" figures. */
async function useOldTriggers() {
  const text = fs.readFileSync(new URL('../src/db/migrations/0002_org_history.sql', import.meta.url), 'utf8');
  const functions = text.match(/create function org_count_delta_rows_\w+\(\)[\s\S]*?end \$\$;/g)!;
  await sql`delete from org_unit_count_deltas`.execute(db);
  await sql.raw(`alter table org_unit_count_deltas add primary key (ancestor_id, on_date, kind, sector)`).execute(db);
  await sql.raw(`insert into org_unit_count_deltas (ancestor_id, on_date, kind, sector, delta)
    select a.id::bigint, e.on_date, r.kind, coalesce(r.sector, ''), sum(e.delta)::int from org_unit_versions r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
    group by 1, 2, 3, 4 having sum(e.delta) <> 0`).execute(db);
  for (const fn of functions) await sql.raw(fn.replace('create function', 'create or replace function')).execute(db);
}
async function useNewTriggers() {
  const text = fs.readFileSync(new URL('../src/db/migrations/0029_org_count_deltas_append.sql', import.meta.url), 'utf8');
  await sql.raw(`alter table org_unit_count_deltas drop constraint org_unit_count_deltas_pkey`).execute(db);
  for (const fn of text.match(/create or replace function org_count_delta_rows_\w+\(\)[\s\S]*?end \$\$;/g)!) await sql.raw(fn).execute(db);
}

const results: Record<string, unknown> = {};
const establishStarted = performance.now();
const big = await apply(admin, {
  operation: 'establish', effectiveDate: '2016-01-01',
  units: Array.from({ length: 6_000 }, (_, i) => i < 300
    ? { parentId: districts[i % 8], kind: 'grassroots_committee', code: `BIG-${i}`, name: `Đảng bộ xã ${i}`, sector: 'commune_ward' }
    : { parentCode: `BIG-${i % 300}`, kind: 'cell', code: `BIG-${i % 300}-${i}`, name: `Chi bộ thôn ${i}` }),
});
results['establish 6,000 units in one batch (s)'] = big.statusCode === 201 ? ((performance.now() - establishStarted) / 1000).toFixed(2) : `failed ${big.statusCode} ${big.body.slice(0, 200)}`;

await useOldTriggers();
for (const clients of [1, 8]) {
  await throughput(clients); // warm-up
  const { perSecond, refused } = await throughput(clients);
  results[`before (0002 triggers): batches/s, ${clients} client(s)`] = `${perSecond.toFixed(1)}${refused ? ` (${refused} refused)` : ''}`;
}
await useNewTriggers();
for (const clients of [1, 8]) {
  await throughput(clients);
  const { perSecond, refused } = await throughput(clients);
  results[`after (0029): batches/s, ${clients} client(s)`] = `${perSecond.toFixed(1)}${refused ? ` (${refused} refused)` : ''}`;
  results[`bare SQL of a batch: batches/s, ${clients} client(s)`] = (await bareSql(clients)).toFixed(1);
}
const counts = await admin.get(`/api/orgs/units/${province}/counts`);
results['units under the province at the end'] = counts.json().total;
for (const [name, value] of Object.entries(results)) process.stdout.write(`${name.padEnd(52)} ${value}\n`);
await app.close();
await db.destroy();
await appDb.destroy();
await engine.stop();
