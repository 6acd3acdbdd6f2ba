/**
 * Choosing a transfer's destination outside one's own subtree: a commune officer searches the whole country by
 * name (no accents needed) or code, sees only names, codes, kinds and where each unit sits, then issues the
 * transfer; the other side's officer accepts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit, type UnitFixture } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, setAncestors, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import type { TransferDestination } from '../../../src/contracts/transfer-destinations.ts';

describe('transfer destinations anywhere in the country', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let far: ProvinceFixture;
  /** Another commune of the home province, outside the officer's commune. */
  let neighbour: { commune: UnitFixture; grassroots: UnitFixture; cell: UnitFixture };
  let farCell: UnitFixture;
  let communeOfficer: ApiClient;
  let farOfficer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Hòa Bình');
    far = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Lâm Đồng');
    const commune = await insertUnit(ctx.db, { parentId: home.province.id, kind: 'commune_committee', name: 'Đảng bộ xã Tân Lập', validFrom: '2000-01-01' });
    const grassroots = await insertUnit(ctx.db, { parentId: commune.id, kind: 'grassroots_committee', name: 'Đảng bộ Khối dân cư xã Tân Lập', validFrom: '2000-01-01' });
    const cell = await insertUnit(ctx.db, { parentId: grassroots.id, kind: 'cell', name: 'Chi bộ thôn Đồng Tâm', validFrom: '2000-01-01' });
    await setAncestors(ctx.db, commune.id, { provinceId: home.province.id, superiorId: commune.id });
    for (const unit of [grassroots, cell]) await setAncestors(ctx.db, unit.id, { provinceId: home.province.id, superiorId: commune.id, grassrootsId: grassroots.id });
    neighbour = { commune, grassroots, cell };
    farCell = await insertUnit(ctx.db, { parentId: far.grassroots.id, kind: 'cell', name: 'Chi bộ Trường THCS Lê Quý Đôn', validFrom: '2000-01-01', code: 'LD-THCS-LQD' });
    await setAncestors(ctx.db, farCell.id, { provinceId: far.province.id, superiorId: far.commune.id, grassrootsId: far.grassroots.id });

    const officer = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    const other = await createAccount(ctx.db, { role: 'org_officer', unitId: far.commune.id });
    communeOfficer = await signIn(ctx.app, officer.username, officer.password);
    farOfficer = await signIn(ctx.app, other.username, other.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function search(client: ApiClient, q: string, extra = ''): Promise<TransferDestination[]> {
    const response = await client.get(`/api/transfers/destinations?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  }
  const ids = (items: TransferDestination[]) => items.map((item) => item.id);

  /** Ends a unit the way a dissolution does: its version closes and the unit records the end. */
  async function dissolve(unitId: number, on: string) {
    await ctx.db.updateTable('org_unit_versions').set({ valid_to: on }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute();
    await ctx.db.updateTable('org_units').set({ ended_on: on, end_reason: 'dissolved' }).where('id', '=', unitId).execute();
  }

  it('a commune officer finds a cell in another commune and in another province by its name typed without accents', async () => {
    // Both lie outside the officer's subtree: the tree itself does not show them.
    expect((await communeOfficer.get(`/api/orgs/units/${neighbour.cell.id}`)).statusCode).toBe(404);
    expect((await communeOfficer.get(`/api/orgs/units/${farCell.id}`)).statusCode).toBe(404);

    const inNeighbour = await search(communeOfficer, 'chi bo thon dong tam');
    expect(inNeighbour).toEqual([{
      id: neighbour.cell.id, code: neighbour.cell.code, name: 'Chi bộ thôn Đồng Tâm', kind: 'cell',
      ancestors: ['Đảng bộ Khối dân cư xã Tân Lập', 'Đảng bộ xã Tân Lập', 'Đảng bộ tỉnh Hòa Bình'],
      pathLabel: 'Chi bộ thôn Đồng Tâm · Đảng bộ Khối dân cư xã Tân Lập · Đảng bộ xã Tân Lập · Đảng bộ tỉnh Hòa Bình',
    }]);
    // Words in any order, each the beginning of a word of the name; case ignored.
    expect(ids(await search(communeOfficer, 'DONG TAM'))).toEqual([neighbour.cell.id]);
    const inFarProvince = await search(communeOfficer, 'le quy don');
    expect(inFarProvince).toEqual([expect.objectContaining({
      id: farCell.id, code: 'LD-THCS-LQD', name: 'Chi bộ Trường THCS Lê Quý Đôn', kind: 'cell',
      pathLabel: 'Chi bộ Trường THCS Lê Quý Đôn · Đảng bộ cơ sở Lâm Đồng · Đảng bộ xã Lâm Đồng · Đảng bộ tỉnh Lâm Đồng',
    })]);
    expect(ids(await search(communeOfficer, 'thcs qu'))).toEqual([farCell.id]);
    // The middle of a word is not the beginning of one.
    expect(await search(communeOfficer, 'uy don')).toEqual([]);
  });

  it('finds a unit by its exact code, whatever the case, and offers grassroots organizations as well as cells', async () => {
    expect(ids(await search(communeOfficer, 'ld-thcs-lqd'))).toEqual([farCell.id]);
    // A code's beginning is not a code.
    expect(await search(communeOfficer, 'LD-THCS')).toEqual([]);
    const grassroots = await search(communeOfficer, 'dang bo co so lam dong');
    expect(grassroots).toEqual([expect.objectContaining({ id: far.grassroots.id, kind: 'grassroots_committee', ancestors: ['Đảng bộ xã Lâm Đồng', 'Đảng bộ tỉnh Lâm Đồng'] })]);
  });

  it('does not offer ended units, former names, party groups or committees above the grassroots', async () => {
    const dissolved = await insertUnit(ctx.db, { parentId: far.grassroots.id, kind: 'cell', name: 'Chi bộ thôn Suối Vàng', validFrom: '2000-01-01' });
    await dissolve(dissolved.id, '2024-06-01');
    // A unit whose end is recorded is refused as a destination, so it is not offered either.
    const ending = await insertUnit(ctx.db, { parentId: far.grassroots.id, kind: 'cell', name: 'Chi bộ thôn Suối Bạc', validFrom: '2000-01-01' });
    await ctx.db.updateTable('org_units').set({ ended_on: '2024-06-01', end_reason: 'dissolved' }).where('id', '=', ending.id).execute();
    const renamed = await insertUnit(ctx.db, { parentId: far.grassroots.id, kind: 'cell', name: 'Chi bộ thôn Suối Đá', validFrom: '2000-01-01' });
    await ctx.db.updateTable('org_unit_versions').set({ valid_to: '2023-01-01' }).where('unit_id', '=', renamed.id).execute();
    await ctx.db.insertInto('org_unit_versions').values({
      unit_id: renamed.id, valid_from: '2023-01-01', valid_to: null, parent_id: far.grassroots.id, name: 'Chi bộ thôn Hồ Xanh', name_folded: 'chi bo thon ho xanh',
      kind: 'cell', sector: null, path: renamed.path, depth: 4, batch_id: null, change: 'rename', voided_by_batch_id: null,
    }).execute();
    const group = await insertUnit(ctx.db, { parentId: farCell.id, kind: 'party_group', name: 'Tổ đảng Suối Tiên', validFrom: '2000-01-01' });

    expect(await search(communeOfficer, 'suoi')).toEqual([]);
    expect(ids(await search(communeOfficer, 'ho xanh'))).toEqual([renamed.id]);
    expect(ids(await search(communeOfficer, group.code))).toEqual([]);
    expect(await search(communeOfficer, 'dang bo xa lam dong')).toEqual([]);
    expect(await search(communeOfficer, 'dang bo tinh')).toEqual([]);
  });

  it('a query shorter than 2 characters, or a limit above 50, is refused with a clear error in the caller\'s language', async () => {
    // 'a' and a combining acute accent: two characters sent, one letter once folded.
    const decomposed = `/api/transfers/destinations?q=${encodeURIComponent('a\u0301')}`;
    for (const url of ['/api/transfers/destinations?q=a', '/api/transfers/destinations?q=%20a%20', decomposed, '/api/transfers/destinations', '/api/transfers/destinations?q=chi&limit=51']) {
      const response = await communeOfficer.get(url);
      expect(response.statusCode, url).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ.' });
    }
    for (const url of ['/api/transfers/destinations?q=a', decomposed]) {
      expect((await communeOfficer.get(url)).json().error.details.issues, url).toEqual([{ path: 'querystring.q', code: 'too_small', message: 'Hãy gõ ít nhất 2 ký tự của tên hoặc mã để tìm' }]);
    }
    const english = await communeOfficer.request('GET', '/api/transfers/destinations?q=a', undefined, { 'x-locale': 'en' });
    expect(english.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The request data is not valid.' });
    expect(english.json().error.details.issues).toEqual([{ path: 'querystring.q', code: 'too_small', message: 'Type at least 2 characters of the name or the code to search' }]);
  });

  it('returns 20 results by default and at most the limit asked, up to 50', async () => {
    for (let number = 1; number <= 24; number++) {
      await insertUnit(ctx.db, { parentId: neighbour.grassroots.id, kind: 'cell', name: `Chi bộ tổ dân phố ${number}`, validFrom: '2000-01-01' });
    }
    expect(await search(communeOfficer, 'to dan pho')).toHaveLength(20);
    expect(await search(communeOfficer, 'to dan pho', '&limit=5')).toHaveLength(5);
    expect(await search(communeOfficer, 'to dan pho', '&limit=50')).toHaveLength(24);
    // Name order after the names that start with the query.
    expect((await search(communeOfficer, 'chi bo to dan pho 1', '&limit=3')).map((item) => item.name)).toEqual(['Chi bộ tổ dân phố 1', 'Chi bộ tổ dân phố 10', 'Chi bộ tổ dân phố 11']);
  });

  it('carries no member data', async () => {
    const birthDate = '1980-04-12';
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: farCell.id, fullName: 'Hoàng Thị Riêng Tư', birthDate, citizenId: validCitizenId('female', birthDate), sex: 'female' });
    const response = await communeOfficer.get('/api/transfers/destinations?q=le%20quy%20don');
    expect(response.statusCode).toBe(200);
    for (const item of response.json().items) expect(Object.keys(item).sort()).toEqual(['ancestors', 'code', 'id', 'kind', 'name', 'pathLabel']);
    expect(response.body).not.toContain('Riêng Tư');
    expect(response.body).not.toContain(validCitizenId('female', birthDate));
  });

  it('is described in the OpenAPI document, with its query and the fields it answers', async () => {
    const openapi = await communeOfficer.get('/api/openapi.json');
    expect(openapi.statusCode).toBe(200);
    const operation = openapi.json().paths['/api/transfers/destinations'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['limit', 'q']);
    const answer = JSON.stringify(operation.responses['200']);
    for (const field of ['id', 'code', 'name', 'kind', 'ancestors', 'pathLabel']) expect(answer).toContain(`"${field}"`);
  });

  it('is for those who may issue a transfer: a viewer is refused', async () => {
    const viewer = await createAccount(ctx.db, { role: 'viewer', unitId: home.commune.id });
    const client = await signIn(ctx.app, viewer.username, viewer.password);
    const response = await client.get('/api/transfers/destinations?q=dong%20tam');
    expect([response.statusCode, response.json().error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('the officer sends a member to the unit found, and the other side\'s officer accepts', async () => {
    const birthDate = '1988-02-14';
    const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Nguyễn Văn Đi Xa', birthDate, citizenId: validCitizenId('male', birthDate) });
    const [destination] = await search(communeOfficer, 'truong thcs le quy don');
    expect(destination.id).toBe(farCell.id);
    const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01' });
    const issued = await communeOfficer.post('/api/transfers', {
      memberId: member.id, kind: 'official', purpose: 'work', toUnitId: destination.id, decisionId, issuedOn: '2025-09-01', expectedRowVersion: member.rowVersion,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ status: 'issued', fromUnitId: home.cellA.id, toUnitId: farCell.id, toUnitName: 'Chi bộ Trường THCS Lê Quý Đôn' });

    const incoming = (await farOfficer.get('/api/transfers?direction=incoming&status=issued')).json().items;
    expect(incoming.map((item: { id: number }) => item.id)).toContain(issued.json().id);
    const accepted = await farOfficer.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2025-09-10', expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', cellId: farCell.id });
    expect((await farOfficer.get(`/api/members/${member.id}`)).json().record).toMatchObject({ unitId: farCell.id, inTransit: false });
    expect((await communeOfficer.get(`/api/members/${member.id}`)).statusCode).toBe(404);
  });
});
