import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { nextPresentationDay } from '../../../src/rules/party-age.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';
import { csvFile, personCells, uploadAndValidate } from '../member-import/helpers.ts';

type Item = { key: string; count: number; link: string; params: Record<string, string | number> };

describe('the home page: work items counted in the caller\'s scope', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  let northOfficer: ApiClient;
  let southOfficer: ApiClient;
  let southSecretary: ApiClient;
  let southViewer: ApiClient;
  let member: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bắc Nhà');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nam Nhà');
    const sign = async (role: 'org_officer' | 'cell_secretary' | 'viewer' | 'member', unitId: number, memberId?: number) => {
      const account = await createAccount(ctx.db, { role, unitId, memberId });
      return signIn(ctx.app, account.username, account.password);
    };
    northOfficer = await sign('org_officer', north.commune.id);
    southOfficer = await sign('org_officer', south.commune.id);
    southSecretary = await sign('cell_secretary', south.cellA.id);
    southViewer = await sign('viewer', south.commune.id);
    const self = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: south.cellA.id, fullName: 'Đinh Văn Tự', birthDate: '1979-02-02', citizenId: validCitizenId('male', '1979-02-02') });
    member = await sign('member', south.cellA.id, self.id);
  });
  afterAll(async () => { await ctx.close(); });

  /** Every card the caller may see, each counted on its own request as the web asks it. */
  const items = async (client: ApiClient) => {
    const home = await client.get('/api/home');
    expect(home.statusCode, home.body).toBe(200);
    const found = new Map<string, Item>();
    for (const key of home.json().workItems as string[]) {
      const response = await client.get(`/api/home/items?keys=${encodeURIComponent(key)}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().items.map((item: Item) => item.key)).toEqual([key]);
      found.set(key, response.json().items[0]);
    }
    // All at once: the same counts.
    const all = (await client.get('/api/home/items')).json().items as Item[];
    expect(all.map((item) => [item.key, item.count])).toEqual([...found.values()].map((item) => [item.key, item.count]));
    return found;
  };
  const countOf = async (client: ApiClient, key: string) => (await items(client)).get(key)?.count;

  it('incoming and late transfers: counted for the destination (and both sides when late), not elsewhere', async () => {
    const person = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: 'Lý Văn Đến', birthDate: '1981-03-03', citizenId: validCitizenId('male', '1981-03-03') });
    const late = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellB.id, fullName: 'Lý Văn Trễ', birthDate: '1982-04-04', citizenId: validCitizenId('male', '1982-04-04') });
    for (const [who, issuedOn] of [[person, todayInVietnam()], [late, '2025-01-06']] as const) {
      const decisionId = await insertDecision(ctx.db, { signedOn: issuedOn });
      const issued = await northOfficer.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn, memberId: who.id, toUnitId: south.grassroots.id, expectedRowVersion: who.rowVersion });
      expect(issued.statusCode, issued.body).toBe(201);
    }
    const south_ = await items(southOfficer);
    expect(south_.get('transfers.incoming')).toMatchObject({ count: 2, link: '/transfers?tab=incoming' });
    expect(south_.get('transfers.late')).toMatchObject({ count: 1, link: '/transfers?tab=late' });
    expect(await countOf(northOfficer, 'transfers.incoming')).toBe(0);
    expect(await countOf(northOfficer, 'transfers.late')).toBe(1);
    // The cell's secretary is under the destination, not at it: the grassroots committee's transfers are not theirs.
    expect(await countOf(southSecretary, 'transfers.incoming')).toBe(0);
    // A viewer cannot accept: no "incoming" item, but the late ones are shown.
    expect((await items(southViewer)).has('transfers.incoming')).toBe(false);
    expect(await countOf(southViewer, 'transfers.late')).toBe(1);
  });

  it('badges due on the next presentation day, with the day in the link', async () => {
    const day = nextPresentationDay(todayInVietnam());
    // Reaches 30 years of party age shortly before the day.
    const admission = `${Number(day.slice(0, 4)) - 30}-${day.slice(5, 7)}-01`;
    await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: south.cellA.id, fullName: 'Hà Văn Ba Mươi', birthDate: '1960-01-01', citizenId: validCitizenId('male', '1960-01-01'), admissionDate: admission, officialDate: `${Number(admission.slice(0, 4)) + 1}${admission.slice(4)}`, effectiveDate: '2020-01-01' });
    const southItem = (await items(southOfficer)).get('badges.due')!;
    expect(southItem).toMatchObject({ count: 1, link: `/badges?date=${day}`, params: { date: day } });
    const due = (await southOfficer.get(`/api/badges/due?presentationDate=${day}`)).json();
    expect(due.items).toHaveLength(southItem.count);
    expect(await countOf(southSecretary, 'badges.due')).toBe(1);
    expect(await countOf(northOfficer, 'badges.due')).toBe(0);
  });

  it('open cleaning issues of the scope', async () => {
    for (let twice = 0; twice < 2; twice++) {
      await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: south.cellB.id, fullName: 'Trùng Văn Tên', birthDate: '1975-07-07', citizenId: validCitizenId('male', '1975-07-07') });
    }
    const southCount = (await items(southOfficer)).get('member-cleaning.open')!;
    expect(southCount.count).toBeGreaterThan(0);
    expect(southCount.link).toBe('/member-cleaning');
    const listed = (await southOfficer.get('/api/member-cleaning/issues')).json();
    expect(southCount.count).toBe(listed.total);
    expect(await countOf(northOfficer, 'member-cleaning.open')).toBe((await northOfficer.get('/api/member-cleaning/issues')).json().total);
  });

  it('imports finished: the caller\'s own only', async () => {
    expect(await countOf(northOfficer, 'member-import.finished')).toBe(0);
    const job = await uploadAndValidate(northOfficer, north.commune.id, 'nha.csv', csvFile([personCells({ name: 'Mai Văn Nhập', unitCode: north.cellA.code })]));
    expect(job.status).toBe('validated');
    expect((await items(northOfficer)).get('member-import.finished')).toMatchObject({ count: 1, link: '/member-import' });
    expect(await countOf(southOfficer, 'member-import.finished')).toBe(0);
    // A viewer cannot import: no such item.
    expect((await items(southViewer)).has('member-import.finished')).toBe(false);
  });

  it('a cell secretary sees their cell, where it is, and its headcount; a member sees no work items', async () => {
    const home = (await southSecretary.get('/api/home')).json();
    expect(home.units).toEqual([expect.objectContaining({
      unitId: south.cellA.id, role: 'cell_secretary', name: south.cellA.name, kind: 'cell',
      above: [south.grassroots.name, south.commune.name], label: `${south.cellA.name} · ${south.grassroots.name} · ${south.commune.name}`,
    })]);
    const headcount = (await southSecretary.get(`/api/members/headcount?unitId=${south.cellA.id}`)).json();
    expect(home.units[0].headcount).toBe(headcount.total);
    expect(home.units[0].headcount).toBeGreaterThan(0);
    // A larger unit's numbers are on its own page.
    expect((await southOfficer.get('/api/home')).json().units[0]).toMatchObject({ unitId: south.commune.id, headcount: null });
    const own = (await member.get('/api/home')).json();
    expect(own).toMatchObject({ units: [], workItems: [] });
    // A key the caller may not see (or that does not exist) is left out, not counted.
    expect((await member.get('/api/home/items?keys=transfers.late,nothing.here')).json()).toEqual({ items: [] });
    expect((await southViewer.get('/api/home/items?keys=transfers.incoming,transfers.late')).json().items.map((item: Item) => item.key)).toEqual(['transfers.late']);
  });
});
