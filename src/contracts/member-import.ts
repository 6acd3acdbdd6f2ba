/**
 * Member import (Excel/CSV), export, the data-cleaning worklist and party badges: request and response shapes shared
 * by server and web (the member tools; the registry's own shapes are in `members.ts`).
 *
 * Import flow:
 *   POST /api/member-import/jobs?filename=…   body: the file itself (.xlsx or .csv, ≤ 50 MB)
 *        → the job, with the headers read from the file and a proposed column mapping
 *   POST /api/member-import/jobs/:id/validate  { mapping, effectiveDate?, decisionId? } → 202, validation runs
 *   GET  /api/member-import/jobs/:id            status and progress (poll)
 *   GET  /api/member-import/jobs/:id/rows       the rows with their problems
 *   GET  /api/member-import/jobs/:id/report.xlsx  the bad rows as they were, with an error column, to fix and re-import
 *   POST /api/member-import/jobs/:id/apply     { mode: 'all' | 'valid_only' } → 202, applying runs
 */
import { z } from 'zod';
import { isoDateSchema } from './members.ts';
import type { MemberReferenceListName } from './member-reference.ts';

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export interface ImportField {
  key: ImportFieldKey;
  vi: string;
  en: string;
  required: boolean;
  type: 'text' | 'date' | 'list' | 'citizen_id';
  /** For 'list' fields: the reference list the value must name. */
  list?: MemberReferenceListName;
  /** Other headers met in the field's place. */
  aliases: readonly string[];
  /** One line for the instructions sheet. */
  hintVi: string;
}

export const IMPORT_FIELD_KEYS = [
  'fullName', 'sex', 'birthDate', 'citizenId', 'birthplace', 'hometown', 'ethnicity', 'religion', 'educationLevel',
  'professionalLevel', 'theoryLevel', 'occupation', 'partyCardNumber', 'unitCode', 'admissionDate', 'probationStart',
  'officialDate', 'status', 'joinedUnitOn',
] as const;
export type ImportFieldKey = (typeof IMPORT_FIELD_KEYS)[number];

/** The member statuses an import may register (an existing member: not a former one). */
export const IMPORT_STATUSES = [
  { code: 'official', vi: 'Chính thức', en: 'Official', aliases: ['Đảng viên chính thức', 'CT'] },
  { code: 'probationary', vi: 'Dự bị', en: 'Probationary', aliases: ['Đảng viên dự bị', 'DB'] },
  { code: 'exempted', vi: 'Miễn sinh hoạt', en: 'Exempted', aliases: ['Miễn SH'] },
] as const;

