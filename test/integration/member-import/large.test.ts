import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { applyJob, csvFile, readWorkbook, sheetRows, uploadAndValidate, waitForJob } from './helpers.ts';

const ROWS = 100_000;
const BAD_EVERY = 10_000;

/** A citizen ID for row i: Hà Nội, male, born in 1985, unique serial. */
function citizenIdOf(index: number): string {
  return `001085${String(index).padStart(6, '0')}`;
}

describe('a 100,000-row file', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Lớn');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  // A generous limit: the test asserts counts, never time, and shares the machine with other suites.
  it('validates every row, reports the bad ones, and applies the good ones in batches with their events and journal', { timeout: 900_000 }, async () => {
    const rows: string[][] = [];
    for (let index = 0; index < ROWS; index++) {
      const bad = index % BAD_EVERY === BAD_EVERY - 1;
      rows.push([
        `Nguyễn Văn Số ${index}`, 'Nam', '15/06/1985', citizenIdOf(index), index % 2 ? 'Kinh' : 'Tày', 'Không', 'Sơ cấp',
        index % 2 ? home.cellA.code : home.cellB.code, bad ? '31/13/2010' : '03/02/2010', '03/02/2011',
      ]);
    }
    const file = csvFile(rows);
    const job = await uploadAndValidate(officer, home.province.id, 'ca-tinh.csv', file);
    expect(job).toMatchObject({ status: 'validated', totalRows: ROWS, processedRows: ROWS, validRows: ROWS - ROWS / BAD_EVERY, invalidRows: ROWS / BAD_EVERY });

    const refused = await applyJob(officer, job as never, 'all');
    expect(refused.json().error.code).toBe('IMPORT_HAS_INVALID_ROWS');
    expect(Number((await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);

    const report = await officer.get(`/api/member-import/jobs/${job.id}/report.xlsx`);
    const reportRows = sheetRows((await readWorkbook(report.rawPayload)).worksheets[0]);
    expect(reportRows).toHaveLength(1 + ROWS / BAD_EVERY);
    expect(reportRows[1][0]).toBe(`Nguyễn Văn Số ${BAD_EVERY - 1}`);

    expect((await applyJob(officer, job as never, 'valid_only')).statusCode).toBe(202);
    const done = await waitForJob(officer, job.id);
    expect(done).toMatchObject({ status: 'applied', appliedRows: ROWS - ROWS / BAD_EVERY });

    const count = async (table: 'members' | 'member_events' | 'member_placements') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('members')).toBe(ROWS - ROWS / BAD_EVERY);
    expect(await count('member_events')).toBe(ROWS - ROWS / BAD_EVERY);
    expect(await count('member_placements')).toBe(ROWS - ROWS / BAD_EVERY);
    const byUnit = await ctx.db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll().as('n')]).groupBy('unit_id').orderBy('unit_id').execute();
    // The bad rows are all odd rows, which go to cell A.
    expect(byUnit.map((row) => [row.unit_id, Number(row.n)])).toEqual([[home.cellA.id, ROWS / 2 - ROWS / BAD_EVERY], [home.cellB.id, ROWS / 2]]);
    const batches = await ctx.db.selectFrom('journal').select(['unit_id', 'after']).where('action', '=', 'member.import_batch').where('object_id', '=', String(job.id)).execute();
    // 5,000 rows per batch, two cells in every batch: one entry per batch and cell, covering every member once.
    expect(batches).toHaveLength(2 * Math.ceil((ROWS - ROWS / BAD_EVERY) / 5_000));
    const journaled = batches.flatMap((entry) => (entry.after as { memberIds: number[] }).memberIds);
    expect(new Set(journaled).size).toBe(ROWS - ROWS / BAD_EVERY);

    // A load this large beside the empty registry was analyzed in its own transaction (migration 0052), by hand, not
    // by autovacuum: the planner knows the 90,000 members as soon as the job reads applied.
    const analyzed = async () => (await sql<{ relname: string; analyzes: string; reltuples: number }>`
      select s.relname, s.analyze_count::text as analyzes, c.reltuples from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.relname in ('members', 'member_events', 'member_placements') order by s.relname`.execute(ctx.db)).rows;
    await expect.poll(async () => (await analyzed()).map((row) => Number(row.analyzes) > 0)).toEqual([true, true, true]);
    for (const row of await analyzed()) expect(Math.abs(row.reltuples - (ROWS - ROWS / BAD_EVERY))).toBeLessThan(ROWS / 20);
    // A small load beside it analyzes nothing.
    const small = await sql<{ analyzed: boolean }>`select analyze_after_load('members', 1000) as analyzed`.execute(ctx.db);
    expect(small.rows[0].analyzed).toBe(false);

    // Two large loads at once: the second skips what the first is analyzing in its open transaction, and does not
    // wait for its commit (a wait would end in the lock timeout and fail this).
    await ctx.db.transaction().execute(async (first) => {
      expect((await sql<{ analyzed: boolean }>`select analyze_after_load('members', 1000000) as analyzed`.execute(first)).rows[0].analyzed).toBe(true);
      await ctx.db.transaction().execute(async (second) => {
        await sql`set local lock_timeout = '20s'`.execute(second);
        expect((await sql<{ analyzed: boolean }>`select analyze_after_load('members', 1000000) as analyzed`.execute(second)).rows[0].analyzed).toBe(true);
      });
    });

    // The same file again: each member it wrote now holds its citizen ID in the registry, found by the probes made
    // batch by batch as the rows were staged, in the first batch and the last alike.
    const again = await uploadAndValidate(officer, home.province.id, 'lan-hai.csv', file);
    expect(again).toMatchObject({ status: 'validated', totalRows: ROWS, validRows: 0, invalidRows: ROWS });
    const taken = await sql<{ row_number: number }>`select row_number from member_import_rows
      where job_id = ${again.id} and registry_errors @> '[{"code": "citizen_id_exists"}]'::jsonb order by row_number`.execute(ctx.db);
    expect(taken.rows).toHaveLength(ROWS - ROWS / BAD_EVERY);
    expect([taken.rows[0].row_number, taken.rows.at(-1)!.row_number]).toEqual([2, ROWS]); // the last row is a bad one, never written
  });
});
