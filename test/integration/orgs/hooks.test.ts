import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { registerRestructureHook, type RestructureHookContext } from '../../../src/modules/orgs/restructure-hooks.ts';
import { AppError } from '../../../src/contracts/errors.ts';

describe('restructure hooks (the extension point for members)', () => {
  let world: OrgWorld;
  let province: number;
  let district: number;
  const calls: RestructureHookContext[] = [];
  let unregister: (() => void) | undefined;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Móc Nối', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Móc Nối', date: '2015-01-01' });
  });
  // Every restructuring keeps the tree whole and every member in a cell.
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });
  afterEach(() => {
    unregister?.();
    unregister = undefined;
    calls.length = 0;
  });

  it('runs inside the batch transaction on preview, apply and undo, with the units ended, created and moved', async () => {
    const a = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ A', date: '2016-01-01' });
    const b = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ B', date: '2016-01-01' });
    const cell = await world.establish({ parentId: a, kind: 'cell', name: 'Chi bộ A1', date: '2016-01-01' });
    unregister = registerRestructureHook(async (trx, context) => {
      // The hook sees the batch's own uncommitted writes.
      const batch = await sql<{ status: string }>`select status from restructure_batches where id = ${context.batchId}`.execute(trx);
      expect(batch.rows).toHaveLength(1);
      calls.push(context);
    });
    const body = { decisionId: world.decisionId, operation: 'merge', effectiveDate: '2020-01-01', sourceIds: [a], intoUnitId: b };
    expect((await world.admin.post('/api/orgs/batches/preview', body)).statusCode).toBe(200);
    const applied = (await world.admin.post('/api/orgs/batches', body)).json();
    const undo = (await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'hoàn tác' })).json();
    expect(calls.map((call) => [call.preview, call.undo ?? false])).toEqual([[true, false], [false, false], [false, true]]);
    expect(calls[1]).toMatchObject({
      batchId: applied.batch.id, operation: 'merge', effectiveDate: '2020-01-01', decisionId: world.decisionId,
      endedUnits: [{ unitId: a, successorId: b, successorIds: [b], reason: 'merged' }], createdUnitIds: [], movedUnitIds: [cell],
    });
    expect(calls[2]).toMatchObject({ batchId: undo.batch.id, undoneBatchId: applied.batch.id, operation: 'merge', endedUnits: [{ unitId: a, successorId: b }], movedUnitIds: [cell] });
  });

  it('a hook that throws aborts the batch: its error reaches the caller and nothing is saved', async () => {
    const unit = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ còn đảng viên', date: '2016-01-01' });
    unregister = registerRestructureHook((_trx, context) => {
      if (context.endedUnits.some((ended) => ended.unitId === unit)) throw new AppError('ORG_HAS_CHILDREN', { unitId: unit, reason: 'members remain' });
    });
    const before = await snapshotTree(world.ctx.db);
    const response = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'dissolve', effectiveDate: '2020-01-01', unitIds: [unit] });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'ORG_HAS_CHILDREN', details: { reason: 'members remain' } });
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });

  it('a split tells the hook which children went to which part', async () => {
    const source = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ tách', date: '2016-01-01' });
    const first = await world.establish({ parentId: source, kind: 'cell', name: 'Chi bộ 1', date: '2016-01-01' });
    const second = await world.establish({ parentId: source, kind: 'cell', name: 'Chi bộ 2', date: '2016-01-01' });
    unregister = registerRestructureHook((_trx, context) => { calls.push(context); });
    const applied = await world.apply({
      operation: 'split', effectiveDate: '2020-01-01', sourceId: source,
      parts: [{ code: 'T-1', name: 'Phần 1', kind: 'grassroots_committee', childIds: [first] }, { code: 'T-2', name: 'Phần 2', kind: 'grassroots_committee', childIds: [second] }],
    });
    const [partA, partB] = applied.summary.unitsCreated.map((item: { unitId: number }) => item.unitId);
    expect(calls[0]).toMatchObject({
      endedUnits: [{ unitId: source, successorId: null, successorIds: [partA, partB], reason: 'split' }],
      createdUnitIds: [partA, partB],
      splitParts: [{ sourceId: source, partId: partA, childIds: [first] }, { sourceId: source, partId: partB, childIds: [second] }],
    });
  });
});
