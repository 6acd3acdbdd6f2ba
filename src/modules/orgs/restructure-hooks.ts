/**
 * Extension point for areas that must follow restructuring (members re-homed when units merge, split or dissolve).
 * A hook runs inside the batch's transaction, before commit, on apply, on preview (then rolled back with the rest)
 * and on undo (`undo: true`, with the same unit lists as the batch being undone). A hook that throws aborts the
 * batch: nothing is saved and the caller gets the hook's error.
 */
import type { Tx } from '../../kernel/executor.ts';
import type { RestructureOperation } from '../../contracts/orgs.ts';

export interface EndedUnit {
  unitId: number;
  /** The unit that took over (merge target); null for a dissolution or a split (see `successorIds`). */
  successorId: number | null;
  /** Every unit it went into: one for a merge, the parts for a split, none for a dissolution. */
  successorIds: number[];
  reason: 'merged' | 'dissolved' | 'split';
}

export interface RestructureHookContext {
  /** The batch being applied, or for an undo, the compensating batch. */
  batchId: number;
  /** The operation of the batch being applied (for an undo: of the batch being undone). */
  operation: RestructureOperation;
  effectiveDate: string;
  decisionId: number | null;
  accountId: number | null;
  endedUnits: EndedUnit[];
  createdUnitIds: number[];
  /** Units given a new parent by the batch (their descendants moved with them). */
  movedUnitIds: number[];
  /** For a split: which live children went to which part. */
  splitParts?: { sourceId: number; partId: number; childIds: number[] }[];
  /** True when the batch reverses `undoneBatchId`: re-home back, un-end and void what the original did. */
  undo?: boolean;
  undoneBatchId?: number;
  /**
   * Units the batch made a kind that cannot hold members (upgrade, change of kind), each with the cell its members
   * go to (an existing child cell or one the batch created): placements open on the effective date, and transfers
   * in progress addressed there, follow.
   */
  membersMovedTo?: { fromUnitId: number; toUnitId: number }[];
  /** The members' area tells the batch what it moved (for the summary and the preview). */
  reportMembersMoved?: (item: { fromUnitId: number; toUnitId: number; count: number; members: { id: number; fullName: string }[] }) => void;
  /** True while previewing: the transaction will be rolled back whatever the hook does. */
  preview: boolean;
}

export type RestructureHook = (trx: Tx, context: RestructureHookContext) => Promise<void> | void;

const hooks: RestructureHook[] = [];

/** Registers a hook; returns a function that removes it (for tests). Registering the same function twice is a no-op. */
export function registerRestructureHook(hook: RestructureHook): () => void {
  if (!hooks.includes(hook)) hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

/** Runs every registered hook in registration order. */
export async function runRestructureHooks(trx: Tx, context: RestructureHookContext): Promise<void> {
  for (const hook of [...hooks]) await hook(trx, context);
}

/**
 * How many members a unit holds on a date (open placements, official or temporary, and transfers in progress
 * addressed to it), provided by the members' area, which owns them, when it is loaded.
 */
export type HeldMembersCounter = (trx: Tx, unitId: number, date: string) => Promise<number>;

let heldMembersCounter: HeldMembersCounter | null = null;

export function provideHeldMembersCounter(counter: HeldMembersCounter): void {
  heldMembersCounter = counter;
}

/** Members the unit holds on the date; without the members' area loaded, assumed some (a cell is made for them). */
export async function countHeldMembers(trx: Tx, unitId: number, date: string): Promise<number> {
  return heldMembersCounter ? heldMembersCounter(trx, unitId, date) : 1;
}
