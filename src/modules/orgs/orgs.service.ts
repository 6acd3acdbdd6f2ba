/**
 * Reading the organization tree through time. Every function takes `(db, scope, params)` where `scope` is where the
 * caller may read (`scopeOf(caller, 'org.read')`); the filter is applied inside SQL and a unit outside it is
 * NOT_FOUND exactly like a missing one. "As of" a date means the versions in force on it.
 *
 * Costs at national scale (~300,000 units): children as of a date are one probe of (parent_id, valid_from) plus one
 * per child for its child count; counts as of a date sum one ancestor's rows in `org_unit_count_deltas` (a few
 * hundred, whatever the subtree's size); lineage walks the link indexes. None of them scans the tree.
 */
import { decodeCursor, encodeCursor, placeAbove, scopePrefixes, systemScope, type Executor, type Scope } from '../../kernel/index.ts';
import { AppError } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import { ORG_KINDS, ORG_LEVELS, levelOfKind, type OrgLevel } from '../../contracts/org-kinds.ts';
import type {
  Batch, BatchDetail, BatchList, OrgAncestor, OrgChangeEvent, OrgChanges, OrgChildren, OrgCounts, OrgHistory, OrgLineage, OrgNode,
  OrgNodeList, OrgSearchResult, OrgUnitDetail, RestructureSummary,
} from '../../contracts/orgs.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldText } from '../../lib/text.ts';
import * as repo from './orgs.repository.ts';
import { findLaterBatchChange, findTouchedUnits } from './restructure.repository.ts';

/** Names along the way to a unit, and of the units it went into, are shown wherever those lie. */
const NAMES_AROUND = systemScope('names of the ancestors and successors of a unit in scope');

const CURSOR_FIELD = 'querystring.cursor';

function toNode(row: repo.NodeRow): OrgNode {
  return {
    id: row.unit_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    level: levelOfKind(row.kind),
    sector: row.sector,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    childCount: Number(row.child_count),
    establishedOn: row.established_on,
    endedOn: row.ended_on,
  };
}

async function requireUnit(db: Executor, scope: Scope, unitId: number, options: { includeVoided?: boolean } = {}) {
  const unit = await repo.findUnitInScope(db, unitId, scope, options);
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  return unit;
}

/** The units the caller's grants name (the outermost ones), as of the date: where browsing the tree starts. */
export async function listRootsAsOf(db: Executor, scope: Scope, params: { date?: string }): Promise<OrgNodeList> {
  const date = params.date ?? todayInVietnam();
  // A system scope names no unit to start from.
  const ids = (scopePrefixes(scope) ?? []).map((path) => Number(path.split('/').filter(Boolean).pop()));
  const rows = await repo.findNodesAsOf(db, ids, date, scope);
  return { date, items: rows.map(toNode) };
}

function decodeChildCursor(cursor: string): { name: string; id: number } {
  const [name, id] = decodeCursor(cursor, ['string', 'number'], CURSOR_FIELD);
  return { name, id };
}

/** Children of a unit as of a date (name order, keyset-paged), each with its own child count on that date. */
export async function listChildrenAsOf(db: Executor, scope: Scope, params: { unitId: number; date?: string; limit?: number; cursor?: string }): Promise<OrgChildren> {
  const date = params.date ?? todayInVietnam();
  const limit = params.limit ?? 200;
  await requireUnit(db, scope, params.unitId);
  const rows = await repo.findChildrenAsOf(db, { parentId: params.unitId, date, limit: limit + 1, after: params.cursor ? decodeChildCursor(params.cursor) : undefined }, scope);
  const page = rows.slice(0, limit) as (repo.NodeRow & { name_folded: string })[];
  const last = page[page.length - 1];
  return { date, parentId: params.unitId, items: page.map(toNode), nextCursor: rows.length > limit ? encodeCursor([last.name_folded, last.unit_id]) : null };
}

async function ancestorsOf(db: Executor, paths: string[], date: string): Promise<Map<string, OrgAncestor[]>> {
  const idsOf = (path: string) => path.split('/').filter(Boolean).map(Number).slice(0, -1);
  const ids = [...new Set(paths.flatMap(idsOf))];
  const versions = new Map((await repo.findVersionsAsOf(db, ids, date, NAMES_AROUND)).map((row) => [row.unit_id, row]));
  return new Map(paths.map((path) => [path, idsOf(path).flatMap((id) => {
    const version = versions.get(id);
    return version ? [{ id, code: version.code, name: version.name, kind: version.kind, level: levelOfKind(version.kind) }] : [];
  })]));
}

