/**
 * The admission pipeline's vocabulary and API shapes (issue 13; DOMAIN.md §2), shared by server and web: candidates
 * (quần chúng ưu tú), the file's forms, the introducers, the steps in their order, the worklists and the calendar's
 * adjustments.
 */
import { z } from 'zod';
import { isoDateSchema, memberIdentityInputSchema } from './members.ts';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Where a candidate comes from (nguồn kết nạp, as the reports count them). */
export const CANDIDATE_SOURCES = [
  'student', 'private_enterprise', 'state_enterprise', 'foreign_enterprise', 'state_body', 'public_service', 'youth_union', 'village', 'armed_forces', 'other',
] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];
export const CANDIDATE_SOURCE_LABELS: Record<CandidateSource, { vi: string; en: string }> = {
  student: { vi: 'Học sinh, sinh viên', en: 'Student' },
  private_enterprise: { vi: 'Doanh nghiệp tư nhân', en: 'Private enterprise' },
  state_enterprise: { vi: 'Doanh nghiệp nhà nước', en: 'State enterprise' },
  foreign_enterprise: { vi: 'Doanh nghiệp có vốn đầu tư nước ngoài', en: 'Foreign-invested enterprise' },
  state_body: { vi: 'Cơ quan nhà nước', en: 'State body' },
  public_service: { vi: 'Đơn vị sự nghiệp', en: 'Public service unit' },
  youth_union: { vi: 'Đoàn viên thanh niên', en: 'Youth union' },
  village: { vi: 'Thôn, bản, tổ dân phố', en: 'Village or neighbourhood' },
  armed_forces: { vi: 'Lực lượng vũ trang', en: 'Armed forces' },
  other: { vi: 'Khác', en: 'Other' },
};

/**
 * The forms of the admission file (1-KNĐ … 9-KNĐ) and of recognition (10-KNĐ … 15-KNĐ), as the guidance on party
 * procedures numbers them (12-HD/TW; 06-HD/TW keeps the numbering; the titles below are ours, `[?]` where the
 * guidance's wording was not confirmed).
 */
export const ADMISSION_FORMS = {
  '1-KNĐ': { vi: 'Đơn xin vào Đảng', en: 'Application' },
  '2-KNĐ': { vi: 'Lý lịch của người xin vào Đảng', en: 'Personal history' },
  '3-KNĐ': { vi: 'Giấy giới thiệu người vào Đảng', en: 'Introducer\'s letter' },
  '4-KNĐ': { vi: 'Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng', en: 'Youth union\'s resolution' },
  '5-KNĐ': { vi: 'Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú', en: 'Opinions of the organizations and of the place of residence' },
  '6-KNĐ': { vi: 'Nghị quyết đề nghị kết nạp của chi bộ', en: 'Cell\'s resolution' },
  '7-KNĐ': { vi: 'Báo cáo thẩm định (của đảng ủy bộ phận, nếu có) [?]', en: 'Appraisal report [?]' },
  '8-KNĐ': { vi: 'Nghị quyết của đảng ủy cơ sở', en: 'Grassroots committee\'s resolution' },
  '9-KNĐ': { vi: 'Quyết định kết nạp đảng viên', en: 'Admission decision' },
  '10-KNĐ': { vi: 'Bản tự kiểm điểm của đảng viên dự bị', en: 'Probationary member\'s self-review' },
  '11-KNĐ': { vi: 'Bản nhận xét của đảng viên giúp đỡ', en: 'Helper\'s opinion' },
  '12-KNĐ': { vi: 'Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú', en: 'Opinions of the organizations and of the place of residence' },
  '13-KNĐ': { vi: 'Nghị quyết đề nghị công nhận chính thức của chi bộ', en: 'Cell\'s resolution on recognition' },
  '14-KNĐ': { vi: 'Nghị quyết của đảng ủy cơ sở về công nhận chính thức', en: 'Grassroots committee\'s resolution on recognition' },
  '15-KNĐ': { vi: 'Quyết định công nhận đảng viên chính thức', en: 'Recognition decision' },
} as const;
export type AdmissionForm = keyof typeof ADMISSION_FORMS;
export const ADMISSION_FORM_LIST = Object.keys(ADMISSION_FORMS) as AdmissionForm[];

/**
 * The steps, in order. `recognition_extension` is optional (at most once, between the review and the decision);
 * the file ends at `recognition` or `probation_refusal`, or earlier at a failed vote or a withdrawal.
 */
