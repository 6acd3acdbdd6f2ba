/**
 * `cellbase demo-data`: generates a realistic synthetic dataset (one province, or the whole country) in one
 * transaction, in bulk (set-based SQL, never row by row through the services), so that national scale fits in
 * minutes. Every row goes in through its owner's bulk writer (`src/modules/<area>/bulk.ts`, the kernel's
 * `writeJournalFrom`). The result obeys the same invariants as data written by the services; the integration
 * test checks them with `test/helpers/org-invariants.ts`.
 *
 * Refuses (DEMO_DATA_EXISTS) when a demo dataset is already in the database: every dataset leaves a
 * `demo.generate` journal entry, and the units of one would collide with another's.
 */
import { sql } from 'kysely';
import { inTransaction, type Db } from '../../src/kernel/index.ts';
import { withoutStatementTimeout } from '../../src/db/database.ts';
import { AppError } from '../../src/contracts/errors.ts';
import { todayInVietnam } from '../../src/lib/dates.ts';
import { ensureRootUnit, ROOT_UNIT } from '../../src/modules/accounts/index.ts';
import { insertDemoPipelines, type DemoPipelineStats } from '../../src/modules/admissions/index.ts';
import { checkpointMemberStatistics, keepMemberStatisticsAfterLoad } from '../../src/modules/members/index.ts';
import { planDemo, type DemoPlan, type DemoScale } from './demo-plan.ts';
import { assignIds, recordedOn, writeJournalRows, writeOrgPlan, type OrgWriteStats } from './org-writer.ts';
import { writeMembers, type MemberWriteStats } from './member-writer.ts';
import { demoSqlOf, withIndexesSetAside } from './bulk.ts';

/** Serializes demo generators (and makes a second one wait, then find the first one's marker). */
const DEMO_LOCK = 727_010;

export interface DemoOptions {
  scale: DemoScale;
  seed?: number;
  province?: string;
  /** The last day of the generated history (default: today in Vietnam). */
  today?: string;
  log?: (line: string) => void;
}

export interface DemoSummary {
  scale: DemoScale;
  seed: number;
  datasetKey: string;
  today: string;
  elapsedMs: number;
  org: OrgWriteStats;
  members: MemberWriteStats | null;
  /** The admission files (pipelines in every stage, linked to the registry's recent admissions) and how long they took. */
  admissions: (DemoPipelineStats & { elapsedMs: number }) | null;
  /** Units as of each date, by level and kind (from the database, through the count deltas). */
  unitsByDate: { date: string; byKind: Record<string, number> }[];
  membersByStatus: Record<string, number>;
  rootUnitId: number;
  provinceUnitIds: number[];
}

export interface ExistingDataset {
  key: string;
  scale: string;
  recordedAt: string;
}

export async function findDemoDatasets(db: Db): Promise<ExistingDataset[]> {
  const rows = await db.selectFrom('journal').select(['object_id', 'after', 'recorded_at']).where('action', '=', 'demo.generate').orderBy('id').execute();
  return rows.map((row) => ({ key: row.object_id, scale: String((row.after as { scale?: string } | null)?.scale ?? row.object_id.split(':')[0]), recordedAt: new Date(row.recorded_at).toISOString() }));
}

/** Migration 0026's constraint triggers: no member placed in a unit that is not a cell. */
const PLACEMENT_TRIGGERS = [
  ['member_placements', 'member_placement_in_cell_insert'], ['member_placements', 'member_placement_in_cell_update'],
  ['org_unit_versions', 'org_version_holds_no_member_insert'], ['org_unit_versions', 'org_version_holds_no_member_update'],
] as const;

/**
 * Generates the dataset, on the schema owner's database (a big load sets the tables' indexes aside, and vacuums).
 * The whole generation is one transaction: it applies entirely or not at all.
 */
