/**
 * Restructuring the tree: each request is one dated batch with its legal basis (a decision), written in the
 * transaction the caller opened. Preview runs exactly the same code in a transaction that is then rolled back
 * (`inPreviewTransaction`). Undo is a compensating batch: it
 * voids what the batch created, re-opens what it closed, and marks the batch 'undone'. See NOTES.md for the model.
 *
 * History is written only at its tail: a change dated D on a unit needs D after the unit's latest recorded change
 * (and, for moves, merges, splits and dissolutions, after every change recorded under it), so no version ever has
 * to be re-written retroactively and every version's path stays equal to its parent's path over its whole interval.
 */
import {
  inTransaction, requireUsableDecision, scopeOf, systemScope, writeJournalMany, type Actor, type Caller, type Db, type JournalEntry, type Scope, type Tx,
} from '../../kernel/index.ts';
import { sql } from 'kysely';
import { AppError } from '../../contracts/errors.ts';
import { levelOfKind } from '../../contracts/org-kinds.ts';
import type {
  Batch, ChangeKindRequest, DissolveRequest, EstablishRequest, MergeRequest, MoveRequest, RenameRequest, RestructureOperation,
  RestructureRequest, RestructureResult, RestructureSummary, SplitRequest, UndoRequest, UnitSnapshot, UpgradeRequest,
} from '../../contracts/orgs.ts';
import { defaultMembersCellName } from '../../contracts/orgs.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { isKindAllowedUnder, isUpgrade, upgradeTargetOf } from '../../rules/org-structure.ts';
import { countHeldMembers, runRestructureHooks, type EndedUnit, type RestructureHookContext } from './restructure-hooks.ts';
import * as repo from './restructure.repository.ts';
import { findBatch } from './orgs.repository.ts';
import { reserveUnitIds } from './bulk.ts';

type Locked = repo.LockedUnit;

/** Thrown inside the transaction to roll a preview back while carrying its result out. */
class PreviewRollback<T> extends Error {
  constructor(readonly result: T) {
    super('preview');
  }
}

/** Runs a preview in a transaction of its own that is rolled back whatever it wrote, and returns its result. */
export async function inPreviewTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await inTransaction(db, async (tx) => {
      const result = await work(tx);
      // The rules judged at commit (deferred constraints: migration 0026's "a member is placed in a cell") are judged
      // now, before the rollback, so that a preview refuses what the apply would.
      await sql`set constraints all immediate`.execute(tx);
      throw new PreviewRollback(result);
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.result as T;
    throw error;
  }
  throw new Error('a preview transaction committed');
}

function emptySummary(): RestructureSummary {
  return {
    versionsOpened: 0, versionsClosed: 0, versionsVoided: 0, versionsReopened: 0, linksCreated: 0, linksVoided: 0, descendantsRewritten: 0,
    unitsCreated: [], unitsEnded: [], unitsRevived: [], unitsVoided: [], links: [], moved: [], changes: [],
  };
}

interface Options {
  preview: boolean;
  requestId?: string | null;
}

/**
 * The working state of one batch: the caller, the locked units, and what the batch has done so far (for the
 * summary, the hooks and the journal).
 */
class BatchWork {
  batchId = 0;
  appliedAt: Date = new Date();
  readonly summary = emptySummary();
  readonly units = new Map<number, Locked>();
  /** Units whose own state the batch changes, in the order they are reported, with the change label. */
  readonly direct = new Map<number, string>();
  readonly before = new Map<number, UnitSnapshot | null>();
  readonly hook = { endedUnits: [] as EndedUnit[], createdUnitIds: [] as number[], movedUnitIds: [] as number[], splitParts: [] as { sourceId: number; partId: number; childIds: number[] }[], membersMovedTo: [] as { fromUnitId: number; toUnitId: number; toCode: string; toName: string }[] };
  readonly scope: Scope;

  constructor(readonly trx: Tx, readonly caller: Caller, readonly date: string, readonly operation: RestructureOperation) {
    this.scope = scopeOf(caller, 'org.restructure');
  }

