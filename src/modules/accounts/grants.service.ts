/**
 * Grants: a role on one unit's subtree for a period. Listing and granting stay inside the caller's subtrees;
 * revoking sets `revoked_at` and never deletes (the acting grants delegated from a revoked grant end with it).
 *
 * Acting grants (delegation): the holder of a grant in force whose role carries a duty lets a colleague of the same
 * organization act in that role, or a lesser one, on the same unit or a unit under it, from today or later, for a
 * bounded period inside the source grant's own (rules in `grant-rules.ts`). It ends by itself: `loadActiveGrants`
 * ignores grants past `valid_to` and acting grants whose source is no longer in force. An acting grant cannot be
 * delegated again.
 */
import { scopeOf, systemScope, writeJournal, type Actor, type Caller, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../contracts/errors.ts';
import type { GrantView } from '../../contracts/accounts.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import {
  countGrants, findAccountInScope, findDelegationTarget, findOpenDelegations, findOverlappingDelegation, findOverlappingGrant, findUnit, insertGrant,
  listGrants, lockDelegationGivenBy, lockGrant, lockOwnGrant, revokeGrants, updateAccount,
} from './accounts.repository.ts';
import {
  assertUnitLives, mapAccountUniqueViolation, reachOf, requireLinkableMember, resolveDecision, resolveDelegation, resolveGrantUnit, resolveMemberLink, resolvePeriod,
} from './grant-rules.ts';
import { callerCoversRole } from './roles.ts';
import { toGrantView } from './views.ts';

/** The grant just written, seen through the scope it was written in. */
async function grantView(db: Executor, scope: Scope, id: number, today: string): Promise<GrantView> {
  const [row] = await listGrants(db, scope, { ids: [id], includeInactive: true, today, limit: 1, offset: 0 });
  return toGrantView(row, today);
}

