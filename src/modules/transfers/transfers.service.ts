/**
 * Transfers of party activity (chuyển sinh hoạt đảng; Charter Art. 6; 294-QĐ/TW Art. 8), official or temporary,
 * between any two units of the tree, even when no officer covers both:
 *   - the sending side issues it (needs `member.write` on the member's unit); an official transfer puts the member
 *     "in transit", visible to both sides;
 *   - the receiving side (needs `member.write` on the destination) accepts it into one of its cells, or returns it;
 *   - the sending side may cancel it while it is not yet received;
 *   - a temporary transfer ends when the member comes home (either side records it).
 * Deadlines are counted in working days by the rules in force (60 to be received, 30 more to be presented to the
 * new cell); late transfers are listed. Every step writes a member event and the journal in one transaction.
 */
import { AppError } from '../../contracts/errors.ts';
import type {
  Transfer, TransferAcceptRequest, TransferCloseRequest, TransferIssueRequest, TransferList, TransferListQuery, TransferPresentRequest,
} from '../../contracts/members.ts';
import { LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import { TRANSFER_DESTINATION_QUERY_MIN, TRANSFER_DESTINATION_QUERY_TOO_SHORT, type TransferDestinationList, type TransferDestinationQuery } from '../../contracts/transfer-destinations.ts';
import type { Insertable } from 'kysely';
import type { Decision } from '../../contracts/decisions.ts';
import {
  inTransaction, requireUsableDecision, scopeOf, systemScope, unitPlaces, workingCalendarOf, writeJournal, writeJournalMany, type Actor, type Caller, type Db,
  type Executor, type JournalEntry, type Tx,
} from '../../kernel/index.ts';
import type { WorkingCalendar } from '../../rules/working-days.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldText } from '../../lib/text.ts';
import { canReceiveTransfer, checkTemporaryDuration, presentToCellDueDate, TRANSFER_OFFERED_KINDS, transferDueDate } from '../../rules/member-lifecycle.ts';
import * as members from '../members/index.ts';
import {
  assertActive, assertFitsHistory, assertNotFuture, judgeNotBeforeLatest, lateEntryOf, lateMark, lockForCommand, openTransfersOfMember,
  rederiveMember, rememberedRule, requireCell, settle, tailStateOf, taken, toTransferDto, toTransferDtos, writeFacts,
  type HistoryEvent, type MemberFact, type MemberRow, type Settled, type TailState, type UnitInfo,
} from '../members/index.ts';
import { findVersionsAsOf } from '../orgs/index.ts';
import { notifyMany } from '../notifications/index.ts';
import { insertTransferRows, updateTransfersInBulk } from './bulk.ts';
import * as repo from './transfers.repository.ts';
import type { TransferRow } from './transfers.repository.ts';
import type { MemberTransfersTable } from './transfers.tables.ts';

function translateRace(error: unknown): never {
  const pg = error as { code?: string; constraint?: string };
  if (pg.code === '23505' && pg.constraint === 'member_transfers_one_open') throw new AppError('TRANSFER_ALREADY_OPEN');
  throw error;
}

type TransferJournalInput = { action: string; unitId: number; effectiveDate: string; decisionId?: number | null; reason?: string | null; before?: unknown; late?: Record<string, unknown> | null };

async function journalTransfer(tx: Tx, actor: Actor, transfer: TransferRow, input: TransferJournalInput) {
  await writeJournal(tx, transferJournalEntry(actor, transfer, input));
}

function transferJournalEntry(actor: Actor, transfer: TransferRow, input: TransferJournalInput): JournalEntry {
  return {
    accountId: actor.caller.accountId,
    action: `transfer.${input.action}`,
    objectType: 'member_transfer',
    objectId: transfer.id,
    unitId: input.unitId,
    effectiveDate: input.effectiveDate,
    decisionId: input.decisionId ?? null,
    reason: input.reason ?? null,
    before: input.before,
    after: { memberId: transfer.member_id, kind: transfer.kind, status: transfer.status, fromUnitId: transfer.from_unit_id, toUnitId: transfer.to_unit_id, cellId: transfer.cell_id, ...input.late },
    requestId: actor.requestId ?? null,
  };
}

/**
 * Tells the officers responsible (issue 10): an issued transfer goes to the destination's officers (who accept it);
 * an accepted or returned one to the origin's officers and to the account that issued it. The actor is not told.
 */
async function noticeTransfer(tx: Tx, actor: Actor, dto: Transfer, kind: 'transfer.arrived' | 'transfer.accepted' | 'transfer.returned', issuedBy: number | null): Promise<void> {
  await noticeTransfers(tx, actor, [{ dto, issuedBy }], kind);
}

/** `noticeTransfer` for many transfers at once (a bulk request's): one notification per transfer, as one at a time. */
async function noticeTransfers(tx: Tx, actor: Actor, transfers: readonly { dto: Transfer; issuedBy: number | null }[], kind: 'transfer.arrived' | 'transfer.accepted' | 'transfer.returned'): Promise<void> {
  // Units told apart by where they are ("Chi bộ khu 1 · Đảng bộ phường X"): a province has dozens of the same name.
  const places = await unitPlaces(tx, transfers.flatMap(({ dto }) => [dto.fromUnitId, dto.toUnitId]), todayInVietnam());
  await notifyMany(tx, transfers.map(({ dto, issuedBy }) => ({
    kind, unitId: kind === 'transfer.arrived' ? dto.toUnitId : dto.fromUnitId, action: 'member.write',
    accountIds: kind === 'transfer.arrived' ? [] : [issuedBy], exceptAccountId: actor.caller.accountId,
    objectType: 'member_transfer', objectId: dto.id,
    params: {
      memberName: dto.memberName, transferKind: dto.kind,
      fromUnitName: places.get(dto.fromUnitId)?.label ?? dto.fromUnitName, toUnitName: places.get(dto.toUnitId)?.label ?? dto.toUnitName,
    },
  })));
}

/** The working-day deadlines (received within 60, presented within 30), remembered: a bulk request's rows share dates. */
const dueDateOf = rememberedRule(transferDueDate);
const presentByOf = rememberedRule(presentToCellDueDate);

/** Locks a transfer whose side lies in the caller's write scope, and checks the version the caller read. */
async function lockTransfer(tx: Tx, actor: Actor, transferId: number, side: repo.TransferSide, expectedRowVersion: number): Promise<TransferRow> {
  return judgeTransferLocked(await repo.findTransferInScope(tx, transferId, scopeOf(actor.caller, 'member.write'), side, true), transferId, expectedRowVersion);
}

/** The transfer the lock found on the caller's side (none: NOT_FOUND), at the version the caller read (else CONFLICT). */
export function judgeTransferLocked(transfer: TransferRow | undefined, transferId: number, expectedRowVersion: number): TransferRow {
  if (!transfer) throw new AppError('NOT_FOUND', { transferId });
  if (transfer.row_version !== expectedRowVersion) throw new AppError('CONFLICT', { transferId, rowVersion: transfer.row_version });
  return transfer;
}

/**
 * The member of a transfer locked in the caller's scope on its side: the receiving side acts on a member whose unit
 * is not (yet) theirs, so the member is locked whatever its unit.
 */
export const MEMBER_OF_TRANSFER = systemScope('transfers: the member of a transfer found in scope');

/** Destinations are units anywhere in the country (see `searchTransferDestinations`). */
export const DESTINATIONS = systemScope('transfers: a destination anywhere in the country');

async function lockMemberOf(tx: Tx, transfer: TransferRow) {
  const member = await members.lockMember(tx, transfer.member_id, MEMBER_OF_TRANSFER);
  if (!member) throw new AppError('NOT_FOUND', { memberId: transfer.member_id });
  return member;
}

/**
 * The sending side issues a transfer. Official: the member is in transit until received; to be received within 60
 * working days. Temporary: 3 months to under a year for work, 3 months to 2 years for study.
 */
export async function issueTransfer(tx: Tx, actor: Actor, input: TransferIssueRequest): Promise<Transfer> {
  try {
    const member = await lockForCommand(tx, actor, input.memberId, input.expectedRowVersion);
    const openTransfers = (await openTransfersOfMember(tx, member.id)).length;
    const decision = await settle(requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }));
    // Locked against a concurrent restructuring until the command commits (members' `findUnits`): a transfer is never
    // addressed to a unit a batch ended meanwhile without being re-addressed by it.
    const destination = await members.findUnit(tx, input.toUnitId, DESTINATIONS, { lock: true });
    // Dated before a later fact of the member (DOMAIN.md §2, issue 11 item 2): entered in its place when the member was
    // active on the date and in one cell, and no later fact contradicts a member in transit from then on (a departure).
    const history = await lateEntryOf(tx, member.id, input.issuedOn);
    if (!history.late) {
      const plan = planIssue(await tailStateOf(tx, member), openTransfers, destination, input, decision, actor, await workingCalendarOf(tx));
      return (await writeIssues(tx, actor, [plan]))[0];
    }
    const decided = judgeIssueStart(member, openTransfers, decision, input);
    assertFitsHistory(history.events, { kind: 'transfer_issued', date: input.issuedOn, statusAfter: null, payload: { kind: input.kind }, transferId: -1 });
    const placements = (await members.placementsInForceOn(tx, member.id, input.issuedOn)).filter((placement) => placement.kind === 'official');
    if (placements.length !== 1 || placements[0].unit_id !== member.unit_id) {
      // The member was elsewhere on that day (moved by a later transfer or restructuring): not what can be issued now.
      throw new AppError('MEMBER_LATER_FACT_CONFLICT', { date: input.issuedOn, kind: 'transfer_issued', conflict: { kind: 'placement', unitId: placements[0]?.unit_id ?? null, currentUnitId: member.unit_id } });
    }
    const plan = issuePlanOf(member, judgeDestination(member, destination, input), decided, input, actor, lateMark(history.events, input.issuedOn), await workingCalendarOf(tx));
    return (await writeIssues(tx, actor, [plan]))[0];
  } catch (error) {
    return translateRace(error);
  }
}

