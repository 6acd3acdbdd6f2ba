/**
 * Bulk life-cycle commands' throughput (issue 11, item 3): events per second through the bulk commands (the services
 * the /api/members/bulk and /api/transfers/bulk routes call, without HTTP): admissions, recognitions, transfers issued
 * and accepted, removals, `rows` members each, in one transaction per request (every row read, judged and written
 * set-based: members/NOTES.md, "Bulk commands"); beside two floors, bare SQL set-based from unnest in a transaction
 * rolled back, in the same run: an event per member and the projection's update (what a recognition, transfer or
 * removal writes at least), and a new member with its event and placement (what an admission writes at least).
 *
 * Builds its own small subtree under the root (a province, a grassroots committee, two cells) and leaves the data
 * behind: run it on a benchmark database.
 *
 *   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/story_bulk npx tsx bench/bulk-commands.ts [--rows 1000] [--runs 3]
 *
 * (without BENCH_DATABASE_URL, an embedded cluster in `.bench/bulk-commands/`, wiped after the run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../src/db/database.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { inTransaction, type Db } from '../src/kernel/index.ts';
import { ensureRootUnit, insertServiceAccount } from '../src/modules/accounts/index.ts';
import { admitMembersInBulk, leaveInBulk, recognizeMembersInBulk } from '../src/modules/members/index.ts';
import { acceptTransfersInBulk, issueTransfersInBulk } from '../src/modules/transfers/index.ts';
import { foldText } from '../src/lib/text.ts';
import { benchCaller, insertBenchUnit } from './import.ts';

export interface BulkMeasurement { name: string; rows: number; seconds: number; eventsPerSecond: number }

export async function measureBulkCommands(db: Db, rows = 1_000): Promise<BulkMeasurement[]> {
  const root = await ensureRootUnit(db);
  const province = await insertBenchUnit(db, root, 'provincial_committee', 'Đảng bộ tỉnh (đo lệnh hàng loạt)');
  const grassroots = await insertBenchUnit(db, province.id, 'grassroots_committee', 'Đảng bộ cơ sở (đo lệnh hàng loạt)');
  const cells = [await insertBenchUnit(db, grassroots.id, 'cell', 'Chi bộ 1'), await insertBenchUnit(db, grassroots.id, 'cell', 'Chi bộ 2')];
  const accountId = await inTransaction(db, (tx) => insertServiceAccount(tx, { username: `bench-bulk-${process.pid}-${Date.now()}`, displayName: 'bench' }));
  const actor = { caller: benchCaller(accountId, province.id, province.path) };
  const decision = async (signedOn: string) => {
    const number = `BENCH-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}/QĐ`;
    const row = await db.insertInto('decisions').values({
      number, signed_on: signedOn, issuing_body: 'Ban Thường vụ', issuing_unit_id: root, signer: null, subject: null, attachment_id: null,
      number_folded: foldText(number).replace(/\s+/g, ''), recorded_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  };
  const seed = Date.now() % 1_000_000;
  const applicants = Array.from({ length: rows }, (_, index) => {
    const year = 1975 + (index % 25);
    const birthDate = `${year}-0${1 + (index % 9)}-1${index % 10}`;
    return {
      unitId: cells[index % 2].id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20',
      member: { fullName: `Nguyễn Văn Đo ${index}`, sex: 'male' as const, birthDate, citizenId: `001${index % 2 === 0 ? 0 : 0}${String(year % 100).padStart(2, '0')}${String((seed + index) % 1_000_000).padStart(6, '0')}` },
    };
  });
  const results: BulkMeasurement[] = [];
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    results.push({ name, rows, seconds, eventsPerSecond: rows / seconds });
    return value;
  };
  const decisions = {
    admission: await decision('2024-03-10'), recognition: await decision('2025-03-25'), issue: await decision('2025-06-01'), removal: await decision('2025-09-01'),
  };
  const admitted = await time('bulk admissions', () => inTransaction(db, (tx) => admitMembersInBulk(tx, actor, { decisionId: decisions.admission, rows: applicants }, 'vi')));
  const memberIds = admitted.items.map((item) => item.memberId);
  // Probation ends on 2025-03-20, a year after the ceremony.
  await time('bulk recognitions', () => inTransaction(db, (tx) => recognizeMembersInBulk(tx, actor, {
    decisionId: decisions.recognition, rows: memberIds.map((memberId) => ({ memberId })),
  }, 'vi')));
  const issued = await time('bulk transfers issued', () => inTransaction(db, (tx) => issueTransfersInBulk(tx, actor, {
    decisionId: decisions.issue, issuedOn: '2025-06-01',
    rows: memberIds.map((memberId, index) => ({ memberId, kind: 'official' as const, purpose: 'work' as const, toUnitId: cells[(index + 1) % 2].id })),
  }, 'vi')));
  await time('bulk transfers accepted', () => inTransaction(db, (tx) => acceptTransfersInBulk(tx, actor, {
    receivedOn: '2025-06-05', rows: issued.items.map((item) => ({ transferId: item.transferId! })),
  }, 'vi')));
  await time('bulk removals', () => inTransaction(db, (tx) => leaveInBulk(tx, actor, 'removal', {
    decisionId: decisions.removal, effectiveDate: '2025-09-01', ground: 'inactivity', rows: memberIds.map((memberId) => ({ memberId })),
  }, 'vi')));

  // The floor: the rows' events written set-based, bare (an event per member from unnest), rolled back.
  const floorStarted = performance.now();
  await db.transaction().execute(async (tx) => {
    await sql`insert into member_events (member_id, kind, effective_date, decision_id, unit_id, status_after, payload, reason, transfer_id, corrects_event_id, voided_by_event_id, recorded_by)
      select m.id, 'removal', date '2025-12-01', null, m.unit_id, 'removed', '{}'::jsonb, null, null, null, null, ${accountId}
      from unnest(${memberIds}::bigint[]) as ids(id) join members m on m.id = ids.id`.execute(tx);
    await sql`update members set status = 'removed', status_since = date '2025-12-01', row_version = row_version + 1 where id = any(${memberIds}::bigint[])`.execute(tx);
    throw new RollBack();
  }).catch((error) => { if (!(error instanceof RollBack)) throw error; });
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  results.push({ name: 'floor: an event and the projection per member, set-based SQL alone (rolled back)', rows, seconds: floorSeconds, eventsPerSecond: rows / floorSeconds });

  // The admissions' floor: a new member (every index of the registry's table), its event and its placement, bare.
  const newStarted = performance.now();
  await db.transaction().execute(async (tx) => {
    const fresh = applicants.map((applicant, index) => ({ ...applicant, citizenId: `9${String(seed).padStart(6, '0')}${String(index).padStart(5, '0')}` }));
    await sql`
      with m as (
        insert into members (full_name, name_folded, name_sort_key, sex, birth_date, citizen_id, admission_date, probation_start, status, status_since,
          unit_id, scope_path, province_id, superior_id, grassroots_id, created_by)
        select a.full_name, a.full_name, a.full_name, 'male', a.birth_date, a.citizen_id, date '2024-03-10', date '2024-03-20', 'probationary',
          date '2024-03-10', u.id, u.scope_path, u.province_id, u.superior_id, u.grassroots_id, ${accountId}::bigint
        from unnest(${fresh.map((a) => a.member.fullName)}::text[], ${fresh.map((a) => a.member.birthDate)}::date[], ${fresh.map((a) => a.citizenId)}::text[],
          ${fresh.map((a) => a.unitId)}::bigint[]) as a(full_name, birth_date, citizen_id, unit_id)
        join org_units u on u.id = a.unit_id
        returning id, unit_id
      ), e as (
        insert into member_events (member_id, kind, effective_date, unit_id, status_after, payload, recorded_by)
        select id, 'admission', date '2024-03-10', unit_id, 'probationary', '{}'::jsonb, ${accountId}::bigint from m
        returning id, member_id, unit_id
      )
      insert into member_placements (member_id, unit_id, kind, valid_from, event_id)
      select member_id, unit_id, 'official', date '2024-03-10', id from e`.execute(tx);
    throw new RollBack();
  }).catch((error) => { if (!(error instanceof RollBack)) throw error; });
  const newSeconds = (performance.now() - newStarted) / 1000;
  results.push({ name: 'floor of admissions: a new member, its event and its placement, set-based SQL alone (rolled back)', rows, seconds: newSeconds, eventsPerSecond: rows / newSeconds });
  return results;
}

class RollBack extends Error {}

/** Runs the measurement alone, `--runs` times on the same database, and prints each figure beside the floors. */
async function runBulkCommandsOnly(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } }, strict: true });
  const rows = Number(values.rows ?? 1_000);
  const runs = Number(values.runs ?? 3);
  const externalUrl = process.env.BENCH_DATABASE_URL || undefined;
  const dataDir = path.resolve('.bench', 'bulk-commands');
  const engine = await startEngine({ databaseUrl: externalUrl, dataDir, database: 'cellbase_bulk_commands', log: () => {} });
  await migrate(engine.url, () => {}, { applicationRole: applicationRoleOf(engine) });
  const db = createDb(engine.url, { max: 4, applicationName: 'cellbase bench bulk commands' });
  try {
    for (let run = 1; run <= runs; run++) {
      const results = await measureBulkCommands(db, rows);
      process.stdout.write(`run ${run}: ${results.map((row) => `${row.name.split(':')[0].replace(/^bulk /, '')} ${Math.round(row.eventsPerSecond).toLocaleString('en-US')}`).join(' / ')} events/s\n`);
    }
  } finally {
    await db.destroy();
    await engine.stop();
    if (!externalUrl) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runBulkCommandsOnly();
