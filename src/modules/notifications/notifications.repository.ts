/** Kysely queries of notifications: recipients from the grants, one account's list, read marks. */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../kernel/index.ts';
import type { Role } from '../../contracts/permissions.ts';
import type { NotificationsTable } from './notifications.tables.ts';

export type NotificationRow = Selectable<NotificationsTable>;

/**
 * The accounts holding one of `roles` through a grant in force on `today` (not revoked, started, not ended, on a unit
 * that has not ended, an acting grant only while its source holds, the account not disabled) on the nearest unit at or
 * above `unitId` that has any such account. The ancestors are the ids of the unit's scope path, so the grants are
 * read by their unit index: a handful of rows, whatever the size of the tree.
 */
export async function responsibleAccounts(db: Executor, unitId: number, roles: readonly Role[], today: string): Promise<number[]> {
  if (roles.length === 0) return [];
  const result = await sql<{ account_id: string }>`
    with target as (
      select string_to_array(trim(both '/' from u.scope_path), '/')::bigint[] as ids from org_units u where u.id = ${unitId}
    ), holders as (
      select g.account_id, array_position(t.ids, g.unit_id) as depth
      from target t
      join grants g on g.unit_id = any (t.ids)
      join org_units gu on gu.id = g.unit_id
      join accounts a on a.id = g.account_id
      where g.role = any (${[...roles]}::text[]) and g.revoked_at is null and g.valid_from <= ${today}::date
        and (g.valid_to is null or g.valid_to > ${today}::date) and gu.ended_on is null and a.disabled_at is null
        and (g.delegated_from_grant_id is null or exists (
          select 1 from grants src join accounts delegator on delegator.id = src.account_id
          where src.id = g.delegated_from_grant_id and src.revoked_at is null and src.valid_from <= ${today}::date
            and (src.valid_to is null or src.valid_to > ${today}::date) and delegator.disabled_at is null))
    )
    select distinct account_id from holders where depth = (select max(depth) from holders) order by account_id`.execute(db);
  return result.rows.map((row) => Number(row.account_id));
}

/** Accounts among `ids` that exist and are not disabled. */
export async function activeAccounts(db: Executor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('accounts').select('id').where('id', 'in', [...ids]).where('disabled_at', 'is', null).execute();
  return rows.map((row) => Number(row.id));
}

export async function insertNotifications(db: Executor, rows: { account_id: number; kind: string; unit_id: number | null; object_type: string | null; object_id: number | null; params: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

/** One account's notifications, newest first, keyset on id. */
export async function listOfAccount(db: Executor, accountId: number, input: { afterId?: number; limit: number; unreadOnly?: boolean }): Promise<NotificationRow[]> {
  let query = db.selectFrom('notifications').selectAll().where('account_id', '=', accountId);
  if (input.unreadOnly) query = query.where('read_at', 'is', null);
  if (input.afterId) query = query.where('id', '<', input.afterId);
  return query.orderBy('id', 'desc').limit(input.limit).execute();
}

export async function countUnread(db: Executor, accountId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The account's own notification, locked; another account's is not found. */
export async function lockOwn(db: Executor, accountId: number, id: number): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('account_id', '=', accountId).forUpdate().executeTakeFirst();
}

export async function markRead(db: Executor, id: number): Promise<NotificationRow> {
  return db.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function markAllRead(db: Executor, accountId: number): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: new Date() })
    .where('account_id', '=', accountId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