/** The columns of the template, in order. Headers of other files are matched to these by label or alias. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  { key: 'fullName', vi: 'Họ và tên', en: 'Full name', required: true, type: 'text', aliases: ['Họ tên', 'Họ và tên khai sinh', 'Tên đảng viên'], hintVi: 'Họ và tên khai sinh, có dấu.' },
  { key: 'sex', vi: 'Giới tính', en: 'Sex', required: true, type: 'list', list: 'sex', aliases: ['Nam/Nữ', 'Phái'], hintVi: 'Nam hoặc Nữ.' },
  { key: 'birthDate', vi: 'Ngày sinh', en: 'Birth date', required: true, type: 'date', aliases: ['Ngày tháng năm sinh', 'Sinh ngày'], hintVi: 'dd/mm/yyyy.' },
  { key: 'citizenId', vi: 'Số CCCD', en: 'Citizen ID', required: false, type: 'citizen_id', aliases: ['Số định danh cá nhân', 'CCCD', 'Căn cước công dân', 'Số căn cước', 'Số CCCD/định danh'], hintVi: '12 chữ số; khớp giới tính và năm sinh. Không trùng với đảng viên khác.' },
  { key: 'birthplace', vi: 'Nơi sinh', en: 'Birthplace', required: false, type: 'text', aliases: [], hintVi: 'Tùy chọn.' },
  { key: 'hometown', vi: 'Quê quán', en: 'Hometown', required: false, type: 'text', aliases: ['Nguyên quán'], hintVi: 'Tùy chọn.' },
  { key: 'ethnicity', vi: 'Dân tộc', en: 'Ethnicity', required: false, type: 'list', list: 'ethnicity', aliases: [], hintVi: 'Một trong 54 dân tộc (chọn trong danh sách).' },
  { key: 'religion', vi: 'Tôn giáo', en: 'Religion', required: false, type: 'list', list: 'religion', aliases: [], hintVi: 'Chọn trong danh sách; "Không" nếu không theo tôn giáo.' },
  { key: 'educationLevel', vi: 'Giáo dục phổ thông', en: 'General education', required: false, type: 'list', list: 'educationLevel', aliases: ['Trình độ học vấn', 'Trình độ văn hóa', 'Văn hóa', 'Học vấn'], hintVi: 'Tiểu học, Trung học cơ sở, Trung học phổ thông (hoặc 9/12, 12/12).' },
  { key: 'professionalLevel', vi: 'Chuyên môn nghiệp vụ', en: 'Professional level', required: false, type: 'list', list: 'professionalLevel', aliases: ['Trình độ chuyên môn', 'Chuyên môn'], hintVi: 'Chọn trong danh sách.' },
  { key: 'theoryLevel', vi: 'Lý luận chính trị', en: 'Political theory', required: false, type: 'list', list: 'politicalTheoryLevel', aliases: ['Trình độ lý luận chính trị', 'LLCT', 'Lý luận'], hintVi: 'Sơ cấp, Trung cấp, Cao cấp, Cử nhân.' },
  { key: 'occupation', vi: 'Nghề nghiệp', en: 'Occupation', required: false, type: 'list', list: 'occupation', aliases: ['Nghề nghiệp hiện nay'], hintVi: 'Chọn trong danh sách.' },
  { key: 'partyCardNumber', vi: 'Số thẻ đảng viên', en: 'Party card number', required: false, type: 'text', aliases: ['Số thẻ Đảng', 'Số thẻ ĐV', 'Số thẻ'], hintVi: 'Không trùng với đảng viên khác.' },
  { key: 'unitCode', vi: 'Mã chi bộ', en: 'Cell code', required: true, type: 'text', aliases: ['Mã đơn vị', 'Mã tổ chức đảng', 'Chi bộ'], hintVi: 'Mã của chi bộ nơi đảng viên sinh hoạt (xem trang "Chi bộ"), thuộc phạm vi được phân quyền.' },
  { key: 'admissionDate', vi: 'Ngày vào Đảng', en: 'Admission date', required: true, type: 'date', aliases: ['Ngày kết nạp', 'Ngày ký quyết định kết nạp', 'Ngày vào đảng'], hintVi: 'Ngày ký quyết định kết nạp (tuổi đảng tính từ ngày này).' },
  { key: 'probationStart', vi: 'Ngày lễ kết nạp', en: 'Admission ceremony', required: false, type: 'date', aliases: ['Ngày tổ chức lễ kết nạp'], hintVi: 'Tùy chọn; thời gian dự bị 12 tháng tính từ ngày này.' },
  { key: 'officialDate', vi: 'Ngày chính thức', en: 'Official date', required: false, type: 'date', aliases: ['Ngày công nhận chính thức', 'Ngày vào Đảng chính thức'], hintVi: 'Bắt buộc với đảng viên chính thức.' },
  { key: 'status', vi: 'Diện đảng viên', en: 'Status', required: false, type: 'list', aliases: ['Trạng thái', 'Chính thức/Dự bị', 'Loại đảng viên'], hintVi: 'Chính thức, Dự bị hoặc Miễn sinh hoạt; để trống: chính thức nếu có ngày chính thức, nếu không là dự bị.' },
  { key: 'joinedUnitOn', vi: 'Ngày sinh hoạt tại chi bộ', en: 'At the cell since', required: false, type: 'date', aliases: ['Ngày chuyển đến'], hintVi: 'Tùy chọn; để trống: ngày hiệu lực của đợt nhập.' },
];

export const importMappingSchema = z.partialRecord(z.enum(IMPORT_FIELD_KEYS), z.number().int().min(0).max(999).nullable());
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const IMPORT_JOB_STATUSES = ['uploaded', 'validating', 'validated', 'applying', 'applied', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/**
 * How long an ended job keeps its staged rows and its file: copies of personal data (citizen IDs, birth dates, the
 * whole sheet as read) made to check and write a file, not records of the registry. Long enough to fix the rows of a
 * report and apply again, or to map an integrator's ids after a migration (`…/rows/keys`); then the daily
 * `import-erasure` erases them (member-import.service.ts, `eraseEndedImports`; Decree 13/2023/NĐ-CP, art. 3:
 * personal data kept no longer than its purpose needs).
 * The job stays, with its counts, who uploaded which file (name, size, SHA-256) and when; the members written are in
 * the registry and the journal.
 */
