/**
 * An in-memory model of the organization tree through time, used to plan demo data before it is written in bulk.
 *
 * It applies the same restructuring operations as the orgs service (establish, rename, move, merge, upgrade,
 * change kind, dissolve), in date order, and produces exactly the rows the service would: one version per unit per
 * change, a new version for every live descendant whose path changes ('ancestor_moved'), closed versions marked with
 * the batch that closed them, lineage links for merges, and ended units kept under the unit that took them over
 * (their scope path). Paths and ids are resolved when the plan is written (`org-writer.ts`).
 *
 * A unit has at most one live version per date: when a second batch changes a unit on the day an earlier batch
 * opened its version, that version is voided by the later batch and replaced, as the service does.
 */
import { ORG_KINDS, type OrgKind, type OrgLevel, type OrgSector } from '../../src/contracts/org-kinds.ts';
import { isKindAllowedUnder } from '../../src/rules/org-structure.ts';

export type EndReason = 'merged' | 'dissolved';
export type LinkKind = 'merged_into' | 'absorbed_into';

/** What kind of members a unit hosts: drives occupations, ages and sizes in the member generator. */
export type HostProfile = 'village' | 'ward' | 'commune_office' | 'school' | 'health' | 'militia' | 'police'
  | 'enterprise_state' | 'enterprise_private' | 'enterprise_fdi' | 'agency' | 'public_service' | 'army' | 'retirees';

export interface PlanVersion {
  unit: PlanUnit;
  from: string;
  to: string | null;
  parent: PlanUnit | null;
  name: string;
  code: string;
  kind: OrgKind;
  sector: OrgSector | null;
  batch: PlanBatch | null;
  closedBy: PlanBatch | null;
  /** A version opened and replaced on the same day by a later batch is voided by it (kept, out of the history). */
  voidedBy: PlanBatch | null;
  change: string;
  // Resolved when written.
  path?: string;
  depth?: number;
}

export interface PlanUnit {
  key: number;
  code: string;
  establishedOn: string;
  endedOn: string | null;
  endReason: EndReason | null;
  /** Where an ended unit is kept: the merge target, or the last parent of a dissolved unit. */
  anchor: PlanUnit | null;
  /** Where its members go when it ends (the merge target, or a sibling cell for a dissolved cell). */
  heir: PlanUnit | null;
  /** The batch that ended it. */
  endedBy: PlanBatch | null;
  versions: PlanVersion[];
  children: Set<PlanUnit>;
  /** Index of the old (pre-2025) province the unit was planned in, for member attributes. */
  provinceIndex: number;
  /** Member-hosting units (cells and grassroots cells): what kind of members, and a relative size. */
  host: HostProfile | null;
  size: number;
  // Resolved when written.
  id?: number;
  scopePath?: string;
}

export interface PlanDecision {
  key: number;
  number: string;
  signedOn: string;
  issuingBody: string;
  issuingUnit: PlanUnit;
  signer: string;
  subject: string;
  id?: number;
}

export interface PlanChange {
  unit: PlanUnit;
  change: string;
  before: PlanVersion | null;
  after: PlanVersion | null;
}

export interface PlanBatch {
  key: number;
  operation: 'establish' | 'rename' | 'move' | 'merge' | 'upgrade' | 'change_kind' | 'dissolve';
  effectiveDate: string;
  decision: PlanDecision;
  reason: string | null;
  /** The request as the API would have received it; unit references resolved to ids when written. */
  request: Record<string, unknown>;
  changes: PlanChange[];
  created: PlanUnit[];
  ended: { unit: PlanUnit; reason: EndReason; successor: PlanUnit | null }[];
  moved: { unit: PlanUnit; from: PlanUnit | null; to: PlanUnit; descendants: number }[];
  links: PlanLink[];
  versionsOpened: number;
  versionsClosed: number;
  versionsVoided: number;
  descendantsRewritten: number;
  id?: number;
}

export interface PlanLink {
  predecessor: PlanUnit;
  successor: PlanUnit;
  kind: LinkKind;
  date: string;
  batch: PlanBatch;
}

export interface NewUnitSpec {
  code: string;
  name: string;
  kind: OrgKind;
  sector: OrgSector | null;
  parent: PlanUnit | null;
  establishedOn?: string;
  provinceIndex?: number;
  host?: HostProfile | null;
  size?: number;
}

export class PlanError extends Error {}


export class OrgWorld {
  readonly units: PlanUnit[] = [];
  readonly batches: PlanBatch[] = [];
  readonly decisions: PlanDecision[] = [];
  readonly links: PlanLink[] = [];
  private readonly codes = new Set<string>();