/** Grants on units inside the caller's subtrees, by account or by a unit's subtree. */
export async function listGrantsFor(db: Executor, caller: Caller, query: { accountId?: number; unitId?: number; includeInactive: boolean; page: number; pageSize: number }) {
  const scope = scopeOf(caller, 'account.read');
  const today = todayInVietnam();
  let unitPath: string | undefined;
  if (query.unitId !== undefined) {
    // A unit the caller cannot see is not found, as in every other list (not an empty page that hides the refusal).
    const unit = await findUnit(db, query.unitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    unitPath = unit.scope_path;
  }
  const filter = { accountId: query.accountId, unitPath, includeInactive: query.includeInactive, today };
  const [total, rows] = await Promise.all([
    countGrants(db, scope, filter),
    listGrants(db, scope, { ...filter, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  return { items: rows.map((row) => toGrantView(row, today)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Grants a role on a unit the caller manages to an account the caller can see. An administrator cannot grant on a
 * unit above their own subtree (GRANT_OUTSIDE_SCOPE) nor a role wider than their own (GRANT_ROLE_NOT_ALLOWED).
 */
export async function createGrantFor(tx: Tx, actor: Actor, input: {
  accountId: number; role: Role; unitId: number; validFrom?: string; validTo?: string | null; note?: string; memberId?: number; decisionId?: number;
}): Promise<GrantView> {
  const { caller } = actor;
  const today = todayInVietnam();
  const unit = await resolveGrantUnit(tx, caller, input.unitId, input.role);
  const period = resolvePeriod(input, today);
  const decisionId = await resolveDecision(tx, caller, input.decisionId);
  const manage = scopeOf(caller, 'account.manage');
  const account = await findAccountInScope(tx, input.accountId, manage, today, { forUpdate: true });
  if (!account) throw new AppError('NOT_FOUND', { accountId: input.accountId });
  const { link } = resolveMemberLink(input.role, account.member_id, input.memberId);
  if (link !== null) await requireLinkableMember(tx, caller, link);
  const common = { accountId: caller.accountId, unitId: unit.id, decisionId, requestId: actor.requestId ?? null };
  if (link !== null) {
    await updateAccount(tx, account.id, { member_id: link }).catch(mapAccountUniqueViolation);
    await writeJournal(tx, { ...common, action: 'account.link_member', objectType: 'account', objectId: account.id, effectiveDate: today, before: { memberId: null }, after: { memberId: link } });
  }
  // The same role on the same unit for a period the account already holds it: a second click, or a mistake; two such
  // grants would have to be revoked one by one.
  const existing = await findOverlappingGrant(tx, { accountId: account.id, role: input.role, unitId: unit.id, ...period });
  if (existing !== null) throw new AppError('GRANT_DUPLICATE', { grantId: existing });
  const grant = await insertGrant(tx, {
    accountId: account.id, role: input.role, unitId: unit.id, ...period, delegatedFromGrantId: null, note: input.note ?? null, createdBy: caller.accountId,
  });
  await writeJournal(tx, {
    ...common, action: 'grant.create', objectType: 'grant', objectId: grant.id, effectiveDate: period.validFrom,
    after: { accountId: account.id, role: input.role, unitId: unit.id, ...period, note: input.note ?? null },
  });
  return grantView(tx, manage, grant.id, today);
}

/** Revokes a grant on a unit the caller manages, with the acting grants delegated from it. */
export async function revokeGrantFor(tx: Tx, actor: Actor, grantId: number, input: { reason?: string; decisionId?: number }): Promise<GrantView> {
  const { caller } = actor;
  const today = todayInVietnam();
  const decisionId = await resolveDecision(tx, caller, input.decisionId);
  const manage = scopeOf(caller, 'account.manage');
  const grant = await lockGrant(tx, grantId, manage);
  if (!grant) throw new AppError('NOT_FOUND', { grantId });
  if (grant.account_id === caller.accountId) throw new AppError('ACCOUNT_SELF_CHANGE');
  if (grant.revoked_at !== null) throw new AppError('GRANT_ALREADY_REVOKED');
  if (!callerCoversRole(caller, 'account.manage', grant.scope_path, grant.role)) throw new AppError('GRANT_ROLE_NOT_ALLOWED', { role: grant.role });
  await revokeWithDelegations(tx, actor, grant, 'grant.revoke', { reason: input.reason ?? null, decisionId }, today);
  return grantView(tx, manage, grantId, today);
}

async function revokeWithDelegations(
  tx: Tx, actor: Actor, grant: { id: number; account_id: number; role: Role; unit_id: number; valid_to: string | null },
  action: string, basis: { reason: string | null; decisionId: number | null }, today: string,
) {
  const { reason, decisionId } = basis;
  const actorId = actor.caller.accountId;
  const requestId = actor.requestId ?? null;
  const delegations = await findOpenDelegations(tx, grant.id);
  await revokeGrants(tx, [grant.id]);
  await writeJournal(tx, {
    accountId: actorId, action, objectType: 'grant', objectId: grant.id, unitId: grant.unit_id, effectiveDate: today, reason, decisionId,
    before: { revoked: false }, after: { revoked: true, accountId: grant.account_id, role: grant.role }, requestId,
  });
  const ended = await revokeGrants(tx, delegations.map((delegation) => delegation.id));
  for (const delegation of delegations.filter((row) => ended.includes(row.id))) {
    await writeJournal(tx, {
      accountId: actorId, action: 'grant.revoke', objectType: 'grant', objectId: delegation.id, unitId: delegation.unit_id, effectiveDate: today, decisionId,
      reason: `source grant ${grant.id} revoked`, before: { revoked: false }, after: { revoked: true, accountId: delegation.account_id, role: delegation.role },
      requestId,
    });
  }
}

/**
 * Delegates one of the caller's own grants in force (the rule: `resolveDelegation` and `findDelegationTarget`; see
 * NOTES.md). A target that is missing, disabled or outside the source grant's organization answers the same
 * NOT_FOUND with the same details, so no account can be probed; a second acting grant from the same source to the
 * same account over an overlapping period is DELEGATION_EXISTS (the source grant is locked, so two identical
 * requests at once give one grant and one refusal).
 */
export async function delegateGrant(tx: Tx, actor: Actor, sourceGrantId: number, input: {
  accountId: number; role?: Role; unitId?: number; validFrom?: string; validTo?: string; note?: string; decisionId?: number;
}): Promise<GrantView> {
  const { caller } = actor;
  const today = todayInVietnam();
  const source = caller.grants.find((grant) => grant.grantId === sourceGrantId);
  if (!source) throw new AppError('NOT_FOUND', { grantId: sourceGrantId });
  const { role, period } = resolveDelegation(source, caller.accountId, input, today);
  // Any unit that is not the source's unit or under it is refused alike, whether it exists or not.
  const reach = reachOf(caller);
  const unit = await findUnit(tx, input.unitId ?? source.unitId, reach);
  if (!unit || !unit.scope_path.startsWith(source.scopePath)) throw new AppError('GRANT_OUTSIDE_SCOPE', { unitId: input.unitId });
  assertUnitLives(unit);
  const decisionId = await resolveDecision(tx, caller, input.decisionId);

  const locked = await lockOwnGrant(tx, sourceGrantId, caller.accountId);
  if (!locked || locked.revoked_at !== null) throw new AppError('NOT_FOUND', { grantId: sourceGrantId });
  const target = await findDelegationTarget(tx, input.accountId, locked.scope_path, today);
  // No details: the answer is byte for byte the same for every account the caller may not hand duties to.
  if (!target) throw new AppError('NOT_FOUND');
  const existing = await findOverlappingDelegation(tx, sourceGrantId, target.id, period);
  if (existing) throw new AppError('DELEGATION_EXISTS', { grantId: existing.id });
  const grant = await insertGrant(tx, {
    accountId: target.id, role, unitId: unit.id, ...period, delegatedFromGrantId: sourceGrantId, note: input.note ?? null, createdBy: caller.accountId,
  });
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'grant.delegate', objectType: 'grant', objectId: grant.id, unitId: unit.id, effectiveDate: period.validFrom, decisionId,
    after: { accountId: target.id, role, unitId: unit.id, ...period, delegatedFromGrantId: sourceGrantId, note: input.note ?? null },
    requestId: actor.requestId ?? null,
  });
  // On a unit under the caller's own grant, the acting grant lies in the caller's reach.
  return grantView(tx, reach, grant.id, today);
}

/** The delegator ends an acting grant they gave before its end date. */
export async function endDelegation(tx: Tx, actor: Actor, grantId: number, input: { reason?: string; decisionId?: number }): Promise<GrantView> {
  const { caller } = actor;
  const today = todayInVietnam();
  const decisionId = await resolveDecision(tx, caller, input.decisionId);
  const grant = await lockDelegationGivenBy(tx, grantId, caller.accountId);
  if (!grant) throw new AppError('NOT_FOUND', { grantId });
  if (grant.revoked_at !== null) throw new AppError('GRANT_ALREADY_REVOKED');
  await revokeWithDelegations(tx, actor, grant, 'grant.delegation_end', { reason: input.reason ?? null, decisionId }, today);
  // Found above as one the caller gave; its unit need not lie in the caller's reach any more (the source grant may
  // have ended since).
  return grantView(tx, systemScope('an acting grant its delegator ended'), grantId, today);
}

/** The acting grants the caller gave (from any of their grants) and received, not ended yet. */
export async function listDelegationsOf(db: Executor, caller: Caller) {
  const today = todayInVietnam();
  const own = await db.selectFrom('grants').select('id').where('account_id', '=', caller.accountId).execute();
  // Found by the caller's own account (given from their grants, or held), wherever the units lie.
  const scope = systemScope('the caller\'s own acting grants');
  const [given, received] = await Promise.all([
    listGrants(db, scope, { delegatedFrom: own.map((row) => row.id), includeInactive: false, today, limit: 500, offset: 0 }),
    listGrants(db, scope, { accountId: caller.accountId, delegatedFrom: undefined, includeInactive: false, today, limit: 500, offset: 0 }),
  ]);
  return {
    given: given.map((row) => toGrantView(row, today)),
    received: received.filter((row) => row.delegated_from_grant_id !== null).map((row) => toGrantView(row, today)),
  };
}
