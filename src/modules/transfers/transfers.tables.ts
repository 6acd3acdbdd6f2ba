/** Kysely types of transfers of party activity (migration 0010_members.sql). */
import type { Generated } from 'kysely';
import type { DateString } from '../../db/columns.ts';
import type { TransferKind, TransferPurpose, TransferStatus } from '../../contracts/members.ts';

export interface MemberTransfersTable {
  id: Generated<number>;
  member_id: number;
  kind: TransferKind;
  purpose: TransferPurpose | null;
  from_unit_id: number;
  to_unit_id: number;
  status: TransferStatus;
  issued_on: DateString;
  issue_decision_id: number | null;
  due_by: DateString;
  temporary_until: DateString | null;
  received_on: DateString | null;
  receive_decision_id: number | null;
  cell_id: number | null;
  present_by: DateString | null;
  presented_on: DateString | null;
  closed_on: DateString | null;
  close_reason: string | null;
  note: string | null;
  issued_by: number | null;
  received_by: number | null;
  closed_by: number | null;
  row_version: Generated<number>;
  created_at: Generated<Date>;
}
