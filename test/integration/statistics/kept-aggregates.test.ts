/**
 * The kept aggregates of the members' statistics (migration 0032) equal the count over the raw history, for every
 * unit, date, period and dimension tried: after registrations, admissions, a transfer, a removal, a restructuring and
 * its undo, a late entry dated before a built checkpoint, a field change and a birthday crossing a band; and a
 * rebuild from the raw history writes the same sums the folds kept. The moves across a unit's boundary are kept too
 * (migration 0040), and recomputed when the tree changes under them. Writers only queue their members (migration
 * 0038): a read folds the queue first, two folds at once never fold a member twice, and the server's background
 * task empties the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { admitTestMember, registerTestMember } from '../../helpers/member-factories.ts';
import { person, recordMemberStory } from './member-story.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import type { StatisticsRow, StatisticsSource } from '../../../src/http/context.ts';
import {
  checkpointMemberStatistics, DELTAS_PAST_CHECKPOINT_MARK, foldAllMemberStatistics, foldMemberStatistics, memberStatistics, memberStatisticsFromRaw, pendingMemberStatistics,
  rebuildMemberStatistics,
} from '../../../src/modules/members/statistics.ts';
import { area as membersArea } from '../../../src/modules/members/area.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { inTransaction, startBackgroundTasks } from '../../../src/kernel/index.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

const ALL = systemScope('test: kept aggregates against the raw history');
const DIMS = ['sex', 'ageBand', 'ethnicity', 'minority', 'religion', 'believer', 'educationLevel', 'professionalLevel', 'theoryLevel', 'occupation'];
const DATES = ['2015-06-01', '2016-01-01', '2019-12-31', '2020-03-10', '2020-04-02', '2021-03-15', '2021-05-01', '2022-01-01', '2023-01-01', '2024-06-30', '2025-12-31'];
// Years (two checkpoints of the flows, migration 0043), periods from and to the middle of a month, and one within a month.
const PERIODS = [['2016-01-01', '2016-12-31'], ['2020-01-01', '2020-12-31'], ['2021-01-01', '2022-12-31'], ['2015-01-01', '2025-12-31'],
  ['2020-03-10', '2021-04-30'], ['2019-12-31', '2023-02-14'], ['2021-05-03', '2021-05-20']];

const sorted = (rows: StatisticsRow[]) => rows.map((row) => `${row.measure}|${row.by ?? '-'}|${row.value}|${row.unitId}|${row.count}`).sort();

describe('kept aggregates of the members\' statistics', () => {
  let world: OrgWorld;
  const units: Record<string, number> = {};
  const ids: Record<string, number> = {};

  /** Every figure of every unit, as the kept aggregates answer it and as the raw history does: they must be equal. */
  async function compareAll(label: string) {
    const { db } = world.ctx;
    const answer = async (source: StatisticsSource) => {
      const out: Record<string, string[]> = {};
      for (const unitId of Object.values(units)) {
        for (const date of DATES) {
          const established = await sql<{ n: number }>`select count(*)::int as n from org_unit_versions where unit_id = ${unitId} and valid_from <= ${date} and voided_by_batch_id is null`.execute(db);
          if (established.rows[0].n === 0) continue;
          out[`${unitId} ${date} each`] = sorted(await source.stocksByEach!(db, { unitId, scope: ALL, by: null, children: false }, date, DIMS));
          out[`${unitId} ${date} children`] = sorted(await source.stocks(db, { unitId, scope: ALL, by: null, children: true }, date));
          out[`${unitId} ${date} children by sex`] = sorted(await source.stocks(db, { unitId, scope: ALL, by: 'sex', children: true }, date));
          // The headcount reads the kept aggregates above the cells: it must say what the raw stocks say.
          if (source === memberStatistics) {
            const count = await headcountOfUnit(db, unitId, date, ALL);
            out[`${unitId} ${date} headcount`] = [`${count.probationary}|${count.official}|${count.exempted}|${count.total}`];
          } else {
            const rows = await source.stocks(db, { unitId, scope: ALL, by: null, children: false }, date);
            const n = (status: string) => rows.find((row) => row.measure === status && row.value === null && row.unitId === null)?.count ?? 0;
            out[`${unitId} ${date} headcount`] = [`${n('probationary')}|${n('official')}|${n('exempted')}|${n('probationary') + n('official') + n('exempted')}`];
          }
        }
        for (const [from, to] of PERIODS) {
          out[`${unitId} ${from}..${to} each`] = sorted(await source.flowsByEach!(db, { unitId, scope: ALL, by: null, children: false }, from, to, [...DIMS, 'source']));
          out[`${unitId} ${from}..${to} by source`] = sorted(await source.flows!(db, { unitId, scope: ALL, by: 'source', children: false }, from, to));
        }
      }
      return out;
    };
    expect({ label, figures: await answer(memberStatistics) }).toEqual({ label, figures: await answer(memberStatisticsFromRaw) });
  }

  /** The deltas the triggers kept, summed per key, against those a rebuild from the raw history writes. */
  async function sums() {
    const rows = await sql<{ k: string }>`
      select unit_id || '|' || on_date || '|' || measure || '|' || dim || '|' || coalesce(value, '-') || '|' || sum(delta) as k
      from statistics_member_deltas group by unit_id, on_date, measure, dim, value having sum(delta) <> 0 order by 1`.execute(world.ctx.db);
    return rows.rows.map((row) => row.k);
  }

  beforeAll(async () => {
    world = await createOrgWorld();
    const { db, rootUnitId } = world.ctx;
    // Kept from here on: built (empty) before the story, so the triggers keep every fact the story records.
    await rebuildMemberStatistics(db);
    await recordMemberStory(world, units, ids, 'Tỉnh Tổng Hợp', async () => {
      // A grassroots committee with a cell under it: the cell's own rows are not kept, the committee's are.
      units.gc = await world.establish({ parentId: units.south, kind: 'grassroots_committee', name: 'Đảng bộ Cơ sở Bốn', sector: 'agency', date: '2015-01-01' });
      units.cell = await world.establish({ parentId: units.gc, kind: 'cell', name: 'Chi bộ trực thuộc Năm', date: '2015-01-01' });
      ids.g = (await registerTestMember(db, rootUnitId, { unitId: units.cell, ...person('Vũ Thị Giang', 'female', '1985-12-31', { occupation: 'teacher' }), admissionDate: '2010-01-01', officialDate: '2011-01-01', effectiveDate: '2016-01-01' })).id;
      // Admitted in that cell, which has no sector of its own: the source is the committee's (migration 0046).
      ids.k = (await admitTestMember(db, rootUnitId, { unitId: units.cell, decisionDate: '2020-06-01', ...person('Đỗ Văn Khang', 'male', '1998-09-09', { occupation: 'teacher' }) })).id;
    });
  });
  afterAll(async () => { await world?.close(); });

  /** A transaction of its own that runs `statement` and stays open (holding what it took) until released. */
  async function holdOpen(statement: RawBuilder<unknown>): Promise<{ release: () => Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let onHeld!: () => void;
    const held = new Promise<void>((resolve) => { onHeld = resolve; });
    const open = inTransaction(world.ctx.db, async (tx) => {
      await statement.execute(tx);
      onHeld();
      await released;
    });
    await Promise.race([held, open]);
    return { release: async () => { release(); await open; } };
  }

  /** Until another session running `statement` waits as `wait` says (a lock held by `holdOpen`). */
  async function waitingOn(wait: RawBuilder<unknown>, statement: string): Promise<void> {
    for (let polls = 0; polls < 1_200; polls++) {
      const waiting = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where ${wait} and query like ${`%${statement}%`} and pid <> pg_backend_pid()`.execute(world.ctx.db);
      if (waiting.rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${statement} never waited`);
  }

  /** The kept rows as they stand: facts and deltas counted. */
  async function keptRows() {
    const rows = await sql<{ facts: number; deltas: number }>`
      select (select count(*) from statistics_member_facts)::int as facts, (select count(*) from statistics_member_deltas)::int as deltas`.execute(world.ctx.db);
    return rows.rows[0];
  }

  it('a write only queues its members; a read folds the queue first and answers exactly', async () => {
    const { db } = world.ctx;
    // The story's writes left their members queued: no fact, and no delta of a member, kept yet.
    expect(await pendingMemberStatistics(db)).toBe(Number((await sql<{ n: number }>`select count(*)::int as n from members`.execute(db)).rows[0].n));
    expect((await keptRows()).facts).toBe(0);
    const before = await keptRows();
    // A read from the kept aggregates folds them, then answers as the raw history does.
    const ask = { unitId: units.province, scope: ALL, by: null, children: true };
    const raw = sorted(await memberStatisticsFromRaw.stocks(db, ask, '2024-06-30'));
    expect(sorted(await memberStatistics.stocks(db, ask, '2024-06-30'))).toEqual(raw);
    expect(await pendingMemberStatistics(db)).toBe(0);
    const after = await keptRows();
    expect(after.facts).toBeGreaterThan(0);
    expect(after.deltas).toBeGreaterThan(before.deltas);
  });

  /** The moves kept (migration 0040), by measure. */
  async function keptMoves() {
    const rows = await sql<{ measure: string; n: number }>`select measure, count(*)::int as n from statistics_member_moves group by 1 order by 1`.execute(world.ctx.db);
    return Object.fromEntries(rows.rows.map((row) => [row.measure, row.n]));
  }

  it('every figure equals the raw count after registrations, an admission, a transfer, a removal and a move', async () => {
    // The transfer's two sides and the cell moved by restructuring are kept as moves, not counted raw on each read.
    expect(await keptMoves()).toMatchObject({ transferredIn: expect.any(Number), transferredOut: expect.any(Number), restructuredIn: expect.any(Number), restructuredOut: expect.any(Number) });
    await compareAll('as recorded');
    // Admitted by source: the student by occupation, Khang by the sector of the grassroots committee of his cell.
    const bySource = await memberStatistics.flows!(world.ctx.db, { unitId: units.province, scope: ALL, by: 'source', children: false }, '2020-01-01', '2020-12-31');
    expect(bySource.filter((row) => row.measure === 'admitted' && row.value !== null).map((row) => [row.value, row.count]).sort()).toEqual([['agency', 1], ['student', 1]]);
    // The checkpoints change nothing the reads answer: the stocks' and the flows' (the units kept by every dimension).
    await checkpointMemberStatistics(world.ctx.db);
    const flowCheckpoints = await sql<{ units: number[] }>`select array_agg(distinct unit_id)::int[] as units from statistics_member_flow_checkpoints`.execute(world.ctx.db);
    expect(flowCheckpoints.rows[0].units).toEqual(expect.arrayContaining([world.ctx.rootUnitId, units.province]));
    await compareAll('after the checkpoints');
  });

  it('stays equal after an undo of restructuring, a late entry before the checkpoints and a change of the record', async () => {
    const { db, rootUnitId } = world.ctx;
    await checkpointMemberStatistics(db);
    // The cell Một (three members) moved to the south in 2023, then the move undone: its stock returns to where it was.
    const movesBefore = await keptMoves();
    const moved = await world.apply({ operation: 'move', effectiveDate: '2023-01-01', unitIds: [units.c1], newParentId: units.south });
    await compareAll('after a move');
    // The cell's members moved with it: queued by the change of the tree, their moves recomputed by the fold.
    expect((await keptMoves()).restructuredIn).toBe(movesBefore.restructuredIn + 3);
    const undo = await world.admin.post(`/api/orgs/batches/${moved.batch.id}/undo`, { reason: 'Quyết định bị thu hồi' });
    expect(undo.statusCode, undo.body).toBe(201);
    await compareAll('after the undo');
    expect(await keptMoves()).toEqual(movesBefore);
    // A member entered today with a history from 2016, before every checkpoint.
    ids.h = (await registerTestMember(db, rootUnitId, { unitId: units.c3, ...person('Đinh Văn Hòa', 'male', '1995-06-15'), admissionDate: '2015-06-01', officialDate: '2016-06-01', effectiveDate: '2016-01-01' })).id;
    // The record corrected: the sex and the ethnicity as the record holds them now.
    await db.updateTable('members').set({ sex: 'female', ethnicity: '05', birth_date: '1991-03-01' }).where('id', '=', ids.b).execute();
    await compareAll('after a late entry and a correction');
    const kept = await sums();
    expect(kept.length).toBeGreaterThan(100);
    await rebuildMemberStatistics(db);
    expect(await sums()).toEqual(kept);
    await compareAll('after a rebuild');
  });

  it('two folds at once never fold a member twice', async () => {
    const { db, rootUnitId } = world.ctx;
    const before = await keptRows();
    const people = ['Lê Văn An', 'Trần Thị Bình', 'Phạm Văn Cường', 'Ngô Thị Dung', 'Hồ Văn Em', 'Đỗ Thị Phương'];
    for (const [index, name] of people.entries()) {
      ids[`fold${index}`] = (await registerTestMember(db, rootUnitId, {
        unitId: index % 2 === 0 ? units.c3 : units.cell, ...person(name, index % 2 === 0 ? 'male' : 'female', `19${80 + index}-0${1 + index}-1${index}`),
        admissionDate: '2012-05-01', officialDate: '2013-05-01', effectiveDate: '2019-01-01',
      })).id;
    }
    // Queued by the writes, nothing kept by them.
    expect(await pendingMemberStatistics(db)).toBe(people.length);
    expect(await keptRows()).toEqual(before);
    // One fold holds two members in a transaction still open; another, on its own connection, takes the others only.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let first = 0;
    let firstTook!: () => void;
    const took = new Promise<void>((resolve) => { firstTook = resolve; });
    const open = db.transaction().execute(async (trx) => {
      first = await foldMemberStatistics(trx, 2);
      firstTook();
      await held;
    });
    await took;
    expect(first).toBe(2);
    expect(await foldMemberStatistics(db, 100)).toBe(people.length - 2);
    // A read waits for the fold under way (it would otherwise miss what that fold writes), then answers exactly.
    const ask = { unitId: units.south, scope: ALL, by: null, children: false };
    const read = memberStatistics.stocks(db, ask, '2024-06-30');
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await open;
    expect(sorted(await read)).toEqual(sorted(await memberStatisticsFromRaw.stocks(db, ask, '2024-06-30')));
    await compareAll('after two folds at once');
    // Every member queued again and folded by two folders side by side, a member at a time: nothing added twice.
    const kept = await sums();
    await sql`update members set occupation = 'police' where id = any(${[ids.fold0, ids.fold3]}::bigint[])`.execute(db);
    await sql`insert into statistics_pending_members (member_id) select id from members on conflict do nothing`.execute(db);
    const [a, b] = await Promise.all([foldAllMemberStatistics(db, { batch: 1 }), foldAllMemberStatistics(db, { batch: 1 })]);
    expect(a + b).toBe(Number((await sql<{ n: number }>`select count(*)::int as n from members`.execute(db)).rows[0].n));
    expect(await pendingMemberStatistics(db)).toBe(0);
    expect(await sums()).not.toEqual(kept);
    await compareAll('after two folders side by side');
    await rebuildMemberStatistics(db);
    const rebuilt = await sums();
    await sql`insert into statistics_pending_members (member_id) select id from members on conflict do nothing`.execute(db);
    await Promise.all([foldAllMemberStatistics(db, { batch: 3 }), foldAllMemberStatistics(db, { batch: 2 })]);
    expect(await sums()).toEqual(rebuilt);
  });

  it('establishing a cell does not wait for a fold under way (migration 0039), and its members are kept exactly', async () => {
    const { db, rootUnitId } = world.ctx;
    ids.waiting = (await registerTestMember(db, rootUnitId, { unitId: units.cell, ...person('Vương Văn Chờ', 'male', '1979-02-03'), admissionDate: '2012-05-01', officialDate: '2013-05-01', effectiveDate: '2019-01-01' })).id;
    // A fold holds the lock (shared) in a transaction still open: a change of an existing cell would wait for it; the
    // cells a batch creates do not.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let holding!: () => void;
    const holds = new Promise<void>((resolve) => { holding = resolve; });
    const open = db.transaction().execute(async (trx) => {
      await foldMemberStatistics(trx, 1);
      holding();
      await held;
    });
    await holds;
    const started = Date.now();
    const established = world.establish({ parentId: units.gc, kind: 'cell', name: 'Chi bộ Mới Lập', date: '2024-01-02' });
    // It completes while the fold still holds the lock (a minute is only the bound of a wait that would never end).
    const finished = await Promise.race([established.then(() => 'established'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 60_000))]);
    release();
    await open;
    expect(finished, `established in ${Date.now() - started} ms`).toBe('established');
    units.fresh = await established;
    ids.fresh = (await registerTestMember(db, rootUnitId, { unitId: units.fresh, ...person('Lý Thị Mới', 'female', '1990-07-08'), admissionDate: '2024-03-01', officialDate: '2025-03-01', effectiveDate: '2024-03-01' })).id;
    await compareAll('after a cell established beside a fold, and a member placed in it');
  });

  it('the server\'s background task empties the queue', async () => {
    const { db, rootUnitId } = world.ctx;
    ids.late = (await registerTestMember(db, rootUnitId, { unitId: units.c3, ...person('Mai Văn Giàu', 'male', '1990-10-10'), admissionDate: '2018-01-01', officialDate: '2019-01-01', effectiveDate: '2020-01-01' })).id;
    await db.updateTable('members').set({ religion: 'buddhism' }).where('id', '=', ids.a).execute();
    expect(await pendingMemberStatistics(db)).toBe(2);
    const tasks = (membersArea.backgroundTasks ?? []).map((task) => ({ ...task, everyMs: 20 }));
    expect(tasks.map((task) => task.key)).toEqual(['statistics-fold']);
    const stop = startBackgroundTasks(db, tasks, (line) => { throw new Error(line); });
    try {
      for (let tries = 0; tries < 200 && await pendingMemberStatistics(db) > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await stop();
    }
    expect(await pendingMemberStatistics(db)).toBe(0);
    const kept = await sums();
    await rebuildMemberStatistics(db);
    expect(await sums()).toEqual(kept);
    await compareAll('after the background fold');
  });

  it('the daily job builds the checkpoints again once a month has begun since the last ones, and only then', async () => {
    const { db } = world.ctx;
    const job = membersArea.dailyJobs?.find((candidate) => candidate.key === 'statistics-checkpoints');
    expect(job).toBeDefined();
    const today = todayInVietnam();
    const [year, month] = today.split('-').map(Number);
    const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    const mark = async () => (await sql<{ built_at: string }>`select built_at::text from statistics_checkpoint_marks`.execute(db)).rows[0].built_at;
    await checkpointMemberStatistics(db);
    const built = await mark();
    // Built this month: nothing to do today.
    expect(await inTransaction(db, (tx) => job!.step(tx, today))).toBe(0);
    expect(await mark()).toBe(built);
    // On the first day of the next month the checkpoints are behind: built again, and the reads still exact.
    expect(await inTransaction(db, (tx) => job!.step(tx, nextMonth))).toBe(1);
    expect(await mark()).not.toBe(built);
    // Within the month, once as many deltas lie past the mark as a read should visit at most (deltas of 0 here, which
    // change no sum): built again.
    const rebuilt = await mark();
    await sql`insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
      select ${world.ctx.rootUnitId}::bigint, date '2020-01-01', 'official', '', null, 0 from generate_series(1, ${DELTAS_PAST_CHECKPOINT_MARK}::int)`.execute(db);
    expect(await inTransaction(db, (tx) => job!.step(tx, today))).toBe(1);
    expect(await mark()).not.toBe(rebuilt);
    expect(await inTransaction(db, (tx) => job!.step(tx, today))).toBe(0);
    await compareAll('after the daily job');
  });

  it('a build of the checkpoints runs beside the reads: it holds the folds\' lock only to fix its mark (0044)', async () => {
    const { db, rootUnitId } = world.ctx;
    const generation = async () => Number((await sql<{ g: string }>`select generation::text as g from statistics_checkpoint_marks`.execute(db)).rows[0].g);
    const before = await generation();
    // Another session holds the flows' checkpoints: the build stops there, its mark fixed, until it lets them go.
    const blocker = await holdOpen(sql`lock table statistics_member_flow_checkpoints in access exclusive mode`);
    const build = checkpointMemberStatistics(db);
    try {
      await waitingOn(sql`wait_event_type = 'Lock'`, 'statistics_checkpoint()');
      // Meanwhile the folds' lock is free: a read takes it at once and answers from the previous generation, exactly.
      expect((await sql<{ ready: boolean }>`select statistics_fold_for_read(2000) as ready`.execute(db)).rows[0].ready).toBe(true);
      const ask = { unitId: rootUnitId, scope: ALL, by: 'sex', children: false };
      expect(sorted(await memberStatistics.stocks(db, ask, '2024-06-30'))).toEqual(sorted(await memberStatisticsFromRaw.stocks(db, ask, '2024-06-30')));
      expect(await generation()).toBe(before);
    } finally {
      await blocker.release();
    }
    await build;
    expect(await generation()).toBeGreaterThan(before);
    // The previous generation is dropped by the next build, not this one: a read holding its mark still finds its rows.
    const generations = await sql<{ g: string }>`select distinct generation, generation::text as g from statistics_member_checkpoints order by 1`.execute(db);
    expect(generations.rows.map((row) => Number(row.g))).toEqual([before, await generation()]);
    await compareAll('after a build beside the reads');
  });

  it('a read waits for a change of the tree under way instead of counting raw (0044)', async () => {
    const { db } = world.ctx;
    // A change of a cell holds the folds' lock alone until it commits.
    const change = await holdOpen(sql`select pg_advisory_xact_lock(statistics_fold_lock())`);
    const ready = sql<{ ready: boolean }>`select statistics_fold_for_read(2000) as ready`.execute(db);
    try {
      await waitingOn(sql`wait_event = 'advisory'`, 'statistics_fold_for_read');
    } finally {
      await change.release();
    }
    expect((await ready).rows[0].ready).toBe(true);
  });

  it('a sector changed from a day before admissions already kept moves their source (0051)', async () => {
    const { db } = world.ctx;
    const admittedBySource = async (source: StatisticsSource) => (await source.flows!(db, { unitId: units.province, scope: ALL, by: 'source', children: false }, '2020-01-01', '2020-12-31'))
      .filter((row) => row.measure === 'admitted' && row.value !== null).map((row) => [row.value, row.count]).sort();
    expect(await admittedBySource(memberStatistics)).toEqual([['agency', 1], ['student', 1]]);
    // The committee's sector corrected from 2018, entered after Khang's admission of 2020 in its cell was kept.
    await world.apply({ operation: 'change_kind', effectiveDate: '2018-01-01', unitId: units.gc, kind: 'grassroots_committee', sector: 'enterprise_private' });
    expect(await admittedBySource(memberStatisticsFromRaw)).toEqual([['enterprise_private', 1], ['student', 1]]);
    expect(await admittedBySource(memberStatistics)).toEqual([['enterprise_private', 1], ['student', 1]]);
    // A grassroots cell's own sector changed the same way: what its closed version took back is what it had added.
    units.gcell = await world.establish({ parentId: units.south, kind: 'grassroots_cell', name: 'Chi bộ cơ sở Sáu', sector: 'agency', date: '2015-01-01' });
    await admitTestMember(db, world.ctx.rootUnitId, { unitId: units.gcell, decisionDate: '2021-03-01', ...person('Lý Văn Long', 'male', '1996-04-04', { occupation: 'farmer' }) });
    await foldAllMemberStatistics(db);
    await world.apply({ operation: 'change_kind', effectiveDate: '2019-01-01', unitId: units.gcell, kind: 'grassroots_cell', sector: 'public_service' });
    await compareAll('after two sectors changed before admissions kept');
    const kept = await sums();
    await rebuildMemberStatistics(db);
    expect(await sums()).toEqual(kept);
  });

});
