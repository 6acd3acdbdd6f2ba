/**
 * Sign-in (issue 8, finding 10). The answer never tells a real username from an unknown one: the same statuses,
 * codes and bodies at every step, and an unknown name still costs one argon2 verification (against a fixed hash).
 *
 * There is no lock-out an attacker can trigger. Failed sign-ins are recorded in `login_failures` (shared by every
 * process) and slow down what follows with a delay that doubles after some free attempts, for three keys:
 *   - (username, address): the guesser's own pair, the strictest, up to `lockMinutes`;
 *   - username across addresses: a guesser spread over many addresses, capped at one minute, so an officer whose
 *     name is under attack waits a minute at worst, and is never refused for longer;
 *   - address across usernames: password spraying, gentle (an office shares one address), capped at two minutes.
 * A throttled attempt answers 429 LOGIN_THROTTLED with `retryAfterSeconds`, is neither checked nor recorded.
 * Failures only count within `loginWindowMinutes`; older rows are pruned. NOTES.md explains the numbers.
 */
import { sql } from 'kysely';
import type { Db } from '../../kernel/executor.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../contracts/errors.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { createSession } from './session.service.ts';

/** One throttle key: failures allowed freely within the window, then 1 s, 2 s, 4 s … up to `capSeconds`. */
interface ThrottleStep { freeFailures: number; capSeconds: number }

/** The three keys' steps, from the settings (NOTES.md, "Sign-in throttle"). */
export function throttleSteps(config: Config): { pair: ThrottleStep; username: ThrottleStep; address: ThrottleStep } {
  return {
    pair: { freeFailures: config.loginMaxFailures, capSeconds: config.lockMinutes * 60 },
    username: { freeFailures: config.loginMaxFailures * 4, capSeconds: 60 },
    address: { freeFailures: config.loginMaxFailures * 10, capSeconds: 120 },
  };
}

/** The delay owed after `failures` failures: none while free, then doubling from one second, capped. */
export function computeThrottleDelay(step: ThrottleStep, failures: number): number {
  if (failures < step.freeFailures) return 0;
  return Math.min(step.capSeconds, 2 ** Math.min(failures - step.freeFailures, 30));
}

function normalizeUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 200);
}

/**
 * Seconds the caller must still wait before trying `username` from `ip` (0: go ahead). Counted with the database's
 * clock, so every process agrees.
 */
export async function findSignInDelay(db: Db, config: Config, input: { username: string; ip: string }): Promise<number> {
  const username = normalizeUsername(input.username);
  const window = sql`now() - make_interval(mins => ${config.loginWindowMinutes})`;
  const pair = sql`lower(username) = ${username} and ip = ${input.ip}`;
  const byName = sql`lower(username) = ${username}`;
  const byAddress = sql`ip = ${input.ip}`;
  const { rows: [row] } = await sql<{ pair_n: string; pair_age: number | null; name_n: string; name_age: number | null; address_n: string; address_age: number | null }>`
    select count(*) filter (where ${pair}) as pair_n,
           extract(epoch from now() - max(at) filter (where ${pair}))::float8 as pair_age,
           count(*) filter (where ${byName}) as name_n,
           extract(epoch from now() - max(at) filter (where ${byName}))::float8 as name_age,
           count(*) filter (where ${byAddress}) as address_n,
           extract(epoch from now() - max(at) filter (where ${byAddress}))::float8 as address_age
      from login_failures
     where at > ${window} and (${byName} or ${byAddress})`.execute(db);
  const steps = throttleSteps(config);
  const owed = (step: ThrottleStep, count: string | undefined, age: number | null | undefined) =>
    age == null ? 0 : computeThrottleDelay(step, Number(count)) - age;
  const wait = Math.max(0, owed(steps.pair, row?.pair_n, row?.pair_age), owed(steps.username, row?.name_n, row?.name_age), owed(steps.address, row?.address_n, row?.address_age));
  return Math.ceil(wait);
}

/** Refuses with 429 LOGIN_THROTTLED while a delay is owed (sign-in and password confirmation alike). */
export async function assertSignInNotThrottled(db: Db, config: Config, input: { username: string; ip: string }): Promise<void> {
  const retryAfterSeconds = await findSignInDelay(db, config, input);
  if (retryAfterSeconds > 0) throw new AppError('LOGIN_THROTTLED', { retryAfterSeconds });
}

/**
 * Signs in. Unknown name and wrong password take the same path: one argon2 verification, one failure recorded,
 * 401 LOGIN_FAILED. A disabled account is told so only to whoever gives its right password.
 */
export async function login(db: Db, config: Config, input: { username: string; password: string; ip: string }) {
  await assertSignInNotThrottled(db, config, input);
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where(sql`lower(username)`, '=', input.username.trim().toLowerCase())
    .executeTakeFirst();
  const valid = await verifyPassword(account?.password_hash ?? await dummyPasswordHash(), input.password);
  if (!account || !valid) {
    await recordFailure(db, config, input);
    throw new AppError('LOGIN_FAILED');
  }
  if (account.disabled_at) throw new AppError('ACCOUNT_DISABLED');
  // The pair's own failures are forgiven; the username's and the address's others still count.
  await db.deleteFrom('login_failures').where(sql`lower(username)`, '=', normalizeUsername(input.username)).where('ip', '=', input.ip).execute();
  const session = await createSession(db, account.id, config.sessionHours);
  return { ...session, account: { id: account.id, username: account.username, mustChangePassword: account.must_change_password } };
}

/** Records a failed sign-in (or a wrong current password) and prunes failures older than the window. */
export async function recordFailure(db: Db, config: Config, input: { username: string; ip: string }) {
  await db.insertInto('login_failures').values({ username: normalizeUsername(input.username), ip: input.ip }).execute();
  // A bounded batch each time keeps the table at about one window's worth of rows without a maintenance job.
  await sql`delete from login_failures where id in (
    select id from login_failures where at < now() - make_interval(mins => ${config.loginWindowMinutes}) limit 500)`.execute(db);
}
