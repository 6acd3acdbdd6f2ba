import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { insertDecision, registerTestMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { acceptTransfer, issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';
import { inTransaction, systemScope } from '../../../src/kernel/index.ts';
import { registerMembersInBulk } from '../../../src/modules/members/index.ts';

const ALL = systemScope('test: headcounts');

/** Restructuring keeps every member in a cell (issue 11, item 1). */
describe('an upgrade or a change of kind keeps the members in a cell', () => {
  let world: OrgWorld;
  let province: number;
  let district: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Nâng Cấp', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Nâng Cấp', date: '2015-01-01' });
  });
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

  async function unitState() {
    return {
      versions: (await sql`select count(*)::int as n from org_unit_versions`.execute(world.ctx.db)).rows,
      placements: (await sql`select count(*)::int as n from member_placements`.execute(world.ctx.db)).rows,
      units: (await sql`select count(*)::int as n from org_units`.execute(world.ctx.db)).rows,
    };
  }

  it('an upgrade moves the members into a new cell named in the preview, and apply moves them there', async () => {
    const school = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Trường Tiểu học Hòa An', code: 'TH-HOA-AN', date: '2015-01-01' });
    const first = await memberIn(school, 'Nguyễn Văn Nâng');
    const second = await memberIn(school, 'Trần Thị Cấp');
    const body = { decisionId: world.decisionId, operation: 'upgrade', effectiveDate: '2023-03-01', unitId: school };

    const preview = await world.admin.post('/api/orgs/batches/preview', body);
    expect(preview.statusCode, preview.body).toBe(200);
    const previewed = preview.json();
    expect(previewed.summary.unitsCreated).toEqual([expect.objectContaining({ code: 'TH-HOA-AN-CB', name: 'Chi bộ Trường Tiểu học Hòa An', kind: 'cell', parentId: school })]);
    expect(previewed.summary.membersMoved).toEqual([{
      fromUnitId: school, toUnitId: previewed.summary.unitsCreated[0].unitId, toCode: 'TH-HOA-AN-CB', toName: 'Chi bộ Trường Tiểu học Hòa An', count: 2,
      members: [{ id: first.id, fullName: 'Nguyễn Văn Nâng' }, { id: second.id, fullName: 'Trần Thị Cấp' }],
    }]);
    expect((await page(first.id)).record.unitId).toBe(school);

    const applied = await world.apply(body);
    const cell = applied.summary.unitsCreated[0].unitId as number;
    expect(applied.summary.membersMoved[0]).toMatchObject({ toUnitId: cell, count: 2 });
    const detail = await page(first.id);
    expect(detail.record.unitId).toBe(cell);
    expect(detail.placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
      [school, '2016-02-01', '2023-03-01'], [cell, '2023-03-01', null],
    ]);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'rehomed', effectiveDate: '2023-03-01', unitId: cell, payload: { batchId: applied.batch.id, fromUnitId: school, toUnitId: cell } });
    expect(await headcountOfUnit(world.ctx.db, cell, '2023-06-01', ALL)).toMatchObject({ total: 2, official: 2 });
    expect(await headcountOfUnit(world.ctx.db, school, '2023-06-01', ALL)).toMatchObject({ total: 2 });
    // History is kept: the school was a grassroots cell until the upgrade.
    const versions = await world.ctx.db.selectFrom('org_unit_versions').select(['kind', 'valid_from', 'valid_to']).where('unit_id', '=', school).where('voided_by_batch_id', 'is', null).orderBy('valid_from').execute();
    expect(versions.map((v) => [v.kind, v.valid_to])).toEqual([['grassroots_cell', '2023-03-01'], ['grassroots_committee', null]]);
  });

  it('undoing an upgrade puts the members back in the grassroots cell', async () => {
    const unit = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Xã Hòa Bình', date: '2015-01-01' });
    const member = await memberIn(unit, 'Phạm Văn Về');
    const applied = await world.apply({ operation: 'upgrade', effectiveDate: '2023-03-01', unitId: unit, membersTo: { code: 'HB-CB1', name: 'Chi bộ Thôn Một' } });
    const cell = applied.summary.unitsCreated[0].unitId as number;
    expect(applied.summary.unitsCreated[0]).toMatchObject({ code: 'HB-CB1', name: 'Chi bộ Thôn Một' });
    expect((await page(member.id)).record.unitId).toBe(cell);
    const undo = await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'Quyết định bị hủy' });
    expect(undo.statusCode, undo.body).toBe(201);
    const restored = await page(member.id);
    expect(restored.record.unitId).toBe(unit);
    expect(restored.placements.map((p: { unitId: number; validTo: string | null }) => [p.unitId, p.validTo])).toEqual([[unit, null]]);
  });

  it('a transfer in progress addressed to the upgraded unit follows its members into the cell', async () => {
    const home = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Nơi Đi', date: '2015-01-01' });
    const target = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Nơi Đến', date: '2015-01-01' });
    await memberIn(target, 'Đỗ Văn Ở');
    const mover = await memberIn(home, 'Hoàng Văn Chuyển');
    const decisionId = await insertDecision(world.ctx.db, { signedOn: '2023-01-10' });
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, systemActor(world.ctx.rootUnitId), { memberId: mover.id, kind: 'official', purpose: 'work', toUnitId: target, decisionId, issuedOn: '2023-01-10', expectedRowVersion: 0 }));
    const applied = await world.apply({ operation: 'upgrade', effectiveDate: '2023-03-01', unitId: target });
    const cell = applied.summary.unitsCreated[0].unitId as number;
    expect(applied.summary.membersMoved[0].count).toBe(2);
    const row = await world.ctx.db.selectFrom('member_transfers').select('to_unit_id').where('id', '=', transfer.id).executeTakeFirstOrThrow();
    expect(Number(row.to_unit_id)).toBe(cell);
  });

  it('a destination that is not a cell of the new unit is refused with a clear code and changes nothing', async () => {
    const unit = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Sai Đích', date: '2015-01-01' });
    const elsewhere = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Khác', date: '2015-01-01' });
    const member = await memberIn(unit, 'Vũ Văn Đích');
    const before = await unitState();
    for (const membersTo of [{ unitId: elsewhere }, { unitId: district }]) {
      const response = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'upgrade', effectiveDate: '2023-03-01', unitId: unit, membersTo });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'ORG_MEMBERS_DESTINATION_INVALID', details: { unitId: unit, destinationId: membersTo.unitId } });
      expect(response.json().error.message).toBeTruthy();
    }
    const renameWithDestination = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'change_kind', effectiveDate: '2023-03-01', unitId: unit, kind: 'grassroots_cell', name: 'Chi bộ Đổi Tên', membersTo: { code: 'X-CB' } });
    expect(renameWithDestination.statusCode).toBe(422);
    expect(renameWithDestination.json().error.code).toBe('ORG_MEMBERS_DESTINATION_INVALID');
    expect(await unitState()).toEqual(before);
    expect((await page(member.id)).record).toMatchObject({ unitId: unit, rowVersion: 0 });
  });

  it('an upgrade dated before a member left the unit is refused, naming the later fact, and changes nothing', async () => {
    const unit = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Có Người Đi', date: '2015-01-01' });
    const other = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Nơi Nhận', date: '2015-01-01' });
    const leaver = await memberIn(unit, 'Đinh Văn Đi');
    await memberIn(unit, 'Đinh Văn Ở');
    const actor = systemActor(world.ctx.rootUnitId);
    const decisionId = await insertDecision(world.ctx.db, { signedOn: '2023-05-01' });
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: leaver.id, kind: 'official', purpose: 'work', toUnitId: other, decisionId, issuedOn: '2023-05-01', expectedRowVersion: 0 }));
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, transfer.id, { receivedOn: '2023-05-10', expectedRowVersion: 0 }));
    const before = await unitState();
    const response = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'upgrade', effectiveDate: '2023-03-01', unitId: unit });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ORG_HISTORY_LATER_CHANGE', details: { unitId: unit, memberId: leaver.id } });
    expect(await unitState()).toEqual(before);
    // On or after the member left, the upgrade is accepted.
    const applied = await world.apply({ operation: 'upgrade', effectiveDate: '2023-06-01', unitId: unit });
    expect(applied.summary.membersMoved[0].count).toBe(1);
  });

  it('an upgrade of a unit without members creates no cell', async () => {
    const empty = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Trống', date: '2015-01-01' });
    const applied = await world.apply({ operation: 'upgrade', effectiveDate: '2023-03-01', unitId: empty });
    expect(applied.summary.unitsCreated).toEqual([]);
    expect(applied.summary.membersMoved).toBeUndefined();
  });

  it('a grassroots cell becomes a cell of a grassroots committee in one move, and back; members stay placed', async () => {
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ Phường Một', date: '2015-01-01' });
    const school = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Trường THCS', date: '2015-01-01' });
    const member = await memberIn(school, 'Ngô Văn Trường');
    const refused = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'move', effectiveDate: '2023-04-01', unitIds: [school], newParentId: committee });
    expect(refused.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
    const notACell = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'move', effectiveDate: '2023-04-01', unitIds: [committee], newParentId: district, kind: 'cell' });
    expect(notACell.statusCode).toBe(422);

    await world.apply({ operation: 'move', effectiveDate: '2023-04-01', unitIds: [school], newParentId: committee, kind: 'cell' });
    const versions = await world.ctx.db.selectFrom('org_unit_versions').select(['kind', 'parent_id', 'valid_from', 'valid_to']).where('unit_id', '=', school).where('voided_by_batch_id', 'is', null).orderBy('valid_from').execute();
    expect(versions.map((v) => [v.kind, Number(v.parent_id), v.valid_to])).toEqual([['grassroots_cell', district, '2023-04-01'], ['cell', committee, null]]);
    expect((await page(member.id)).record.unitId).toBe(school);
    expect(await headcountOfUnit(world.ctx.db, committee, '2023-06-01', ALL)).toMatchObject({ total: 1 });

    await world.apply({ operation: 'move', effectiveDate: '2023-06-01', unitIds: [school], newParentId: district, kind: 'grassroots_cell' });
    const after = await world.ctx.db.selectFrom('org_unit_versions').select(['kind']).where('unit_id', '=', school).where('voided_by_batch_id', 'is', null).orderBy('valid_from').execute();
    expect(after.map((v) => v.kind)).toEqual(['grassroots_cell', 'cell', 'grassroots_cell']);
    expect((await page(member.id)).record.unitId).toBe(school);
  });

  it('the database refuses a placement in a unit that is not a cell, whatever wrote it', async () => {
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ Không Chứa', date: '2015-01-01' });
    const cell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Chứa', date: '2015-01-01' });
    const member = await memberIn(cell, 'Bùi Văn Ràng');
    await expect(sql`update member_placements set unit_id = ${committee} where member_id = ${member.id}`.execute(world.ctx.db)).rejects.toThrow(/must be placed in a cell/);
    // A kind change written without moving the members is refused at commit.
    await expect(sql`update org_unit_versions set kind = 'grassroots_committee' where unit_id = ${cell} and valid_to is null`.execute(world.ctx.db)).rejects.toThrow(/must be placed in a cell/);
    expect((await page(member.id)).record.unitId).toBe(cell);
  });

  it('the bulk writer\'s placements are judged at the end of its statement, a unit not a cell refused there, and the check goes back to each row at commit after it', async () => {
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ Nạp Hàng Loạt', date: '2015-01-01' });
    const cell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Nạp Hàng Loạt', date: '2015-01-01' });
    const before = await unitState();
    const source = (unitId: number, key: number) => sql`select ${key}::bigint as key, ${unitId}::bigint as unit_id, '2020-01-01'::date as effective_date,
      'official' as status, 'Phạm Văn Lô' as full_name, 'pham van lo' as name_folded, 'lo van pham' as name_sort_key, 'male' as sex,
      '1980-01-01'::date as birth_date, null as birthplace, null as hometown, null as ethnicity, null as religion, null as citizen_id,
      null as party_card_number, null as education_level, null as professional_level, null as theory_level, null as occupation,
      '2010-01-01'::date as admission_date, '2010-01-01'::date as probation_start, '2011-01-01'::date as official_date`;
    const write = (unitId: number) => inTransaction(world.ctx.db, (tx) => registerMembersInBulk(tx, { source: source(unitId, 1), decisionId: null, reason: null, recordedBy: null }));
    await expect(write(committee)).rejects.toThrow(/must be placed in a cell/);
    expect(await unitState()).toEqual(before);

    // Written into a cell, then moved in the same transaction by a plain statement: the row is judged at commit again.
    await expect(inTransaction(world.ctx.db, async (tx) => {
      const [group] = await registerMembersInBulk(tx, { source: source(cell, 2), decisionId: null, reason: null, recordedBy: null });
      expect((await sql<{ setting: string }>`select current_setting('cellbase.placements_in_cell', true) as setting`.execute(tx)).rows[0].setting).toBe('');
      await sql`insert into member_placements (member_id, unit_id, kind, valid_from, event_id)
        select member_id, ${committee}, 'temporary', '2021-01-01', event_id from member_placements where member_id = ${group.memberIds[0]}`.execute(tx);
    })).rejects.toThrow(/must be placed in a cell/);
    expect(await unitState()).toEqual(before);

    const [group] = await inTransaction(world.ctx.db, (tx) => registerMembersInBulk(tx, { source: source(cell, 3), decisionId: null, reason: null, recordedBy: null }));
    expect((await page(group.memberIds[0])).record.unitId).toBe(cell);
  });
});
