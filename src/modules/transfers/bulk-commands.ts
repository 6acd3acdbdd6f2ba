/**
 * Transfers in bulk (issue 11, item 3): many members sent under one decision, or many transfers received, in one
 * request and one transaction (chuyển sinh hoạt đảng; Charter Art. 6; 294-QĐ/TW Art. 8). A row is judged by the
 * single command's own functions (`planIssue`, `judgeAccept`, `planAccept`), so its rules, error codes, member event,
 * journal entry and notification (a transfer arriving, a transfer accepted) are the same as one at a time. The state
 * is read for all rows at once (members and transfers locked in id order, their latest facts, open transfers and
 * placements, each distinct destination and cell once) and the facts of the good rows written set-based
 * (`writeIssues`, `writeAcceptances`). A late entry (dated before the member's latest life-cycle fact) runs through
 * the single command under a savepoint, after the fast rows. All or nothing, every bad row named
 * (BULK_ROWS_INVALID), through the members area's row runner (`applyBulkPlans`; see its module's comment).
 */
import type { Locale } from '../../contracts/errors.ts';
import type { BulkResult, BulkTransferAcceptRequest, BulkTransferIssueRequest } from '../../contracts/members.ts';
import { requireUsableDecision, scopeOf, workingCalendarOf, type Actor, type Tx } from '../../kernel/index.ts';
import {
  applyBulkPlans, assertBulkSize, findUnits, isLateEntry, judgeCell, judgeLocked, lockedRowMember, lockMembersInOrder, lockRequestMembers,
  openPlacementsOf, openTransfersOfMembers, settle, settleNow, SLOW, tailStatesOf, versionFor,
} from '../members/index.ts';
import * as repo from './transfers.repository.ts';
import {
  acceptTransfer, DESTINATIONS, issueTransfer, judgeAccept, judgeTransferLocked, MEMBER_OF_TRANSFER, planAccept, planIssue, writeAcceptances, writeIssues,
} from './transfers.service.ts';

/** Issues a transfer for each row, all under the request's decision and date. */
export async function issueTransfersInBulk(tx: Tx, actor: Actor, input: BulkTransferIssueRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  // The members, locked in id order up front (the prefetch, and no deadlock between overlapping requests).
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  const memberIds = [...locked.keys()];
  const stateOf = await tailStatesOf(tx, memberIds);
  const openTransfers = new Map<number, number>();
  for (const transfer of await openTransfersOfMembers(tx, memberIds)) openTransfers.set(transfer.member_id, (openTransfers.get(transfer.member_id) ?? 0) + 1);
  const decision = await settle(requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }));
  const destinations = await findUnits(tx, input.rows.map((row) => row.toUnitId), DESTINATIONS, { lock: true });
  const calendar = await workingCalendarOf(tx);
  return applyBulkPlans(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId, toUnitId: row.toUnitId }),
    uniqueKey: (row) => row.memberId,
    judge: (row) => {
      const state = stateOf(lockedRowMember(locked, row));
      // A late entry replays the member's history: the single command's path.
      if (isLateEntry(state.latestEvent?.effective_date, input.issuedOn)) return SLOW;
      return planIssue(state, openTransfers.get(row.memberId) ?? 0, destinations.get(row.toUnitId), { ...row, decisionId: input.decisionId, issuedOn: input.issuedOn }, decision, actor, calendar);
    },
    write: async (plans) => (await writeIssues(tx, actor, plans.map(({ plan }) => plan)))
      .map((transfer) => ({ memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion })),
    slow: async (row) => {
      const transfer = await issueTransfer(tx, actor, {
        memberId: row.memberId, kind: row.kind, purpose: row.purpose, toUnitId: row.toUnitId, decisionId: input.decisionId,
        issuedOn: input.issuedOn, temporaryUntil: row.temporaryUntil, note: row.note,
        expectedRowVersion: versionFor(locked, row.memberId, row.expectedRowVersion),
      });
      return { memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion };
    },
  });
}

/** Accepts each row's transfer into its cell (or the destination), all received on the request's date. */
export async function acceptTransfersInBulk(tx: Tx, actor: Actor, input: BulkTransferAcceptRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const scope = scopeOf(actor.caller, 'member.write');
  // The transfers, then their members, each locked in id order (the single command's order: transfer, then member).
  const transfers = await repo.lockTransfersInScope(tx, input.rows.map((row) => row.transferId), scope, 'to');
  const memberIds = [...new Set([...transfers.values()].map((transfer) => transfer.member_id))];
  const members = new Map((await lockMembersInOrder(tx, memberIds, MEMBER_OF_TRANSFER)).map((member) => [member.id, member]));
  const stateOf = await tailStatesOf(tx, memberIds);
  const openOfficial = await openPlacementsOf(tx, memberIds, 'official');
  const decision = await settle(input.decisionId ? requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : Promise.resolve(null));
  const cellOf = (row: BulkTransferAcceptRequest['rows'][number]) => row.cellId ?? transfers.get(row.transferId)?.to_unit_id;
  // The destinations and the cells, each read once, in one statement (the same scope).
  // Locked against a concurrent restructuring until the request commits, as the single command's `requireCell` does.
  const units = await findUnits(tx, [...[...transfers.values()].map((transfer) => transfer.to_unit_id), ...input.rows.flatMap((row) => cellOf(row) ?? [])], scope, { lock: true });
  const destinations = new Map([...transfers.values()].map((transfer) => [transfer.to_unit_id, units.get(transfer.to_unit_id)]));
  const cells = new Map(input.rows.flatMap((row) => cellOf(row) ?? []).map((unitId) => [unitId, settleNow(() => judgeCell(units.get(unitId), unitId, input.receivedOn))]));
  const calendar = await workingCalendarOf(tx);
  return applyBulkPlans(tx, input.rows, {
    locale,
    keyOf: (row) => ({ transferId: row.transferId }),
    uniqueKey: (row) => row.transferId,
    judge: (row) => {
      const transfer = transfers.get(row.transferId);
      const current = judgeTransferLocked(transfer, row.transferId, row.expectedRowVersion ?? transfer?.row_version ?? 0);
      const member = judgeLocked(members.get(current.member_id), current.member_id, members.get(current.member_id)?.row_version ?? 0);
      const judged = judgeAccept(current, member, input, {
        decision, destination: destinations.get(current.to_unit_id), cell: cells.get(cellOf(row)!)!,
      });
      if (isLateEntry(stateOf(member).latestEvent?.effective_date, input.receivedOn)) return SLOW;
      return planAccept(current, member, openOfficial.get(member.id) ?? [], judged, { ...input, presentedOn: row.presentedOn, note: row.note }, actor, calendar);
    },
    write: async (plans) => (await writeAcceptances(tx, actor, plans.map(({ plan }) => plan)))
      .map((transfer) => ({ memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion })),
    slow: async (row) => {
      const transfer = await acceptTransfer(tx, actor, row.transferId, {
        cellId: row.cellId, decisionId: input.decisionId, receivedOn: input.receivedOn, presentedOn: row.presentedOn, note: row.note,
        expectedRowVersion: row.expectedRowVersion ?? transfers.get(row.transferId)!.row_version,
      });
      return { memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion };
    },
  });
}
