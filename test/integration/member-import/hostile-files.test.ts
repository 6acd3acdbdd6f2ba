/**
 * Files made to hurt the server (issue 8, findings 1, 2, 5 and 8): a cell reference far to the right, a row number
 * past any sheet, parts that inflate a thousand times, a CSV a thousand columns wide, a job stored before the bounds.
 * Each is refused with its own code, stores nothing, and the server keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { csvFile, personCells, upload } from './helpers.ts';
import { SHEET_HEAD, SHEET_TAIL, deflatedRepeat, inlineCell, workbookOf } from './hostile-workbooks.ts';

const MB = 1024 * 1024;

/** The header of a member list in an .xlsx row, the second header at `farCell`. */
function farHeaderSheet(farCell: string): string {
  return `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'Họ và tên')}${inlineCell(farCell, 'Giới tính')}</row>${SHEET_TAIL}`;
}

describe('hostile spreadsheet uploads', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Độc');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function storedCounts() {
    const jobs = await ctx.db.selectFrom('member_import_jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const journal = await ctx.db.selectFrom('journal').select((eb) => eb.fn.countAll<string>().as('n')).where('object_type', '=', 'member_import_job').executeTakeFirstOrThrow();
    // The file's parts are written while it is checked, in the transaction a refusal rolls back.
    const parts = await ctx.db.selectFrom('member_import_file_parts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { jobs: Number(jobs.n), journal: Number(journal.n), parts: Number(parts.n) };
  }

  /** Uploads a file that must be refused with `code`; checks that nothing was stored and the server still answers. */
  async function expectRefused(filename: string, data: Buffer, code: string) {
    const before = await storedCounts();
    const [response, health] = await Promise.all([
      upload(officer, home.province.id, filename, data),
      officer.get('/api/health'),
    ]);
    expect(health.statusCode).toBe(200);
    expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 422, code });
    expect(response.json().error.message).toBeTruthy();
    expect(await storedCounts()).toEqual(before);
    expect((await officer.get('/api/health')).statusCode).toBe(200);
    return response.json().error;
  }

  it('refuses a header cell at column ZZZZZZZZ in a small .xlsx before sizing anything by it', async () => {
    const file = workbookOf(farHeaderSheet('ZZZZZZZZ1'));
    expect(file.length).toBeLessThan(2048);
    const body = await expectRefused('xa.xlsx', file, 'IMPORT_FILE_TOO_WIDE');
    expect(body.details).toMatchObject({ maxColumns: 256 });
  });

  it('refuses a value in column 257 of an .xlsx, but reads a file whose far cells are only empty styled cells', async () => {
    await expectRefused('xa.xlsx', workbookOf(farHeaderSheet('IW1')), 'IMPORT_FILE_TOO_WIDE');
    const padded = `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'Họ và tên')}${inlineCell('B1', 'Giới tính')}<c r="XFD1" s="1"/></row>`
      + `<row r="2">${inlineCell('A2', 'Nguyễn Văn A')}${inlineCell('B2', 'Nam')}</row>${SHEET_TAIL}`;
    const response = await upload(officer, home.province.id, 'dem.xlsx', workbookOf(padded));
    expect(response.statusCode).toBe(201);
    expect(response.json().headers).toEqual([{ index: 0, text: 'Họ và tên' }, { index: 1, text: 'Giới tính' }]);
  });

  it('refuses a row number past the last row of any sheet', async () => {
    const sheet = `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'Họ và tên')}${inlineCell('B1', 'Giới tính')}</row>`
      + `<row r="900000000000000">${inlineCell('A900000000000000', 'X')}</row>${SHEET_TAIL}`;
    await expectRefused('dai.xlsx', workbookOf(sheet), 'IMPORT_TOO_MANY_ROWS');
  });

  it('refuses a CSV with "Họ và tên" in column 1 and "Giới tính" in column 1001', async () => {
    const header = ['Họ và tên', ...Array.from({ length: 999 }, () => ''), 'Giới tính'];
    await expectRefused('rong.csv', csvFile([], header), 'IMPORT_FILE_TOO_WIDE');
  });

  it('refuses a 3 MB CSV by its last row, storing none of the parts written while it was checked', async () => {
    const rows = Array.from({ length: 36_000 }, (_, index) => personCells({ name: `Mai Thị ${index}`, unitCode: 'CB1' }));
    rows.push([...Array.from({ length: 300 }, () => ''), 'quá xa']);
    const file = csvFile(rows);
    expect(file.length).toBeGreaterThan(3 * 1024 * 1024);
    await expectRefused('dai.csv', file, 'IMPORT_FILE_TOO_WIDE');
  });

  it('reads a CSV padded with empty columns past the bound as the columns it has', async () => {
    const header = [...personCells({ name: 'x', unitCode: 'x' }).map((_, index) => `Cột ${index + 1}`), ...Array.from({ length: 400 }, () => '')];
    const response = await upload(officer, home.province.id, 'dem.csv', csvFile([], header));
    expect(response.statusCode).toBe(201);
    expect(response.json().headers).toHaveLength(256);
  });

  it('refuses shared strings that inflate from about 300 KB to 300 MB, whether their size is declared or hidden', async () => {
    const deflated = deflatedRepeat('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>', Buffer.alloc(MB, 'A'), 300, '</t></si></sst>');
    expect(deflated.length).toBeLessThan(400 * 1024);
    const sheet = `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c>${inlineCell('B1', 'Giới tính')}</row>${SHEET_TAIL}`;
    for (const declaredSize of [300 * MB + 100, 1000]) {
      const file = workbookOf(sheet, [{ name: 'xl/sharedStrings.xml', deflated, declaredSize }]);
      const body = await expectRefused('bom.xlsx', file, 'IMPORT_FILE_UNPACKS_TOO_LARGE');
      expect(body.details).toMatchObject({ part: 'xl/sharedStrings.xml' });
    }
  });

  it('refuses a worksheet that inflates from about 1 MB to 1 GB, its size hidden', async () => {
    const head = `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'Họ và tên')}${inlineCell('B1', 'Giới tính')}</row>`;
    const deflated = deflatedRepeat(head, Buffer.alloc(MB, ' '), 1024, SHEET_TAIL);
    expect(deflated.length).toBeLessThan(1.5 * MB);
    const file = workbookOf({ name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: 2000 });
    const body = await expectRefused('bom.xlsx', file, 'IMPORT_FILE_UNPACKS_TOO_LARGE');
    expect(body.details).toMatchObject({ part: 'xl/worksheets/sheet1.xml' });
  });

  it('lists jobs stored before the bounds (thousands of headers, a mapping past column 1000) without failing', async () => {
    const account = await ctx.db.selectFrom('accounts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const headers = Array.from({ length: 5000 }, (_, index) => ({ index, text: index === 0 ? 'Họ và tên' : index === 4999 ? 'Giới tính' : '' }));
    const inserted = await ctx.db.insertInto('member_import_jobs').values({
      account_id: account.id, unit_id: home.province.id, status: 'uploaded', filename: 'cu.csv', format: 'csv', size_bytes: 10, sha256: 'x',
      headers: JSON.stringify(headers), header_row: 1, proposed_mapping: JSON.stringify({ fullName: 0, sex: 4999 }),
      mapping: null, apply_mode: null, error: null, heartbeat_at: null, finished_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    const list = await officer.get('/api/member-import/jobs');
    expect(list.statusCode).toBe(200);
    const job = list.json().items.find((item: { id: number }) => item.id === Number(inserted.id));
    expect(job.headers).toHaveLength(256);
    expect(job.proposedMapping).toEqual({ fullName: 0 });
    expect((await officer.get(`/api/member-import/jobs/${inserted.id}`)).statusCode).toBe(200);
  });

  it('answers a row cursor past the int range, or negative, with a 4xx; the int range\u2019s end with an empty page', async () => {
    const uploaded = await upload(officer, home.province.id, 'a.csv', csvFile([personCells({ name: 'Nguyễn Văn A', unitCode: home.cellA.code })]));
    const id = uploaded.json().id;
    for (const after of ['9007199254740991', '2147483648', '-1', '1e308']) {
      const response = await officer.get(`/api/member-import/jobs/${id}/rows?after=${after}`);
      expect(response.statusCode, after).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, after).toBeLessThan(500);
    }
    const end = await officer.get(`/api/member-import/jobs/${id}/rows?after=2147483647`);
    expect(end.statusCode).toBe(200);
    expect(end.json()).toEqual({ items: [], nextCursor: null, total: expect.any(Number), totalCapped: false });
    const hugeId = await officer.get('/api/member-import/jobs/9007199254740991/rows');
    expect(hugeId.statusCode).toBeLessThan(500);
  });
});
