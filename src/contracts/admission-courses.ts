/**
 * The awareness course (lớp bồi dưỡng nhận thức về Đảng) as an object of its own (issue 13, item 6; DOMAIN.md §2):
 * organized by a grassroots committee or a level above, its participants (candidates of cells under it) and their
 * results on closing. Shared by server and web.
 */
import { z } from 'zod';
import { isoDateSchema } from './members.ts';
import { CANDIDATE_STATUSES } from './admissions.ts';
import { ORG_KINDS } from './org-kinds.ts';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const rowVersion = z.number().int().nonnegative();

/**
 * Who may organize a course: the grassroots committee or a level above it, whose political centre runs the classes
 * (06-HD/TW §3: the awareness course before admission; DOMAIN.md §1–2). A cell (grassroots or not), a sub-committee
 * or a party group does not. The server refuses others (`COURSE_UNIT_INVALID`); the web offers the form only to them.
 */
export function mayOrganizeCourse(kind: string): boolean {
  if (kind === 'grassroots_committee') return true;
  const level = (ORG_KINDS as Record<string, { level: string }>)[kind]?.level;
  return level === 'central' || level === 'provincial' || level === 'superior';
}

/** open: running (participants added and removed); closed: results recorded; cancelled: voided with a reason. */
export const COURSE_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const COURSE_RESULTS = ['completed', 'not_completed'] as const;
export type CourseResult = (typeof COURSE_RESULTS)[number];

/** At most this many candidates added in one request, and results recorded in one closing. */
export const COURSE_ADD_MAX = 200;
export const COURSE_RESULTS_MAX = 2_000;

// ---------------------------------------------------------------------------------------------------------------
// Requests

export const courseCreateRequestSchema = z.strictObject({
  /** The organizing unit: a grassroots committee or a level above (not a cell). */
  unitId: id,
  name: text(300),
  /** Its number or code, unique in the organizing unit among the courses not cancelled. */
  code: text(60),
  opensOn: isoDateSchema,
  /** The planned closing date; the course closes when its results are recorded. */
  closesOn: isoDateSchema,
  place: optionalText(300),
});
export type CourseCreateRequest = z.infer<typeof courseCreateRequestSchema>;

export const courseListQuerySchema = z.strictObject({
  /** The unit whose subtree's courses are listed (default: all the caller's subtrees). */
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(COURSE_STATUSES).optional(),
  /** The courses a candidate took part in (voided participations left out). */
  candidateId: z.coerce.number().int().positive().optional(),
  /** Words of the name or the code (diacritics and case ignored). */
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type CourseListQuery = z.infer<typeof courseListQuerySchema>;

export const courseParticipantsRequestSchema = z.strictObject({
  expectedRowVersion: rowVersion,
  /** Candidates (quần chúng) of cells under the organizing unit, files open and before the cell's vote. */
  candidateIds: z.array(id).min(1).max(COURSE_ADD_MAX),
});
export type CourseParticipantsRequest = z.infer<typeof courseParticipantsRequestSchema>;

export const courseVoidRequestSchema = z.strictObject({ expectedRowVersion: rowVersion, reason: text(2000) });
export type CourseVoidRequest = z.infer<typeof courseVoidRequestSchema>;

export const courseResultSchema = z.discriminatedUnion('result', [
  z.strictObject({
    participantId: id,
    result: z.literal('completed'),
    certificateNumber: text(60),
    /** The certificate's last valid day; by default the rule's validity counted from the closing date. */
    certificateValidUntil: isoDateSchema.nullable().optional(),
    note: optionalText(1000),
  }),
  z.strictObject({ participantId: id, result: z.literal('not_completed'), note: optionalText(1000) }),
]);
export type CourseResultInput = z.infer<typeof courseResultSchema>;

export const courseCloseRequestSchema = z.strictObject({
  expectedRowVersion: rowVersion,
  /** The day the course closed (the completion date written to each participant's file). */
  closedOn: isoDateSchema,
  /** One result per participant, every participant. */
  results: z.array(courseResultSchema).min(1).max(COURSE_RESULTS_MAX),
});
export type CourseCloseRequest = z.infer<typeof courseCloseRequestSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const courseSummarySchema = z.object({
  id: z.number(),
  unitId: z.number(),
  /** The organizing unit's name today. */
  unitName: z.string(),
  name: z.string(),
  code: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  place: z.string().nullable(),
  status: z.enum(COURSE_STATUSES),
  closedOn: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Participants not voided, and those who completed it. */
  participants: z.number(),
  completed: z.number(),
  rowVersion: z.number(),
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;

export const courseListSchema = z.object({
  items: z.array(courseSummarySchema),
  nextCursor: z.string().nullable(),
  /** Courses matching the query (first page only; null after it), at most LIST_TOTAL_CAP, `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type CourseList = z.infer<typeof courseListSchema>;

export const courseParticipantSchema = z.object({
  id: z.number(),
  candidateId: z.number(),
  fullName: z.string(),
  birthDate: z.string(),
  /** The candidate's proposing cell, by name today. */
  cellId: z.number(),
  cellName: z.string(),
  candidateStatus: z.enum(CANDIDATE_STATUSES),
  candidateStage: z.string(),
  result: z.enum(COURSE_RESULTS).nullable(),
  certificateNumber: z.string().nullable(),
  certificateValidUntil: z.string().nullable(),
  note: z.string().nullable(),
  /** Whether the completion was written to the candidate's file (an open file before the cell's vote). */
  appliedToCandidate: z.boolean(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
});
export type CourseParticipant = z.infer<typeof courseParticipantSchema>;

export const courseDetailSchema = courseSummarySchema.extend({
  /**
   * The caller may run the course's commands (its organizer lies in their write scope). A cell's secretary reads the
   * courses their candidates attend, organized above the cell, without managing them.
   */
  manageable: z.boolean(),
  /** Every participant the caller may see (a cell's secretary: their own cell's), the voided ones last. */
  participantList: z.array(courseParticipantSchema),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;