export const IMPORT_KEEP_DAYS = 30;

export const importJobSchema = z.object({
  id: z.number(),
  status: z.enum(IMPORT_JOB_STATUSES),
  filename: z.string(),
  format: z.enum(['xlsx', 'csv']),
  sizeBytes: z.number(),
  headerRow: z.number(),
  headers: z.array(z.object({ index: z.number(), text: z.string() })),
  proposedMapping: importMappingSchema,
  mapping: importMappingSchema.nullable(),
  effectiveDate: z.string().nullable(),
  decisionId: z.number().nullable(),
  totalRows: z.number(),
  processedRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  /** Rows committed to the registry (the apply is one transaction: 0 until it commits). */
  appliedRows: z.number(),
  /** While applying: rows written so far in the apply's open transaction, not yet committed. */
  applyingRows: z.number(),
  applyMode: z.enum(['all', 'valid_only']).nullable(),
  /** Why the job failed (status 'failed'): an error code and its details. */
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }).nullable(),
  rowVersion: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** When the job's staged rows and file were erased, `IMPORT_KEEP_DAYS` after it ended; null while kept. */
  erasedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importUploadQuerySchema = z.strictObject({
  filename: z.string().trim().min(1).max(255),
});

export const importValidateRequestSchema = z.strictObject({
  mapping: importMappingSchema,
  /** The date from which the members are recorded at their cells, unless a row says otherwise; default today. */
  effectiveDate: isoDateSchema.optional(),
  /** The decision ordering the data entry, if any: cited on every registration event and journal entry. */
  decisionId: z.number().int().positive().nullable().optional(),
  expectedRowVersion: z.number().int().nonnegative(),
});
export type ImportValidateRequest = z.infer<typeof importValidateRequestSchema>;

export const importApplyRequestSchema = z.strictObject({
  /** all: apply only when every row is valid; valid_only: apply the good rows and leave the others for the report. */
  mode: z.enum(['all', 'valid_only']),
  reason: z.string().trim().max(2000).optional(),
  expectedRowVersion: z.number().int().nonnegative(),
});
export type ImportApplyRequest = z.infer<typeof importApplyRequestSchema>;

/** Codes of row problems (stable) and their messages. */
export const IMPORT_ROW_ERRORS = {
  required: { vi: 'Thiếu thông tin bắt buộc', en: 'Required value missing' },
  too_long: { vi: 'Giá trị quá dài', en: 'Value too long' },
  invalid_date: { vi: 'Ngày không hợp lệ (dd/mm/yyyy)', en: 'Not a valid date (dd/mm/yyyy)' },
  date_in_future: { vi: 'Ngày ở tương lai', en: 'Date in the future' },
  unknown_value: { vi: 'Giá trị không có trong danh mục', en: 'Value not in the reference list' },
  citizen_id_format: { vi: 'Số CCCD phải có 12 chữ số', en: 'The citizen ID must have 12 digits' },
  citizen_id_province: { vi: 'Mã tỉnh trong số CCCD không tồn tại', en: 'Unknown province code in the citizen ID' },
  citizen_id_sex: { vi: 'Số CCCD không khớp giới tính', en: 'The citizen ID does not match the sex' },
  citizen_id_birth_year: { vi: 'Số CCCD không khớp năm sinh', en: 'The citizen ID does not match the birth year' },
  citizen_id_duplicate_in_file: { vi: 'Số CCCD trùng với dòng khác trong tệp', en: 'The citizen ID repeats another row of the file' },
  citizen_id_exists: { vi: 'Số CCCD đã có trong hồ sơ đảng viên', en: 'A member with this citizen ID already exists' },
  party_card_duplicate_in_file: { vi: 'Số thẻ đảng viên trùng với dòng khác trong tệp', en: 'The party card number repeats another row of the file' },
  party_card_exists: { vi: 'Số thẻ đảng viên đã được dùng', en: 'The party card number is already in use' },
  unit_not_found: { vi: 'Không có chi bộ mã này trong phạm vi được phân quyền', en: 'No cell with this code in your scope' },
  unit_not_a_cell: { vi: 'Đơn vị không phải là chi bộ', en: 'The unit is not a cell' },
  unit_ended: { vi: 'Chi bộ đã giải thể hoặc kết thúc hoạt động', en: 'The cell has been dissolved or has ended' },
  unit_not_yet_established: { vi: 'Chi bộ chưa thành lập vào ngày sinh hoạt', en: 'The cell did not exist yet on that date' },
  date_before_birth: { vi: 'Ngày trước ngày sinh', en: 'Date before the birth date' },
  under_age_at_admission: { vi: 'Chưa đủ 18 tuổi khi vào Đảng', en: 'Under 18 at admission' },
  date_order: { vi: 'Thứ tự ngày không hợp lệ (vào Đảng ≤ lễ kết nạp ≤ chính thức)', en: 'Dates out of order (admission ≤ ceremony ≤ official)' },
  official_date_missing: { vi: 'Đảng viên chính thức cần có ngày chính thức', en: 'An official member needs an official date' },
  official_date_for_probationary: { vi: 'Đảng viên dự bị không có ngày chính thức', en: 'A probationary member has no official date' },
} as const;
export type ImportRowErrorCode = keyof typeof IMPORT_ROW_ERRORS;

