/** What any signed-in account does to itself: change its password, choose its language. */
import type { Db } from '../../kernel/executor.ts';
import type { Config } from '../../config.ts';
import type { Caller } from '../../access/scope.ts';
import { AppError } from '../../contracts/errors.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { writeJournal } from '../../kernel/journal.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endOtherSessions } from './session.service.ts';
import { assertSignInNotThrottled, recordFailure } from './login.service.ts';
import { updateAccount } from './accounts.repository.ts';
import type { RequestMeta } from './accounts.service.ts';

/**
 * Changes the caller's password after checking the current one (wrong answers count towards the sign-in
 * throttle, like failed sign-ins). The new one must pass the password rule (`hashPassword`, with the username).
 * Clears the one-time-password flag and ends the account's other sessions.
 */
export async function changeOwnPassword(db: Db, config: Config, caller: Caller, input: { currentPassword: string; newPassword: string }, meta: RequestMeta & { ip: string; sessionToken: string }) {
  await assertSignInNotThrottled(db, config, { username: caller.username, ip: meta.ip });
  const account = await db.selectFrom('accounts').select(['password_hash', 'must_change_password']).where('id', '=', caller.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
    await recordFailure(db, config, { username: caller.username, ip: meta.ip });
    throw new AppError('CURRENT_PASSWORD_WRONG');
  }
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_UNCHANGED');
  const passwordHash = await hashPassword(input.newPassword, caller.username);
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('accounts').select('password_hash').where('id', '=', caller.accountId).forUpdate().executeTakeFirstOrThrow();
    // Changed meanwhile (another session, or a reset): the current password checked above is no longer current.
    if (locked.password_hash !== account.password_hash) throw new AppError('CONFLICT');
    await updateAccount(trx, caller.accountId, { password_hash: passwordHash, must_change_password: false, failed_logins: 0, locked_until: null });
    await endOtherSessions(trx, caller.accountId, meta.sessionToken);
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'account.password_change', objectType: 'account', objectId: caller.accountId, effectiveDate: todayInVietnam(),
      before: { mustChangePassword: account.must_change_password }, after: { mustChangePassword: false }, requestId: meta.requestId ?? null,
    });
  });
}

/** Sets the caller's interface language. */
export async function updateOwnLocale(db: Db, caller: Caller, locale: 'vi' | 'en', meta: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('accounts').select('locale').where('id', '=', caller.accountId).forUpdate().executeTakeFirstOrThrow();
    await updateAccount(trx, caller.accountId, { locale });
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'account.preferences', objectType: 'account', objectId: caller.accountId, effectiveDate: todayInVietnam(),
      before: { locale: before.locale }, after: { locale }, requestId: meta.requestId ?? null,
    });
  });
}