  /** Locks the units and returns them; a missing, voided or out-of-scope unit is not found. */
  async require(unitIds: readonly number[], mode: 'update' | 'key share' = 'update'): Promise<Locked[]> {
    const rows = await repo.lockUnits(this.trx, unitIds, this.scope, mode);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of unitIds) {
      const row = byId.get(id);
      if (!row || !row.in_scope || row.end_reason === 'voided') throw new AppError('NOT_FOUND', { unitId: id });
      this.units.set(id, row);
    }
    return unitIds.map((id) => byId.get(id)!);
  }

  unit(id: number): Locked {
    const row = this.units.get(id);
    if (!row) throw new Error(`unit ${id} was not locked`);
    return row;
  }

  checkExpectedRowVersions(expected: { unitId: number; rowVersion: number }[] | undefined) {
    for (const item of expected ?? []) {
      const row = this.units.get(item.unitId);
      if (!row) throw new AppError('NOT_FOUND', { unitId: item.unitId });
      if (row.row_version !== item.rowVersion) throw new AppError('CONFLICT', { unitId: item.unitId, expectedRowVersion: item.rowVersion, rowVersion: row.row_version });
    }
  }

  /** A unit the batch changes: alive, established by the date, and with no change recorded after it. */
  assertActable(unit: Locked) {
    if (unit.ended_on || unit.version_id === null) throw new AppError('ORG_UNIT_ENDED', { unitId: unit.id, endedOn: unit.ended_on, endReason: unit.end_reason });
    if (this.date < unit.established_on) throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { unitId: unit.id, establishedOn: unit.established_on, effectiveDate: this.date });
    if (unit.valid_from! > this.date) throw new AppError('ORG_HISTORY_LATER_CHANGE', { unitId: unit.id, latestChange: unit.valid_from, effectiveDate: this.date });
  }

  /** A unit others are placed under: alive, established by the date, and at the same path since then. */
  assertParentUsable(unit: Locked, asOf: Map<number, repo.VersionAsOf>): repo.VersionAsOf {
    if (unit.ended_on || unit.version_id === null) throw new AppError('ORG_UNIT_ENDED', { unitId: unit.id, endedOn: unit.ended_on, endReason: unit.end_reason });
    if (this.date < unit.established_on) throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { unitId: unit.id, establishedOn: unit.established_on, effectiveDate: this.date });
    const version = asOf.get(unit.id);
    if (!version || version.path !== unit.path) throw new AppError('ORG_HISTORY_LATER_CHANGE', { unitId: unit.id, effectiveDate: this.date, reason: 'the unit moved after this date' });
    return version;
  }

  assertKind(parentKind: string | null, childKind: string, details: Record<string, unknown>) {
    if (!isKindAllowedUnder(this.date, parentKind, childKind)) throw new AppError('ORG_KIND_NOT_ALLOWED', { ...details, parentKind, kind: childKind, date: this.date });
  }

  /** A unit the batch ends must have lived at least one day. */
  assertCanEnd(unit: Locked) {
    if (unit.established_on >= this.date) throw new AppError('DATE_RANGE_INVALID', { unitId: unit.id, establishedOn: unit.established_on, effectiveDate: this.date, reason: 'a unit cannot end on the day it was established' });
  }

  async assertNoLaterChangeUnder(unit: Locked) {
    const later = await repo.findLaterChangeUnder(this.trx, unit.path!, this.date);
    if (later) throw new AppError('ORG_HISTORY_LATER_CHANGE', { unitId: unit.id, changedUnitId: later.unit_id, latestChange: later.valid_to && later.valid_to > this.date ? later.valid_to : later.valid_from, effectiveDate: this.date });
  }

  async assertCodesFree(codes: string[], own: { unitId: number; code: string }[] = []) {
    const seen = new Set<string>();
    for (const code of codes) {
      const key = code.toLowerCase();
      if (seen.has(key)) throw new AppError('ORG_CODE_TAKEN', { code });
      seen.add(key);
    }
    const ownCodes = new Set(own.map((item) => item.code.toLowerCase()));
    const taken = (await repo.findTakenCodes(this.trx, codes)).filter((code) => !ownCodes.has(code.toLowerCase()));
    if (taken.length > 0) throw new AppError('ORG_CODE_TAKEN', { code: taken[0] });
  }

  async lockSubtrees(units: Locked[]) {
    for (const unit of [...units].sort((a, b) => a.id - b.id)) await repo.lockSubtree(this.trx, unit.scope_path);
  }

  async startBatch(request: { effectiveDate: string; decisionId: number | null; reason?: string | null }, payload: unknown, undoesBatchId?: number) {
    const row = await repo.insertBatch(this.trx, {
      operation: undoesBatchId ? 'undo' : this.operation, effectiveDate: request.effectiveDate, decisionId: request.decisionId, payload,
      appliedBy: this.caller.accountId, reason: request.reason ?? null, undoesBatchId: undoesBatchId ?? null,
    });
    this.batchId = row.id;
    this.appliedAt = row.applied_at;
  }

  markDirect(unit: Locked | null, unitId: number, change: string) {
    if (!this.direct.has(unitId)) this.direct.set(unitId, change);
    if (!this.before.has(unitId)) {
      this.before.set(unitId, unit && unit.version_id !== null
        ? { code: unit.version_code!, name: unit.name!, kind: unit.kind!, sector: unit.sector, parentId: unit.parent_id, path: unit.path! }
        : null);
    }
  }

  /** Creates a unit with its first version under a parent whose path on the date is `parent.path`. */
  async createUnit(spec: { code: string; name: string; kind: string; sector?: string | null }, parent: { unit_id: number; path: string; depth: number }, change: string) {
    const unitId = await repo.insertUnitRow(this.trx, { code: spec.code, establishedOn: this.date });
    const path = `${parent.path}${unitId}/`;
    await repo.insertVersion(this.trx, {
      unitId, validFrom: this.date, parentId: parent.unit_id, name: spec.name, kind: spec.kind, sector: spec.sector ?? null, code: spec.code,
      path, depth: parent.depth + 1, batchId: this.batchId, change,
    });
    await repo.setUnitFields(this.trx, unitId, { scope_path: path });
    await repo.refreshAncestorColumns(this.trx, path);
    this.summary.versionsOpened += 1;
    this.summary.unitsCreated.push({ unitId, code: spec.code, name: spec.name, kind: spec.kind, parentId: parent.unit_id });
    this.hook.createdUnitIds.push(unitId);
    this.markDirect(null, unitId, change);
    return { unitId, path, depth: parent.depth + 1 };
  }

  /** A new version of a live unit at the same place (rename, upgrade, kind change). */
  async closeVersions(unitIds: number[]) {
    const result = await repo.closeOpenVersions(this.trx, unitIds, this.date, this.batchId);
    this.summary.versionsClosed += result.closed;
    this.summary.versionsVoided += result.voided;
  }

  async reviseUnit(unit: Locked, changes: { name?: string; code?: string; kind?: string; sector?: string | null }, change: string) {
    await this.closeVersions([unit.id]);
    const code = changes.code ?? unit.version_code!;
    await repo.insertVersion(this.trx, {
      unitId: unit.id, validFrom: this.date, parentId: unit.parent_id, name: changes.name ?? unit.name!, kind: changes.kind ?? unit.kind!,
      sector: changes.sector === undefined ? unit.sector : changes.sector, code, path: unit.path!, depth: unit.depth!, batchId: this.batchId, change,
    });
    this.summary.versionsOpened += 1;
    if (code !== unit.code) await repo.setUnitFields(this.trx, unit.id, { code });
    this.markDirect(unit, unit.id, change);
  }

  /**
   * Moves a live unit under a new parent from the date: its version is closed and re-opened under the parent, its
   * open descendants are re-written (change 'ancestor_moved'), and scope paths under it follow.
   */
  async moveUnit(unit: { id: number; parent_id: number | null; path: string; scope_path: string; locked: Locked | null }, parent: { unit_id: number; path: string; depth: number }, change = 'move', kind?: string) {
    const current = (await repo.findOpenSnapshots(this.trx, [unit.id])).get(unit.id)!;
    if (unit.locked) this.markDirect(unit.locked, unit.id, change);
    else if (!this.before.has(unit.id)) {
      this.before.set(unit.id, current);
      this.direct.set(unit.id, change);
    }
    await this.closeVersions([unit.id]);
    const newPath = `${parent.path}${unit.id}/`;
    await repo.insertVersion(this.trx, {
      unitId: unit.id, validFrom: this.date, parentId: parent.unit_id, name: current.name, kind: kind ?? current.kind, sector: current.sector, code: current.code,
      path: newPath, depth: parent.depth + 1, batchId: this.batchId, change,
    });
    this.summary.versionsOpened += 1;
    const rewrite = await repo.rewriteDescendants(this.trx, { oldPrefix: unit.path, newPrefix: newPath, date: this.date, batchId: this.batchId });
    const descendants = rewrite.rewritten;
    this.summary.versionsOpened += rewrite.rewritten;
    this.summary.versionsClosed += rewrite.closed;
    this.summary.versionsVoided += rewrite.voided;
    this.summary.descendantsRewritten += rewrite.rewritten;
    await repo.moveScopePaths(this.trx, unit.scope_path, newPath);
    await repo.refreshAncestorColumns(this.trx, newPath);
    this.summary.moved.push({ unitId: unit.id, fromParentId: unit.parent_id, toParentId: parent.unit_id, descendants });
    this.hook.movedUnitIds.push(unit.id);
    return newPath;
  }

  async endUnit(unit: Locked, reason: 'merged' | 'dissolved' | 'split', successorIds: number[], newScopePath?: string) {
    this.markDirect(unit, unit.id, reason === 'merged' ? 'merge' : reason === 'split' ? 'split' : 'dissolve');
    await this.closeVersions([unit.id]);
    await repo.setUnitFields(this.trx, unit.id, { ended_on: this.date, end_reason: reason });
    if (newScopePath) {
      await repo.moveScopePaths(this.trx, unit.scope_path, newScopePath);
      await repo.refreshAncestorColumns(this.trx, newScopePath);
    }
    this.summary.unitsEnded.push({ unitId: unit.id, reason, successorIds });
    this.hook.endedUnits.push({ unitId: unit.id, successorId: reason === 'merged' ? successorIds[0] : null, successorIds, reason });
  }

  async link(predecessorId: number, successorId: number, kind: 'merged_into' | 'split_into' | 'absorbed_into') {
    await repo.insertLinks(this.trx, [{ predecessorId, successorId, kind, date: this.date, batchId: this.batchId }]);
    this.summary.linksCreated += 1;
    this.summary.links.push({ predecessorId, successorId, kind });
  }

  /** Closes the summary: before/after of every directly involved unit, row versions, hooks, journal. */
  async finish(request: { decisionId: number | null; reason?: string | null; effectiveDate: string }, options: Options, hookExtra: Partial<RestructureHookContext> = {}): Promise<Batch> {
    const ids = [...this.direct.keys()];
    const after = await repo.findOpenSnapshots(this.trx, ids);
    this.summary.changes = ids.map((unitId) => ({ unitId, change: this.direct.get(unitId)!, before: this.before.get(unitId) ?? null, after: after.get(unitId) ?? null }));
    await repo.bumpRowVersions(this.trx, ids);
    const destinations = new Map(this.hook.membersMovedTo.map((item) => [item.fromUnitId, item]));
    const reportMembersMoved: RestructureHookContext['reportMembersMoved'] = (item) => {
      const destination = destinations.get(item.fromUnitId);
      (this.summary.membersMoved ??= []).push({
        fromUnitId: item.fromUnitId, toUnitId: item.toUnitId, toCode: destination?.toCode ?? '', toName: destination?.toName ?? '', count: item.count, members: item.members.slice(0, 50),
      });
    };
    await runRestructureHooks(this.trx, {
      batchId: this.batchId, operation: this.operation, effectiveDate: this.date, decisionId: request.decisionId, accountId: this.caller.accountId,
      endedUnits: this.hook.endedUnits, createdUnitIds: this.hook.createdUnitIds, movedUnitIds: this.hook.movedUnitIds,
      ...(this.hook.splitParts.length ? { splitParts: this.hook.splitParts } : {}),
      ...(this.hook.membersMovedTo.length ? { membersMovedTo: this.hook.membersMovedTo.map(({ fromUnitId, toUnitId }) => ({ fromUnitId, toUnitId })), reportMembersMoved } : {}),
      preview: options.preview, ...hookExtra,
    });
    await repo.saveBatchSummary(this.trx, this.batchId, this.summary);
    const action = hookExtra.undo ? 'org.undo' : `org.${this.operation}`;
    const common = { accountId: this.caller.accountId, effectiveDate: request.effectiveDate, decisionId: request.decisionId, reason: request.reason ?? null, requestId: options.requestId ?? null };
    const entries: JournalEntry[] = [{
      ...common, action, objectType: 'restructure_batch', objectId: this.batchId, unitId: commonAncestor(this.summary.changes.flatMap((change) => [change.before?.path, change.after?.path])),
      before: hookExtra.undo ? { batchId: hookExtra.undoneBatchId, status: 'applied' } : undefined,
      after: { operation: hookExtra.undo ? 'undo' : this.operation, undoesBatchId: hookExtra.undoneBatchId ?? null, ...countsOf(this.summary) },
    }];
    for (const change of this.summary.changes) {
      entries.push({ ...common, action, objectType: 'org_unit', objectId: change.unitId, unitId: change.unitId, before: { batchId: this.batchId, ...(change.before ?? {}) }, after: change.after ?? { ended: true } });
    }
    await writeJournalMany(this.trx, entries);
    const decision = request.decisionId ? await this.trx.selectFrom('decisions').select('number').where('id', '=', request.decisionId).executeTakeFirst() : undefined;
    return {
      id: this.batchId, operation: hookExtra.undo ? 'undo' : this.operation, effectiveDate: request.effectiveDate, decisionId: request.decisionId,
      decisionNumber: decision?.number ?? null, status: 'applied', undoesBatchId: hookExtra.undoneBatchId ?? null, undoneByBatchId: null,
      appliedBy: this.caller.accountId, appliedAt: new Date(this.appliedAt).toISOString(), reason: request.reason ?? null,
    };
  }
}

