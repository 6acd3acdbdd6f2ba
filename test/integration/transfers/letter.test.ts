/**
 * The transfer introduction letter (issue 10, item 5): a PDF in the party's layout, with Vietnamese text exactly
 * right, for the sending and the receiving side; out of both scopes it is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { addWorkingDays } from '../../../src/rules/working-days.ts';
import { formatVietnameseDate } from '../../../src/lib/dates.ts';

describe('the transfer introduction letter', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  let sender: ApiClient;
  let receiver: ApiClient;
  let outsider: ApiClient;
  let transferId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Cẩm Phả');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Hạ Long');
    const third = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài Cuộc');
    const login = async (role: 'org_officer' | 'cell_secretary', unitId: number) => {
      const account = await createAccount(ctx.db, { role, unitId });
      return signIn(ctx.app, account.username, account.password);
    };
    sender = await login('org_officer', north.province.id);
    receiver = await login('cell_secretary', south.grassroots.id);
    outsider = await login('org_officer', third.province.id);
    const member = await registerTestMember(ctx.db, ctx.rootUnitId, {
      unitId: north.cellA.id, fullName: 'Nguyễn Thị Hồng Nhung', sex: 'female', birthDate: '1984-09-02', hometown: 'Quảng Ninh',
      citizenId: validCitizenId('female', '1984-09-02'), admissionDate: '2010-03-01', officialDate: '2011-03-01',
    });
    const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01', number: '125-QĐ/ĐU' });
    const issued = await sender.post('/api/transfers', {
      memberId: member.id, kind: 'official', purpose: 'work', toUnitId: south.grassroots.id, decisionId, issuedOn: '2025-09-01', expectedRowVersion: member.rowVersion,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    transferId = issued.json().id;
  });
  afterAll(async () => { await ctx.close(); });

  it('prints the letter in the party\u2019s layout, diacritics exact, for the sending side and the receiving side', async () => {
    for (const client of [sender, receiver]) {
      const response = await client.get(`/api/transfers/${transferId}/letter`);
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.headers['content-type']).toContain('application/pdf');
      // Lines wrap where the page ends them: the text is read as one run of words.
      const text = (await pdfPages(response.rawPayload)).join('\n').replace(/\s+/g, ' ');
      expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      expect(text).toContain('GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG CHÍNH THỨC');
      expect(text).toContain('Nguyễn Thị Hồng Nhung');
      expect(text).toContain('02/09/1984');
      expect(text).toContain('Quảng Ninh');
      // The sending cell with where it is, the receiving unit with where it is, the decision and the deadline.
      expect(text).toContain('Chi bộ Cẩm Phả 1 · Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
      expect(text).toContain('Đảng bộ cơ sở Hạ Long · Đảng bộ xã Hạ Long');
      expect(text).toContain('125-QĐ/ĐU');
      expect(text).toContain(formatVietnameseDate(addWorkingDays('2025-09-01', 60)));
      // 36-HD/VPTW: a day under 10 and the months 1 and 2 take a leading zero, the other months none.
      expect(text).toContain('Cẩm Phả, ngày 01 tháng 9 năm 2025');
      expect(text).toContain('T/M CHI BỘ');
    }
  });

  it('is not found outside both sides\u2019 scopes, nor for a transfer that does not exist', async () => {
    expect((await outsider.get(`/api/transfers/${transferId}/letter`)).statusCode).toBe(404);
    expect((await sender.get('/api/transfers/999999999/letter')).statusCode).toBe(404);
  });
});
