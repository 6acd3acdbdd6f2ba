/**
 * Writes a planned organization tree in bulk: units with their scope paths and ancestor columns, decisions,
 * restructuring batches (payload and summary as the service records them), versions with paths and depths, lineage
 * links, and the journal (one entry per batch and one per unit it changed, as the service writes; one `org.import`
 * entry per unit loaded as baseline data). Batches get ids in date order, so a later change always has a larger
 * batch id (undo relies on it). The rows are computed here, staged in temporary tables and written by the owners'
 * bulk writers (orgs, decisions, the kernel's journal).
 */
import { ORG_KINDS, type OrgLevel } from '../../src/contracts/org-kinds.ts';
import { writeJournalFrom, type Tx } from '../../src/kernel/index.ts';
import { foldDecisionNumber, insertDecisionsFrom, reserveDecisionIds } from '../../src/modules/decisions/index.ts';
import {
  commonAncestor, insertRestructureBatchesFrom, insertUnitLinksFrom, insertUnitsFrom, insertUnitVersionsFrom, reserveBatchIds, reserveUnitIds,
} from '../../src/modules/orgs/index.ts';
import { foldText } from '../../src/lib/text.ts';
import { demoSqlOf, source, stageRows } from './bulk.ts';
import type { DemoPlan } from './demo-plan.ts';
import type { PlanBatch, PlanUnit, PlanVersion, OrgWorld } from './org-world.ts';

export interface OrgWriteStats {
  units: number;
  versions: number;
  batches: number;
  decisions: number;
  links: number;
  journal: number;
}

/** A timestamp on the given day, mid-morning in Vietnam (UTC+7): when the change was recorded. */
export function recordedOn(date: string, minutes = 0): string {
  const hour = 9 + Math.floor(minutes / 60) % 8;
  return `${date}T${String(hour).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`;
}

function isPlanUnit(value: unknown): value is PlanUnit {
  return typeof value === 'object' && value !== null && 'versions' in value && 'key' in value && 'children' in value;
}

/** Replaces unit references in a request by their ids, recursively. */
function resolveRefs(value: unknown): unknown {
  if (isPlanUnit(value)) return value.id!;
  if (Array.isArray(value)) return value.map(resolveRefs);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveRefs(inner)]));
  return value;
}

export class PathResolver {
  constructor(private readonly world: OrgWorld) {}

  /** Path and depth of a version: its parent's path on the version's first day, plus its own id. */
  resolve(version: PlanVersion): { path: string; depth: number } {
    if (version.path !== undefined) return { path: version.path, depth: version.depth! };
    let path: string;
    let depth: number;
    if (!version.parent) {
      path = `/${version.unit.id}/`;
      depth = 0;
    } else {
      const parentVersion = this.world.versionOn(version.parent, version.from) ?? this.world.lastVersion(version.parent);
      const parent = this.resolve(parentVersion);
      path = `${parent.path}${version.unit.id}/`;
      depth = parent.depth + 1;
    }
    version.path = path;
    version.depth = depth;
    return { path, depth };
  }

  /** Today's place of a unit: its current path, or for an ended unit its anchor's scope path plus its id. */
  scopePath(unit: PlanUnit): string {
    if (unit.scopePath !== undefined) return unit.scopePath;
    const scope = unit.endedOn === null || !unit.anchor ? this.resolve(this.world.lastVersion(unit)).path : `${this.scopePath(unit.anchor)}${unit.id}/`;
    unit.scopePath = scope;
    return scope;
  }
}

const LEVEL_OF: Record<string, OrgLevel> = Object.fromEntries(Object.entries(ORG_KINDS).map(([kind, value]) => [kind, value.level]));

/** province_id / superior_id / grassroots_id: the deepest unit of each level on the scope path, the unit included. */
export function ancestorColumns(world: OrgWorld, byId: Map<number, PlanUnit>, scopePath: string): { province: number | null; superior: number | null; grassroots: number | null } {
  const ids = scopePath.split('/').filter(Boolean).map(Number);
  const found: { province: number | null; superior: number | null; grassroots: number | null } = { province: null, superior: null, grassroots: null };
  for (let i = ids.length - 1; i >= 0; i--) {
    const unit = byId.get(ids[i]);
    if (!unit) continue;
    const level = LEVEL_OF[world.lastVersion(unit).kind];
    if (level === 'provincial' && found.province === null) found.province = ids[i];
    if (level === 'superior' && found.superior === null) found.superior = ids[i];
    if (level === 'grassroots' && found.grassroots === null) found.grassroots = ids[i];
  }
  return found;
}