/** A transfer to issue and the member event and journal that go with it (`planIssue`, written by `writeIssues`). */
export interface IssuePlan {
  member: MemberRow;
  transfer: Insertable<MemberTransfersTable>;
  /** What a late entry adds to the event's payload and the journal (`lateMark`); null at the tail. */
  late: Record<string, unknown> | null;
}

/** The member may be sent: active, not in transit, no other transfer open; the decision usable; the date not in the future. */
function judgeIssueStart(member: MemberRow, openTransfers: number, decision: Settled<Decision>, input: { issuedOn: string }): Decision {
  assertActive(member);
  if (member.in_transit) throw new AppError('MEMBER_IN_TRANSIT', { memberId: member.id });
  if (openTransfers > 0) throw new AppError('TRANSFER_ALREADY_OPEN', { memberId: member.id });
  const decided = taken(decision);
  assertNotFuture(input.issuedOn, 'issuedOn');
  return decided;
}

/**
 * Where the member is sent (a unit anywhere, found by `DESTINATIONS`): open, established by the date, not the
 * member's own unit, of a kind that receives members; a temporary transfer's duration within the rule for its purpose.
 */
function judgeDestination(member: MemberRow, destination: UnitInfo | undefined, input: Pick<TransferIssueRequest, 'toUnitId' | 'issuedOn' | 'kind' | 'purpose' | 'temporaryUntil'>): { destination: UnitInfo; temporaryUntil: string | null } {
  if (!destination) throw new AppError('NOT_FOUND', { toUnitId: input.toUnitId });
  if (destination.endedOn) throw new AppError('UNIT_DISSOLVED', { unitId: destination.id, endedOn: destination.endedOn });
  if (input.issuedOn < destination.establishedOn) throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { unitId: destination.id, establishedOn: destination.establishedOn });
  if (destination.id === member.unit_id) throw new AppError('TRANSFER_SAME_UNIT', { unitId: destination.id });
  if (!canReceiveTransfer(destination.kind)) throw new AppError('TRANSFER_DESTINATION_CANNOT_RECEIVE', { unitId: destination.id, kind: destination.kind });
  if (input.kind !== 'temporary') return { destination, temporaryUntil: null };
  if (!input.temporaryUntil) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.temporaryUntil', check: 'required', message: { vi: 'Cần nhập ngày hết hạn khi chuyển sinh hoạt đảng tạm thời', en: 'Required for a temporary transfer' } }] });
  const check = checkTemporaryDuration(input.purpose, input.issuedOn, input.temporaryUntil);
  if (!check.ok) throw new AppError('TRANSFER_DURATION_INVALID', check);
  return { destination, temporaryUntil: input.temporaryUntil };
}

