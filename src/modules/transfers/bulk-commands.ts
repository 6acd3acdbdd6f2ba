/**
 * Transfers in bulk (issue 11, item 3): many members sent under one decision, or many transfers received, in one
 * request and one transaction (chuyển sinh hoạt đảng; Charter Art. 6; 294-QĐ/TW Art. 8). Each row is the single
 * command (`issueTransfer`, `acceptTransfer`), so its rules, error codes, member event, journal entry and
 * notification (a transfer arriving, a transfer accepted) are the same as one at a time. All or nothing, every bad
 * row named (BULK_ROWS_INVALID), through the members area's row runner (`applyBulkRows`).
 */
import type { Locale } from '../../contracts/errors.ts';
import { AppError } from '../../contracts/errors.ts';
import type { BulkResult, BulkTransferAcceptRequest, BulkTransferIssueRequest } from '../../contracts/members.ts';
import { scopeOf, type Actor, type Tx } from '../../kernel/index.ts';
import { applyBulkRows, assertBulkSize, lockRequestMembers } from '../members/index.ts';
import * as repo from './transfers.repository.ts';
import { acceptTransfer, issueTransfer } from './transfers.service.ts';

/** Issues a transfer for each row, all under the request's decision and date. */
export async function issueTransfersInBulk(tx: Tx, actor: Actor, input: BulkTransferIssueRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  // The members, locked in id order up front (the prefetch, and no deadlock between overlapping requests).
  const locked = await lockRequestMembers(tx, actor, input.rows.map((row) => row.memberId));
  return applyBulkRows(tx, input.rows, {
    locale,
    keyOf: (row) => ({ memberId: row.memberId, toUnitId: row.toUnitId }),
    uniqueKey: (row) => row.memberId,
    run: async (row) => {
      const member = locked.get(row.memberId);
      if (!member && row.expectedRowVersion === undefined) throw new AppError('NOT_FOUND', { memberId: row.memberId });
      const transfer = await issueTransfer(tx, actor, {
        memberId: row.memberId, kind: row.kind, purpose: row.purpose, toUnitId: row.toUnitId, decisionId: input.decisionId,
        issuedOn: input.issuedOn, temporaryUntil: row.temporaryUntil, note: row.note,
        expectedRowVersion: row.expectedRowVersion ?? member!.row_version,
      });
      return { memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion };
    },
  });
}

/** Accepts each row's transfer into its cell (or the destination), all received on the request's date. */
export async function acceptTransfersInBulk(tx: Tx, actor: Actor, input: BulkTransferAcceptRequest, locale: Locale): Promise<BulkResult> {
  assertBulkSize(input.rows.length);
  const scope = scopeOf(actor.caller, 'member.write');
  return applyBulkRows(tx, input.rows, {
    locale,
    keyOf: (row) => ({ transferId: row.transferId }),
    uniqueKey: (row) => row.transferId,
    run: async (row) => {
      let version = row.expectedRowVersion;
      if (version === undefined) {
        const current = await repo.findTransferInScope(tx, row.transferId, scope, 'to', true);
        if (!current) throw new AppError('NOT_FOUND', { transferId: row.transferId });
        version = current.row_version;
      }
      const transfer = await acceptTransfer(tx, actor, row.transferId, {
        cellId: row.cellId, decisionId: input.decisionId, receivedOn: input.receivedOn, presentedOn: row.presentedOn, note: row.note,
        expectedRowVersion: version,
      });
      return { memberId: transfer.memberId, eventId: null, transferId: transfer.id, rowVersion: transfer.rowVersion };
    },
  });
}
