/**
 * A member's status "since" after an import is when the status began (the official date, the start of probation),
 * not the day of the import (issue 10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from './helpers.ts';

describe('status since, after an import', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Từ Ngày');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  it('is the official date for an official member and the start of probation for a probationary one', async () => {
    const file = csvFile([
      personCells({ name: 'Lê Văn Chính', unitCode: home.cellA.code, admitted: '03/02/2010', official: '03/02/2011' }),
      personCells({ name: 'Phạm Thị Dự', sex: 'Nữ', unitCode: home.cellA.code, admitted: '19/05/2026', official: '' }),
    ]);
    const job = await uploadAndValidate(officer, home.cellA.id, 'tu-ngay.csv', file);
    expect(job).toMatchObject({ status: 'validated', validRows: 2, invalidRows: 0 });
    expect((await applyJob(officer, job as never, 'all')).statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 2 });

    const rows = await ctx.db.selectFrom('members').select(['id', 'full_name']).where('unit_id', '=', home.cellA.id).execute();
    const idOf = (name: string) => rows.find((row) => row.full_name === name)!.id;
    const official = (await officer.get(`/api/members/${idOf('Lê Văn Chính')}`)).json();
    expect(official.record).toMatchObject({ status: 'official', officialDate: '2011-02-03', statusSince: '2011-02-03' });
    const probationary = (await officer.get(`/api/members/${idOf('Phạm Thị Dự')}`)).json();
    expect(probationary.record).toMatchObject({ status: 'probationary', statusSince: '2026-05-19' });
  });
});
