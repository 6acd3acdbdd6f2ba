import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, type ProvinceFixture } from '../../helpers/member-factories.ts';
import type { MemberPage } from '../../../src/contracts/members.ts';
import { mergeMemberTimeline } from '../../../web/src/features/members/timeline.ts';

type DueItem = {
  memberId: number; milestone: number; early: boolean; seriouslyIll: boolean; reachedOn: string; partyAgeYears: number; unitName: string;
  presentedOn: string | null; left: { status: string; since: string } | null;
};

describe('party badges through HTTP', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let viewer: ApiClient;
  let outsider: ApiClient;
  let decisionId: number;
  const ids: Record<string, number> = {};

  async function official(name: string, admissionDate: string, birthDate: string, unitId = home.cellA.id) {
    const officialDate = `${Number(admissionDate.slice(0, 4)) + 1}${admissionDate.slice(4)}`;
    return (await registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName: name, birthDate, admissionDate, officialDate, effectiveDate: '2020-01-01' })).id;
  }

  async function award(memberId: number, milestone: number, presentedOn: string) {
    await ctx.db.insertInto('member_badge_awards').values({
      member_id: memberId, milestone, presented_on: presentedOn, decision_id: decisionId, early: false, unit_id: null, recorded_by: null, voided_at: null, voided_by: null, void_reason: null,
    }).execute();
  }

  async function due(client: ApiClient, date: string, extra = ''): Promise<{ items: DueItem[]; byMilestone: Record<string, number>; regulation: string; presented: number }> {
    const response = await client.get(`/api/badges/due?presentationDate=${date}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Huy hiệu');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tỉnh khác');
    decisionId = await insertDecision(ctx.db, { signedOn: '2026-08-20', issuingUnitId: home.province.id, issuingBody: 'Ban Thường vụ Tỉnh ủy' });
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const viewerAccount = await createAccount(ctx.db, { role: 'viewer', unitId: home.province.id });
    viewer = await signIn(ctx.app, viewerAccount.username, viewerAccount.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.province.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);

    ids.thirty = await official('Nguyễn Văn Ba Mươi', '1996-06-15', '1970-01-01');
    ids.notYet = await official('Trần Văn Chưa Đủ', '1997-08-01', '1970-01-01');
    ids.illEarly = await official('Lê Văn Ốm', '1997-08-01', '1971-01-01', home.cellB.id);
    ids.seventy = await official('Phạm Văn Bảy Mươi', '1956-01-01', '1930-01-01');
    for (const milestone of [30, 40, 45, 50, 55, 60, 65]) await award(ids.seventy, milestone, '2021-02-03');
    ids.illSeventy = await official('Hoàng Văn Cụ', '1958-09-01', '1932-01-01');
    for (const milestone of [30, 40, 45, 50, 55, 60, 65]) await award(ids.illSeventy, milestone, '2023-09-02');
    ids.skipped = await official('Vũ Văn Bỏ Lỡ', '1980-01-01', '1955-01-01');
    ids.gap = await official('Đỗ Văn Gián Đoạn', '1992-01-01', '1965-01-01');
    ids.noGap = await official('Đỗ Văn Liên Tục', '1992-01-01', '1965-01-02');
    ids.probationary = (await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: home.cellA.id, fullName: 'Bùi Văn Dự Bị', status: 'probationary', admissionDate: '1990-01-01', officialDate: null, birthDate: '1965-01-01', effectiveDate: '2020-01-01' })).id;
    ids.removed = await official('Ngô Văn Xóa Tên', '1990-01-01', '1965-01-01');
    await ctx.db.updateTable('members').set({ status: 'removed', status_since: '2020-01-01' }).where('id', '=', ids.removed).execute();
    ids.outside = await official('Lý Văn Ngoài', '1990-01-01', '1965-01-01', other.cellA.id);

    // Four years outside the party (removed in 2000, re-admitted in 2004): party age reaches 30 on 2026-01-01.
    const unit = home.cellA.id;
    await ctx.db.insertInto('member_events').values([
      { member_id: ids.gap, kind: 'removal', effective_date: '2000-01-01', decision_id: null, unit_id: unit, status_after: 'removed', payload: '{}', reason: null, transfer_id: null, corrects_event_id: null, voided_by_event_id: null, recorded_by: null },
      { member_id: ids.gap, kind: 'readmission', effective_date: '2004-01-01', decision_id: null, unit_id: unit, status_after: 'probationary', payload: '{}', reason: null, transfer_id: null, corrects_event_id: null, voided_by_event_id: null, recorded_by: null },
    ]).execute();
    // Serious illness recorded through the API.
    for (const memberId of [ids.illEarly, ids.illSeventy]) {
      const flagged = await officer.post(`/api/badges/members/${memberId}/serious-illness`, { since: '2026-01-10', note: 'Bệnh nặng, có xác nhận của bệnh viện.' });
      expect(flagged.statusCode, flagged.body).toBe(201);
    }
  });
  afterAll(async () => { await ctx.close(); });

  it('lists who is due on 2/9/2026, with the early award for the seriously ill, by the rules in force', async () => {
    const list = await due(officer, '2026-09-02');
    expect(list.regulation).toContain('294-QĐ/TW');
    const byMember = new Map(list.items.map((item) => [item.memberId, item]));
    expect(byMember.get(ids.thirty)).toMatchObject({ milestone: 30, early: false, reachedOn: '2026-06-15', partyAgeYears: 30 });
    expect(byMember.has(ids.notYet)).toBe(false);
    expect(byMember.get(ids.illEarly)).toMatchObject({ milestone: 30, early: true, seriouslyIll: true, reachedOn: '2027-08-01', partyAgeYears: 29 });
    expect(byMember.get(ids.seventy)).toMatchObject({ milestone: 70, early: false });
    expect(byMember.get(ids.illSeventy)).toMatchObject({ milestone: 70, early: true, reachedOn: '2028-09-01' });
    expect(byMember.get(ids.skipped)).toMatchObject({ milestone: 45 });
    expect(byMember.get(ids.gap)).toMatchObject({ milestone: 30, reachedOn: '2026-01-01', partyAgeYears: 30 });
    expect(byMember.get(ids.noGap)).toMatchObject({ milestone: 30, reachedOn: '2022-01-01', partyAgeYears: 34 });
    for (const id of [ids.probationary, ids.removed, ids.outside]) expect(byMember.has(id)).toBe(false);
    expect(list.byMilestone).toEqual({ 30: 4, 45: 1, 70: 2 });
    expect(byMember.get(ids.illEarly)?.unitName).toBe(home.cellB.name);
  });

  it('time outside the party delays the badge: not yet due on 2/9/2025', async () => {
    const list = await due(officer, '2025-09-02');
    const listed = list.items.map((item) => item.memberId);
    expect(listed).not.toContain(ids.gap);
    expect(listed).toContain(ids.noGap);
    expect((await due(officer, '2025-09-02')).regulation).toContain('294-QĐ/TW');
  });

  it('narrows to a unit, stays inside the scope, and refuses a day that is not a presentation day', async () => {
    const cellB = await due(officer, '2026-09-02', `&unitId=${home.cellB.id}`);
    expect(cellB.items.map((item) => item.memberId)).toEqual([ids.illEarly]);
    expect((await officer.get(`/api/badges/due?presentationDate=2026-09-02&unitId=${other.cellA.id}`)).statusCode).toBe(404);
    expect((await due(outsider, '2026-09-02')).items.map((item) => item.memberId)).toEqual([ids.outside]);
    expect((await due(viewer, '2026-09-02')).items.length).toBe(7);
    const wrongDay = await officer.get('/api/badges/due?presentationDate=2026-09-03');
    expect(wrongDay.statusCode).toBe(422);
    expect(wrongDay.json().error.code).toBe('BADGE_NOT_PRESENTATION_DAY');
  });

  it("records awards under one decision, journaled; that day's list shows them presented, the next day's no longer lists them", async () => {
    const response = await officer.post('/api/badges/awards', {
      presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.thirty, milestone: 30 }, { memberId: ids.illEarly, milestone: 30 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().awarded).toMatchObject([{ memberId: ids.thirty, milestone: 30, early: false }, { memberId: ids.illEarly, milestone: 30, early: true }]);
    // The list of 2/9/2026 is the list of that day: those presented then stay, with the day they were presented.
    const thatDay = await due(officer, '2026-09-02');
    const presented = new Map(thatDay.items.map((item) => [item.memberId, item.presentedOn]));
    expect(presented.get(ids.thirty)).toBe('2026-09-02');
    expect(presented.get(ids.illEarly)).toBe('2026-09-02');
    expect(presented.get(ids.skipped)).toBeNull();
    expect(thatDay.presented).toBe(2);
    expect(thatDay.byMilestone).toEqual({ 30: 4, 45: 1, 70: 2 });
    // From the next presentation day on they have their badge.
    const nextDay = await due(officer, '2026-11-07');
    expect(nextDay.items.map((item) => item.memberId)).not.toContain(ids.thirty);
    expect(nextDay.items.map((item) => item.memberId)).not.toContain(ids.illEarly);
    expect(nextDay.items.map((item) => item.memberId)).toContain(ids.skipped);
    expect(nextDay.presented).toBe(0);
    const journal = await ctx.db.selectFrom('journal').selectAll().where('action', '=', 'member.badge_award').where('object_id', '=', String(ids.thirty)).execute();
    expect(journal).toMatchObject([{ decision_id: decisionId, effective_date: '2026-09-02', unit_id: home.cellA.id }]);
    const page = await officer.get(`/api/badges/members/${ids.illEarly}`);
    expect(page.json()).toMatchObject({ memberId: ids.illEarly, partyAgeYears: 29, awards: [{ milestone: 30, early: true }], seriousIllness: [{ since: '2026-01-10', until: null }] });
  });

  it('refuses the whole batch when one award is not due, already given, or outside the scope', async () => {
    const notDue = await officer.post('/api/badges/awards', {
      presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.skipped, milestone: 45 }, { memberId: ids.notYet, milestone: 30 }],
    });
    expect(notDue.statusCode).toBe(422);
    expect(notDue.json().error).toMatchObject({ code: 'BADGE_NOT_DUE', details: { memberId: ids.notYet } });
    expect(await ctx.db.selectFrom('member_badge_awards').selectAll().where('member_id', '=', ids.skipped).execute()).toHaveLength(0);
    const wrongMilestone = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.skipped, milestone: 30 }] });
    expect(wrongMilestone.json().error).toMatchObject({ code: 'BADGE_NOT_DUE', details: { dueMilestone: 45 } });
    const again = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.thirty, milestone: 30 }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('BADGE_ALREADY_AWARDED');
    const foreign = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.outside, milestone: 30 }] });
    expect(foreign.statusCode).toBe(404);
    expect((await viewer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.skipped, milestone: 45 }] })).statusCode).toBe(403);
    const noDecision = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId: 987_654, awards: [{ memberId: ids.skipped, milestone: 45 }] });
    expect(noDecision.json().error.code).toBe('DECISION_NOT_FOUND');
    const wrongDay = await officer.post('/api/badges/awards', { presentationDate: '2026-09-01', decisionId, awards: [{ memberId: ids.skipped, milestone: 45 }] });
    expect(wrongDay.json().error.code).toBe('BADGE_NOT_PRESENTATION_DAY');
    const twice = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: ids.skipped, milestone: 45 }, { memberId: ids.skipped, milestone: 45 }] });
    expect(twice.statusCode).toBe(422);
  });

  it('serious illness is flagged once, can be ended, and stops the early award after it ends', async () => {
    const again = await officer.post(`/api/badges/members/${ids.illSeventy}/serious-illness`, { since: '2026-02-01', note: 'lần hai' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SERIOUS_ILLNESS_ALREADY_OPEN');
    const ended = await officer.post(`/api/badges/members/${ids.illSeventy}/serious-illness/end`, { until: '2026-10-01', note: 'Đã hồi phục.' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ since: '2026-01-10', until: '2026-10-01' });
    expect((await due(officer, '2026-09-02')).items.map((item) => item.memberId)).toContain(ids.illSeventy);
    expect((await due(officer, '2026-11-07')).items.map((item) => item.memberId)).not.toContain(ids.illSeventy);
    const notOpen = await officer.post(`/api/badges/members/${ids.illSeventy}/serious-illness/end`, { until: '2026-10-02', note: 'x' });
    expect(notOpen.json().error.code).toBe('SERIOUS_ILLNESS_NOT_OPEN');
    expect((await outsider.post(`/api/badges/members/${ids.thirty}/serious-illness`, { since: '2026-01-01', note: 'x' })).statusCode).toBe(404);
    expect((await outsider.get(`/api/badges/members/${ids.thirty}`)).statusCode).toBe(404);
    const future = await officer.post(`/api/badges/members/${ids.thirty}/serious-illness`, { since: '2999-01-01', note: 'x' });
    expect(future.json().error.code).toBe('DATE_IN_FUTURE');
    const journal = await ctx.db.selectFrom('journal').select('action').where('object_id', '=', String(ids.illSeventy)).where('action', 'like', 'member.serious_illness%').execute();
    expect(journal.map((entry) => entry.action).sort()).toEqual(['member.serious_illness', 'member.serious_illness_end']);
  });

  describe('on the member page', () => {
    async function memberPage(client: ApiClient, url: string): Promise<MemberPage> {
      const response = await client.get(url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    }
    const entriesOf = (page: MemberPage) => mergeMemberTimeline(page).map((entry) => `${entry.date} ${entry.type === 'event' ? entry.event.kind : entry.type}`);

    it('an early badge and the serious illness behind it appear beside the life-cycle events, in date order', async () => {
      const page = await memberPage(officer, `/api/members/${ids.illEarly}`);
      expect(page.badgeAwards).toEqual([{
        id: expect.any(Number), milestone: 30, presentedOn: '2026-09-02', early: true, unitId: home.cellB.id, unitName: home.cellB.name,
        decision: { id: decisionId, number: expect.any(String), signedOn: '2026-08-20', issuingBody: 'Ban Thường vụ Tỉnh ủy' }, recordedAt: expect.any(String),
      }]);
      expect(page.seriousIllness).toEqual([{ id: expect.any(Number), since: '2026-01-10', until: null, note: 'Bệnh nặng, có xác nhận của bệnh viện.', decision: null, recordedAt: expect.any(String) }]);
      // Read from their own tables: the life-cycle timeline holds no badge or illness rows.
      expect(page.timeline.map((event) => event.kind)).toEqual(['registration']);
      expect(entriesOf(page)).toEqual(['2020-01-01 registration', '2026-01-10 illnessStart', '2026-09-02 badge']);
      expect((await memberPage(viewer, `/api/members/${ids.illEarly}`)).badgeAwards.map((item) => item.milestone)).toEqual([30]);
      expect((await outsider.get(`/api/members/${ids.illEarly}`)).statusCode).toBe(404);
    });

    it('many badges and an ended illness: each badge, the start and the end, in order; a member without any shows none', async () => {
      const page = await memberPage(officer, `/api/members/${ids.illSeventy}`);
      expect(page.seriousIllness).toMatchObject([{ since: '2026-01-10', until: '2026-10-01' }]);
      expect(page.badgeAwards.map((item) => [item.milestone, item.presentedOn, item.unitName])).toEqual(
        [30, 40, 45, 50, 55, 60, 65].map((milestone) => [milestone, '2023-09-02', null]),
      );
      expect(entriesOf(page)).toEqual([
        '2020-01-01 registration', ...Array.from({ length: 7 }, () => '2023-09-02 badge'), '2026-01-10 illnessStart', '2026-10-01 illnessEnd',
      ]);
      const none = await memberPage(officer, `/api/members/${ids.notYet}`);
      expect(none).toMatchObject({ badgeAwards: [], seriousIllness: [] });
    });

    it('the OpenAPI document describes the badges and illness records of the member page', async () => {
      const openapi = await officer.get('/api/openapi.json');
      expect(openapi.statusCode).toBe(200);
      const schema = JSON.stringify(openapi.json().paths['/api/members/{id}'].get.responses['200']);
      for (const field of ['badgeAwards', 'seriousIllness', 'milestone', 'presentedOn', 'since', 'until']) expect(schema).toContain(`"${field}"`);
    });

    it('a member who died after a past presentation day is on that day\'s list, marked, and on no later one', async () => {
      const id = await official('Trịnh Văn Đã Mất', '1995-03-10', '1968-01-01');
      await ctx.db.updateTable('members').set({ status: 'deceased', status_since: '2026-10-01' }).where('id', '=', id).execute();
      const thatDay = await due(officer, '2026-09-02');
      expect(thatDay.items.find((item) => item.memberId === id)).toMatchObject({ milestone: 30, left: { status: 'deceased', since: '2026-10-01' }, presentedOn: null });
      expect(thatDay.items.find((item) => item.memberId === ids.skipped)?.left).toBeNull();
      expect((await due(officer, '2026-11-07')).items.map((item) => item.memberId)).not.toContain(id);
      // Left before the day: not on it (removed in 2020).
      expect(thatDay.items.map((item) => item.memberId)).not.toContain(ids.removed);
      // Nobody records a badge for a member no longer in the party.
      const refused = await officer.post('/api/badges/awards', { presentationDate: '2026-09-02', decisionId, awards: [{ memberId: id, milestone: 30 }] });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('BADGE_NOT_DUE');
    });

    it('each member carries the highest badge presented, kept from the awards whoever writes them, voided ones left out', async () => {
      const highest = async (memberId: number) => (await ctx.db.selectFrom('members').select('highest_badge').where('id', '=', memberId).executeTakeFirstOrThrow()).highest_badge;
      expect(await highest(ids.seventy)).toBe(65);
      expect(await highest(ids.thirty)).toBe(30);
      expect(await highest(ids.notYet)).toBe(0);
      // A mistaken award voided with its reason: the member holds the badge below again and is due the next one.
      await ctx.db.updateTable('member_badge_awards').set({ voided_at: new Date(), void_reason: 'Ghi nhầm đợt trao' })
        .where('member_id', '=', ids.seventy).where('milestone', '=', 65).execute();
      expect(await highest(ids.seventy)).toBe(60);
      const list = await due(officer, '2026-11-07');
      expect(list.items.find((item) => item.memberId === ids.seventy)).toMatchObject({ milestone: 70 });
      await ctx.db.updateTable('member_badge_awards').set({ voided_at: null, void_reason: null })
        .where('member_id', '=', ids.seventy).where('milestone', '=', 65).execute();
      expect(await highest(ids.seventy)).toBe(65);
    });

    it('a member account sees its own badge and illness record on its own page', async () => {
      const account = await createAccount(ctx.db, { role: 'member', unitId: home.cellB.id, memberId: ids.illEarly });
      const self = await signIn(ctx.app, account.username, account.password);
      const own = await memberPage(self, '/api/members/self');
      expect(own.record.id).toBe(ids.illEarly);
      expect(own.badgeAwards).toMatchObject([{ milestone: 30, presentedOn: '2026-09-02', early: true }]);
      expect(own.seriousIllness).toMatchObject([{ since: '2026-01-10', until: null }]);
      expect(entriesOf(own)).toEqual(['2020-01-01 registration', '2026-01-10 illnessStart', '2026-09-02 badge']);
      expect((await self.get(`/api/members/${ids.thirty}`)).statusCode).toBe(403);
    });
  });
});
