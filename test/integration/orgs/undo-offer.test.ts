/**
 * The batch's answer says whether an undo would be accepted now, by the undo's own test, and which later batch blocks
 * it: the web offers "undo" only where it can work, and names the blocking batch (issue 10).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('undo offered only where it can work', () => {
  let world: OrgWorld;
  let committee: number;
  let cellA: number;
  let cellB: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    const province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Hoàn Tác', date: '2015-01-01' });
    const district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Hoàn Tác', date: '2016-01-01' });
    committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ xã Hoàn Tác', sector: 'commune_ward', date: '2016-01-01' });
    cellA = await world.establish({ parentId: committee, kind: 'cell', name: 'Chi bộ thôn Hoàn Tác 1', date: '2016-01-01' });
    cellB = await world.establish({ parentId: committee, kind: 'cell', name: 'Chi bộ thôn Hoàn Tác 2', date: '2016-01-01' });
  });
  // Every restructuring keeps the tree whole and every member in a cell.
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });

  it('a batch with a later change on its units is not undoable and names the blocking batch; the undo agrees', async () => {
    const renamed = await world.apply({ operation: 'rename', effectiveDate: '2019-01-01', unitId: cellA, name: 'Chi bộ thôn Hoàn Tác Một' });
    const fresh = (await world.admin.get(`/api/orgs/batches/${renamed.batch.id}`)).json();
    expect(fresh).toMatchObject({ id: renamed.batch.id, undoable: true, undoBlockedByBatchId: null });

    const merged = await world.apply({ operation: 'merge', effectiveDate: '2019-06-01', sourceIds: [cellA], intoUnitId: cellB });
    const blocked = await world.admin.get(`/api/orgs/batches/${renamed.batch.id}`);
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json()).toMatchObject({ undoable: false, undoBlockedByBatchId: merged.batch.id });

    // The list of the unit's batches says the same, row by row.
    const list = (await world.admin.get(`/api/orgs/units/${cellA}/batches`)).json();
    const byId = new Map(list.items.map((item: { id: number }) => [item.id, item]));
    expect(byId.get(renamed.batch.id)).toMatchObject({ undoable: false, undoBlockedByBatchId: merged.batch.id });
    expect(byId.get(merged.batch.id)).toMatchObject({ undoable: true, undoBlockedByBatchId: null });

    // The undo refuses for the same reason, with the same blocking batch, and changes nothing.
    const refused = await world.admin.post(`/api/orgs/batches/${renamed.batch.id}/undo`, { reason: 'thử' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ORG_BATCH_NOT_UNDOABLE', details: { laterBatchId: merged.batch.id } });
    expect((await world.admin.get(`/api/orgs/batches/${renamed.batch.id}`)).json()).toMatchObject({ status: 'applied', undoable: false });

    // Once the later batch is undone, the first one is undoable again; an undo and an undone batch are not.
    const undone = await world.admin.post(`/api/orgs/batches/${merged.batch.id}/undo`, { reason: 'Thu hồi quyết định hợp nhất' });
    expect(undone.statusCode, undone.body).toBe(201);
    expect((await world.admin.get(`/api/orgs/batches/${renamed.batch.id}`)).json()).toMatchObject({ undoable: true, undoBlockedByBatchId: null });
    expect((await world.admin.get(`/api/orgs/batches/${merged.batch.id}`)).json()).toMatchObject({ status: 'undone', undoable: false });
    expect((await world.admin.get(`/api/orgs/batches/${undone.json().batch.id}`)).json()).toMatchObject({ operation: 'undo', undoable: false });
  });

  it('the blocking batch is told in the caller\'s language', async () => {
    const first = await world.apply({ operation: 'rename', effectiveDate: '2020-01-01', unitId: committee, name: 'Đảng bộ xã Hoàn Tác Mới' });
    const later = await world.apply({ operation: 'rename', effectiveDate: '2020-06-01', unitId: committee, name: 'Đảng bộ xã Hoàn Tác Sau' });
    const refused = await world.admin.request('POST', `/api/orgs/batches/${first.batch.id}/undo`, { reason: 'thử' }, { 'x-locale': 'en' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ORG_BATCH_NOT_UNDOABLE', message: 'Cannot undo: later changes exist on the units involved.', details: { laterBatchId: later.batch.id } });
  });
});
