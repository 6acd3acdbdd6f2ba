/**
 * Members follow restructuring. When a batch ends a unit (merge, split, dissolution), inside the batch's
 * transaction:
 *   - official placements in the ended unit move to its successor on the effective date (merge: the unit that took
 *     it over; split: the first part, from which officers move members to the other parts by transfer);
 *   - temporary placements there move with it, or end when the unit is dissolved;
 *   - transfers in progress addressed to it are re-addressed to the successor;
 *   - a dissolution is refused while official members remain (MEMBERS_REMAIN_IN_UNIT): transfer them first; and
 *     while transfers in progress are addressed to it (TRANSFERS_ADDRESSED_TO_UNIT): nothing could receive them.
 * When a batch makes a unit a kind that cannot hold members (an upgrade of a grassroots cell to a grassroots
 * committee, of a cell to a sub-committee, or such a change of kind), its members go the same way into the cell the
 * batch names (`membersMovedTo`: an existing child cell or one it created), so no member is ever placed outside a
 * cell (Điều lệ Đảng 2011 ch. V Art. 21; migration 0026 holds the database to it).
 * Each move is a `rehomed` member event citing the batch; undoing the batch annuls those events with a correction
 * and puts everything back. Units that only move in the tree need nothing here: the member rows' copies of the
 * unit's place follow `org_units` through a trigger.
 *
 * A system job: it reads and moves whatever lies in the ended units (`systemScope`), whoever applies the batch.
 */
import { sql } from 'kysely';
import { AppError } from '../../contracts/errors.ts';
import { systemScope, writeJournal, type Scope, type Tx } from '../../kernel/index.ts';
import { provideHeldMembersCounter, registerRestructureHook, type RestructureHookContext } from '../orgs/index.ts';
import * as repo from './members.repository.ts';
import { writeFacts } from './members.service.ts';

/**
 * What the hook needs of transfers in progress. The transfers area owns them and depends on this one, so it provides
 * these when loaded (`provideTransfersFollowingUnits`) instead of being imported here.
 */
export interface TransfersFollowingUnits {
  /** Transfers still waiting to be received by a unit of the scope. */
  issuedTo(tx: Tx, unitId: number, scope: Scope): Promise<{ id: number; member_id: number }[]>;
  /** Addresses an issued transfer to another unit. */
  setDestination(tx: Tx, transferId: number, toUnitId: number): Promise<void>;
  /** Ends an accepted temporary transfer whose host went away. */
  endAccepted(tx: Tx, transferId: number, date: string, reason: string): Promise<void>;
  /** Reopens a temporary transfer ended by a batch that is undone. */
  reopenEnded(tx: Tx, transferId: number): Promise<void>;
}

let transfersFollowing: TransfersFollowingUnits | null = null;

export function provideTransfersFollowingUnits(provider: TransfersFollowingUnits): void {
  transfersFollowing = provider;
}

/** The provider; a restructuring without it would leave transfers addressed to ended units: refused instead. */
function transfers(): TransfersFollowingUnits {
  if (!transfersFollowing) throw new Error('restructuring: transfers in progress cannot follow the units (the transfers area is not loaded)');
  return transfersFollowing;
}

const SCOPE = systemScope('members follow restructuring');

interface RehomePayload {
  /** The batch that moved the member; null for a move the cleaning list's fix made into an existing cell. */
  batchId: number | null;
  what: 'official' | 'temporary' | 'transfer_destination' | 'temporary_ended';
  fromUnitId: number;
  toUnitId: number | null;
  transferId?: number | null;
}

/** What a move of a unit's members cites: its batch (if any), its decision, who, and the date. */
type RehomeContext = Pick<RestructureHookContext, 'decisionId' | 'accountId' | 'effectiveDate'> & { batchId: number | null };

