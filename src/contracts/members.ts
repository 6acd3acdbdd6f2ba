/**
 * The member registry's vocabulary and API shapes (DOMAIN.md §2), shared by server and web.
 * Reference lists (ethnic groups, religions, levels, occupations) live in `member-reference.ts`; fields here carry
 * their codes as strings.
 */
import { z } from 'zod';
import { ownMessage } from './validation.ts';
import {
  educationLevelSchema, ethnicitySchema, occupationSchema, politicalTheoryLevelSchema, professionalLevelSchema, religionSchema,
} from './member-reference.ts';
import { isoDateSchema } from './dates.ts';

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

/**
 * A member's standing. `probationary`, `official` and `exempted` are members; the others have left.
 * A transfer in progress is not a status: see `inTransit`.
 */
// 'merged': a duplicate record of a person merged into the record that carries on (nothing deleted; never counted).
export const MEMBER_STATUSES = ['probationary', 'official', 'exempted', 'removed', 'expelled', 'deceased', 'merged'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const ACTIVE_MEMBER_STATUSES = ['probationary', 'official', 'exempted'] as const satisfies readonly MemberStatus[];
export const FORMER_MEMBER_STATUSES = ['removed', 'expelled'] as const satisfies readonly MemberStatus[];

export const MEMBER_STATUS_LABELS: Record<MemberStatus, { vi: string; en: string }> = {
  probationary: { vi: 'Đảng viên dự bị', en: 'Probationary member' },
  official: { vi: 'Đảng viên chính thức', en: 'Official member' },
  exempted: { vi: 'Miễn sinh hoạt', en: 'Exempted from activity' },
  removed: { vi: 'Đã xóa tên', en: 'Removed from the list' },
  expelled: { vi: 'Đã khai trừ', en: 'Expelled' },
  deceased: { vi: 'Đã từ trần', en: 'Deceased' },
  merged: { vi: 'Hồ sơ trùng, đã gộp', en: 'Duplicate record, merged' },
};

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, { vi: string; en: string }> = {
  male: { vi: 'Nam', en: 'Male' },
  female: { vi: 'Nữ', en: 'Female' },
};

export const MEMBER_EVENT_KINDS = [
  'registration',            // an existing member entered into the registry (history before it is summarized)
  'admission',               // kết nạp: a probationary member
  'recognition',             // công nhận chính thức: official from the end of probation
  'recognition_extension',   // the committee extends its decision deadline on recognition
  'probation_refused',       // not recognized: removed from the list
  'transfer_issued',         // the sending unit issues a transfer (official or temporary)
  'transfer_received',       // the receiving unit accepts it
  'transfer_presented',      // presented to the new cell
  'transfer_returned',       // the receiving unit returns it
  'transfer_cancelled',      // the sending unit withdraws it
  'temporary_ended',         // a temporary transfer ends; the member is back at home
  'rehomed',                 // the member's cell was merged, split or dissolved: placement moved to the successor
  'exemption',               // miễn sinh hoạt
  'exemption_end',
  'removal',                 // xóa tên
  'expulsion',               // khai trừ
  'death',
  'readmission',             // kết nạp lại
  'field_change',            // a dated change of a record field (before/after in the payload)
  'correction',              // supersedes a wrong event, with a reason
] as const;
export type MemberEventKind = (typeof MEMBER_EVENT_KINDS)[number];

export const MEMBER_EVENT_LABELS: Record<MemberEventKind, { vi: string; en: string }> = {
  registration: { vi: 'Đăng ký hồ sơ đảng viên', en: 'Registered' },
  admission: { vi: 'Kết nạp vào Đảng', en: 'Admitted' },
  recognition: { vi: 'Công nhận đảng viên chính thức', en: 'Recognized as official' },
  recognition_extension: { vi: 'Gia hạn xét công nhận chính thức', en: 'Recognition deadline extended' },
  probation_refused: { vi: 'Không công nhận chính thức, xóa tên', en: 'Not recognized; removed from the list' },
  transfer_issued: { vi: 'Giới thiệu chuyển sinh hoạt đảng', en: 'Transfer issued' },
  transfer_received: { vi: 'Tiếp nhận sinh hoạt đảng', en: 'Transfer received' },
  transfer_presented: { vi: 'Giới thiệu về chi bộ', en: 'Presented to the cell' },
  transfer_returned: { vi: 'Trả lại giấy giới thiệu sinh hoạt đảng', en: 'Transfer returned' },
  transfer_cancelled: { vi: 'Hủy giới thiệu chuyển sinh hoạt', en: 'Transfer cancelled' },
  temporary_ended: { vi: 'Kết thúc sinh hoạt tạm thời', en: 'Temporary transfer ended' },
  rehomed: { vi: 'Chuyển theo sắp xếp tổ chức', en: 'Moved with a restructuring' },
  exemption: { vi: 'Miễn sinh hoạt đảng', en: 'Exempted from activity' },
  exemption_end: { vi: 'Thôi miễn sinh hoạt đảng', en: 'Exemption ended' },
  removal: { vi: 'Xóa tên khỏi danh sách', en: 'Removed from the list' },
  expulsion: { vi: 'Khai trừ khỏi Đảng', en: 'Expelled' },
  death: { vi: 'Từ trần', en: 'Deceased' },
  readmission: { vi: 'Kết nạp lại', en: 'Re-admitted' },
  field_change: { vi: 'Thay đổi thông tin', en: 'Record changed' },
  correction: { vi: 'Đính chính', en: 'Correction' },
};

/** Why a member left: some grounds bar re-admission for ever (24-QĐ/TW Art. 4.3; 294-QĐ/TW Art. 4). */
export const LEAVE_GROUNDS = [
  'inactivity',              // tự bỏ sinh hoạt đảng, không đóng đảng phí
  'no_progress',             // không tiến bộ sau giáo dục
  'resignation',             // xin ra khỏi Đảng
  'resignation_family',      // xin ra vì hoàn cảnh gia đình đặc biệt khó khăn
  'disunity',                // gây mất đoàn kết nội bộ nghiêm trọng
  'corruption_conviction',   // bị phạt tù vì tham nhũng
  'serious_crime',           // bị kết án về tội nghiêm trọng trở lên
  'probation_not_qualified', // không đủ tư cách đảng viên chính thức
  'discipline',
  'other',
] as const;
export type LeaveGround = (typeof LEAVE_GROUNDS)[number];

export const TRANSFER_KINDS = ['official', 'temporary'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export const TRANSFER_STATUSES = ['issued', 'accepted', 'returned', 'cancelled', 'ended'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_PURPOSES = ['work', 'study', 'residence', 'retirement', 'other'] as const;
export type TransferPurpose = (typeof TRANSFER_PURPOSES)[number];
export const PLACEMENT_KINDS = ['official', 'temporary'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

/** Record fields a `field_change` or field correction may change (identity; status and dates have their own events). */
export const MEMBER_EDITABLE_FIELDS = [
  'fullName', 'sex', 'birthDate', 'birthplace', 'hometown', 'ethnicity', 'religion', 'citizenId', 'partyCardNumber',
  'educationLevel', 'professionalLevel', 'theoryLevel', 'occupation',
] as const;
export type MemberEditableField = (typeof MEMBER_EDITABLE_FIELDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

export { isoDateSchema };

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const id = z.number().int().positive();

/** The record fields, as sent when a member is admitted or registered. */
export const memberIdentityInputSchema = z.strictObject({
  fullName: text(200),
  sex: z.enum(SEXES),
  birthDate: isoDateSchema,
  birthplace: optionalText(300),
  hometown: optionalText(300),
  /** Codes of the reference lists in `member-reference.ts`. */
  ethnicity: ethnicitySchema.nullable().optional(),
  religion: religionSchema.nullable().optional(),
  citizenId: z.string().trim().regex(/^\d{12}$/, ownMessage({ vi: 'Số căn cước gồm đúng 12 chữ số', en: 'A citizen ID number is exactly 12 digits' })).nullable().optional(),
  partyCardNumber: optionalText(30),
  educationLevel: educationLevelSchema.nullable().optional(),
  professionalLevel: professionalLevelSchema.nullable().optional(),
  theoryLevel: politicalTheoryLevelSchema.nullable().optional(),
  occupation: occupationSchema.nullable().optional(),
});
export type MemberIdentityInput = z.infer<typeof memberIdentityInputSchema>;

/** Every life-cycle command names its legal basis and, for an existing member, the version it was read at. */
const commandBase = {
  decisionId: id,
  reason: optionalText(2000),
  expectedRowVersion: z.number().int().nonnegative(),
};

// ---------------------------------------------------------------------------------------------------------------
// Commands (request bodies)

/** Admission (kết nạp): creates a probationary member in a cell. */
export const admissionRequestSchema = z.strictObject({
  unitId: id,
  decisionId: id,
  /** The cell's vote on the admission: age is counted at this date. */
  cellVoteDate: isoDateSchema,
  /** The admission ceremony: probation runs 12 months from it. */
  ceremonyDate: isoDateSchema,
  /** Consent of the provincial committee, required for an applicant over the age limit. */
  ageConsentDecisionId: id.nullable().optional(),
  reason: optionalText(2000),
  member: memberIdentityInputSchema,
});
export type AdmissionRequest = z.infer<typeof admissionRequestSchema>;

/** Registration of an existing member whose earlier history is on paper (initial data entry, imports). */
export const registrationRequestSchema = z.strictObject({
  unitId: id,
  decisionId: id.nullable().optional(),
  /** The date from which the member is recorded at the unit. */
  effectiveDate: isoDateSchema,
  admissionDate: isoDateSchema,
  probationStart: isoDateSchema.nullable().optional(),
  officialDate: isoDateSchema.nullable().optional(),
  status: z.enum(['probationary', 'official', 'exempted']),
  reason: optionalText(2000),
  member: memberIdentityInputSchema,
});
export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

/** Recognition as official: the official date is the end of probation, whatever the decision's date. */
export const recognitionRequestSchema = z.strictObject({ ...commandBase });
export const recognitionExtensionRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema, extraWorkingDays: z.number().int().positive().max(365) });
export const probationRefusalRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema });
export const exemptionRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema, ground: z.enum(['age', 'illness', 'other']) });
export const exemptionEndRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema });
export const removalRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema, ground: z.enum(LEAVE_GROUNDS) });
export const expulsionRequestSchema = z.strictObject({ ...commandBase, effectiveDate: isoDateSchema, ground: z.enum(LEAVE_GROUNDS) });
export const deathRequestSchema = z.strictObject({ ...commandBase, decisionId: id.nullable().optional(), effectiveDate: isoDateSchema });
export const readmissionRequestSchema = z.strictObject({
  ...commandBase,
  unitId: id,
  cellVoteDate: isoDateSchema,
  ceremonyDate: isoDateSchema,
  /** The provincial committee's consent: re-admission needs it (294-QĐ/TW Art. 4). */
  consentDecisionId: id,
});
export const fieldChangeRequestSchema = z.strictObject({
  decisionId: id.nullable().optional(),
  effectiveDate: isoDateSchema,
  reason: text(2000),
  expectedRowVersion: z.number().int().nonnegative(),
  /** true: the old value was wrong from the start (a correction); false: the fact changed on effectiveDate. */
  isCorrection: z.boolean(),
  changes: memberIdentityInputSchema.partial().refine((value) => Object.keys(value).length > 0, ownMessage({ vi: 'Cần thay đổi ít nhất một thông tin', en: 'Change at least one field' }, 'no_changes')),
});
/** Supersedes a wrong life-cycle event: annuls it (history kept), or moves its effective date. */
export const correctionRequestSchema = z.strictObject({
  correctsEventId: id,
  decisionId: id.nullable().optional(),
  reason: text(2000),
  expectedRowVersion: z.number().int().nonnegative(),
  action: z.enum(['void', 'redate']),
  /** For 'redate': the right effective date of the corrected event. */
  effectiveDate: isoDateSchema.nullable().optional(),
});