export const importRowProblemSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});

export const importRowSchema = z.object({
  rowNumber: z.number(),
  /** The original cells, by header text. */
  values: z.record(z.string(), z.string()),
  problems: z.array(importRowProblemSchema),
  isValid: z.boolean(),
  memberId: z.number().nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importRowsQuerySchema = z.strictObject({
  invalidOnly: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  // Row numbers are int4 in the database: a cursor past that range is refused here, not by the database (once a 500).
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const importRowsResponseSchema = z.object({
  items: z.array(importRowSchema),
  nextCursor: z.number().nullable(),
  /** The rows the query reaches (all, or the invalid ones), from the job's own counts: exact, never capped. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type ImportRows = z.infer<typeof importRowsResponseSchema>;

/**
 * An import row found by a key column of the file (issue 11): `key` is a header of the file (as written, or
 * ignoring case, diacritics and punctuation; `#3` for an unnamed third column) or a mapped field (`citizenId`,
 * `partyCardNumber`, or a field's label); `value` is compared with the cell as read, spaces around it ignored.
 */
export const IMPORT_ROW_LOOKUP_MAX = 50;
export const importRowLookupQuerySchema = z.strictObject({
  key: z.string().trim().min(1).max(200),
  value: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(IMPORT_ROW_LOOKUP_MAX).optional(),
});
export type ImportRowLookupQuery = z.infer<typeof importRowLookupQuerySchema>;
export const importRowLookupResponseSchema = z.object({
  /** The column the key named: its position (0-based), its header text, and the field mapped to it, if any. */
  column: z.object({ index: z.number(), header: z.string(), field: z.string().nullable() }),
  /** The rows whose cell in that column holds the value, in sheet order (rows that became members carry `memberId`). */
  items: z.array(importRowSchema),
  /** More rows hold the value than `limit`. */
  truncated: z.boolean(),
});
export type ImportRowLookup = z.infer<typeof importRowLookupResponseSchema>;

/**
 * Every row's cell in one key column with the member the row became (issue 11, an integrator's map from its own ids to
 * cellbase's after an import): `key` names the column as a lookup does; pages of up to 10,000 rows in sheet order.
 */
export const IMPORT_ROW_KEYS_PAGE_MAX = 10_000;
export const IMPORT_ROW_KEYS_PAGE_DEFAULT = 5_000;
export const importRowKeysQuerySchema = z.strictObject({
  key: z.string().trim().min(1).max(200),
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(IMPORT_ROW_KEYS_PAGE_MAX).optional(),
});
export type ImportRowKeysQuery = z.infer<typeof importRowKeysQuerySchema>;
export const importRowKeysResponseSchema = z.object({
  column: z.object({ index: z.number(), header: z.string(), field: z.string().nullable() }),
  /** Each row: its number in the sheet, its cell in the key column (trimmed), whether it is valid, its member once applied. */
  items: z.array(z.object({ rowNumber: z.number(), key: z.string(), isValid: z.boolean(), memberId: z.number().nullable() })),
  nextCursor: z.number().nullable(),
});
export type ImportRowKeys = z.infer<typeof importRowKeysResponseSchema>;

/** The most import jobs one page lists. */
export const IMPORT_JOB_PAGE_MAX = 100;
/** Newest first; pass `nextCursor` back as `cursor` for the next page. */
export const importJobListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(IMPORT_JOB_PAGE_MAX).optional(),
  cursor: z.string().max(200).optional(),
});
export type ImportJobListQuery = z.infer<typeof importJobListQuerySchema>;
export const importJobListSchema = z.object({
  items: z.array(importJobSchema),
  nextCursor: z.string().nullable(),
  /** Jobs in the caller's scope (first page only; null after it), at most LIST_TOTAL_CAP, `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type ImportJobList = z.infer<typeof importJobListSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Data cleaning

/**
 * What the data-cleaning worklist looks for. Two records with the same citizen ID (or party card number) cannot
 * exist: the registry's unique indexes refuse them; a citizen ID that contradicts its holder's sex or birth year can.
 */
export const CLEANING_ISSUE_KINDS = [
  'duplicate_name_birth',      // same folded name and birth date: likely one person recorded twice
  'citizen_id_mismatch',       // the citizen ID contradicts the sex, the birth year, or names no province
  'missing_fields',            // a field the record must have is empty
  'dissolved_unit',            // a current member placed in a unit that has ended
  'admission_age',             // admitted under 18, or over 60 without a recorded consent
  'official_date_mismatch',    // official date ≠ the end of the 12 months of probation
  'death_before_admission',    // died before being admitted
  'date_order',                // admission before birth, ceremony before admission, official before ceremony
  'unit_not_a_cell',           // placed (by old data) in a unit that is not a cell: a committee cannot hold members
] as const;
export type CleaningIssueKind = (typeof CLEANING_ISSUE_KINDS)[number];

export const CLEANING_ISSUE_LABELS: Record<CleaningIssueKind, { vi: string; en: string }> = {
  duplicate_name_birth: { vi: 'Có thể trùng (cùng họ tên và ngày sinh)', en: 'Possible duplicate (same name and birth date)' },
  citizen_id_mismatch: { vi: 'Số CCCD không khớp giới tính, năm sinh hoặc mã tỉnh', en: 'Citizen ID does not match sex, birth year or province' },
  missing_fields: { vi: 'Thiếu thông tin bắt buộc', en: 'Missing required fields' },
  dissolved_unit: { vi: 'Sinh hoạt tại tổ chức đã giải thể', en: 'Placed in a dissolved unit' },
  admission_age: { vi: 'Tuổi khi vào Đảng không hợp lệ', en: 'Age at admission out of range' },
  official_date_mismatch: { vi: 'Ngày chính thức không khớp 12 tháng dự bị', en: 'Official date does not match 12 months of probation' },
  death_before_admission: { vi: 'Ngày từ trần trước ngày vào Đảng', en: 'Died before admission' },
  date_order: { vi: 'Các ngày mâu thuẫn nhau', en: 'Contradictory dates' },
  unit_not_a_cell: { vi: 'Sinh hoạt tại tổ chức không phải chi bộ', en: 'Placed in a unit that is not a cell' },
};

/** Record fields a current member's record must have (Phiếu đảng viên; DOMAIN.md §2). */
export const CLEANING_REQUIRED_FIELDS = ['citizenId', 'ethnicity', 'religion', 'hometown', 'educationLevel', 'theoryLevel', 'admissionDate'] as const;

export const cleaningIssueSchema = z.object({
  kind: z.enum(CLEANING_ISSUE_KINDS),
  /** Stable key: resolve the issue with it. */
  key: z.string(),
  label: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  /**
   * Every record the issue involves that the caller may see (for a likely duplicate: each record of the group, in
   * whatever unit of the caller's scope), each with its unit and where that unit is.
   */
  members: z.array(z.object({ id: z.number(), fullName: z.string(), birthDate: z.string(), unitId: z.number(), unitName: z.string() })),
  /** What is wrong, in facts (fields missing, dates involved). */
  details: z.record(z.string(), z.unknown()),
  resolution: z.object({
    resolution: z.enum(['resolved', 'not_a_problem']),
    note: z.string(),
    resolvedAt: z.string(),
    resolvedBy: z.number().nullable(),
  }).nullable(),
});
export type CleaningIssue = z.infer<typeof cleaningIssueSchema>;

export const cleaningListQuerySchema = z.strictObject({
  unitId: z.coerce.number().int().positive().optional(),
  kind: z.enum(CLEANING_ISSUE_KINDS).optional(),
  /** open (default): not resolved, or resolved on facts that have since changed; resolved; all. */
  state: z.enum(['open', 'resolved', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export type CleaningListQuery = z.infer<typeof cleaningListQuerySchema>;

export const cleaningListResponseSchema = z.object({
  items: z.array(cleaningIssueSchema),
  /** Open issues by kind within the scope and unit asked. */
  counts: z.record(z.string(), z.number()),
  total: z.number(),
});

export const cleaningResolveRequestSchema = z.strictObject({
  kind: z.enum(CLEANING_ISSUE_KINDS),
  key: z.string().min(1).max(500),
  resolution: z.enum(['resolved', 'not_a_problem']),
  note: z.string().trim().min(1).max(2000),
});
export type CleaningResolveRequest = z.infer<typeof cleaningResolveRequestSchema>;

/**
 * The one-click fix of an issue that has one: members placed in a unit that is not a cell go into one of its cells
 * (`toUnitId`, a live cell under it; omitted: its `<code>-CB` cell, created when missing), on the day it stopped being
 * a cell, citing the decision.
 */
export const cleaningFixRequestSchema = z.strictObject({
  kind: z.literal('unit_not_a_cell'),
  key: z.string().min(1).max(500),
  decisionId: z.number().int().positive().max(2_147_483_647),
  toUnitId: z.number().int().positive().max(2_147_483_647).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type CleaningFixRequest = z.infer<typeof cleaningFixRequestSchema>;

export const cleaningFixResultSchema = z.object({
  fromUnitId: z.number(),
  toUnitId: z.number(),
  toName: z.string(),
  /** The fix created the cell (an establish batch, `batchId`, undoable as any batch). */
  created: z.boolean(),
  batchId: z.number().nullable(),
  /** The day the members were moved: the day the unit stopped being a cell. */
  date: isoDateSchema,
  moved: z.number(),
  members: z.array(z.object({ id: z.number(), fullName: z.string() })),
});
export type CleaningFixResult = z.infer<typeof cleaningFixResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Party badges

export const badgeDueQuerySchema = z.strictObject({
  /** A presentation day (3/2, 19/5, 2/9, 7/11). */
  presentationDate: isoDateSchema,
  unitId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  /** The `nextCursor` of the previous page: the list pages through all its rows (issue 10, item 6). */
  after: z.string().max(500).optional(),
});

export const badgeDueItemSchema = z.object({
  memberId: z.number(),
  fullName: z.string(),
  birthDate: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  /** The names above the unit that tell it apart, nearest first (`placeAbove`). */
  unitPlace: z.array(z.string()),
  admissionDate: z.string(),
  milestone: z.number(),
  reachedOn: z.string(),
  early: z.boolean(),
  seriouslyIll: z.boolean(),
  partyAgeYears: z.number(),
  /** When the badge listed was presented on or after the presentation day (a past day's list); else null. */
  presentedOn: z.string().nullable(),
  /** When the member has left the party since the day (a past day's list): how (deceased, removed, expelled) and when. */
  left: z.object({ status: z.string(), since: z.string() }).nullable(),
});
export type BadgeDueItem = z.infer<typeof badgeDueItemSchema>;

export const badgeDueResponseSchema = z.object({
  presentationDate: z.string(),
  regulation: z.string(),
  items: z.array(badgeDueItemSchema),
  /** Counts by milestone. */
  byMilestone: z.record(z.string(), z.number()),
  /** How many of them have been presented the badge since (on or after the day). */
  presented: z.number(),
  /** How many are listed in all (every page). */
  total: z.number(),
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});

export const badgeAwardRequestSchema = z.strictObject({
  presentationDate: isoDateSchema,
  decisionId: z.number().int().positive(),
  awards: z.array(z.strictObject({ memberId: z.number().int().positive(), milestone: z.number().int().positive() })).min(1).max(5000),
});
export type BadgeAwardRequest = z.infer<typeof badgeAwardRequestSchema>;

export const badgeAwardSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  milestone: z.number(),
  presentedOn: z.string(),
  decisionId: z.number(),
  early: z.boolean(),
});
export const badgeAwardResponseSchema = z.object({ awarded: z.array(badgeAwardSchema) });

export const seriousIllnessRequestSchema = z.strictObject({
  since: isoDateSchema,
  note: z.string().trim().min(1).max(2000),
  decisionId: z.number().int().positive().nullable().optional(),
});
export const seriousIllnessEndRequestSchema = z.strictObject({
  until: isoDateSchema,
  note: z.string().trim().min(1).max(2000),
});
export const seriousIllnessSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  since: z.string(),
  until: z.string().nullable(),
  note: z.string(),
});

export const memberBadgesResponseSchema = z.object({
  memberId: z.number(),
  partyAgeYears: z.number(),
  awards: z.array(badgeAwardSchema),
  seriousIllness: z.array(seriousIllnessSchema),
});