/**
 * A transfer issued at the tail of the member's history (Charter Art. 6; 294-QĐ/TW Art. 8), judged on the member
 * locked, their transfers open, the latest change and the destination, in the order the command checks them.
 */
export function planIssue(tail: TailState, openTransfers: number, destination: UnitInfo | undefined,
  input: Omit<TransferIssueRequest, 'memberId' | 'expectedRowVersion'>, decision: Settled<Decision>, actor: Actor, calendar: WorkingCalendar): IssuePlan {
  const decided = judgeIssueStart(tail.member, openTransfers, decision, input);
  judgeNotBeforeLatest(input.issuedOn, tail);
  return issuePlanOf(tail.member, judgeDestination(tail.member, destination, input), decided, input, actor, null, calendar);
}

function issuePlanOf(member: MemberRow, to: { destination: UnitInfo; temporaryUntil: string | null }, decision: Decision,
  input: Omit<TransferIssueRequest, 'memberId' | 'expectedRowVersion'>, actor: Actor, late: Record<string, unknown> | null, calendar: WorkingCalendar): IssuePlan {
  return {
    member, late,
    transfer: {
      member_id: member.id, kind: input.kind, purpose: input.purpose, from_unit_id: member.unit_id, to_unit_id: to.destination.id,
      status: 'issued', issued_on: input.issuedOn, issue_decision_id: decision.id, due_by: dueDateOf(input.issuedOn, calendar),
      temporary_until: to.temporaryUntil, received_on: null, receive_decision_id: null, cell_id: null, present_by: null, presented_on: null,
      closed_on: null, close_reason: null, note: input.note ?? null, issued_by: actor.caller.accountId, received_by: null, closed_by: null,
    },
  };
}

