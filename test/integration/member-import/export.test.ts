import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';
import { applyJob, csvFile, readWorkbook, sheetRows, uploadAndValidate, waitForJob } from './helpers.ts';

const COUNT = 2_500;

describe('member export', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Xuất');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Khác xuất');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.province.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);
    const rows: string[][] = [];
    for (let index = 0; index < COUNT; index++) {
      const female = index % 3 === 0;
      rows.push([
        `Người Số ${String(index).padStart(4, '0')}`, female ? 'Nữ' : 'Nam', '15/06/1985', `001${female ? 1 : 0}85${String(index).padStart(6, '0')}`, 'Tày', 'Không',
        'Trung cấp', index % 2 ? home.cellA.code : home.cellB.code, '03/02/2010', '03/02/2011',
      ]);
    }
    const job = await uploadAndValidate(officer, home.province.id, 'xuat.csv', csvFile(rows));
    await applyJob(officer, job as never, 'all');
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: COUNT });
  });
  afterAll(async () => { await ctx.close(); });

  it('streams the whole list as .xlsx, across pages, in the list\u2019s order, with a title, STT and the template\u2019s columns', async () => {
    const response = await officer.get('/api/member-export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const all = sheetRows((await readWorkbook(response.rawPayload)).worksheets[0]);
    // The title rows: the unit with its place, the title, the place and the date.
    const [year, month, day] = todayInVietnam().split('-');
    expect(all.slice(0, 3)).toEqual([
      ['Đảng bộ tỉnh Xuất'], ['DANH SÁCH ĐẢNG VIÊN'], [`Xuất, ngày ${day} tháng ${Number(month) <= 2 ? month : Number(month)} năm ${year}`],
    ]);
    expect(all[3].slice(0, 5)).toEqual(['STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD']);
    // STT 1..N for every member, across the export's pages (longer than one page of the API, 500).
    expect(all.slice(4).map((row) => row[0])).toEqual(Array.from({ length: COUNT }, (_, index) => String(index + 1)));
    const rows = all.slice(3).map((row) => row.slice(1));
    expect(rows[0].slice(0, 4)).toEqual(['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD']);
    expect(rows[0]).toContain('Tên chi bộ');
    expect(rows).toHaveLength(COUNT + 1);
    const header = rows[0];
    const first = rows[1];
    expect(first[header.indexOf('Dân tộc')]).toBe('Tày');
    expect(first[header.indexOf('Lý luận chính trị')]).toBe('Trung cấp');
    expect(first[header.indexOf('Ngày sinh')]).toBe('1985-06-15');
    expect(first[header.indexOf('Diện đảng viên')]).toBe('Chính thức');
    expect(first[header.indexOf('Số CCCD')]).toMatch(/^001[01]85\d{6}$/);
    const list = (await officer.get('/api/members?limit=3')).json().items.map((item: { fullName: string }) => item.fullName);
    expect(rows.slice(1, 4).map((row) => row[0])).toEqual(list);
  });

  it('applies the list\u2019s filters and scope; CSV on request', async () => {
    const response = await officer.get(`/api/member-export?format=csv&unitId=${home.cellA.id}&sex=female`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const text = response.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trim().split('\r\n');
    const expected = Array.from({ length: COUNT }, (_, index) => index).filter((index) => index % 2 === 1 && index % 3 === 0).length;
    expect(lines).toHaveLength(expected + 1);
    expect(lines.slice(1).every((line) => line.includes(',Nữ,15/06/1985,') && line.includes(home.cellA.code))).toBe(true);
    expect((await officer.get(`/api/member-export?unitId=${other.cellA.id}`)).statusCode).toBe(404);
    const none = await outsider.get('/api/member-export?format=csv');
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    const badRange = await officer.get('/api/member-export?birthYearFrom=1990&birthYearTo=1980');
    expect(badRange.statusCode).toBe(422);
    expect(badRange.json().error.code).toBe('DATE_RANGE_INVALID');
    expect((await officer.get('/api/member-export?format=doc')).statusCode).toBe(422);
  });

  it('an exported file maps back onto the import columns by itself', async () => {
    const exported = (await officer.get(`/api/member-export?unitId=${home.cellB.id}`)).rawPayload;
    const job = await uploadAndValidate(officer, home.province.id, 'xuat-lai.xlsx', exported);
    expect(job.proposedMapping).toMatchObject({ fullName: 1, sex: 2, birthDate: 3, citizenId: 4, unitCode: 14, admissionDate: 15, officialDate: 17, status: 18 });
    // Every row is a member already in the registry.
    expect(job).toMatchObject({ totalRows: COUNT / 2, validRows: 0, invalidRows: COUNT / 2 });
    const rows = (await officer.get(`/api/member-import/jobs/${job.id}/rows?limit=5`)).json().items;
    expect(rows.every((row: { problems: { code: string }[] }) => row.problems.map((problem) => problem.code).join() === 'citizen_id_exists')).toBe(true);
  });

  it('prints the filtered list as a party document: heading, place and date, the unit\u2019s place, every member with STT', async () => {
    const response = await officer.get(`/api/member-export?format=pdf&unitId=${home.cellA.id}&sex=female`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPages(response.rawPayload);
    const text = pages.join('\n');
    const [year, month, day] = todayInVietnam().split('-');
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain(`Xuất, ngày ${day} tháng ${Number(month) <= 2 ? month : Number(month)} năm ${year}`);
    expect(text).toContain('ĐẢNG BỘ CƠ SỞ XUẤT');
    expect(text).toContain('CHI BỘ XUẤT 1');
    expect(text).toContain('DANH SÁCH ĐẢNG VIÊN');
    expect(text).toContain('Chi bộ Xuất 1 · Đảng bộ cơ sở Xuất · Đảng bộ xã Xuất');
    expect(text).toContain('T/M CHI BỘ');
    expect(text).toContain('BÍ THƯ');
    expect(text).toContain('Nơi nhận:');
    const expected = Array.from({ length: COUNT }, (_, index) => index).filter((index) => index % 2 === 1 && index % 3 === 0);
    expect(text).toContain(`Người Số ${String(expected[0]).padStart(4, '0')}`);
    expect(text).toContain(`Người Số ${String(expected.at(-1)).padStart(4, '0')}`);
    // The header row repeats on every page, and the last STT is the number of members.
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.includes('Họ và tên') && page.includes('STT'))).toBe(true);
    expect(text).toMatch(new RegExp(`\\b${expected.length} Người Số ${String(expected.at(-1)).padStart(4, '0')}`));
  });

  it('a print of another unit\u2019s list is 404; an empty list still prints', async () => {
    expect((await officer.get(`/api/member-export?format=pdf&unitId=${other.cellA.id}`)).statusCode).toBe(404);
    const empty = await officer.get(`/api/member-export?format=pdf&unitId=${home.cellA.id}&q=${encodeURIComponent('không có ai')}`);
    expect(empty.statusCode).toBe(200);
    expect((await pdfPages(empty.rawPayload)).join('\n')).toContain('(0 đảng viên)');
  });
});
