import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';

type Issue = { kind: string; key: string; unitId: number; members: { id: number; fullName: string; unitId: number; unitName: string }[]; details: Record<string, unknown>; resolution: unknown };

describe('data-cleaning worklist', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  let viewer: ApiClient;
  let outsider: ApiClient;
  const ids: Record<string, number> = {};

  /** A member with a complete record (no missing fields), then any legacy damage applied straight to the table. */
  async function member(name: string, unitId: number, overrides: Record<string, unknown> = {}, damage: Record<string, unknown> = {}) {
    const created = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName: name, hometown: 'Hà Nội', ...overrides });
    if (Object.keys(damage).length > 0) await ctx.db.updateTable('members').set(damage as never).where('id', '=', created.id).execute();
    return created.id;
  }

  async function issues(client: ApiClient, query = ''): Promise<{ items: Issue[]; counts: Record<string, number>; total: number }> {
    const response = await client.get(`/api/member-cleaning/issues?limit=500${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Làm sạch');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bên ngoài');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const viewerAccount = await createAccount(ctx.db, { role: 'viewer', unitId: home.province.id });
    viewer = await signIn(ctx.app, viewerAccount.username, viewerAccount.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.province.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);

    ids.clean = await member('Nguyễn Văn Sạch', home.cellA.id);
    ids.dupA = await member('Trần Văn Trùng', home.cellA.id, { birthDate: '1970-03-03' });
    ids.dupB = await member('Trần  văn Trùng', home.cellB.id, { birthDate: '1970-03-03' });
    ids.notDup = await member('Trần Văn Trùng', home.cellB.id, { birthDate: '1971-03-03' });
    ids.dupOutside = await member('Trần Văn Trùng', other.cellA.id, { birthDate: '1970-03-03' });
    ids.mismatch = await member('Lê Thị Lệch', home.cellA.id, { sex: 'female', birthDate: '1980-01-01' }, { citizen_id: validCitizenId('male', '1980-01-01') });
    ids.missing = await member('Phạm Văn Thiếu', home.cellA.id, { hometown: null, ethnicity: null });
    ids.age = await member('Hoàng Văn Trẻ', home.cellB.id, { birthDate: '2000-05-01' }, { admission_date: '2015-05-01', probation_start: '2015-05-01', official_date: '2016-05-01' });
    ids.official = await member('Vũ Văn Lệch Ngày', home.cellB.id, {}, { admission_date: '2010-03-01', probation_start: '2010-03-10', official_date: '2011-04-10' });
    ids.dead = await member('Đỗ Văn Mất', home.cellB.id, {}, { status: 'deceased', status_since: '2009-01-01' });
    ids.order = await member('Bùi Văn Ngược', home.cellB.id, {}, { admission_date: '2010-03-01', probation_start: '2010-02-01', official_date: '2011-02-01' });
    ids.dissolved = await member('Ngô Văn Giải Thể', home.cellB.id);
  });
  afterAll(async () => { await ctx.close(); });

  it('finds every kind of problem in the scope, in one worklist with counts by kind', async () => {
    const list = await issues(officer);
    const byKind = (kind: string) => list.items.filter((issue) => issue.kind === kind);
    const memberIdsOf = (kind: string) => byKind(kind).flatMap((issue) => issue.members.map((m) => m.id)).sort((a, b) => a - b);
    expect(memberIdsOf('duplicate_name_birth')).toEqual([ids.dupA, ids.dupB]);
    // One issue per group, listing each record in view with its own unit and where it is (each one linked from it).
    expect(byKind('duplicate_name_birth')).toHaveLength(1);
    expect(byKind('duplicate_name_birth')[0].members.map((m) => m.unitId).sort()).toEqual([home.cellA.id, home.cellB.id].sort());
    expect(byKind('duplicate_name_birth')[0].members.every((m) => m.unitName.includes(' · '))).toBe(true);
    expect(new Set(byKind('duplicate_name_birth').map((issue) => issue.key)).size).toBe(1);
    expect(byKind('duplicate_name_birth')[0].details).toEqual({ totalMembers: 3 });
    expect(memberIdsOf('citizen_id_mismatch')).toEqual([ids.mismatch]);
    expect(byKind('citizen_id_mismatch')[0].details).toMatchObject({ sexMatches: false, yearMatches: true, province: true });
    expect(memberIdsOf('missing_fields')).toEqual([ids.missing]);
    expect(byKind('missing_fields')[0].details).toEqual({ fields: ['ethnicity', 'hometown'] });
    expect(memberIdsOf('admission_age')).toEqual([ids.age]);
    expect(byKind('admission_age')[0].details).toMatchObject({ reason: 'under_age', ageMonths: 180 });
    expect(memberIdsOf('official_date_mismatch')).toEqual([ids.official]);
    expect(byKind('official_date_mismatch')[0].details).toMatchObject({ expected: '2011-03-10', officialDate: '2011-04-10' });
    expect(memberIdsOf('death_before_admission')).toEqual([ids.dead]);
    expect(memberIdsOf('date_order')).toEqual([ids.order]);
    expect(list.items.flatMap((issue) => issue.members.map((m) => m.id))).not.toContain(ids.clean);
    expect(list.items.flatMap((issue) => issue.members.map((m) => m.id))).not.toContain(ids.dupOutside);
    expect(list.counts).toMatchObject({ duplicate_name_birth: 1, citizen_id_mismatch: 1, missing_fields: 1, admission_age: 1, official_date_mismatch: 1, death_before_admission: 1, date_order: 1, dissolved_unit: 0 });
    expect(list.total).toBe(list.items.length);
    expect(byKind('missing_fields')[0].members[0]).toMatchObject({ fullName: 'Phạm Văn Thiếu', unitId: home.cellA.id });
  });

  it('lists members left in a dissolved unit', async () => {
    const cell = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Giải thể');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: cell.province.id });
    const client = await signIn(ctx.app, account.username, account.password);
    const id = await member('Lý Văn Còn Lại', cell.cellA.id);
    await ctx.db.updateTable('org_units').set({ ended_on: '2024-07-01', end_reason: 'dissolved' }).where('id', '=', cell.cellA.id).execute();
    const list = await issues(client, '&kind=dissolved_unit');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'dissolved_unit', key: `dissolved_unit:${id}`, details: { unitEndedOn: '2024-07-01', endReason: 'dissolved' } });
  });

  it('narrows to one unit\u2019s subtree, and answers 404 for a unit outside the scope', async () => {
    const cellA = await issues(officer, `&unitId=${home.cellA.id}`);
    expect(new Set(cellA.items.map((issue) => issue.unitId))).toEqual(new Set([home.cellA.id]));
    expect(cellA.counts.duplicate_name_birth).toBe(1);
    expect((await officer.get(`/api/member-cleaning/issues?unitId=${other.cellA.id}`)).statusCode).toBe(404);
    const theirs = await issues(outsider);
    expect(theirs.items.flatMap((issue) => issue.members.map((m) => m.id))).not.toContain(ids.missing);
    // The outside duplicate is listed for its own scope, with the total count but without the other province's members.
    const dup = theirs.items.find((issue) => issue.kind === 'duplicate_name_birth');
    expect(dup?.members.map((m) => m.id)).toEqual([ids.dupOutside]);
  });

  it('an officer clears an issue with a note; it stays cleared until its facts change', async () => {
    const list = await issues(officer, '&kind=missing_fields');
    const issue = list.items[0];
    const resolved = await officer.post('/api/member-cleaning/resolutions', { kind: issue.kind, key: issue.key, resolution: 'not_a_problem', note: 'Hồ sơ gốc không ghi quê quán.' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ key: issue.key, resolution: { resolution: 'not_a_problem', note: 'Hồ sơ gốc không ghi quê quán.' } });
    expect((await issues(officer, '&kind=missing_fields')).items).toHaveLength(0);
    expect((await issues(officer, '&kind=missing_fields&state=resolved')).items.map((item) => item.key)).toEqual([issue.key]);
    const journal = await ctx.db.selectFrom('journal').selectAll().where('action', '=', 'member_cleaning.resolve').where('object_id', '=', String(ids.missing)).execute();
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ reason: 'Hồ sơ gốc không ghi quê quán.', unit_id: home.cellA.id });

    // The ethnicity is filled in: one field is still missing, but the facts changed, so the issue is open again.
    await ctx.db.updateTable('members').set({ ethnicity: '01' }).where('id', '=', ids.missing).execute();
    const reopened = await issues(officer, '&kind=missing_fields');
    expect(reopened.items).toHaveLength(1);
    expect(reopened.items[0]).toMatchObject({ details: { fields: ['hometown'] }, resolution: null });
    // Filled completely: the issue is gone.
    await ctx.db.updateTable('members').set({ hometown: 'Huế' }).where('id', '=', ids.missing).execute();
    expect((await issues(officer, '&kind=missing_fields&state=all')).items).toHaveLength(0);
  });

  it('a duplicate group reaching outside the officer\'s scope is decided above it, once for every unit, and reopens when a record joins it', async () => {
    const dup = (await issues(officer, '&kind=duplicate_name_birth')).items[0];
    expect(dup.details).toEqual({ totalMembers: 3 });
    // The province sees two of the three records: its "not a problem" would answer for the other province's too.
    const refused = await officer.post('/api/member-cleaning/resolutions', { kind: dup.kind, key: dup.key, resolution: 'not_a_problem', note: 'Hai người khác nhau, đã xác minh.' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'CLEANING_ISSUE_BEYOND_SCOPE', details: { membersInScope: 2, totalMembers: 3 } });
    expect(await ctx.db.selectFrom('member_cleaning_resolutions').selectAll().where('issue_key', '=', dup.key).execute()).toHaveLength(0);
    expect((await issues(outsider, '&kind=duplicate_name_birth')).items.map((item) => item.resolution)).toEqual([null]);
    // The centre sees all three and decides once, for both provinces.
    const centreAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: ctx.rootUnitId });
    const centre = await signIn(ctx.app, centreAccount.username, centreAccount.password);
    const resolved = await centre.post('/api/member-cleaning/resolutions', { kind: dup.kind, key: dup.key, resolution: 'not_a_problem', note: 'Ba người khác nhau, đã xác minh.' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await issues(officer, '&kind=duplicate_name_birth')).items).toHaveLength(0);
    expect((await issues(outsider, '&kind=duplicate_name_birth')).items).toHaveLength(0);
    await member('Trần Văn Trùng', home.cellA.id, { birthDate: '1970-03-03' });
    expect((await issues(officer, '&kind=duplicate_name_birth')).items.length).toBeGreaterThan(0);
  });

  it('a duplicate group inside the officer\'s scope is the officer\'s to clear', async () => {
    await member('Lý Văn Song', home.cellA.id, { birthDate: '1966-06-06' });
    await member('Lý Văn Song', home.cellB.id, { birthDate: '1966-06-06' });
    const dup = (await issues(officer, '&kind=duplicate_name_birth')).items.find((item) => item.key.includes('ly van song'))!;
    expect(dup.details).toEqual({ totalMembers: 2 });
    const resolved = await officer.post('/api/member-cleaning/resolutions', { kind: dup.kind, key: dup.key, resolution: 'not_a_problem', note: 'Hai người khác nhau.' });
    expect(resolved.statusCode, resolved.body).toBe(200);
  });

  it('refuses decisions on issues that do not exist or lie outside the write scope, and a reader cannot decide', async () => {
    const issue = (await issues(officer, '&kind=date_order')).items[0];
    expect((await outsider.post('/api/member-cleaning/resolutions', { kind: issue.kind, key: issue.key, resolution: 'resolved', note: 'x' })).statusCode).toBe(404);
    expect((await viewer.post('/api/member-cleaning/resolutions', { kind: issue.kind, key: issue.key, resolution: 'resolved', note: 'x' })).statusCode).toBe(403);
    expect((await officer.post('/api/member-cleaning/resolutions', { kind: 'date_order', key: `date_order:${ids.clean}`, resolution: 'resolved', note: 'x' })).statusCode).toBe(404);
    expect((await officer.post('/api/member-cleaning/resolutions', { kind: 'date_order', key: 'garbage', resolution: 'resolved', note: 'x' })).statusCode).toBe(404);
    const empty = await officer.post('/api/member-cleaning/resolutions', { kind: issue.kind, key: issue.key, resolution: 'resolved', note: '' });
    expect(empty.statusCode).toBe(422);
    expect((await viewer.get('/api/member-cleaning/issues')).statusCode).toBe(200);
    const none = await ctx.db.selectFrom('member_cleaning_resolutions').selectAll().where('issue_key', '=', issue.key).execute();
    expect(none).toHaveLength(0);
  });
});
