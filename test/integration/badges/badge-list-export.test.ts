import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

const DAY = '2026-09-02';
const COUNT = 23;

/** "ngày 05 tháng 12 năm 2026" (36-HD/VPTW: months 3-9 without a leading 0). */
function inWords(date: string): string {
  const [year, month, day] = date.split('-');
  return `ngày ${day} tháng ${Number(month) <= 2 ? month : Number(month)} năm ${year}`;
}

describe('the badge list of a presentation day: whole, paged, exported and printed', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Cẩm Phả');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tỉnh khác');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
    // Admitted 15/06/1996: 30 years of party age by 2/9/2026.
    for (let index = 0; index < COUNT; index++) {
      const fullName = index === 0 ? 'Nguyễn Thị Hồng Nhung' : `Trần Văn Số ${String(index).padStart(2, '0')}`;
      await registerTestMember(ctx.db, ctx.rootUnitId, {
        unitId: index % 2 ? home.cellA.id : home.cellB.id, fullName, birthDate: '1970-01-01', admissionDate: '1996-06-15', officialDate: '1997-06-15', effectiveDate: '2020-01-01',
      });
    }
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: other.cellA.id, fullName: 'Người Tỉnh Khác', birthDate: '1970-01-01', admissionDate: '1996-06-15', officialDate: '1997-06-15', effectiveDate: '2020-01-01' });
  });
  afterAll(async () => { await ctx.close(); });

  it('pages through every row with the cursor: no row twice, none left out', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response = await officer.get(`/api/badges/due?presentationDate=${DAY}&limit=5${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.total).toBe(COUNT);
      seen.push(...body.items.map((item: { memberId: number }) => item.memberId));
      after = body.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(COUNT / 5));
    expect(new Set(seen).size).toBe(COUNT);
    const whole = (await officer.get(`/api/badges/due?presentationDate=${DAY}`)).json();
    expect(seen).toEqual(whole.items.map((item: { memberId: number }) => item.memberId));
    expect(whole.nextCursor).toBeNull();
    const bad = await officer.get(`/api/badges/due?presentationDate=${DAY}&after=nonsense`);
    expect(bad.statusCode).toBe(422);
  });

  it('exports the whole list to .xlsx with the title, the unit with its place, the date and STT 1..N', async () => {
    const response = await officer.get(`/api/badges/due/export?presentationDate=${DAY}&unitId=${home.grassroots.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cell = (row: number, column: number) => String(sheet.getRow(row).getCell(column).value ?? '');
    expect(cell(1, 1)).toBe('Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
    expect(cell(2, 1)).toBe('DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG');
    expect(cell(3, 1)).toBe('Đợt 02/09/2026');
    expect(cell(4, 1)).toBe(`Cẩm Phả, ${inWords(todayInVietnam())}`);
    expect([1, 2, 3, 4].map((column) => cell(5, column))).toEqual(['STT', 'Họ và tên', 'Ngày sinh', 'Chi bộ']);
    const numbers: string[] = [];
    for (let row = 6; row <= sheet.rowCount; row++) numbers.push(cell(row, 1));
    expect(numbers).toEqual(Array.from({ length: COUNT }, (_, index) => String(index + 1)));
    const names = Array.from({ length: COUNT }, (_, index) => cell(6 + index, 2));
    expect(names).toContain('Nguyễn Thị Hồng Nhung');
    expect(names).not.toContain('Người Tỉnh Khác');
    const nhung = 6 + names.indexOf('Nguyễn Thị Hồng Nhung');
    expect(cell(nhung, 4)).toBe('Chi bộ Cẩm Phả 2 · Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
    expect(cell(nhung, 7)).toBe('30 năm');
  });

  it('prints the list as a party document with the exact Vietnamese texts', async () => {
    const response = await officer.get(`/api/badges/due/export?presentationDate=${DAY}&unitId=${home.grassroots.id}&format=pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    // A cell of the table wraps over lines: the text is compared with its line breaks as spaces.
    const text = (await pdfPages(response.rawPayload)).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain(`Cẩm Phả, ${inWords(todayInVietnam())}`);
    expect(text).toContain('ĐẢNG BỘ XÃ CẨM PHẢ');
    expect(text).toContain('ĐẢNG BỘ CƠ SỞ CẨM PHẢ');
    expect(text).toContain('DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG');
    expect(text).toContain('Nguyễn Thị Hồng Nhung');
    expect(text).toContain('Chi bộ Cẩm Phả 2 · Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
    expect(text).toContain('T/M ĐẢNG ỦY');
    expect(text).toContain('BÍ THƯ');
    expect(text).toContain('Nơi nhận:');
    expect(text).not.toContain('Người Tỉnh Khác');
  });

  it('another subtree\u2019s unit is 404 for both formats; a day that is not a presentation day is refused', async () => {
    for (const format of ['xlsx', 'pdf']) {
      const response = await officer.get(`/api/badges/due/export?presentationDate=${DAY}&unitId=${other.cellA.id}&format=${format}`);
      expect(response.statusCode).toBe(404);
    }
    const notADay = await officer.get('/api/badges/due/export?presentationDate=2026-09-03');
    expect(notADay.statusCode).toBe(422);
    expect(notADay.json().error.code).toBe('BADGE_NOT_PRESENTATION_DAY');
  });
});
