/**
 * The checks every new grant passes, whether it comes with a new account, is added to an existing one, or is given
 * on the command line: a unit that exists and lives, a period that makes sense, and a member link for the
 * self-service role. Scope checks are the callers' (see `accounts.service.ts`, `grants.service.ts`).
 */
import { requireUsableDecision, scopeIncludes, scopeOf, type Caller, type CallerGrant, type Executor } from '../../kernel/index.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../contracts/errors.ts';
import { delegationRulesOn, isRoleDelegable, type DelegationRules } from '../../rules/delegation.ts';
import { addMonths } from '../../lib/dates.ts';
import { findMemberById } from '../members/index.ts';
import { findUnit, type UnitRow } from './accounts.repository.ts';
import { callerCoversRole, isRoleWithin } from './roles.ts';

export interface GrantPeriod {
  validFrom: string;
  validTo: string | null;
}

/** [validFrom, validTo) with validTo after validFrom; validFrom defaults to today. */
export function resolvePeriod(input: { validFrom?: string; validTo?: string | null }, today: string): GrantPeriod {
  const validFrom = input.validFrom ?? today;
  const validTo = input.validTo ?? null;
  if (validTo !== null && validTo <= validFrom) throw new AppError('DATE_RANGE_INVALID', { validFrom, validTo });
  return { validFrom, validTo };
}

export function assertUnitLives(unit: UnitRow) {
  if (unit.ended_on !== null) throw new AppError('ORG_UNIT_ENDED', { unitId: unit.id, endedOn: unit.ended_on });
}

/**
 * The unit a caller grants on. A unit the caller cannot see at all is not found (404, like a missing one); a unit the
 * caller sees but does not manage (e.g. one above their own subtree) is GRANT_OUTSIDE_SCOPE; a role wider than the
 * caller's own role on that unit is GRANT_ROLE_NOT_ALLOWED.
 */
export async function resolveGrantUnit(db: Executor, caller: Caller, unitId: number, role: Role): Promise<UnitRow> {
  const unit = await findUnit(db, unitId, reachOf(caller));
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  if (!scopeIncludes(scopeOf(caller, 'account.manage'), unit.scope_path)) throw new AppError('GRANT_OUTSIDE_SCOPE', { unitId });
  assertUnitLives(unit);
  if (!callerCoversRole(caller, 'account.manage', unit.scope_path, role)) throw new AppError('GRANT_ROLE_NOT_ALLOWED', { role });
  return unit;
}

/**
 * Everything the caller sees through any of their grants, whatever the role: every role carries `member.self`
 * (contracts/permissions.ts), so its scope is the union of all the caller's subtrees.
 */
export function reachOf(caller: Caller) {
  return scopeOf(caller, 'member.self');
}

/** The self-service role needs the account linked to a member record. */
export function resolveMemberLink(role: Role, accountMemberId: number | null, requested: number | undefined): { link: number | null } {
  if (requested !== undefined && accountMemberId !== null && accountMemberId !== requested) {
    throw new AppError('MEMBER_ALREADY_LINKED', { memberId: accountMemberId });
  }
  if (role === 'member' && accountMemberId === null && requested === undefined) throw new AppError('MEMBER_LINK_REQUIRED');
  return { link: accountMemberId === null && requested !== undefined ? requested : null };
}

/**
 * A member record an account is linked to must be one the caller manages: its unit inside the caller's
 * `account.manage` subtrees; out of scope it is not found (404), like a missing one, so an officer cannot give
 * anyone an account onto another province's member (issue 10: "a grant can be passed to anyone" must not recur).
 */
export async function requireLinkableMember(db: Executor, caller: Caller, memberId: number | undefined): Promise<void> {
  if (memberId === undefined) return;
  const member = await findMemberById(db, memberId, scopeOf(caller, 'account.manage'));
  if (!member) throw new AppError('NOT_FOUND', { memberId });
}

/**
 * A cited decision must be one the caller may cite for managing accounts (`requireUsableDecision`: issued inside or
 * above the caller's `account.manage` subtrees), else DECISION_NOT_FOUND; none cited is fine.
 */
export async function resolveDecision(db: Executor, caller: Caller, decisionId: number | undefined): Promise<number | null> {
  if (decisionId === undefined) return null;
  const decision = await requireUsableDecision(db, caller, decisionId, { action: 'account.manage' });
  return decision.id;
}

/**
 * Checks a delegation request that does not depend on the target account, in an order that never needs the target:
 * so every answer here is the same whoever the target is. Returns the acting grant's role and period.
 * Refusals: an acting grant (DELEGATION_INVALID: no chains); a source role without duties, the viewer's or the
 * self-service member's (DELEGATION_ROLE_NOT_DELEGABLE); the member role or oneself (DELEGATION_INVALID); a
 * wider role (GRANT_ROLE_NOT_ALLOWED); no end (DELEGATION_NEEDS_END); a start before today (DELEGATION_STARTS_IN_PAST);
 * outside the source's period (DELEGATION_BEYOND_SOURCE); longer than the rule allows (DELEGATION_TOO_LONG).
 */
export function resolveDelegation(
  source: CallerGrant, callerAccountId: number, input: { accountId: number; role?: Role; validFrom?: string; validTo?: string }, today: string,
): { role: Role; period: { validFrom: string; validTo: string } } {
  const rules = delegationRulesOn(today);
  const role = input.role ?? source.role;
  if (source.isDelegation) throw new AppError('DELEGATION_INVALID');
  if (!isRoleDelegable(source.role, rules)) throw new AppError('DELEGATION_ROLE_NOT_DELEGABLE', { role: source.role });
  if (role === 'member' || input.accountId === callerAccountId) throw new AppError('DELEGATION_INVALID');
  if (!isRoleWithin(role, source.role)) throw new AppError('GRANT_ROLE_NOT_ALLOWED', { role, sourceRole: source.role });
  if (input.validTo === undefined) throw new AppError('DELEGATION_NEEDS_END');
  const { validFrom, validTo } = resolvePeriod({ validFrom: input.validFrom ?? today, validTo: input.validTo }, today);
  if (validFrom < today) throw new AppError('DELEGATION_STARTS_IN_PAST', { validFrom, today });
  if (validFrom < source.validFrom || (source.validTo !== null && validTo! > source.validTo)) {
    throw new AppError('DELEGATION_BEYOND_SOURCE', { sourceValidFrom: source.validFrom, sourceValidTo: source.validTo });
  }
  const latest = addMonths(validFrom, rules.maxMonths);
  if (validTo! > latest) throw new AppError('DELEGATION_TOO_LONG', { maxMonths: rules.maxMonths, latestValidTo: latest });
  return { role, period: { validFrom, validTo: validTo! } };
}

/** Unique and foreign-key violations on accounts, told apart by their constraint. */
export function mapAccountUniqueViolation(error: unknown): never {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code === '23505' && pgError.constraint === 'accounts_username') throw new AppError('USERNAME_TAKEN');
  if (pgError.code === '23505' && pgError.constraint === 'accounts_member_unique') throw new AppError('MEMBER_ALREADY_LINKED');
  if (pgError.code === '23503' && pgError.constraint === 'accounts_member_fk') throw new AppError('MEMBER_RECORD_NOT_FOUND');
  throw error;
}
