/**
 * Account management inside the caller's subtrees (`account.read` to look, `account.manage` to change).
 *
 * An account is visible to a caller when it holds a grant, in force or not, on a unit inside the caller's subtrees;
 * otherwise it is not found (404), exactly like a missing one. A visible account that also holds a grant in force
 * outside the caller's `account.manage` subtrees cannot be changed by that caller (403 ACCOUNT_OUTSIDE_SCOPE):
 * resetting its password or renaming it would let an officer take over an account wider than their own scope.
 * See NOTES.md.
 */
import type { Db, Executor } from '../../kernel/executor.ts';
import type { Role } from '../../db/schema.ts';
import type { Caller } from '../../access/scope.ts';
import { scopePaths } from '../../access/scope.ts';
import { AppError } from '../../contracts/errors.ts';
import type { AccountDetail } from '../../contracts/accounts.ts';
import { foldText } from '../../lib/text.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { writeJournal } from '../../kernel/journal.ts';
import { generateOneTimePassword, hashPassword } from './password.ts';
import { endAllSessions } from './session.service.ts';
import {
  countAccounts, findAccountByMember, findAccountInScope, findUnit, insertAccount, insertGrant, isUsernameTaken, listAccounts,
  listGrants, updateAccount, type AccountRow, type UnitRow,
} from './accounts.repository.ts';
import { mapAccountUniqueViolation, resolveDecision, resolveGrantUnit, resolveMemberLink, resolvePeriod } from './grant-rules.ts';
import { normaliseDisplayName, toAccountSummary, toGrantView } from './views.ts';

export interface RequestMeta {
  requestId?: string | null;
}

const GRANTS_SHOWN_PER_ACCOUNT = 1000;