  current(unit: PlanUnit): PlanVersion {
    const last = unit.versions[unit.versions.length - 1];
    if (!last || last.to !== null || last.voidedBy) throw new PlanError(`unit ${unit.code} has ended`);
    return last;
  }

  isLive(unit: PlanUnit): boolean {
    return unit.endedOn === null;
  }

  level(unit: PlanUnit): OrgLevel {
    return ORG_KINDS[this.lastVersion(unit).kind].level;
  }

  /** The latest live (not voided) version. */
  lastVersion(unit: PlanUnit): PlanVersion {
    for (let i = unit.versions.length - 1; i >= 0; i--) if (!unit.versions[i].voidedBy) return unit.versions[i];
    throw new PlanError(`unit ${unit.code} has no live version`);
  }

  /** The live version in force on a date, if any. */
  versionOn(unit: PlanUnit, date: string): PlanVersion | undefined {
    for (let i = unit.versions.length - 1; i >= 0; i--) {
      const version = unit.versions[i];
      if (version.voidedBy) continue;
      if (version.from <= date && (version.to === null || version.to > date)) return version;
      if (version.from <= date) return undefined;
    }
    return undefined;
  }

  liveChildren(unit: PlanUnit): PlanUnit[] {
    return [...unit.children];
  }

  /** Every live unit under `unit` (not the unit itself), depth first. */
  liveDescendants(unit: PlanUnit): PlanUnit[] {
    const result: PlanUnit[] = [];
    const stack = [...unit.children];
    while (stack.length > 0) {
      const next = stack.pop()!;
      result.push(next);
      for (const child of next.children) stack.push(child);
    }
    return result;
  }

  takeCode(code: string): string {
    let candidate = code;
    for (let i = 2; this.codes.has(candidate.toLowerCase()); i++) candidate = `${code}-${i}`;
    this.codes.add(candidate.toLowerCase());
    return candidate;
  }

  decision(input: Omit<PlanDecision, 'key'>): PlanDecision {
    const decision = { ...input, key: this.decisions.length };
    this.decisions.push(decision);
    return decision;
  }

  batch(operation: PlanBatch['operation'], effectiveDate: string, decision: PlanDecision, reason: string | null = null): PlanBatch {
    if (decision.signedOn > effectiveDate) throw new PlanError(`decision ${decision.number} signed after its effective date`);
    const batch: PlanBatch = {
      key: this.batches.length, operation, effectiveDate, decision, reason, request: {}, changes: [], created: [], ended: [], moved: [],
      links: [], versionsOpened: 0, versionsClosed: 0, versionsVoided: 0, descendantsRewritten: 0,
    };
    this.batches.push(batch);
    return batch;
  }

  /**
   * A unit that existed before the history starts (baseline data): its first version has no batch, as if loaded
   * from the earlier registry.
   */
  addBaselineUnit(spec: NewUnitSpec & { establishedOn: string }): PlanUnit {
    // A unit cannot sit under a parent before the parent's first version: it is recorded from then on.
    const parentFrom = spec.parent ? this.current(spec.parent).from : spec.establishedOn;
    return this.createUnit(spec, spec.establishedOn > parentFrom ? spec.establishedOn : parentFrom, null, 'establish');
  }

  private createUnit(spec: NewUnitSpec, date: string, batch: PlanBatch | null, change: string): PlanUnit {
    if (spec.parent && !this.isLive(spec.parent)) throw new PlanError(`parent ${spec.parent.code} has ended`);
    if (spec.parent && this.current(spec.parent).from > date) throw new PlanError(`parent ${spec.parent.code} does not exist yet on ${date}`);
    this.assertAllowed(date, spec.parent, spec.kind, spec.name);
    const unit: PlanUnit = {
      key: this.units.length,
      code: this.takeCode(spec.code),
      establishedOn: date,
      endedOn: null,
      endReason: null,
      anchor: null,
      heir: null,
      endedBy: null,
      versions: [],
      children: new Set(),
      provinceIndex: spec.provinceIndex ?? spec.parent?.provinceIndex ?? -1,
      host: spec.host ?? null,
      size: spec.size ?? 0,
    };
    this.units.push(unit);
    const version: PlanVersion = {
      unit, from: date, to: null, parent: spec.parent, name: spec.name, code: unit.code, kind: spec.kind, sector: spec.sector,
      batch, closedBy: null, voidedBy: null, change,
    };
    unit.versions.push(version);
    spec.parent?.children.add(unit);
    if (batch) {
      batch.versionsOpened += 1;
      batch.created.push(unit);
      batch.changes.push({ unit, change, before: null, after: version });
    }
    return unit;
  }

