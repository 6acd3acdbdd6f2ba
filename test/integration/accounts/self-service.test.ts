import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, createTestApp, signIn } from '../../helpers/app.ts';
import { createAccount, TEST_PASSWORD } from '../../helpers/factories.ts';
import { hashPassword } from '../../../src/modules/accounts/password.ts';
import { journalOf } from './fixtures.ts';

describe('what an account does to itself', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => { ctx = await createTestApp({ loginMaxFailures: 3, loginWindowMinutes: 15, lockMinutes: 15 }); });
  afterAll(async () => { await ctx.close(); });

  it('changes its password with the current one; other sessions end, this one stays', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const here = await signIn(ctx.app, account.username, account.password);
    const elsewhere = await signIn(ctx.app, account.username, account.password);
    const response = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'mat-khau-moi-2026' });
    expect(response.statusCode).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: TEST_PASSWORD })).statusCode).toBe(401);
    await signIn(ctx.app, account.username, 'mat-khau-moi-2026');
    const journal = await journalOf(ctx.db, 'account', account.id);
    expect(journal).toEqual([expect.objectContaining({ action: 'account.password_change', account_id: account.id })]);
    expect(JSON.stringify(journal[0])).not.toContain('mat-khau-moi-2026');
  });

  it('refuses a wrong current password, the same password, or a short one, and changes nothing', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const client = await signIn(ctx.app, account.username, account.password);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ currentPassword: 'sai-mat-khau-000', newPassword: 'mat-khau-moi-2026' }, 422, 'CURRENT_PASSWORD_WRONG'],
      [{ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, 422, 'PASSWORD_UNCHANGED'],
      [{ currentPassword: TEST_PASSWORD, newPassword: 'ngan' }, 422, 'PASSWORD_TOO_WEAK'],
      [{ currentPassword: TEST_PASSWORD }, 422, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await client.post('/api/auth/password', body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    await signIn(ctx.app, account.username, TEST_PASSWORD);
    expect(await journalOf(ctx.db, 'account', account.id)).toEqual([]);
  });

  it('an account with a one-time password may only use /api/auth/* until it changes it', async () => {
    const account = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    await ctx.db.updateTable('accounts').set({ must_change_password: true, password_hash: await hashPassword('mot-lan-duy-nhat') }).where('id', '=', account.id).execute();
    const login = await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: 'mot-lan-duy-nhat' });
    expect(login.json().mustChangePassword).toBe(true);
    const client = await signIn(ctx.app, account.username, 'mot-lan-duy-nhat');
    expect((await client.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await client.get('/api/accounts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await client.get('/api/grants/delegations')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await client.get('/api/health')).statusCode).toBe(200);
    expect((await client.patch('/api/auth/me', { locale: 'vi' })).statusCode).toBe(200);
    expect((await client.post('/api/auth/password', { currentPassword: 'mot-lan-duy-nhat', newPassword: 'mat-khau-rieng-2026' })).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).json().mustChangePassword).toBe(false);
    expect((await client.get('/api/accounts')).statusCode).toBe(200);
  });

  it('chooses its language: the account\'s messages follow it', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const client = await signIn(ctx.app, account.username, account.password);
    expect((await client.get('/api/accounts')).json().error.message).toBe('Bạn không có quyền thực hiện thao tác này.');
    const response = await client.patch('/api/auth/me', { locale: 'en' });
    expect(response.statusCode).toBe(200);
    expect(response.json().locale).toBe('en');
    expect((await client.get('/api/auth/me')).json().locale).toBe('en');
    expect((await client.get('/api/accounts')).json().error.message).toBe('You are not allowed to do this.');
    expect((await client.patch('/api/auth/me', { locale: 'fr' })).statusCode).toBe(422);
    expect((await client.patch('/api/auth/me', { locale: 'en', displayName: 'x' })).statusCode).toBe(422);
    // A preference is not a data change: the journal holds nothing for it (issue 10, item 7).
    expect(await journalOf(ctx.db, 'account', account.id)).toEqual([]);
    expect(await ctx.db.selectFrom('journal').select('id').where('account_id', '=', account.id).execute()).toEqual([]);
  });
});
