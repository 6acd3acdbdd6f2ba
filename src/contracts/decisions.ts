/**
 * Decisions (the legal basis every change refers to) and reading the journal: request and response schemas.
 *
 * Endpoints
 *   POST /api/decisions                       body DecisionCreate → Decision (201)
 *   POST /api/decisions/bulk                  body { rows: DecisionCreate[] } → { items: Decision[] } (201; all or nothing)
 *   GET  /api/decisions?q=&number=&from=&to=&issuingUnitId=&limit=&cursor=   → DecisionList (newest first)
 *   GET  /api/decisions/:id                   → Decision
 *   PUT  /api/decisions/:id/attachment        multipart/form-data, one PDF file (≤ 20 MB) → Decision
 *   GET  /api/decisions/:id/attachment        → the PDF
 *   GET  /api/journal?objectType=&objectId=&unitId=&action=&from=&to=&accountId=&limit=&cursor=  → JournalPage
 */
import { z } from 'zod';
import { isoDateSchema as isoDate } from './dates.ts';

const id = z.number().int().positive();
const idParam = z.coerce.number().int().positive();

/** 20 MB: scanned decisions of a few pages fit comfortably. */
export const DECISION_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export const decisionIdParams = z.strictObject({ id: idParam });

export const decisionCreateSchema = z.strictObject({
  /** As printed, e.g. "125-QĐ/TU". Duplicates are found ignoring case, diacritics and spaces. */
  number: z.string().trim().min(1).max(100),
  signedOn: isoDate,
  /** e.g. "Ban Thường vụ Tỉnh ủy Quảng Ninh". */
  issuingBody: z.string().trim().min(1).max(300),
  /** The unit whose body issued it (its committee); the decision is visible to that unit's subtree. */
  issuingUnitId: id,
  signer: z.string().trim().min(1).max(200).optional(),
  subject: z.string().trim().min(1).max(2000).optional(),
});
export type DecisionCreate = z.infer<typeof decisionCreateSchema>;

/**
 * POST /api/decisions/bulk: many decisions recorded at once, all or nothing (a migration's). The rows are not capped
 * in the schema: above BULK_MAX_ROWS (src/contracts/members.ts) the service answers BULK_TOO_MANY_ROWS.
 */
export const decisionBulkCreateSchema = z.strictObject({ rows: z.array(decisionCreateSchema).min(1) });
export type DecisionBulkCreate = z.infer<typeof decisionBulkCreateSchema>;

export const attachmentMetaSchema = z.object({
  id: z.number(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
});

export const decisionSchema = z.object({
  id: z.number(),
  number: z.string(),
  signedOn: isoDate,
  issuingBody: z.string(),
  issuingUnitId: z.number().nullable(),
  issuingUnitName: z.string().nullable(),
  signer: z.string().nullable(),
  subject: z.string().nullable(),
  attachment: attachmentMetaSchema.nullable(),
  recordedBy: z.number().nullable(),
  createdAt: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** What POST /api/decisions/bulk recorded: the decisions in the rows' order. */
export const decisionBulkResultSchema = z.object({ items: z.array(decisionSchema) });
export type DecisionBulkResult = z.infer<typeof decisionBulkResultSchema>;

export const decisionListQuery = z.strictObject({
  /** Number, subject or issuing body, ignoring diacritics and case. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Number prefix, ignoring diacritics, case and spaces ("125-qd" finds "125-QĐ/TU"). */
  number: z.string().trim().min(1).max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Decisions issued by this unit or any unit under it. */
  issuingUnitId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type DecisionListQuery = z.infer<typeof decisionListQuery>;

/** A list's total is counted up to this many rows, once per query (with its first page). */
export const LIST_TOTAL_CAP = 100_000;

export const decisionListSchema = z.object({
  items: z.array(decisionSchema),
  nextCursor: z.string().nullable(),
  /** Decisions matching the query (first page only; null after it), at most LIST_TOTAL_CAP, `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type DecisionList = z.infer<typeof decisionListSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The journal

export const journalQuery = z.strictObject({
  objectType: z.string().trim().min(1).max(100).optional(),
  objectId: z.string().trim().min(1).max(100).optional(),
  /** Entries of this unit and every unit under it. */
  unitId: idParam.optional(),
  /** Exact action ('org.merge') or a prefix ending in '.' ('org.'). */
  action: z.string().trim().min(1).max(100).optional(),
  /** Recorded on or after / on or before these dates (Vietnam time). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  accountId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
export type JournalQuery = z.infer<typeof journalQuery>;

export const journalEntrySchema = z.object({
  id: z.number(),
  recordedAt: z.string(),
  accountId: z.number().nullable(),
  accountName: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  /** The object in words (a member's name, a unit with where it is, a decision's number), when it can be named. */
  objectName: z.string().nullable(),
  unitId: z.number().nullable(),
  /** The unit the entry was recorded under, with where it is. */
  unitName: z.string().nullable(),
  effectiveDate: isoDate.nullable(),
  decisionId: z.number().nullable(),
  decisionNumber: z.string().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type JournalEntryDto = z.infer<typeof journalEntrySchema>;

/** Newest first; pass `nextCursor` back as `cursor` for the next page. */
/** The journal's total is counted up to this many entries (a province's journal grows without end). */
export const JOURNAL_TOTAL_CAP = 10_000;

export const journalPageSchema = z.object({
  items: z.array(journalEntrySchema),
  nextCursor: z.string().nullable(),
  /** Entries matching the query (first page only; null after it), at most JOURNAL_TOTAL_CAP, `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type JournalPage = z.infer<typeof journalPageSchema>;
