/**
 * Members left in a unit that cannot hold them (Điều lệ Đảng 2011 ch. V Art. 21: a member belongs to a cell), as old
 * data recorded before migration 0026 holds them: the cleaning list's `unit_not_a_cell`, and its one-click fix.
 *
 * The fix moves everyone the unit holds (official and temporary placements, transfers addressed to it) into one of
 * its cells on the day it stopped being a cell (`since`: the start of its run of non-cell versions), so no day of the
 * history is left with a member outside a cell. The cell is the one the officer names (a live cell under the unit,
 * there since that day), else `<code>-CB` when it exists, else one the fix creates with an establish batch on that
 * day, named as an upgrade names it ("Chi bộ <name>"): the same default as `applyRestructure`'s `membersTo`. The
 * decision is the legal basis of both the batch and the moves.
 */
import { AppError } from '../../contracts/errors.ts';
import { requireUsableDecision, scopeOf, type Actor, type Tx } from '../../kernel/index.ts';
import { defaultMembersCellName } from '../../contracts/orgs.ts';
import { applyRestructure } from '../orgs/index.ts';
import { moveMembersIntoCell } from './members-restructure.ts';
import * as repo from './members.repository.ts';
import { CELL_KINDS } from './members.service.ts';

const isCell = (kind: string) => (CELL_KINDS as readonly string[]).includes(kind);

/** The unit's current run of non-cell versions: since when, and the decision of the batch that began it. */
async function nonCellRun(tx: Tx, unitId: number): Promise<{ since: string; code: string; name: string; decisionId: number | null } | null> {
  const versions = await tx.selectFrom('org_unit_versions as v')
    .leftJoin('restructure_batches as b', 'b.id', 'v.batch_id')
    .select(['v.kind', 'v.valid_from', 'v.valid_to', 'v.name', 'b.decision_id'])
    .where('v.unit_id', '=', unitId).where('v.voided_by_batch_id', 'is', null)
    .orderBy('v.valid_from', 'desc').execute();
  const current = versions[0];
  if (!current || current.valid_to !== null || isCell(current.kind)) return null;
  let start = current;
  for (const version of versions) {
    if (isCell(version.kind)) break;
    start = version;
  }
  const unit = await tx.selectFrom('org_units').select('code').where('id', '=', unitId).executeTakeFirstOrThrow();
  return { since: start.valid_from, code: unit.code, name: current.name, decisionId: start.decision_id === null ? null : Number(start.decision_id) };
}

/** A live cell under the unit, established by `date`: the members' destination. */
async function cellUnder(tx: Tx, parentId: number, where: { id: number } | { code: string }, date: string) {
  let query = tx.selectFrom('org_units as u')
    .innerJoin('org_unit_versions as v', (join) => join.onRef('v.unit_id', '=', 'u.id').on('v.valid_to', 'is', null).on('v.voided_by_batch_id', 'is', null))
    .select(['u.id', 'u.code', 'u.established_on', 'v.kind', 'v.name', 'v.parent_id'])
    .where('u.ended_on', 'is', null);
  query = 'id' in where ? query.where('u.id', '=', where.id) : query.where(({ fn }) => fn('lower', ['u.code']), '=', where.code.toLowerCase());
  const unit = await query.executeTakeFirst();
  if (!unit || Number(unit.parent_id) !== parentId || !isCell(unit.kind) || unit.established_on > date) return null;
  return { id: Number(unit.id), code: unit.code, name: unit.name };
}

export interface StrandedFix {
  fromUnitId: number;
  toUnitId: number;
  toName: string;
  /** True when the fix created the cell (an establish batch, `batchId`). */
  created: boolean;
  batchId: number | null;
  date: string;
  moved: number;
  members: { id: number; fullName: string }[];
}

/**
 * Moves the members of a unit that is not a cell into one of its cells (see the file's comment). The unit must lie in
 * the caller's `member.write` scope (else NOT_FOUND); a unit that is a cell, or holds nobody, is MEMBERS_NOT_STRANDED
 * (so a repeated click changes nothing); a named destination that is not a live cell under the unit, there since the
 * day, is ORG_MEMBERS_DESTINATION_INVALID. Creating the cell takes `org.restructure` there, as any establish does.
 */
export async function placeStrandedMembers(tx: Tx, actor: Actor, input: { unitId: number; decisionId: number; toUnitId?: number; reason?: string }): Promise<StrandedFix> {
  const unit = await repo.findUnit(tx, input.unitId, scopeOf(actor.caller, 'member.write'));
  if (!unit) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  const decision = await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' });
  // Concurrent fixes of the same unit: the second waits here, then finds nothing left to move.
  await tx.selectFrom('org_units').select('id').where('id', '=', input.unitId).forUpdate().execute();
  const run = await nonCellRun(tx, input.unitId);
  const held = run ? await tx.selectFrom('member_placements').select('id').where('unit_id', '=', input.unitId)
    .where('valid_to', 'is', null).where('voided_by_event_id', 'is', null).limit(1).executeTakeFirst() : undefined;
  if (!run || !held) throw new AppError('MEMBERS_NOT_STRANDED', { unitId: input.unitId });
  let destination = input.toUnitId !== undefined
    ? await cellUnder(tx, input.unitId, { id: input.toUnitId }, run.since)
    : await cellUnder(tx, input.unitId, { code: `${run.code.slice(0, 47)}-CB` }, run.since);
  if (input.toUnitId !== undefined && !destination) {
    throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: input.unitId, destinationId: input.toUnitId, since: run.since, reason: 'not a live cell under the unit since that day' });
  }
  let batchId: number | null = null;
  if (!destination) {
    const code = `${run.code.slice(0, 47)}-CB`;
    const name = defaultMembersCellName(run.name);
    const result = await applyRestructure(tx, actor, {
      operation: 'establish', effectiveDate: run.since, decisionId: input.decisionId,
      reason: input.reason ?? 'Chi bộ nhận đảng viên đang sinh hoạt tại tổ chức không phải chi bộ',
      units: [{ code, name, kind: 'cell', parentId: input.unitId }],
    });
    batchId = result.batch.id;
    destination = { id: result.summary.unitsCreated[0].unitId, code, name };
  }
  const moved = await moveMembersIntoCell(tx, {
    fromUnitId: input.unitId, toUnitId: destination.id, date: run.since, decisionId: decision.id, accountId: actor.caller.accountId, batchId,
  });
  return { fromUnitId: input.unitId, toUnitId: destination.id, toName: destination.name, created: batchId !== null, batchId, date: run.since, ...moved };
}
