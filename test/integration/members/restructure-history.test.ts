/**
 * Restructuring and the members' own history: a batch never leaves a member outside a cell or in a unit that did not
 * exist on a day the member was there, its preview refuses what its apply would, and an undo never takes back a move
 * that later facts stand on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from '../orgs/world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { registerTestMember, strandMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { acceptTransfer, issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';
import { inTransaction, systemScope } from '../../../src/kernel/index.ts';
import { applyRestructure } from '../../../src/modules/orgs/restructure.service.ts';

const ALL = systemScope('test: headcounts');

describe('restructuring against the members\' history', () => {
  let world: OrgWorld;
  let bloc: number;
  let committee: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    const province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Lịch Sử', date: '2015-01-01' });
    bloc = await world.establish({ parentId: province, kind: 'agency_bloc_committee', name: 'Đảng bộ Khối Lịch Sử', date: '2015-01-01' });
    committee = await world.establish({ parentId: bloc, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Lịch Sử', date: '2015-01-01' });
  });
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });

  let sequence = 0;
  async function memberIn(unitId: number, fullName: string, from = '2016-02-01') {
    const birthDate = `198${sequence % 10}-0${1 + (sequence % 9)}-1${sequence++ % 10}`;
    return registerTestMember(world.ctx.db, world.ctx.rootUnitId, { unitId, fullName, birthDate, citizenId: validCitizenId('male', birthDate), admissionDate: '2016-02-01', effectiveDate: from, officialDate: '2017-02-01' });
  }
  async function page(id: number) {
    const response = await world.admin.get(`/api/members/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  const cell = (name: string) => world.establish({ parentId: bloc, kind: 'grassroots_cell', name, date: '2015-01-01' });
  const batch = (body: Record<string, unknown>, path = '/api/orgs/batches') => world.admin.post(path, { decisionId: world.decisionId, ...body });

  it('a grassroots cell holding members is not merged into a grassroots committee: preview and apply refuse it alike', async () => {
    const source = await cell('Chi bộ cơ sở Hợp Vào Đảng Bộ');
    const member = await memberIn(source, 'Nguyễn Văn Chi Bộ');
    const before = await snapshotTree(world.ctx.db);
    for (const path of ['/api/orgs/batches/preview', '/api/orgs/batches']) {
      const response = await batch({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [source], intoUnitId: committee }, path);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'ORG_MEMBERS_DESTINATION_INVALID', details: { unitId: source, destinationId: committee, kind: 'grassroots_committee' } });
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    expect((await page(member.id)).record).toMatchObject({ unitId: source, rowVersion: 0 });
    // Without members the same merge is an ordinary one.
    const empty = await cell('Chi bộ cơ sở Không Người');
    await world.apply({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [empty], intoUnitId: committee });
  });

  it('a preview refuses what the database refuses at commit: a member of old data left outside a cell by a merge', async () => {
    // Old data: a member placed in a grassroots committee (the cleaning list's `unit_not_a_cell`).
    const stranded = await world.establish({ parentId: bloc, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Dữ Liệu Cũ', date: '2015-01-01' });
    const target = await world.establish({ parentId: bloc, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Nhận Dữ Liệu Cũ', date: '2015-01-01' });
    const home = await cell('Chi bộ cơ sở Tạm Dữ Liệu Cũ');
    const member = await memberIn(home, 'Cao Văn Dữ Liệu Cũ');
    await strandMember(world.ctx.ownerUrl, member.id, stranded);
    const before = await snapshotTree(world.ctx.db);
    for (const path of ['/api/orgs/batches/preview', '/api/orgs/batches']) {
      const response = await batch({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [stranded], intoUnitId: target }, path);
      expect(response.statusCode, `${path} ${response.body}`).toBe(422);
      expect(response.json().error.code).toBe('UNIT_NOT_A_CELL');
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    await strandMember(world.ctx.ownerUrl, member.id, home); // back in its cell, for the invariants
  });

  it('a cell holding members is not split with a committee as the part that takes them', async () => {
    const source = await cell('Chi bộ cơ sở Tách');
    await memberIn(source, 'Trần Văn Tách');
    const parts = [
      { code: `TA${sequence}`, name: 'Đảng bộ cơ sở Tách A', kind: 'grassroots_committee' },
      { code: `TB${sequence}`, name: 'Chi bộ cơ sở Tách B', kind: 'grassroots_cell' },
    ];
    for (const path of ['/api/orgs/batches/preview', '/api/orgs/batches']) {
      const response = await batch({ operation: 'split', effectiveDate: '2023-01-01', sourceId: source, parts }, path);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'ORG_MEMBERS_DESTINATION_INVALID', details: { unitId: source, kind: 'grassroots_committee' } });
    }
    // The cell first: its members go there.
    const split = await world.apply({ operation: 'split', effectiveDate: '2023-01-01', sourceId: source, parts: [parts[1], parts[0]] });
    expect(split.summary.unitsEnded).toHaveLength(1);
  });

  it('a cell does not end before a member\'s stay in it ended (dissolution, merge): the member would drop out of the counts', async () => {
    const left = await cell('Chi bộ cơ sở Đã Rời');
    const other = await cell('Chi bộ cơ sở Nhận');
    const member = await memberIn(left, 'Lê Văn Rời');
    const actor = systemActor(world.ctx.rootUnitId);
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: member.id, kind: 'official', purpose: 'work', toUnitId: other, decisionId: world.decisionId, issuedOn: '2023-03-01', expectedRowVersion: 0 }));
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, transfer.id, { receivedOn: '2023-04-01', expectedRowVersion: 0 }));
    expect(await headcountOfUnit(world.ctx.db, left, '2023-02-01', ALL)).toMatchObject({ total: 1 });
    const before = await snapshotTree(world.ctx.db);
    for (const body of [
      { operation: 'dissolve', effectiveDate: '2023-01-01', unitIds: [left] },
      { operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [left], intoUnitId: other },
    ]) {
      for (const path of ['/api/orgs/batches/preview', '/api/orgs/batches']) {
        const response = await batch(body, path);
        expect(response.statusCode, response.body).toBe(409);
        expect(response.json().error).toMatchObject({ code: 'ORG_HISTORY_LATER_CHANGE', details: { unitId: left, memberId: member.id, latestChange: '2023-04-01' } });
      }
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    expect(await headcountOfUnit(world.ctx.db, left, '2023-02-01', ALL)).toMatchObject({ total: 1 });
    // On the day the member left, or after, the cell ends.
    await world.apply({ operation: 'dissolve', effectiveDate: '2023-04-01', unitIds: [left] });
  });

  it('a batch that established a cell is not undone once members were placed there', async () => {
    const established = await world.apply({ operation: 'establish', effectiveDate: '2022-01-01', units: [{ parentId: bloc, kind: 'grassroots_cell', code: `NEW${sequence}`, name: 'Chi bộ cơ sở Mới' }] });
    const created = established.summary.unitsCreated[0].unitId as number;
    const member = await memberIn(created, 'Phạm Văn Mới', '2022-06-01');
    const before = await snapshotTree(world.ctx.db);
    for (const path of [`/api/orgs/batches/${established.batch.id}/undo/preview`, `/api/orgs/batches/${established.batch.id}/undo`]) {
      const response = await world.admin.post(path, { reason: 'Quyết định bị hủy' });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'ORG_BATCH_NOT_UNDOABLE', details: { unitId: created, memberId: member.id } });
      expect(response.json().error.message).toContain(`tổ chức do đợt sắp xếp này thành lập (mã ${created})`);
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    expect((await page(member.id)).record).toMatchObject({ unitId: created, unitName: 'Chi bộ cơ sở Mới' });
    expect(await headcountOfUnit(world.ctx.db, created, '2023-01-01', ALL)).toMatchObject({ total: 1 });
  });

  it('a member entered while a batch ends the cell waits for it and is refused: never placed in the ended cell', async () => {
    const ending = await cell('Chi bộ cơ sở Đang Giải Thể');
    const actor = systemActor(world.ctx.rootUnitId);
    const admissionDecision = await world.admin.post('/api/decisions', { number: `KN-${sequence}-QĐ/ĐU`, signedOn: '2024-02-01', issuingBody: 'Đảng ủy', issuingUnitId: bloc });
    expect(admissionDecision.statusCode, admissionDecision.body).toBe(201);
    // The dissolution applied and not yet committed; then a registration and an admission into the cell, dated after it.
    let applied!: () => void;
    let release!: () => void;
    const appliedNow = new Promise<void>((resolve) => { applied = resolve; });
    const held = new Promise<void>((resolve) => { release = resolve; });
    const dissolution = inTransaction(world.ctx.db, async (tx) => {
      await applyRestructure(tx, actor, { operation: 'dissolve', decisionId: world.decisionId, effectiveDate: '2023-06-01', unitIds: [ending] });
      applied();
      await held;
    });
    await appliedNow;
    const registration = world.admin.post('/api/members/registrations', {
      unitId: ending, decisionId: world.decisionId, effectiveDate: '2024-01-01', admissionDate: '2016-02-01', officialDate: '2017-02-01', status: 'official',
      member: { fullName: 'Quách Văn Đến Muộn', sex: 'male', birthDate: '1985-05-05' },
    });
    const admission = world.admin.post('/api/members/bulk/admissions', {
      decisionId: admissionDecision.json().id,
      rows: [{ unitId: ending, cellVoteDate: '2024-01-20', ceremonyDate: '2024-02-10', member: { fullName: 'Quách Thị Kết Nạp', sex: 'female', birthDate: '1995-05-05' } }],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await dissolution;
    const [registered, admitted] = [await registration, await admission];
    expect(registered.statusCode, registered.body).toBe(422);
    expect(registered.json().error).toMatchObject({ code: 'UNIT_DISSOLVED', details: { unitId: ending, endedOn: '2023-06-01' } });
    expect(admitted.statusCode, admitted.body).toBe(422);
    expect(admitted.json().error.details.rows.map((row: { code: string }) => row.code)).toEqual(['UNIT_DISSOLVED']);
    const placed = await world.ctx.db.selectFrom('member_placements').select('id').where('unit_id', '=', ending).where('voided_by_event_id', 'is', null).execute();
    expect(placed).toEqual([]);
  });

  it('a cell is not dissolved while a transfer is addressed to it: nothing could receive it', async () => {
    const host = await cell('Chi bộ cơ sở Sắp Giải Thể');
    const home = await cell('Chi bộ cơ sở Nhà');
    const sent = await memberIn(home, 'Đinh Văn Đang Chuyển');
    const actor = systemActor(world.ctx.rootUnitId);
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: sent.id, kind: 'official', purpose: 'work', toUnitId: host, decisionId: world.decisionId, issuedOn: '2024-01-02', expectedRowVersion: 0 }));
    const before = await snapshotTree(world.ctx.db);
    for (const path of ['/api/orgs/batches/preview', '/api/orgs/batches']) {
      const response = await batch({ operation: 'dissolve', effectiveDate: '2024-02-01', unitIds: [host] }, path);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'TRANSFERS_ADDRESSED_TO_UNIT', details: { unitId: host, transferIds: [transfer.id], memberIds: [sent.id] } });
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    // Received there, then moved on: the cell empties and may go.
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, transfer.id, { receivedOn: '2024-01-10', expectedRowVersion: 0 }));
    const back = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: sent.id, kind: 'official', purpose: 'work', toUnitId: home, decisionId: world.decisionId, issuedOn: '2024-01-20', expectedRowVersion: 2 }));
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, back.id, { receivedOn: '2024-01-25', expectedRowVersion: 0 }));
    await world.apply({ operation: 'dissolve', effectiveDate: '2024-02-01', unitIds: [host] });
  });

  it('a merge is not undone once a member it moved was removed or transferred since; the history stays whole', async () => {
    const source = await cell('Chi bộ cơ sở Nguồn');
    const target = await cell('Chi bộ cơ sở Đích');
    const elsewhere = await cell('Chi bộ cơ sở Nơi Khác');
    const removed = await memberIn(source, 'Hoàng Văn Xóa Tên');
    const moved = await memberIn(source, 'Vũ Văn Chuyển Đi');
    const merged = await world.apply({ operation: 'merge', effectiveDate: '2022-01-01', sourceIds: [source], intoUnitId: target });
    const removal = await world.admin.post(`/api/members/${removed.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2022-06-01', ground: 'inactivity', expectedRowVersion: 1 });
    expect(removal.statusCode, removal.body).toBe(200);
    const undo = () => world.admin.post(`/api/orgs/batches/${merged.batch.id}/undo`, { reason: 'Quyết định bị hủy' });
    let response = await undo();
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ORG_BATCH_NOT_UNDOABLE', details: { memberId: removed.id, laterKind: 'removal', laterDate: '2022-06-01' } });
    // The message names the member and the fact, as the member's timeline labels it.
    expect(response.json().error.message).toContain(`đảng viên (mã ${removed.id})`);
    expect(response.json().error.message).toContain('“Xóa tên khỏi danh sách” ngày 01/06/2022');
    expect((await page(removed.id)).placements.map((p: { unitId: number; validTo: string | null }) => [p.unitId, p.validTo])).toEqual([[source, '2022-01-01'], [target, '2022-06-01']]);

    // The removal annulled, the transfer of the other one now stands on the move.
    const removedPage = await page(removed.id);
    const annul = await world.admin.post(`/api/members/${removed.id}/corrections`, { correctsEventId: removedPage.timeline.at(-1).id, action: 'void', reason: 'Nhập nhầm', expectedRowVersion: removedPage.record.rowVersion });
    expect(annul.statusCode, annul.body).toBe(200);
    const actor = systemActor(world.ctx.rootUnitId);
    const transfer = await inTransaction(world.ctx.db, (tx) => issueTransfer(tx, actor, { memberId: moved.id, kind: 'official', purpose: 'work', toUnitId: elsewhere, decisionId: world.decisionId, issuedOn: '2022-03-01', expectedRowVersion: 1 }));
    await inTransaction(world.ctx.db, (tx) => acceptTransfer(tx, actor, transfer.id, { receivedOn: '2022-03-10', expectedRowVersion: 0 }));
    response = await undo();
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ORG_BATCH_NOT_UNDOABLE', details: { memberId: moved.id, laterKind: 'transfer_issued' } });
    expect((await page(moved.id)).placements.map((p: { unitId: number; validTo: string | null }) => [p.unitId, p.validTo])).toEqual([[source, '2022-01-01'], [target, '2022-03-10'], [elsewhere, null]]);
    expect(await headcountOfUnit(world.ctx.db, elsewhere, '2022-06-01', ALL)).toMatchObject({ total: 1 });
    expect(await headcountOfUnit(world.ctx.db, target, '2022-06-01', ALL)).toMatchObject({ total: 1 });
  });
});