function countsOf(summary: RestructureSummary) {
  return {
    versionsOpened: summary.versionsOpened, versionsClosed: summary.versionsClosed, versionsVoided: summary.versionsVoided,
    versionsReopened: summary.versionsReopened, descendantsRewritten: summary.descendantsRewritten, linksCreated: summary.linksCreated,
    unitsCreated: summary.unitsCreated.map((unit) => unit.unitId), unitsEnded: summary.unitsEnded.map((unit) => unit.unitId),
  };
}

/** The deepest unit on every given path (the batch's journal entry belongs to it). */
export function commonAncestor(paths: (string | undefined | null)[]): number | null {
  const lists = paths.filter((path): path is string => Boolean(path)).map((path) => path.split('/').filter(Boolean));
  if (lists.length === 0) return null;
  let common = lists[0];
  for (const list of lists.slice(1)) {
    let index = 0;
    while (index < common.length && index < list.length && common[index] === list[index]) index++;
    common = common.slice(0, index);
  }
  return common.length ? Number(common[common.length - 1]) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The operations

/**
 * Establishes units (DOMAIN.md §1, establishment by a decision of the competent committee), set-based: one batch may
 * carry a whole province's tree (`ORG_BATCH_LIMITS.establish`). A parent is an existing unit (by id or current code),
 * locked `for key share` (a batch that moves or ends it waits; batches adding children elsewhere do not), or a unit
 * listed earlier in the same batch (by its code).
 */
async function establish(work: BatchWork, request: EstablishRequest) {
  // A parent code listed earlier in the batch names that new unit; any other names an existing live unit.
  const firstIndex = new Map<string, number>();
  request.units.forEach((spec, index) => { if (!firstIndex.has(spec.code)) firstIndex.set(spec.code, index); });
  const earlierIndex = (index: number): number | undefined => {
    const code = request.units[index].parentCode;
    const earlier = code === undefined ? undefined : firstIndex.get(code);
    return earlier !== undefined && earlier < index ? earlier : undefined;
  };
  const outsideCodes = [...new Set(request.units.flatMap((spec, index) => spec.parentCode !== undefined && earlierIndex(index) === undefined ? [spec.parentCode] : []))];
  const existingByCode = await repo.findLiveUnitsByCode(work.trx, outsideCodes);
  const missing = outsideCodes.find((code) => !existingByCode.has(code));
  if (missing !== undefined) throw new AppError('NOT_FOUND', { parentCode: missing });
  const existingParentIds = [...new Set(request.units.flatMap((spec, index) => {
    if (spec.parentId !== undefined) return [spec.parentId];
    return earlierIndex(index) !== undefined ? [] : [existingByCode.get(spec.parentCode!)!];
  }))];
  try {
    await work.require(existingParentIds, 'key share');
  } catch (error) {
    // A parent named by its code and out of the caller's scope is not found by that code, as a code nobody bears:
    // the answer does not tell the unit's id.
    const unitId = error instanceof AppError && error.code === 'NOT_FOUND' ? (error.details as { unitId?: number } | null)?.unitId : undefined;
    const code = unitId === undefined || request.units.some((spec) => spec.parentId === unitId) ? undefined : outsideCodes.find((name) => existingByCode.get(name) === unitId);
    if (code !== undefined) throw new AppError('NOT_FOUND', { parentCode: code });
    throw error;
  }
  await work.require(expectedIds(request));
  work.checkExpectedRowVersions(request.expectedRowVersions);
  const asOf = await repo.versionsInForce(work.trx, existingParentIds, work.date);
  await work.assertCodesFree(request.units.map((unit) => unit.code));
  await work.startBatch(request, request);
  const ids = await reserveUnitIds(work.trx, request.units.length);
  const created: repo.EstablishedUnit[] = [];
  request.units.forEach((spec, index) => {
    const earlier = earlierIndex(index);
    let parent: { unit_id: number; path: string; depth: number; kind: string };
    if (earlier !== undefined) {
      const own = created[earlier];
      parent = { unit_id: own.id, path: own.path, depth: own.depth, kind: own.kind };
    } else {
      const parentId = spec.parentId ?? existingByCode.get(spec.parentCode!)!;
      parent = work.assertParentUsable(work.unit(parentId), asOf);
    }
    work.assertKind(parent.kind, spec.kind, { parentId: parent.unit_id, code: spec.code });
    created.push({ id: ids[index], code: spec.code, name: spec.name, kind: spec.kind, sector: spec.sector ?? null, parentId: parent.unit_id, path: `${parent.path}${ids[index]}/`, depth: parent.depth + 1 });
  });
  await repo.insertEstablishedUnits(work.trx, created, work.date, work.batchId);
  for (const unit of created) {
    work.summary.unitsCreated.push({ unitId: unit.id, code: unit.code, name: unit.name, kind: unit.kind, parentId: unit.parentId });
    work.hook.createdUnitIds.push(unit.id);
    work.markDirect(null, unit.id, 'establish');
  }
  work.summary.versionsOpened += created.length;
}

async function rename(work: BatchWork, request: RenameRequest) {
  const [unit] = await work.require([request.unitId, ...expectedIds(request)]);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  work.assertActable(unit);
  const name = request.name ?? unit.name!;
  const code = request.code ?? unit.version_code!;
  if (name === unit.name && code === unit.version_code) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.name', check: 'nothing_changes', message: { vi: 'Tên và mã mới trùng với tên và mã hiện tại: không có gì thay đổi', en: 'The new name and code are the current ones: nothing changes' } }] });
  if (code.toLowerCase() !== unit.code.toLowerCase()) await work.assertCodesFree([code]);
  await work.startBatch(request, request);
  await work.reviseUnit(unit, { name, code }, 'rename');
}

async function move(work: BatchWork, request: MoveRequest) {
  if (new Set(request.unitIds).size !== request.unitIds.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.unitIds', check: 'duplicate_unit', message: { vi: 'Một tổ chức có tên hai lần trong danh sách', en: 'A unit is listed twice' } }] });
  const locked = await work.require([...request.unitIds, request.newParentId, ...expectedIds(request)]);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  const units = locked.slice(0, request.unitIds.length);
  const parentRow = work.unit(request.newParentId);
  for (const unit of units) work.assertActable(unit);
  const asOf = await repo.versionsInForce(work.trx, [request.newParentId], work.date);
  for (const unit of units) {
    if (unit.id === parentRow.id || (parentRow.path ?? parentRow.scope_path).startsWith(unit.path!)) throw new AppError('ORG_CYCLE', { unitId: unit.id, newParentId: parentRow.id });
  }
  const parent = work.assertParentUsable(parentRow, asOf);
  for (const unit of units) {
    if (unit.parent_id === parent.unit_id) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.unitIds', check: 'already_under_parent', message: { vi: `Tổ chức ${unit.id} đã trực thuộc tổ chức cấp trên này`, en: `Unit ${unit.id} is already under this parent` } }] });
    if (units.some((other) => other !== unit && unit.path!.startsWith(other.path!))) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.unitIds', check: 'under_moved_unit', message: { vi: `Tổ chức ${unit.id} nằm dưới một tổ chức khác cũng đang được chuyển`, en: `Unit ${unit.id} is under another unit being moved` } }] });
    if (request.kind !== undefined && request.kind !== unit.kind && !isCellKindChange(unit.kind!, request.kind)) {
      throw new AppError('ORG_KIND_CHANGE_NOT_ALLOWED', { unitId: unit.id, fromKind: unit.kind, kind: request.kind });
    }
    work.assertKind(parent.kind, request.kind ?? unit.kind!, { unitId: unit.id, newParentId: parent.unit_id });
  }
  if (request.kind !== undefined) {
    const children = await repo.findLiveChildren(work.trx, units.map((unit) => unit.id));
    for (const child of children) work.assertKind(request.kind, child.kind, { unitId: child.unit_id, reason: 'a live child would not be allowed under the new kind' });
  }
  await work.lockSubtrees(units);
  for (const unit of units) await work.assertNoLaterChangeUnder(unit);
  await work.startBatch(request, request);
  for (const unit of units) {
    await work.moveUnit({ id: unit.id, parent_id: unit.parent_id, path: unit.path!, scope_path: unit.scope_path, locked: unit }, parent, 'move', request.kind);
  }
}

async function merge(work: BatchWork, request: MergeRequest) {
  if (new Set(request.sourceIds).size !== request.sourceIds.length) throw new AppError('ORG_MERGE_INVALID', { reason: 'a source is listed twice' });
  const targetId = request.intoUnitId ?? request.newUnit!.parentId;
  const locked = await work.require([...request.sourceIds, targetId, ...expectedIds(request)]);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  const sources = locked.slice(0, request.sourceIds.length);
  const targetRow = work.unit(targetId);
  if (request.intoUnitId !== undefined && request.sourceIds.includes(request.intoUnitId)) throw new AppError('ORG_MERGE_INVALID', { reason: 'the target is one of the sources', unitId: request.intoUnitId });
  if (request.newUnit && sources.length < 2) throw new AppError('ORG_MERGE_INVALID', { reason: 'a merge into a new unit needs at least two sources' });
  for (const source of sources) work.assertActable(source);
  for (const source of sources) work.assertCanEnd(source);
  for (const source of sources) {
    if (sources.some((other) => other !== source && source.path!.startsWith(other.path!))) throw new AppError('ORG_MERGE_INVALID', { reason: 'a source lies under another source', unitId: source.id });
  }
  const asOf = await repo.versionsInForce(work.trx, [targetId], work.date);
  for (const source of sources) {
    if ((targetRow.path ?? targetRow.scope_path).startsWith(source.path!)) throw new AppError('ORG_CYCLE', { unitId: source.id, targetId });
  }
  const targetAsOf = work.assertParentUsable(targetRow, asOf);
  const targetKind = request.newUnit ? request.newUnit.kind : targetAsOf.kind;
  if (request.newUnit) {
    work.assertKind(targetAsOf.kind, request.newUnit.kind, { parentId: targetId, code: request.newUnit.code });
    await work.assertCodesFree([request.newUnit.code]);
  }
  for (const source of sources) {
    if (levelOfKind(source.kind!) !== levelOfKind(targetKind)) throw new AppError('ORG_MERGE_INVALID', { reason: 'sources and target must be of the same level', unitId: source.id, kind: source.kind, targetKind });
  }
  // The members of a merged cell go to the unit that takes it over (Điều lệ Đảng 2011 ch. V Art. 21: a member
  // belongs to a cell): a grassroots cell merged into a grassroots committee would leave them outside any cell.
  if (!isCellKind(targetKind)) {
    for (const source of sources) {
      if (isCellKind(source.kind!) && await countHeldMembers(work.trx, source.id, work.date) > 0) {
        throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: source.id, destinationId: request.intoUnitId ?? null, kind: targetKind, reason: 'the unit taking over the members is not a cell' });
      }
    }
  }
  await work.lockSubtrees(sources);
  for (const source of sources) await work.assertNoLaterChangeUnder(source);
  const children = await repo.findLiveChildren(work.trx, sources.map((source) => source.id));
  for (const child of children) work.assertKind(targetKind, child.kind, { unitId: child.unit_id, targetId });
  await work.startBatch(request, request);

  const target = request.newUnit
    ? await work.createUnit(request.newUnit, targetAsOf, 'merge_new')
    : { unitId: targetRow.id, path: targetRow.path!, depth: targetRow.depth! };
  if (!request.newUnit) work.markDirect(targetRow, targetRow.id, 'absorb');
  for (const child of children) {
    const childUnit = await work.trx.selectFrom('org_units').select(['scope_path']).where('id', '=', child.unit_id).executeTakeFirstOrThrow();
    await work.moveUnit({ id: child.unit_id, parent_id: child.parent_id, path: child.path, scope_path: childUnit.scope_path, locked: null }, { unit_id: target.unitId, path: target.path, depth: target.depth });
  }
  for (const source of sources) {
    await work.endUnit(source, 'merged', [target.unitId], `${target.path}${source.id}/`);
    await work.link(source.id, target.unitId, request.newUnit ? 'merged_into' : 'absorbed_into');
  }
}