export type RecognitionRequest = z.infer<typeof recognitionRequestSchema>;
export type RecognitionExtensionRequest = z.infer<typeof recognitionExtensionRequestSchema>;
export type ProbationRefusalRequest = z.infer<typeof probationRefusalRequestSchema>;
export type ExemptionRequest = z.infer<typeof exemptionRequestSchema>;
export type ExemptionEndRequest = z.infer<typeof exemptionEndRequestSchema>;
export type RemovalRequest = z.infer<typeof removalRequestSchema>;
export type ExpulsionRequest = z.infer<typeof expulsionRequestSchema>;
export type DeathRequest = z.infer<typeof deathRequestSchema>;
export type ReadmissionRequest = z.infer<typeof readmissionRequestSchema>;
export type FieldChangeRequest = z.infer<typeof fieldChangeRequestSchema>;
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>;

/**
 * Merging a duplicate record of the same person into this one (the record that carries on): a correction with a
 * reason; the duplicate is kept, marked merged, its history voided by the merge (issue 10, item 8).
 */
export const mergeRequestSchema = z.strictObject({
  duplicateId: id,
  reason: text(2000),
  decisionId: id.nullable().optional(),
  /** This record's row version, and the duplicate's. */
  expectedRowVersion: z.number().int().nonnegative(),
  duplicateRowVersion: z.number().int().nonnegative(),
});
export type MergeRequest = z.infer<typeof mergeRequestSchema>;

