/**
 * Kysely table types. Each area owns the types of its tables in `src/modules/<area>/<area>.tables.ts`;
 * this file only gathers them into the one `Database` interface.
 */
import type { ColumnType, Generated } from 'kysely';
import type { OrgUnitCountDeltasTable, OrgUnitVersionPlacesTable } from '../modules/orgs/orgs.tables.ts';
import type { MembersTable, MemberEventsTable, MemberPlacementsTable, MemberSavedFiltersTable } from '../modules/members/members.tables.ts';
import type { MemberTransfersTable } from '../modules/transfers/transfers.tables.ts';
import type { MemberImportFilePartsTable, MemberImportJobsTable, MemberImportRowsTable } from '../modules/member-import/member-import.tables.ts';
import type { MemberCleaningResolutionsTable } from '../modules/member-cleaning/member-cleaning.tables.ts';
import type { MemberBadgeAwardsTable, MemberSeriousIllnessTable } from '../modules/badges/badges.tables.ts';
import type { NotificationsTable } from '../modules/notifications/notifications.tables.ts';
import type { AdmissionCandidatesTable, AdmissionDocumentsTable, AdmissionIntroducersTable, AdmissionStepsTable, WorkingDayOverridesTable } from '../modules/admissions/admissions.tables.ts';
import type { AdmissionCourseParticipantsTable, AdmissionCoursesTable } from '../modules/admissions/admissions.tables.ts';
import type { ReviewPeriodsTable, ReviewResultsTable } from '../modules/reviews/reviews.tables.ts';
import type { StatisticsIndicatorsTable, StatisticsSubmissionsTable, StatisticsTargetsTable } from '../modules/statistics/statistics.tables.ts';

import type { DateString, Timestamp, Json, Id } from './columns.ts';

export type { DateString, Timestamp, Json, Id };

export interface OrgUnitsTable {
  id: Id;
  code: string;
  scope_path: Generated<string>;
  province_id: number | null;
  superior_id: number | null;
  grassroots_id: number | null;
  established_on: DateString;
  ended_on: DateString | null;
  end_reason: 'merged' | 'dissolved' | 'split' | 'voided' | null;
  row_version: Generated<number>;
  created_at: Generated<Date>;
}

export interface OrgUnitVersionsTable {
  id: Id;
  unit_id: number;
  valid_from: DateString;
  valid_to: DateString | null;
  parent_id: number | null;
  name: string;
  name_folded: string;
  kind: string;
  sector: string | null;
  path: string;
  depth: number;
  batch_id: number | null;
  change: string;
  voided_by_batch_id: number | null;
  /** The code as of this version (0002); filled from org_units.code when omitted on insert. */
  code: ColumnType<string, string | undefined, string>;
  /** The batch that closed this version (set its valid_to); undo re-opens these (0002). */
  closed_by_batch_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface OrgUnitLinksTable {
  id: Id;
  predecessor_id: number;
  successor_id: number;
  link_kind: 'merged_into' | 'split_into' | 'upgraded_to' | 'absorbed_into';
  effective_date: DateString;
  batch_id: number;
  voided_by_batch_id: number | null;
}

export interface RestructureBatchesTable {
  id: Id;
  operation: string;
  effective_date: DateString;
  decision_id: number | null;
  payload: Json;
  summary: Json;
  status: 'applied' | 'undone';
  undoes_batch_id: number | null;
  undone_by_batch_id: number | null;
  applied_by: number | null;
  applied_at: Generated<Date>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DecisionsTable {
  id: Id;
  number: string;
  signed_on: DateString;
  issuing_body: string;
  issuing_unit_id: number | null;
  signer: string | null;
  subject: string | null;
  attachment_id: number | null;
  number_folded: string;
  recorded_by: number | null;
  created_at: Generated<Date>;
}

export interface AttachmentsTable {
  id: Id;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Generated<Date>;
}

/** An attachment's bytes, in parts of at most `FILE_PART_BYTES` in order (migration 0055). */
export interface AttachmentPartsTable {
  attachment_id: number;
  part: number;
  data: Buffer;
}

export interface JournalTable {
  id: Id;
  recorded_at: Generated<Date>;
  account_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  unit_id: number | null;
  effective_date: DateString | null;
  decision_id: number | null;
  reason: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
}

export interface AccountsTable {
  id: Id;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  locale: Generated<'vi' | 'en'>;
  member_id: number | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  row_version: Generated<number>;
  created_at: Generated<Date>;
  /** Generated (0005): username and display name without diacritics or case, for search. */
  search_folded: ColumnType<string, never, never>;
  /** When the last failed sign-in happened (0005): failures older than the window no longer count. */
  last_failed_login_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ended_at: Date | null;
}

export interface LoginFailuresTable {
  id: Id;
  username: string;
  ip: string;
  at: Generated<Date>;
}

import type { Role } from '../contracts/permissions.ts';

export type { Role };

export interface GrantsTable {
  id: Id;
  account_id: number;
  role: Role;
  unit_id: number;
  valid_from: DateString;
  valid_to: DateString | null;
  delegated_from_grant_id: number | null;
  note: string | null;
  revoked_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface Database {
  org_units: OrgUnitsTable;
  org_unit_versions: OrgUnitVersionsTable;
  org_unit_links: OrgUnitLinksTable;
  restructure_batches: RestructureBatchesTable;
  decisions: DecisionsTable;
  attachments: AttachmentsTable;
  attachment_parts: AttachmentPartsTable;
  journal: JournalTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  grants: GrantsTable;
  org_unit_count_deltas: OrgUnitCountDeltasTable;
  org_unit_version_places: OrgUnitVersionPlacesTable;
  members: MembersTable;
  member_events: MemberEventsTable;
  member_placements: MemberPlacementsTable;
  member_saved_filters: MemberSavedFiltersTable;
  member_transfers: MemberTransfersTable;
  member_import_jobs: MemberImportJobsTable;
  member_import_file_parts: MemberImportFilePartsTable;
  member_import_rows: MemberImportRowsTable;
  member_cleaning_resolutions: MemberCleaningResolutionsTable;
  member_badge_awards: MemberBadgeAwardsTable;
  member_serious_illness: MemberSeriousIllnessTable;
  notifications: NotificationsTable;
  statistics_submissions: StatisticsSubmissionsTable;
  statistics_indicators: StatisticsIndicatorsTable;
  statistics_targets: StatisticsTargetsTable;
  working_day_overrides: WorkingDayOverridesTable; admission_candidates: AdmissionCandidatesTable; admission_steps: AdmissionStepsTable; admission_documents: AdmissionDocumentsTable; admission_introducers: AdmissionIntroducersTable;
  admission_courses: AdmissionCoursesTable; admission_course_participants: AdmissionCourseParticipantsTable;
  review_periods: ReviewPeriodsTable; review_results: ReviewResultsTable;
}