  private assertAllowed(date: string, parent: PlanUnit | null, kind: OrgKind, name: string) {
    const parentKind = parent ? this.current(parent).kind : null;
    if (!isKindAllowedUnder(date, parentKind, kind)) throw new PlanError(`${kind} "${name}" is not allowed under ${parentKind} on ${date}`);
  }

  /**
   * Opens a new version of a live unit on `date` with the patch applied. When the unit's open version began on that
   * same date (an earlier batch of the day), that version is voided by this batch and replaced, as the service does.
   */
  private openVersion(unit: PlanUnit, date: string, patch: Partial<Pick<PlanVersion, 'parent' | 'name' | 'code' | 'kind' | 'sector'>>, change: string, batch: PlanBatch): { before: PlanVersion; after: PlanVersion } {
    const current = this.current(unit);
    if (current.from > date) throw new PlanError(`unit ${unit.code} changed after ${date} already`);
    const before = { ...current };
    if (current.from === date) {
      current.voidedBy = batch;
      batch.versionsVoided += 1;
    } else {
      current.to = date;
      current.closedBy = batch;
      batch.versionsClosed += 1;
    }
    const next: PlanVersion = { ...current, ...patch, from: date, to: null, batch, closedBy: null, voidedBy: null, change, path: undefined, depth: undefined };
    unit.versions.push(next);
    batch.versionsOpened += 1;
    return { before, after: next };
  }

  /** Every live descendant gets a version from `date` on (its path changes with its ancestor's). */
  private rewriteDescendants(unit: PlanUnit, date: string, batch: PlanBatch): number {
    let count = 0;
    for (const descendant of this.liveDescendants(unit)) {
      this.openVersion(descendant, date, {}, 'ancestor_moved', batch);
      count += 1;
    }
    batch.descendantsRewritten += count;
    return count;
  }

  establish(batch: PlanBatch, spec: NewUnitSpec, change = 'establish'): PlanUnit {
    return this.createUnit(spec, batch.effectiveDate, batch, change);
  }

  rename(batch: PlanBatch, unit: PlanUnit, name: string, code?: string): void {
    const patch: Partial<PlanVersion> = { name };
    if (code) {
      this.codes.delete(unit.code.toLowerCase());
      unit.code = this.takeCode(code);
      patch.code = unit.code;
    }
    const { before, after } = this.openVersion(unit, batch.effectiveDate, patch, 'rename', batch);
    batch.changes.push({ unit, change: 'rename', before, after });
  }

  move(batch: PlanBatch, unit: PlanUnit, newParent: PlanUnit, patch: Partial<Pick<PlanVersion, 'kind' | 'sector' | 'name'>> = {}, change = 'move'): void {
    const date = batch.effectiveDate;
    if (!this.isLive(newParent)) throw new PlanError(`new parent ${newParent.code} has ended`);
    for (let ancestor: PlanUnit | null = newParent; ancestor; ancestor = this.current(ancestor).parent) {
      if (ancestor === unit) throw new PlanError(`cannot move ${unit.code} under itself`);
    }
    const kind = patch.kind ?? this.current(unit).kind;
    this.assertAllowed(date, newParent, kind, this.current(unit).name);
    const oldParent = this.current(unit).parent;
    oldParent?.children.delete(unit);
    newParent.children.add(unit);
    const { before, after } = this.openVersion(unit, date, { ...patch, parent: newParent }, change, batch);
    batch.changes.push({ unit, change, before, after });
    const descendants = this.rewriteDescendants(unit, date, batch);
    batch.moved.push({ unit, from: oldParent, to: newParent, descendants });
  }

