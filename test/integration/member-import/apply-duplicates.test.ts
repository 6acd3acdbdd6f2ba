/**
 * The apply does not look the duplicates up again before writing (the members' unique indexes refuse them): a citizen
 * ID another member took between validation and apply is caught while writing and reported with the codes
 * validation uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from './helpers.ts';

describe('a duplicate that appears between validation and apply', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Trùng');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function validatedJob(takenId: string) {
    const rows = [
      personCells({ name: 'Đỗ Văn Trước', unitCode: home.cellA.code, citizenId: takenId }),
      personCells({ name: 'Đỗ Văn Sau', unitCode: home.cellB.code }),
    ];
    const job = await uploadAndValidate(officer, home.commune.id, 'trung.csv', csvFile(rows));
    expect(job).toMatchObject({ status: 'validated', validRows: 2, invalidRows: 0 });
    return job;
  }

  async function problemsOf(jobId: number) {
    const rows = (await officer.get(`/api/member-import/jobs/${jobId}/rows`)).json().items as { rowNumber: number; problems: { code: string }[]; memberId: number | null }[];
    return rows.map((row) => ({ rowNumber: row.rowNumber, codes: row.problems.map((problem) => problem.code), applied: row.memberId !== null }));
  }

  it('valid_only: the other rows are written, the row is reported as citizen_id_exists', async () => {
    const takenId = validCitizenId('male', '1985-06-15');
    const job = await validatedJob(takenId);
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Người Đến Trước', sex: 'male', birthDate: '1985-06-15', citizenId: takenId });
    expect((await applyJob(officer, job as never, 'valid_only')).statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 1, validRows: 1, invalidRows: 1 });
    expect(await problemsOf(job.id)).toEqual([
      { rowNumber: 2, codes: ['citizen_id_exists'], applied: false },
      { rowNumber: 3, codes: [], applied: true },
    ]);
    const journal = await ctx.db.selectFrom('journal').select('after').where('action', '=', 'member.import_batch').where('object_id', '=', String(job.id)).execute();
    expect(journal.map((entry) => (entry.after as { rows: number[] }).rows)).toEqual([[3]]);
  });

  it('all: nothing is written, the job fails with IMPORT_HAS_INVALID_ROWS and the row is reported', async () => {
    const takenId = validCitizenId('male', '1985-06-15');
    const job = await validatedJob(takenId);
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Người Đến Trước', sex: 'male', birthDate: '1985-06-15', citizenId: takenId });
    const before = await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect((await applyJob(officer, job as never, 'all')).statusCode).toBe(202);
    const failed = await waitForJob(officer, job.id);
    expect(failed).toMatchObject({ status: 'failed', appliedRows: 0, validRows: 1, invalidRows: 1, error: { code: 'IMPORT_HAS_INVALID_ROWS', details: { invalidRows: 1, validRows: 1 } } });
    const after = await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await problemsOf(job.id)).toEqual([
      { rowNumber: 2, codes: ['citizen_id_exists'], applied: false },
      { rowNumber: 3, codes: [], applied: false },
    ]);
    // The failed apply may be retried with the good rows only.
    expect((await applyJob(officer, failed as never, 'valid_only')).statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 1 });
  });
});
