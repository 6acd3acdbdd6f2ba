/** Kysely types of the member registry's tables (migration 0010_members.sql). */
import type { Generated } from 'kysely';
import type { DateString, Json } from '../../db/columns.ts';
import type { MemberStatus, PlacementKind, Sex } from '../../contracts/members.ts';

export interface MembersTable {
  id: Generated<number>;
  full_name: string;
  name_folded: string;
  name_sort_key: string;
  sex: Sex;
  birth_date: DateString;
  birthplace: string | null;
  hometown: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizen_id: string | null;
  party_card_number: string | null;
  education_level: string | null;
  professional_level: string | null;
  theory_level: string | null;
  occupation: string | null;
  photo_attachment_id: number | null;
  admission_date: DateString | null;
  probation_start: DateString | null;
  official_date: DateString | null;
  status: MemberStatus;
  status_since: DateString;
  /** For a duplicate record merged into another ('merged'): the record that carries on (migration 0024). */
  merged_into_id: Generated<number | null>;
  in_transit: Generated<boolean>;
  /** The highest party badge presented (0: none): a projection of member_badge_awards kept by a trigger (migration 0020). */
  highest_badge: Generated<number>;
  unit_id: number;
  scope_path: string;
  province_id: number | null;
  superior_id: number | null;
  grassroots_id: number | null;
  /** Generated from birth_date. */
  birth_year: Generated<number>;
  /** Generated: the folded name's words in reverse order, for tail searches. */
  name_reversed: Generated<string>;
  row_version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MemberEventsTable {
  id: Generated<number>;
  member_id: number;
  kind: string;
  effective_date: DateString;
  decision_id: number | null;
  unit_id: number | null;
  status_after: MemberStatus | null;
  payload: Json;
  reason: string | null;
  transfer_id: number | null;
  corrects_event_id: number | null;
  voided_by_event_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface MemberPlacementsTable {
  id: Generated<number>;
  member_id: number;
  unit_id: number;
  kind: PlacementKind;
  valid_from: DateString;
  valid_to: DateString | null;
  event_id: number | null;
  closed_by_event_id: number | null;
  transfer_id: number | null;
  voided_by_event_id: number | null;
}

export interface MemberSavedFiltersTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  filters: Json;
  row_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}