/**
 * Writes issued transfers set-based: the transfers, each member's `transfer_issued` event and projection (in transit
 * for an official one), the journal, then tells the destinations' officers (one notification per transfer).
 */
export async function writeIssues(tx: Tx, actor: Actor, plans: readonly IssuePlan[]): Promise<Transfer[]> {
  const inserted = await insertTransferRows(tx, plans.map((plan) => plan.transfer));
  const byMember = new Map(inserted.map((transfer) => [transfer.member_id, transfer]));
  const transfers = plans.map((plan) => byMember.get(plan.member.id)!);
  await writeFacts(tx, actor, plans.map((plan, index): MemberFact => {
    const transfer = transfers[index];
    return {
      memberId: plan.member.id,
      event: {
        kind: 'transfer_issued', effectiveDate: transfer.issued_on, decisionId: transfer.issue_decision_id, unitId: plan.member.unit_id, transferId: transfer.id,
        reason: transfer.note, statusAfter: null,
        payload: { kind: transfer.kind, purpose: transfer.purpose, toUnitId: transfer.to_unit_id, dueBy: transfer.due_by, temporaryUntil: transfer.temporary_until, ...plan.late },
      },
      changes: transfer.kind === 'official' ? { in_transit: true } : {},
      journal: null,
    };
  }));
  await writeJournalMany(tx, plans.map((plan, index) => transferJournalEntry(actor, transfers[index], {
    action: 'issue', unitId: plan.member.unit_id, effectiveDate: transfers[index].issued_on, decisionId: transfers[index].issue_decision_id, reason: transfers[index].note, late: plan.late,
  })));
  const dtos = await toTransferDtos(tx, transfers);
  await noticeTransfers(tx, actor, dtos.map((dto, index) => ({ dto, issuedBy: transfers[index].issued_by })), 'transfer.arrived');
  return dtos;
}

/**
 * The receiving side accepts the transfer into one of its cells. Official: the member's placement moves on the
 * day of receipt; temporary: the member also takes part at the host cell (not counted there, no vote).
 */
