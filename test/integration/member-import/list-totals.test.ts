/**
 * Lists that are whole and show their total (issue 10, items 1 and 6): the import jobs list pages with the kernel's
 * cursor and counts the jobs of the caller's scope with its first page, up to LIST_TOTAL_CAP; a job's rows page
 * through every row (or the invalid ones) with the job's own counts as the total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { LIST_TOTAL_CAP } from '../../../src/contracts/decisions.ts';
import type { ImportJobList, ImportRows } from '../../../src/contracts/member-import.ts';
import { csvFile, personCells, upload, uploadAndValidate } from './helpers.ts';

const ROWS = 450;
const BAD_EVERY = 15;

describe('import jobs and rows: whole lists with their totals', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;
  let job: Record<string, any>;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nhập Đủ');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nhập Khác');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.commune.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);
    // Every 15th row names a cell that does not exist: 30 bad rows of 450.
    const rows = Array.from({ length: ROWS }, (_, index) => {
      const year = 1960 + (index % 40);
      const birth = `${String(1 + (index % 28)).padStart(2, '0')}/0${1 + (index % 9)}/${year}`;
      const iso = `${year}-0${1 + (index % 9)}-${String(1 + (index % 28)).padStart(2, '0')}`;
      return personCells({
        name: `Nguyễn Văn Dòng ${index + 1}`, birth, citizenId: validCitizenId('male', iso),
        unitCode: index % BAD_EVERY === BAD_EVERY - 1 ? 'KHONG-CO' : home.cellA.code,
      });
    });
    job = await uploadAndValidate(officer, home.grassroots.id, 'du-lieu.csv', csvFile(rows));
    expect(job).toMatchObject({ status: 'validated', validRows: ROWS - ROWS / BAD_EVERY, invalidRows: ROWS / BAD_EVERY });
    for (const name of ['hai.csv', 'ba.csv']) expect((await upload(officer, home.cellB.id, name, csvFile([personCells({ name: 'Lê Văn Một', unitCode: home.cellB.code })]))).statusCode).toBe(201);
    expect((await upload(outsider, other.cellA.id, 'khac.csv', csvFile([personCells({ name: 'Lê Văn Khác', unitCode: other.cellA.code })]))).statusCode).toBe(201);
  });
  afterAll(async () => { await ctx?.close(); });

  async function rowsOf(invalidOnly: boolean): Promise<{ numbers: number[]; totals: (number | null)[] }> {
    const numbers: number[] = [];
    const totals: (number | null)[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const response = await officer.get(`/api/member-import/jobs/${job.id}/rows?invalidOnly=${invalidOnly}&limit=200&after=${after}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as ImportRows;
      numbers.push(...page.items.map((row) => row.rowNumber));
      totals.push(page.total);
      after = page.nextCursor;
    }
    return { numbers, totals };
  }

  it('a job\'s rows: every one reachable past 200, in order, once; the total from the job\'s counts', async () => {
    const all = await rowsOf(false);
    // Row 1 is the header: the data rows are 2 … 451.
    expect(all.numbers).toEqual(Array.from({ length: ROWS }, (_, index) => index + 2));
    expect(all.totals).toEqual([ROWS, ROWS, ROWS]);
    const bad = await rowsOf(true);
    expect(bad.numbers).toEqual(Array.from({ length: ROWS / BAD_EVERY }, (_, index) => (index + 1) * BAD_EVERY + 1));
    expect(new Set(bad.totals)).toEqual(new Set([ROWS / BAD_EVERY]));
    const first = (await officer.get(`/api/member-import/jobs/${job.id}/rows?invalidOnly=true&limit=5`)).json() as ImportRows;
    expect(first.items.every((row) => !row.isValid && row.problems.length > 0)).toBe(true);
    expect(first.totalCapped).toBe(false);
    // Another commune's officer does not reach the job's rows.
    expect((await outsider.get(`/api/member-import/jobs/${job.id}/rows`)).statusCode).toBe(404);
  });

  it('the jobs list: pages through the kernel\'s cursor, the total with the first page, in scope', async () => {
    const first = (await officer.get('/api/member-import/jobs?limit=2')).json() as ImportJobList;
    expect(first.items).toHaveLength(2);
    expect(first).toMatchObject({ total: 3, totalCapped: false });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await officer.get(`/api/member-import/jobs?limit=2&cursor=${first.nextCursor}`)).json() as ImportJobList;
    expect(second).toMatchObject({ total: null, totalCapped: false, nextCursor: null });
    expect([...first.items, ...second.items].map((item) => item.filename).sort()).toEqual(['ba.csv', 'du-lieu.csv', 'hai.csv']);
    const theirs = (await outsider.get('/api/member-import/jobs')).json() as ImportJobList;
    expect(theirs).toMatchObject({ total: 1, totalCapped: false, nextCursor: null });
    expect(theirs.items.map((item) => item.filename)).toEqual(['khac.csv']);
  });

  it('refuses a cursor that is not one with a declared code, and changes nothing', async () => {
    for (const cursor of ['abc', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const response = await officer.get(`/api/member-import/jobs?cursor=${cursor}`);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'querystring.cursor' }] } });
      expect(response.json().error.message).toEqual(expect.any(String));
    }
    expect((await officer.get('/api/member-import/jobs?limit=101')).json().error.code).toBe('VALIDATION_FAILED');
    expect(((await officer.get('/api/member-import/jobs')).json() as ImportJobList).total).toBe(3);
  });

  it('stops counting at the cap and says so; another commune\'s count is unaffected', async () => {
    await sql`insert into member_import_jobs (unit_id, status, filename, format, size_bytes, sha256, headers, header_row, proposed_mapping)
      select ${other.cellB.id}, 'uploaded', 'cu.csv', 'csv', 0, '', '[]'::jsonb, 1, '{}'::jsonb from generate_series(1, ${LIST_TOTAL_CAP + 1})`.execute(ctx.db);
    const capped = (await outsider.get('/api/member-import/jobs?limit=3')).json() as ImportJobList;
    expect(capped.items).toHaveLength(3);
    expect(capped).toMatchObject({ total: LIST_TOTAL_CAP, totalCapped: true });
    expect((await officer.get('/api/member-import/jobs')).json()).toMatchObject({ total: 3, totalCapped: false });
  });
});