function snapshot(resolver: PathResolver, version: PlanVersion | null) {
  if (!version) return null;
  return { code: version.code, name: version.name, kind: version.kind, sector: version.sector, parentId: version.parent?.id ?? null, path: resolver.resolve(version).path };
}

function batchSummary(resolver: PathResolver, batch: PlanBatch) {
  return {
    versionsOpened: batch.versionsOpened,
    versionsClosed: batch.versionsClosed,
    versionsVoided: batch.versionsVoided,
    versionsReopened: 0,
    linksCreated: batch.links.length,
    linksVoided: 0,
    descendantsRewritten: batch.descendantsRewritten,
    unitsCreated: batch.created.map((unit) => {
      const version = unit.versions.find((candidate) => candidate.batch === batch) ?? unit.versions[0];
      return { unitId: unit.id!, code: version.code, name: version.name, kind: version.kind, parentId: version.parent?.id ?? 0 };
    }),
    unitsEnded: batch.ended.map((ended) => ({ unitId: ended.unit.id!, reason: ended.reason, successorIds: ended.successor ? [ended.successor.id!] : [] })),
    unitsRevived: [],
    unitsVoided: [],
    links: batch.links.map((link) => ({ predecessorId: link.predecessor.id!, successorId: link.successor.id!, kind: link.kind })),
    moved: batch.moved.map((item) => ({ unitId: item.unit.id!, fromParentId: item.from?.id ?? null, toParentId: item.to.id!, descendants: item.descendants })),
    changes: batch.changes.map((change) => ({ unitId: change.unit.id!, change: change.change, before: snapshot(resolver, change.before), after: snapshot(resolver, change.after) })),
  };
}

/** Assigns ids to every planned unit, decision and batch (batches in date order). */
export async function assignIds(tx: Tx, plan: DemoPlan): Promise<void> {
  const world = plan.world;
  const units = world.units.filter((unit) => unit.id === undefined);
  const unitIds = await reserveUnitIds(tx, units.length);
  units.forEach((unit, i) => { unit.id = unitIds[i]; });
  const decisions = [...world.decisions].sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.key - b.key);
  const decisionIds = await reserveDecisionIds(tx, decisions.length);
  decisions.forEach((decision, i) => { decision.id = decisionIds[i]; });
  const batches = [...world.batches].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.key - b.key);
  const batchIds = await reserveBatchIds(tx, batches.length);
  batches.forEach((batch, i) => { batch.id = batchIds[i]; });
}