async function split(work: BatchWork, request: SplitRequest) {
  const [sourceRow] = await work.require([request.sourceId]);
  const parentIds = request.parts.map((part) => part.parentId ?? sourceRow.parent_id);
  if (parentIds.some((id) => id === null)) throw new AppError('ORG_MERGE_INVALID', { reason: 'the root cannot be split' });
  await work.require([request.sourceId, ...(parentIds as number[]), ...expectedIds(request)]);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  const source = work.unit(request.sourceId);
  work.assertActable(source);
  work.assertCanEnd(source);
  const asOf = await repo.versionsInForce(work.trx, parentIds as number[], work.date);
  const parents = request.parts.map((part, index) => {
    const parentRow = work.unit(parentIds[index]!);
    if ((parentRow.path ?? parentRow.scope_path).startsWith(source.path!)) throw new AppError('ORG_CYCLE', { unitId: source.id, parentId: parentRow.id });
    const parent = work.assertParentUsable(parentRow, asOf);
    work.assertKind(parent.kind, part.kind, { parentId: parent.unit_id, code: part.code });
    return parent;
  });
  await work.assertCodesFree(request.parts.map((part) => part.code));
  await work.lockSubtrees([source]);
  await work.assertNoLaterChangeUnder(source);
  const children = await repo.findLiveChildren(work.trx, [source.id]);
  const childIds = new Set(children.map((child) => child.unit_id));
  const assigned = request.parts.flatMap((part) => part.childIds);
  if (new Set(assigned).size !== assigned.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.parts', check: 'child_in_two_parts', message: { vi: 'Một tổ chức trực thuộc được giao cho hai tổ chức tách ra', en: 'A child unit is assigned to two parts' } }] });
  const strangers = assigned.filter((id) => !childIds.has(id));
  if (strangers.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.parts', check: 'not_child_of_source', message: { vi: `Không phải tổ chức trực thuộc đang hoạt động của tổ chức được tách: ${strangers.join(', ')}`, en: `Not live children of the source: ${strangers.join(', ')}` } }] });
  const unassigned = [...childIds].filter((id) => !assigned.includes(id));
  if (unassigned.length) throw new AppError('ORG_HAS_CHILDREN', { unitId: source.id, unassignedChildIds: unassigned });
  request.parts.forEach((part) => {
    for (const id of part.childIds) work.assertKind(part.kind, children.find((child) => child.unit_id === id)!.kind, { unitId: id, partCode: part.code });
  });
  // The members of a split cell go to its first part (members' NOTES, "Restructuring"), which must then hold members.
  if (isCellKind(source.kind!) && !isCellKind(request.parts[0].kind) && await countHeldMembers(work.trx, source.id, work.date) > 0) {
    throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: source.id, partCode: request.parts[0].code, kind: request.parts[0].kind, reason: 'the first part takes the members: it must be a cell' });
  }
  await work.startBatch(request, request);
  const created: { unitId: number; path: string; depth: number }[] = [];
  for (const [index, part] of request.parts.entries()) created.push(await work.createUnit(part, parents[index], 'split_new'));
  for (const [index, part] of request.parts.entries()) {
    for (const childId of part.childIds) {
      const child = children.find((row) => row.unit_id === childId)!;
      const childUnit = await work.trx.selectFrom('org_units').select(['scope_path']).where('id', '=', childId).executeTakeFirstOrThrow();
      await work.moveUnit({ id: childId, parent_id: child.parent_id, path: child.path, scope_path: childUnit.scope_path, locked: null }, { unit_id: created[index].unitId, path: created[index].path, depth: created[index].depth });
    }
    work.hook.splitParts.push({ sourceId: source.id, partId: created[index].unitId, childIds: part.childIds });
  }
  await work.endUnit(source, 'split', created.map((part) => part.unitId));
  for (const part of created) await work.link(source.id, part.unitId, 'split_into');
}

