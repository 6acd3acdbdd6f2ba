/**
 * Notifications in the app, kept per account (issue 10). Other areas call `notify` inside their own transaction, so a
 * notification exists exactly when the event it tells of was committed. Recipients are the officers responsible for
 * the event's unit: the accounts holding the needed action on the nearest unit at or above it that has any (a cell's
 * transfer reaches its secretary or its commune's officers, not the centre's administrator), plus the accounts the
 * event names (the issuer of a transfer, the account that started an import). An account reads and marks only its
 * own notifications: another's is not found (404), exactly like a missing one.
 */
import { AppError } from '../../contracts/errors.ts';
import { ROLES, roleCan, type Action } from '../../contracts/permissions.ts';
import type { Notification, NotificationKind, NotificationList, NotificationListQuery, NotificationParams } from '../../contracts/notifications.ts';
import { type Actor, type Caller, type Executor, type Tx } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import * as repo from './notifications.repository.ts';
import type { NotificationRow } from './notifications.repository.ts';

export interface NotifyInput {
  kind: NotificationKind;
  /** Where the event happened: its responsible officers are told (none when null). */
  unitId?: number | null;
  /** The action those officers must carry (the one they would act with). */
  action?: Action;
  /** Accounts told besides them (nulls ignored): the issuer of a transfer, the account that started an import. */
  accountIds?: readonly (number | null | undefined)[];
  /** The account whose act this is: not told of it. */
  exceptAccountId?: number | null;
  objectType?: string | null;
  objectId?: number | null;
  params?: NotificationParams;
}

/** The accounts `input` reaches, without duplicates (see the module's comment for the rule). */
export async function resolveRecipients(tx: Executor, input: Omit<NotifyInput, 'kind'>): Promise<number[]> {
  const officers = input.unitId && input.action
    ? await repo.responsibleAccounts(tx, input.unitId, ROLES.filter((role) => roleCan(role, input.action!)), todayInVietnam())
    : [];
  const named = await repo.activeAccounts(tx, (input.accountIds ?? []).filter((id): id is number => typeof id === 'number'));
  return [...new Set([...officers, ...named])].filter((id) => id !== input.exceptAccountId).sort((a, b) => a - b);
}

/**
 * Tells the accounts responsible for an event, in the caller's transaction. Returns the accounts told. Not journaled
 * on its own: it is part of the command that journals the event.
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<number[]> {
  const recipients = await resolveRecipients(tx, input);
  await repo.insertNotifications(tx, rowsOf(input, recipients));
  return recipients;
}

/** Rows per insert: 6 parameters each stay under PostgreSQL's 65,535 per statement. */
const NOTIFICATION_CHUNK = 5_000;

/**
 * `notify` for many events at once (a bulk command's rows): the recipients are resolved once per distinct unit,
 * action, named accounts and actor, and the notifications inserted together.
 */
export async function notifyMany(tx: Tx, inputs: readonly NotifyInput[]): Promise<void> {
  const resolved = new Map<string, number[]>();
  const rows: ReturnType<typeof rowsOf> = [];
  for (const input of inputs) {
    const key = JSON.stringify([input.unitId ?? null, input.action ?? null, input.accountIds ?? [], input.exceptAccountId ?? null]);
    let recipients = resolved.get(key);
    if (!recipients) {
      recipients = await resolveRecipients(tx, input);
      resolved.set(key, recipients);
    }
    rows.push(...rowsOf(input, recipients));
  }
  for (let start = 0; start < rows.length; start += NOTIFICATION_CHUNK) await repo.insertNotifications(tx, rows.slice(start, start + NOTIFICATION_CHUNK));
}

function rowsOf(input: NotifyInput, recipients: readonly number[]) {
  return recipients.map((accountId) => ({
    account_id: accountId, kind: input.kind, unit_id: input.unitId ?? null, object_type: input.objectType ?? null,
    object_id: input.objectId ?? null, params: JSON.stringify(input.params ?? {}),
  }));
}

function toDto(row: NotificationRow): Notification {
  return {
    id: Number(row.id), kind: row.kind as NotificationKind, unitId: row.unit_id === null ? null : Number(row.unit_id),
    objectType: row.object_type, objectId: row.object_id === null ? null : Number(row.object_id),
    params: (row.params ?? {}) as NotificationParams, createdAt: row.created_at.toISOString(), readAt: row.read_at?.toISOString() ?? null,
  };
}

/** The caller's notifications, newest first, with the number still unread. */
export async function listNotifications(db: Executor, caller: Caller, query: NotificationListQuery): Promise<NotificationList> {
  const limit = query.limit ?? 20;
  const rows = await repo.listOfAccount(db, caller.accountId, { afterId: query.after, limit: limit + 1, unreadOnly: query.unreadOnly });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toDto),
    nextCursor: rows.length > limit ? Number(page[page.length - 1].id) : null,
    unread: await repo.countUnread(db, caller.accountId),
  };
}

/** Marks one of the caller's notifications read (again: no change). Another account's is NOT_FOUND. */
export async function markNotificationRead(tx: Tx, actor: Actor, id: number): Promise<Notification> {
  const own = await repo.lockOwn(tx, actor.caller.accountId, id);
  if (!own) throw new AppError('NOT_FOUND', { notificationId: id });
  if (own.read_at) return toDto(own);
  // Reading is not a change to the party's records: like a preference, it is not journaled (the journal is the record
  // of data changes and their legal basis; the row keeps when it was read).
  const row = await repo.markRead(tx, own.id);
  return toDto(row);
}

/** Marks every unread notification of the caller read. */
export async function markAllNotificationsRead(tx: Tx, actor: Actor): Promise<{ marked: number }> {
  // Not journaled, as for one (see markNotificationRead).
  const marked = await repo.markAllRead(tx, actor.caller.accountId);
  return { marked };
}
