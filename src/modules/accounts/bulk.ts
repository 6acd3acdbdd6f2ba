/**
 * Accounts written outside the account commands: besides them and the first start (`bootstrap.ts`), the only code
 * that writes `accounts`.
 */
import { sql } from 'kysely';
import { writeJournal, type Tx } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';

/**
 * An account nobody can sign in to (disabled from the start, no password), under which the system records work it
 * runs itself with a name of its own: benchmark runs, scripted loads. It holds no grant. Returns its id.
 */
export async function insertServiceAccount(tx: Tx, input: { username: string; displayName: string }): Promise<number> {
  const account = await tx.insertInto('accounts').values({
    username: input.username, display_name: input.displayName, password_hash: '-', must_change_password: false, member_id: null,
    locked_until: null, disabled_at: sql<Date>`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  await writeJournal(tx, {
    accountId: null, action: 'account.create', objectType: 'account', objectId: account.id, effectiveDate: todayInVietnam(),
    reason: 'service account', after: { username: input.username, displayName: input.displayName, service: true },
  });
  return account.id;
}
