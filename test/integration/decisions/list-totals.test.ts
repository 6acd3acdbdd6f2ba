/**
 * Every list shows its total (issue 10, item 1): decisions and the journal count their matches once per query, with
 * the first page, inside the caller's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import type { DecisionList, JournalPage } from '../../../src/contracts/decisions.ts';

describe('list totals: decisions and the journal', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: ApiClient;
  let officer: ApiClient;
  let commune: { id: number };
  let sibling: { id: number };

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
    const province = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Tổng Số' });
    commune = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Đếm' });
    sibling = await insertUnit(ctx.db, { parentId: province.id, kind: 'commune_committee', name: 'Xã Bên' });
    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: commune.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
    for (const [index, unit] of [commune, commune, commune, sibling].entries()) {
      const response = await admin.post('/api/decisions', { number: `${200 + index}-QĐ/TS`, signedOn: `2024-0${index + 1}-05`, issuingBody: 'Ban Thường vụ', issuingUnitId: unit.id });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(async () => { await ctx?.close(); });

  it('decisions: the total with the first page, null after it, counted in the caller\'s scope', async () => {
    const first = (await officer.get('/api/decisions?limit=2')).json() as DecisionList;
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    expect(first.totalCapped).toBe(false);
    const second = (await officer.get(`/api/decisions?limit=2&cursor=${first.nextCursor}`)).json() as DecisionList;
    expect(second.items).toHaveLength(1);
    expect(second.total).toBeNull();
    expect(((await admin.get('/api/decisions?number=20')).json() as DecisionList).total).toBe(4);
    expect(((await admin.get(`/api/decisions?issuingUnitId=${sibling.id}`)).json() as DecisionList).total).toBe(1);
  });

  it('the journal: the total of the entries matching, in scope', async () => {
    const mine = (await officer.get('/api/journal?action=decision.create&limit=1')).json() as JournalPage;
    expect(mine.items).toHaveLength(1);
    expect(mine.total).toBe(3);
    const all = (await admin.get('/api/journal?action=decision.create&limit=1')).json() as JournalPage;
    expect(all.total).toBe(4);
    const next = (await admin.get(`/api/journal?action=decision.create&limit=1&cursor=${all.nextCursor}`)).json() as JournalPage;
    expect(next.total).toBeNull();
  });
});
