import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

describe('the member\u2019s record sheet (PDF)', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;
  let memberId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Cẩm Phả');
    const other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tỉnh khác');
    officer = await signIn(ctx.app, ...(await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id }).then((a) => [a.username, a.password] as const)));
    outsider = await signIn(ctx.app, ...(await createAccount(ctx.db, { role: 'org_officer', unitId: other.province.id }).then((a) => [a.username, a.password] as const)));
    memberId = (await registerTestMember(ctx.db, ctx.rootUnitId, {
      unitId: home.cellA.id, fullName: 'Nguyễn Thị Hồng Nhung', birthDate: '1985-06-15', admissionDate: '2010-02-03', officialDate: '2011-02-03', effectiveDate: '2020-01-01',
    })).id;
  });
  afterAll(async () => { await ctx.close(); });

  it('prints identity, party dates and the unit with its place in the party layout', async () => {
    const response = await officer.get(`/api/members/${memberId}/record-sheet`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPages(response.rawPayload)).join('\n').replace(/\s+/g, ' ');
    const [year, month, day] = todayInVietnam().split('-');
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain(`Cẩm Phả, ngày ${day} tháng ${Number(month) <= 2 ? month : Number(month)} năm ${year}`);
    expect(text).toContain('ĐẢNG BỘ CƠ SỞ CẨM PHẢ');
    expect(text).toContain('CHI BỘ CẨM PHẢ 1');
    expect(text).toContain('PHIẾU THÔNG TIN ĐẢNG VIÊN');
    expect(text).toContain('Họ và tên: Nguyễn Thị Hồng Nhung');
    expect(text).toContain('Ngày sinh: 15/06/1985');
    expect(text).toContain('Ngày vào Đảng: 03/02/2010');
    expect(text).toContain('Chi bộ: Chi bộ Cẩm Phả 1 · Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
    expect(text).toContain('T/M CHI BỘ');
    expect(text).toContain('BÍ THƯ');
  });

  it('a member outside the caller\u2019s scope is 404, like a missing one', async () => {
    expect((await outsider.get(`/api/members/${memberId}/record-sheet`)).statusCode).toBe(404);
    expect((await officer.get('/api/members/999999999/record-sheet')).statusCode).toBe(404);
  });
});
