import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, dayFromToday, type OrgWorld } from '../orgs/world.ts';
import { writeJournal } from '../../../src/kernel/journal.ts';
import type { ApiClient } from '../../helpers/app.ts';

describe('reading the journal', () => {
  let world: OrgWorld;
  let province: number;
  let communeA: number;
  let communeB: number;
  let cellA: number;
  let officer: ApiClient;
  let officerAccountId: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Nhật Ký', date: '2015-01-01' });
    communeA = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Xã Nhật Ký A', date: '2025-07-01' });
    communeB = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Xã Nhật Ký B', date: '2025-07-01' });
    const grassroots = await world.establish({ parentId: communeA, kind: 'grassroots_committee', name: 'Đảng bộ thôn A', date: '2025-07-01' });
    officer = await world.clientFor('org_officer', communeA);
    officerAccountId = (await officer.get('/api/auth/me')).json().id;
    cellA = await world.establish({ parentId: grassroots, kind: 'cell', name: 'Chi bộ A1', date: '2025-08-01' }, officer);
    await world.apply({ operation: 'rename', effectiveDate: '2025-09-01', unitId: cellA, name: 'Chi bộ A1 mới' }, officer);
    await world.apply({ operation: 'rename', effectiveDate: '2025-09-01', unitId: communeB, name: 'Xã Nhật Ký B mới' });
    await writeJournal(world.ctx.db, { accountId: null, action: 'system.maintenance', objectType: 'system', objectId: 'x' });
  });
  afterAll(async () => { await world?.close(); });

  it('lists one object\'s entries, newest first, with the decision and effective date', async () => {
    const page = (await officer.get(`/api/journal?objectType=org_unit&objectId=${cellA}`)).json();
    expect(page.items.map((item: { action: string }) => item.action)).toEqual(['org.rename', 'org.establish']);
    expect(page.items[0]).toMatchObject({ unitId: cellA, effectiveDate: '2025-09-01', decisionId: world.decisionId, decisionNumber: expect.any(String), accountId: officerAccountId, after: { name: 'Chi bộ A1 mới' } });
  });

  it('names each object in words, with where its unit is, and leaves an object it cannot name as null', async () => {
    const page = (await officer.get(`/api/journal?objectType=org_unit&objectId=${cellA}`)).json();
    // Today's name and place, whatever the entry recorded then.
    expect(page.items[0]).toMatchObject({ objectName: 'Chi bộ A1 mới · Đảng bộ thôn A · Xã Nhật Ký A', unitName: 'Chi bộ A1 mới · Đảng bộ thôn A · Xã Nhật Ký A' });
    const decisions = (await world.admin.get('/api/journal?objectType=decision&limit=5')).json();
    expect(decisions.items.length).toBeGreaterThan(0);
    for (const item of decisions.items) expect(item.objectName).toEqual(expect.any(String));
    const system = (await world.admin.get('/api/journal?action=system.maintenance')).json();
    expect(system.items[0]).toMatchObject({ objectName: null, unitName: null });
  });

  it('is scoped by each entry\'s unit: a commune officer sees its commune only, 404 for a unit outside', async () => {
    const all = (await officer.get('/api/journal?limit=200')).json();
    const units = new Set(all.items.map((item: { unitId: number }) => item.unitId));
    expect(units.has(communeB)).toBe(false);
    expect(units.has(province)).toBe(false);
    expect(units.has(null)).toBe(false);
    expect(units.has(cellA)).toBe(true);
    expect((await officer.get(`/api/journal?objectType=org_unit&objectId=${communeB}`)).json().items).toEqual([]);
    expect((await officer.get(`/api/journal?unitId=${communeB}`)).statusCode).toBe(404);
    const admin = (await world.admin.get('/api/journal?action=system.maintenance')).json();
    expect(admin.items).toHaveLength(1);
    const viewer = await world.clientFor('viewer', communeA);
    expect((await viewer.get('/api/journal')).statusCode).toBe(403);
    const inspector = await world.clientFor('inspection_officer', communeA);
    expect((await inspector.get('/api/journal')).statusCode).toBe(200);
  });

  it('filters by unit subtree, action (exact or prefix), account and recording dates', async () => {
    const subtree = (await world.admin.get(`/api/journal?unitId=${communeA}&objectType=org_unit&limit=200`)).json();
    expect(new Set(subtree.items.map((item: { unitId: number }) => item.unitId)).has(communeB)).toBe(false);
    expect(subtree.items.map((item: { unitId: number }) => item.unitId)).toContain(cellA);
    const renames = (await world.admin.get('/api/journal?action=org.rename&objectType=org_unit')).json();
    expect(renames.items.map((item: { objectId: string }) => item.objectId).sort()).toEqual([String(cellA), String(communeB)].sort());
    const prefix = (await world.admin.get('/api/journal?action=org.&limit=200')).json();
    expect(prefix.items.every((item: { action: string }) => item.action.startsWith('org.'))).toBe(true);
    const byAccount = (await world.admin.get(`/api/journal?accountId=${officerAccountId}&limit=200`)).json();
    expect(byAccount.items.length).toBeGreaterThan(0);
    expect(byAccount.items.every((item: { accountId: number }) => item.accountId === officerAccountId)).toBe(true);
    expect((await world.admin.get(`/api/journal?from=${dayFromToday(0)}`)).json().items.length).toBeGreaterThan(0);
    expect((await world.admin.get(`/api/journal?to=${dayFromToday(-2)}`)).json().items).toEqual([]);
    const reversed = await world.admin.get(`/api/journal?from=${dayFromToday(0)}&to=${dayFromToday(-1)}`);
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.code).toBe('DATE_RANGE_INVALID');
  });

  it('pages with a keyset cursor', async () => {
    const everything = (await world.admin.get('/api/journal?limit=200')).json().items.map((item: { id: number }) => item.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = (await world.admin.get(`/api/journal?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect((await world.admin.get('/api/journal?cursor=%%%')).statusCode).toBe(422);
  });
});