  /**
   * Merges the sources into `target` (an existing unit, or one this batch established). Their live children move
   * to the target, optionally changing kind on the way (`childPatch`, e.g. village cells becoming grassroots cells
   * when their commune committee merges into a new commune/ward committee on 1/7/2025).
   */
  merge(batch: PlanBatch, sources: PlanUnit[], target: PlanUnit, linkKind: LinkKind, childPatch?: (child: PlanUnit) => Partial<Pick<PlanVersion, 'kind' | 'sector' | 'name'>> | undefined): void {
    const date = batch.effectiveDate;
    if (!batch.created.includes(target)) {
      const current = this.current(target);
      batch.changes.push({ unit: target, change: 'absorb', before: current, after: current });
    }
    for (const source of sources) {
      if (source === target) throw new PlanError('a unit cannot merge into itself');
      if (ORG_KINDS[this.current(source).kind].level !== ORG_KINDS[this.current(target).kind].level) throw new PlanError(`merge across levels: ${source.code} into ${target.code}`);
      for (const child of this.liveChildren(source)) {
        const patch = childPatch?.(child) ?? {};
        this.move(batch, child, target, patch, patch.kind && patch.kind !== this.current(child).kind ? 'change_kind' : 'move');
      }
      this.end(batch, source, 'merged', target);
      const link: PlanLink = { predecessor: source, successor: target, kind: linkKind, date, batch };
      this.links.push(link);
      batch.links.push(link);
    }
  }

  upgrade(batch: PlanBatch, unit: PlanUnit, toKind: OrgKind, name?: string): void {
    const current = this.current(unit);
    this.assertAllowed(batch.effectiveDate, current.parent, toKind, current.name);
    for (const child of unit.children) this.assertAllowed(batch.effectiveDate, unit, this.current(child).kind, this.current(child).name);
    const { before, after } = this.openVersion(unit, batch.effectiveDate, { kind: toKind, ...(name ? { name } : {}) }, 'upgrade', batch);
    batch.changes.push({ unit, change: 'upgrade', before, after });
  }

  changeKind(batch: PlanBatch, unit: PlanUnit, kind: OrgKind, sector?: OrgSector | null, name?: string): void {
    const current = this.current(unit);
    this.assertAllowed(batch.effectiveDate, current.parent, kind, current.name);
    const patch: Partial<PlanVersion> = { kind };
    if (sector !== undefined) patch.sector = sector;
    if (name) patch.name = name;
    const { before, after } = this.openVersion(unit, batch.effectiveDate, patch, 'change_kind', batch);
    batch.changes.push({ unit, change: 'change_kind', before, after });
  }

  /** Dissolves units that have no live children left (children listed in the same call are dissolved first). */
  dissolve(batch: PlanBatch, units: PlanUnit[], heirOf?: (unit: PlanUnit) => PlanUnit | null): void {
    const ordered = [...units].sort((a, b) => this.depthOf(b) - this.depthOf(a));
    for (const unit of ordered) {
      if (unit.children.size > 0) throw new PlanError(`unit ${unit.code} still has live children`);
      unit.heir = heirOf?.(unit) ?? null;
      this.end(batch, unit, 'dissolved', null);
    }
  }

  private depthOf(unit: PlanUnit): number {
    let depth = 0;
    for (let parent = this.current(unit).parent; parent; parent = this.current(parent).parent) depth += 1;
    return depth;
  }

  private end(batch: PlanBatch, unit: PlanUnit, reason: EndReason, successor: PlanUnit | null): void {
    const date = batch.effectiveDate;
    const current = this.current(unit);
    if (unit.establishedOn >= date) throw new PlanError(`unit ${unit.code} cannot end on or before the day it was established (${date})`);
    if (unit.children.size > 0) throw new PlanError(`unit ${unit.code} ends with live children`);
    const before = { ...current };
    if (current.from === date) {
      // Changed earlier the same day: that version is voided; the one before it was closed on this date already.
      current.voidedBy = batch;
      batch.versionsVoided += 1;
    } else {
      current.to = date;
      current.closedBy = batch;
      batch.versionsClosed += 1;
    }
    current.parent?.children.delete(unit);
    unit.endedOn = date;
    unit.endReason = reason;
    unit.endedBy = batch;
    unit.anchor = successor ?? current.parent;
    if (successor) unit.heir = successor;
    batch.ended.push({ unit, reason, successor });
    batch.changes.push({ unit, change: reason === 'merged' ? 'merge' : 'dissolve', before, after: null });
  }

  /** Counts of units in force on a date by kind, under a unit (itself excluded), for checks and summaries. */
  countByKind(date: string, under?: PlanUnit): Map<string, number> {
    const counts = new Map<string, number>();
    for (const unit of this.units) {
      const version = this.versionOn(unit, date);
      if (!version) continue;
      if (under) {
        if (unit === under) continue;
        let inside = false;
        for (let parent = version.parent; parent; parent = this.versionOn(parent, date)?.parent ?? null) {
          if (parent === under) { inside = true; break; }
        }
        if (!inside) continue;
      }
      counts.set(version.kind, (counts.get(version.kind) ?? 0) + 1);
    }
    return counts;
  }
}
