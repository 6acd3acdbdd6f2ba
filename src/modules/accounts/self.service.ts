/** What any signed-in account does to itself: change its password, choose its language. */
import { writeJournal, type Actor, type Caller, type Db, type Tx } from '../../kernel/index.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../contracts/errors.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endOtherSessions } from './session.service.ts';
import { assertSignInNotThrottled, recordFailure } from './login.service.ts';
import { setAccountLocale, updateAccount } from './accounts.repository.ts';

/** The caller's password as it stood when they proved they know it. */
export interface ConfirmedPassword {
  currentPassword: string;
  passwordHash: string;
  mustChangePassword: boolean;
}

/**
 * Checks the caller's current password before a change. A wrong answer counts towards the sign-in throttle, like a
 * failed sign-in, and that count must stay even though the request fails: so this runs on the database, before the
 * change's transaction opens, each write committing on its own.
 */
export async function confirmOwnPassword(db: Db, config: Config, caller: Caller, input: { currentPassword: string; ip: string }): Promise<ConfirmedPassword> {
  await assertSignInNotThrottled(db, config, { username: caller.username, ip: input.ip });
  const account = await db.selectFrom('accounts').select(['password_hash', 'must_change_password']).where('id', '=', caller.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
    await recordFailure(db, config, { username: caller.username, ip: input.ip });
    throw new AppError('CURRENT_PASSWORD_WRONG');
  }
  return { currentPassword: input.currentPassword, passwordHash: account.password_hash, mustChangePassword: account.must_change_password };
}

/**
 * Changes the caller's password, the current one confirmed (`confirmOwnPassword`). The new one must pass the
 * password rule (`hashPassword`, with the username). Clears the one-time-password flag and ends the account's other
 * sessions.
 */
export async function changeOwnPassword(tx: Tx, actor: Actor, confirmed: ConfirmedPassword, input: { newPassword: string; sessionToken: string }) {
  const { caller } = actor;
  if (input.newPassword === confirmed.currentPassword) throw new AppError('PASSWORD_UNCHANGED');
  const passwordHash = await hashPassword(input.newPassword, caller.username);
  const locked = await tx.selectFrom('accounts').select('password_hash').where('id', '=', caller.accountId).forUpdate().executeTakeFirstOrThrow();
  // Changed meanwhile (another session, or a reset): the current password checked before is no longer current.
  if (locked.password_hash !== confirmed.passwordHash) throw new AppError('CONFLICT');
  await updateAccount(tx, caller.accountId, { password_hash: passwordHash, must_change_password: false, failed_logins: 0, locked_until: null });
  await endOtherSessions(tx, caller.accountId, input.sessionToken);
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'account.password_change', objectType: 'account', objectId: caller.accountId, effectiveDate: todayInVietnam(),
    before: { mustChangePassword: confirmed.mustChangePassword }, after: { mustChangePassword: false }, requestId: actor.requestId ?? null,
  });
}

/**
 * Sets the caller's interface language. A preference, not a change to the party's records: it is not journaled
 * (the journal is the record of data changes and their legal basis), and it does not bump the row version an
 * officer's edit of the account is checked against.
 */
export async function updateOwnLocale(tx: Tx, actor: Actor, locale: 'vi' | 'en'): Promise<void> {
  await setAccountLocale(tx, actor.caller.accountId, locale);
}
