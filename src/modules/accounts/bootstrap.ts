/**
 * First start on an empty database: create the root of the tree (the Party Central Committee) and an
 * administrator granted on it, with a one-time password that is printed once and must be changed at first sign-in.
 */
import { sql } from 'kysely';
import { inTransaction, writeJournal, type Db } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { ensureRootUnitIn } from '../orgs/index.ts';
import { generateOneTimePassword, hashPassword } from './password.ts';

export const ROOT_UNIT = { code: 'TW', name: 'Ban Chấp hành Trung ương Đảng', kind: 'central', establishedOn: '1930-02-03' } as const;
const BOOTSTRAP_LOCK = 727_002;

/** The root unit's id, created on the first start. A start-up step: it commits on its own. */
export async function ensureRootUnit(db: Db): Promise<number> {
  return inTransaction(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(tx);
    return ensureRootUnitIn(tx, ROOT_UNIT);
  });
}

/**
 * Creates the first administrator if no account exists; returns its one-time password, or null. A start-up job of
 * two steps, each committed on its own: the root unit, then the administrator granted on it.
 */
export async function ensureFirstAdministrator(db: Db): Promise<{ username: string; password: string } | null> {
  const rootId = await ensureRootUnit(db);
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    const any = await trx.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
    if (any) return null;
    const password = generateOneTimePassword();
    const account = await trx.insertInto('accounts').values({
      username: 'admin', display_name: 'Quản trị hệ thống', password_hash: await hashPassword(password), must_change_password: true, member_id: null, locked_until: null, disabled_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('grants').values({ account_id: account.id, role: 'admin', unit_id: rootId, valid_from: '1930-02-03', valid_to: null, delegated_from_grant_id: null, note: 'first administrator', revoked_at: null, created_by: null }).execute();
    await writeJournal(trx, { accountId: null, action: 'account.bootstrap', objectType: 'account', objectId: account.id, unitId: rootId, effectiveDate: todayInVietnam(), reason: 'first start', after: { username: 'admin', role: 'admin', mustChangePassword: true } });
    return { username: 'admin', password };
  });
}
