/**
 * The submissions the level above reviews (issue 12, item 5), as a list an officer works through: a page at a time
 * with its total, newest first, each with the name of who sent and who returned it; the detail says whether the
 * caller is the level that may return it, so the page offers the button only to them; the form's page reads where
 * its form stands for the unit and period shown (sent and locked, returned, or never sent).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import type { ApiClient } from '../../helpers/app.ts';
import type { StatisticsFormSubmission, StatisticsSubmission, StatisticsSubmissionList } from '../../../src/contracts/statistics.ts';

describe('the submissions list: pages, totals, names, and who may return', () => {
  let world: OrgWorld;
  let province: number;
  let north: number;
  let south: number;
  let northOfficer: ApiClient;
  let provinceOfficer: ApiClient;
  const sent: StatisticsSubmission[] = [];

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Báo Cáo', date: '2015-01-01' });
    north = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Bắc', date: '2015-01-01' });
    south = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Nam', date: '2015-01-01' });
    northOfficer = await world.clientFor('org_officer', north);
    provinceOfficer = await world.clientFor('org_officer', province);
    const southOfficer = await world.clientFor('org_officer', south);
    // Five reports of the north and two of the south, on dates out of order, two of them on the same date.
    for (const [client, unitId, date] of [
      [northOfficer, north, '2021-06-30'], [northOfficer, north, '2022-12-31'], [southOfficer, south, '2022-12-31'], [northOfficer, north, '2020-12-31'],
      [southOfficer, south, '2023-06-30'], [northOfficer, north, '2023-12-31'], [northOfficer, north, '2019-12-31'],
    ] as const) {
      const answer = await client.post('/api/statistics/submissions', { formKey: 'organizations', unitId, date });
      expect(answer.statusCode, answer.body).toBe(201);
      sent.push(answer.json());
    }
  });
  afterAll(async () => { await world?.close(); });

  it('pages through every submission of the unit and its children, newest first, with the total on the first page', async () => {
    const seen: StatisticsSubmission[] = [];
    const totals: (number | null)[] = [];
    let cursor: string | null = null;
    do {
      const answer = await provinceOfficer.get(`/api/statistics/submissions?unitId=${province}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.statusCode, answer.body).toBe(200);
      const page = answer.json() as StatisticsSubmissionList;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      totals.push(page.total);
      cursor = page.nextCursor;
    } while (cursor);
    expect(totals).toEqual([7, null, null]);
    const expected = [...sent].sort((a, b) => b.to.localeCompare(a.to) || b.id - a.id).map((item) => item.id);
    expect(seen.map((item) => item.id)).toEqual(expected);
    // The north alone: its own five.
    const own = (await northOfficer.get(`/api/statistics/submissions?unitId=${north}`)).json() as StatisticsSubmissionList;
    expect(own.total).toBe(5);
    expect(own.nextCursor).toBeNull();
  });

  it('names who sent and who returned each one', async () => {
    const sender = (await northOfficer.get('/api/auth/me')).json();
    const returner = (await provinceOfficer.get('/api/auth/me')).json();
    const first = sent[0];
    expect(first.submittedByName).toBe(sender.displayName);
    expect(first.returnedByName).toBeNull();
    const returned = await provinceOfficer.post(`/api/statistics/submissions/${first.id}/return`, { reason: 'Bổ sung số liệu.', expectedRowVersion: 0 });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', submittedByName: sender.displayName, returnedByName: returner.displayName });
    const listed = (await provinceOfficer.get(`/api/statistics/submissions?unitId=${province}&limit=200`)).json() as StatisticsSubmissionList;
    expect(listed.items.find((item) => item.id === first.id)).toMatchObject({ returnedByName: returner.displayName });
  });

  it('tells the level above, and only it, that it may return a standing submission', async () => {
    const standing = sent[1];
    expect((await provinceOfficer.get(`/api/statistics/submissions/${standing.id}`)).json().canReturn).toBe(true);
    expect((await world.admin.get(`/api/statistics/submissions/${standing.id}`)).json().canReturn).toBe(true);
    expect((await northOfficer.get(`/api/statistics/submissions/${standing.id}`)).json().canReturn).toBe(false);
    // Once returned, nobody may return it again.
    expect((await provinceOfficer.get(`/api/statistics/submissions/${sent[0].id}`)).json().canReturn).toBe(false);
  });

  it('tells the form\'s page where the form stands for the unit and the date or period shown', async () => {
    const state = async (query: string, client = northOfficer) => {
      const answer = await client.get(`/api/statistics/forms/${query}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return (answer.json() as StatisticsFormSubmission).submission;
    };
    // Standing: locked; returned: with the reason; never sent: nothing.
    expect(await state(`organizations/submission?unitId=${north}&date=2022-12-31`)).toMatchObject({ id: sent[1].id, status: 'submitted', submittedByName: sent[1].submittedByName });
    expect(await state(`organizations/submission?unitId=${north}&date=2021-06-30`)).toMatchObject({ id: sent[0].id, status: 'returned', returnReason: 'Bổ sung số liệu.' });
    expect(await state(`organizations/submission?unitId=${north}&date=2018-12-31`)).toBeNull();
    // Sent again after its return: the new one stands.
    const again = await northOfficer.post('/api/statistics/submissions', { formKey: 'organizations', unitId: north, date: '2021-06-30' });
    expect(again.statusCode, again.body).toBe(201);
    expect(await state(`organizations/submission?unitId=${north}&date=2021-06-30`)).toMatchObject({ id: again.json().id, status: 'submitted' });
    // A period is read as the form reads it: its start left out is the first of January of its end's year.
    const changes = await northOfficer.post('/api/statistics/submissions', { formKey: 'member-changes', unitId: north, from: '2022-01-01', to: '2022-12-31' });
    expect(changes.statusCode, changes.body).toBe(201);
    expect(await state(`member-changes/submission?unitId=${north}&from=2022-01-01&to=2022-12-31`)).toMatchObject({ id: changes.json().id, status: 'submitted' });
    expect(await state(`member-changes/submission?unitId=${north}&to=2022-12-31`)).toMatchObject({ id: changes.json().id });
    expect(await state(`member-changes/submission?unitId=${north}&from=2022-02-01&to=2022-12-31`)).toBeNull();
    // The level above reads it too; another district's officer does not find the unit.
    expect(await state(`organizations/submission?unitId=${north}&date=2022-12-31`, provinceOfficer)).toMatchObject({ id: sent[1].id });
    const southOfficer = await world.clientFor('org_officer', south);
    expect((await southOfficer.get(`/api/statistics/forms/organizations/submission?unitId=${north}&date=2022-12-31`)).statusCode).toBe(404);
  });

  it('tells the level above of a submission, and the unit of a return with its reason, in their notifications', async () => {
    type Notice = { kind: string; unitId: number | null; objectId: number | null; params: Record<string, string | number | null> };
    const notices = async (client: ApiClient, kind: string, objectId: number) => ((await client.get('/api/notifications?limit=100')).json().items as Notice[])
      .filter((item) => item.kind === kind && item.objectId === objectId);
    const southOfficer = await world.clientFor('org_officer', south);
    const answer = await northOfficer.post('/api/statistics/submissions', { formKey: 'organizations', unitId: north, date: '2018-12-31' });
    expect(answer.statusCode, answer.body).toBe(201);
    const submission = answer.json() as StatisticsSubmission;
    // The province's officers are told, with the unit, the form and the date as submitted; not the sender, nor the south.
    expect(await notices(provinceOfficer, 'statistics.submitted', submission.id)).toEqual([
      expect.objectContaining({ unitId: province, params: expect.objectContaining({ unitName: 'Huyện Bắc', period: '31/12/2018', formTitle: expect.any(String) }) }),
    ]);
    expect(await notices(northOfficer, 'statistics.submitted', submission.id)).toEqual([]);
    expect(await notices(southOfficer, 'statistics.submitted', submission.id)).toEqual([]);
    // Returned: the district's officers are told why; the province, which returned it, is not.
    const returned = await provinceOfficer.post(`/api/statistics/submissions/${submission.id}/return`, { reason: 'Thiếu số liệu chi bộ mới.', expectedRowVersion: submission.rowVersion });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(await notices(northOfficer, 'statistics.returned', submission.id)).toEqual([
      expect.objectContaining({ unitId: north, params: expect.objectContaining({ reason: 'Thiếu số liệu chi bộ mới.', period: '31/12/2018' }) }),
    ]);
    expect(await notices(provinceOfficer, 'statistics.returned', submission.id)).toEqual([]);
  });

  it('refuses a cursor that is not one, changing nothing', async () => {
    for (const cursor of ['abc', Buffer.from(JSON.stringify(['not a date', 1])).toString('base64url'), Buffer.from(JSON.stringify([1, 'x'])).toString('base64url')]) {
      const answer = await provinceOfficer.get(`/api/statistics/submissions?unitId=${province}&cursor=${cursor}`);
      expect(answer.statusCode, answer.body).toBe(422);
      expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('holds no lock on the unit that a write naming it waits for (a grant, a decision, a notification) while the form is computed', async () => {
    // Another transaction writing a row that names the unit holds the foreign key's check (FOR KEY SHARE) until it
    // commits; a submission took FOR UPDATE on the unit, which waits for it, and held it through the form's
    // computation, so every such write waited for the whole form (a grant on the province: 3.75 s against 75 ms).
    const holder = new pg.Client({ connectionString: world.ctx.ownerUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from org_units where id = $1 for key share', [south]);
      const submitted = await Promise.race([
        provinceOfficer.post('/api/statistics/submissions', { formKey: 'organizations', unitId: south, date: '2024-12-31' }),
        new Promise<null>((resolve) => { setTimeout(() => resolve(null), 10_000); }),
      ]);
      expect(submitted, 'the submission waited for the other transaction').not.toBeNull();
      expect(submitted!.statusCode, submitted!.body).toBe(201);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    // Two at once still: the second finds the period locked.
    const body = { formKey: 'organizations', unitId: south, date: '2024-06-30' };
    const answers = await Promise.all([provinceOfficer.post('/api/statistics/submissions', body), provinceOfficer.post('/api/statistics/submissions', body)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)!.json().error.code).toBe('STATISTICS_PERIOD_LOCKED');
  }, 60_000);
});
