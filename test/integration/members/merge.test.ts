/**
 * Merging two records of one person (issue 10, item 8): both kept, the duplicate marked merged with its history
 * voided by the merge, so lists and counts as of any date show the person once; two different people (different
 * citizen IDs) are refused, and so is anything out of scope; a refused merge changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';

describe('merging duplicate member records', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  let officer: ApiClient;
  let survivor: { id: number; row_version?: number };
  let duplicate: { id: number };
  let stranger: { id: number };
  let outsider: { id: number };

  const person = { fullName: 'Nguyễn Thị Hồng Nhung', sex: 'female' as const, birthDate: '1980-04-12' };

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Gộp');
    const other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài Gộp');
    officer = await signIn(ctx.app, ...(await createAccount(ctx.db, { role: 'org_officer', unitId: tree.province.id }).then((a) => [a.username, a.password] as const)));
    survivor = await registerTestMember(ctx.db, ctx.rootUnitId, { ...person, unitId: tree.cellA.id, citizenId: validCitizenId('female', person.birthDate), admissionDate: '2005-03-01', officialDate: '2006-03-01' });
    // The same person entered a second time, without a citizen ID, in the other cell.
    duplicate = await registerTestMember(ctx.db, ctx.rootUnitId, { ...person, unitId: tree.cellB.id, citizenId: null, admissionDate: '2005-03-01', officialDate: '2006-03-01' });
    // Same name and birth date, another citizen ID: another person.
    stranger = await registerTestMember(ctx.db, ctx.rootUnitId, { ...person, unitId: tree.cellB.id, citizenId: validCitizenId('female', person.birthDate), admissionDate: '2008-03-01', officialDate: '2009-03-01' });
    outsider = await registerTestMember(ctx.db, ctx.rootUnitId, { ...person, unitId: other.cellA.id, citizenId: null });
  });
  afterAll(async () => { await ctx.close(); });

  const page = async (id: number) => (await officer.get(`/api/members/${id}`)).json();
  const headcount = async (asOf: string) => (await officer.get(`/api/members/headcount?unitId=${tree.grassroots.id}&asOf=${asOf}`)).json();
  const counts = async () => {
    const count = async (table: 'members' | 'member_events' | 'member_placements' | 'journal') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const voided = Number((await ctx.db.selectFrom('member_events').select((eb) => eb.fn.countAll().as('n')).where('voided_by_event_id', 'is not', null).executeTakeFirstOrThrow()).n);
    return { members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal'), voided };
  };
  const merge = async (into: number, body: Record<string, unknown>) => officer.post(`/api/members/${into}/merge`, body);

  it('lists the likely duplicates together, each linking to every record involved', async () => {
    const list = (await officer.get(`/api/member-cleaning/issues?kind=duplicate_name_birth&unitId=${tree.grassroots.id}`)).json();
    const ids = list.items.flatMap((issue: { members: { id: number }[] }) => issue.members.map((member) => member.id)).sort((a: number, b: number) => a - b);
    expect(ids).toEqual([survivor.id, duplicate.id, stranger.id].sort((a, b) => a - b));
  });

  it('refuses two different people, itself, a record out of scope and a stale version, and changes nothing', async () => {
    const before = await counts();
    const [a, b, c] = [await page(survivor.id), await page(duplicate.id), await page(stranger.id)];
    const base = { reason: 'Hồ sơ nhập trùng', expectedRowVersion: a.record.rowVersion };
    const cases: [number, Record<string, unknown>, number, string][] = [
      [survivor.id, { ...base, duplicateId: stranger.id, duplicateRowVersion: c.record.rowVersion }, 422, 'MEMBER_MERGE_DIFFERENT_PEOPLE'],
      [survivor.id, { ...base, duplicateId: survivor.id, duplicateRowVersion: a.record.rowVersion }, 422, 'MEMBER_MERGE_SAME_RECORD'],
      [survivor.id, { ...base, duplicateId: outsider.id, duplicateRowVersion: 0 }, 404, 'NOT_FOUND'],
      [outsider.id, { ...base, duplicateId: duplicate.id, duplicateRowVersion: b.record.rowVersion }, 404, 'NOT_FOUND'],
      [survivor.id, { ...base, duplicateId: duplicate.id, duplicateRowVersion: b.record.rowVersion + 1 }, 409, 'CONFLICT'],
      [survivor.id, { ...base, reason: '', duplicateId: duplicate.id, duplicateRowVersion: b.record.rowVersion }, 422, 'VALIDATION_FAILED'],
    ];
    for (const [into, body, status, code] of cases) {
      const response = await merge(into, body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    expect(await counts()).toEqual(before);
  });

  it('merges: both records kept, the duplicate marked and its history voided, the person counted once on every date', async () => {
    const [a, b] = [await page(survivor.id), await page(duplicate.id)];
    const beforeCounts = await counts();
    const [todayBefore, pastBefore] = [await headcount(new Date().toISOString().slice(0, 10)), await headcount('2010-01-01')];
    const response = await merge(survivor.id, { duplicateId: duplicate.id, reason: 'Hồ sơ nhập trùng khi chuyển đổi dữ liệu', expectedRowVersion: a.record.rowVersion, duplicateRowVersion: b.record.rowVersion });
    expect(response.statusCode, response.body).toBe(200);

    const [after, merged] = [await page(survivor.id), await page(duplicate.id)];
    expect(merged.record).toMatchObject({ status: 'merged', mergedIntoId: survivor.id });
    expect(after.record.status).toBe('official');
    // The survivor's timeline names the merge, with its reason; the duplicate's events are all still there, voided.
    const mergeFrom = after.timeline.find((event: { kind: string; payload?: { action?: string } }) => event.kind === 'correction');
    expect(mergeFrom).toMatchObject({ reason: 'Hồ sơ nhập trùng khi chuyển đổi dữ liệu' });
    expect(merged.timeline.length).toBe(b.timeline.length + 1);
    const afterCounts = await counts();
    expect(afterCounts.members).toBe(beforeCounts.members); // nothing deleted
    expect(afterCounts.events).toBe(beforeCounts.events + 2);
    expect(afterCounts.voided).toBe(beforeCounts.voided + b.timeline.length);
    // Counted once, today and on a date before the merge.
    expect((await headcount(new Date().toISOString().slice(0, 10))).total).toBe(todayBefore.total - 1);
    expect((await headcount('2010-01-01')).total).toBe(pastBefore.total - 1);
    const list = (await officer.get(`/api/members?unitId=${tree.grassroots.id}&q=${encodeURIComponent('nguyen thi hong nhung')}`)).json();
    expect(list.items.map((item: { id: number }) => item.id).sort()).toEqual([survivor.id, stranger.id].sort());
    // Journaled on both records, with the reason.
    const journal = await ctx.db.selectFrom('journal').select(['action', 'object_id', 'reason']).where('action', 'in', ['member.merge', 'member.merged_into']).orderBy('id').execute();
    expect(journal).toEqual([
      { action: 'member.merge', object_id: String(survivor.id), reason: 'Hồ sơ nhập trùng khi chuyển đổi dữ liệu' },
      { action: 'member.merged_into', object_id: String(duplicate.id), reason: 'Hồ sơ nhập trùng khi chuyển đổi dữ liệu' },
    ]);
    // The cleaning list no longer counts the merged record in the group.
    const issues = (await officer.get(`/api/member-cleaning/issues?kind=duplicate_name_birth&unitId=${tree.grassroots.id}`)).json();
    const ids = issues.items.flatMap((issue: { members: { id: number }[] }) => issue.members.map((member) => member.id));
    expect(ids).not.toContain(duplicate.id);
  });

  it('a repeated merge is refused and changes nothing', async () => {
    const [a, b] = [await page(survivor.id), await page(duplicate.id)];
    const before = await counts();
    const again = await merge(survivor.id, { duplicateId: duplicate.id, reason: 'Lần nữa', expectedRowVersion: a.record.rowVersion, duplicateRowVersion: b.record.rowVersion });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'MEMBER_ALREADY_MERGED']);
    expect(await counts()).toEqual(before);
  });
});
