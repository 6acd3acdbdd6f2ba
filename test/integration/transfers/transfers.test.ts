import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { addDays, todayInVietnam } from '../../../src/lib/dates.ts';
import { addWorkingDays } from '../../../src/rules/working-days.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { rebuildMemberStatistics } from '../../../src/modules/members/statistics.ts';
import { systemScope } from '../../../src/kernel/index.ts';

describe('transfers of party activity', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  /** Two officers with no unit in common. */
  let northOfficer: ApiClient;
  let southOfficer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Phía Bắc');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Phía Nam');
    const a = await createAccount(ctx.db, { role: 'org_officer', unitId: north.province.id });
    const b = await createAccount(ctx.db, { role: 'cell_secretary', unitId: south.grassroots.id });
    northOfficer = await signIn(ctx.app, a.username, a.password);
    southOfficer = await signIn(ctx.app, b.username, b.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function snapshot() {
    const count = async (table: 'members' | 'member_events' | 'member_placements' | 'journal' | 'member_transfers') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal'), transfers: await count('member_transfers') };
  }

  async function newMember(name: string, unitId = north.cellA.id) {
    const birthDate = `19${70 + Math.floor(Math.random() * 20)}-0${1 + Math.floor(Math.random() * 8)}-1${Math.floor(Math.random() * 9)}`;
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName: name, birthDate, citizenId: validCitizenId('male', birthDate) });
  }

  async function issue(client: ApiClient, body: Record<string, unknown>) {
    const decisionId = await insertDecision(ctx.db, { signedOn: (body.issuedOn as string) ?? '2025-09-01' });
    return client.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', ...body });
  }

  it('official transfer across two provinces: send, visible to both sides, accept', async () => {
    const member = await newMember('Nguyễn Văn Chuyển');
    const issued = await issue(northOfficer, { memberId: member.id, toUnitId: south.grassroots.id, expectedRowVersion: member.rowVersion });
    expect(issued.statusCode, issued.body).toBe(201);
    const transfer = issued.json();
    expect(transfer).toMatchObject({ status: 'issued', fromUnitId: north.cellA.id, toUnitId: south.grassroots.id, dueBy: addWorkingDays('2025-09-01', 60), memberName: 'Nguyễn Văn Chuyển' });

    // Both sides see the member in transit and the transfer.
    const fromSide = await northOfficer.get(`/api/members/${member.id}`);
    expect(fromSide.json().record).toMatchObject({ inTransit: true, unitId: north.cellA.id });
    const toSide = await southOfficer.get(`/api/members/${member.id}`);
    expect(toSide.statusCode, toSide.body).toBe(200);
    expect(toSide.json().openTransfers).toEqual([expect.objectContaining({ id: transfer.id, status: 'issued' })]);
    expect((await southOfficer.get('/api/transfers?direction=incoming')).json().items.map((item: { id: number }) => item.id)).toContain(transfer.id);
    expect((await northOfficer.get('/api/transfers?direction=outgoing')).json().items.map((item: { id: number }) => item.id)).toContain(transfer.id);
    expect((await northOfficer.get('/api/transfers?direction=incoming')).json().items.map((item: { id: number }) => item.id)).not.toContain(transfer.id);
    expect((await northOfficer.get(`/api/members?inTransit=true`)).json().items.map((item: { id: number }) => item.id)).toEqual([member.id]);

    // Only the receiving side accepts; only the sending side can act on the member meanwhile.
    expect((await northOfficer.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-09-15', cellId: south.cellA.id, expectedRowVersion: 0 })).statusCode).toBe(404);
    const blocked = await northOfficer.post(`/api/members/${member.id}/removal`, { decisionId: await insertDecision(ctx.db, { signedOn: '2025-09-10' }), effectiveDate: '2025-09-10', ground: 'other', expectedRowVersion: 1 });
    expect(blocked.json().error.code).toBe('MEMBER_IN_TRANSIT');
    const accepted = await southOfficer.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-09-15', cellId: south.cellA.id, expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', receivedOn: '2025-09-15', cellId: south.cellA.id, presentBy: addWorkingDays('2025-09-15', 30), presentedOn: null });

    const page = await southOfficer.get(`/api/members/${member.id}`);
    expect(page.json().record).toMatchObject({ inTransit: false, unitId: south.cellA.id, unitName: south.cellA.name });
    expect(page.json().placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
      [north.cellA.id, '2010-03-01', '2025-09-15'], [south.cellA.id, '2025-09-15', null],
    ]);
    expect(page.json().timeline.map((event: { kind: string }) => event.kind)).toEqual(['registration', 'transfer_issued', 'transfer_received']);
    // The sending side no longer reaches the member.
    expect((await northOfficer.get(`/api/members/${member.id}`)).statusCode).toBe(404);
    // A history list of the sending cell still shows who was there then.
    const then = await northOfficer.get(`/api/members?unitId=${north.cellA.id}&asOf=2025-09-14`);
    expect(then.json().items.map((item: { id: number }) => item.id)).toContain(member.id);
    const journal = await ctx.db.selectFrom('journal').select(['action']).where('object_type', '=', 'member_transfer').where('object_id', '=', String(transfer.id)).orderBy('id').execute();
    expect(journal.map((row) => row.action)).toEqual(['transfer.issue', 'transfer.accept']);

    const presented = await southOfficer.post(`/api/transfers/${transfer.id}/present`, { presentedOn: '2025-09-20', expectedRowVersion: 1 });
    expect(presented.json()).toMatchObject({ presentedOn: '2025-09-20', isLate: false });
  });

  it('refuses a transfer to a dissolved unit, to the same cell, to a party group, and out of scope; nothing changes', async () => {
    const member = await newMember('Trần Văn Ở Lại');
    const dissolved = await insertUnit(ctx.db, { parentId: south.grassroots.id, kind: 'cell', validFrom: '2010-01-01' });
    await ctx.db.updateTable('org_units').set({ ended_on: '2024-01-01', end_reason: 'dissolved' }).where('id', '=', dissolved.id).execute();
    const before = await snapshot();
    const toDissolved = await issue(northOfficer, { memberId: member.id, toUnitId: dissolved.id, expectedRowVersion: 0 });
    expect(toDissolved.json().error.code).toBe('UNIT_DISSOLVED');
    expect((await issue(northOfficer, { memberId: member.id, toUnitId: north.cellA.id, expectedRowVersion: 0 })).json().error.code).toBe('TRANSFER_SAME_UNIT');
    // A party group belongs to its cell: the transfer goes to the cell (or a committee above it), never to the group.
    const group = await insertUnit(ctx.db, { parentId: south.cellA.id, kind: 'party_group', validFrom: '2010-01-01' });
    const toGroup = await issue(northOfficer, { memberId: member.id, toUnitId: group.id, expectedRowVersion: 0 });
    expect(toGroup.statusCode).toBe(422);
    expect(toGroup.json().error).toMatchObject({ code: 'TRANSFER_DESTINATION_CANNOT_RECEIVE', details: { unitId: group.id, kind: 'party_group' } });
    expect(toGroup.json().error.message).toContain('tổ đảng');
    expect((await issue(southOfficer, { memberId: member.id, toUnitId: south.cellA.id, expectedRowVersion: 0 })).statusCode).toBe(404);
    expect((await issue(northOfficer, { memberId: member.id, toUnitId: south.cellA.id, expectedRowVersion: 5 })).statusCode).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('the receiving side may return a transfer, and the sending side cancel one; the member stays home', async () => {
    const member = await newMember('Lê Văn Trả');
    const transfer = (await issue(northOfficer, { memberId: member.id, toUnitId: south.cellB.id, expectedRowVersion: 0 })).json();
    expect((await northOfficer.post(`/api/transfers/${transfer.id}/return`, { closedOn: '2025-09-05', reason: 'x', expectedRowVersion: 0 })).statusCode).toBe(404);
    const returned = await southOfficer.post(`/api/transfers/${transfer.id}/return`, { closedOn: '2025-09-05', reason: 'Không đúng địa chỉ nơi cư trú', expectedRowVersion: 0 });
    expect(returned.json()).toMatchObject({ status: 'returned', closedOn: '2025-09-05' });
    expect((await southOfficer.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-09-06', expectedRowVersion: 1 })).json().error.code).toBe('TRANSFER_NOT_OPEN');
    expect((await southOfficer.get(`/api/members/${member.id}`)).statusCode).toBe(404);
    const home = await northOfficer.get(`/api/members/${member.id}`);
    expect(home.json().record).toMatchObject({ inTransit: false, unitId: north.cellA.id });

    const second = (await issue(northOfficer, { memberId: member.id, toUnitId: south.cellB.id, issuedOn: '2025-09-10', expectedRowVersion: home.json().record.rowVersion })).json();
    expect((await southOfficer.post(`/api/transfers/${second.id}/cancel`, { closedOn: '2025-09-11', reason: 'x', expectedRowVersion: 0 })).statusCode).toBe(404);
    const cancelled = await northOfficer.post(`/api/transfers/${second.id}/cancel`, { closedOn: '2025-09-11', reason: 'Đảng viên đổi ý', expectedRowVersion: 0 });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
  });

  it('lists transfers past their working-day deadline', async () => {
    const lateMember = await newMember('Phạm Văn Trễ');
    const late = (await issue(northOfficer, { memberId: lateMember.id, toUnitId: south.cellB.id, issuedOn: '2025-06-02', expectedRowVersion: 0 })).json();
    const freshMember = await newMember('Phạm Văn Kịp');
    const recent = addDays(todayInVietnam(), -3);
    const fresh = (await issue(northOfficer, { memberId: freshMember.id, toUnitId: south.cellB.id, issuedOn: recent, expectedRowVersion: 0 })).json();
    expect(late.isLate).toBe(true);
    expect(fresh.isLate).toBe(false);
    const lateList = (await southOfficer.get('/api/transfers?late=true')).json().items.map((item: { id: number }) => item.id);
    expect(lateList).toContain(late.id);
    expect(lateList).not.toContain(fresh.id);
    // As of a date before the deadline, it was not late yet.
    const earlier = (await southOfficer.get('/api/transfers?late=true&asOf=2025-07-01')).json().items.map((item: { id: number }) => item.id);
    expect(earlier).not.toContain(late.id);
  });

  it('a temporary member takes part at the host cell but is not counted there', async () => {
    const member = await newMember('Đặng Văn Tạm');
    const regular = await newMember('Đặng Văn Gốc', south.cellB.id);
    expect(regular.id).toBeGreaterThan(0);
    const tooLong = await issue(northOfficer, { memberId: member.id, kind: 'temporary', purpose: 'work', toUnitId: south.cellB.id, issuedOn: '2025-09-01', temporaryUntil: '2026-09-01', expectedRowVersion: 0 });
    expect(tooLong.json().error.code).toBe('TRANSFER_DURATION_INVALID');
    const issued = await issue(northOfficer, { memberId: member.id, kind: 'temporary', purpose: 'study', toUnitId: south.cellB.id, issuedOn: '2025-09-01', temporaryUntil: '2026-09-01', expectedRowVersion: 0 });
    expect(issued.statusCode, issued.body).toBe(201);
    const accepted = await southOfficer.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2025-09-10', expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const host = (await southOfficer.get(`/api/members/headcount?unitId=${south.cellB.id}&asOf=2025-10-01`)).json();
    expect(host).toMatchObject({ total: 1, official: 1, temporaryGuests: 1 });
    const home = (await northOfficer.get(`/api/members/headcount?unitId=${north.cellA.id}&asOf=2025-10-01`)).json();
    // Still counted at home: the home list of that date has them, and the count is that list's length.
    const homeList = (await northOfficer.get(`/api/members?unitId=${north.cellA.id}&asOf=2025-10-01&limit=500`)).json().items;
    expect(homeList.map((item: { id: number }) => item.id)).toContain(member.id);
    expect(home.total).toBe(homeList.length);
    expect(home.temporaryGuests).toBe(0);
    expect((await southOfficer.get(`/api/members/headcount?unitId=${north.cellA.id}`)).statusCode).toBe(404);
    // Above the cells, once the statistics' aggregates are kept, the members are read from them and the guest is
    // still counted apart: the same answer as the raw count gave before.
    const raw = (await southOfficer.get(`/api/members/headcount?unitId=${south.grassroots.id}&asOf=2025-10-01`)).json();
    expect(raw.temporaryGuests).toBe(1);
    expect(raw.total).toBeGreaterThan(0);
    await rebuildMemberStatistics(ctx.db);
    expect((await southOfficer.get(`/api/members/headcount?unitId=${south.grassroots.id}&asOf=2025-10-01`)).json()).toEqual(raw);
    expect(await headcountOfUnit(ctx.db, south.province.id, '2025-10-01', systemScope('test: headcounts'))).toMatchObject({ total: raw.total, temporaryGuests: 1 });

    // The host lists the guest among temporary members, not among its own.
    const own = (await southOfficer.get(`/api/members?unitId=${south.cellB.id}`)).json().items.map((item: { id: number }) => item.id);
    expect(own).not.toContain(member.id);
    const guests = (await southOfficer.get(`/api/members?unitId=${south.cellB.id}&placement=temporary`)).json().items;
    expect(guests).toEqual([expect.objectContaining({ id: member.id, placement: 'temporary', unitId: south.cellB.id })]);
    expect((await southOfficer.get(`/api/members/${member.id}`)).statusCode).toBe(200);
    const both = (await southOfficer.get(`/api/members?unitId=${south.cellB.id}&placement=all`)).json().items;
    expect(both.map((item: { id: number; placement: string }) => [item.id, item.placement])).toEqual(expect.arrayContaining([[member.id, 'temporary'], [regular.id, 'official']]));
    const asOfGuests = (await southOfficer.get(`/api/members?unitId=${south.cellB.id}&placement=all&asOf=2025-10-01`)).json().items;
    expect(asOfGuests.map((item: { id: number; placement: string }) => [item.id, item.placement])).toEqual(expect.arrayContaining([[member.id, 'temporary'], [regular.id, 'official']]));

    const ended = await southOfficer.post(`/api/transfers/${issued.json().id}/end`, { closedOn: '2025-12-01', reason: 'Hết thời hạn học tập', expectedRowVersion: 1 });
    expect(ended.json()).toMatchObject({ status: 'ended', closedOn: '2025-12-01' });
    expect((await southOfficer.get(`/api/members?unitId=${south.cellB.id}&placement=temporary`)).json().items).toEqual([]);
    expect((await southOfficer.get(`/api/members/${member.id}`)).statusCode).toBe(404);
    expect((await headcountOfUnit(ctx.db, south.cellB.id, '2025-12-02', systemScope('test: headcounts'))).temporaryGuests).toBe(0);
    expect((await headcountOfUnit(ctx.db, south.cellB.id, '2025-11-30', systemScope('test: headcounts'))).temporaryGuests).toBe(1);
  });

  it('two officers accepting and returning one transfer at once: one wins, the other gets 409', async () => {
    const member = await newMember('Vương Văn Đua');
    const transfer = (await issue(northOfficer, { memberId: member.id, toUnitId: south.grassroots.id, expectedRowVersion: 0 })).json();
    const another = await createAccount(ctx.db, { role: 'org_officer', unitId: south.province.id });
    const provincial = await signIn(ctx.app, another.username, another.password);
    const [a, b] = await Promise.all([
      southOfficer.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-09-20', cellId: south.cellB.id, expectedRowVersion: 0 }),
      provincial.post(`/api/transfers/${transfer.id}/return`, { closedOn: '2025-09-20', reason: 'Trả lại', expectedRowVersion: 0 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });
});