async function rehomeUnit(trx: Tx, context: RehomeContext, ended: { unitId: number }, successorId: number | null): Promise<{ moved: number; members: { id: number; fullName: string }[] }> {
  const placements = await repo.openPlacementsInUnit(trx, ended.unitId, SCOPE);
  const officials = placements.filter((placement) => placement.kind === 'official');
  if (successorId === null && officials.length > 0) {
    throw new AppError('MEMBERS_REMAIN_IN_UNIT', { unitId: ended.unitId, officialMembers: officials.length });
  }
  if (successorId === null) {
    // Nothing can take over a transfer addressed to a dissolved unit: it would wait for a receipt that cannot come,
    // the member in transit meanwhile. The receiving side accepts or returns it, or the sender cancels it, first.
    const incoming = await transfers().issuedTo(trx, ended.unitId, SCOPE);
    if (incoming.length > 0) {
      throw new AppError('TRANSFERS_ADDRESSED_TO_UNIT', { unitId: ended.unitId, transferIds: incoming.map((transfer) => Number(transfer.id)), memberIds: incoming.map((transfer) => Number(transfer.member_id)) });
    }
  }
  const successor = successorId === null ? undefined : await repo.findUnit(trx, successorId, SCOPE);
  let moved = 0;
  const memberIds: number[] = [];
  if (successor && new Set(placements.map((placement) => placement.member_id)).size === placements.length) {
    // Every placement moves to the successor, one member each: written set-based (the members locked in id order,
    // then an event, the placement closed and the next opened, and the projection, a statement each for all).
    await repo.lockMembersInOrder(trx, placements.map((placement) => placement.member_id), SCOPE);
    await writeFacts(trx, { caller: { accountId: context.accountId } }, placements.map((placement) => {
      const date = placement.valid_from > context.effectiveDate ? placement.valid_from : context.effectiveDate;
      return {
        memberId: placement.member_id,
        event: {
          kind: 'rehomed', effectiveDate: date, decisionId: context.decisionId, unitId: successor.id, transferId: placement.transfer_id, reason: null,
          payload: { batchId: context.batchId, what: placement.kind, fromUnitId: ended.unitId, toUnitId: successor.id, transferId: placement.transfer_id } satisfies RehomePayload,
        },
        closes: [placement.id],
        opens: [{ unitId: successor.id, kind: placement.kind, transferId: placement.transfer_id }],
        changes: placement.kind === 'official' ? repo.unitCopies(successor) : {},
        journal: null,
      };
    }));
    memberIds.push(...placements.map((placement) => Number(placement.member_id)));
    moved += placements.length;
  }
  for (const placement of moved > 0 ? [] : placements) {
    memberIds.push(Number(placement.member_id));
    const date = placement.valid_from > context.effectiveDate ? placement.valid_from : context.effectiveDate;
    await repo.lockMember(trx, placement.member_id, SCOPE);
    if (!successor) {
      // A temporary guest at a dissolved unit goes home; the transfer ends.
      const eventId = await repo.insertEvent(trx, {
        memberId: placement.member_id, kind: 'temporary_ended', effectiveDate: date, decisionId: context.decisionId, unitId: ended.unitId,
        transferId: placement.transfer_id, recordedBy: context.accountId, reason: null,
        payload: { batchId: context.batchId, what: 'temporary_ended', fromUnitId: ended.unitId, toUnitId: null, transferId: placement.transfer_id } satisfies RehomePayload,
      });
      await repo.closePlacement(trx, placement.id, date, eventId);
      if (placement.transfer_id) {
        await transfers().endAccepted(trx, placement.transfer_id, date, 'unit dissolved');
      }
      await repo.updateMember(trx, placement.member_id, {});
      moved++;
      continue;
    }
    const eventId = await repo.insertEvent(trx, {
      memberId: placement.member_id, kind: 'rehomed', effectiveDate: date, decisionId: context.decisionId, unitId: successor.id,
      transferId: placement.transfer_id, recordedBy: context.accountId, reason: null,
      payload: { batchId: context.batchId, what: placement.kind, fromUnitId: ended.unitId, toUnitId: successor.id, transferId: placement.transfer_id } satisfies RehomePayload,
    });
    await repo.closePlacement(trx, placement.id, date, eventId);
    await repo.insertPlacement(trx, { memberId: placement.member_id, unitId: successor.id, kind: placement.kind, validFrom: date, eventId, transferId: placement.transfer_id });
    await repo.updateMember(trx, placement.member_id, placement.kind === 'official' ? repo.unitCopies(successor) : {});
    moved++;
  }
  if (successor) {
    const incoming = await transfers().issuedTo(trx, ended.unitId, SCOPE);
    for (const transfer of incoming) {
      await repo.insertEvent(trx, {
        memberId: transfer.member_id, kind: 'rehomed', effectiveDate: context.effectiveDate, decisionId: context.decisionId, unitId: successor.id,
        transferId: transfer.id, recordedBy: context.accountId, reason: null,
        payload: { batchId: context.batchId, what: 'transfer_destination', fromUnitId: ended.unitId, toUnitId: successor.id, transferId: transfer.id } satisfies RehomePayload,
      });
      await transfers().setDestination(trx, transfer.id, successor.id);
      memberIds.push(Number(transfer.member_id));
      moved++;
    }
  }
  if (moved > 0) {
    await writeJournal(trx, {
      accountId: context.accountId, action: 'member.rehome', objectType: 'org_unit', objectId: ended.unitId, unitId: successor?.id ?? ended.unitId,
      effectiveDate: context.effectiveDate, decisionId: context.decisionId, after: { batchId: context.batchId, successorId: successor?.id ?? null, placements: placements.length },
    });
  }
  const shown = [...new Set(memberIds)].slice(0, 50);
  const members = shown.length === 0 ? [] : await trx.selectFrom('members').select(['id', 'full_name']).where('id', 'in', shown).orderBy('id').execute();
  return { moved, members: members.map((member) => ({ id: Number(member.id), fullName: member.full_name })) };
}

