/** Kysely types of the party badge tables (migration 0014_party_badges.sql). */
import type { Generated } from 'kysely';
import type { DateString } from '../../db/columns.ts';

export interface MemberBadgeAwardsTable {
  id: Generated<number>;
  member_id: number;
  milestone: number;
  presented_on: DateString;
  decision_id: number;
  early: Generated<boolean>;
  unit_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  voided_at: Date | null;
  voided_by: number | null;
  void_reason: string | null;
}

export interface MemberSeriousIllnessTable {
  id: Generated<number>;
  member_id: number;
  since: DateString;
  until: DateString | null;
  note: string;
  decision_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  ended_by: number | null;
}
