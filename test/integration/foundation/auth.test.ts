import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { anonymousClient, createTestApp, signIn } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';

describe('sign-in, sessions and CSRF', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => { ctx = await createTestApp({ loginMaxFailures: 3 }); });
  afterAll(async () => { await ctx.close(); });

  it('health answers with the database version', async () => {
    const response = await anonymousClient(ctx.app).get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json().database).toMatch(/^PostgreSQL \d+/);
  });

  it('a signed-in account sees itself, its grants and abilities', async () => {
    const unit = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Thử' });
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: unit.id });
    const client = await signIn(ctx.app, account.username, account.password);
    const me = await client.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: account.username, grants: [{ role: 'viewer', unitId: unit.id, unitName: 'Đảng bộ tỉnh Thử' }] });
    expect(me.json().abilities).toContain('org.read');
    expect(me.json().abilities).not.toContain('org.restructure');
    expect(me.headers['set-cookie']).toBeUndefined();
  });

  it('the session cookie is HttpOnly and SameSite', async () => {
    const account = await createAccount(ctx.db);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: account.username, password: account.password } });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('a write with the cookie but without the CSRF token is refused', async () => {
    const account = await createAccount(ctx.db);
    const client = await signIn(ctx.app, account.username, account.password);
    const response = await client.request('POST', '/api/auth/logout', {}, { 'x-csrf-token': 'wrong' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_INVALID');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const account = await createAccount(ctx.db);
    const client = await signIn(ctx.app, account.username, account.password);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('wrong passwords answer in Vietnamese by default; repeated failures slow down, never lock the account', async () => {
    const account = await createAccount(ctx.db);
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: 'sai-mat-khau-000' });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({ code: 'LOGIN_FAILED', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    }
    const throttled = await anonymousClient(ctx.app).request('POST', '/api/auth/login', { username: account.username, password: account.password }, { 'accept-language': 'en-US' });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', message: expect.stringContaining('Wait'), details: { retryAfterSeconds: expect.any(Number) } });
    expect(throttled.headers['retry-after']).toBe(String(throttled.json().error.details.retryAfterSeconds));
    // The delay passes (the failures are moved back in time): the right password signs in; nothing was locked.
    await sql`update login_failures set at = at - interval '10 minutes'`.execute(ctx.db);
    expect((await anonymousClient(ctx.app).post('/api/auth/login', { username: account.username, password: account.password })).statusCode).toBe(200);
    const row = await ctx.db.selectFrom('accounts').select('locked_until').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.locked_until).toBeNull();
  });

  it('a session unused for the idle time ends; use slides it forward, writing at most once a minute', async () => {
    const account = await createAccount(ctx.db);
    const client = await signIn(ctx.app, account.username, account.password);
    const tokenHash = async () => (await ctx.db.selectFrom('sessions').select(['token_hash', 'last_seen_at']).where('account_id', '=', account.id).executeTakeFirstOrThrow());
    const { token_hash: hash } = await tokenHash();
    const setLastSeen = (ago: string) => sql`update sessions set last_seen_at = now() - ${ago}::interval where token_hash = ${hash}`.execute(ctx.db);

    // Seen 5 seconds ago: answered, and the last-seen time is left alone (no write per request).
    await setLastSeen('5 seconds');
    const recent = (await tokenHash()).last_seen_at;
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await tokenHash()).last_seen_at).toEqual(recent);

    // Seen 25 minutes ago: still alive, and the request slides it forward.
    await setLastSeen('25 minutes');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    const slid = await sql<{ fresh: boolean }>`select last_seen_at > now() - interval '1 minute' as fresh from sessions where token_hash = ${hash}`.execute(ctx.db);
    expect(slid.rows[0]!.fresh).toBe(true);

    // Idle for 31 minutes: over.
    await setLastSeen('31 minutes');
    const idle = await client.get('/api/auth/me');
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('a busy session still ends at its absolute lifetime', async () => {
    const account = await createAccount(ctx.db);
    const client = await signIn(ctx.app, account.username, account.password);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    await ctx.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('account_id', '=', account.id).execute();
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('malformed JSON, unknown fields and wrong types get stable codes', async () => {
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_REQUEST');
    const unknown = await anonymousClient(ctx.app).post('/api/auth/login', { username: 'a', password: 'b', extra: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    const wrongType = await anonymousClient(ctx.app).post('/api/auth/login', { username: 5, password: 'b' });
    expect(wrongType.statusCode).toBe(422);
    const huge = await anonymousClient(ctx.app).post('/api/auth/login', { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unknown endpoint answers ROUTE_NOT_FOUND and the OpenAPI document lists the routes', async () => {
    expect((await anonymousClient(ctx.app).get('/api/nope')).json().error.code).toBe('ROUTE_NOT_FOUND');
    const openapi = await anonymousClient(ctx.app).get('/api/openapi.json');
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toContain('/api/auth/login');
  });
});