/**
 * Facts that stand on the placement (or the transfer) a batch's move gave the member: after one of them, putting the
 * member back where they were would leave the later fact on a placement that no longer holds (a removal or a receipt
 * that closed it, a transfer issued from the successor) and two placements open.
 */
const FACTS_ON_A_PLACEMENT = [
  'transfer_issued', 'transfer_received', 'transfer_presented', 'transfer_returned', 'transfer_cancelled', 'temporary_ended', 'rehomed',
  'probation_refused', 'removal', 'expulsion', 'death', 'readmission',
] as const;

/**
 * An undo takes the batch's moves of members back only while nothing was built on them: a member it moved who has a
 * later fact standing on the new placement (`FACTS_ON_A_PLACEMENT`, dated after the move or recorded after it on its
 * date, other than the batch's own moves) refuses the undo, naming the member and the fact; so does a member placed
 * since in a unit the batch created (admitted, registered, received, a guest) or a transfer addressed there, checked once the batch's own
 * moves are annulled: the unit's versions are voided by the undo, and the member would be left in no unit.
 */
async function refuseUndoOverLaterFacts(trx: Tx, context: RestructureHookContext, events: { id: number; member_id: number; effective_date: string }[]): Promise<void> {
  if (events.length === 0) return;
  const batchId = context.undoneBatchId ?? -1;
  // One statement for all the batch's moves (a merge moves a cell's members at once).
  const later = await sql<{ member_id: number; id: number; kind: string; effective_date: string }>`
    select e.member_id, e.id, e.kind, e.effective_date
    from unnest(${events.map((event) => event.id)}::bigint[], ${events.map((event) => event.member_id)}::bigint[], ${events.map((event) => event.effective_date)}::date[])
      as moved(id, member_id, effective_date)
    join member_events e on e.member_id = moved.member_id and e.voided_by_event_id is null and e.id <> moved.id
      and e.kind = any(${[...FACTS_ON_A_PLACEMENT]}::text[])
      and (e.effective_date > moved.effective_date or (e.effective_date = moved.effective_date and e.id > moved.id))
      and not (e.kind in ('rehomed', 'temporary_ended') and e.payload->>'batchId' = ${String(batchId)})
    order by e.effective_date, e.id
    limit 1`.execute(trx);
  const fact = later.rows[0];
  if (fact) {
    throw new AppError('ORG_BATCH_NOT_UNDOABLE', {
      batchId, memberId: Number(fact.member_id), laterEventId: Number(fact.id), laterKind: fact.kind, laterDate: fact.effective_date,
      reason: 'a member the batch moved has a later fact',
    });
  }
}

