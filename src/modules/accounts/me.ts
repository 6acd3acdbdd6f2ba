import { z } from 'zod';
import { callerMay, versionIsCurrent, type Caller, type Executor } from '../../kernel/index.ts';
import { ACTIONS } from '../../contracts/permissions.ts';

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(['vi', 'en']),
  memberId: z.number().nullable(),
  csrfToken: z.string(),
  /** Signed in with a one-time password: only /api/auth/* answers until it is changed. */
  mustChangePassword: z.boolean(),
  abilities: z.array(z.string()),
  grants: z.array(z.object({
    id: z.number(), role: z.string(), unitId: z.number(), unitName: z.string(), validFrom: z.string(), validTo: z.string().nullable(), isDelegation: z.boolean(),
  })),
});

export async function describeCaller(db: Executor, caller: Caller, csrfToken: string, mustChangePassword: boolean): Promise<z.infer<typeof meSchema>> {
  const unitIds = caller.grants.map((grant) => grant.unitId);
  const names = unitIds.length
    ? await db.selectFrom('org_unit_versions as v').select(['v.unit_id', 'v.name']).where('v.unit_id', 'in', unitIds).where(versionIsCurrent('v')).execute()
    : [];
  const nameOf = new Map(names.map((row) => [row.unit_id, row.name]));
  return {
    id: caller.accountId,
    username: caller.username,
    displayName: caller.displayName,
    locale: caller.locale,
    memberId: caller.memberId,
    csrfToken,
    mustChangePassword,
    abilities: ACTIONS.filter((action) => callerMay(caller, action)),
    grants: caller.grants.map((grant) => ({
      id: grant.grantId, role: grant.role, unitId: grant.unitId, unitName: nameOf.get(grant.unitId) ?? '', validFrom: grant.validFrom, validTo: grant.validTo, isDelegation: grant.isDelegation,
    })),
  };
}