export const ADMISSION_STEPS = [
  'cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony', 'probation_review', 'recognition_extension', 'recognition', 'probation_refusal', 'withdrawal',
] as const;
export type AdmissionStep = (typeof ADMISSION_STEPS)[number];
export const ADMISSION_STEP_LABELS: Record<AdmissionStep, { vi: string; en: string }> = {
  cell_vote: { vi: 'Chi bộ xét, biểu quyết đề nghị kết nạp', en: 'Cell\'s vote' },
  grassroots_resolution: { vi: 'Nghị quyết của đảng ủy cơ sở', en: 'Grassroots committee\'s resolution' },
  admission_decision: { vi: 'Quyết định kết nạp của cấp ủy có thẩm quyền', en: 'Competent level\'s decision' },
  ceremony: { vi: 'Lễ kết nạp', en: 'Admission ceremony' },
  probation_review: { vi: 'Chi bộ xét công nhận chính thức', en: 'Cell\'s review after probation' },
  recognition_extension: { vi: 'Gia hạn xét công nhận chính thức', en: 'Recognition deadline extended' },
  recognition: { vi: 'Công nhận đảng viên chính thức', en: 'Recognition as official' },
  probation_refusal: { vi: 'Không công nhận, xóa tên', en: 'Not recognized; removed' },
  withdrawal: { vi: 'Dừng xem xét hồ sơ', en: 'File withdrawn' },
};

/** in_progress: before the ceremony; admitted: on probation; official; or closed. */
export const CANDIDATE_STATUSES = ['in_progress', 'admitted', 'official', 'not_admitted', 'withdrawn', 'removed'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** Who the next step waits on. */
export const WAITING_ON = ['cell', 'grassroots', 'competent_level'] as const;
export type WaitingOn = (typeof WAITING_ON)[number];

/** An uploaded form: at most this many bytes, of these types. */
export const ADMISSION_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;
export const ADMISSION_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** What may change while the file is open: the awareness course and its certificate, the helper, the age consent. */
const candidateChangeable = {
  courseName: optionalText(300),
  courseCompletedOn: isoDateSchema.nullable().optional(),
  certificateNumber: optionalText(60),
  certificateValidUntil: isoDateSchema.nullable().optional(),
  /** The official member assigned to help the candidate (and the probationary member after admission). */
  helperMemberId: id.nullable().optional(),
  /** The provincial committee's consent for a candidate over 60 (DOMAIN.md §2). */
  ageConsentDecisionId: id.nullable().optional(),
};

export const candidateCreateRequestSchema = z.strictObject({
  /** The cell that proposes the candidate. */
  unitId: id,
  person: memberIdentityInputSchema,
  candidateSince: isoDateSchema,
  source: z.enum(CANDIDATE_SOURCES),
  ...candidateChangeable,
});
export type CandidateCreateRequest = z.infer<typeof candidateCreateRequestSchema>;

export const candidateUpdateRequestSchema = z.strictObject({ expectedRowVersion: z.number().int().nonnegative(), ...candidateChangeable });
export type CandidateUpdateRequest = z.infer<typeof candidateUpdateRequestSchema>;

export const documentRequestSchema = z.strictObject({
  expectedRowVersion: z.number().int().nonnegative(),
  form: z.enum(ADMISSION_FORM_LIST as [AdmissionForm, ...AdmissionForm[]]),
  dated: isoDateSchema,
  note: optionalText(1000),
  /** The scanned document, optional: its name, type and content in base64 (at most 2 MiB decoded). */
  file: z.strictObject({
    name: text(200),
    contentType: z.string().max(100),
    base64: z.string().max(Math.ceil(ADMISSION_DOCUMENT_MAX_BYTES / 3) * 4 + 4),
  }).nullable().optional(),
});
export type DocumentRequest = z.infer<typeof documentRequestSchema>;

export const introducerRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('member'), expectedRowVersion: z.number().int().nonnegative(), memberId: id, workedWithSince: isoDateSchema, checkedOn: isoDateSchema,
    /** For a member outside the caller's subtree: their party card number, which proves the caller knows whom they name. */
    partyCardNumber: text(30).optional(),
  }),
  z.strictObject({
    kind: z.literal('youth_union'), expectedRowVersion: z.number().int().nonnegative(), resolutionDate: isoDateSchema, resolutionBody: text(300), checkedOn: isoDateSchema,
  }),
]);
export type IntroducerRequest = z.infer<typeof introducerRequestSchema>;

/** Every step names the version of the file it was read at; a step without a decision is dated, one with a decision takes its signing date. */
const stepBase = {
  expectedRowVersion: z.number().int().nonnegative(),
  reason: optionalText(2000),
};
const dated = { ...stepBase, date: isoDateSchema };
export const stepRequestSchema = z.discriminatedUnion('step', [
  z.strictObject({
    ...dated, step: z.literal('cell_vote'),
    /** Votes in favour and against; the official members are counted from the registry on `date`. */
    votesFor: z.number().int().nonnegative().max(100_000),
    votesAgainst: z.number().int().nonnegative().max(100_000),
    /** Whether the cell's resolution (6-KNĐ) records the proposal as passed. */
    passed: z.boolean(),
  }),
  z.strictObject({ ...dated, step: z.literal('grassroots_resolution') }),
  z.strictObject({ ...stepBase, step: z.literal('admission_decision'), decisionId: id }),
  z.strictObject({ ...dated, step: z.literal('ceremony') }),
  z.strictObject({
    ...dated, step: z.literal('probation_review'),
    votesFor: z.number().int().nonnegative().max(100_000), votesAgainst: z.number().int().nonnegative().max(100_000), passed: z.boolean(),
  }),
  z.strictObject({ ...stepBase, step: z.literal('recognition_extension'), decisionId: id, extraWorkingDays: z.number().int().positive().max(365) }),
  z.strictObject({ ...stepBase, step: z.literal('recognition'), decisionId: id }),
  z.strictObject({ ...stepBase, step: z.literal('probation_refusal'), decisionId: id }),
  z.strictObject({ ...dated, step: z.literal('withdrawal'), reason: text(2000) }),
]);
export type StepRequest = z.infer<typeof stepRequestSchema>;