export async function acceptTransfer(tx: Tx, actor: Actor, transferId: number, input: TransferAcceptRequest): Promise<Transfer> {
  const transfer = await lockTransfer(tx, actor, transferId, 'to', input.expectedRowVersion);
  const member = await lockMemberOf(tx, transfer);
  const writeScope = scopeOf(actor.caller, 'member.write');
  const { decision, cell } = judgeAccept(transfer, member, input, {
    decision: await settle(input.decisionId ? requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : Promise.resolve(null)),
    // The transfer was found with its destination in this scope.
    destination: await members.findUnit(tx, transfer.to_unit_id, writeScope),
    cell: await settle(requireCell(tx, input.cellId ?? transfer.to_unit_id, writeScope, input.receivedOn)),
  });
  // Received before a later fact of the member (recorded meanwhile): in its place when consistent (DOMAIN.md §2). A move
  // of the sending cell by a later restructuring is re-derived: the member had left it on receipt.
  const history = await lateEntryOf(tx, member.id, input.receivedOn);
  if (!history.late) {
    const open = transfer.kind === 'official' ? await members.openPlacements(tx, member.id, 'official') : [];
    return (await writeAcceptances(tx, actor, [planAccept(transfer, member, open, { decision, cell }, input, actor, await workingCalendarOf(tx))]))[0];
  }
  const derivedMove = (event: HistoryEvent) => event.kind === 'rehomed' && event.effective_date > input.receivedOn
    && transfer.kind === 'official' && (event.payload as { what?: string } | null)?.what === 'official';
  assertFitsHistory(history.events, { kind: 'transfer_received', date: input.receivedOn, statusAfter: null, transferId: transfer.id }, { skip: derivedMove });
  const late = lateMark(history.events, input.receivedOn);

  const eventId = await members.insertEvent(tx, {
    memberId: member.id, kind: 'transfer_received', effectiveDate: input.receivedOn, decisionId: decision?.id ?? null, unitId: cell.id,
    transferId: transfer.id, reason: input.note, recordedBy: actor.caller.accountId,
    payload: { kind: transfer.kind, fromUnitId: transfer.from_unit_id, cellId: cell.id, presentedOn: input.presentedOn ?? null, ...late },
  });
  if (transfer.kind === 'official') {
    for (const move of history.events.filter((event) => event.voided_by_event_id === null && derivedMove(event)).sort((a, b) => b.id - a.id)) {
      await members.voidEvent(tx, move.id, eventId);
      await members.revertPlacementsOfEvent(tx, move.id, eventId);
    }
    for (const placement of (await members.placementsInForceOn(tx, member.id, input.receivedOn)).filter((p) => p.kind === 'official')) {
      if (placement.valid_from > input.receivedOn) throw new AppError('DATE_BEFORE_LAST_EVENT', { date: input.receivedOn, latestDate: placement.valid_from });
      await members.closePlacement(tx, placement.id, input.receivedOn, eventId);
    }
    await members.insertPlacement(tx, { memberId: member.id, unitId: cell.id, kind: 'official', validFrom: input.receivedOn, eventId, transferId: transfer.id });
    await rederiveMember(tx, await members.updateMember(tx, member.id, { in_transit: false }));
  } else {
    await members.insertPlacement(tx, { memberId: member.id, unitId: cell.id, kind: 'temporary', validFrom: input.receivedOn, eventId, transferId: transfer.id });
    await members.updateMember(tx, member.id, {});
  }
  const updated = await repo.updateTransfer(tx, transfer.id, acceptedChanges({ decision, cell }, input, actor, await workingCalendarOf(tx)));
  await journalTransfer(tx, actor, updated, { action: 'accept', unitId: cell.id, effectiveDate: input.receivedOn, decisionId: decision?.id ?? null, reason: input.note, before: { status: transfer.status }, late });
  const dto = await toTransferDto(tx, updated);
  await noticeTransfer(tx, actor, dto, 'transfer.accepted', transfer.issued_by);
  return dto;
}

/**
 * The receiving side may accept: the transfer still issued, the member active, the dates in order and not in the
 * future, the decision (if any) usable, the destination open and the cell (the destination, or one of its cells
 * named) a cell inside it, other than the member's own for an official transfer (Charter Art. 6; 294-QĐ/TW Art. 8).
 */
export function judgeAccept(transfer: TransferRow, member: MemberRow, input: Pick<TransferAcceptRequest, 'receivedOn' | 'presentedOn'>,
  read: { decision: Settled<Decision | null>; destination: UnitInfo | undefined; cell: Settled<UnitInfo> }): { decision: Decision | null; cell: UnitInfo } {
  if (transfer.status !== 'issued') throw new AppError('TRANSFER_NOT_OPEN', { transferId: transfer.id, status: transfer.status });
  assertActive(member);
  assertNotFuture(input.receivedOn, 'receivedOn');
  if (input.receivedOn < transfer.issued_on) throw new AppError('DATE_ORDER_INVALID', { issuedOn: transfer.issued_on, receivedOn: input.receivedOn });
  if (input.presentedOn) {
    assertNotFuture(input.presentedOn, 'presentedOn');
    if (input.presentedOn < input.receivedOn) throw new AppError('DATE_ORDER_INVALID', { receivedOn: input.receivedOn, presentedOn: input.presentedOn });
  }
  const decision = taken(read.decision);
  if (!read.destination || read.destination.endedOn) throw new AppError('UNIT_DISSOLVED', { unitId: transfer.to_unit_id });
  const cell = taken(read.cell);
  if (!cell.scopePath.startsWith(read.destination.scopePath)) throw new AppError('TRANSFER_CELL_OUTSIDE_DESTINATION', { cellId: cell.id, toUnitId: read.destination.id });
  if (transfer.kind === 'official' && cell.id === member.unit_id) throw new AppError('TRANSFER_SAME_UNIT', { unitId: cell.id });
  return { decision, cell };
}

