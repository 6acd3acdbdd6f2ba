/**
 * Units told apart (issue 10, item 4): a search answers each unit with where it is, and matches the names of the
 * units above it too ("khu 10 cam pha" finds "Chi bộ khu 10" under "Đảng bộ phường Cẩm Phả"), on the tree as it
 * stood on the date asked, and never outside the caller's scope.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import type { OrgSearchResult } from '../../../src/contracts/orgs.ts';

describe('search by the names of the units above', () => {
  let world: OrgWorld;
  let province: number;
  let campha: number;
  let hongha: number;
  let grassroots: number;
  let cellCampha: number;
  let cellHongha: number;
  let grassrootsHongha: number;

  const search = async (q: string, extra = '', client = world.admin) => {
    const response = await client.get(`/api/orgs/search?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as OrgSearchResult;
  };
  const ids = (result: OrgSearchResult) => result.items.map((item) => item.id);

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Quảng Ninh', date: '2015-01-01' });
    campha = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Đảng bộ phường Cẩm Phả', date: '2025-07-01' });
    hongha = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Đảng bộ phường Hồng Hà', date: '2025-07-01' });
    grassroots = await world.establish({ parentId: campha, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở khối dân', date: '2025-07-01' });
    cellCampha = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ khu 10', code: 'CP-K10', date: '2025-07-01' });
    grassrootsHongha = await world.establish({ parentId: hongha, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở phố mới', date: '2025-07-01' });
    cellHongha = await world.establish({ parentId: grassrootsHongha, kind: 'cell', name: 'Chi bộ khu 10', code: 'HH-K10', date: '2025-07-01' });
  });
  // Every restructuring keeps the tree whole and every member in a cell.
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });
  afterAll(async () => { await world?.close(); });

  it('finds the cell by words of its own name and of a unit above it, with its place', async () => {
    const result = await search('khu 10 cam pha', '&date=2025-08-01');
    expect(ids(result)).toEqual([cellCampha]);
    expect(result.items[0].place).toEqual(['Đảng bộ cơ sở khối dân', 'Đảng bộ phường Cẩm Phả']);
    expect(result.hasMore).toBe(false);
    // Both "Chi bộ khu 10" are found by their own name, each told apart by its place.
    const both = await search('chi bo khu 10', '&date=2025-08-01');
    expect(new Set(ids(both))).toEqual(new Set([cellCampha, cellHongha]));
    expect(both.items.find((item) => item.id === cellHongha)?.place).toEqual(['Đảng bộ cơ sở phố mới', 'Đảng bộ phường Hồng Hà']);
  });

  it('every word must match: a word found nowhere on the way up finds nothing', async () => {
    expect(ids(await search('khu 10 hai phong', '&date=2025-08-01'))).toEqual([]);
  });

  it('still finds by code prefix, and pages with hasMore', async () => {
    expect(ids(await search('hh-k1', '&date=2025-08-01'))).toEqual([cellHongha]);
    const first = await search('quang ninh', '&date=2025-08-01&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    // The province itself comes first (the words are in its own name), then its subtree.
    expect(first.items[0].id).toBe(province);
    const all = await search('quang ninh', '&date=2025-08-01&limit=50');
    expect(new Set(ids(all))).toEqual(new Set([province, campha, hongha, grassroots, grassrootsHongha, cellCampha, cellHongha]));
    expect(all.hasMore).toBe(false);
  });

  it('after an ancestor is renamed, the new name finds the unit from that date and the old name before it', async () => {
    await world.apply({ operation: 'rename', effectiveDate: '2026-01-01', unitId: campha, name: 'Đảng bộ phường Quang Hanh' });
    expect(ids(await search('khu 10 quang hanh', '&date=2026-02-01'))).toEqual([cellCampha]);
    expect(ids(await search('khu 10 quang hanh', '&date=2025-08-01'))).toEqual([]);
    expect(ids(await search('khu 10 cam pha', '&date=2025-08-01'))).toEqual([cellCampha]);
    expect(ids(await search('khu 10 cam pha', '&date=2026-02-01'))).toEqual([]);
    const renamed = await search('khu 10 quang hanh', '&date=2026-02-01');
    expect(renamed.items[0].place).toEqual(['Đảng bộ cơ sở khối dân', 'Đảng bộ phường Quang Hanh']);
  });

  it('after a unit moves under another ward, its new ancestors find it', async () => {
    await world.apply({ operation: 'move', effectiveDate: '2026-03-01', unitIds: [grassroots], newParentId: hongha });
    expect(ids(await search('khu 10 hong ha', '&date=2026-04-01&kind=cell'))).toEqual(expect.arrayContaining([cellCampha, cellHongha]));
    expect(ids(await search('khu 10 quang hanh', '&date=2026-04-01'))).toEqual([]);
    expect(ids(await search('khu 10 quang hanh', '&date=2026-02-01'))).toEqual([cellCampha]);
  });

  it('never answers a unit outside the caller\'s scope, even when the words match', async () => {
    // Scope is today's tree: the cells now lie under Hồng Hà; the officer of the other ward sees neither of them.
    const outsider = await world.clientFor('org_officer', campha);
    expect(ids(await search('khu 10', '&date=2026-04-01', outsider))).toEqual([]);
    expect(ids(await search('khu 10 quang hanh', '&date=2026-02-01', outsider))).toEqual([]);
    expect(ids(await search('quang ninh', '&date=2026-04-01', outsider))).toEqual([campha]);
    const officer = await world.clientFor('org_officer', hongha);
    expect(new Set(ids(await search('quang ninh', '&date=2026-04-01', officer)))).toEqual(new Set([hongha, grassroots, grassrootsHongha, cellCampha, cellHongha]));
  });
});
