/** Kysely types of the statistics' tables (migration 0031_statistics.sql). */
import type { Generated } from 'kysely';
import type { DateString, Json } from '../../db/columns.ts';

export interface StatisticsSubmissionsTable {
  id: Generated<number>;
  unit_id: number;
  form_key: string;
  period_from: DateString | null;
  period_to: DateString;
  status: 'submitted' | 'returned';
  form: Json;
  note: string | null;
  submitted_by: number | null;
  submitted_at: Generated<Date>;
  returned_by: number | null;
  returned_at: Date | null;
  return_reason: string | null;
  row_version: Generated<number>;
}

export interface StatisticsIndicatorsTable {
  id: Generated<number>;
  key: string;
  label_vi: string;
  label_en: string;
  numerator: Json;
  denominator: Json | null;
  unit_id: number;
  created_by: number | null;
  created_at: Generated<Date>;
  retired_at: Date | null;
  row_version: Generated<number>;
}

export interface StatisticsTargetsTable {
  id: Generated<number>;
  indicator_id: number;
  unit_id: number;
  term_from: number;
  term_to: number;
  year: number | null;
  comparison: 'at_least' | 'at_most';
  value: string;
  parent_id: number | null;
  note: string | null;
  set_by: number | null;
  set_at: Generated<Date>;
  retired_at: Date | null;
  row_version: Generated<number>;
}
