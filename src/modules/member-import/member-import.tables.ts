/** Kysely types of the import tables (migration 0011_member_import.sql). */
import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../../db/columns.ts';
import type { ImportJobStatus } from '../../contracts/member-import.ts';

export interface MemberImportJobsTable {
  id: Generated<number>;
  account_id: number | null;
  unit_id: number;
  status: ImportJobStatus;
  filename: string;
  format: 'xlsx' | 'csv';
  size_bytes: number;
  sha256: string;
  file_data: Buffer;
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
}

export interface MemberImportRowsTable {
  job_id: number;
  row_number: number;
  raw: Json;
  record: Json | null;
  unit_code: string | null;
  citizen_id: string | null;
  party_card_number: string | null;
  errors: Json;
  registry_errors: Generated<Json>;
  is_valid: boolean;
  member_id: number | null;
}
