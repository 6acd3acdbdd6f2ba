/** Kysely types of the import tables (migrations 0011_member_import.sql, 0030_member_import_typed_staging.sql and 0053_member_import_file_parts.sql). */
import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../../db/columns.ts';
import type { ImportJobStatus } from '../../contracts/member-import.ts';

/** An uploaded file's bytes, in parts of at most `FILE_PART_BYTES` in order (files stored before 0053: one part). */
export interface MemberImportFilePartsTable {
  job_id: number;
  part: number;
  data: Buffer;
}

export interface MemberImportJobsTable {
  id: Generated<number>;
  account_id: number | null;
  unit_id: number;
  status: ImportJobStatus;
  filename: string;
  format: 'xlsx' | 'csv';
  size_bytes: number;
  sha256: string;
  headers: Json;
  header_row: number;
  proposed_mapping: Json;
  mapping: Json | null;
  options: ColumnType<unknown, string | undefined, string>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  valid_rows: Generated<number>;
  invalid_rows: Generated<number>;
  applied_rows: Generated<number>;
  apply_mode: 'all' | 'valid_only' | null;
  error: Json | null;
  heartbeat_at: Date | null;
  row_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
  /** When the staged rows and the file were erased (migration 0058); null while they are kept. */
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Staged rows (migration 0030: typed columns, written with COPY). */
export interface MemberImportRowsTable {
  job_id: number;
  row_number: number;
  raw: Json;
  unit_code: string | null;
  citizen_id: string | null;
  party_card_number: string | null;
  full_name: string | null;
  name_folded: string | null;
  name_sort_key: string | null;
  sex: string | null;
  birth_date: string | null;
  birthplace: string | null;
  hometown: string | null;
  ethnicity: string | null;
  religion: string | null;
  education_level: string | null;
  professional_level: string | null;
  theory_level: string | null;
  occupation: string | null;
  admission_date: string | null;
  probation_start: string | null;
  official_date: string | null;
  status: string | null;
  effective_date: string | null;
  errors: Generated<Json>;
  registry_errors: Generated<Json>;
  is_valid: Generated<boolean>;
  member_id: number | null;
}
