/** Kysely types of the data-cleaning table (migration 0011_member_import.sql). */
import type { Generated } from 'kysely';

export interface MemberCleaningResolutionsTable {
  id: Generated<number>;
  kind: string;
  issue_key: string;
  member_id: number;
  resolution: 'resolved' | 'not_a_problem';
  note: string;
  fingerprint: string;
  resolved_by: number | null;
  resolved_at: Generated<Date>;
  superseded_at: Date | null;
}