/** What accepting writes on the transfer: received into the cell, to be presented to it within 30 working days. */
function acceptedChanges(judged: { decision: Decision | null; cell: UnitInfo }, input: Pick<TransferAcceptRequest, 'receivedOn' | 'presentedOn'>, actor: Actor, calendar: WorkingCalendar) {
  return {
    status: 'accepted' as const, received_on: input.receivedOn, receive_decision_id: judged.decision?.id ?? null, cell_id: judged.cell.id,
    present_by: presentByOf(input.receivedOn, calendar), presented_on: input.presentedOn ?? null, received_by: actor.caller.accountId,
  };
}

/** A transfer accepted and the member's fact (`planAccept`, written by `writeAcceptances`). */
export interface AcceptPlan {
  transfer: TransferRow;
  fact: MemberFact;
  changes: ReturnType<typeof acceptedChanges>;
  cellId: number;
}

/**
 * Accepting at the tail of the member's history (`judgeAccept` passed, not a late entry): an official transfer ends
 * the member's official placement on the day of receipt and opens one in the cell, the member no longer in transit;
 * a temporary one opens a temporary placement at the host cell.
 */
export function planAccept(transfer: TransferRow, member: MemberRow, openOfficial: readonly { id: number; valid_from: string }[], judged: { decision: Decision | null; cell: UnitInfo },
  input: Pick<TransferAcceptRequest, 'receivedOn' | 'presentedOn' | 'note'>, actor: Actor, calendar: WorkingCalendar): AcceptPlan {
  const official = transfer.kind === 'official';
  const { cell } = judged;
  if (official) {
    for (const placement of openOfficial) {
      if (placement.valid_from > input.receivedOn) throw new AppError('DATE_BEFORE_LAST_EVENT', { date: input.receivedOn, latestDate: placement.valid_from });
    }
  }
  return {
    transfer, cellId: cell.id, changes: acceptedChanges(judged, input, actor, calendar),
    fact: {
      memberId: member.id,
      event: {
        kind: 'transfer_received', effectiveDate: input.receivedOn, decisionId: judged.decision?.id ?? null, unitId: cell.id, transferId: transfer.id, reason: input.note ?? null,
        statusAfter: null, payload: { kind: transfer.kind, fromUnitId: transfer.from_unit_id, cellId: cell.id, presentedOn: input.presentedOn ?? null },
      },
      closes: official ? openOfficial.map((placement) => placement.id) : [],
      opens: [{ unitId: cell.id, kind: official ? 'official' : 'temporary', transferId: transfer.id }],
      changes: official ? { ...members.unitCopies(cell), in_transit: false } : {},
      journal: null,
    },
  };
}

/** Writes accepted transfers set-based: the members' facts, the transfers, the journal; tells the origins' officers and the issuers. */
export async function writeAcceptances(tx: Tx, actor: Actor, plans: readonly AcceptPlan[]): Promise<Transfer[]> {
  await writeFacts(tx, actor, plans.map((plan) => plan.fact));
  const written = new Map((await updateTransfersInBulk(tx, plans.map((plan) => ({ id: plan.transfer.id, changes: plan.changes })))).map((row) => [row.id, row]));
  const updated = plans.map((plan) => written.get(plan.transfer.id)!);
  await writeJournalMany(tx, plans.map((plan, index) => transferJournalEntry(actor, updated[index], {
    action: 'accept', unitId: plan.cellId, effectiveDate: plan.changes.received_on, decisionId: plan.changes.receive_decision_id, reason: plan.fact.event.reason,
    before: { status: plan.transfer.status }, late: null,
  })));
  const dtos = await toTransferDtos(tx, updated);
  await noticeTransfers(tx, actor, dtos.map((dto, index) => ({ dto, issuedBy: plans[index].transfer.issued_by })), 'transfer.accepted');
  return dtos;
}

