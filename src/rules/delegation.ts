/**
 * Which grants may be delegated, and for how long: a pure, versioned rule shared by the server (grant-rules.ts, which
 * checks every request) and the web app (which offers only the grants that may be delegated).
 */
import { ROLE_PERMISSIONS, type Action } from '../contracts/permissions.ts';
import type { Role } from '../contracts/permissions.ts';

/**
 * Delegation (ủy quyền), versioned: an officer who will be away (study, leave, illness, a mission) lets a colleague
 * of the same organization carry their own duties for a while. What follows from that:
 * - only a role that carries a duty to change or manage records can be handed over; a read-only role (viewer,
 *   inspection officer) is no duty at all, only access, and the self-service member role is personal;
 * - the period starts today or later (an absence is not back-dated), lies inside the source grant's own period,
 *   and lasts at most `maxMonths`: an absence longer than that is no longer "temporary", and the committee assigns
 *   someone by a decision (an ordinary grant) instead;
 * - the deputy belongs to the organization whose duties they take over (checked by the accounts area on the target).
 * A change to these values is a new version with its own `from` date; the versions stay listed.
 */
export const DELEGATION_RULE_VERSIONS = [
  { version: 1, from: '2000-01-01', maxMonths: 6, dutyActions: ['org.restructure', 'decision.write', 'member.write', 'account.manage'] as readonly Action[] },
] as const;

export type DelegationRules = (typeof DELEGATION_RULE_VERSIONS)[number];

/** The delegation rule values in force on `date`. */
export function delegationRulesOn(date: string): DelegationRules {
  let current: DelegationRules = DELEGATION_RULE_VERSIONS[0];
  for (const version of DELEGATION_RULE_VERSIONS) if (version.from <= date) current = version;
  return current;
}

/** A role can be delegated when it carries at least one duty (a write or management action); an unknown role cannot. */
export function isRoleDelegable(role: Role | string, rules: DelegationRules): boolean {
  const actions: readonly Action[] | undefined = (ROLE_PERMISSIONS as Record<string, readonly Action[]>)[role];
  return actions?.some((action) => rules.dutyActions.includes(action)) ?? false;
}