async function refuseMembersInVoidedUnits(trx: Tx, context: RestructureHookContext): Promise<void> {
  const unitIds = context.createdUnitIds;
  if (unitIds.length === 0) return;
  const placed = await trx.selectFrom('member_placements').select(['member_id', 'unit_id'])
    .where('unit_id', 'in', [...unitIds]).where('voided_by_event_id', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  if (placed) {
    throw new AppError('ORG_BATCH_NOT_UNDOABLE', { batchId: context.undoneBatchId ?? null, unitId: Number(placed.unit_id), memberId: Number(placed.member_id), reason: 'members belong to a unit the batch created' });
  }
  for (const unitId of unitIds) {
    const incoming = await transfers().issuedTo(trx, unitId, SCOPE);
    if (incoming.length > 0) {
      throw new AppError('ORG_BATCH_NOT_UNDOABLE', { batchId: context.undoneBatchId ?? null, unitId, memberId: Number(incoming[0].member_id), transferId: Number(incoming[0].id), reason: 'a transfer is addressed to a unit the batch created' });
    }
  }
}

/** Undoing a batch annuls its `rehomed` and `temporary_ended` events and restores what they changed. */
async function undoRehome(trx: Tx, context: RestructureHookContext): Promise<void> {
  const events = await repo.eventsOfBatch(trx, context.undoneBatchId ?? -1, ['rehomed', 'temporary_ended'], SCOPE);
  await repo.lockMembersInOrder(trx, [...new Set(events.map((event) => event.member_id))], SCOPE);
  await refuseUndoOverLaterFacts(trx, context, events);
  for (const event of events) {
    const payload = event.payload as RehomePayload;
    await repo.lockMember(trx, event.member_id, SCOPE);
    const correctionId = await repo.insertEvent(trx, {
      memberId: event.member_id, kind: 'correction', effectiveDate: event.effective_date, decisionId: context.decisionId, unitId: payload.fromUnitId,
      correctsEventId: event.id, transferId: event.transfer_id, recordedBy: context.accountId, reason: 'restructuring undone',
      payload: { action: 'void', correctedKind: event.kind, batchId: context.batchId },
    });
    await repo.voidEvent(trx, event.id, correctionId);
    await repo.revertPlacementsOfEvent(trx, event.id, correctionId);
    if (payload.what === 'official') {
      const unit = await repo.findUnit(trx, payload.fromUnitId, SCOPE);
      if (unit) await repo.updateMember(trx, event.member_id, repo.unitCopies(unit));
    } else {
      await repo.updateMember(trx, event.member_id, {});
    }
    if (payload.what === 'transfer_destination' && payload.transferId) {
      await transfers().setDestination(trx, payload.transferId, payload.fromUnitId);
    }
    if (payload.what === 'temporary_ended' && payload.transferId) {
      await transfers().reopenEnded(trx, payload.transferId);
    }
  }
  await refuseMembersInVoidedUnits(trx, context);
  if (events.length > 0) {
    await writeJournal(trx, {
      accountId: context.accountId, action: 'member.rehome_undo', objectType: 'restructure_batch', objectId: context.undoneBatchId ?? context.batchId,
      effectiveDate: context.effectiveDate, decisionId: context.decisionId, after: { batchId: context.batchId, events: events.length },
    });
  }
}

/**
 * History is written at its tail: a stay in a unit that ended after the batch's date would lie, from the date on, in
 * a unit that no longer exists (merge, split, dissolution) or is no longer a cell (upgrade, change of kind), and the
 * member would drop out of every count as of those days. The officer records the restructuring on or after the day
 * the member left. One statement for all the units of the batch.
 */
async function refuseStaysEndingAfter(trx: Tx, unitIds: readonly number[], date: string): Promise<void> {
  if (unitIds.length === 0) return;
  const later = await trx.selectFrom('member_placements').select(['member_id', 'unit_id', 'valid_to'])
    .where('unit_id', 'in', [...unitIds]).where('voided_by_event_id', 'is', null)
    .where('valid_to', 'is not', null).where('valid_to', '>', date)
    .orderBy('valid_to', 'desc').limit(1).executeTakeFirst();
  if (later) {
    throw new AppError('ORG_HISTORY_LATER_CHANGE', { unitId: Number(later.unit_id), memberId: Number(later.member_id), latestChange: later.valid_to, effectiveDate: date, reason: 'a member left the unit after this date' });
  }
}

/** The hook registered with the org tree's restructuring. */
export async function rehomeMembers(trx: Tx, context: RestructureHookContext): Promise<void> {
  if (context.undo) return undoRehome(trx, context);
  await refuseStaysEndingAfter(trx, [...context.endedUnits.map((ended) => ended.unitId), ...(context.membersMovedTo ?? []).map((item) => item.fromUnitId)], context.effectiveDate);
  for (const ended of context.endedUnits) await rehomeUnit(trx, context, ended, ended.successorId ?? ended.successorIds[0] ?? null);
  for (const item of context.membersMovedTo ?? []) {
    const result = await rehomeUnit(trx, context, { unitId: item.fromUnitId }, item.toUnitId);
    context.reportMembersMoved?.({ fromUnitId: item.fromUnitId, toUnitId: item.toUnitId, count: result.moved, members: result.members });
  }
}

/** Members a unit holds on a date: placements open then (official or temporary) and transfers addressed to it. */
async function countHeldMembers(trx: Tx, unitId: number, date: string): Promise<number> {
  const placements = await repo.openPlacementsInUnit(trx, unitId, SCOPE);
  if (placements.length > 0) return placements.length;
  // A stay that ended after the date counts too: the hook then refuses the change as dated before it.
  const later = await trx.selectFrom('member_placements').select('id').where('unit_id', '=', unitId).where('voided_by_event_id', 'is', null)
    .where('valid_to', '>', date).limit(1).executeTakeFirst();
  if (later) return 1;
  return transfersFollowing ? (await transfersFollowing.issuedTo(trx, unitId, SCOPE)).length : 0;
}

registerRestructureHook(rehomeMembers);
provideHeldMembersCounter(countHeldMembers);

/**
 * Moves the members a unit that is not a cell holds (placed there by old data: the cleaning list's `unit_not_a_cell`)
 * into a cell, on `date`, the way a restructuring moves them: each placement at the later of `date` and its own start
 * (a stay that began after `date` moves whole), a `rehomed` event citing the decision (and the batch that created
 * the cell, so undoing that batch takes the move back), transfers addressed to the unit re-addressed to the cell.
 */
export async function moveMembersIntoCell(trx: Tx, input: { fromUnitId: number; toUnitId: number; date: string; decisionId: number; accountId: number | null; batchId: number | null }) {
  return rehomeUnit(trx, { batchId: input.batchId, decisionId: input.decisionId, accountId: input.accountId, effectiveDate: input.date }, { unitId: input.fromUnitId }, input.toUnitId);
}
