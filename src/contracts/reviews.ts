/**
 * The annual review and classification (đánh giá, xếp loại chất lượng; DOMAIN.md §4), shared by server and web: the
 * four levels, the periods, the requests that record and correct results, and the answers.
 */
import { z } from 'zod';
import { isoDateSchema } from './members.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().int().positive().max(2_147_483_647);

/** The four levels, best first (124-QĐ/TW; 366-QĐ/TW keeps them). */
export const REVIEW_LEVELS = ['excellent', 'good', 'completed', 'not_completed'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];
export const REVIEW_LEVEL_LABELS: Record<ReviewLevel, { vi: string; en: string }> = {
  excellent: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Completed tasks excellently' },
  good: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Completed tasks well' },
  completed: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed tasks' },
  not_completed: { vi: 'Không hoàn thành nhiệm vụ', en: 'Did not complete tasks' },
};

/** Whom a result classifies: an organization (a grassroots organization, a sub-committee, a cell) or a member. */
export const REVIEW_SUBJECTS = ['member', 'organization'] as const;
export type ReviewSubject = (typeof REVIEW_SUBJECTS)[number];

/** Why a member is not classified for a period (the rule's reasons, `src/rules/review-classification.ts`). */
export const NOT_CLASSIFIED_REASONS = ['exempted', 'suspended', 'admitted_recently', 'not_a_member'] as const;
export type NotClassifiedReason = (typeof NOT_CLASSIFIED_REASONS)[number];

/** Rows per request: a grassroots committee's members, or a commune committee's organizations, fit in one. */
export const REVIEW_BATCH_MAX_ROWS = 1_000;
/** Years that can be recorded: from this one to the current one. */
export const REVIEW_FIRST_YEAR = 2000;

const year = z.number().int().min(REVIEW_FIRST_YEAR).max(2100);
const note = z.string().trim().max(500).nullable().optional();

/** A batch: one unit, one year, one decision, and rows each naming its subject by `key` with a level. */
const batchOf = <K extends z.ZodRawShape>(key: K) => z.strictObject({
  unitId: id,
  year,
  decisionId: id,
  results: z.array(z.strictObject({ ...key, level: z.enum(REVIEW_LEVELS), note })).min(1).max(REVIEW_BATCH_MAX_ROWS),
});

/** A unit's members (placed in its subtree on 31/12 of the year); the unit is the quota's group. */
export const memberResultsRequestSchema = batchOf({ memberId: id });
export type MemberResultsRequest = z.infer<typeof memberResultsRequestSchema>;

/** The organizations beneath a committee (on 31/12 of the year); the committee is the quota's group. */
export const organizationResultsRequestSchema = batchOf({ unitId: id });
export type OrganizationResultsRequest = z.infer<typeof organizationResultsRequestSchema>;

export const resultCorrectionRequestSchema = z.strictObject({
  expectedRowVersion: z.number().int().nonnegative().max(2_147_483_647),
  level: z.enum(REVIEW_LEVELS),
  decisionId: id,
  reason: z.string().trim().min(1).max(500),
  note,
});
export type ResultCorrectionRequest = z.infer<typeof resultCorrectionRequestSchema>;

export const reviewListQuerySchema = z.strictObject({
  unitId: queryId,
  year: z.coerce.number().int().min(REVIEW_FIRST_YEAR).max(2100),
  subject: z.enum(REVIEW_SUBJECTS).default('member'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

const decisionRefSchema = z.object({ id: z.number(), number: z.string(), signedOn: z.string(), issuingBody: z.string() });

export const reviewResultSchema = z.object({
  id: z.number(),
  year: z.number(),
  subject: z.enum(REVIEW_SUBJECTS),
  /** The organization classified, or the member's cell on the period's last day. */
  unitId: z.number(),
  memberId: z.number().nullable(),
  recordedUnderId: z.number(),
  level: z.enum(REVIEW_LEVELS),
  decision: decisionRefSchema,
  note: z.string().nullable(),
  correctsId: z.number().nullable(),
  recordedAt: z.string(),
  rowVersion: z.number(),
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;

export const reviewBatchResponseSchema = z.object({ applied: z.number(), items: z.array(reviewResultSchema) });
export type ReviewBatchResponse = z.infer<typeof reviewBatchResponseSchema>;

const levelCountsSchema = z.object({ excellent: z.number(), good: z.number(), completed: z.number(), not_completed: z.number() });
export type LevelCounts = z.infer<typeof levelCountsSchema>;

export const reviewListSchema = z.object({
  unitId: z.number(),
  year: z.number(),
  subject: z.enum(REVIEW_SUBJECTS),
  /** The day the subtree is read on: 31/12 of the year. */
  endsOn: isoDateSchema,
  items: z.array(z.object({
    /** The member's id, or the organization's. */
    id: z.number(),
    name: z.string(),
    /** The member's cell, or the organization itself, on the period's last day. */
    unitId: z.number(),
    unitName: z.string(),
    kind: z.string().nullable(),
    result: reviewResultSchema.nullable(),
    /** A member the rules do not classify for the period (then no result can be recorded). */
    notClassified: z.enum(NOT_CLASSIFIED_REASONS).nullable(),
  })),
  nextCursor: z.string().nullable(),
  /** The whole subtree's standing results by level (first page only; null after it). */
  totals: z.object({ classified: z.number(), byLevel: levelCountsSchema, completedOrBetter: z.number() }).nullable(),
});
export type ReviewList = z.infer<typeof reviewListSchema>;
