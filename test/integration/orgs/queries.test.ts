import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('reading the tree through time', () => {
  let world: OrgWorld;
  let province: number;
  let district: number;
  const grassroots: number[] = [];
  let merged: number;
  let parts: number[];
  let upgraded: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', code: 'QN', name: 'Đảng bộ tỉnh Quảng Ninh', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', code: 'QN-HL', name: 'Đảng bộ thành phố Hạ Long', date: '2015-01-01' });
    // Twelve grassroots organizations at the start of the term.
    const created = await world.apply({
      operation: 'establish', effectiveDate: '2020-01-01',
      units: Array.from({ length: 12 }, (_, index) => ({
        parentId: district, kind: index < 9 ? 'grassroots_committee' : 'grassroots_cell', code: `QN-HL-${String(index + 1).padStart(2, '0')}`,
        name: index < 9 ? `Đảng bộ phường Hồng Hà ${index + 1}` : `Chi bộ Công ty Than ${index + 1}`, sector: index < 9 ? 'commune_ward' : 'enterprise_state',
      })),
    });
    grassroots.push(...created.summary.unitsCreated.map((unit: { unitId: number }) => unit.unitId));
    await world.apply({ operation: 'establish', effectiveDate: '2020-01-01', units: [0, 1, 2].map((index) => ({ parentId: grassroots[0], kind: 'cell', code: `QN-HL-01-C${index}`, name: `Chi bộ khu ${index}` })) });
    // During the term: two merged into a new one, one split in two, one dissolved, one upgraded, one renamed.
    merged = (await world.apply({
      operation: 'merge', effectiveDate: '2021-06-01', sourceIds: [grassroots[1], grassroots[2]],
      newUnit: { parentId: district, kind: 'grassroots_committee', code: 'QN-HL-HN', name: 'Đảng bộ phường Hồng Hải', sector: 'commune_ward' },
    })).summary.unitsCreated[0].unitId;
    parts = (await world.apply({
      operation: 'split', effectiveDate: '2022-06-01', sourceId: merged,
      parts: [{ code: 'QN-HL-HN-A', name: 'Đảng bộ phường Hồng Hải A', kind: 'grassroots_committee', sector: 'commune_ward' }, { code: 'QN-HL-HN-B', name: 'Đảng bộ phường Hồng Hải B', kind: 'grassroots_committee', sector: 'commune_ward' }],
    })).summary.unitsCreated.map((unit: { unitId: number }) => unit.unitId);
    await world.apply({ operation: 'dissolve', effectiveDate: '2023-03-01', unitIds: [grassroots[3]] });
    upgraded = grassroots[9];
    await world.apply({ operation: 'upgrade', effectiveDate: '2023-05-01', unitId: upgraded, name: 'Đảng bộ Công ty Than 10' });
    await world.apply({ operation: 'rename', effectiveDate: '2024-01-01', unitId: grassroots[4], name: 'Đảng bộ phường Bạch Đằng' });
    await assertOrgInvariants(world.ctx.db);
  });
  afterAll(async () => { await world?.close(); });

  it('lists children as of a date with child counts, paged by cursor', async () => {
    const first = (await world.admin.get(`/api/orgs/units/${district}/children?date=2020-06-01&limit=5`)).json();
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).toBeTruthy();
    const all = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await world.admin.get(`/api/orgs/units/${district}/children?date=2020-06-01&limit=5&cursor=${cursor}`)).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all.map((item) => item.id).sort((a, b) => a - b)).toEqual([...grassroots].sort((a, b) => a - b));
    expect(all.find((item) => item.id === grassroots[0]).childCount).toBe(3);
    const names = all.map((item) => item.name);
    expect(new Set(names).size).toBe(12);
    const now = (await world.admin.get(`/api/orgs/units/${district}/children`)).json();
    expect(now.items.map((item: { id: number }) => item.id)).toEqual(expect.arrayContaining([...parts, grassroots[0], grassroots[4]]));
    expect(now.items.map((item: { id: number }) => item.id)).not.toContain(grassroots[3]);
    const bad = await world.admin.get(`/api/orgs/units/${district}/children?cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(422);
  });

  it('searches by folded name or code as of a date', async () => {
    const byName = (await world.admin.get('/api/orgs/search?q=hong ha 1&date=2020-06-01')).json();
    expect(byName.items.map((item: { id: number }) => item.id)).toContain(grassroots[0]);
    expect(byName.items[0].ancestors.map((ancestor: { id: number }) => ancestor.id)).toEqual([world.ctx.rootUnitId, province, district]);
    const renamedThen = (await world.admin.get('/api/orgs/search?q=bach dang&date=2023-01-01')).json();
    expect(renamedThen.items).toHaveLength(0);
    const renamedNow = (await world.admin.get('/api/orgs/search?q=Bạch Đằng')).json();
    expect(renamedNow.items.map((item: { id: number }) => item.id)).toEqual([grassroots[4]]);
    const byCode = (await world.admin.get('/api/orgs/search?q=qn-hl-hn')).json();
    expect(byCode.items.map((item: { id: number }) => item.id).sort()).toEqual([...parts].sort());
    const byKind = (await world.admin.get('/api/orgs/search?q=cong ty than&kind=grassroots_cell')).json();
    expect(byKind.items.map((item: { id: number }) => item.id).sort()).toEqual([grassroots[10], grassroots[11]].sort());
  });

  it('shows a unit as of a date, before it existed and after it ended', async () => {
    const detail = (await world.admin.get(`/api/orgs/units/${grassroots[0]}?date=2020-06-01`)).json();
    expect(detail).toMatchObject({ id: grassroots[0], code: 'QN-HL-01', existsOnDate: true, childCount: 3, provinceId: province, superiorId: district, grassrootsId: grassroots[0], level: 'grassroots' });
    expect(detail.ancestors.map((ancestor: { name: string }) => ancestor.name)).toEqual(['Ban Chấp hành Trung ương Đảng', 'Đảng bộ tỉnh Quảng Ninh', 'Đảng bộ thành phố Hạ Long']);
    expect((await world.admin.get(`/api/orgs/units/${grassroots[0]}?date=2019-01-01`)).json()).toMatchObject({ existsOnDate: false, validFrom: '2020-01-01' });
    expect((await world.admin.get(`/api/orgs/units/${grassroots[3]}?date=2024-01-01`)).json()).toMatchObject({ existsOnDate: false, endedOn: '2023-03-01', endReason: 'dissolved', validTo: '2023-03-01' });
  });

  it('lists a unit\'s history with batches and decisions', async () => {
    const history = (await world.admin.get(`/api/orgs/units/${upgraded}/history`)).json();
    expect(history.versions.map((version: { kind: string; change: string; validFrom: string; validTo: string | null }) => [version.change, version.kind, version.validFrom, version.validTo])).toEqual([
      ['establish', 'grassroots_cell', '2020-01-01', '2023-05-01'],
      ['upgrade', 'grassroots_committee', '2023-05-01', null],
    ]);
    expect(history.versions[1]).toMatchObject({ batchOperation: 'upgrade', batchStatus: 'applied', decisionId: world.decisionId, parentName: 'Đảng bộ thành phố Hạ Long', voided: false });
  });

  it('follows lineage transitively across merges and splits', async () => {
    const fromPart = (await world.admin.get(`/api/orgs/units/${parts[0]}/lineage`)).json();
    expect(fromPart.nodes.map((node: { id: number; distance: number }) => [node.id, node.distance]).sort((a: number[], b: number[]) => a[0] - b[0])).toEqual(
      [[parts[0], 0], [merged, -1], [grassroots[1], -2], [grassroots[2], -2]].sort((a, b) => a[0] - b[0]),
    );
    const fromSource = (await world.admin.get(`/api/orgs/units/${grassroots[1]}/lineage`)).json();
    expect(fromSource.nodes.map((node: { id: number }) => node.id).sort()).toEqual([grassroots[1], merged, ...parts].sort());
    expect(fromSource.links.map((link: { kind: string }) => link.kind).sort()).toEqual(['merged_into', 'split_into', 'split_into']);
    expect(fromSource.nodes.find((node: { id: number }) => node.id === merged)).toMatchObject({ distance: 1, endReason: 'split', endedOn: '2022-06-01' });
  });

  it('counts units by level, kind and sector as of any date', async () => {
    const start = (await world.admin.get(`/api/orgs/units/${province}/counts?date=2020-01-01`)).json();
    expect(start.byLevel).toEqual([{ level: 'superior', count: 1 }, { level: 'grassroots', count: 12 }, { level: 'cell', count: 3 }]);
    expect(start.grassrootsBySector).toEqual([{ sector: 'commune_ward', count: 9 }, { sector: 'enterprise_state', count: 3 }]);
    const before = (await world.admin.get(`/api/orgs/units/${province}/counts?date=2019-12-31`)).json();
    expect(before.byLevel).toEqual([{ level: 'superior', count: 1 }]);
    const now = (await world.admin.get(`/api/orgs/units/${province}/counts`)).json();
    // 12 - 2 merged + 1 new - 1 split + 2 parts - 1 dissolved = 11
    expect(now.byLevel.find((item: { level: string }) => item.level === 'grassroots').count).toBe(11);
    expect(now.byKind).toEqual(expect.arrayContaining([{ kind: 'grassroots_cell', level: 'grassroots', count: 2 }, { kind: 'grassroots_committee', level: 'grassroots', count: 9 }]));
    const district2021 = (await world.admin.get(`/api/orgs/units/${district}/counts?date=2021-06-01`)).json();
    expect(district2021.total).toBe(11 + 3);
  });

  it('reports the changes between two dates: counts at both and the units established, ended, merged, split, upgraded', async () => {
    const changes = (await world.admin.get(`/api/orgs/units/${province}/changes?from=2020-01-01&to=2024-12-31&level=grassroots`)).json();
    const grassrootsCount = (counts: { byLevel: { level: string; count: number }[] }) => counts.byLevel.find((item) => item.level === 'grassroots')?.count;
    expect(grassrootsCount(changes.countsFrom)).toBe(12);
    expect(grassrootsCount(changes.countsTo)).toBe(11);
    expect(changes.established.items.map((item: { unitId: number }) => item.unitId).sort()).toEqual([merged, ...parts].sort());
    expect(changes.merged).toMatchObject({ total: 2, items: [{ unitId: grassroots[1], successors: [{ id: merged, name: 'Đảng bộ phường Hồng Hải' }] }, { unitId: grassroots[2] }] });
    expect(changes.split).toMatchObject({ total: 1, items: [{ unitId: merged, date: '2022-06-01', successors: [{ id: parts[0] }, { id: parts[1] }] }] });
    expect(changes.dissolved).toMatchObject({ total: 1, items: [{ unitId: grassroots[3], date: '2023-03-01' }] });
    expect(changes.upgraded).toMatchObject({ total: 1, items: [{ unitId: upgraded, fromKind: 'grassroots_cell', kind: 'grassroots_committee' }] });
    const narrow = (await world.admin.get(`/api/orgs/units/${province}/changes?from=2022-01-01&to=2022-12-31`)).json();
    expect(narrow.merged.total).toBe(0);
    expect(narrow.split.total).toBe(1);
    const limited = (await world.admin.get(`/api/orgs/units/${province}/changes?from=2019-01-01&limit=2`)).json();
    expect(limited.established).toMatchObject({ total: 12 + 3 + 3, items: [expect.anything(), expect.anything()] });
  });

  it('lists the batches that touched a unit and shows one batch', async () => {
    const list = (await world.admin.get(`/api/orgs/units/${merged}/batches`)).json();
    expect(list.items.map((item: { operation: string }) => item.operation)).toEqual(['split', 'merge']);
    const paged = (await world.admin.get(`/api/orgs/units/${merged}/batches?limit=1`)).json();
    expect(paged.items).toHaveLength(1);
    const next = (await world.admin.get(`/api/orgs/units/${merged}/batches?limit=1&cursor=${paged.nextCursor}`)).json();
    expect(next.items[0].operation).toBe('merge');
    const detail = (await world.admin.get(`/api/orgs/batches/${next.items[0].id}`)).json();
    expect(detail).toMatchObject({ operation: 'merge', status: 'applied', effectiveDate: '2021-06-01', decisionId: world.decisionId, payload: { sourceIds: [grassroots[1], grassroots[2]] } });
    expect(detail.summary.unitsEnded).toHaveLength(2);
  });

  it('the OpenAPI document describes the org, decision and journal endpoints', async () => {
    const paths = Object.keys((await world.admin.get('/api/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/orgs/batches', '/api/orgs/units/{id}/children', '/api/decisions/{id}/attachment', '/api/journal']));
  });

  it('starts browsing at the caller\'s granted units', async () => {
    const officer = await world.clientFor('viewer', district);
    const roots = (await officer.get('/api/orgs/roots?date=2020-06-01')).json();
    expect(roots.items).toEqual([expect.objectContaining({ id: district, childCount: 12 })]);
    const admin = (await world.admin.get('/api/orgs/roots')).json();
    expect(admin.items.map((item: { id: number }) => item.id)).toEqual([world.ctx.rootUnitId]);
  });
});