export async function writeOrgPlan(tx: Tx, plan: DemoPlan, log: (line: string) => void): Promise<OrgWriteStats> {
  const client = demoSqlOf(tx);
  const started = Date.now();
  const elapsed = () => `(${((Date.now() - started) / 1000).toFixed(0)} s)`;
  const world = plan.world;
  const resolver = new PathResolver(world);
  const fresh = world.units.filter((unit) => unit !== plan.root);
  const byId = new Map(world.units.map((unit) => [unit.id!, unit]));

  // Units, with today's scope path and ancestor columns.
  const unitRows = fresh.map((unit) => {
    const scope = resolver.scopePath(unit);
    const ancestors = ancestorColumns(world, byId, scope);
    const liveVersions = unit.versions.filter((version) => !version.voidedBy).length;
    return [unit.id, world.lastVersion(unit).code, scope, ancestors.province, ancestors.superior, ancestors.grassroots, unit.establishedOn, unit.endedOn, unit.endReason, Math.max(0, liveVersions - 1)];
  });
  await stageRows(client, 'demo_unit', [
    { name: 'id', type: 'bigint' }, { name: 'code', type: 'text' }, { name: 'scope_path', type: 'text' }, { name: 'province_id', type: 'bigint' },
    { name: 'superior_id', type: 'bigint' }, { name: 'grassroots_id', type: 'bigint' }, { name: 'established_on', type: 'date' }, { name: 'ended_on', type: 'date' },
    { name: 'end_reason', type: 'text' }, { name: 'row_version', type: 'int' },
  ], unitRows);
  await insertUnitsFrom(tx, source('select * from demo_unit order by seq'));
  log(`  ${unitRows.length} units ${elapsed()}`);

  // Decisions.
  const decisionRows = world.decisions.map((decision) => [
    decision.id, decision.number, decision.signedOn, decision.issuingBody, decision.issuingUnit.id, decision.signer, decision.subject,
    foldDecisionNumber(decision.number), recordedOn(decision.signedOn, decision.key % 240),
  ]);
  await stageRows(client, 'demo_org_decision', [
    { name: 'id', type: 'bigint' }, { name: 'number', type: 'text' }, { name: 'signed_on', type: 'date' }, { name: 'issuing_body', type: 'text' },
    { name: 'issuing_unit_id', type: 'bigint' }, { name: 'signer', type: 'text' }, { name: 'subject', type: 'text' }, { name: 'number_folded', type: 'text' },
    { name: 'created_at', type: 'timestamptz' },
  ], decisionRows);
  await insertDecisionsFrom(tx, source('select * from demo_org_decision order by seq'));

  // Batches, in id order.
  const batches = [...world.batches].sort((a, b) => a.id! - b.id!);
  const batchRows = batches.map((batch) => {
    const payload = { ...(resolveRefs(batch.request) as Record<string, unknown>), effectiveDate: batch.effectiveDate, decisionId: batch.decision.id, ...(batch.reason ? { reason: batch.reason } : {}) };
    return [batch.id, batch.operation, batch.effectiveDate, batch.decision.id, JSON.stringify(payload), JSON.stringify(batchSummary(resolver, batch)), recordedOn(batch.effectiveDate, batch.key % 240), batch.reason];
  });
  await stageRows(client, 'demo_batch', [
    { name: 'id', type: 'bigint' }, { name: 'operation', type: 'text' }, { name: 'effective_date', type: 'date' }, { name: 'decision_id', type: 'bigint' },
    { name: 'payload', type: 'jsonb' }, { name: 'summary', type: 'jsonb' }, { name: 'applied_at', type: 'timestamptz' }, { name: 'reason', type: 'text' },
  ], batchRows, 2000);
  await insertRestructureBatchesFrom(tx, source('select * from demo_batch order by seq'));
  log(`  ${decisionRows.length} decisions, ${batchRows.length} restructuring batches ${elapsed()}`);

  // Versions (the root's exists already). The count-delta triggers maintain org_unit_count_deltas statement by statement.
  const versionRows: unknown[][] = [];
  for (const unit of fresh) {
    for (const version of unit.versions) {
      const { path, depth } = resolver.resolve(version);
      versionRows.push([
        unit.id, version.from, version.to, version.parent?.id ?? null, version.name, foldText(version.name), version.kind, version.sector, version.code,
        path, depth, version.batch?.id ?? null, version.change, version.voidedBy?.id ?? null, version.closedBy?.id ?? null,
      ]);
    }
  }
  // Staged first, then inserted in one statement: the count-delta trigger then runs once over all of them.
  const versionColumns = [
    { name: 'unit_id', type: 'bigint' }, { name: 'valid_from', type: 'date' }, { name: 'valid_to', type: 'date' }, { name: 'parent_id', type: 'bigint' },
    { name: 'name', type: 'text' }, { name: 'name_folded', type: 'text' }, { name: 'kind', type: 'text' }, { name: 'sector', type: 'text' }, { name: 'code', type: 'text' },
    { name: 'path', type: 'text' }, { name: 'depth', type: 'int' }, { name: 'batch_id', type: 'bigint' }, { name: 'change', type: 'text' },
    { name: 'voided_by_batch_id', type: 'bigint' }, { name: 'closed_by_batch_id', type: 'bigint' },
  ];
  await stageRows(client, 'demo_version', versionColumns, versionRows, 20000);
  await insertUnitVersionsFrom(tx, source('select * from demo_version order by seq'));
  log(`  ${versionRows.length} unit versions ${elapsed()}`);

  const linkRows = world.links.map((link) => [link.predecessor.id, link.successor.id, link.kind, link.date, link.batch.id]);
  await stageRows(client, 'demo_link', [
    { name: 'predecessor_id', type: 'bigint' }, { name: 'successor_id', type: 'bigint' }, { name: 'link_kind', type: 'text' }, { name: 'effective_date', type: 'date' }, { name: 'batch_id', type: 'bigint' },
  ], linkRows);
  await insertUnitLinksFrom(tx, source('select * from demo_link order by seq'));

  // The journal: baseline units as imported, then each batch as the service journals it, then decisions.
  const journal: unknown[][] = [];
  const now = new Date().toISOString();
  for (const unit of fresh) {
    const first = unit.versions[0];
    if (first.batch) continue;
    journal.push([now, 'org.import', 'org_unit', String(unit.id), unit.id, unit.establishedOn, null, 'Dữ liệu tổ chức đảng ban đầu (nhập từ hệ thống trước)', null, JSON.stringify(snapshot(resolver, first))]);
  }
  for (const decision of [...world.decisions].sort((a, b) => a.id! - b.id!)) {
    journal.push([recordedOn(decision.signedOn, decision.key % 240), 'decision.create', 'decision', String(decision.id), decision.issuingUnit.id, decision.signedOn, decision.id, null, null,
      JSON.stringify({ number: decision.number, signedOn: decision.signedOn, issuingBody: decision.issuingBody, issuingUnitId: decision.issuingUnit.id, signer: decision.signer, subject: decision.subject })]);
  }
  for (const batch of batches) {
    const at = recordedOn(batch.effectiveDate, batch.key % 240);
    const action = `org.${batch.operation}`;
    const changes = batch.changes.map((change) => ({ change, before: snapshot(resolver, change.before), after: snapshot(resolver, change.after) }));
    const unitId = commonAncestor(changes.flatMap((item) => [item.before?.path, item.after?.path]));
    const summary = batchSummary(resolver, batch);
    journal.push([at, action, 'restructure_batch', String(batch.id), unitId, batch.effectiveDate, batch.decision.id, batch.reason, null, JSON.stringify({
      operation: batch.operation, undoesBatchId: null, versionsOpened: summary.versionsOpened, versionsClosed: summary.versionsClosed, versionsVoided: summary.versionsVoided,
      versionsReopened: 0, descendantsRewritten: summary.descendantsRewritten, linksCreated: summary.linksCreated,
      unitsCreated: summary.unitsCreated.map((unit) => unit.unitId), unitsEnded: summary.unitsEnded.map((unit) => unit.unitId),
    })]);
    for (const item of changes) {
      journal.push([at, action, 'org_unit', String(item.change.unit.id), item.change.unit.id, batch.effectiveDate, batch.decision.id, batch.reason,
        JSON.stringify({ batchId: batch.id, ...(item.before ?? {}) }), JSON.stringify(item.after ?? { ended: true })]);
    }
  }
  await writeJournalRows(tx, 'demo_org_journal', journal);
  log(`  ${journal.length} journal entries ${elapsed()}`);
  return { units: unitRows.length, versions: versionRows.length, batches: batchRows.length, decisions: decisionRows.length, links: linkRows.length, journal: journal.length };
}

/**
 * Journal rows, [recorded_at, action, object_type, object_id, unit_id, effective_date, decision_id, reason, before,
 * after], staged in the temporary table `table` and written in order by the journal's writer.
 */
export async function writeJournalRows(tx: Tx, table: string, rows: unknown[][]): Promise<void> {
  await stageRows(demoSqlOf(tx), table, [
    { name: 'recorded_at', type: 'timestamptz' }, { name: 'action', type: 'text' }, { name: 'object_type', type: 'text' }, { name: 'object_id', type: 'text' },
    { name: 'unit_id', type: 'bigint' }, { name: 'effective_date', type: 'date' }, { name: 'decision_id', type: 'bigint' }, { name: 'reason', type: 'text' },
    { name: 'before', type: 'jsonb' }, { name: 'after', type: 'jsonb' },
  ], rows, 10000);
  await writeJournalFrom(tx, source(`select *, null as account_id, null as request_id from ${table} order by seq`));
}
