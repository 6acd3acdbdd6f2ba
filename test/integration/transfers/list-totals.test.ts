/**
 * Every list shows its total (issue 10, item 1): the transfers list counts its matches once, with the first page, in
 * the caller's scope and with the list's own conditions (direction, status, lateness), up to LIST_TOTAL_CAP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { LIST_TOTAL_CAP } from '../../../src/contracts/decisions.ts';
import type { TransferList } from '../../../src/contracts/members.ts';

describe('transfers list: its total', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  let northOfficer: ApiClient;
  let southOfficer: ApiClient;
  let southMemberId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bắc Đếm');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nam Đếm');
    // Officers of one commune each: each counts their own commune's transfers only.
    const a = await createAccount(ctx.db, { role: 'org_officer', unitId: north.commune.id });
    const b = await createAccount(ctx.db, { role: 'org_officer', unitId: south.commune.id });
    northOfficer = await signIn(ctx.app, a.username, a.password);
    southOfficer = await signIn(ctx.app, b.username, b.password);

    const member = (name: string, unitId: number, year: number) => {
      const birthDate = `${year}-04-1${year % 10}`;
      return registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName: name, birthDate, citizenId: validCitizenId('male', birthDate) });
    };
    const issue = async (client: ApiClient, memberId: number, toUnitId: number) => {
      const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01' });
      const response = await client.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', memberId, toUnitId, expectedRowVersion: 0 });
      expect(response.statusCode, response.body).toBe(201);
    };
    // North → south; within north (both sides in scope: counted once); south → north.
    await issue(northOfficer, (await member('Phạm Văn Đi Xa', north.cellA.id, 1981)).id, south.grassroots.id);
    await issue(northOfficer, (await member('Vũ Văn Ở Gần', north.cellA.id, 1982)).id, north.cellB.id);
    const fromSouth = await member('Đỗ Văn Về Bắc', south.cellA.id, 1983);
    southMemberId = fromSouth.id;
    await issue(southOfficer, fromSouth.id, north.grassroots.id);
  });
  afterAll(async () => { await ctx?.close(); });

  const list = async (client: ApiClient, query: string) => {
    const response = await client.get(`/api/transfers?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as TransferList;
  };

  it('counts each direction in the caller\'s scope, as the items are', async () => {
    const all = await list(northOfficer, 'direction=all');
    expect(all.items).toHaveLength(3);
    expect(all).toMatchObject({ total: 3, totalCapped: false });
    expect(await list(northOfficer, 'direction=incoming')).toMatchObject({ total: 2, totalCapped: false });
    expect(await list(northOfficer, 'direction=outgoing')).toMatchObject({ total: 2, totalCapped: false });
    expect(await list(northOfficer, 'direction=incoming&status=accepted')).toMatchObject({ items: [], total: 0 });
    // Received by 60 working days after 1/9/2025: every one is late now.
    expect(await list(northOfficer, 'late=true')).toMatchObject({ total: 3 });
    const south = await list(southOfficer, 'direction=all');
    expect(south.items).toHaveLength(2);
    expect(south).toMatchObject({ total: 2, totalCapped: false });
    expect(await list(southOfficer, 'direction=incoming')).toMatchObject({ total: 1 });
    expect(await list(southOfficer, 'direction=outgoing')).toMatchObject({ total: 1 });
  });

  it('the total comes with the first page only; the pages reach every row', async () => {
    const first = await list(northOfficer, 'direction=all&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    const second = await list(northOfficer, `direction=all&limit=2&after=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second).toMatchObject({ total: null, totalCapped: false, nextCursor: null });
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(3);
  });

  it('stops counting at the cap and says so; another commune\'s count is unaffected', async () => {
    // More closed transfers inside the south commune than the cap (written in bulk: the count, not the commands, is tested).
    await sql`insert into member_transfers (member_id, kind, purpose, from_unit_id, to_unit_id, status, issued_on, due_by, closed_on, close_reason)
      select ${southMemberId}, 'official', 'work', ${south.cellA.id}, ${south.cellB.id}, 'returned', date '2020-01-01', date '2020-03-01', date '2020-01-10', 'x'
      from generate_series(1, ${LIST_TOTAL_CAP + 1})`.execute(ctx.db);
    const capped = await list(southOfficer, 'direction=all&limit=5');
    expect(capped.items).toHaveLength(5);
    expect(capped).toMatchObject({ total: LIST_TOTAL_CAP, totalCapped: true });
    expect(await list(southOfficer, 'direction=outgoing&status=returned')).toMatchObject({ total: LIST_TOTAL_CAP, totalCapped: true });
    expect(await list(southOfficer, 'direction=incoming&status=issued')).toMatchObject({ total: 1, totalCapped: false });
    expect(await list(northOfficer, 'direction=all')).toMatchObject({ total: 3, totalCapped: false });
  });
});
