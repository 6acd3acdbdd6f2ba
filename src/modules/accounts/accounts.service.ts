/**
 * Account management inside the caller's subtrees (`account.read` to look, `account.manage` to change).
 *
 * An account is visible to a caller when it holds a grant, in force or not, on a unit inside the caller's subtrees;
 * otherwise it is not found (404), exactly like a missing one. A visible account that also holds a grant in force
 * outside the caller's `account.manage` subtrees cannot be changed by that caller (403 ACCOUNT_OUTSIDE_SCOPE):
 * resetting its password or renaming it would let an officer take over an account wider than their own scope.
 * See NOTES.md.
 */
import { scopeIsEmpty, scopeOf, unitPlaces, writeJournal, type Actor, type Caller, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../contracts/errors.ts';
import type { AccountDetail } from '../../contracts/accounts.ts';
import { foldText } from '../../lib/text.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { generateOneTimePassword, hashPassword } from './password.ts';
import { endAllSessions } from './session.service.ts';
import {
  countAccounts, findAccountByMember, findAccountInScope, findUnit, insertAccount, insertGrant, isUsernameTaken, listAccounts,
  listGrants, updateAccount, type AccountRow, type UnitRow,
} from './accounts.repository.ts';
import { mapAccountUniqueViolation, requireLinkableMember, resolveDecision, resolveGrantUnit, resolveMemberLink, resolvePeriod } from './grant-rules.ts';
import { normaliseDisplayName, toAccountSummary, toGrantView } from './views.ts';

const GRANTS_SHOWN_PER_ACCOUNT = 1000;

/** Accounts visible to the caller, searched by username or display name without diacritics, a page at a time. */
export async function listAccountsFor(db: Executor, caller: Caller, query: { q?: string; unitId?: number; page: number; pageSize: number }) {
  const scope = scopeOf(caller, 'account.read');
  const today = todayInVietnam();
  let unitPath: string | undefined;
  if (query.unitId !== undefined) {
    // A unit outside the caller's subtrees is not found, as in every other list (an empty page would differ from it).
    const unit = await findUnit(db, query.unitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    unitPath = unit.scope_path;
  }
  const folded = query.q ? foldText(query.q) : undefined;
  const filter = { folded: folded || undefined, unitPath };
  const [total, rows] = await Promise.all([
    countAccounts(db, scope, filter),
    listAccounts(db, scope, { ...filter, today, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  // The places of every unit on the page in one query, not one per account.
  const places = await unitPlaces(db, rows.flatMap((row) => row.role_grants.map((grant) => Number(grant.unit_id))), today);
  return {
    items: rows.map((row) => ({
      ...toAccountSummary(row),
      roles: row.roles,
      grants: row.role_grants
        .map((grant) => ({ role: grant.role, unitId: Number(grant.unit_id), unitPlace: places.get(Number(grant.unit_id))?.label ?? '' }))
        .sort((a, b) => a.role.localeCompare(b.role) || a.unitPlace.localeCompare(b.unitPlace, 'vi')),
    })),
    total, page: query.page, pageSize: query.pageSize,
  };
}

/** One visible account with its grants inside the caller's subtrees and what the caller may do with it. */
export async function getAccountFor(db: Executor, caller: Caller, id: number): Promise<AccountDetail> {
  const today = todayInVietnam();
  const read = scopeOf(caller, 'account.read');
  const manage = scopeOf(caller, 'account.manage');
  const row = await findAccountInScope(db, id, read, today);
  if (!row) throw new AppError('NOT_FOUND', { accountId: id });
  const managed = scopeIsEmpty(manage) ? undefined : await findAccountInScope(db, id, manage, today);
  const grants = await listGrants(db, read, { accountId: id, includeInactive: true, today, limit: GRANTS_SHOWN_PER_ACCOUNT, offset: 0 });
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
async function lockManageableAccount(tx: Tx, caller: Caller, id: number, expectedRowVersion: number | undefined, today: string) {
  const manage = scopeOf(caller, 'account.manage');
  const row = await findAccountInScope(tx, id, manage, today, { forUpdate: true });
  if (!row) {
    const visible = await findAccountInScope(tx, id, scopeOf(caller, 'account.read'), today);
    throw new AppError(visible ? 'ACCOUNT_OUTSIDE_SCOPE' : 'NOT_FOUND', { accountId: id });
  }
  if (row.has_grants_outside) throw new AppError('ACCOUNT_OUTSIDE_SCOPE', { accountId: id });
  if (expectedRowVersion !== undefined && row.row_version !== expectedRowVersion) {
    throw new AppError('CONFLICT', { rowVersion: row.row_version });
  }
  return { row, journalUnitId: await journalUnitOf(tx, id, manage, today) };
}

/** The unit an account change is journaled under: the account's first grant inside the caller's subtrees. */
async function journalUnitOf(db: Executor, accountId: number, scope: Scope, today: string): Promise<number | null> {
  const grants = await listGrants(db, scope, { accountId, includeInactive: true, today, limit: 1, offset: 0 });
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
 * Creates an account and its first grant, both journaled. The password is either given (the command line, for
 * scripts) or a generated one-time password the account must change at first sign-in.
 * Scope is the caller's business; this function trusts the unit it is handed.
 */
export async function createAccountWithGrant(tx: Tx, input: NewAccountInput, actor: { accountId: number | null; reason?: string | null; requestId?: string | null }) {
  const username = input.username.trim();
  const displayName = normaliseDisplayName(input.displayName);
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!, username);
  resolveMemberLink(input.grant.role, null, input.memberId);
  const today = todayInVietnam();
  if (await isUsernameTaken(tx, username)) throw new AppError('USERNAME_TAKEN');
  if (input.memberId !== undefined && (await findAccountByMember(tx, input.memberId))) throw new AppError('MEMBER_ALREADY_LINKED', { memberId: input.memberId });
  const account = await insertAccount(tx, {
    username, displayName, locale: input.locale ?? 'vi', passwordHash, mustChangePassword: oneTimePassword !== null, memberId: input.memberId ?? null,
  }).catch(mapAccountUniqueViolation);
  const grant = await insertGrant(tx, {
    accountId: account.id, role: input.grant.role, unitId: input.grant.unit.id, validFrom: input.grant.validFrom, validTo: input.grant.validTo,
    delegatedFromGrantId: null, note: input.grant.note ?? null, createdBy: actor.accountId,
  });
  const common = { accountId: actor.accountId, unitId: input.grant.unit.id, reason: actor.reason ?? null, requestId: actor.requestId ?? null, decisionId: input.decisionId ?? null };
  await writeJournal(tx, {
    ...common, action: 'account.create', objectType: 'account', objectId: account.id, effectiveDate: today,
    after: { username, displayName, locale: input.locale ?? 'vi', memberId: input.memberId ?? null, mustChangePassword: oneTimePassword !== null },
  });
  await writeJournal(tx, {
    ...common, action: 'grant.create', objectType: 'grant', objectId: grant.id, effectiveDate: input.grant.validFrom,
    after: { accountId: account.id, role: input.grant.role, unitId: input.grant.unit.id, validFrom: input.grant.validFrom, validTo: input.grant.validTo, note: input.grant.note ?? null },
  });
  return { accountId: account.id, oneTimePassword };
}

/** Creates an account with its first grant on a unit the caller manages; returns it with its one-time password. */
export async function createAccountFor(tx: Tx, actor: Actor, input: {
  username: string; displayName: string; locale?: 'vi' | 'en'; memberId?: number;
  grant: { role: Role; unitId: number; validFrom?: string; validTo?: string | null; note?: string; decisionId?: number };
}) {
  const { caller } = actor;
  const unit = await resolveGrantUnit(tx, caller, input.grant.unitId, input.grant.role);
  const period = resolvePeriod(input.grant, todayInVietnam());
  const decisionId = await resolveDecision(tx, caller, input.grant.decisionId);
  await requireLinkableMember(tx, caller, input.memberId);
  const { accountId, oneTimePassword } = await createAccountWithGrant(tx, {
    username: input.username, displayName: input.displayName, locale: input.locale, memberId: input.memberId,
    grant: { role: input.grant.role, unit, ...period, note: input.grant.note }, decisionId,
  }, { accountId: caller.accountId, requestId: actor.requestId });
  return { account: await getAccountFor(tx, caller, accountId), oneTimePassword: oneTimePassword! };
}

/** Changes the display name or language of an account the caller manages. */
export async function updateAccountFor(tx: Tx, actor: Actor, id: number, input: { expectedRowVersion: number; displayName?: string; locale?: 'vi' | 'en' }) {
  const { caller } = actor;
  const today = todayInVietnam();
  const { row, journalUnitId } = await lockManageableAccount(tx, caller, id, input.expectedRowVersion, today);
  const changes: { display_name?: string; locale?: 'vi' | 'en' } = {};
  if (input.displayName !== undefined) changes.display_name = normaliseDisplayName(input.displayName);
  if (input.locale !== undefined) changes.locale = input.locale;
  await updateAccount(tx, id, changes);
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'account.update', objectType: 'account', objectId: id, unitId: journalUnitId, effectiveDate: today,
    before: { displayName: row.display_name, locale: row.locale },
    after: { displayName: changes.display_name ?? row.display_name, locale: changes.locale ?? row.locale },
    requestId: actor.requestId ?? null,
  });
  return getAccountFor(tx, caller, id);
}

/** Disables an account (its sessions end at once) or enables it again (clearing any lock-out). */
export async function setAccountDisabled(tx: Tx, actor: Actor, id: number, disabled: boolean, input: { expectedRowVersion: number; reason?: string }) {
  const { caller } = actor;
  const today = todayInVietnam();
  const { row, journalUnitId } = await lockManageableAccount(tx, caller, id, input.expectedRowVersion, today);
  if (disabled && id === caller.accountId) throw new AppError('ACCOUNT_SELF_CHANGE');
  if (disabled && row.disabled_at !== null) throw new AppError('ACCOUNT_ALREADY_DISABLED');
  if (!disabled && row.disabled_at === null) throw new AppError('ACCOUNT_NOT_DISABLED');
  if (disabled) {
    await updateAccount(tx, id, { disabled_at: new Date() });
    await endAllSessions(tx, id);
  } else {
    await updateAccount(tx, id, { disabled_at: null, failed_logins: 0, locked_until: null });
  }
  await writeJournal(tx, {
    accountId: caller.accountId, action: disabled ? 'account.disable' : 'account.enable', objectType: 'account', objectId: id, unitId: journalUnitId,
    effectiveDate: today, reason: input.reason ?? null, before: snapshot(row), after: { ...snapshot(row), disabled },
    requestId: actor.requestId ?? null,
  });
  return getAccountFor(tx, caller, id);
}

/** Gives an account a new one-time password (returned once), ends its sessions and lifts any lock-out. */
export async function resetAccountPassword(tx: Tx, actor: Actor, id: number, input: { expectedRowVersion: number; reason?: string }) {
  const { caller } = actor;
  const today = todayInVietnam();
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const { row, journalUnitId } = await lockManageableAccount(tx, caller, id, input.expectedRowVersion, today);
  if (id === caller.accountId) throw new AppError('ACCOUNT_SELF_CHANGE');
  await updateAccount(tx, id, { password_hash: passwordHash, must_change_password: true, failed_logins: 0, locked_until: null });
  await endAllSessions(tx, id);
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'account.password_reset', objectType: 'account', objectId: id, unitId: journalUnitId, effectiveDate: today,
    reason: input.reason ?? null, before: { mustChangePassword: row.must_change_password }, after: { mustChangePassword: true },
    requestId: actor.requestId ?? null,
  });
  return { account: await getAccountFor(tx, caller, id), oneTimePassword };
}
