/**
 * Sessions live in the database (any process can serve any request). The cookie carries a random token; only its
 * SHA-256 is stored. Each session has its own CSRF token, which cookie-authenticated writes must echo in a header.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor, Tx } from '../../kernel/index.ts';
import type { Caller } from '../../access/scope.ts';
import { todayInVietnam } from '../../lib/dates.ts';

export const SESSION_COOKIE = 'cellbase_session';
export const CSRF_HEADER = 'x-csrf-token';

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Executor, accountId: number, hours: number) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await db.insertInto('sessions').values({ token_hash: hashToken(token), account_id: accountId, csrf_token: csrfToken, expires_at: expiresAt, ended_at: null }).execute();
  return { token, csrfToken, expiresAt };
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: new Date() }).where('token_hash', '=', hashToken(token)).where('ended_at', 'is', null).execute();
}

/** Ends every open session of an account (disabling, password reset). */
export async function endAllSessions(tx: Tx, accountId: number): Promise<void> {
  await tx.updateTable('sessions').set({ ended_at: new Date() }).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
}

/** Ends the account's other sessions, keeping the one that made the request (own password change). */
export async function endOtherSessions(tx: Tx, accountId: number, keepToken: string): Promise<void> {
  await tx.updateTable('sessions').set({ ended_at: new Date() })
    .where('account_id', '=', accountId).where('ended_at', 'is', null).where('token_hash', '!=', hashToken(keepToken)).execute();
}

/** Writing the last-seen time at most this often spares the database a write per request. */
const LAST_SEEN_RESOLUTION_SECONDS = 60;

/**
 * Resolves a session token to the caller with the grants in force today, each with its unit's current scope path.
 * A session ends after `idleMinutes` without a request (issue 8, finding 11) and after its absolute lifetime
 * (`expires_at`), whichever comes first; each request slides the idle end forward by refreshing `last_seen_at`,
 * at most once a minute, so the idle end is precise to a minute. Idle and expiry are read on the database's clock.
 * One query for the session and account, one for the grants.
 */
export async function resolveSession(db: Executor, token: string, idleMinutes: number): Promise<{ caller: Caller; csrfToken: string; mustChangePassword: boolean } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['a.id', 'a.username', 'a.display_name', 'a.locale', 'a.member_id', 'a.must_change_password', 's.csrf_token', 's.token_hash'])
    .select(sql<boolean>`s.last_seen_at < now() - make_interval(secs => ${LAST_SEEN_RESOLUTION_SECONDS})`.as('stale'))
    .where('s.token_hash', '=', hashToken(token))
    .where('s.ended_at', 'is', null)
    .where(sql<boolean>`s.expires_at > now()`)
    .where(sql<boolean>`s.last_seen_at > now() - make_interval(mins => ${idleMinutes})`)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (row.stale) {
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', row.token_hash).execute();
  }
  const grants = await loadActiveGrants(db, row.id);
  return {
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    caller: { accountId: row.id, username: row.username, displayName: row.display_name, locale: row.locale, memberId: row.member_id, grants },
  };
}

/**
 * Grants in force today: not revoked, started, not yet ended, on a unit that has not ended. An acting grant ends by
 * itself on its valid_to, and with its source grant (revoked or ended) or its delegator's account (disabled).
 */
export async function loadActiveGrants(db: Executor, accountId: number, today: string = todayInVietnam()) {
  const rows = await db
    .selectFrom('grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.unit_id')
    .select(['g.id', 'g.role', 'g.unit_id', 'u.scope_path', 'g.valid_from', 'g.valid_to', 'g.delegated_from_grant_id'])
    .where('g.account_id', '=', accountId)
    .where('g.revoked_at', 'is', null)
    .where('g.valid_from', '<=', today)
    .where((eb) => eb.or([eb('g.valid_to', 'is', null), eb('g.valid_to', '>', today)]))
    .where(sql<boolean>`u.ended_on is null`)
    .where(sql<boolean>`(g.delegated_from_grant_id is null or exists (
      select 1 from grants src join accounts delegator on delegator.id = src.account_id
      where src.id = g.delegated_from_grant_id and src.revoked_at is null and src.valid_from <= ${today}
        and (src.valid_to is null or src.valid_to > ${today}) and delegator.disabled_at is null))`)
    .orderBy('g.id')
    .execute();
  return rows.map((grant) => ({
    grantId: grant.id,
    role: grant.role,
    unitId: grant.unit_id,
    scopePath: grant.scope_path,
    validFrom: grant.valid_from,
    validTo: grant.valid_to,
    isDelegation: grant.delegated_from_grant_id !== null,
  }));
}
