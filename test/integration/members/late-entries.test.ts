/**
 * Late entries in their place (issue 11, item 2): a dated fact consistent with the history around it is entered at
 * its date and the member's status, unit and headcounts are re-derived; one that contradicts a later fact is refused
 * with that fact named and nothing changed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { admitTestMember, insertDecision, registerTestMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { deriveProjection } from '../../../src/modules/members/history.ts';
import { endExemption, exemptMember, recordDeath } from '../../../src/modules/members/members.service.ts';
import { acceptTransfer, issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';
import { inTransaction, systemScope } from '../../../src/kernel/index.ts';

const ALL = systemScope('test: headcounts');

describe('late entries in their place', () => {
  let world: OrgWorld;
  let grassroots: number;
  let sequence = 0;

  beforeAll(async () => {
    world = await createOrgWorld();
    const province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Ghi Muộn', date: '2015-01-01' });
    const district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Ghi Muộn', date: '2015-01-01' });
    grassroots = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Ghi Muộn', date: '2015-01-01' });
  });
  // Every restructuring keeps the tree whole and every member in a cell.
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });

  const db = () => world.ctx.db;
  const cell = (name: string) => world.establish({ parentId: grassroots, kind: 'cell', name, date: '2015-01-01' });

  function birth() {
    const n = sequence++;
    return `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`;
  }
  async function memberIn(unitId: number, fullName: string) {
    const birthDate = birth();
    return registerTestMember(db(), world.ctx.rootUnitId, { unitId, fullName, birthDate, citizenId: validCitizenId('male', birthDate), admissionDate: '2016-02-01', officialDate: '2017-02-01' });
  }
  async function page(id: number) {
    const response = await world.admin.get(`/api/members/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  async function row(id: number) {
    return db().selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  /** The projection on `members` equals the one re-derived from the member's events and placements. */
  async function expectProjectionDerived(id: number) {
    const events = await db().selectFrom('member_events').select(['id', 'kind', 'effective_date', 'status_after', 'payload', 'transfer_id', 'voided_by_event_id']).where('member_id', '=', id).execute();
    const placements = await db().selectFrom('member_placements').select(['id', 'unit_id', 'kind', 'valid_from', 'valid_to']).where('member_id', '=', id).where('voided_by_event_id', 'is', null).execute();
    const member = await row(id);
    expect(deriveProjection(events, placements)).toEqual({
      status: member.status, status_since: member.status_since, admission_date: member.admission_date, probation_start: member.probation_start,
      official_date: member.official_date, unit_id: member.unit_id, in_transit: member.in_transit,
    });
  }
  /** Row counts of everything a command writes, and the member's row: a refused command leaves them unchanged. */
  async function snapshot(memberId: number) {
    const count = async (table: 'member_events' | 'member_placements' | 'journal' | 'member_transfers') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const placements = await db().selectFrom('member_placements').select(['id', 'valid_from', 'valid_to', 'voided_by_event_id']).where('member_id', '=', memberId).orderBy('id').execute();
    return { events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal'), transfers: await count('member_transfers'), member: await row(memberId), memberPlacements: placements };
  }
  async function transfer(memberId: number, toUnitId: number, issuedOn: string, receivedOn: string, rowVersion: number) {
    const actor = systemActor(world.ctx.rootUnitId);
    const issued = await inTransaction(db(), (tx) => issueTransfer(tx, actor, { memberId, kind: 'official', purpose: 'work', toUnitId, decisionId: world.decisionId, issuedOn, expectedRowVersion: rowVersion }));
    return inTransaction(db(), (tx) => acceptTransfer(tx, actor, issued.id, { receivedOn, cellId: toUnitId, expectedRowVersion: 0 }));
  }

  it('an exemption period recorded late inside a stretch with no conflicting change is accepted and re-derived, marked as late', async () => {
    const from = await cell('Chi bộ Miễn Đi');
    const to = await cell('Chi bộ Miễn Đến');
    const member = await memberIn(from, 'Nguyễn Văn Miễn');
    await transfer(member.id, to, '2024-04-01', '2024-04-15', 0);
    await expectProjectionDerived(member.id);
    let version = (await row(member.id)).row_version;

    const exemption = await world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2024-02-01', ground: 'age', expectedRowVersion: version });
    expect(exemption.statusCode, exemption.body).toBe(200);
    expect(exemption.json().member).toMatchObject({ status: 'exempted', statusSince: '2024-02-01', unitId: to });
    await expectProjectionDerived(member.id);
    version = exemption.json().member.rowVersion;
    const end = await world.admin.post(`/api/members/${member.id}/exemption-end`, { decisionId: world.decisionId, effectiveDate: '2024-03-01', expectedRowVersion: version });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().member).toMatchObject({ status: 'official', statusSince: '2024-03-01', unitId: to });
    await expectProjectionDerived(member.id);

    // Headcounts on every side of the inserted facts.
    expect(await headcountOfUnit(db(), from, '2024-01-15', ALL)).toMatchObject({ total: 1, official: 1, exempted: 0 });
    expect(await headcountOfUnit(db(), from, '2024-02-15', ALL)).toMatchObject({ total: 1, official: 0, exempted: 1 });
    expect(await headcountOfUnit(db(), from, '2024-03-15', ALL)).toMatchObject({ total: 1, official: 1, exempted: 0 });
    expect(await headcountOfUnit(db(), from, '2024-05-01', ALL)).toMatchObject({ total: 0 });
    expect(await headcountOfUnit(db(), to, '2024-05-01', ALL)).toMatchObject({ total: 1, official: 1 });

    // In its place in the timeline, with both dates; the journal says it was recorded late.
    const detail = await page(member.id);
    expect(detail.timeline.map((event: { kind: string }) => event.kind)).toEqual(['registration', 'exemption', 'exemption_end', 'transfer_issued', 'transfer_received']);
    expect(detail.timeline[1].payload).toMatchObject({ recordedLate: true });
    // The cell it happened in: the one the member belonged to on its date.
    expect(detail.timeline[1].unitId).toBe(from);
    const journal = await db().selectFrom('journal').select(['action', 'effective_date', 'after', 'recorded_at']).where('object_type', '=', 'member').where('object_id', '=', String(member.id)).where('action', '=', 'member.exemption').executeTakeFirstOrThrow();
    expect(journal.effective_date).toBe('2024-02-01');
    expect(journal.after).toMatchObject({ recordedLate: true, status: 'exempted' });
  });

  it('a removal dated before a later transfer is refused, naming the transfer, and changes nothing', async () => {
    const from = await cell('Chi bộ Xóa Đi');
    const to = await cell('Chi bộ Xóa Đến');
    const member = await memberIn(from, 'Trần Văn Xóa');
    const accepted = await transfer(member.id, to, '2024-04-01', '2024-04-15', 0);
    const before = await snapshot(member.id);
    const response = await world.admin.post(`/api/members/${member.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2024-03-10', ground: 'inactivity', expectedRowVersion: before.member.row_version });
    expect(response.statusCode, response.body).toBe(422);
    const issuedEvent = (await page(member.id)).timeline.find((event: { kind: string }) => event.kind === 'transfer_issued');
    expect(response.json().error).toMatchObject({
      code: 'MEMBER_LATER_FACT_CONFLICT',
      details: { date: '2024-03-10', kind: 'removal', conflict: { kind: 'transfer_issued', effectiveDate: '2024-04-01', eventId: issuedEvent.id, transferId: accepted.id } },
    });
    // The message names the later fact as the member's timeline does: its kind, its date (dd/mm/yyyy) and its id.
    expect(response.json().error.message).toBe(`Sự kiện ghi bổ sung mâu thuẫn với sự kiện sau đó trong lịch sử đảng viên: “Giới thiệu chuyển sinh hoạt đảng” ngày 01/04/2024 (mã sự kiện ${issuedEvent.id}); hãy đính chính sự kiện sau trước.`);
    const english = await world.admin.request('POST', `/api/members/${member.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2024-03-10', ground: 'inactivity', expectedRowVersion: before.member.row_version }, { 'x-locale': 'en' });
    expect(english.json().error.message).toBe(`The late entry contradicts a later fact in the member's history: “Transfer issued” on 01/04/2024 (event ${issuedEvent.id}); correct that later fact first.`);
    expect(await snapshot(member.id)).toEqual(before);

    // The tail case: a removal as of June, after the transfer, is accepted where it is.
    const tail = await world.admin.post(`/api/members/${member.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2024-06-01', ground: 'inactivity', expectedRowVersion: before.member.row_version });
    expect(tail.statusCode, tail.body).toBe(200);
    expect(tail.json().member).toMatchObject({ status: 'removed', statusSince: '2024-06-01', unitId: to });
    await expectProjectionDerived(member.id);
  });

  it('a death dated before a later recognition is refused with the recognition named', async () => {
    const unit = await cell('Chi bộ Công Nhận');
    const birthDate = birth();
    const member = await admitTestMember(db(), world.ctx.rootUnitId, { unitId: unit, decisionDate: '2023-01-10', fullName: 'Lê Văn Dự', birthDate, citizenId: validCitizenId('male', birthDate) });
    const decision = await insertDecision(db(), { signedOn: '2024-01-15' });
    const recognized = await world.admin.post(`/api/members/${member.id}/recognition`, { decisionId: decision, expectedRowVersion: member.rowVersion });
    expect(recognized.statusCode, recognized.body).toBe(200);
    await expectProjectionDerived(member.id);
    const recognition = (await page(member.id)).timeline.find((event: { kind: string }) => event.kind === 'recognition');
    const before = await snapshot(member.id);
    const response = await world.admin.post(`/api/members/${member.id}/death`, { effectiveDate: '2023-06-01', expectedRowVersion: before.member.row_version });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'MEMBER_LATER_FACT_CONFLICT', details: { conflict: { kind: 'recognition', effectiveDate: '2024-01-10', eventId: recognition.id } } });
    expect(response.json().error.message).toContain(`“Công nhận đảng viên chính thức” ngày 10/01/2024 (mã sự kiện ${recognition.id})`);
    expect(await snapshot(member.id)).toEqual(before);
  });

  it('a late exemption whose date falls inside another exemption is refused with the command\'s own code', async () => {
    const unit = await cell('Chi bộ Miễn Hai');
    const other = await cell('Chi bộ Miễn Hai Đến');
    const member = await memberIn(unit, 'Phạm Văn Hai');
    const actor = systemActor(world.ctx.rootUnitId);
    await inTransaction(db(), (tx) => exemptMember(tx, actor, member.id, { decisionId: world.decisionId, effectiveDate: '2023-01-01', ground: 'age', expectedRowVersion: 0 }));
    await inTransaction(db(), (tx) => endExemption(tx, actor, member.id, { decisionId: world.decisionId, effectiveDate: '2023-06-01', expectedRowVersion: 1 }));
    await transfer(member.id, other, '2024-01-01', '2024-01-10', 2);
    const before = await snapshot(member.id);
    const inside = await world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2023-03-01', ground: 'age', expectedRowVersion: before.member.row_version });
    expect(inside.statusCode).toBe(422);
    expect(inside.json().error.code).toBe('MEMBER_NOT_OFFICIAL');
    // An exemption before the first one, with no end between: the later exemption would find the member exempted.
    const open = await world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2022-06-01', ground: 'age', expectedRowVersion: before.member.row_version });
    expect(open.json().error).toMatchObject({ code: 'MEMBER_LATER_FACT_CONFLICT', details: { conflict: { kind: 'exemption', effectiveDate: '2023-01-01' } } });
    expect(await snapshot(member.id)).toEqual(before);
  });

  it('a removal dated before a restructuring that moved the member re-derives the move: the member stays where they left', async () => {
    const a = await cell('Chi bộ Hợp Nhất A');
    const b = await cell('Chi bộ Hợp Nhất B');
    const member = await memberIn(a, 'Hoàng Văn Rời');
    const stays = await memberIn(a, 'Hoàng Văn Ở');
    await world.apply({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [a], intoUnitId: b });
    expect((await row(member.id)).unit_id).toBe(b);
    expect(await headcountOfUnit(db(), b, '2023-06-01', ALL)).toMatchObject({ total: 2 });

    const removal = await world.admin.post(`/api/members/${member.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2022-09-01', ground: 'inactivity', expectedRowVersion: 1 });
    expect(removal.statusCode, removal.body).toBe(200);
    expect(removal.json().member).toMatchObject({ status: 'removed', statusSince: '2022-09-01', unitId: a });
    await expectProjectionDerived(member.id);
    const detail = await page(member.id);
    expect(detail.placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([[a, '2016-02-01', '2022-09-01']]);
    expect(detail.timeline.find((event: { kind: string }) => event.kind === 'rehomed').voidedByEventId).toBe(removal.json().eventId);
    expect(await headcountOfUnit(db(), a, '2022-06-01', ALL)).toMatchObject({ total: 2 });
    expect(await headcountOfUnit(db(), a, '2022-10-01', ALL)).toMatchObject({ total: 1 });
    expect(await headcountOfUnit(db(), b, '2023-06-01', ALL)).toMatchObject({ total: 1 });
    expect((await row(stays.id)).unit_id).toBe(b);
    const journal = await db().selectFrom('journal').select(['after']).where('action', '=', 'member.removal').where('object_id', '=', String(member.id)).executeTakeFirstOrThrow();
    expect(journal.after).toMatchObject({ recordedLate: true, voidedMoveIds: [detail.timeline.find((event: { kind: string }) => event.kind === 'rehomed').id] });
  });

  it('an admission into a unit on a date it existed, although it has ended since, follows the unit into its successor', async () => {
    const a = await cell('Chi bộ Đã Hợp A');
    const b = await cell('Chi bộ Đã Hợp B');
    const c = await cell('Chi bộ Đã Hợp C');
    const merged = await world.apply({ operation: 'merge', effectiveDate: '2023-01-01', sourceIds: [a], intoUnitId: b });
    const again = await world.apply({ operation: 'merge', effectiveDate: '2023-07-01', sourceIds: [b], intoUnitId: c });
    const decisionId = await insertDecision(db(), { signedOn: '2022-05-10' });
    const birthDate = birth();
    const body = { unitId: a, decisionId, cellVoteDate: '2022-05-01', ceremonyDate: '2022-05-20', member: { fullName: 'Ngô Văn Muộn', sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate) } };
    const response = await world.admin.post('/api/members/admissions', body);
    expect(response.statusCode, response.body).toBe(201);
    const member = response.json().member;
    expect(member).toMatchObject({ status: 'probationary', admissionDate: '2022-05-10', unitId: c });
    await expectProjectionDerived(member.id);
    const detail = await page(member.id);
    expect(detail.placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
      [a, '2022-05-10', '2023-01-01'], [b, '2023-01-01', '2023-07-01'], [c, '2023-07-01', null],
    ]);
    expect(detail.timeline.map((event: { kind: string; payload: { batchId?: number } }) => [event.kind, event.payload.batchId ?? null])).toEqual([
      ['admission', null], ['rehomed', merged.batch.id], ['rehomed', again.batch.id],
    ]);
    expect(await headcountOfUnit(db(), a, '2022-06-01', ALL)).toMatchObject({ total: 1, probationary: 1 });
    expect(await headcountOfUnit(db(), b, '2023-03-01', ALL)).toMatchObject({ total: 1 });
    expect(await headcountOfUnit(db(), c, '2023-08-01', ALL)).toMatchObject({ total: 1 });
    const journal = await db().selectFrom('journal').select(['after']).where('action', '=', 'member.admission').where('object_id', '=', String(member.id)).executeTakeFirstOrThrow();
    expect(journal.after).toMatchObject({ recordedLate: true, followedRestructuring: [{ batchId: merged.batch.id, toUnitId: b }, { batchId: again.batch.id, toUnitId: c }] });

    // Undoing the later batch annuls the move it stands for, like those it made itself.
    const undo = await world.admin.post(`/api/orgs/batches/${again.batch.id}/undo`, { reason: 'Quyết định bị hủy' });
    expect(undo.statusCode, undo.body).toBe(201);
    expect((await row(member.id)).unit_id).toBe(b);

    // On or after the day it ended, the unit cannot take anyone.
    const tooLate = await world.admin.post('/api/members/admissions', { ...body, decisionId: await insertDecision(db(), { signedOn: '2023-02-10' }), cellVoteDate: '2023-02-01', ceremonyDate: '2023-02-20', member: { ...body.member, fullName: 'Ngô Văn Trễ', birthDate: '1990-01-01', citizenId: validCitizenId('male', '1990-01-01') } });
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json().error.code).toBe('UNIT_DISSOLVED');
  });

  it('a transfer received on a date before a fact recorded meanwhile is entered in its place; a later move of the sending cell is re-derived', async () => {
    const a = await cell('Chi bộ Nhận Muộn A');
    const b = await cell('Chi bộ Nhận Muộn B');
    const dest = await cell('Chi bộ Nhận Muộn Đến');
    const member = await memberIn(a, 'Đặng Văn Nhận');
    const actor = systemActor(world.ctx.rootUnitId);
    const issued = await inTransaction(db(), (tx) => issueTransfer(tx, actor, { memberId: member.id, kind: 'official', purpose: 'work', toUnitId: dest, decisionId: world.decisionId, issuedOn: '2024-03-01', expectedRowVersion: 0 }));
    await world.apply({ operation: 'merge', effectiveDate: '2024-05-01', sourceIds: [a], intoUnitId: b });
    await inTransaction(db(), (tx) => exemptMember(tx, actor, member.id, { decisionId: world.decisionId, effectiveDate: '2024-05-10', ground: 'illness', expectedRowVersion: 2 }));
    expect((await row(member.id)).unit_id).toBe(b);

    const accepted = await world.admin.post(`/api/transfers/${issued.id}/accept`, { receivedOn: '2024-04-01', cellId: dest, expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await row(member.id)).toMatchObject({ unit_id: dest, in_transit: false, status: 'exempted', status_since: '2024-05-10' });
    await expectProjectionDerived(member.id);
    const detail = await page(member.id);
    expect(detail.placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
      [a, '2016-02-01', '2024-04-01'], [dest, '2024-04-01', null],
    ]);
    expect(detail.timeline.find((event: { kind: string }) => event.kind === 'transfer_received').payload).toMatchObject({ recordedLate: true });
    expect(await headcountOfUnit(db(), a, '2024-03-15', ALL)).toMatchObject({ total: 1 });
    expect(await headcountOfUnit(db(), dest, '2024-04-15', ALL)).toMatchObject({ total: 1, official: 1 });
    expect(await headcountOfUnit(db(), dest, '2024-06-01', ALL)).toMatchObject({ total: 1, exempted: 1 });
    expect(await headcountOfUnit(db(), b, '2024-06-01', ALL)).toMatchObject({ total: 0 });
    const journal = await db().selectFrom('journal').select(['after']).where('action', '=', 'transfer.accept').where('object_id', '=', String(issued.id)).executeTakeFirstOrThrow();
    expect(journal.after).toMatchObject({ recordedLate: true });
  });

  it('a transfer issued on a date before a later fact is entered when the member was in the same cell then, refused naming the fact otherwise', async () => {
    const a = await cell('Chi bộ Gửi Muộn A');
    const dest = await cell('Chi bộ Gửi Muộn Đến');
    const x = await cell('Chi bộ Gửi Muộn X');
    const member = await memberIn(a, 'Bùi Văn Gửi');
    const actor = systemActor(world.ctx.rootUnitId);
    await inTransaction(db(), (tx) => exemptMember(tx, actor, member.id, { decisionId: world.decisionId, effectiveDate: '2024-05-01', ground: 'age', expectedRowVersion: 0 }));
    const issued = await world.admin.post('/api/transfers', { memberId: member.id, kind: 'official', purpose: 'work', toUnitId: dest, decisionId: world.decisionId, issuedOn: '2024-04-01', expectedRowVersion: 1 });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(await row(member.id)).toMatchObject({ in_transit: true, status: 'exempted', unit_id: a });
    await expectProjectionDerived(member.id);
    const accepted = await world.admin.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2024-04-20', cellId: dest, expectedRowVersion: 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await row(member.id)).toMatchObject({ in_transit: false, status: 'exempted', unit_id: dest });
    await expectProjectionDerived(member.id);

    // Dated while the first transfer was in progress: the command's own code for that day.
    const before = await snapshot(member.id);
    const during = await world.admin.post('/api/transfers', { memberId: member.id, kind: 'official', purpose: 'work', toUnitId: x, decisionId: world.decisionId, issuedOn: '2024-04-10', expectedRowVersion: before.member.row_version });
    expect(during.statusCode, during.body).toBe(409);
    expect(during.json().error.code).toBe('MEMBER_IN_TRANSIT');
    // Dated before it: the first transfer (issued while this one would be in progress) is named.
    const refused = await world.admin.post('/api/transfers', { memberId: member.id, kind: 'official', purpose: 'work', toUnitId: x, decisionId: world.decisionId, issuedOn: '2024-03-15', expectedRowVersion: before.member.row_version });
    expect(refused.statusCode, refused.body).toBe(422);
    const first = (await page(member.id)).timeline.find((event: { kind: string }) => event.kind === 'transfer_issued');
    expect(refused.json().error).toMatchObject({ code: 'MEMBER_LATER_FACT_CONFLICT', details: { conflict: { kind: 'transfer_issued', effectiveDate: '2024-04-01', eventId: first.id } } });
    // Dated before a death: a member in transit cannot die out of the transfer's sight; the death is named.
    const other = await memberIn(a, 'Bùi Văn Mất');
    await inTransaction(db(), (tx) => recordDeath(tx, actor, other.id, { effectiveDate: '2024-06-01', expectedRowVersion: 0 }));
    const afterDeath = await world.admin.post('/api/transfers', { memberId: other.id, kind: 'official', purpose: 'work', toUnitId: x, decisionId: world.decisionId, issuedOn: '2024-04-10', expectedRowVersion: 1 });
    expect(afterDeath.statusCode).toBe(422);
    expect(afterDeath.json().error.code).toBe('MEMBER_DECEASED');
    expect((await snapshot(member.id)).memberPlacements).toEqual(before.memberPlacements);
    expect((await snapshot(member.id)).member).toEqual(before.member);
  });

  it('annulling the latest fact after a late entry before it leaves the projection the history gives', async () => {
    const unit = await cell('Chi bộ Hủy Sau');
    const member = await memberIn(unit, 'Mai Văn Hủy');
    const removal = await world.admin.post(`/api/members/${member.id}/removal`, { decisionId: world.decisionId, effectiveDate: '2024-06-01', ground: 'inactivity', expectedRowVersion: 0 });
    expect(removal.statusCode, removal.body).toBe(200);
    const exemption = await world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2024-02-01', ground: 'age', expectedRowVersion: 1 });
    expect(exemption.statusCode, exemption.body).toBe(200);
    expect(exemption.json().member).toMatchObject({ status: 'removed', statusSince: '2024-06-01' });
    await expectProjectionDerived(member.id);
    const voided = await world.admin.post(`/api/members/${member.id}/corrections`, { correctsEventId: removal.json().eventId, action: 'void', reason: 'Ghi nhầm', expectedRowVersion: 2 });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().member).toMatchObject({ status: 'exempted', statusSince: '2024-02-01', unitId: unit });
    await expectProjectionDerived(member.id);
    expect(await headcountOfUnit(db(), unit, '2024-07-01', ALL)).toMatchObject({ total: 1, exempted: 1 });
  });

  it('two late entries for one member at once: one wins, the other gets CONFLICT', async () => {
    const from = await cell('Chi bộ Cùng Lúc');
    const to = await cell('Chi bộ Cùng Lúc Đến');
    const member = await memberIn(from, 'Vũ Văn Đồng');
    await transfer(member.id, to, '2024-04-01', '2024-04-15', 0);
    const version = (await row(member.id)).row_version;
    const [first, second] = await Promise.all([
      world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2024-02-01', ground: 'age', expectedRowVersion: version }),
      world.admin.post(`/api/members/${member.id}/exemption`, { decisionId: world.decisionId, effectiveDate: '2024-03-01', ground: 'illness', expectedRowVersion: version }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    expect([first, second].find((response) => response.statusCode === 409)!.json().error.code).toBe('CONFLICT');
    const events = await db().selectFrom('member_events').select('kind').where('member_id', '=', member.id).where('kind', '=', 'exemption').execute();
    expect(events).toHaveLength(1);
    await expectProjectionDerived(member.id);
  });

  it('property: exemption periods and a death recorded late, in any order that each step allows, give the history entered in date order', async () => {
    const actor = systemActor(world.ctx.rootUnitId);
    const day = (offset: number) => new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    // Facts on distinct days: a transfer (issued, received), an exemption with an optional end, an optional death at the end.
    const story = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 0, max: 1500 }), { minLength: 6, maxLength: 6 }).map((values) => [...values].sort((x, y) => x - y)),
      shape: fc.constantFrom('exemption-before-transfer', 'exemption-around-transfer', 'exemption-after-transfer'),
      ended: fc.boolean(),
      death: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(story, async ({ days, shape, ended, death }) => {
      const [d0, d1, d2, d3, d4, d5] = days.map(day);
      const dates = shape === 'exemption-before-transfer' ? { exempt: d0, end: d1, issue: d2, receive: d3 }
        : shape === 'exemption-around-transfer' ? { exempt: d0, end: d3, issue: d1, receive: d2 } : { exempt: d2, end: d3, issue: d0, receive: d1 };
      type Step = { date: string; run: (memberId: number, version: number, toUnit: number) => Promise<unknown> };
      const transferSteps: Step[] = [
        { date: dates.issue, run: async (memberId, version, toUnit) => transfer(memberId, toUnit, dates.issue, dates.receive, version) },
      ];
      const statusSteps: Step[] = [
        { date: dates.exempt, run: (memberId, version) => inTransaction(db(), (tx) => exemptMember(tx, actor, memberId, { decisionId: world.decisionId, effectiveDate: dates.exempt, ground: 'age', expectedRowVersion: version })) },
        ...(ended ? [{ date: dates.end, run: (memberId: number, version: number) => inTransaction(db(), (tx) => endExemption(tx, actor, memberId, { decisionId: world.decisionId, effectiveDate: dates.end, expectedRowVersion: version })) }] : []),
        ...(death ? [{ date: d5, run: (memberId: number, version: number) => inTransaction(db(), (tx) => recordDeath(tx, actor, memberId, { effectiveDate: d5, expectedRowVersion: version })) }] : []),
      ];
      const worlds = [];
      for (const order of ['in date order', 'late'] as const) {
        const from = await cell(`Chi bộ P${sequence} đi`);
        const to = await cell(`Chi bộ P${sequence} đến`);
        const member = await memberIn(from, `Đỗ Văn Thử ${sequence}`);
        // Late: the transfer first (transfers are entered at the tail), then the status facts in date order, before it.
        const steps = order === 'late' ? [...transferSteps, ...statusSteps] : [...transferSteps, ...statusSteps].sort((x, y) => (x.date < y.date ? -1 : 1));
        for (const step of steps) {
          await step.run(member.id, (await row(member.id)).row_version, to);
          await expectProjectionDerived(member.id);
        }
        const r = await row(member.id);
        const placements = await db().selectFrom('member_placements').select(['unit_id', 'kind', 'valid_from', 'valid_to']).where('member_id', '=', member.id).where('voided_by_event_id', 'is', null).orderBy('valid_from').execute();
        const counts = [];
        for (const date of [...days.map(day), '2019-12-31', '2026-01-01']) {
          counts.push([date, await headcountOfUnit(db(), from, date, ALL), await headcountOfUnit(db(), to, date, ALL)].map((value) => (typeof value === 'string' ? value : { ...value, unitId: 0 })));
        }
        worlds.push({
          projection: { status: r.status, since: r.status_since, official: r.official_date, inTransit: r.in_transit, unit: r.unit_id === from ? 'from' : 'to' },
          placements: placements.map((p) => ({ ...p, unit_id: p.unit_id === from ? 'from' : 'to' })),
          counts,
        });
      }
      expect(worlds[1]).toEqual(worlds[0]);
    }), { numRuns: 6 });
  });
});
