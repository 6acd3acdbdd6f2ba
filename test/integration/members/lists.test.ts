import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import {
  admitTestMember, insertDecision, insertProvinceTree, readScopeOf, registerTestMember, validCitizenId, type ProvinceFixture,
} from '../../helpers/member-factories.ts';
import { listMembers, searchMembers, getMemberPage } from '../../../src/modules/members/members-query.service.ts';
import type { Ethnicity } from '../../../src/contracts/member-reference.ts';
import type { MemberStatus } from '../../../src/contracts/members.ts';
import { listAsOf } from '../../../src/modules/members/members-query.repository.ts';

describe('member lists, search, the member page and self-service', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Danh Sách');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const people: [string, 'male' | 'female', string, Ethnicity, number][] = [
      ['Đỗ Văn Đạt', 'male', '1970-01-01', '01', tree.cellA.id],
      ['Nguyễn Văn An', 'male', '1980-05-05', '01', tree.cellA.id],
      ['Phạm Thị Ân', 'female', '1990-07-07', '02', tree.cellB.id],
      ['Trần Thị Ánh', 'female', '1985-03-03', '01', tree.cellA.id],
      ['Lê Văn Bình', 'male', '1975-09-09', '07', tree.cellB.id],
      ['Vũ Văn Dũng', 'male', '2000-11-11', '01', tree.cellB.id],
      ['Hoàng Văn An', 'male', '1995-02-02', '01', tree.cellB.id],
    ];
    for (const [fullName, sex, birthDate, ethnicity, unitId] of people) {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName, sex, birthDate, ethnicity, citizenId: validCitizenId(sex, birthDate), admissionDate: '2015-05-05', officialDate: '2016-05-05' });
      ids[fullName] = member.id;
    }
    const outsider = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: other.cellA.id, fullName: 'Nguyễn Văn An', birthDate: '1981-01-01', citizenId: validCitizenId('male', '1981-01-01') });
    ids.outsider = outsider.id;
  });
  afterAll(async () => { await ctx.close(); });

  const names = (response: { json(): any }) => response.json().items.map((item: { fullName: string }) => item.fullName);

  it('lists in Vietnamese order: given name, then middle, then family name', async () => {
    const response = await officer.get(`/api/members?unitId=${tree.grassroots.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(names(response)).toEqual(['Hoàng Văn An', 'Nguyễn Văn An', 'Trần Thị Ánh', 'Phạm Thị Ân', 'Lê Văn Bình', 'Vũ Văn Dũng', 'Đỗ Văn Đạt']);
    expect(response.json().items[0]).toMatchObject({ unitId: tree.cellB.id, unitName: tree.cellB.name, placement: 'official', status: 'official' });
  });

  it('search ignores diacritics and case, by full name, part of it, or an identity number', async () => {
    expect(names(await officer.get('/api/members?q=nguyen%20van%20an'))).toEqual(['Nguyễn Văn An']);
    expect(names(await officer.get('/api/members?q=NGUYỄN%20VĂN%20AN'))).toEqual(['Nguyễn Văn An']);
    expect(names(await officer.get('/api/members?q=van%20an'))).toEqual(['Hoàng Văn An', 'Nguyễn Văn An']);
    expect(names(await officer.get('/api/members?q=an'))).toEqual(['Hoàng Văn An', 'Nguyễn Văn An', 'Trần Thị Ánh', 'Phạm Thị Ân']);
    // Family and given name with the middle name left out; the given name may be typed in part, the family name not.
    expect(names(await officer.get('/api/members?q=nguyen%20an'))).toEqual(['Nguyễn Văn An']);
    expect(names(await officer.get('/api/members?q=Tr%E1%BA%A7n%20anh'))).toEqual(['Trần Thị Ánh']);
    expect(names(await officer.get('/api/members?q=ngu%20an'))).toEqual([]);
    expect(names(await officer.get('/api/members?q=an%20nguyen'))).toEqual([]);
    expect(names(await officer.get('/api/members?q=dat'))).toEqual(['Đỗ Văn Đạt']);
    const page = await officer.get(`/api/members/${ids['Lê Văn Bình']}`);
    const citizenId = page.json().record.citizenId;
    expect(names(await officer.get(`/api/members?q=${citizenId}`))).toEqual(['Lê Văn Bình']);
  });

  it('keyset paging walks the whole list without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const response: { json(): any; statusCode: number } = await officer.get(`/api/members?limit=2${after ? `&after=${after}` : ''}`);
      expect(response.statusCode).toBe(200);
      seen.push(...names(response));
      after = response.json().nextCursor;
      if (!after) break;
    }
    expect(seen).toEqual(['Hoàng Văn An', 'Nguyễn Văn An', 'Trần Thị Ánh', 'Phạm Thị Ân', 'Lê Văn Bình', 'Vũ Văn Dũng', 'Đỗ Văn Đạt']);
    const bad = await officer.get('/api/members?after=not-a-cursor');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('filters by unit, sex, ethnicity, birth years and status', async () => {
    expect(names(await officer.get(`/api/members?unitId=${tree.cellA.id}`))).toEqual(['Nguyễn Văn An', 'Trần Thị Ánh', 'Đỗ Văn Đạt']);
    expect(names(await officer.get('/api/members?sex=female'))).toEqual(['Trần Thị Ánh', 'Phạm Thị Ân']);
    expect(names(await officer.get('/api/members?ethnicity=07'))).toEqual(['Lê Văn Bình']);
    expect(names(await officer.get('/api/members?birthYearFrom=1980&birthYearTo=1990'))).toEqual(['Nguyễn Văn An', 'Trần Thị Ánh', 'Phạm Thị Ân']);
    expect(names(await officer.get('/api/members?status=probationary'))).toEqual([]);
    expect(names(await officer.get('/api/members?admittedFrom=2016-01-01'))).toEqual([]);
    const reversed = await officer.get('/api/members?birthYearFrom=1990&birthYearTo=1980');
    expect(reversed.json().error.code).toBe('DATE_RANGE_INVALID');
  });

  it('stays inside the caller\'s subtrees: other provinces are invisible, their units 404', async () => {
    const all = await officer.get('/api/members?q=nguyen');
    expect(all.json().items.map((item: { id: number }) => item.id)).not.toContain(ids.outsider);
    expect((await officer.get(`/api/members?unitId=${other.cellA.id}`)).statusCode).toBe(404);
    expect((await officer.get(`/api/members/${ids.outsider}`)).statusCode).toBe(404);
    // The plain service functions the benchmark calls apply the same scope.
    const scope = readScopeOf(tree.province.path);
    expect((await searchMembers(ctx.db, scope, { q: 'nguyen van an' })).items.map((item) => item.id)).toEqual([ids['Nguyễn Văn An']]);
    expect((await listMembers(ctx.db, readScopeOf(other.province.path), {})).items.map((item) => item.id)).toEqual([ids.outsider]);
    await expect(getMemberPage(ctx.db, scope, ids.outsider)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists as of a past date: who was there then, with the status they had then', async () => {
    const newcomer = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2023-04-01', fullName: 'Cao Văn Mới' });
    const decision = await insertDecision(ctx.db, { signedOn: '2024-02-01' });
    const leaver = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Tô Văn Đi', admissionDate: '2000-01-01', officialDate: '2001-01-01', birthDate: '1970-02-02', citizenId: validCitizenId('male', '1970-02-02') });
    expect((await officer.post(`/api/members/${leaver.id}/removal`, { decisionId: decision, effectiveDate: '2024-02-01', ground: 'inactivity', expectedRowVersion: 0 })).statusCode).toBe(200);
    const recognition = await insertDecision(ctx.db, { signedOn: '2024-05-01' });
    expect((await officer.post(`/api/members/${newcomer.id}/recognition`, { decisionId: recognition, expectedRowVersion: 0 })).statusCode).toBe(200);

    const today = names(await officer.get(`/api/members?unitId=${tree.cellA.id}`));
    expect(today).toContain('Cao Văn Mới');
    expect(today).not.toContain('Tô Văn Đi');
    const in2022 = await officer.get(`/api/members?unitId=${tree.cellA.id}&asOf=2022-12-31`);
    expect(in2022.json().asOf).toBe('2022-12-31');
    expect(names(in2022)).toEqual(['Nguyễn Văn An', 'Trần Thị Ánh', 'Đỗ Văn Đạt', 'Tô Văn Đi']);
    const in2023 = await officer.get(`/api/members?unitId=${tree.cellA.id}&asOf=2023-12-31`);
    expect(in2023.json().items.find((item: { fullName: string }) => item.fullName === 'Cao Văn Mới')).toMatchObject({ status: 'probationary' });
    const probationaryThen = await officer.get(`/api/members?unitId=${tree.grassroots.id}&asOf=2023-12-31&status=probationary`);
    expect(names(probationaryThen)).toEqual(['Cao Văn Mới']);
    const in2014 = await officer.get(`/api/members?unitId=${tree.cellA.id}&asOf=2014-01-01`);
    expect(names(in2014)).toEqual(['Tô Văn Đi']);
    const future = await officer.get(`/api/members?asOf=2999-01-01`);
    expect(future.json().error.code).toBe('DATE_IN_FUTURE');
  });

  it('an as-of list gives the same pages by either plan (units sorted, or name order walked for large subtrees)', async () => {
    const scope = readScopeOf(tree.province.path);
    const root = `/${ctx.rootUnitId}/`;
    const cases: { pathAtDate: string | null; asOf: string; placement: 'official' | 'temporary' | 'all'; statuses: MemberStatus[]; paths?: string[] }[] = [
      { pathAtDate: tree.province.path, asOf: '2023-12-31', placement: 'official', statuses: [] },
      // The whole tree for an administrator at the root: the walk needs no unit test at all.
      { pathAtDate: root, asOf: '2023-12-31', placement: 'all', statuses: [], paths: [root] },
      { pathAtDate: tree.grassroots.path, asOf: '2024-03-01', placement: 'all', statuses: ['official'] },
      { pathAtDate: null, asOf: '2022-12-31', placement: 'official', statuses: ['official', 'probationary'] },
      { pathAtDate: tree.cellB.path, asOf: '2014-01-01', placement: 'all', statuses: [] },
    ];
    for (const input of cases) {
      const pages = async (walkNames: boolean) => {
        const seen: number[] = [];
        let cursor: { sortKey: string; id: number } | undefined;
        for (let guard = 0; guard < 20; guard++) {
          const rows = await listAsOf(ctx.db, { scope: input.paths ? readScopeOf(...input.paths) : scope, pathAtDate: input.pathAtDate, asOf: input.asOf, placement: input.placement, filters: { statuses: input.statuses }, cursor, limit: 2, walkNames });
          seen.push(...rows.map((row) => row.id));
          if (rows.length < 2) break;
          cursor = { sortKey: rows[1].name_sort_key, id: rows[1].id };
        }
        return seen;
      };
      const sorted = await pages(false);
      expect(await pages(true)).toEqual(sorted);
    }
    // The first case is not empty: both plans were compared on real rows.
    expect((await listAsOf(ctx.db, { scope, pathAtDate: tree.province.path, asOf: '2023-12-31', placement: 'official', filters: { statuses: [] }, limit: 50, walkNames: true })).length).toBeGreaterThan(3);
  });

  it('the member page shows the record and the whole timeline', async () => {
    const response = await officer.get(`/api/members/${ids['Phạm Thị Ân']}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      record: { fullName: 'Phạm Thị Ân', sex: 'female', ethnicity: '02', unitId: tree.cellB.id, status: 'official' },
      timeline: [{ kind: 'registration', statusAfter: 'official' }],
      placements: [{ unitId: tree.cellB.id, kind: 'official' }],
      openTransfers: [],
    });
  });

  describe('saved filters', () => {
    it('are per account, with create, rename, conflict on stale versions and on names, and delete', async () => {
      const created = await officer.post('/api/members/saved-filters', { name: 'Nữ chi bộ 1', filters: { unitId: tree.cellA.id, sex: 'female', status: ['official'] } });
      expect(created.statusCode, created.body).toBe(201);
      const filter = created.json();
      expect(filter).toMatchObject({ name: 'Nữ chi bộ 1', filters: { unitId: tree.cellA.id, sex: 'female' }, rowVersion: 0 });
      expect((await officer.post('/api/members/saved-filters', { name: 'nữ chi bộ 1', filters: {} })).json().error.code).toBe('SAVED_FILTER_NAME_TAKEN');
      expect((await officer.post('/api/members/saved-filters', { name: 'Ngoài', filters: { unitId: other.cellA.id } })).statusCode).toBe(404);
      const renamed = await officer.patch(`/api/members/saved-filters/${filter.id}`, { name: 'Đảng viên nữ', expectedRowVersion: 0 });
      expect(renamed.json()).toMatchObject({ name: 'Đảng viên nữ', rowVersion: 1 });
      expect((await officer.patch(`/api/members/saved-filters/${filter.id}`, { name: 'x', expectedRowVersion: 0 })).statusCode).toBe(409);
      expect((await officer.get('/api/members/saved-filters')).json().items.map((item: { name: string }) => item.name)).toEqual(['Đảng viên nữ']);

      const someoneElse = await createAccount(ctx.db, { role: 'viewer', unitId: tree.province.id });
      const viewer = await signIn(ctx.app, someoneElse.username, someoneElse.password);
      expect((await viewer.get('/api/members/saved-filters')).json().items).toEqual([]);
      expect((await viewer.delete(`/api/members/saved-filters/${filter.id}`)).statusCode).toBe(404);

      expect((await officer.delete(`/api/members/saved-filters/${filter.id}`)).statusCode).toBe(200);
      expect((await officer.get('/api/members/saved-filters')).json().items).toEqual([]);
      const kept = await ctx.db.selectFrom('member_saved_filters').select(['deleted_at']).where('id', '=', filter.id).executeTakeFirstOrThrow();
      expect(kept.deleted_at).not.toBeNull();
    });
  });

  describe('self-service', () => {
    it('a member account sees its own record and timeline, and nothing else', async () => {
      const memberId = ids['Vũ Văn Dũng'];
      const account = await createAccount(ctx.db, { role: 'member', unitId: tree.cellB.id, memberId });
      const self = await signIn(ctx.app, account.username, account.password);
      const own = await self.get('/api/members/self');
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ record: { id: memberId, fullName: 'Vũ Văn Dũng' }, timeline: [{ kind: 'registration' }] });
      expect((await self.get(`/api/members/${ids['Lê Văn Bình']}`)).statusCode).toBe(403);
      expect((await self.get(`/api/members/${memberId}`)).statusCode).toBe(403);
      expect((await self.get('/api/members')).statusCode).toBe(403);
      expect((await self.post(`/api/members/${memberId}/death`, { effectiveDate: '2024-01-01', expectedRowVersion: 0 })).statusCode).toBe(403);
      const noRecord = await createAccount(ctx.db, { role: 'member', unitId: tree.cellB.id });
      const orphan = await signIn(ctx.app, noRecord.username, noRecord.password);
      expect((await orphan.get('/api/members/self')).statusCode).toBe(404);
    });
  });
});
