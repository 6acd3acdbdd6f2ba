/**
 * Numbers where people look (issue 10, item 1): a unit's members on a date across its subtree, a list's total, and
 * each member's unit told apart by where it is (item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { admitTestMember, insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import type { Headcount, MemberListResponse, MemberPage } from '../../../src/contracts/members.ts';

describe('members counted and listed as of a date', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  let officer: ApiClient;
  let southOfficer: ApiClient;
  let moved: { id: number; rowVersion: number };
  let late: { id: number };

  const headcount = async (unitId: number, asOf: string, client = officer) => {
    const response = await client.get(`/api/members/headcount?unitId=${unitId}&asOf=${asOf}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Headcount;
  };
  const list = async (query: string, client = officer) => {
    const response = await client.get(`/api/members?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as MemberListResponse;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Phía Bắc', '2000-01-01');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Phía Nam', '2000-01-01');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: ctx.rootUnitId });
    officer = await signIn(ctx.app, account.username, account.password);
    const southAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: south.province.id });
    southOfficer = await signIn(ctx.app, southAccount.username, southAccount.password);
    const birth = (year: number) => `${year}-04-12`;
    moved = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: 'Trần Văn Chuyển', birthDate: birth(1970), citizenId: validCitizenId('male', birth(1970)), admissionDate: '2005-03-01', officialDate: '2006-03-01' });
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: 'Lê Thị Ở', sex: 'female', birthDate: birth(1975), citizenId: validCitizenId('female', birth(1975)), admissionDate: '2008-03-01', officialDate: '2009-03-01' });
    late = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, decisionDate: '2025-03-01', fullName: 'Phạm Văn Mới', birthDate: birth(1995), citizenId: validCitizenId('male', birth(1995)) });
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: south.cellB.id, fullName: 'Đỗ Văn Nam', birthDate: birth(1980), citizenId: validCitizenId('male', birth(1980)), admissionDate: '2010-03-01', officialDate: '2011-03-01' });
  });
  afterAll(async () => { await ctx?.close(); });

  it('a member admitted after the date is not counted on it, in the cell or above it', async () => {
    expect(await headcount(north.cellA.id, '2025-01-01')).toMatchObject({ total: 2, official: 2, probationary: 0, temporaryGuests: 0 });
    expect(await headcount(north.cellA.id, '2025-06-01')).toMatchObject({ total: 3, official: 2, probationary: 1 });
    expect(await headcount(north.province.id, '2025-01-01')).toMatchObject({ total: 2 });
    const before = await list(`unitId=${north.cellA.id}&asOf=2025-01-01`);
    expect(before.total).toBe(2);
    expect(before.items.map((item) => item.id)).not.toContain(late.id);
  });

  it('a transferred member counts in the old unit before the transfer and in the new one after', async () => {
    const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01' });
    const issued = await officer.post('/api/transfers', {
      kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', memberId: moved.id, toUnitId: south.grassroots.id, expectedRowVersion: moved.rowVersion,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const accepted = await officer.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2025-09-20', cellId: south.cellB.id, expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);

    expect((await headcount(north.cellA.id, '2025-09-10')).total).toBe(3);
    expect((await headcount(south.cellB.id, '2025-09-10')).total).toBe(1);
    expect((await headcount(north.cellA.id, '2025-10-01')).total).toBe(2);
    expect((await headcount(south.cellB.id, '2025-10-01')).total).toBe(2);
    expect((await headcount(north.province.id, '2025-10-01')).total).toBe(2);
    // The lists of those dates agree with the counts, and carry the same total.
    const oldCell = await list(`unitId=${north.cellA.id}&asOf=2025-09-10`);
    expect(oldCell.items.map((item) => item.id)).toContain(moved.id);
    expect(oldCell.total).toBe(3);
    const newCell = await list(`unitId=${south.cellB.id}&asOf=2025-10-01`);
    expect(newCell.items.map((item) => item.id)).toContain(moved.id);
    expect(newCell.total).toBe(2);
  });

  it('a list carries its total on the first page only, whatever the page size', async () => {
    const first = await list(`unitId=${north.province.id}&limit=1`);
    expect(first.total).toBe(2);
    expect(first.totalCapped).toBe(false);
    expect(first.items).toHaveLength(1);
    const second = await list(`unitId=${north.province.id}&limit=1&after=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items).toHaveLength(1);
    expect(second.total).toBeNull();
    expect((await list(`unitId=${north.province.id}&sex=female`)).total).toBe(1);
    // Scope: the south officer's whole list counts only the south.
    expect((await list('', southOfficer)).total).toBe(2);
  });

  it('every member in a list and on the member page is shown with where the unit is', async () => {
    const page = await list(`unitId=${south.cellB.id}`);
    for (const item of page.items) expect(item.unitPlace).toEqual(['Đảng bộ cơ sở Phía Nam', 'Đảng bộ xã Phía Nam']);
    const memberPage = (await officer.get(`/api/members/${moved.id}`)).json() as MemberPage;
    expect(memberPage.unitPlace).toEqual(['Đảng bộ cơ sở Phía Nam', 'Đảng bộ xã Phía Nam']);
    expect(memberPage.placements.map((placement) => placement.unitPlace[0])).toEqual(expect.arrayContaining(['Đảng bộ cơ sở Phía Bắc', 'Đảng bộ cơ sở Phía Nam']));
  });

  it('a unit outside the caller\'s scope is not found, for its count as for its list', async () => {
    expect((await southOfficer.get(`/api/members/headcount?unitId=${north.cellA.id}&asOf=2025-01-01`)).statusCode).toBe(404);
    expect((await southOfficer.get(`/api/members?unitId=${north.cellA.id}`)).statusCode).toBe(404);
  });
});
