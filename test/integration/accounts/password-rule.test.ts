/**
 * The password rule (issue 8, finding 11): 10 characters were enough, so `password1234` passed. Now the commonest
 * passwords and the username are refused, with the reason, wherever a password is chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, createTestApp, signIn } from '../../helpers/app.ts';
import { createAccount, TEST_PASSWORD } from '../../helpers/factories.ts';
import { findPasswordWeakness, generateOneTimePassword, hashPassword } from '../../../src/modules/accounts/password.ts';
import { ERROR_CODES } from '../../../src/contracts/errors.ts';

describe('the password rule', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => { ctx = await createTestApp(); });
  afterAll(async () => { await ctx.close(); });

  it('refuses short, common and username passwords; accepts a passphrase and a random string', async () => {
    const cases: [string, string | undefined, string | null][] = [
      ['ngan-qua', undefined, 'too_short'],
      ['password1234', undefined, 'too_common'],
      ['123456789012', undefined, 'too_common'],
      ['matkhau12345', undefined, 'too_common'],
      ['Cellbase2026', undefined, 'too_common'],
      ['qwertyuiop12', undefined, 'too_common'],
      ['nguyenvana2026', 'nguyenvana', 'contains_username'],
      ['2026NguyenVanA!', 'nguyenvana', 'contains_username'],
      ['Chi bo khu 10 Cam Pha!', 'nguyenvana', null],
      ['xK9#mQ2vLp7Z', undefined, null],
      [TEST_PASSWORD, 'nguyenvana', null],
    ];
    for (const [password, username, reason] of cases) {
      expect({ password, reason: await findPasswordWeakness(password, username) }).toEqual({ password, reason });
    }
    await expect(hashPassword('password1234')).rejects.toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { reason: 'too_common', minLength: 10 } });
  });

  it('generated one-time passwords pass it', async () => {
    for (let i = 0; i < 50; i++) expect(await findPasswordWeakness(generateOneTimePassword())).toBeNull();
  });

  it('the message says what is asked, in both languages', () => {
    expect(ERROR_CODES.PASSWORD_TOO_WEAK.vi).toContain('10 ký tự');
    expect(ERROR_CODES.PASSWORD_TOO_WEAK.vi).toContain('tên đăng nhập');
    expect(ERROR_CODES.PASSWORD_TOO_WEAK.en).toContain('10 characters');
    expect(ERROR_CODES.PASSWORD_TOO_WEAK.en).toContain('username');
  });

  it('a self-service change refuses weak passwords with the reason and changes nothing', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId, username: `nguyenvana${Date.now() % 100000}` });
    const client = await signIn(ctx.app, account.username, account.password);
    const before = await ctx.db.selectFrom('accounts').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow();
    for (const [newPassword, reason] of [['password1234', 'too_common'], ['matkhau12345', 'too_common'], [`${account.username}2026`, 'contains_username'], ['ngan', 'too_short']] as const) {
      const response = await client.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
      expect({ newPassword, status: response.statusCode, code: response.json().error?.code, reason: response.json().error?.details?.reason })
        .toEqual({ newPassword, status: 422, code: 'PASSWORD_TOO_WEAK', reason });
    }
    const after = await ctx.db.selectFrom('accounts').select('password_hash').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await client.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Chi bo khu 10 Cam Pha!' })).statusCode).toBe(200);
  });

  it('the first sign-in change after a reset obeys it too, and the reset password itself passes it', async () => {
    const admin = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const adminClient = await signIn(ctx.app, admin.username, admin.password);
    const detail = (await adminClient.get(`/api/accounts/${account.id}`)).json();
    const reset = await adminClient.post(`/api/accounts/${account.id}/reset-password`, { expectedRowVersion: detail.rowVersion });
    expect(reset.statusCode).toBe(200);
    const { oneTimePassword } = reset.json();
    expect(await findPasswordWeakness(oneTimePassword, account.username)).toBeNull();
    const client = await signIn(ctx.app, account.username, oneTimePassword);
    expect((await client.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    const weak = await client.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: 'password1234' });
    expect(weak.json().error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { reason: 'too_common' } });
    expect((await client.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    expect((await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: 'password1234' })).statusCode).toBe(401);
  });
});