async function changeKind(work: BatchWork, request: UpgradeRequest | ChangeKindRequest) {
  const [unit] = await work.require([request.unitId, ...expectedIds(request)]);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  work.assertActable(unit);
  let toKind: string;
  if (request.operation === 'upgrade') {
    toKind = request.toKind ?? upgradeTargetOf(unit.kind!) ?? '';
    if (!toKind || !isUpgrade(unit.kind!, toKind)) throw new AppError('ORG_KIND_NOT_ALLOWED', { unitId: unit.id, fromKind: unit.kind, kind: toKind || null, reason: 'not an upgrade' });
  } else {
    toKind = request.kind;
    if (toKind === unit.kind && request.sector === undefined && request.name === undefined) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.kind', check: 'nothing_changes', message: { vi: 'Loại tổ chức giữ nguyên và không có lĩnh vực hay tên mới: không có gì thay đổi', en: 'The kind stays the same and no new sector or name is given: nothing changes' } }] });
  }
  const parentAsOf = unit.parent_id === null ? null : (await repo.versionsInForce(work.trx, [unit.parent_id], work.date)).get(unit.parent_id) ?? null;
  work.assertKind(parentAsOf?.kind ?? null, toKind, { unitId: unit.id });
  const children = await repo.findLiveChildren(work.trx, [unit.id]);
  for (const child of children) {
    if (!isKindAllowedUnder(work.date, toKind, child.kind)) throw new AppError('ORG_KIND_NOT_ALLOWED', { unitId: child.unit_id, parentKind: toKind, kind: child.kind, date: work.date, reason: 'a live child would not be allowed under the new kind' });
  }
  const code = request.operation === 'upgrade' ? request.code : undefined;
  if (code && code.toLowerCase() !== unit.code.toLowerCase()) await work.assertCodesFree([code]);
  // Members stay in a cell (Điều lệ Đảng 2011 ch. V Art. 21: a member belongs to a cell): a unit that can no longer
  // hold members hands them to a cell of its own, an existing child cell or one created by this batch.
  const losesMembers = isCellKind(unit.kind!) && !isCellKind(toKind);
  let destination: { kind: 'existing'; unitId: number; code: string; name: string } | { kind: 'new'; code: string; name: string } | null = null;
  if (!losesMembers && request.membersTo) {
    throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: unit.id, reason: 'the unit keeps its members: it stays a cell', kind: toKind });
  }
  if (losesMembers && (request.membersTo || await countHeldMembers(work.trx, unit.id, work.date) > 0)) {
    const target = request.membersTo ?? {};
    if (target.unitId !== undefined) {
      const child = children.find((row) => row.unit_id === target.unitId);
      if (!child || !isCellKind(child.kind) || !isKindAllowedUnder(work.date, toKind, child.kind)) {
        throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: unit.id, destinationId: target.unitId, kind: child?.kind ?? null, reason: 'not a live cell under the unit' });
      }
      const snapshot = (await repo.findOpenSnapshots(work.trx, [child.unit_id])).get(child.unit_id);
      destination = { kind: 'existing', unitId: child.unit_id, code: snapshot?.code ?? '', name: child.name };
    } else {
      if (!isKindAllowedUnder(work.date, toKind, 'cell')) {
        throw new AppError('ORG_MEMBERS_DESTINATION_INVALID', { unitId: unit.id, kind: toKind, reason: 'a cell is not allowed under the new kind' });
      }
      const newCode = target.code ?? `${(code ?? unit.version_code!).slice(0, 47)}-CB`;
      await work.assertCodesFree([newCode, ...(code && code.toLowerCase() !== unit.code.toLowerCase() ? [code] : [])]);
      destination = { kind: 'new', code: newCode, name: target.name ?? defaultMembersCellName(unit.name!) };
    }
  }
  await work.startBatch(request, request);
  await work.reviseUnit(unit, {
    kind: toKind, name: request.name, code,
    ...(request.operation === 'change_kind' && request.sector !== undefined ? { sector: request.sector } : {}),
  }, request.operation);
  if (levelOfKind(toKind) !== levelOfKind(unit.kind!)) await repo.refreshAncestorColumns(work.trx, unit.path!);
  if (destination?.kind === 'new') {
    const created = await work.createUnit({ code: destination.code, name: destination.name, kind: 'cell', sector: unit.sector }, { unit_id: unit.id, path: unit.path!, depth: unit.depth! }, 'establish');
    work.hook.membersMovedTo.push({ fromUnitId: unit.id, toUnitId: created.unitId, toCode: destination.code, toName: destination.name });
  } else if (destination?.kind === 'existing') {
    work.hook.membersMovedTo.push({ fromUnitId: unit.id, toUnitId: destination.unitId, toCode: destination.code, toName: destination.name });
  }
}

