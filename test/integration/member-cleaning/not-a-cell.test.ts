/**
 * The cleaning list flags members that old data holds placed in a unit that is not a cell, and fixes them in one
 * step (issue 11, item 1). Migration 0026 refuses to create such data, so the tests write it as the schema's owner
 * with the trigger off (`strandMember`), as data recorded before the rule would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { registerTestMember, strandMember, validCitizenId } from '../../helpers/member-factories.ts';
import { findOrgInvariantViolations } from '../../helpers/org-invariants.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { systemScope } from '../../../src/kernel/index.ts';

const ALL = systemScope('test: headcounts');

describe('members placed in a unit that is not a cell', () => {
  let world: OrgWorld;
  let ownerUrl: string;
  let district: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    ownerUrl = world.ctx.ownerUrl;
    const province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Dữ Liệu Cũ', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Dữ Liệu Cũ', date: '2015-01-01' });
  });
  afterAll(async () => { await world?.close(); });

  /** A grassroots committee of `date` holding `count` members recorded in a cell of the district, then stranded there. */
  async function strandedCommittee(name: string, count: number, date = '2015-01-01') {
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name, date });
    const cell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: `Chi bộ tạm ${name}`, date: '2015-01-01' });
    const members = [];
    for (let index = 0; index < count; index++) {
      const birthDate = `197${index}-05-0${index + 1}`;
      const member = await registerTestMember(world.ctx.db, world.ctx.rootUnitId, {
        unitId: cell, fullName: `Cao Văn Cũ ${name} ${index}`, birthDate, citizenId: validCitizenId('male', birthDate), admissionDate: '2016-02-01', officialDate: '2017-02-01',
      });
      await strandMember(ownerUrl, member.id, committee);
      members.push(member);
    }
    return { committee, members };
  }

  const issues = async (unitId: number) => {
    const response = await world.admin.get(`/api/member-cleaning/issues?unitId=${unitId}&kind=unit_not_a_cell`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('a member of old data in a grassroots committee is one issue of its kind, with the unit kind and the decision that made it so', async () => {
    const before = await issues(district);
    const { committee, members: [member] } = await strandedCommittee('Đảng bộ Dữ Liệu Cũ', 1);
    const list = await issues(committee);
    expect(list.items).toEqual([expect.objectContaining({
      kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, unitId: committee, label: 'Sinh hoạt tại tổ chức không phải chi bộ',
      members: [expect.objectContaining({ id: member.id, fullName: 'Cao Văn Cũ Đảng bộ Dữ Liệu Cũ 0' })],
      details: { unitKind: 'grassroots_committee', kindSince: '2015-01-01', decisionId: world.decisionId },
    })]);
    expect(list.counts.unit_not_a_cell).toBe(1);
    expect((await issues(district)).counts.unit_not_a_cell).toBe(before.counts.unit_not_a_cell + 1);
    // The fix the list offers, with the decision it names.
    const fix = await world.admin.post('/api/member-cleaning/fixes', { kind: 'unit_not_a_cell', key: list.items[0].key, decisionId: list.items[0].details.decisionId });
    expect(fix.statusCode, fix.body).toBe(200);
    expect(fix.json()).toMatchObject({ created: true, date: '2015-01-01', moved: 1 });
    expect(await findOrgInvariantViolations(world.ctx.db)).toEqual([]);
  });

  it('the fix creates the unit\'s cell on the day it stopped being one and moves every member there; a second click changes nothing', async () => {
    const { committee, members } = await strandedCommittee('Đảng bộ Sửa Một Lần', 2, '2018-03-01');
    const fix = await world.admin.post('/api/member-cleaning/fixes', { kind: 'unit_not_a_cell', key: `unit_not_a_cell:${members[0].id}`, decisionId: world.decisionId, note: 'Dữ liệu cũ.' });
    expect(fix.statusCode, fix.body).toBe(200);
    const result = fix.json();
    expect(result).toMatchObject({ fromUnitId: committee, toName: 'Chi bộ Đảng bộ Sửa Một Lần', created: true, date: '2018-03-01', moved: 2 });
    expect(result.members.map((member: { id: number }) => member.id).sort()).toEqual(members.map((member) => member.id).sort());

    // Both issues of the unit are gone; the members are in the new cell, counted there from that day; no invariant breaks.
    expect((await issues(committee)).items).toEqual([]);
    const page = await world.admin.get(`/api/members/${members[1].id}`);
    expect(page.json().record).toMatchObject({ unitId: result.toUnitId, status: 'official' });
    expect(await headcountOfUnit(world.ctx.db, result.toUnitId, '2018-03-01', ALL)).toMatchObject({ total: 2, official: 2 });
    expect(await headcountOfUnit(world.ctx.db, committee, '2019-01-01', ALL)).toMatchObject({ total: 2 });
    expect(await findOrgInvariantViolations(world.ctx.db)).toEqual([]);
    const journal = await world.ctx.db.selectFrom('journal').select(['action', 'decision_id', 'effective_date']).where('object_id', '=', String(committee))
      .where('action', '=', 'member_cleaning.fix').execute();
    expect(journal).toEqual([{ action: 'member_cleaning.fix', decision_id: world.decisionId, effective_date: '2018-03-01' }]);

    // The key no longer names an issue (404), and the unit holds nobody (a direct second fix is refused, nothing changes).
    const again = await world.admin.post('/api/member-cleaning/fixes', { kind: 'unit_not_a_cell', key: `unit_not_a_cell:${members[0].id}`, decisionId: world.decisionId });
    expect(again.statusCode, again.body).toBe(404);
  });

  it('moves the members into the cell the officer names, and refuses a destination that is not a cell of the unit since that day', async () => {
    const { committee, members: [member] } = await strandedCommittee('Đảng bộ Có Chi Bộ', 1, '2016-06-01');
    const own = await world.establish({ parentId: committee, kind: 'cell', name: 'Chi bộ Văn phòng', date: '2016-06-01' });
    const late = await world.establish({ parentId: committee, kind: 'cell', name: 'Chi bộ lập sau', date: '2020-01-01' });
    const elsewhere = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ nơi khác', date: '2015-01-01' });
    const body = (toUnitId: number) => ({ kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, decisionId: world.decisionId, toUnitId });
    for (const bad of [late, elsewhere, committee]) {
      const refused = await world.admin.post('/api/member-cleaning/fixes', body(bad));
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.code).toBe('ORG_MEMBERS_DESTINATION_INVALID');
    }
    expect((await issues(committee)).items).toHaveLength(1);
    const fix = await world.admin.post('/api/member-cleaning/fixes', body(own));
    expect(fix.statusCode, fix.body).toBe(200);
    expect(fix.json()).toMatchObject({ toUnitId: own, created: false, batchId: null, date: '2016-06-01', moved: 1 });
    expect(await headcountOfUnit(world.ctx.db, own, '2016-06-01', ALL)).toMatchObject({ total: 1 });
    expect(await findOrgInvariantViolations(world.ctx.db)).toEqual([]);
  });

  it('two officers fixing the same unit at once: one moves the members, the other is told there is nothing left', async () => {
    const { committee, members } = await strandedCommittee('Đảng bộ Hai Người Sửa', 2, '2017-01-01');
    const fixOf = (member: { id: number }) => world.admin.post('/api/member-cleaning/fixes', { kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, decisionId: world.decisionId });
    const answers = await Promise.all([fixOf(members[0]), fixOf(members[1])]);
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses[0], answers.map((answer) => answer.body).join('\n')).toBe(200);
    // The loser waited for the winner's lock, then found its issue gone (404) or the unit empty (409), never a 5xx.
    expect([404, 409]).toContain(statuses[1]);
    expect(answers.find((answer) => answer.statusCode === 200)!.json().moved).toBe(2);
    expect((await issues(committee)).items).toEqual([]);
    expect(await findOrgInvariantViolations(world.ctx.db)).toEqual([]);
  });

  it('an officer of another subtree does not find the issue (404), a reader may not fix it (403), and nothing changes', async () => {
    const { committee, members: [member] } = await strandedCommittee('Đảng bộ Ngoài Phạm Vi', 1);
    const other = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Khác', date: '2015-01-01' });
    const outsider = await world.clientFor('org_officer', other);
    const reader = await world.clientFor('viewer', district);
    const body = { kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, decisionId: world.decisionId };
    expect((await outsider.post('/api/member-cleaning/fixes', body)).statusCode).toBe(404);
    expect((await reader.post('/api/member-cleaning/fixes', body)).statusCode).toBe(403);
    const bad = await world.admin.post('/api/member-cleaning/fixes', { ...body, kind: 'missing_fields' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await issues(committee)).items).toHaveLength(1);
  });
});
