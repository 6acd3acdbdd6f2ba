import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { anonymousClient, createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, TEST_PASSWORD } from '../../helpers/factories.ts';
import { foldText } from '../../../src/lib/text.ts';
import { buildTree, countRows, insertMember, journalOf, type Tree } from './fixtures.ts';

describe('account management inside the caller\'s subtree', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let admin: ApiClient;
  let adminId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await buildTree(ctx.db, ctx.rootUnitId);
    const account = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune1.id });
    adminId = account.id;
    admin = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function create(body: Record<string, unknown>, client = admin) {
    return client.post('/api/accounts', body);
  }

  it('creates an account with its first grant and a one-time password shown once, journaled', async () => {
    const response = await create({ username: 'bithu.thon1', displayName: 'Nguyễn Văn An', grant: { role: 'cell_secretary', unitId: tree.cell1.id, validTo: '2030-01-01' } });
    expect(response.statusCode).toBe(201);
    const { account, oneTimePassword } = response.json();
    expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(account).toMatchObject({ username: 'bithu.thon1', displayName: 'Nguyễn Văn An', locale: 'vi', mustChangePassword: true, disabledAt: null, rowVersion: 0, abilities: { manage: true } });
    expect(account.grants).toEqual([expect.objectContaining({ role: 'cell_secretary', unitId: tree.cell1.id, unitName: 'Chi bộ thôn Một', validTo: '2030-01-01', status: 'active', createdBy: adminId })]);
    const journal = await journalOf(ctx.db, 'account', account.id);
    expect(journal).toEqual([expect.objectContaining({ action: 'account.create', account_id: adminId, unit_id: tree.cell1.id })]);
    expect(JSON.stringify(journal[0].after)).not.toContain(oneTimePassword);
    expect(await journalOf(ctx.db, 'grant', account.grants[0].id)).toEqual([expect.objectContaining({ action: 'grant.create', account_id: adminId })]);
    // The password is not stored and never shown again.
    const stored = await ctx.db.selectFrom('accounts').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const again = await admin.get(`/api/accounts/${account.id}`);
    expect(again.body).not.toContain(oneTimePassword);
    // The new account signs in with it and must change it first.
    const login = await anonymousClient(ctx.app).post('/api/auth/login', { username: 'BiThu.Thon1', password: oneTimePassword });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
  });

  it('answers 404 for a unit outside every subtree of the caller and GRANT_OUTSIDE_SCOPE for one it sees but does not manage', async () => {
    const wide = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune1.id });
    const before = await countRows(ctx.db, 'accounts');
    const outside = await create({ username: 'ngoai.pham.vi', displayName: 'Ngoài phạm vi', grant: { role: 'viewer', unitId: tree.commune2.id } });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('NOT_FOUND');
    const missing = await create({ username: 'ngoai.pham.vi', displayName: 'Không có', grant: { role: 'viewer', unitId: 999_999_999 } });
    expect(missing.statusCode).toBe(404);
    // An administrator of a commune who may also read the province cannot grant above their own subtree.
    await ctx.db.insertInto('grants').values({ account_id: wide.id, role: 'viewer', unit_id: tree.province.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    const wideClient = await signIn(ctx.app, wide.username, wide.password);
    const above = await create({ username: 'tren.pham.vi', displayName: 'Cấp trên', grant: { role: 'viewer', unitId: tree.province.id } }, wideClient);
    expect(above.statusCode).toBe(403);
    expect(above.json().error.code).toBe('GRANT_OUTSIDE_SCOPE');
    expect(await countRows(ctx.db, 'accounts')).toBe(before);
  });

  it('refuses bad input with stable codes and changes nothing', async () => {
    await create({ username: 'trung.ten', displayName: 'Trùng tên', grant: { role: 'viewer', unitId: tree.cell1.id } });
    // A member record outside the caller's subtree is not found, exactly like a missing one.
    const elsewhere = await insertMember(ctx.db, tree.commune3, 'Ngoài Phạm Vi');
    const before = { accounts: await countRows(ctx.db, 'accounts'), grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ username: 'TRUNG.TEN', displayName: 'Khác', grant: { role: 'viewer', unitId: tree.cell1.id } }, 409, 'USERNAME_TAKEN'],
      [{ username: 'x', displayName: 'Ngắn', grant: { role: 'viewer', unitId: tree.cell1.id } }, 422, 'VALIDATION_FAILED'],
      [{ username: 'co dau cach', displayName: 'Dấu cách', grant: { role: 'viewer', unitId: tree.cell1.id } }, 422, 'VALIDATION_FAILED'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', grant: { role: 'superuser', unitId: tree.cell1.id } }, 422, 'VALIDATION_FAILED'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', extra: true, grant: { role: 'viewer', unitId: tree.cell1.id } }, 422, 'VALIDATION_FAILED'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', grant: { role: 'viewer', unitId: tree.cell1.id, validFrom: '2026-02-30' } }, 422, 'VALIDATION_FAILED'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', grant: { role: 'viewer', unitId: tree.cell1.id, validFrom: '2026-03-01', validTo: '2026-03-01' } }, 422, 'DATE_RANGE_INVALID'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', grant: { role: 'member', unitId: tree.cell1.id } }, 422, 'MEMBER_LINK_REQUIRED'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', memberId: 999_999_999, grant: { role: 'member', unitId: tree.cell1.id } }, 404, 'NOT_FOUND'],
      [{ username: 'hop.le', displayName: 'Hợp lệ', memberId: elsewhere, grant: { role: 'member', unitId: tree.cell1.id } }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const response = await create(body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    expect({ accounts: await countRows(ctx.db, 'accounts'), grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') }).toEqual(before);
  });

  it('links a self-service account to its member record, once per member', async () => {
    const memberId = await insertMember(ctx.db, tree.cell1, 'Trần Thị Bình');
    const first = await create({ username: 'dangvien.binh', displayName: 'Trần Thị Bình', memberId, grant: { role: 'member', unitId: tree.cell1.id } });
    expect(first.statusCode).toBe(201);
    expect(first.json().account.memberId).toBe(memberId);
    const second = await create({ username: 'dangvien.binh2', displayName: 'Trần Thị Bình', memberId, grant: { role: 'member', unitId: tree.cell1.id } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('MEMBER_ALREADY_LINKED');
  });

  it('lists only accounts with a grant in the caller\'s subtree, searching without diacritics, a page at a time', async () => {
    const names = ['Hoàng Văn Ẩn', 'Hoàng Thị Đào', 'Lê Văn Hoàng'];
    for (const [index, name] of names.entries()) {
      expect((await create({ username: `tim.kiem${index}`, displayName: name, grant: { role: 'viewer', unitId: tree.cell1.id } })).statusCode).toBe(201);
    }
    const elsewhere = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id, username: 'hoang.xa.hai' });

    const found = await admin.get('/api/accounts?q=hoang%20van%20an');
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((item: { displayName: string }) => item.displayName)).toEqual(['Hoàng Văn Ẩn']);
    expect(found.json().items[0].roles).toEqual(['viewer']);
    // Where the role is granted: the unit with its place (its name, then the units above that tell it apart).
    expect(found.json().items[0].grants).toEqual([{ role: 'viewer', unitId: tree.cell1.id, unitPlace: expect.stringContaining(' · ') }]);
    const upper = await admin.get(`/api/accounts?q=${encodeURIComponent('ĐÀO')}`);
    expect(upper.json().items.map((item: { displayName: string }) => item.displayName)).toEqual(['Hoàng Thị Đào']);

    const all = await admin.get('/api/accounts?q=hoang&pageSize=2');
    expect(all.json().total).toBe(3);
    expect(all.json().items).toHaveLength(2);
    const page2 = await admin.get('/api/accounts?q=hoang&pageSize=2&page=2');
    expect(page2.json().items).toHaveLength(1);
    const seen = [...all.json().items, ...page2.json().items].map((item: { id: number }) => item.id);
    expect(new Set(seen).size).toBe(3);
    expect(seen).not.toContain(elsewhere.id);

    const everyone = await admin.get('/api/accounts?pageSize=200');
    expect(everyone.json().items.map((item: { id: number }) => item.id)).not.toContain(elsewhere.id);
    expect(everyone.json().items.map((item: { id: number }) => item.id)).toContain(adminId);
    // Narrowed to a unit's subtree; a unit outside the scope is not found, as in every other list.
    const inCell = await admin.get(`/api/accounts?unitId=${tree.cell1.id}&pageSize=200`);
    expect(inCell.json().items.map((item: { id: number }) => item.id)).not.toContain(adminId);
    const outsideUnit = await admin.get(`/api/accounts?unitId=${tree.commune2.id}`);
    expect([outsideUnit.statusCode, outsideUnit.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    expect((await admin.get('/api/accounts?pageSize=0')).statusCode).toBe(422);
  });

  it('keeps the folded search column equal to foldText', async () => {
    const name = 'Phạm Thị Ánh Tuyết Ưng Ỷ Đỗ';
    const response = await create({ username: 'Fold.Test', displayName: name, grant: { role: 'viewer', unitId: tree.cell1.id } });
    const row = await ctx.db.selectFrom('accounts').select('search_folded').where('id', '=', response.json().account.id).executeTakeFirstOrThrow();
    expect(row.search_folded).toBe(foldText(`Fold.Test ${name}`));
  });

  it('shows an account with grants elsewhere but only the grants inside the scope, and will not let the caller change it', async () => {
    const wider = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    await ctx.db.insertInto('grants').values({ account_id: wider.id, role: 'org_officer', unit_id: tree.otherProvince.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    const detail = await admin.get(`/api/accounts/${wider.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ hasGrantsOutsideScope: true, abilities: { manage: false } });
    expect(detail.json().grants.map((grant: { unitId: number }) => grant.unitId)).toEqual([tree.cell1.id]);
    const rowVersion = detail.json().rowVersion;
    for (const [path, body] of [
      [`/api/accounts/${wider.id}/reset-password`, { expectedRowVersion: rowVersion }],
      [`/api/accounts/${wider.id}/disable`, { expectedRowVersion: rowVersion }],
    ] as const) {
      const response = await admin.post(path, body);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ACCOUNT_OUTSIDE_SCOPE');
    }
    const renamed = await admin.patch(`/api/accounts/${wider.id}`, { expectedRowVersion: rowVersion, displayName: 'Chiếm quyền' });
    expect(renamed.json().error.code).toBe('ACCOUNT_OUTSIDE_SCOPE');
    // Its password still works: nothing was changed.
    await signIn(ctx.app, wider.username, TEST_PASSWORD);
    // A grant elsewhere that was revoked or has ended no longer makes the account wider.
    await ctx.db.updateTable('grants').set({ revoked_at: new Date() }).where('account_id', '=', wider.id).where('unit_id', '=', tree.otherProvince.id).execute();
    expect((await admin.get(`/api/accounts/${wider.id}`)).json()).toMatchObject({ hasGrantsOutsideScope: false, abilities: { manage: true } });
  });

  it('answers 404 for an account without any grant in the caller\'s subtree, exactly like a missing one', async () => {
    const other = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id });
    for (const response of [
      await admin.get(`/api/accounts/${other.id}`),
      await admin.get('/api/accounts/999999999'),
      await admin.patch(`/api/accounts/${other.id}`, { expectedRowVersion: 0, displayName: 'X' }),
      await admin.post(`/api/accounts/${other.id}/reset-password`, { expectedRowVersion: 0 }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'Không tìm thấy.' });
    }
  });

  it('updates the display name and language with the row version; a stale version is a CONFLICT and changes nothing', async () => {
    const target = (await create({ username: 'doi.ten', displayName: 'Tên Cũ', grant: { role: 'viewer', unitId: tree.cell1.id } })).json().account;
    const updated = await admin.patch(`/api/accounts/${target.id}`, { expectedRowVersion: target.rowVersion, displayName: '  Tên   Mới ', locale: 'en' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ displayName: 'Tên Mới', locale: 'en', rowVersion: target.rowVersion + 1 });
    const stale = await admin.patch(`/api/accounts/${target.id}`, { expectedRowVersion: target.rowVersion, displayName: 'Ghi đè' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    expect((await admin.get(`/api/accounts/${target.id}`)).json().displayName).toBe('Tên Mới');
    const journal = await journalOf(ctx.db, 'account', target.id);
    expect(journal.map((entry) => entry.action)).toEqual(['account.create', 'account.update']);
    expect(journal[1]).toMatchObject({ before: { displayName: 'Tên Cũ', locale: 'vi' }, after: { displayName: 'Tên Mới', locale: 'en' } });
    expect((await admin.patch(`/api/accounts/${target.id}`, { displayName: 'Không phiên bản' })).statusCode).toBe(422);
  });

  it('disabling ends the account\'s sessions and refuses sign-in; enabling restores it', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const session = await signIn(ctx.app, account.username, account.password);
    const before = (await admin.get(`/api/accounts/${account.id}`)).json();
    const disabled = await admin.post(`/api/accounts/${account.id}/disable`, { expectedRowVersion: before.rowVersion, reason: 'Chuyển công tác' });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabledAt).not.toBeNull();
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const login = await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: account.password });
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    const twice = await admin.post(`/api/accounts/${account.id}/disable`, { expectedRowVersion: disabled.json().rowVersion });
    expect(twice.json().error.code).toBe('ACCOUNT_ALREADY_DISABLED');
    const enabled = await admin.post(`/api/accounts/${account.id}/enable`, { expectedRowVersion: disabled.json().rowVersion });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().disabledAt).toBeNull();
    await signIn(ctx.app, account.username, account.password);
    const journal = await journalOf(ctx.db, 'account', account.id);
    expect(journal.map((entry) => [entry.action, entry.reason])).toEqual([['account.disable', 'Chuyển công tác'], ['account.enable', null]]);
    const notDisabled = await admin.post(`/api/accounts/${account.id}/enable`, { expectedRowVersion: enabled.json().rowVersion });
    expect(notDisabled.json().error.code).toBe('ACCOUNT_NOT_DISABLED');
  });

  it('an administrator cannot disable their own account or reset their own password', async () => {
    const self = (await admin.get(`/api/accounts/${adminId}`)).json();
    for (const path of ['disable', 'reset-password']) {
      const response = await admin.post(`/api/accounts/${adminId}/${path}`, { expectedRowVersion: self.rowVersion });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('ACCOUNT_SELF_CHANGE');
    }
  });

  it('resetting a password gives a new one-time password, ends sessions and lifts a lock-out', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const session = await signIn(ctx.app, account.username, account.password);
    await ctx.db.updateTable('accounts').set({ locked_until: sql`now() + interval '1 hour'`, failed_logins: 0 }).where('id', '=', account.id).execute();
    const before = (await admin.get(`/api/accounts/${account.id}`)).json();
    expect(before.lockedUntil).not.toBeNull();
    const reset = await admin.post(`/api/accounts/${account.id}/reset-password`, { expectedRowVersion: before.rowVersion });
    expect(reset.statusCode).toBe(200);
    const { oneTimePassword, account: after } = reset.json();
    expect(after).toMatchObject({ mustChangePassword: true, lockedUntil: null, rowVersion: before.rowVersion + 1 });
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    expect((await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: account.password })).statusCode).toBe(401);
    const login = await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: oneTimePassword });
    expect(login.json().mustChangePassword).toBe(true);
    expect((await journalOf(ctx.db, 'account', account.id)).map((entry) => entry.action)).toEqual(['account.password_reset']);
  });

  it('an organization officer may read accounts in the subtree but not change them', async () => {
    const officer = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune1.id });
    const client = await signIn(ctx.app, officer.username, officer.password);
    const list = await client.get('/api/accounts?pageSize=200');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: number }) => item.id)).toContain(adminId);
    expect((await client.get(`/api/accounts/${adminId}`)).json().abilities).toEqual({ manage: false });
    const created = await client.post('/api/accounts', { username: 'khong.duoc', displayName: 'Không được', grant: { role: 'viewer', unitId: tree.cell1.id } });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe('FORBIDDEN');
  });

  it('refuses an unauthenticated call before looking at its body', async () => {
    const response = await anonymousClient(ctx.app).post('/api/accounts', { nonsense: true });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
    const viewer = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const forbidden = await (await signIn(ctx.app, viewer.username, viewer.password)).post('/api/accounts', { nonsense: true });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
  });
});