export async function generateDemoData(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const seed = options.seed ?? 1;
  const today = options.today ?? todayInVietnam();
  const rootUnitId = await ensureRootUnit(db);
  const { plan, org, members, admissions } = await inTransaction(db, async (tx) => {
    const client = demoSqlOf(tx);
    // A long load: no statement limit (the pool sets one for requests), parallel workers allowed (the pool turns
    // them off for interactive queries), and room to rebuild indexes.
    await client.query(`set local statement_timeout = 0`);
    await client.query(`set local max_parallel_workers_per_gather = 2`);
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await client.query('select pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    const existing = await client.query<{ object_id: string }>(`select object_id from journal where action = 'demo.generate' order by id`);
    if (existing.rows.length > 0) {
      throw new AppError('DEMO_DATA_EXISTS', { existing: existing.rows.map((row) => row.object_id), requested: options.scale });
    }
    const planStarted = Date.now();
    const plan: DemoPlan = planDemo({ scale: options.scale, seed, province: options.province, today, root: { id: rootUnitId, establishedOn: ROOT_UNIT.establishedOn } });
    log(`Planned ${plan.world.units.length} units and ${plan.world.batches.length} restructuring batches in ${((Date.now() - planStarted) / 1000).toFixed(1)} s`);
    // Units of another origin (created by hand, imported) may already use some of the planned codes.
    const codes = plan.world.units.filter((unit) => unit !== plan.root).map((unit) => plan.world.lastVersion(unit).code.toLowerCase());
    const taken = await client.query<{ code: string }>(`select code from org_units where lower(code) = any($1::text[]) limit 5`, [codes]);
    if (taken.rows.length > 0) throw new AppError('ORG_CODE_TAKEN', { codes: taken.rows.map((row) => row.code), reason: 'the demo data would reuse unit codes already in the database' });
    await assignIds(tx, plan);
    // Tables that hold (next to) nothing yet are loaded with their secondary indexes and unique/foreign-key
    // constraints set aside, then rebuilt: much faster than maintaining them row by row. Big loads only.
    const state = (await client.query<{ org: boolean; members: boolean }>(`select
      (select count(*) from org_unit_versions) <= 10 as org,
      not exists (select 1 from members) and not exists (select 1 from member_events) and not exists (select 1 from member_badge_awards) as members`)).rows[0];
    const setAside = [
      ...(state.org && plan.world.units.length >= 5_000 ? ['org_units', 'org_unit_versions', 'org_unit_links', 'restructure_batches', 'journal'] : []),
      ...(state.members && plan.memberTotal >= 50_000 ? ['members', 'member_events', 'member_placements', 'member_transfers', 'decisions', 'member_badge_awards',
        'admission_candidates', 'admission_steps', 'admission_documents', 'admission_introducers', 'admission_courses', 'admission_course_participants'] : []),
    ];
    const write = async () => {
      const orgStats = await writeOrgPlan(tx, plan, log);
      const memberStats = await writeMembers(tx, plan, log);
      // The admission pipelines: the registry's recent admissions with their files, and the files before the ceremony.
      const pipelinesStarted = Date.now();
      const pipelines = await insertDemoPipelines(tx, { today, seed, log });
      const admissionStats = { ...pipelines, elapsedMs: Date.now() - pipelinesStarted };
      log(`  ${pipelines.files} admission files (${pipelines.open} in progress, ${pipelines.overdue} overdue, ${pipelines.linked} linked to members) in ${(admissionStats.elapsedMs / 1000).toFixed(1)} s`);
      return { orgStats, memberStats, admissionStats };
    };
    // The placement-in-cell triggers (migration 0026) would queue a deferred check per row, which also forbids
    // rebuilding the indexes set aside while events are pending: off for the load, the same rule checked once,
    // set-based, before they are on again (all inside this transaction, so nothing is kept if it fails).
    for (const [table, trigger] of PLACEMENT_TRIGGERS) await client.query(`alter table ${table} disable trigger ${trigger}`);
    const { orgStats, memberStats, admissionStats } = setAside.length > 0 ? await withIndexesSetAside(client, setAside, log, write) : await write();
    const outside = await client.query<{ id: number; unit_id: number; kind: string }>(`
      select p.id, p.unit_id, v.kind from member_placements p
      join org_unit_versions v on v.unit_id = p.unit_id and v.voided_by_batch_id is null and v.kind not in ('cell', 'grassroots_cell')
        and daterange(v.valid_from, v.valid_to) && daterange(p.valid_from, p.valid_to)
      where p.voided_by_event_id is null limit 5`);
    if (outside.rows.length > 0) throw new Error(`demo data: members placed outside cells: ${JSON.stringify(outside.rows)}`);
    for (const [table, trigger] of PLACEMENT_TRIGGERS) await client.query(`alter table ${table} enable trigger ${trigger}`);
    await writeJournalRows(tx, 'demo_dataset_journal', [[recordedOn(today), 'demo.generate', 'demo_dataset', plan.datasetKey, rootUnitId, today, null, 'Dữ liệu mẫu (demo)', null, JSON.stringify({
      scale: options.scale, seed, province: options.scale === 'national' ? null : plan.provinces[0].old.name, today, units: orgStats.units, members: memberStats?.members ?? 0,
    })]]);
    log('Committing…');
    return { plan, org: orgStats, members: memberStats as MemberWriteStats | null, admissions: admissionStats };
  });
  // After a bulk load: statistics for the planner, and the visibility map set so that index-only scans (lists and
  // name search read their covering indexes) need not visit the table for rows autovacuum has not reached yet.
  // Not inside a transaction, and without the pool's statement limit: at national scale it takes minutes.
  const analyzeStarted = Date.now();
  await withoutStatementTimeout(db, (connection) => sql`vacuum (analyze)`.execute(connection));
  log(`Vacuumed and analyzed in ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s`);
  // The statistics' kept aggregates, on in a database created empty: the load queued every member (statistics/NOTES.md, "Speed").
  const keptStarted = Date.now();
  const kept = await withoutStatementTimeout(db, (connection) => keepMemberStatisticsAfterLoad(connection, 1_000_000));
  if (kept === 'folded') {
    // Their checkpoints too: without them a stock read sums every delta of its unit since the first (the province's
    // changes form, whose balance reads the stocks on the eve and the end, 3.7 s instead of 16 ms), until the daily job
    // builds them, the next day (its run on the day the server created the database found nothing to build).
    await withoutStatementTimeout(db, (connection) => checkpointMemberStatistics(connection));
    // The fold wrote the kept tables after the analyze above: planned on their empty statistics, the first reports of
    // the province dataset took 219 ms instead of 11 until autovacuum reached them.
    await withoutStatementTimeout(db, (connection) => sql`analyze statistics_member_facts, statistics_member_moves, statistics_member_deltas,
      statistics_member_checkpoints, statistics_member_flow_checkpoints`.execute(connection));
  }
  log(`Statistics' kept aggregates ${kept} in ${((Date.now() - keptStarted) / 1000).toFixed(1)} s`);
  const unitsByDate = [];
  for (const date of ['2020-01-01', '2024-12-31', today]) unitsByDate.push({ date, byKind: await countByKind(db, rootUnitId, date) });
  const statusRows = await db.selectFrom('members').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
  return {
    scale: options.scale, seed, datasetKey: plan.datasetKey, today, elapsedMs: Date.now() - started, org, members, admissions,
    unitsByDate, membersByStatus: Object.fromEntries(statusRows.map((row) => [row.status, row.n])), rootUnitId,
    provinceUnitIds: plan.newProvinces.map((unit) => unit.id!),
  };
}

/** Units under the root on a date by kind, read from the count deltas the way the orgs service reads them. */
async function countByKind(db: Db, rootUnitId: number, date: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('org_unit_count_deltas').select(['kind', sql<number>`sum(delta)::int`.as('n')])
    .where('ancestor_id', '=', rootUnitId).where('on_date', '<=', date).groupBy('kind').execute();
  return Object.fromEntries(rows.filter((row) => row.n !== 0).map((row) => [row.kind, row.n]));
}
