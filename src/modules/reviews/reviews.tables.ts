/** Kysely types of the review and classification results (migration 0041_reviews.sql). */
import type { Generated } from 'kysely';
import type { DateString } from '../../db/columns.ts';

export interface ReviewPeriodsTable {
  id: Generated<number>;
  period_kind: Generated<'year'>;
  year: number;
  starts_on: DateString;
  ends_on: DateString;
  created_at: Generated<Date>;
}

export interface ReviewResultsTable {
  id: Generated<number>;
  period_id: number;
  subject_kind: 'organization' | 'member';
  unit_id: number;
  member_id: number | null;
  recorded_under_id: number;
  level: 'excellent' | 'good' | 'completed' | 'not_completed';
  decision_id: number;
  note: string | null;
  corrects_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  replaced_by: number | null;
  voided_by: number | null;
  voided_at: Date | null;
  void_reason: string | null;
  row_version: Generated<number>;
}