/**
 * Search among units as of a date by code (prefix) or by words: every word of the query (diacritics and case
 * ignored) must appear in the unit's name or the name of a unit above it on that date, so "khu 10 cam pha" finds
 * "Chi bộ khu 10" under "Đảng bộ phường Cẩm Phả". An index lookup at national scale (migration 0025).
 */
export async function searchUnitsAsOf(db: Executor, scope: Scope, params: { q: string; date?: string; kind?: string; limit?: number }): Promise<OrgSearchResult> {
  const date = params.date ?? todayInVietnam();
  const folded = foldText(params.q);
  const limit = params.limit ?? 30;
  const found = await repo.searchVersionsAsOf(db, { folded, codePrefix: params.q.trim().toLowerCase(), date, kind: params.kind, limit: limit + 1 }, scope);
  const rows = found.slice(0, limit);
  const ancestors = await ancestorsOf(db, rows.map((row) => row.path), date);
  return {
    date,
    hasMore: found.length > limit,
    items: rows.map((row) => {
      const above = ancestors.get(row.path) ?? [];
      return { ...toNode(row), ancestors: above, place: placeAbove([...above].reverse()) };
    }),
  };
}

/** One unit as of a date: its version then (or the nearest one), ancestors, child count, successors. */
export async function getUnitAsOf(db: Executor, scope: Scope, params: { unitId: number; date?: string }): Promise<OrgUnitDetail> {
  const date = params.date ?? todayInVietnam();
  const unit = await requireUnit(db, scope, params.unitId);
  const versions = await repo.findLiveVersions(db, params.unitId, scope);
  if (versions.length === 0) throw new AppError('NOT_FOUND', { unitId: params.unitId });
  const inForce = versions.find((version) => version.valid_from <= date && (version.valid_to === null || version.valid_to > date));
  const version = inForce ?? (date < versions[0].valid_from ? versions[0] : versions[versions.length - 1]);
  const [ancestors, childCount, successors] = await Promise.all([
    ancestorsOf(db, [version.path], inForce ? date : version.valid_from),
    inForce ? repo.countChildrenAsOf(db, params.unitId, date, scope) : Promise.resolve(0),
    repo.findSuccessors(db, params.unitId, scope),
  ]);
  return {
    id: unit.id,
    code: version.code,
    name: version.name,
    kind: version.kind,
    level: levelOfKind(version.kind),
    sector: version.sector,
    parentId: version.parent_id,
    path: version.path,
    depth: version.depth,
    validFrom: version.valid_from,
    validTo: version.valid_to,
    childCount,
    establishedOn: unit.established_on,
    endedOn: unit.ended_on,
    date,
    existsOnDate: Boolean(inForce),
    endReason: unit.end_reason,
    ancestors: ancestors.get(version.path) ?? [],
    place: placeAbove([...(ancestors.get(version.path) ?? [])].reverse()),
    scopePath: unit.scope_path,
    provinceId: unit.province_id,
    superiorId: unit.superior_id,
    grassrootsId: unit.grassroots_id,
    rowVersion: unit.row_version,
    successors: successors.map((row) => ({ id: row.id, code: row.code, name: row.name, linkKind: row.link_kind, effectiveDate: row.effective_date })),
  };
}

/**
 * A unit by its exact code, in the same shape as `getUnitAsOf`: with a date, the unit that bore the code on that date
 * (a rename moves a code from version to version), shown as of that date; without one, the unit whose code it is now
 * (live or ended), shown as of today. Out of scope is NOT_FOUND like a missing code.
 */
export async function getUnitByCode(db: Executor, scope: Scope, params: { code: string; date?: string }): Promise<OrgUnitDetail> {
  const unitId = await repo.findUnitIdByCode(db, params.code, params.date, scope);
  if (unitId === undefined) throw new AppError('NOT_FOUND', { code: params.code });
  return getUnitAsOf(db, scope, { unitId, date: params.date });
}

/** Every version of a unit, oldest first, voided ones included and marked, with batch and decision. */
export async function getUnitHistory(db: Executor, scope: Scope, params: { unitId: number }): Promise<OrgHistory> {
  const unit = await requireUnit(db, scope, params.unitId, { includeVoided: true });
  const rows = await repo.findHistory(db, params.unitId, scope);
  return {
    unitId: unit.id,
    code: unit.code,
    establishedOn: unit.established_on,
    endedOn: unit.ended_on,
    endReason: unit.end_reason,
    versions: rows.map((row) => ({
      id: row.id,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      parentId: row.parent_id,
      parentName: row.parent_name,
      code: row.code,
      name: row.name,
      kind: row.kind,
      level: levelOfKind(row.kind),
      sector: row.sector,
      path: row.path,
      depth: row.depth,
      change: row.change,
      batchId: row.batch_id,
      batchOperation: row.batch_operation,
      batchStatus: row.batch_status,
      decisionId: row.decision_id,
      decisionNumber: row.decision_number,
      decisionSignedOn: row.decision_signed_on,
      voided: row.voided_by_batch_id !== null,
      voidedByBatchId: row.voided_by_batch_id,
      closedByBatchId: row.closed_by_batch_id,
    })),
  };
}