export const candidateListQuerySchema = z.strictObject({
  /** The unit whose subtree is listed (default: all the caller's subtrees). */
  unitId: z.coerce.number().int().positive().optional(),
  /** due: deadline within the week (today to Sunday); overdue: deadline passed; open: every file in progress. */
  which: z.enum(['open', 'due', 'overdue', 'all']).optional(),
  waitingOn: z.enum(WAITING_ON).optional(),
  /** A name, or part of one (diacritics and case ignored). */
  q: z.string().trim().min(1).max(100).optional(),
  /** The file that admitted this member (a member's page shows where their file stands). */
  memberId: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type CandidateListQuery = z.infer<typeof candidateListQuerySchema>;

export const calendarOverrideRequestSchema = z.strictObject({
  date: isoDateSchema,
  kind: z.enum(['day_off', 'working_day']),
  name: text(300),
  decisionId: id.nullable().optional(),
});
export type CalendarOverrideRequest = z.infer<typeof calendarOverrideRequestSchema>;
export const calendarVoidRequestSchema = z.strictObject({ reason: text(2000) });
export const calendarQuerySchema = z.strictObject({ year: z.coerce.number().int().min(1990).max(2100) });

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const candidateSummarySchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  source: z.enum(CANDIDATE_SOURCES),
  status: z.enum(CANDIDATE_STATUSES),
  stage: z.string(),
  nextStep: z.enum(ADMISSION_STEPS).nullable(),
  dueBy: z.string().nullable(),
  waitingOn: z.enum(WAITING_ON).nullable(),
  /** The unit whose officers the next step waits on (the cell, its grassroots committee, or the level above), by name today. */
  waitingOnUnitId: z.number().nullable(),
  waitingOnUnitName: z.string().nullable(),
  overdue: z.boolean(),
  memberId: z.number().nullable(),
  rowVersion: z.number(),
});
export type CandidateSummary = z.infer<typeof candidateSummarySchema>;

/** `total` on the first page only (null on the next ones), counted up to LIST_TOTAL_CAP (`totalCapped` when there are more). */
export const candidateListSchema = z.object({ items: z.array(candidateSummarySchema), nextCursor: z.number().nullable(), total: z.number().nullable(), totalCapped: z.boolean() });

export const checklistItemSchema = z.object({
  form: z.enum(ADMISSION_FORM_LIST as [AdmissionForm, ...AdmissionForm[]]),
  label: z.object({ vi: z.string(), en: z.string() }),
  documentId: z.number().nullable(),
  dated: z.string().nullable(),
  recordedBy: z.number().nullable(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().nullable(),
});

export const candidateDetailSchema = candidateSummarySchema.extend({
  person: z.record(z.string(), z.unknown()),
  candidateSince: z.string(),
  courseName: z.string().nullable(),
  courseCompletedOn: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  certificateValidUntil: z.string().nullable(),
  helperMemberId: z.number().nullable(),
  ageConsentDecisionId: z.number().nullable(),
  checklist: z.array(checklistItemSchema),
  introducers: z.array(z.object({
    id: z.number(), kind: z.enum(['member', 'youth_union']), memberId: z.number().nullable(), memberName: z.string().nullable(),
    workedWithSince: z.string().nullable(), resolutionDate: z.string().nullable(), resolutionBody: z.string().nullable(), checkedOn: z.string(),
  })),
  steps: z.array(z.object({
    step: z.enum(ADMISSION_STEPS), date: z.string(), decisionId: z.number().nullable(), dueBy: z.string().nullable(), lateWorkingDays: z.number(),
    reason: z.string().nullable(), payload: z.record(z.string(), z.unknown()), recordedBy: z.number().nullable(),
  })),
});
export type CandidateDetail = z.infer<typeof candidateDetailSchema>;

export const calendarSchema = z.object({
  year: z.number(),
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
  overrides: z.array(z.object({ id: z.number(), date: z.string(), kind: z.enum(['day_off', 'working_day']), name: z.string(), decisionId: z.number().nullable() })),
  /** Every day of the year that is not a working day, after the adjustments. */
  daysOff: z.array(z.string()),
});
export const calendarOverrideSchema = z.object({ id: z.number(), date: z.string(), kind: z.enum(['day_off', 'working_day']), name: z.string(), decisionId: z.number().nullable() });