/** The receiving committee records that it presented the member to the new cell (within 30 working days). */
export async function presentTransfer(tx: Tx, actor: Actor, transferId: number, input: TransferPresentRequest): Promise<Transfer> {
  const transfer = await lockTransfer(tx, actor, transferId, 'to', input.expectedRowVersion);
  if (transfer.status !== 'accepted' || transfer.presented_on) throw new AppError('TRANSFER_NOT_OPEN', { transferId, status: transfer.status });
  assertNotFuture(input.presentedOn, 'presentedOn');
  if (input.presentedOn < transfer.received_on!) throw new AppError('DATE_ORDER_INVALID', { receivedOn: transfer.received_on, presentedOn: input.presentedOn });
  const member = await lockMemberOf(tx, transfer);
  await members.insertEvent(tx, {
    memberId: member.id, kind: 'transfer_presented', effectiveDate: input.presentedOn, unitId: transfer.cell_id, transferId: transfer.id,
    recordedBy: actor.caller.accountId, payload: { presentBy: transfer.present_by },
  });
  await members.updateMember(tx, member.id, {});
  const updated = await repo.updateTransfer(tx, transfer.id, { presented_on: input.presentedOn });
  await journalTransfer(tx, actor, updated, { action: 'present', unitId: transfer.cell_id!, effectiveDate: input.presentedOn });
  return toTransferDto(tx, updated);
}

async function closeIssued(tx: Tx, actor: Actor, transferId: number, input: TransferCloseRequest, side: 'from' | 'to', kind: 'transfer_returned' | 'transfer_cancelled', status: 'returned' | 'cancelled'): Promise<Transfer> {
  const transfer = await lockTransfer(tx, actor, transferId, side, input.expectedRowVersion);
  if (transfer.status !== 'issued') throw new AppError('TRANSFER_NOT_OPEN', { transferId, status: transfer.status });
  assertNotFuture(input.closedOn, 'closedOn');
  if (input.closedOn < transfer.issued_on) throw new AppError('DATE_ORDER_INVALID', { issuedOn: transfer.issued_on, closedOn: input.closedOn });
  const member = await lockMemberOf(tx, transfer);
  await members.insertEvent(tx, {
    memberId: member.id, kind, effectiveDate: input.closedOn, unitId: member.unit_id, transferId: transfer.id,
    reason: input.reason, recordedBy: actor.caller.accountId, payload: { kind: transfer.kind, toUnitId: transfer.to_unit_id },
  });
  await members.updateMember(tx, member.id, transfer.kind === 'official' ? { in_transit: false } : {});
  const updated = await repo.updateTransfer(tx, transfer.id, { status, closed_on: input.closedOn, close_reason: input.reason, closed_by: actor.caller.accountId });
  await journalTransfer(tx, actor, updated, { action: status === 'returned' ? 'return' : 'cancel', unitId: side === 'to' ? transfer.to_unit_id : transfer.from_unit_id, effectiveDate: input.closedOn, reason: input.reason, before: { status: transfer.status } });
  const dto = await toTransferDto(tx, updated);
  if (status === 'returned') await noticeTransfer(tx, actor, dto, 'transfer.returned', transfer.issued_by);
  return dto;
}

/** The receiving side returns the transfer: the member stays where they were. */
export function returnTransfer(tx: Tx, actor: Actor, transferId: number, input: TransferCloseRequest): Promise<Transfer> {
  return closeIssued(tx, actor, transferId, input, 'to', 'transfer_returned', 'returned');
}

/** The sending side withdraws a transfer not yet received. */
export function cancelTransfer(tx: Tx, actor: Actor, transferId: number, input: TransferCloseRequest): Promise<Transfer> {
  return closeIssued(tx, actor, transferId, input, 'from', 'transfer_cancelled', 'cancelled');
}

