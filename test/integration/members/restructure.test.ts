import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { insertDecision, registerTestMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { acceptTransfer, issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';
import { inTransaction, systemScope } from '../../../src/kernel/index.ts';

const ALL = systemScope('test: headcounts');

describe('members follow restructuring', () => {
  let world: OrgWorld;
  let province: number;
  let commune: number;
  let otherCommune: number;
  let grassroots: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Sắp Xếp', date: '2015-01-01' });
    commune = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Cũ', date: '2015-01-01' });
    otherCommune = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Mới', date: '2015-01-01' });
    grassroots = await world.establish({ parentId: commune, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Sắp Xếp', date: '2015-01-01' });
  });
  // Every restructuring keeps the tree whole and every member in a cell.
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });

  let sequence = 0;
  async function memberIn(unitId: number, fullName: string) {
    const birthDate = `198${sequence % 10}-0${1 + (sequence % 9)}-1${sequence++ % 10}`;
    return registerTestMember(world.ctx.db, world.ctx.rootUnitId, { unitId, fullName, birthDate, citizenId: validCitizenId('male', birthDate), admissionDate: '2016-02-01', officialDate: '2017-02-01' });
  }

  async function page(id: number) {
    const response = await world.admin.get(`/api/members/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('a merge moves official members to the unit that took over, on the effective date; undo puts them back', async () => {
    const a = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ Hợp A', date: '2015-01-01' });
    const b = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ Hợp B', date: '2015-01-01' });
    const first = await memberIn(a, 'Nguyễn Văn Hợp');
    const second = await memberIn(a, 'Trần Văn Nhất');
    await memberIn(b, 'Lê Văn Sẵn');

    const merged = await world.apply({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [a], intoUnitId: b });
    const detail = await page(first.id);
    expect(detail.record).toMatchObject({ unitId: b, rowVersion: 1 });
    expect(detail.placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
      [a, '2016-02-01', '2023-01-01'], [b, '2023-01-01', null],
    ]);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'rehomed', effectiveDate: '2023-01-01', unitId: b, payload: { batchId: merged.batch.id, fromUnitId: a, toUnitId: b } });
    expect(await headcountOfUnit(world.ctx.db, b, '2023-06-01', ALL)).toMatchObject({ total: 3, official: 3 });
    expect(await headcountOfUnit(world.ctx.db, b, '2022-06-01', ALL)).toMatchObject({ total: 1 });
    const before = await world.admin.get(`/api/members?unitId=${a}&asOf=2022-06-01`);
    expect(before.json().items.map((item: { id: number }) => item.id).sort()).toEqual([first.id, second.id].sort());
    const journal = await world.ctx.db.selectFrom('journal').select(['action', 'decision_id']).where('action', '=', 'member.rehome').where('object_id', '=', String(a)).execute();
    expect(journal).toEqual([{ action: 'member.rehome', decision_id: world.decisionId }]);

    const undo = await world.admin.post(`/api/orgs/batches/${merged.batch.id}/undo`, { reason: 'Quyết định bị hủy' });
    expect(undo.statusCode, undo.body).toBe(201);
    const restored = await page(first.id);
    expect(restored.record.unitId).toBe(a);
    expect(restored.placements.map((p: { unitId: number; validTo: string | null }) => [p.unitId, p.validTo])).toEqual([[a, null]]);
    const kinds = restored.timeline.map((event: { kind: string; voidedByEventId: number | null }) => [event.kind, event.voidedByEventId !== null]);
    expect(kinds).toEqual([['registration', false], ['rehomed', true], ['correction', false]]);
    expect(await headcountOfUnit(world.ctx.db, b, '2023-06-01', ALL)).toMatchObject({ total: 1 });
  });

  it('a dissolution is refused while official members remain, and changes nothing', async () => {
    const cell = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ Giải Thể', date: '2015-01-01' });
    const member = await memberIn(cell, 'Phạm Văn Còn');
    const response = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'dissolve', effectiveDate: '2023-01-01', unitIds: [cell] });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'MEMBERS_REMAIN_IN_UNIT', details: { unitId: cell, officialMembers: 1 } });
    expect((await page(member.id)).record).toMatchObject({ unitId: cell, rowVersion: 0 });
    const unit = await world.ctx.db.selectFrom('org_units').select('ended_on').where('id', '=', cell).executeTakeFirstOrThrow();
    expect(unit.ended_on).toBeNull();
  });

  it('a dissolved host sends its temporary guests home', async () => {
    const home = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ Nhà', date: '2015-01-01' });
    const host = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ Khách', date: '2015-01-01' });
    const guest = await memberIn(home, 'Vũ Văn Khách');
    const actor = systemActor(world.ctx.rootUnitId);
    const decisionId = await insertDecision(world.ctx.db, { signedOn: '2023-02-01' });
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: guest.id, kind: 'temporary', purpose: 'work', toUnitId: host, decisionId, issuedOn: '2023-02-01', temporaryUntil: '2023-11-01', expectedRowVersion: 0 }));
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, transfer.id, { receivedOn: '2023-02-10', expectedRowVersion: 0 }));
    await world.apply({ operation: 'dissolve', effectiveDate: '2023-05-01', unitIds: [host] });
    const detail = await page(guest.id);
    expect(detail.record.unitId).toBe(home);
    expect(detail.placements.find((p: { kind: string }) => p.kind === 'temporary')).toMatchObject({ unitId: host, validFrom: '2023-02-10', validTo: '2023-05-01' });
    expect(detail.openTransfers).toEqual([]);
  });

  it('when a unit moves in the tree, its members follow in lists of the new superior', async () => {
    const movingGrassroots = await world.establish({ parentId: commune, kind: 'grassroots_committee', name: 'Đảng bộ Di Chuyển', date: '2015-01-01' });
    const cell = await world.establish({ parentId: movingGrassroots, kind: 'cell', name: 'Chi bộ Di Chuyển', date: '2015-01-01' });
    const member = await memberIn(cell, 'Hoàng Văn Đi Theo');
    const copies = () => world.ctx.db.selectFrom('members').select(['superior_id', 'grassroots_id', 'province_id', 'scope_path']).where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(await copies()).toMatchObject({ superior_id: commune, grassroots_id: movingGrassroots, province_id: province });
    await world.apply({ operation: 'move', effectiveDate: '2024-01-01', unitIds: [movingGrassroots], newParentId: otherCommune });
    const after = await copies();
    expect(after).toMatchObject({ superior_id: otherCommune, grassroots_id: movingGrassroots, province_id: province });
    expect(after.scope_path).toContain(`/${otherCommune}/`);
    const listed = await world.admin.get(`/api/members?unitId=${otherCommune}`);
    expect(listed.json().items.map((item: { id: number }) => item.id)).toContain(member.id);
    expect((await world.admin.get(`/api/members?unitId=${commune}`)).json().items.map((item: { id: number }) => item.id)).not.toContain(member.id);
    // On the tree as it stood in 2023, the member was under the old commune.
    const then = await world.admin.get(`/api/members?unitId=${commune}&asOf=2023-06-01`);
    expect(then.json().items.map((item: { id: number }) => item.id)).toContain(member.id);
  });
});