const CELL_KINDS: readonly string[] = ['cell', 'grassroots_cell'];

/** Whether units of the kind hold members (Điều lệ Đảng 2011 ch. V Art. 21: a member belongs to a cell). */
function isCellKind(kind: string): boolean {
  return CELL_KINDS.includes(kind);
}

/** A grassroots cell becoming a cell (placed under a grassroots committee) or the reverse: the members stay. */
function isCellKindChange(fromKind: string, toKind: string): boolean {
  return isCellKind(fromKind) && isCellKind(toKind);
}


async function dissolve(work: BatchWork, request: DissolveRequest) {
  if (new Set(request.unitIds).size !== request.unitIds.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.unitIds', check: 'duplicate_unit', message: { vi: 'Một tổ chức có tên hai lần trong danh sách', en: 'A unit is listed twice' } }] });
  const units = (await work.require([...request.unitIds, ...expectedIds(request)])).slice(0, request.unitIds.length);
  work.checkExpectedRowVersions(request.expectedRowVersions);
  for (const unit of units) work.assertActable(unit);
  for (const unit of units) work.assertCanEnd(unit);
  const dissolving = new Set(request.unitIds);
  const children = await repo.findLiveChildren(work.trx, request.unitIds);
  const remaining = children.filter((child) => !dissolving.has(child.unit_id));
  if (remaining.length) throw new AppError('ORG_HAS_CHILDREN', { unitId: remaining[0].parent_id, childIds: remaining.map((child) => child.unit_id) });
  await work.lockSubtrees(units);
  for (const unit of units) await work.assertNoLaterChangeUnder(unit);
  await work.startBatch(request, request);
  for (const unit of [...units].sort((a, b) => b.depth! - a.depth!)) await work.endUnit(unit, 'dissolved', []);
}

/** The units a batch named: those it changed directly, the parents it moved units between, both ends of its links. */
function involvedUnitsOf(summary: RestructureSummary): number[] {
  const ids = new Set<number>();
  for (const change of summary.changes) ids.add(change.unitId);
  for (const item of summary.moved) {
    if (item.fromParentId !== null) ids.add(item.fromParentId);
    if (item.toParentId !== null) ids.add(item.toParentId);
  }
  for (const unit of summary.unitsCreated) ids.add(unit.parentId);
  for (const link of summary.links) {
    ids.add(link.predecessorId);
    ids.add(link.successorId);
  }
  return [...ids].sort((a, b) => a - b);
}

function expectedIds(request: { expectedRowVersions?: { unitId: number }[] }): number[] {
  return (request.expectedRowVersions ?? []).map((item) => item.unitId);
}

/**
 * Applies one restructuring batch (DOMAIN.md §1: establish, rename, move, merge, split, upgrade, change kind,
 * dissolve), or computes it for a preview (`preview`: the hooks know, and the caller rolls the transaction back).
 * Requires `org.restructure` on every unit involved and a decision the caller may cite for it.
 */
export async function applyRestructure(trx: Tx, actor: Actor, request: RestructureRequest, { preview = false }: { preview?: boolean } = {}): Promise<RestructureResult> {
  const { caller } = actor;
  const options: Options = { preview, requestId: actor.requestId };
  if (request.effectiveDate > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { effectiveDate: request.effectiveDate });
  await requireUsableDecision(trx, caller, request.decisionId, { action: 'org.restructure' });
  const work = new BatchWork(trx, caller, request.effectiveDate, request.operation);
  switch (request.operation) {
    case 'establish': await establish(work, request); break;
    case 'rename': await rename(work, request); break;
    case 'move': await move(work, request); break;
    case 'merge': await merge(work, request); break;
    case 'split': await split(work, request); break;
    case 'upgrade': await changeKind(work, request); break;
    case 'change_kind': await changeKind(work, request); break;
    case 'dissolve': await dissolve(work, request); break;
  }
  const batch = await work.finish(request, options);
  return { preview: options.preview, batch, summary: work.summary };
}

// ---------------------------------------------------------------------------------------------------------------
// Undo

/**
 * Undoes a batch with a compensating batch: versions and links it created are voided (kept, marked), versions it
 * closed are re-opened, units it created end as 'voided' (their codes are released), units it ended live again, and
 * scope paths return. Refused when a later, non-voided change touched the same units (ORG_BATCH_NOT_UNDOABLE).
 */
export async function undoBatch(trx: Tx, actor: Actor, batchId: number, request: UndoRequest, { preview = false }: { preview?: boolean } = {}): Promise<RestructureResult> {
  const { caller } = actor;
  const options: Options = { preview, requestId: actor.requestId };
  // Scope is judged below, on the units the batch named (its summary outlives an undo that took its writes back).
  const original = await findBatch(trx, batchId, systemScope('undo: the batch, before its units are judged'));
  if (!original) throw new AppError('NOT_FOUND', { batchId });
  const work = new BatchWork(trx, caller, original.effective_date, original.operation as RestructureOperation);
  const originalSummary = { ...emptySummary(), ...((original.summary ?? {}) as Partial<RestructureSummary>) };
  // Scope is judged on the units the batch named (its summary survives an undo); all must be in the caller's
  // restructuring scope, otherwise the batch is not found.
  let involved = involvedUnitsOf(originalSummary);
  if (involved.length === 0) involved = await repo.findTouchedUnits(trx, batchId);
  const scoped = await repo.lockUnits(trx, involved, work.scope);
  if (involved.length === 0 || scoped.length !== involved.length || scoped.some((row) => !row.in_scope)) throw new AppError('NOT_FOUND', { batchId });
  if (original.operation === 'undo') throw new AppError('ORG_BATCH_NOT_UNDOABLE', { batchId, reason: 'an undo cannot be undone' });
  if (original.status === 'undone') throw new AppError('ORG_BATCH_ALREADY_UNDONE', { batchId, undoneByBatchId: original.undone_by_batch_id });
  if (request.decisionId !== undefined) await requireUsableDecision(trx, caller, request.decisionId, { action: 'org.restructure' });
  const touched = await repo.findTouchedUnits(trx, batchId);
  const rows = await repo.lockUnits(trx, touched, work.scope);
  if (rows.some((row) => !row.in_scope)) throw new AppError('NOT_FOUND', { batchId });
  for (const row of [...scoped, ...rows]) work.units.set(row.id, row);
  const later = await repo.findLaterBatchChange(trx, batchId, touched);
  if (later) throw new AppError('ORG_BATCH_NOT_UNDOABLE', { batchId, laterBatchId: later.batch_id, unitId: later.unit_id });

  const directIds = await repo.findDirectlyChangedUnits(trx, batchId);
  const beforeSnapshots = await repo.findOpenSnapshots(trx, directIds);
  for (const id of directIds) {
    work.direct.set(id, 'undo');
    work.before.set(id, beforeSnapshots.get(id) ?? null);
  }
  const createdIds = originalSummary.unitsCreated.map((unit) => unit.unitId);
  const endedIds = originalSummary.unitsEnded.map((unit) => unit.unitId);

  await work.startBatch({ effectiveDate: original.effective_date, decisionId: request.decisionId ?? null, reason: request.reason }, { undoesBatchId: batchId, reason: request.reason }, batchId);
  work.summary.versionsVoided = await repo.voidBatchVersions(trx, batchId, work.batchId);
  work.summary.versionsReopened = await repo.unvoidReplacedVersions(trx, batchId) + await repo.reopenBatchClosedVersions(trx, batchId);
  work.summary.linksVoided = await repo.voidBatchLinks(trx, batchId, work.batchId);
  const orphan = await repo.findOrphanedOpenVersion(trx, touched);
  if (orphan) throw new AppError('ORG_BATCH_NOT_UNDOABLE', { batchId, unitId: orphan.unit_id, parentId: orphan.parent_id, reason: 'the parent ended or moved after the batch' });
  for (const unitId of createdIds) {
    const unit = work.units.get(unitId);
    await repo.setUnitFields(trx, unitId, { ended_on: original.effective_date, end_reason: 'voided', code: `${unit?.code ?? unitId}~${work.batchId}` });
    work.summary.unitsVoided.push(unitId);
  }
  for (const unitId of endedIds) {
    await repo.setUnitFields(trx, unitId, { ended_on: null, end_reason: null });
    work.summary.unitsRevived.push(unitId);
  }
  // Scope paths and codes follow the re-opened versions, shallowest first (a moved unit carries its subtree).
  const drift = await repo.findScopeDrift(trx, directIds);
  const restoredCodes = drift.filter((row) => row.code !== row.version_code);
  if (restoredCodes.length) await work.assertCodesFree(restoredCodes.map((row) => row.version_code), restoredCodes.map((row) => ({ unitId: row.id, code: row.code })));
  for (const row of drift) {
    const current = await trx.selectFrom('org_units').select(['scope_path', 'code']).where('id', '=', row.id).executeTakeFirstOrThrow();
    if (current.scope_path !== row.path) {
      await repo.moveScopePaths(trx, current.scope_path, row.path);
      await repo.refreshAncestorColumns(trx, row.path);
    }
    if (current.code !== row.version_code) await repo.setUnitFields(trx, row.id, { code: row.version_code });
  }
  // A unit the batch ended by merging had its scope path moved under the target; revived, it is back in `drift`.
  // A unit the batch created keeps its scope path (its versions are voided).
  await repo.bumpRowVersions(trx, touched.filter((unitId) => !work.direct.has(unitId)));

  const batch = await work.finish(
    { effectiveDate: original.effective_date, decisionId: request.decisionId ?? null, reason: request.reason },
    options,
    {
      undo: true, undoneBatchId: batchId,
      endedUnits: originalSummary.unitsEnded.map((unit) => ({ unitId: unit.unitId, successorId: unit.reason === 'merged' ? unit.successorIds[0] ?? null : null, successorIds: unit.successorIds, reason: unit.reason })),
      createdUnitIds: createdIds,
      movedUnitIds: originalSummary.moved.map((item) => item.unitId),
    },
  );
  const updated = await repo.markBatchUndone(trx, batchId, work.batchId);
  if (updated !== 1) throw new AppError('ORG_BATCH_ALREADY_UNDONE', { batchId });
  return { preview: options.preview, batch, summary: work.summary };
}

