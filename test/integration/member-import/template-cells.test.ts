/**
 * The import template's cell sheet (issue 10, item 4): the cells of the unit chosen on the import page (not every
 * cell of the caller's scope), each with where it is, since a province holds dozens of cells of one name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { readWorkbook, sheetRows } from './helpers.ts';

describe('the import template lists the chosen unit\'s cells with their places', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let secondGrassroots: number;
  let secondCell: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Mẫu');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài');
    const grassroots = await insertUnit(ctx.db, { parentId: home.commune.id, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Thôn Đông', validFrom: '2000-01-01' });
    secondGrassroots = grassroots.id;
    secondCell = (await insertUnit(ctx.db, { parentId: grassroots.id, kind: 'cell', name: 'Chi bộ Mẫu 1', validFrom: '2000-01-01' })).code;
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx?.close(); });

  const cellRows = async (query: string) => {
    const response = await officer.get(`/api/member-import/template.xlsx${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const rows = sheetRows((await readWorkbook(response.rawPayload)).getWorksheet('Chi bộ')!);
    expect(rows[0]).toEqual(['Mã chi bộ', 'Tên chi bộ', 'Thuộc']);
    return rows.slice(1);
  };

  it('without a unit, every cell of the caller\'s scope, each with where it is', async () => {
    const rows = await cellRows('');
    expect(rows.map((row) => row[0]).sort()).toEqual([home.cellA.code, home.cellB.code, secondCell].sort());
    // Two cells named "Chi bộ Mẫu 1", told apart by their places.
    expect(rows.find((row) => row[0] === home.cellA.code)?.[2]).toBe('Đảng bộ cơ sở Mẫu · Đảng bộ xã Mẫu');
    expect(rows.find((row) => row[0] === secondCell)?.[2]).toBe('Đảng bộ cơ sở Thôn Đông · Đảng bộ xã Mẫu');
  });

  it('with a unit, only the cells under it', async () => {
    expect((await cellRows(`?unitId=${secondGrassroots}`)).map((row) => row[0])).toEqual([secondCell]);
    expect((await cellRows(`?unitId=${home.cellA.id}`)).map((row) => row[0])).toEqual([home.cellA.code]);
  });

  it('a unit outside the caller\'s scope is not found, like a missing one', async () => {
    for (const unitId of [other.grassroots.id, 999_999]) {
      const response = await officer.get(`/api/member-import/template.xlsx?unitId=${unitId}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });
});
