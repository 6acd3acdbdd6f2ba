/** Kysely types of the admission pipeline (migration 0034_admissions.sql). */
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Json } from '../../db/columns.ts';

export interface WorkingDayOverridesTable {
  id: Generated<number>;
  day: DateString;
  kind: 'day_off' | 'working_day';
  name: string;
  decision_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  voided_by: number | null;
  voided_at: Date | null;
  void_reason: string | null;
}

export interface AdmissionCandidatesTable {
  id: Generated<number>;
  unit_id: number;
  full_name: string;
  name_folded: string;
  sex: string;
  birth_date: DateString;
  citizen_id: string | null;
  person: Json;
  candidate_since: DateString;
  source: string;
  course_name: string | null;
  course_completed_on: DateString | null;
  certificate_number: string | null;
  certificate_valid_until: DateString | null;
  helper_member_id: number | null;
  age_consent_decision_id: number | null;
  status: Generated<string>;
  stage: Generated<string>;
  next_step: string | null;
  due_by: DateString | null;
  waiting_on: string | null;
  member_id: number | null;
  reminded_stage: string | null;
  row_version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AdmissionStepsTable {
  id: Generated<number>;
  candidate_id: number;
  step: string;
  effective_date: DateString;
  decision_id: number | null;
  due_by: DateString | null;
  late_working_days: Generated<number>;
  reason: string | null;
  payload: Json;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface AdmissionDocumentsTable {
  id: Generated<number>;
  candidate_id: number;
  form: string;
  dated: DateString;
  note: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | null;
  content: ColumnType<Buffer | null, Buffer | null, never>;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  superseded_by: number | null;
}

export interface AdmissionIntroducersTable {
  id: Generated<number>;
  candidate_id: number;
  kind: 'member' | 'youth_union';
  member_id: number | null;
  worked_with_since: DateString | null;
  resolution_date: DateString | null;
  resolution_body: string | null;
  checked_on: DateString;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  withdrawn_at: Date | null;
}

/** The awareness course as an object (migration 0037_admission_courses.sql). */
export interface AdmissionCoursesTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  code: string;
  search_folded: string;
  opens_on: DateString;
  closes_on: DateString;
  place: string | null;
  status: Generated<'open' | 'closed' | 'cancelled'>;
  closed_on: DateString | null;
  closed_by: number | null;
  cancelled_at: Date | null;
  cancelled_by: number | null;
  cancel_reason: string | null;
  row_version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AdmissionCourseParticipantsTable {
  id: Generated<number>;
  course_id: number;
  candidate_id: number;
  result: 'completed' | 'not_completed' | null;
  certificate_number: string | null;
  certificate_valid_until: DateString | null;
  result_note: string | null;
  applied_to_candidate: Generated<boolean>;
  added_by: number | null;
  added_at: Generated<Date>;
  voided_at: Date | null;
  voided_by: number | null;
  void_reason: string | null;
}
