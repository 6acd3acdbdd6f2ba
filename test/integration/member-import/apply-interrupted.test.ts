/**
 * An apply whose process dies (issue 8, finding 9: after kill -9 at 40,000 rows the job read "applying, 40,000
 * applied" with nothing committed, refused a re-run for 5 minutes, then read "failed" still showing 40,000 applied).
 * The apply runs in a child process, held in its second batch by a lock the test takes on that batch's cell; the
 * child is killed there. The job must read failed with 0 applied as soon as the apply's session is gone, and apply
 * again at once.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { IMPORT_BATCH_ROWS } from '../../../src/modules/member-import/member-import.service.ts';
import { applyJob, csvFile, uploadAndValidate, waitForJob } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./apply-in-child.ts', import.meta.url));

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an apply whose process is killed', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;
  let accountId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngắt');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    accountId = account.id;
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function memberCount(): Promise<number> {
    const row = await ctx.db.selectFrom('members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('reads failed with 0 applied once the applying session is gone, and applies again at once', { timeout: 600_000 }, async () => {
    // The first batch in cell A, the rest in cell B: locking B's row holds the apply in its second batch.
    const rows: string[][] = [];
    for (let index = 0; index < IMPORT_BATCH_ROWS + 100; index++) {
      const cell = index < IMPORT_BATCH_ROWS ? home.cellA.code : home.cellB.code;
      rows.push([`Nguyễn Văn Ngắt ${index}`, 'Nam', '15/06/1985', `001085${String(index).padStart(6, '0')}`, 'Kinh', 'Không', 'Sơ cấp', cell, '03/02/2010', '03/02/2011']);
    }
    const job = await uploadAndValidate(officer, home.province.id, 'ngat.csv', csvFile(rows));
    expect(job).toMatchObject({ status: 'validated', validRows: rows.length });
    const before = await memberCount();

    let releaseCell!: () => void;
    const cellReleased = new Promise<void>((resolve) => { releaseCell = resolve; });
    let cellLocked!: () => void;
    const locked = new Promise<void>((resolve) => { cellLocked = resolve; });
    const holding = ctx.db.transaction().execute(async (trx) => {
      await sql`select id from org_units where id = ${home.cellB.id} for update`.execute(trx);
      cellLocked();
      await cellReleased;
    });
    await locked;

    const child = fork(CHILD, [ctx.ownerUrl, String(job.id), String(job.rowVersion), String(accountId)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      // Live: the first batch written in the open transaction, the second waiting on cell B.
      const applying = await waitUntil(async () => (await officer.get(`/api/member-import/jobs/${job.id}`)).json(),
        (view) => view.status === 'applying' && view.applyingRows >= IMPORT_BATCH_ROWS, 'the first batch');
      expect(applying).toMatchObject({ status: 'applying', appliedRows: 0, applyingRows: IMPORT_BATCH_ROWS });
      const busy = await applyJob(officer, applying, 'valid_only');
      expect(busy.json().error.code).toBe('IMPORT_JOB_BUSY');

      child.kill('SIGKILL');
      await exited;
    } finally {
      releaseCell();
      await holding;
    }

    // The killed session's statement ends when the lock is released; its transaction is rolled back.
    const failed = await waitUntil(async () => (await officer.get(`/api/member-import/jobs/${job.id}`)).json(),
      (view) => view.status !== 'applying', 'the dead apply to be noticed');
    expect(failed).toMatchObject({ status: 'failed', appliedRows: 0, applyingRows: 0, error: { details: { reason: 'interrupted' } } });
    expect(await memberCount()).toBe(before);

    const again = await applyJob(officer, failed, 'valid_only');
    expect(again.statusCode).toBe(202);
    const done = await waitForJob(officer, job.id);
    expect(done).toMatchObject({ status: 'applied', appliedRows: rows.length, applyingRows: 0 });
    expect(await memberCount()).toBe(before + rows.length);
  });
});
