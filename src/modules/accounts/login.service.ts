/**
 * Sign-in with throttling and lock-out. Failures are counted in the database (so they hold across processes):
 * after `loginMaxFailures` failures on an account within the window, the account is locked for `lockMinutes` (and
 * its count starts again); after 4× that many failures from one address within the window, the address is
 * throttled. Failures older than the window no longer count. A locked account answers ACCOUNT_LOCKED even to the
 * right password, so guessing cannot continue during the lock.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../contracts/errors.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { createSession } from './session.service.ts';

/** Refuses an address with too many recent failures (sign-in and password confirmation alike). */
export async function assertAddressNotThrottled(db: Db, config: Config, ip: string): Promise<void> {
  const windowStart = new Date(Date.now() - config.loginWindowMinutes * 60_000);
  const fromAddress = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ip', '=', ip)
    .where('at', '>', windowStart)
    .executeTakeFirstOrThrow();
  if (Number(fromAddress.count) >= config.loginMaxFailures * 4) throw new AppError('LOGIN_THROTTLED', { retryAfterMinutes: config.loginWindowMinutes });
}

export async function login(db: Db, config: Config, input: { username: string; password: string; ip: string }) {
  await assertAddressNotThrottled(db, config, input.ip);

  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where(sql`lower(username)`, '=', input.username.trim().toLowerCase())
    .executeTakeFirst();
  if (!account) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await recordFailure(db, input);
    throw new AppError('LOGIN_FAILED');
  }
  if (account.locked_until && new Date(account.locked_until) > new Date()) {
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: new Date(account.locked_until).toISOString() });
  }
  if (!(await verifyPassword(account.password_hash, input.password))) {
    await recordFailure(db, input);
    // Count and lock in one statement so concurrent failures cannot slip past the limit. The count restarts when
    // the previous failure is older than the window, and after a lock.
    const count = sql`(case when last_failed_login_at > now() - make_interval(mins => ${config.loginWindowMinutes}) then failed_logins + 1 else 1 end)`;
    await db
      .updateTable('accounts')
      .set({
        failed_logins: sql`case when ${count} >= ${config.loginMaxFailures} then 0 else ${count} end`,
        locked_until: sql`case when ${count} >= ${config.loginMaxFailures} then now() + make_interval(mins => ${config.lockMinutes}) else locked_until end`,
        last_failed_login_at: sql`now()`,
      })
      .where('id', '=', account.id)
      .execute();
    throw new AppError('LOGIN_FAILED');
  }
  if (account.disabled_at) throw new AppError('ACCOUNT_DISABLED');
  await db.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
  const session = await createSession(db, account.id, config.sessionHours);
  return { ...session, account: { id: account.id, username: account.username, mustChangePassword: account.must_change_password } };
}

export async function recordFailure(db: Db, input: { username: string; ip: string }) {
  await db.insertInto('login_failures').values({ username: input.username.slice(0, 200), ip: input.ip }).execute();
}
