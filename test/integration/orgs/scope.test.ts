import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from './world.ts';
import type { ApiClient } from '../../helpers/app.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('scope: a commune officer works inside the commune only', () => {
  let world: OrgWorld;
  let province: number;
  let communeA: number;
  let communeB: number;
  let grassrootsA: number;
  let grassrootsB: number;
  let batchOnB: number;
  let officer: ApiClient;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Phạm Vi', date: '2015-01-01' });
    communeA = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Đảng bộ xã An', date: '2025-07-01' });
    communeB = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Đảng bộ xã Bình', date: '2025-07-01' });
    grassrootsA = await world.establish({ parentId: communeA, kind: 'grassroots_committee', name: 'Đảng bộ thôn An', date: '2025-07-01' });
    grassrootsB = await world.establish({ parentId: communeB, kind: 'grassroots_committee', name: 'Đảng bộ thôn Bình', date: '2025-07-01' });
    batchOnB = (await world.apply({ operation: 'rename', effectiveDate: '2025-08-01', unitId: grassrootsB, name: 'Đảng bộ thôn Bình Mới' })).batch.id;
    officer = await world.clientFor('org_officer', communeA);
  });
  afterAll(async () => { await world?.close(); });

  it('cannot see a sibling commune: every read answers 404 like a missing unit', async () => {
    for (const url of [
      `/api/orgs/units/${communeB}`, `/api/orgs/units/${communeB}/children`, `/api/orgs/units/${communeB}/history`, `/api/orgs/units/${communeB}/lineage`,
      `/api/orgs/units/${communeB}/counts`, `/api/orgs/units/${communeB}/changes?from=2025-01-01`, `/api/orgs/units/${communeB}/batches`,
      `/api/orgs/units/${grassrootsB}`, `/api/orgs/units/${province}`, `/api/orgs/batches/${batchOnB}`,
    ]) {
      const response = await officer.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await officer.get('/api/orgs/search?q=binh')).json().items).toEqual([]);
    expect((await officer.get('/api/orgs/search?q=an')).json().items.map((item: { id: number }) => item.id).sort()).toEqual([communeA, grassrootsA].sort());
    expect((await officer.get('/api/orgs/roots')).json().items.map((item: { id: number }) => item.id)).toEqual([communeA]);
    expect((await officer.get(`/api/orgs/units/${communeA}/children`)).json().items.map((item: { id: number }) => item.id)).toEqual([grassrootsA]);
  });

  it('cannot restructure a sibling commune, nor move its own units there: 404, nothing changes', async () => {
    const before = await snapshotTree(world.ctx.db);
    const attempts = [
      { operation: 'rename', effectiveDate: '2025-09-01', unitId: grassrootsB, name: 'Chiếm quyền' },
      { operation: 'establish', effectiveDate: '2025-09-01', units: [{ parentId: grassrootsB, kind: 'cell', code: 'C-XAM', name: 'Chi bộ xâm phạm' }] },
      { operation: 'move', effectiveDate: '2025-09-01', unitIds: [grassrootsA], newParentId: communeB },
      { operation: 'merge', effectiveDate: '2025-09-01', sourceIds: [grassrootsA], intoUnitId: grassrootsB },
      { operation: 'dissolve', effectiveDate: '2025-09-01', unitIds: [grassrootsB] },
    ];
    for (const attempt of attempts) {
      for (const url of ['/api/orgs/batches', '/api/orgs/batches/preview']) {
        const response = await officer.post(url, { decisionId: world.decisionId, ...attempt });
        expect(response.statusCode, `${attempt.operation} ${response.body}`).toBe(404);
      }
    }
    expect((await officer.post(`/api/orgs/batches/${batchOnB}/undo`, { reason: 'thử' })).statusCode).toBe(404);
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });

  it('restructures inside its own commune', async () => {
    const response = await officer.post('/api/orgs/batches', {
      decisionId: world.decisionId, operation: 'establish', effectiveDate: '2025-09-01', units: [{ parentId: grassrootsA, kind: 'cell', code: 'C-AN-1', name: 'Chi bộ thôn An 1' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const undo = await officer.post(`/api/orgs/batches/${response.json().batch.id}/undo`, { reason: 'Nhập nhầm' });
    expect(undo.statusCode, undo.body).toBe(201);
    await assertOrgInvariants(world.ctx.db);
  });

  it('a viewer may read but not restructure (403); a province officer sees both communes', async () => {
    const viewer = await world.clientFor('viewer', communeA);
    expect((await viewer.get(`/api/orgs/units/${communeA}`)).statusCode).toBe(200);
    const refused = await viewer.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'rename', effectiveDate: '2025-09-01', unitId: grassrootsA, name: 'X' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const provincial = await world.clientFor('org_officer', province);
    expect((await provincial.get(`/api/orgs/units/${province}/children`)).json().items.map((item: { id: number }) => item.id).sort()).toEqual([communeA, communeB].sort());
    expect((await provincial.get(`/api/orgs/batches/${batchOnB}`)).statusCode).toBe(200);
    const anonymous = await world.ctx.app.inject({ method: 'GET', url: `/api/orgs/units/${communeA}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
