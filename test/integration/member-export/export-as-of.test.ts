/**
 * A member list exported or printed as of a date says each member's status on that date, as the list on the screen
 * does (`GET /api/members?asOf=…`), not the record's status today: a member exempted from activity in 2024 was
 * still "Chính thức" on a list of 2023 (before the fix, the file said "Miễn sinh hoạt"). The file is dated the day it
 * is made, with "Tính đến ngày …" for the list's date (before, the document was dated back to the list's date).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, systemActor, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { exemptMember } from '../../../src/modules/members/members.service.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';
import { readWorkbook, sheetRows } from '../member-import/helpers.ts';

describe('member export as of a date', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngày Xuất');
    const decisionId = await insertDecision(ctx.db, { signedOn: '2024-01-01', issuingUnitId: home.province.id });
    const exempted = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Lê Văn Miễn', effectiveDate: '2015-01-01' });
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Trần Thị Vẫn', effectiveDate: '2015-01-01', sex: 'female' });
    await inTransaction(ctx.db, (tx) => exemptMember(tx, systemActor(ctx.rootUnitId), exempted.id, { decisionId, effectiveDate: '2024-05-01', ground: 'age', expectedRowVersion: exempted.rowVersion }));
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  const statusOf = (rows: string[][], name: string) => {
    const header = rows.find((row) => row.includes('Diện đảng viên'))!;
    return rows.find((row) => row.includes(name))?.[header.indexOf('Diện đảng viên')];
  };

  it('gives the status on the list\u2019s date in .xlsx, CSV and PDF, as the list does', async () => {
    const list = (await officer.get(`/api/members?unitId=${home.province.id}&asOf=2023-06-30`)).json();
    expect(list.items.map((item: { fullName: string; status: string }) => [item.fullName, item.status]).sort())
      .toEqual([['Lê Văn Miễn', 'official'], ['Trần Thị Vẫn', 'official']]);

    const xlsx = await officer.get(`/api/member-export?unitId=${home.province.id}&asOf=2023-06-30`);
    expect(xlsx.statusCode).toBe(200);
    const rows = sheetRows((await readWorkbook(xlsx.rawPayload)).worksheets[0]);
    expect(statusOf(rows, 'Lê Văn Miễn')).toBe('Chính thức');
    // Dated the day it is made (not back-dated to 2023), with the list's date under it.
    const [year, month, day] = todayInVietnam().split('-');
    const madeOn = `ngày ${day} tháng ${Number(month) <= 2 ? month : Number(month)} năm ${year}`;
    expect(rows[2][0]).toContain(madeOn);
    expect(rows[3]).toEqual(['Tính đến ngày 30/06/2023']);
    expect(statusOf(rows, 'Trần Thị Vẫn')).toBe('Chính thức');

    const csv = await officer.get(`/api/member-export?unitId=${home.province.id}&asOf=2023-06-30&format=csv`);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','));
    expect(statusOf(lines, 'Lê Văn Miễn')).toBe('Chính thức');

    const pdf = await officer.get(`/api/member-export?unitId=${home.province.id}&asOf=2023-06-30&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await pdfPages(pdf.rawPayload)).join('\n');
    expect(text).toContain('Lê Văn Miễn');
    expect(text).not.toContain('Miễn sinh');
    expect(text).toContain(madeOn);
    expect(text).toContain('Tính đến ngày 30/06/2023');
    expect(text).not.toContain('năm 2023');

    // Today the same member is exempted, in the list and in the file.
    const today = sheetRows((await readWorkbook((await officer.get(`/api/member-export?unitId=${home.province.id}`)).rawPayload)).worksheets[0]);
    expect(statusOf(today, 'Lê Văn Miễn')).toBe('Miễn sinh hoạt');
    expect(today[3][0]).toBe('STT');
  });
});