/** Predecessors and successors across merges and splits (transitively), and the kind changes along the way. */
export async function getLineage(db: Executor, scope: Scope, params: { unitId: number }): Promise<OrgLineage> {
  await requireUnit(db, scope, params.unitId);
  const lineage = await repo.findLineage(db, params.unitId, scope);
  return {
    unitId: params.unitId,
    nodes: lineage.nodes.map((node) => ({
      id: node.id, code: node.code, name: node.name, kind: node.kind, level: levelOfKind(node.kind), establishedOn: node.established_on,
      endedOn: node.ended_on, endReason: node.end_reason, distance: Number(node.distance),
    })),
    links: lineage.links.map((link) => ({
      id: link.id, predecessorId: link.predecessor_id, successorId: link.successor_id, kind: link.link_kind, effectiveDate: link.effective_date, batchId: link.batch_id, decisionId: link.decision_id,
    })),
    kindChanges: lineage.kindChanges.map((change) => ({
      unitId: change.unit_id, date: change.date, fromKind: change.from_kind, toKind: change.to_kind, change: change.change, batchId: change.batch_id,
    })),
  };
}

const GRASSROOTS_KINDS = new Set(Object.entries(ORG_KINDS).filter(([, value]) => value.level === 'grassroots').map(([kind]) => kind));

function toCounts(unitId: number, date: string, rows: { kind: string; sector: string; count: number }[]): OrgCounts {
  const byLevel = new Map<OrgLevel, number>();
  const byKind = new Map<string, number>();
  const bySector = new Map<string, number>();
  const grassrootsBySector = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    if (row.count === 0) continue;
    total += row.count;
    const level = levelOfKind(row.kind);
    byLevel.set(level, (byLevel.get(level) ?? 0) + row.count);
    byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + row.count);
    bySector.set(row.sector, (bySector.get(row.sector) ?? 0) + row.count);
    if (GRASSROOTS_KINDS.has(row.kind)) grassrootsBySector.set(row.sector, (grassrootsBySector.get(row.sector) ?? 0) + row.count);
  }
  const sectorList = (map: Map<string, number>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([sector, count]) => ({ sector: sector === '' ? null : sector, count }));
  return {
    unitId,
    date,
    total,
    byLevel: ORG_LEVELS.filter((level) => byLevel.has(level)).map((level) => ({ level, count: byLevel.get(level)! })),
    byKind: [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => ({ kind, level: levelOfKind(kind), count })),
    bySector: sectorList(bySector),
    grassrootsBySector: sectorList(grassrootsBySector),
  };
}

/** Units strictly under a unit on the tree as it stood on the date, by level, kind and sector. */
export async function countUnitsAsOf(db: Executor, scope: Scope, params: { unitId: number; date?: string }): Promise<OrgCounts> {
  const date = params.date ?? todayInVietnam();
  await requireUnit(db, scope, params.unitId);
  return toCounts(params.unitId, date, await repo.sumCountDeltas(db, params.unitId, date, scope));
}

/**
 * What changed under a unit between two dates: the counts at both dates, and the units established, dissolved,
 * merged, split, upgraded and moved in (from, to], each judged on the tree as it stood on the event's date (a move
 * is listed when the unit came into, left or moved within the subtree).
 */
