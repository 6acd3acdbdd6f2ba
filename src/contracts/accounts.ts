/**
 * Accounts, grants and acting grants (delegations): request and response schemas shared by server and web.
 * A grant gives one role on one unit's subtree for a period [validFrom, validTo).
 */
import { z } from 'zod';
import { ownMessage } from './validation.ts';
import { ROLES } from './permissions.ts';
import { isoDateSchema } from './dates.ts';

export const roleSchema = z.enum(ROLES);
export const localeSchema = z.enum(['vi', 'en']);

export { isoDateSchema };

/** Letters, digits and . _ @ -, starting with a letter or digit; compared without case. */
export const usernameSchema = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, ownMessage({
  vi: 'Tên đăng nhập dài 3 đến 64 ký tự, chỉ gồm chữ cái không dấu, chữ số và các ký tự . _ @ - (bắt đầu bằng chữ cái hoặc chữ số)',
  en: 'A username is 3 to 64 characters: unaccented letters, digits and . _ @ - (starting with a letter or a digit)',
}));
export const displayNameSchema = z.string().trim().min(1).max(200);
export const passwordSchema = z.string().min(1).max(500);
export const rowVersionSchema = z.number().int().min(0);
const idSchema = z.number().int().positive();

export const GRANT_STATUSES = ['active', 'scheduled', 'expired', 'revoked'] as const;

export const grantSchema = z.object({
  id: z.number(),
  accountId: z.number(),
  username: z.string(),
  role: roleSchema,
  unitId: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Set on an acting grant: the grant it was delegated from. */
  delegatedFromGrantId: z.number().nullable(),
  note: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
  status: z.enum(GRANT_STATUSES),
});
export type GrantView = z.infer<typeof grantSchema>;

export const accountSummarySchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  locale: localeSchema,
  memberId: z.number().nullable(),
  mustChangePassword: z.boolean(),
  disabledAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  rowVersion: z.number(),
  createdAt: z.string(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const accountDetailSchema = accountSummarySchema.extend({
  /** The account's grants on units inside the caller's subtrees (in force or not). */
  grants: z.array(grantSchema),
  /** The account also holds a grant in force outside the caller's subtrees: the caller cannot change it. */
  hasGrantsOutsideScope: z.boolean(),
  /** What the caller may do with this account (the client never reasons about roles). */
  abilities: z.object({ manage: z.boolean() }),
});
export type AccountDetail = z.infer<typeof accountDetailSchema>;

export const pageQuerySchema = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const accountListQuerySchema = z.object({
  /** Username or display name, ignoring case and diacritics ("nguyen van an" finds "Nguyễn Văn An"). */
  q: z.string().trim().max(200).optional(),
  /** Only accounts with a grant on this unit's subtree. */
  unitId: z.coerce.number().int().positive().optional(),
  ...pageQuerySchema,
});

export const accountListSchema = z.object({
  items: z.array(accountSummarySchema.extend({
    roles: z.array(roleSchema),
    /** Where each of those roles is granted: the unit and its place ("Chi bộ khu 1 · Đảng bộ phường Cẩm Phả"). */
    grants: z.array(z.object({ role: roleSchema, unitId: z.number(), unitPlace: z.string() })),
  })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

/** The decision (legal basis) a grant or its revocation rests on, when there is one; it goes to the journal. */
const decisionIdSchema = idSchema.optional();

export const grantInputSchema = z.strictObject({
  role: roleSchema,
  unitId: idSchema,
  validFrom: isoDateSchema.optional(),
  validTo: isoDateSchema.nullable().optional(),
  note: z.string().trim().max(500).optional(),
  decisionId: decisionIdSchema,
});

export const createAccountBodySchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  locale: localeSchema.optional(),
  /** The member record a self-service account belongs to (required with the 'member' role). */
  memberId: idSchema.optional(),
  grant: grantInputSchema,
});

export const createdAccountSchema = z.object({
  account: accountDetailSchema,
  /** Shown once; the account must change it at first sign-in. */
  oneTimePassword: z.string(),
});

export const updateAccountBodySchema = z.strictObject({
  expectedRowVersion: rowVersionSchema,
  displayName: displayNameSchema.optional(),
  locale: localeSchema.optional(),
});

export const accountStateBodySchema = z.strictObject({
  expectedRowVersion: rowVersionSchema,
  reason: z.string().trim().max(500).optional(),
});

export const resetPasswordResultSchema = z.object({ account: accountDetailSchema, oneTimePassword: z.string() });

export const grantListQuerySchema = z.object({
  accountId: z.coerce.number().int().positive().optional(),
  /** Grants on this unit's subtree. */
  unitId: z.coerce.number().int().positive().optional(),
  /** Include revoked and expired grants (history). */
  includeInactive: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  ...pageQuerySchema,
});

export const grantListSchema = z.object({ items: z.array(grantSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const createGrantBodySchema = grantInputSchema.extend({
  accountId: idSchema,
  /** Links the account to its member record when granting the 'member' role. */
  memberId: idSchema.optional(),
});

export const revokeGrantBodySchema = z.strictObject({ reason: z.string().trim().max(500).optional(), decisionId: decisionIdSchema });

export const delegateGrantBodySchema = z.strictObject({
  /** The account that will act. */
  accountId: idSchema,
  /** Defaults to the source grant's role; may be a lesser one. */
  role: roleSchema.optional(),
  /** Defaults to the source grant's unit; may be a unit under it. */
  unitId: idSchema.optional(),
  /** Today or later (defaults to today). */
  validFrom: isoDateSchema.optional(),
  /** Required: an acting grant always ends, at the latest when its source grant ends and within the rule's months. */
  validTo: isoDateSchema.optional(),
  note: z.string().trim().max(500).optional(),
  decisionId: decisionIdSchema,
});

export const changePasswordBodySchema = z.strictObject({ currentPassword: passwordSchema, newPassword: passwordSchema });
export const updateMeBodySchema = z.strictObject({ locale: localeSchema });
