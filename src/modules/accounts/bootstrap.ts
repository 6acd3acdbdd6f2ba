/**
 * First start on an empty database: create the root of the tree (the Party Central Committee) and an
 * administrator granted on it, with a one-time password that is printed once and must be changed at first sign-in.
 */
import { sql } from 'kysely';
import type { Db } from '../../kernel/executor.ts';
import { foldText } from '../../lib/text.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { writeJournal } from '../../kernel/journal.ts';
import { generateOneTimePassword, hashPassword } from './password.ts';

export const ROOT_UNIT = { code: 'TW', name: 'Ban Chấp hành Trung ương Đảng', kind: 'central', establishedOn: '1930-02-03' } as const;
const BOOTSTRAP_LOCK = 727_002;

export async function ensureRootUnit(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    const existing = await trx.selectFrom('org_units').select('id').where('code', '=', ROOT_UNIT.code).executeTakeFirst();
    if (existing) return existing.id;
    const unit = await trx.insertInto('org_units').values({ code: ROOT_UNIT.code, established_on: ROOT_UNIT.establishedOn, province_id: null, superior_id: null, grassroots_id: null, ended_on: null, end_reason: null }).returning('id').executeTakeFirstOrThrow();
    const path = `/${unit.id}/`;
    await trx.updateTable('org_units').set({ scope_path: path }).where('id', '=', unit.id).execute();
    await trx.insertInto('org_unit_versions').values({
      unit_id: unit.id, valid_from: ROOT_UNIT.establishedOn, valid_to: null, parent_id: null, name: ROOT_UNIT.name,
      name_folded: foldText(ROOT_UNIT.name), kind: ROOT_UNIT.kind, sector: null, path, depth: 0, batch_id: null, change: 'establish', voided_by_batch_id: null,
    }).execute();
    await writeJournal(trx, { accountId: null, action: 'org.bootstrap', objectType: 'org_unit', objectId: unit.id, unitId: unit.id, effectiveDate: ROOT_UNIT.establishedOn, after: { code: ROOT_UNIT.code, name: ROOT_UNIT.name } });
    return unit.id;
  });
}

/** Creates the first administrator if no account exists; returns its one-time password, or null. */
export async function ensureFirstAdministrator(db: Db): Promise<{ username: string; password: string } | null> {
  const rootId = await ensureRootUnit(db);
  return db.transaction().execute(async (trx) => {
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