/** Accounts visible to the caller, searched by username or display name without diacritics, a page at a time. */
export async function listAccountsFor(db: Db, caller: Caller, query: { q?: string; unitId?: number; page: number; pageSize: number }) {
  const paths = scopePaths(caller, 'account.read');
  const today = todayInVietnam();
  let unitPath: string | undefined;
  if (query.unitId !== undefined) {
    // A unit outside the caller's subtrees is not found, as in every other list (an empty page would differ from it).
    const unit = await findUnit(db, query.unitId, paths);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    unitPath = unit.scope_path;
  }
  const folded = query.q ? foldText(query.q) : undefined;
  const filter = { paths, folded: folded || undefined, unitPath };
  const [total, rows] = await Promise.all([
    countAccounts(db, filter),
    listAccounts(db, { ...filter, today, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  return { items: rows.map((row) => ({ ...toAccountSummary(row), roles: row.roles })), total, page: query.page, pageSize: query.pageSize };
}

/** One visible account with its grants inside the caller's subtrees and what the caller may do with it. */
export async function getAccountFor(db: Executor, caller: Caller, id: number): Promise<AccountDetail> {
  const today = todayInVietnam();
  const readPaths = scopePaths(caller, 'account.read');
  const managePaths = scopePaths(caller, 'account.manage');
  const row = await findAccountInScope(db, id, readPaths, readPaths, today);
  if (!row) throw new AppError('NOT_FOUND', { accountId: id });
  const managed = managePaths.length ? await findAccountInScope(db, id, managePaths, managePaths, today) : undefined;
  const grants = await listGrants(db, { paths: readPaths, accountId: id, includeInactive: true, today, limit: GRANTS_SHOWN_PER_ACCOUNT, offset: 0 });
  return {
    ...toAccountSummary(row),
    grants: grants.map((grant) => toGrantView(grant, today)),
    hasGrantsOutsideScope: Boolean(row.has_grants_outside),
    abilities: { manage: managed !== undefined && !managed.has_grants_outside },
  };
}

/**
 * Locks an account the caller may change: inside their `account.manage` subtrees and holding no grant in force
 * outside them. Not visible at all → NOT_FOUND; visible but wider → ACCOUNT_OUTSIDE_SCOPE; stale version → CONFLICT.
 */
async function lockManageableAccount(trx: Executor, caller: Caller, id: number, expectedRowVersion: number | undefined, today: string) {
  const managePaths = scopePaths(caller, 'account.manage');
  const row = await findAccountInScope(trx, id, managePaths, managePaths, today, { forUpdate: true });
  if (!row) {
    const readPaths = scopePaths(caller, 'account.read');
    const visible = await findAccountInScope(trx, id, readPaths, readPaths, today);
    throw new AppError(visible ? 'ACCOUNT_OUTSIDE_SCOPE' : 'NOT_FOUND', { accountId: id });
  }
  if (row.has_grants_outside) throw new AppError('ACCOUNT_OUTSIDE_SCOPE', { accountId: id });
  if (expectedRowVersion !== undefined && row.row_version !== expectedRowVersion) {
    throw new AppError('CONFLICT', { rowVersion: row.row_version });
  }
  return { row, journalUnitId: await journalUnitOf(trx, id, managePaths, today) };
}

/** The unit an account change is journaled under: the account's first grant inside the caller's subtrees. */
async function journalUnitOf(db: Executor, accountId: number, paths: readonly string[], today: string): Promise<number | null> {
  const grants = await listGrants(db, { paths, accountId, includeInactive: true, today, limit: 1, offset: 0 });
  return grants[0]?.unit_id ?? null;
}

function snapshot(row: Pick<AccountRow, 'username' | 'display_name' | 'locale' | 'member_id' | 'must_change_password' | 'disabled_at'>) {
  return {
    username: row.username, displayName: row.display_name, locale: row.locale, memberId: row.member_id,
    mustChangePassword: row.must_change_password, disabled: row.disabled_at !== null,
  };
}

export interface NewAccountInput {
  username: string;
  displayName: string;
  locale?: 'vi' | 'en';
  memberId?: number;
  /** Given by the command line; otherwise a one-time password is generated. */
  password?: string;
  grant: { role: Role; unit: UnitRow; validFrom: string; validTo: string | null; note?: string };
  decisionId?: number | null;
}

/**
 * Creates an account and its first grant in one transaction, both journaled. The password is either given (the
 * command line, for scripts) or a generated one-time password the account must change at first sign-in.
 * Scope is the caller's business; this function trusts the unit it is handed.
 */
export async function createAccountWithGrant(db: Db, input: NewAccountInput, actor: { accountId: number | null; reason?: string | null; requestId?: string | null }) {
  const username = input.username.trim();
  const displayName = normaliseDisplayName(input.displayName);
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!, username);
  resolveMemberLink(input.grant.role, null, input.memberId);
  const today = todayInVietnam();
  const accountId = await db.transaction().execute(async (trx) => {
    if (await isUsernameTaken(trx, username)) throw new AppError('USERNAME_TAKEN');
    if (input.memberId !== undefined && (await findAccountByMember(trx, input.memberId))) throw new AppError('MEMBER_ALREADY_LINKED', { memberId: input.memberId });
    const account = await insertAccount(trx, {
      username, displayName, locale: input.locale ?? 'vi', passwordHash, mustChangePassword: oneTimePassword !== null, memberId: input.memberId ?? null,
    }).catch(mapAccountUniqueViolation);
    const grant = await insertGrant(trx, {
      accountId: account.id, role: input.grant.role, unitId: input.grant.unit.id, validFrom: input.grant.validFrom, validTo: input.grant.validTo,
      delegatedFromGrantId: null, note: input.grant.note ?? null, createdBy: actor.accountId,
    });
    const common = { accountId: actor.accountId, unitId: input.grant.unit.id, reason: actor.reason ?? null, requestId: actor.requestId ?? null, decisionId: input.decisionId ?? null };
    await writeJournal(trx, {
      ...common, action: 'account.create', objectType: 'account', objectId: account.id, effectiveDate: today,
      after: { username, displayName, locale: input.locale ?? 'vi', memberId: input.memberId ?? null, mustChangePassword: oneTimePassword !== null },
    });
    await writeJournal(trx, {
      ...common, action: 'grant.create', objectType: 'grant', objectId: grant.id, effectiveDate: input.grant.validFrom,
      after: { accountId: account.id, role: input.grant.role, unitId: input.grant.unit.id, validFrom: input.grant.validFrom, validTo: input.grant.validTo, note: input.grant.note ?? null },
    });
    return account.id;
  });
  return { accountId, oneTimePassword };
}

/** Creates an account with its first grant on a unit the caller manages; returns it with its one-time password. */
export async function createAccountFor(db: Db, caller: Caller, input: {
  username: string; displayName: string; locale?: 'vi' | 'en'; memberId?: number;
  grant: { role: Role; unitId: number; validFrom?: string; validTo?: string | null; note?: string; decisionId?: number };
}, meta: RequestMeta) {
  const unit = await resolveGrantUnit(db, caller, input.grant.unitId, input.grant.role);
  const period = resolvePeriod(input.grant, todayInVietnam());
  const decisionId = await resolveDecision(db, caller, input.grant.decisionId);
  const { accountId, oneTimePassword } = await createAccountWithGrant(db, {
    username: input.username, displayName: input.displayName, locale: input.locale, memberId: input.memberId,
    grant: { role: input.grant.role, unit, ...period, note: input.grant.note }, decisionId,
  }, { accountId: caller.accountId, requestId: meta.requestId });
  return { account: await getAccountFor(db, caller, accountId), oneTimePassword: oneTimePassword! };
}

/** Changes the display name or language of an account the caller manages. */
export async function updateAccountFor(db: Db, caller: Caller, id: number, input: { expectedRowVersion: number; displayName?: string; locale?: 'vi' | 'en' }, meta: RequestMeta) {
  const today = todayInVietnam();
  await db.transaction().execute(async (trx) => {
    const { row, journalUnitId } = await lockManageableAccount(trx, caller, id, input.expectedRowVersion, today);
    const changes: { display_name?: string; locale?: 'vi' | 'en' } = {};
    if (input.displayName !== undefined) changes.display_name = normaliseDisplayName(input.displayName);
    if (input.locale !== undefined) changes.locale = input.locale;
    await updateAccount(trx, id, changes);
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'account.update', objectType: 'account', objectId: id, unitId: journalUnitId, effectiveDate: today,
      before: { displayName: row.display_name, locale: row.locale },
      after: { displayName: changes.display_name ?? row.display_name, locale: changes.locale ?? row.locale },
      requestId: meta.requestId ?? null,
    });
  });
  return getAccountFor(db, caller, id);
}

/** Disables an account (its sessions end at once) or enables it again (clearing any lock-out). */
export async function setAccountDisabled(db: Db, caller: Caller, id: number, disabled: boolean, input: { expectedRowVersion: number; reason?: string }, meta: RequestMeta) {
  const today = todayInVietnam();
  await db.transaction().execute(async (trx) => {
    const { row, journalUnitId } = await lockManageableAccount(trx, caller, id, input.expectedRowVersion, today);
    if (disabled && id === caller.accountId) throw new AppError('ACCOUNT_SELF_CHANGE');
    if (disabled && row.disabled_at !== null) throw new AppError('ACCOUNT_ALREADY_DISABLED');
    if (!disabled && row.disabled_at === null) throw new AppError('ACCOUNT_NOT_DISABLED');
    if (disabled) {
      await updateAccount(trx, id, { disabled_at: new Date() });
      await endAllSessions(trx, id);
    } else {
      await updateAccount(trx, id, { disabled_at: null, failed_logins: 0, locked_until: null });
    }
    await writeJournal(trx, {
      accountId: caller.accountId, action: disabled ? 'account.disable' : 'account.enable', objectType: 'account', objectId: id, unitId: journalUnitId,
      effectiveDate: today, reason: input.reason ?? null, before: snapshot(row), after: { ...snapshot(row), disabled },
      requestId: meta.requestId ?? null,
    });
  });
  return getAccountFor(db, caller, id);
}

/** Gives an account a new one-time password (returned once), ends its sessions and lifts any lock-out. */
export async function resetAccountPassword(db: Db, caller: Caller, id: number, input: { expectedRowVersion: number; reason?: string }, meta: RequestMeta) {
  const today = todayInVietnam();
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await db.transaction().execute(async (trx) => {
    const { row, journalUnitId } = await lockManageableAccount(trx, caller, id, input.expectedRowVersion, today);
    if (id === caller.accountId) throw new AppError('ACCOUNT_SELF_CHANGE');
    await updateAccount(trx, id, { password_hash: passwordHash, must_change_password: true, failed_logins: 0, locked_until: null });
    await endAllSessions(trx, id);
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'account.password_reset', objectType: 'account', objectId: id, unitId: journalUnitId, effectiveDate: today,
      reason: input.reason ?? null, before: { mustChangePassword: row.must_change_password }, after: { mustChangePassword: true },
      requestId: meta.requestId ?? null,
    });
  });
  return { account: await getAccountFor(db, caller, id), oneTimePassword };
}