// Transfers
export const transferIssueRequestSchema = z.strictObject({
  memberId: id,
  kind: z.enum(TRANSFER_KINDS),
  purpose: z.enum(TRANSFER_PURPOSES),
  toUnitId: id,
  decisionId: id,
  issuedOn: isoDateSchema,
  /** Temporary transfers: the planned end. */
  temporaryUntil: isoDateSchema.nullable().optional(),
  note: optionalText(2000),
  expectedRowVersion: z.number().int().nonnegative(),
});
export const transferAcceptRequestSchema = z.strictObject({
  /** The cell the member joins; inside the destination's subtree. Defaults to the destination when it is a cell. */
  cellId: id.nullable().optional(),
  decisionId: id.nullable().optional(),
  receivedOn: isoDateSchema,
  presentedOn: isoDateSchema.nullable().optional(),
  note: optionalText(2000),
  expectedRowVersion: z.number().int().nonnegative(),
});
export const transferPresentRequestSchema = z.strictObject({ presentedOn: isoDateSchema, expectedRowVersion: z.number().int().nonnegative() });
export const transferCloseRequestSchema = z.strictObject({
  closedOn: isoDateSchema,
  reason: text(2000),
  expectedRowVersion: z.number().int().nonnegative(),
});
export type TransferIssueRequest = z.infer<typeof transferIssueRequestSchema>;
export type TransferAcceptRequest = z.infer<typeof transferAcceptRequestSchema>;
export type TransferPresentRequest = z.infer<typeof transferPresentRequestSchema>;
export type TransferCloseRequest = z.infer<typeof transferCloseRequestSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const memberRecordSchema = z.object({
  id: z.number(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string(),
  birthplace: z.string().nullable(),
  hometown: z.string().nullable(),
  ethnicity: z.string().nullable(),
  religion: z.string().nullable(),
  citizenId: z.string().nullable(),
  partyCardNumber: z.string().nullable(),
  educationLevel: z.string().nullable(),
  professionalLevel: z.string().nullable(),
  theoryLevel: z.string().nullable(),
  occupation: z.string().nullable(),
  admissionDate: z.string().nullable(),
  probationStart: z.string().nullable(),
  officialDate: z.string().nullable(),
  status: z.enum(MEMBER_STATUSES),
  statusSince: z.string(),
  inTransit: z.boolean(),
  /** A duplicate record merged into another: the record that carries on. */
  mergedIntoId: z.number().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  rowVersion: z.number(),
});
export type MemberRecord = z.infer<typeof memberRecordSchema>;

/** One row of a list: the fields a list shows. */
export const memberListItemSchema = z.object({
  id: z.number(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string(),
  ethnicity: z.string().nullable(),
  theoryLevel: z.string().nullable(),
  admissionDate: z.string().nullable(),
  officialDate: z.string().nullable(),
  status: z.enum(MEMBER_STATUSES),
  inTransit: z.boolean(),
  unitId: z.number(),
  unitName: z.string(),
  /** The names above the unit that tell it apart, nearest first (`placeAbove`, src/rules/unit-place.ts). */
  unitPlace: z.array(z.string()),
  placement: z.enum(PLACEMENT_KINDS),
  /**
   * The date of the record's current status and its version today (whatever the list's date): what an integrator
   * needs to act on the member (`expectedRowVersion`) without reading its page (issue 11, item 4).
   */
  statusSince: z.string(),
  rowVersion: z.number(),
});
export type MemberListItem = z.infer<typeof memberListItemSchema>;

/** A list's total is counted up to this many members (a province's list stays a bounded count). */
export const MEMBER_TOTAL_CAP = 100_000;

export const memberListResponseSchema = z.object({
  items: z.array(memberListItemSchema),
  /** Pass as `after` for the next page; null at the end. */
  nextCursor: z.string().nullable(),
  asOf: z.string().nullable(),
  /**
   * Members matching the query, counted once with its first page (null on the pages after it: the client keeps the
   * first); at most MEMBER_TOTAL_CAP, `totalCapped` when there are more. Null too for a past date in a large subtree
   * (a province: each member's status on the date is read from its events), where the unit's headcount gives the count.
   */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type MemberListResponse = z.infer<typeof memberListResponseSchema>;

export const memberEventSchema = z.object({
  id: z.number(),
  kind: z.enum(MEMBER_EVENT_KINDS),
  effectiveDate: z.string(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  statusAfter: z.enum(MEMBER_STATUSES).nullable(),
  decision: z.object({ id: z.number(), number: z.string(), signedOn: z.string(), issuingBody: z.string() }).nullable(),
  payload: z.record(z.string(), z.unknown()),
  reason: z.string().nullable(),
  transferId: z.number().nullable(),
  correctsEventId: z.number().nullable(),
  voidedByEventId: z.number().nullable(),
  recordedAt: z.string(),
});
export type MemberEvent = z.infer<typeof memberEventSchema>;

export const memberPlacementSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  /** The names above the unit that tell it apart, nearest first (`placeAbove`). */
  unitPlace: z.array(z.string()),
  kind: z.enum(PLACEMENT_KINDS),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const transferSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  purpose: z.enum(TRANSFER_PURPOSES).nullable(),
  fromUnitId: z.number(),
  fromUnitName: z.string(),
  /** The names above the unit that tell it apart, nearest first (`placeAbove`). */
  fromUnitPlace: z.array(z.string()),
  toUnitId: z.number(),
  toUnitName: z.string(),
  toUnitPlace: z.array(z.string()),
  status: z.enum(TRANSFER_STATUSES),
  issuedOn: z.string(),
  dueBy: z.string(),
  temporaryUntil: z.string().nullable(),
  receivedOn: z.string().nullable(),
  cellId: z.number().nullable(),
  presentBy: z.string().nullable(),
  presentedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  closeReason: z.string().nullable(),
  /** Past a working-day deadline as of today (or the date asked). */
  isLate: z.boolean(),
  rowVersion: z.number(),
});
export type Transfer = z.infer<typeof transferSchema>;

/** A decision a badge award or a serious-illness record refers to. */
export const memberDecisionRefSchema = z.object({ id: z.number(), number: z.string(), signedOn: z.string(), issuingBody: z.string() });

/**
 * A party badge presented to the member (DOMAIN §2: 30 … 90 years of party age, presented on 3/2, 19/5, 2/9 or 7/11
 * under the provincial standing committee's decision). Kept in its own table, not among the life-cycle events.
 */
export const memberBadgeAwardSchema = z.object({
  id: z.number(),
  /** Years of party age the badge marks. */
  milestone: z.number(),
  presentedOn: z.string(),
  /** Presented before the milestone was reached, the member being seriously ill. */
  early: z.boolean(),
  /** The member's unit when awarded. */
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  decision: memberDecisionRefSchema,
  recordedAt: z.string(),
});
export type MemberBadgeAward = z.infer<typeof memberBadgeAwardSchema>;

/** A period of serious illness `[since, until)` (allows an early badge); `until` is null while it lasts. */
export const memberSeriousIllnessSchema = z.object({
  id: z.number(),
  since: z.string(),
  until: z.string().nullable(),
  note: z.string(),
  decision: memberDecisionRefSchema.nullable(),
  recordedAt: z.string(),
});
export type MemberSeriousIllness = z.infer<typeof memberSeriousIllnessSchema>;

export const memberPageSchema = z.object({
  record: memberRecordSchema,
  /** Where the record's unit is: the names above it, nearest first (`placeAbove`). */
  unitPlace: z.array(z.string()),
  placements: z.array(memberPlacementSchema),
  timeline: z.array(memberEventSchema),
  openTransfers: z.array(transferSchema),
  /** Badges presented, by presentation date (annulled awards left out). */
  badgeAwards: z.array(memberBadgeAwardSchema),
  /** Serious-illness records, by start date. */
  seriousIllness: z.array(memberSeriousIllnessSchema),
});
export type MemberPage = z.infer<typeof memberPageSchema>;


export const commandResultSchema = z.object({ member: memberRecordSchema, eventId: z.number() });
export type CommandResult = z.infer<typeof commandResultSchema>;

export const headcountSchema = z.object({
  unitId: z.number(),
  asOf: z.string(),
  /** Members counted at the unit and its subtree (probationary + official + exempted); temporary guests excluded. */
  total: z.number(),
  official: z.number(),
  probationary: z.number(),
  exempted: z.number(),
  /** Members of other cells taking part here temporarily: not counted, cannot vote. */
  temporaryGuests: z.number(),
});
export type Headcount = z.infer<typeof headcountSchema>;

// ---------------------------------------------------------------------------------------------------------------
// List filters (query string) and saved filters

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean)).pipe(z.array(z.enum(values)));

/** Filters shared by lists, search and saved filters; all optional. */
export const memberFilterSchema = z.strictObject({
  unitId: z.coerce.number().int().positive().optional(),
  status: csv(MEMBER_STATUSES).optional(),
  sex: z.enum(SEXES).optional(),
  ethnicity: z.string().max(100).optional(),
  religion: z.string().max(100).optional(),
  theoryLevel: z.string().max(100).optional(),
  educationLevel: z.string().max(100).optional(),
  birthYearFrom: z.coerce.number().int().min(1850).max(2200).optional(),
  birthYearTo: z.coerce.number().int().min(1850).max(2200).optional(),
  admittedFrom: isoDateSchema.optional(),
  admittedTo: isoDateSchema.optional(),
  inTransit: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  /** official (default): members of the unit; temporary: guests taking part there; all: both. */
  placement: z.enum(['official', 'temporary', 'all']).optional(),
  /** Name (diacritics and case ignored), or a citizen ID / party card number. */
  q: z.string().trim().max(200).optional(),
  /** As of a past date: the members, units and statuses that were true then. */
  asOf: isoDateSchema.optional(),
});
export type MemberFilter = z.infer<typeof memberFilterSchema>;

export const memberListQuerySchema = memberFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  after: z.string().max(500).optional(),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

/** The stored form of a saved filter: the same fields, with arrays kept as arrays. */
export const savedFilterValueSchema = z.strictObject({
  unitId: z.number().int().positive().optional(),
  status: z.array(z.enum(MEMBER_STATUSES)).optional(),
  sex: z.enum(SEXES).optional(),
  ethnicity: z.string().max(100).optional(),
  religion: z.string().max(100).optional(),
  theoryLevel: z.string().max(100).optional(),
  educationLevel: z.string().max(100).optional(),
  birthYearFrom: z.number().int().min(1850).max(2200).optional(),
  birthYearTo: z.number().int().min(1850).max(2200).optional(),
  admittedFrom: isoDateSchema.optional(),
  admittedTo: isoDateSchema.optional(),
  inTransit: z.boolean().optional(),
  placement: z.enum(['official', 'temporary', 'all']).optional(),
  q: z.string().trim().max(200).optional(),
});
export type SavedFilterValue = z.infer<typeof savedFilterValueSchema>;

export const savedFilterInputSchema = z.strictObject({ name: text(200), filters: savedFilterValueSchema });
export const savedFilterUpdateSchema = z.strictObject({
  name: text(200).optional(),
  filters: savedFilterValueSchema.optional(),
  expectedRowVersion: z.number().int().nonnegative(),
});
export const savedFilterSchema = z.object({
  id: z.number(),
  name: z.string(),
  filters: savedFilterValueSchema,
  rowVersion: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedFilter = z.infer<typeof savedFilterSchema>;

export const transferListQuerySchema = z.strictObject({
  /** incoming: addressed to the caller's subtrees; outgoing: issued by them; late: past a deadline. */
  direction: z.enum(['incoming', 'outgoing', 'all']).optional(),
  status: csv(TRANSFER_STATUSES).optional(),
  late: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  asOf: isoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  after: z.coerce.number().int().positive().optional(),
});
export type TransferListQuery = z.infer<typeof transferListQuerySchema>;
export const transferListResponseSchema = z.object({
  items: z.array(transferSchema),
  nextCursor: z.number().nullable(),
  /** Transfers matching the query (first page only; null after it), at most LIST_TOTAL_CAP, `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type TransferList = z.infer<typeof transferListResponseSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Bulk life-cycle commands (issue 11, item 3): many members under one decision, one request, one transaction

/**
 * The most rows one bulk request may carry; above it BULK_TOO_MANY_ROWS. The array is not capped in the schema (the
 * service answers with its own code); the body limit bounds the request anyway.
 */
export const BULK_MAX_ROWS = 5_000;
const bulkRows = <T extends z.ZodType>(row: T) => z.array(row).min(1);
/** Optional in a bulk row: when given it is checked (CONFLICT named on the row), else the version read under the lock. */
const optionalRowVersion = z.number().int().nonnegative().optional();

export const bulkAdmissionRequestSchema = z.strictObject({
  decisionId: id,
  reason: optionalText(2000),
  rows: bulkRows(z.strictObject({
    unitId: id,
    cellVoteDate: isoDateSchema,
    ceremonyDate: isoDateSchema,
    ageConsentDecisionId: id.nullable().optional(),
    member: memberIdentityInputSchema,
  })),
});
export type BulkAdmissionRequest = z.infer<typeof bulkAdmissionRequestSchema>;

const bulkMemberRow = z.strictObject({ memberId: id, expectedRowVersion: optionalRowVersion });

export const bulkRecognitionRequestSchema = z.strictObject({ decisionId: id, reason: optionalText(2000), rows: bulkRows(bulkMemberRow) });
export type BulkRecognitionRequest = z.infer<typeof bulkRecognitionRequestSchema>;

/** Removals (xóa tên) or expulsions (khai trừ) under one decision, on one date, on one ground. */
export const bulkLeaveRequestSchema = z.strictObject({
  decisionId: id,
  effectiveDate: isoDateSchema,
  ground: z.enum(LEAVE_GROUNDS),
  reason: optionalText(2000),
  rows: bulkRows(bulkMemberRow),
});
export type BulkLeaveRequest = z.infer<typeof bulkLeaveRequestSchema>;

export const bulkTransferIssueRequestSchema = z.strictObject({
  decisionId: id,
  issuedOn: isoDateSchema,
  rows: bulkRows(z.strictObject({
    memberId: id,
    kind: z.enum(TRANSFER_KINDS),
    purpose: z.enum(TRANSFER_PURPOSES),
    toUnitId: id,
    temporaryUntil: isoDateSchema.nullable().optional(),
    note: optionalText(2000),
    expectedRowVersion: optionalRowVersion,
  })),
});
export type BulkTransferIssueRequest = z.infer<typeof bulkTransferIssueRequestSchema>;

export const bulkTransferAcceptRequestSchema = z.strictObject({
  decisionId: id.nullable().optional(),
  receivedOn: isoDateSchema,
  rows: bulkRows(z.strictObject({
    transferId: id,
    cellId: id.nullable().optional(),
    presentedOn: isoDateSchema.nullable().optional(),
    note: optionalText(2000),
    expectedRowVersion: optionalRowVersion,
  })),
});
export type BulkTransferAcceptRequest = z.infer<typeof bulkTransferAcceptRequestSchema>;

/** What a bulk command did: every row applied, in the order given, with the member (and transfer) it touched. */
export const bulkResultSchema = z.object({
  applied: z.number(),
  items: z.array(z.object({ index: z.number(), memberId: z.number(), eventId: z.number().nullable(), transferId: z.number().nullable(), rowVersion: z.number() })),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** A bad row of a refused bulk request (in BULK_ROWS_INVALID's details.rows): its index, its key, the code and message. */
export interface BulkRowError {
  index: number;
  key: Record<string, number | string | null>;
  code: string;
  message: string;
  details: unknown;
}
