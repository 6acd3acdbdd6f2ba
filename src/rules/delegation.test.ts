import { describe, expect, it } from 'vitest';
import { ROLES } from '../contracts/permissions.ts';
import { delegationRulesOn, isRoleDelegable } from './delegation.ts';

describe('delegation rule', () => {
  const rules = delegationRulesOn('2026-12-04');

  it('lets a role with a duty be handed over, and not a read-only or personal role', () => {
    // The inspection officer's role only reads in the permission matrix, so it carries no duty to hand over.
    expect(ROLES.filter((role) => isRoleDelegable(role, rules))).toEqual(['admin', 'org_officer', 'cell_secretary']);
  });

  it('refuses a role it does not know', () => {
    expect(isRoleDelegable('superuser', rules)).toBe(false);
  });

  it('bounds the period to a few months', () => {
    expect(rules.maxMonths).toBeGreaterThan(0);
    expect(rules.maxMonths).toBeLessThanOrEqual(12);
  });
});