export async function getChangesBetween(db: Executor, scope: Scope, params: { unitId: number; from: string; to?: string; level?: OrgLevel; limit?: number }): Promise<OrgChanges> {
  const to = params.to ?? todayInVietnam();
  if (params.from > to) throw new AppError('DATE_RANGE_INVALID', { from: params.from, to });
  const limit = params.limit ?? 200;
  await requireUnit(db, scope, params.unitId);
  const prefixes = await repo.findDistinctPaths(db, params.unitId, scope);
  const kinds = params.level ? Object.entries(ORG_KINDS).filter(([, value]) => value.level === params.level).map(([kind]) => kind) : undefined;
  const common: repo.ChangesUnder = { unitId: params.unitId, prefixes, from: params.from, to, kinds, limit };
  const [countsFrom, countsTo, established, dissolved, merged, split, upgraded, moved] = await Promise.all([
    repo.sumCountDeltas(db, params.unitId, params.from, scope),
    repo.sumCountDeltas(db, params.unitId, to, scope),
    repo.findEstablishedBetween(db, common, scope),
    repo.findEndedBetween(db, { ...common, reason: 'dissolved' }, scope),
    repo.findEndedBetween(db, { ...common, reason: 'merged' }, scope),
    repo.findEndedBetween(db, { ...common, reason: 'split' }, scope),
    repo.findUpgradedBetween(db, common, scope),
    repo.findMovedBetween(db, common, scope),
  ]);
  const successors = await repo.findSuccessorNames(db, [...merged, ...split].map((row) => row.unit_id), NAMES_AROUND);
  const toEvents = (rows: repo.ChangeEventRow[]) => ({
    total: rows.length ? Number(rows[0].total) : 0,
    items: rows.map((row): OrgChangeEvent => ({
      unitId: row.unit_id, code: row.code, name: row.name, kind: row.kind, level: levelOfKind(row.kind), date: row.date, batchId: row.batch_id,
      successors: successors.filter((item) => item.predecessor_id === row.unit_id).map((item) => ({ id: item.id, name: item.name })),
      fromKind: row.from_kind,
    })),
  });
  return {
    unitId: params.unitId,
    from: params.from,
    to,
    countsFrom: toCounts(params.unitId, params.from, countsFrom),
    countsTo: toCounts(params.unitId, to, countsTo),
    established: toEvents(established),
    dissolved: toEvents(dissolved),
    merged: toEvents(merged),
    split: toEvents(split),
    upgraded: toEvents(upgraded),
    moved: {
      total: moved.length ? Number(moved[0].total) : 0,
      items: moved.map((row) => ({
        unitId: row.unit_id, code: row.code, name: row.name, kind: row.kind, level: levelOfKind(row.kind), date: row.date, batchId: row.batch_id,
        fromParentId: row.from_parent_id, fromParentName: row.from_parent_name, toParentId: row.to_parent_id, toParentName: row.to_parent_name,
      })),
    },
  };
}

export function toBatchDto(row: repo.BatchRow): Batch {
  return {
    id: row.id,
    operation: row.operation,
    effectiveDate: row.effective_date,
    decisionId: row.decision_id,
    decisionNumber: row.decision_number,
    status: row.status,
    undoesBatchId: row.undoes_batch_id,
    undoneByBatchId: row.undone_by_batch_id,
    appliedBy: row.applied_by,
    appliedAt: new Date(row.applied_at).toISOString(),
    reason: row.reason,
  };
}

/** Restructuring batches that touched a unit, newest first. */
export async function listBatchesOfUnit(db: Executor, scope: Scope, params: { unitId: number; limit?: number; cursor?: string }): Promise<BatchList> {
  await requireUnit(db, scope, params.unitId, { includeVoided: true });
  const limit = params.limit ?? 50;
  let beforeId: number | undefined;
  if (params.cursor !== undefined) {
    [beforeId] = decodeCursor(params.cursor, ['number'], CURSOR_FIELD);
    if (beforeId <= 0) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: INVALID_CURSOR_TEXT }] });
  }
  const rows = await repo.findBatchesOfUnit(db, { unitId: params.unitId, beforeId, limit: limit + 1 }, scope);
  const page = rows.slice(0, limit);
  const items = await Promise.all(page.map(async (row) => ({ ...toBatchDto(row), ...await undoStateOf(db, row) })));
  return { items, nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null };
}

/**
 * Whether undoBatch would accept this batch now, by the same test (a later, non-voided change on the units it
 * touched), so the web offers "undo" only where it can work. The undo itself still checks everything.
 */
async function undoStateOf(db: Executor, row: repo.BatchRow): Promise<{ undoable: boolean; undoBlockedByBatchId: number | null }> {
  if (row.status !== 'applied' || row.operation === 'undo') return { undoable: false, undoBlockedByBatchId: null };
  const later = await findLaterBatchChange(db, row.id, await findTouchedUnits(db, row.id));
  return { undoable: !later, undoBlockedByBatchId: later?.batch_id ?? null };
}

/** One batch with its request and summary, if any unit it wrote lies in the caller's scope. */
export async function getBatch(db: Executor, scope: Scope, params: { batchId: number }): Promise<BatchDetail> {
  const row = await repo.findBatch(db, params.batchId, scope);
  if (!row) throw new AppError('NOT_FOUND', { batchId: params.batchId });
  const summary = row.summary && typeof row.summary === 'object' && 'changes' in (row.summary as object) ? (row.summary as RestructureSummary) : null;
  return { ...toBatchDto(row), ...await undoStateOf(db, row), payload: row.payload, summary };
}
