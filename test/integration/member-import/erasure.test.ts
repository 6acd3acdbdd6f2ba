/**
 * An ended import's staged rows and file are copies of personal data: erased by the daily `import-erasure`
 * `IMPORT_KEEP_DAYS` after the job ended (or was last touched), journaled by the system; the job stays with its
 * counts and the members written stay in the registry. Reads of an erased job's rows answer 410 with the day, in the
 * caller's language; a job still working, or ended recently, is left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { runDueJobs } from '../../../src/kernel/index.ts';
import { addDays, todayInVietnam } from '../../../src/lib/dates.ts';
import { areas } from '../../../src/modules/index.ts';
import { IMPORT_KEEP_DAYS } from '../../../src/contracts/member-import.ts';
import { applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from './helpers.ts';

describe('erasing ended imports', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;
  const dailyJobs = areas.flatMap((area) => ('dailyJobs' in area ? area.dailyJobs ?? [] : []))
    .filter((job) => job.key === 'import-erasure');

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Xoa');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function stagedCounts(jobId: number) {
    const rows = await sql<{ rows: number; parts: number }>`
      select (select count(*) from member_import_rows where job_id = ${jobId})::int as rows,
             (select count(*) from member_import_file_parts where job_id = ${jobId})::int as parts`.execute(ctx.db);
    return rows.rows[0];
  }

  async function endedDaysAgo(jobId: number, days: number) {
    await sql`update member_import_jobs set updated_at = now() - make_interval(days => ${days}),
      finished_at = case when finished_at is null then null else now() - make_interval(days => ${days}) end where id = ${jobId}`.execute(ctx.db);
  }

  it('erases the rows and file of jobs ended long ago, keeps the job, the members and recent jobs, and says so on read', async () => {
    expect(dailyJobs).toHaveLength(1);
    const applied = await uploadAndValidate(officer, home.commune.id, 'cu.csv', csvFile([
      personCells({ name: 'Xoa Một', unitCode: home.cellA.code }),
      personCells({ name: 'Xoa Hai', unitCode: 'KHONG-CO' }),
    ]));
    expect((await applyJob(officer, applied as { id: number; rowVersion: number }, 'valid_only')).statusCode).toBe(202);
    const appliedView = await waitForJob(officer, applied.id);
    expect(appliedView).toMatchObject({ status: 'applied', appliedRows: 1 });
    const memberId = (await officer.get(`/api/member-import/jobs/${applied.id}/rows`)).json().items.find((row: { isValid: boolean }) => row.isValid).memberId;
    const abandoned = await uploadAndValidate(officer, home.commune.id, 'bo-do.csv', csvFile([personCells({ name: 'Xoa Ba', unitCode: home.cellA.code })]));
    const recent = await uploadAndValidate(officer, home.commune.id, 'moi.csv', csvFile([personCells({ name: 'Xoa Bốn', unitCode: home.cellA.code })]));
    expect(await stagedCounts(applied.id)).toEqual({ rows: 2, parts: 1 });

    await endedDaysAgo(applied.id, IMPORT_KEEP_DAYS + 1);
    await endedDaysAgo(abandoned.id, IMPORT_KEEP_DAYS + 2);
    await endedDaysAgo(recent.id, IMPORT_KEEP_DAYS - 1);

    const today = todayInVietnam();
    expect(await runDueJobs(ctx.db, dailyJobs, today)).toEqual({ 'import-erasure': 2 });
    // Once a day: a second run the same day does nothing.
    expect(await runDueJobs(ctx.db, dailyJobs, today)).toEqual({});

    expect(await stagedCounts(applied.id)).toEqual({ rows: 0, parts: 0 });
    expect(await stagedCounts(abandoned.id)).toEqual({ rows: 0, parts: 0 });
    expect(await stagedCounts(recent.id)).toEqual({ rows: 1, parts: 1 });

    // The job stays, with its counts; the member written stays in the registry.
    const job = (await officer.get(`/api/member-import/jobs/${applied.id}`)).json();
    expect(job).toMatchObject({ status: 'applied', appliedRows: 1, validRows: 1, invalidRows: 1, filename: 'cu.csv' });
    expect(typeof job.erasedAt).toBe('string');
    expect((await officer.get(`/api/members/${memberId}`)).statusCode).toBe(200);
    expect((await officer.get(`/api/member-import/jobs/${recent.id}`)).json().erasedAt).toBeNull();

    // Every read of the rows, the report, a lookup, the keys, a validation or an apply: 410 with the day, in each language.
    for (const url of [`/rows`, `/rows?invalidOnly=true`, `/report.xlsx`, `/rows/lookup?key=citizenId&value=1`, `/rows/keys?key=citizenId`]) {
      const response = await officer.get(`/api/member-import/jobs/${applied.id}${url}`);
      expect(response.statusCode, url).toBe(410);
      expect(response.json().error.code).toBe('IMPORT_JOB_ERASED');
      expect(response.json().error.message).toContain(`sau ${IMPORT_KEEP_DAYS} ngày`);
    }
    const english = await officer.request('GET', `/api/member-import/jobs/${abandoned.id}/rows`, undefined, { 'x-locale': 'en' });
    expect(english.statusCode).toBe(410);
    expect(english.json().error.message).toMatch(/^This import's file and rows were erased on \d\d\/\d\d\/\d{4}, 30 days after/);
    const abandonedView = (await officer.get(`/api/member-import/jobs/${abandoned.id}`)).json();
    const revalidate = await officer.post(`/api/member-import/jobs/${abandoned.id}/validate`, { mapping: abandonedView.mapping, expectedRowVersion: abandonedView.rowVersion });
    expect(revalidate.statusCode).toBe(410);
    const reapply = await officer.post(`/api/member-import/jobs/${abandoned.id}/apply`, { mode: 'all', expectedRowVersion: abandonedView.rowVersion });
    expect(reapply.statusCode).toBe(410);

    // Journaled by the system, one entry a job, with what was erased.
    const entries = await sql<{ object_id: string; account_id: number | null; after: { stagedRows: number; status: string } }>`
      select object_id, account_id, after from journal where action = 'member_import.erase' order by object_id::bigint`.execute(ctx.db);
    expect(entries.rows).toEqual([
      { object_id: String(applied.id), account_id: null, after: expect.objectContaining({ stagedRows: 2, status: 'applied', filename: 'cu.csv', keptDays: IMPORT_KEEP_DAYS }) },
      { object_id: String(abandoned.id), account_id: null, after: expect.objectContaining({ stagedRows: 1, status: 'validated' }) },
    ]);

    // The recent job is erased in its turn, and a job being worked on never is.
    await sql`update member_import_jobs set status = 'validating', heartbeat_at = now() where id = ${recent.id}`.execute(ctx.db);
    expect(await runDueJobs(ctx.db, dailyJobs, addDays(today, 2))).toEqual({ 'import-erasure': 0 });
    await sql`update member_import_jobs set status = 'validated', heartbeat_at = null where id = ${recent.id}`.execute(ctx.db);
    expect(await runDueJobs(ctx.db, dailyJobs, addDays(today, 3))).toEqual({ 'import-erasure': 1 });
    expect(await stagedCounts(recent.id)).toEqual({ rows: 0, parts: 0 });
  });
});
