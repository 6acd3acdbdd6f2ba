/**
 * Sign-in throttle (issue 8, finding 10): real and unknown names answer alike at every step, no failure count locks
 * an account, and the delay grows per (username, address), per username and per address. Time is simulated by
 * moving the recorded failures back (`elapse`), never by sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { computeThrottleDelay, throttleSteps } from '../../../src/modules/accounts/login.service.ts';

const WRONG = 'sai-mat-khau-000';
let counter = 0;
/** A fresh address for each use, so tests do not share throttle keys. */
const freshAddress = () => `10.20.${Math.floor(++counter / 250)}.${counter % 250}`;

describe('sign-in throttle', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => { ctx = await createTestApp(); });
  afterAll(async () => { await ctx.close(); });

  const attempt = (username: string, password: string, remoteAddress: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  /** The clock moves on: every recorded failure is that many seconds older. */
  const elapse = (seconds: number) => sql`update login_failures set at = at - make_interval(secs => ${seconds})`.execute(ctx.db);
  const shape = (response: Awaited<ReturnType<typeof attempt>>) => {
    const error = response.json().error;
    return { status: response.statusCode, code: error?.code, message: error?.message, detailKeys: Object.keys(error?.details ?? {}).sort(), retryAfter: response.headers['retry-after'] !== undefined };
  };

  it('answers an unknown name exactly like a real one, failure after failure, and never 423', async () => {
    const account = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    const [real, unknown] = [freshAddress(), freshAddress()];
    const shapes: string[] = [];
    for (let step = 0; step < 9; step++) {
      const fromReal = await attempt(account.username, WRONG, real);
      const fromUnknown = await attempt(`khong-co-${account.username}`, WRONG, unknown);
      expect(shape(fromUnknown)).toEqual(shape(fromReal));
      expect(fromReal.statusCode).not.toBe(423);
      shapes.push(`${fromReal.statusCode} ${fromReal.json().error.code}`);
      if (fromReal.statusCode === 429) {
        const seconds = fromReal.json().error.details.retryAfterSeconds;
        expect(fromReal.headers['retry-after']).toBe(String(seconds));
        expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
        await elapse(seconds);
      }
    }
    // Five free attempts, then each new failure is preceded by a refusal that asks to wait.
    expect(shapes.slice(0, 6)).toEqual([...Array(5).fill('401 LOGIN_FAILED'), '429 LOGIN_THROTTLED']);
  });

  it('does not keep the administrator out: failures from one address do not block the right password from another', async () => {
    const admin = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    const attacker = freshAddress();
    for (let failures = 0; failures < 10;) {
      const response = await attempt(admin.username, WRONG, attacker);
      if (response.statusCode === 429) await elapse(response.json().error.details.retryAfterSeconds);
      else failures++;
    }
    expect((await attempt(admin.username, WRONG, attacker)).statusCode).toBe(429);
    const office = await attempt(admin.username, admin.password, freshAddress());
    expect(office.statusCode).toBe(200);
    expect(office.json().csrfToken).toEqual(expect.any(String));
  });

  it('an address shared by an office is not blocked by twenty failures; spraying many names is slowed, gently', async () => {
    const officer = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const office = freshAddress();
    for (let i = 0; i < 20; i++) expect((await attempt(`can-bo-${i}-${officer.username}`, WRONG, office)).statusCode).toBe(401);
    expect((await attempt(officer.username, officer.password, office)).statusCode).toBe(200);
    // Spraying: past the address's free failures, each attempt owes a delay that never exceeds two minutes.
    const { address } = throttleSteps(ctx.config);
    for (let i = 20; i < address.freeFailures; i++) await attempt(`can-bo-${i}-${officer.username}`, WRONG, office);
    const sprayed = await attempt(`can-bo-x-${officer.username}`, WRONG, office);
    expect(sprayed.statusCode).toBe(429);
    expect(sprayed.json().error.details.retryAfterSeconds).toBeLessThanOrEqual(address.capSeconds);
    expect((await attempt(officer.username, officer.password, freshAddress())).statusCode).toBe(200);
  });

  it('a name attacked from many addresses waits a minute at most, then signs in', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const { username } = throttleSteps(ctx.config);
    for (let i = 0; i < username.freeFailures + 10; i++) await attempt(account.username, WRONG, freshAddress());
    const refused = await attempt(account.username, account.password, freshAddress());
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    await elapse(60);
    expect((await attempt(account.username, account.password, freshAddress())).statusCode).toBe(200);
  });

  it('the delay doubles per (username, address) up to the cap, and counts only within the window', async () => {
    const steps = throttleSteps(ctx.config);
    expect([4, 5, 6, 7, 8].map((n) => computeThrottleDelay(steps.pair, n))).toEqual([0, 1, 2, 4, 8]);
    expect(computeThrottleDelay(steps.pair, 40)).toBe(ctx.config.lockMinutes * 60);
    expect(computeThrottleDelay(steps.username, 1000)).toBe(60);
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const address = freshAddress();
    for (let i = 0; i < 5; i++) await attempt(account.username, WRONG, address);
    // Failures older than the window no longer count: the pair starts afresh.
    await elapse(ctx.config.loginWindowMinutes * 60 + 1);
    expect((await attempt(account.username, WRONG, address)).statusCode).toBe(401);
  });

  it('keeps only a window of failures, and a success forgives its own pair', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    const address = freshAddress();
    await sql`insert into login_failures (username, ip, at) values ('old', '10.99.0.1', now() - interval '2 days')`.execute(ctx.db);
    for (let i = 0; i < 3; i++) await attempt(account.username, WRONG, address);
    const old = await ctx.db.selectFrom('login_failures').select('id').where('username', '=', 'old').execute();
    expect(old).toEqual([]);
    expect((await attempt(account.username, account.password, address)).statusCode).toBe(200);
    const left = await ctx.db.selectFrom('login_failures').select('id').where('username', '=', account.username).where('ip', '=', address).execute();
    expect(left).toEqual([]);
  });

  it('a disabled account is refused as before, and only to whoever gives its password', async () => {
    const account = await createAccount(ctx.db, { role: 'viewer', unitId: ctx.rootUnitId });
    await ctx.db.updateTable('accounts').set({ disabled_at: sql`now()` }).where('id', '=', account.id).execute();
    const address = freshAddress();
    expect((await attempt(account.username, WRONG, address)).json().error.code).toBe('LOGIN_FAILED');
    expect((await attempt(account.username, account.password, address)).json().error.code).toBe('ACCOUNT_DISABLED');
  });
});