/** A temporary transfer ends: the member no longer takes part at the host cell. Either side may record it. */
export async function endTemporaryTransfer(tx: Tx, actor: Actor, transferId: number, input: TransferCloseRequest): Promise<Transfer> {
  const transfer = await lockTransfer(tx, actor, transferId, 'either', input.expectedRowVersion);
  if (transfer.kind !== 'temporary' || transfer.status !== 'accepted') throw new AppError('TRANSFER_NOT_OPEN', { transferId, status: transfer.status, kind: transfer.kind });
  assertNotFuture(input.closedOn, 'closedOn');
  if (input.closedOn < transfer.received_on!) throw new AppError('DATE_ORDER_INVALID', { receivedOn: transfer.received_on, closedOn: input.closedOn });
  const member = await lockMemberOf(tx, transfer);
  const eventId = await members.insertEvent(tx, {
    memberId: member.id, kind: 'temporary_ended', effectiveDate: input.closedOn, unitId: transfer.cell_id, transferId: transfer.id,
    reason: input.reason, recordedBy: actor.caller.accountId, payload: { hostUnitId: transfer.cell_id },
  });
  for (const placement of await members.openPlacements(tx, member.id, 'temporary')) {
    if (placement.transfer_id === transfer.id) await members.closePlacement(tx, placement.id, input.closedOn, eventId);
  }
  await members.updateMember(tx, member.id, {});
  const updated = await repo.updateTransfer(tx, transfer.id, { status: 'ended', closed_on: input.closedOn, close_reason: input.reason, closed_by: actor.caller.accountId });
  await journalTransfer(tx, actor, updated, { action: 'end', unitId: transfer.cell_id!, effectiveDate: input.closedOn, reason: input.reason, before: { status: transfer.status } });
  return toTransferDto(tx, updated);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * Transfers the caller can see: incoming (addressed to their subtrees), outgoing (issued from them), or both;
 * `late` keeps those past a working-day deadline on the date asked (today by default; Charter Art. 6, 294-QĐ/TW
 * Art. 8). The total (issue 10: every list shows its total) is counted once, with the first page, in the same scope
 * and conditions as the items, up to LIST_TOTAL_CAP (`totalCapped` when more); later pages carry null.
 */
export async function listTransfersForCaller(db: Executor, caller: Caller, query: TransferListQuery): Promise<TransferList> {
  const limit = query.limit ?? 50;
  const asOf = query.asOf ?? todayInVietnam();
  const filters = { scope: scopeOf(caller, 'member.read'), direction: query.direction ?? 'all', statuses: query.status, lateOn: query.late ? asOf : undefined } as const;
  const rows = await repo.listTransfers(db, { ...filters, afterId: query.after, limit: limit + 1 });
  const counted = query.after ? null : await repo.countTransfers(db, filters, LIST_TOTAL_CAP + 1);
  const page = rows.slice(0, limit);
  return {
    items: await toTransferDtos(db, page, asOf), nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}

export async function getTransfer(db: Executor, caller: Caller, transferId: number): Promise<Transfer> {
  const transfer = await repo.findTransferInScope(db, transferId, scopeOf(caller, 'member.read'), 'either');
  if (!transfer) throw new AppError('NOT_FOUND', { transferId });
  return toTransferDto(db, transfer);
}

/** Name matches ranked per search; enough for the best of a common query, few enough to stay cheap at national scale. */
const DESTINATION_CANDIDATES = 300;

const escapeRegex = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where the sending side may send a member (Charter Art. 6; DOMAIN.md §2): open units anywhere in the country that
 * can receive one and are offered by name (`TRANSFER_OFFERED_KINDS`), whose exact code is the query or whose name has, for each word of
 * the query, a word starting with it (diacritics and case ignored). Not limited to the caller's subtrees, because
 * the destination is usually outside them; so it answers only what is needed to choose a unit (code, name, kind and
 * the names above it up to the province), never members or counts. Exact code first, then names starting with the
 * query, then names holding its words (as a phrase first), each in name order.
 */
export async function searchTransferDestinations(db: Db, query: TransferDestinationQuery): Promise<TransferDestinationList> {
  const folded = foldText(query.q);
  if (folded.length < TRANSFER_DESTINATION_QUERY_MIN) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'querystring.q', code: 'too_small', message: TRANSFER_DESTINATION_QUERY_TOO_SHORT }] });
  }
  const today = todayInVietnam();
  const words = [...new Set(folded.split(' '))];
  // One read-only transaction: the search's planner settings are local to it.
  const rows = await inTransaction(db, (tx) => repo.searchDestinations(tx, {
    folded, wordPatterns: words.map((word) => `(^| )${escapeRegex(word)}`), code: query.q.trim().toLowerCase(),
    kinds: TRANSFER_OFFERED_KINDS, date: today, candidates: DESTINATION_CANDIDATES, limit: query.limit,
  }), { readOnly: true });
  const idsAbove = (path: string) => path.split('/').filter(Boolean).map(Number).slice(0, -1).reverse();
  const versions = new Map((await findVersionsAsOf(db, [...new Set(rows.flatMap((row) => idsAbove(row.path)))], today, DESTINATIONS)).map((version) => [version.unit_id, version]));
  return {
    items: rows.map((row) => {
      const ancestors: string[] = [];
      for (const id of idsAbove(row.path)) {
        const version = versions.get(id);
        if (!version || version.kind === 'central') break;
        ancestors.push(version.name);
        if (version.kind === 'provincial_committee') break;
      }
      return { id: row.unit_id, code: row.code, name: row.name, kind: row.kind, ancestors, pathLabel: [row.name, ...ancestors].join(' · ') };
    }),
  };
}
