/**
 * The API shape of a transfer: the member page shows the member's transfers in progress, and the transfers area
 * answers with the same shape (it depends on the registry, which owns the member and unit names it shows).
 */
import type { Selectable } from 'kysely';
import type { Transfer } from '../../contracts/members.ts';
import type { Database } from '../../db/schema.ts';
import { unitPlaces, type Executor } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { isTransferLate } from '../../rules/member-lifecycle.ts';
import { memberNames, unitNames } from './members.repository.ts';

export type TransferRow = Selectable<Database['member_transfers']>;

export async function toTransferDtos(db: Executor, rows: readonly TransferRow[], asOf: string = todayInVietnam()): Promise<Transfer[]> {
  const unitIds = rows.flatMap((row) => [row.from_unit_id, row.to_unit_id]);
  // Where each unit is, on today's tree (the letter and the lists tell the many "Chi bộ khu 1" apart).
  const [units, members, places] = await Promise.all([
    unitNames(db, unitIds),
    memberNames(db, rows.map((row) => row.member_id)),
    unitPlaces(db, unitIds, todayInVietnam()),
  ]);
  return rows.map((row) => ({
    id: row.id,
    memberId: row.member_id,
    memberName: members.get(row.member_id) ?? '',
    kind: row.kind,
    purpose: row.purpose,
    fromUnitId: row.from_unit_id,
    fromUnitName: units.get(row.from_unit_id) ?? '',
    fromUnitPlace: places.get(row.from_unit_id)?.above ?? [],
    toUnitId: row.to_unit_id,
    toUnitName: units.get(row.to_unit_id) ?? '',
    toUnitPlace: places.get(row.to_unit_id)?.above ?? [],
    status: row.status,
    issuedOn: row.issued_on,
    dueBy: row.due_by,
    temporaryUntil: row.temporary_until,
    receivedOn: row.received_on,
    cellId: row.cell_id,
    presentBy: row.present_by,
    presentedOn: row.presented_on,
    closedOn: row.closed_on,
    closeReason: row.close_reason,
    isLate: isTransferLate({ status: row.status, dueBy: row.due_by, presentBy: row.present_by, presentedOn: row.presented_on }, asOf),
    rowVersion: row.row_version,
  }));
}

export async function toTransferDto(db: Executor, row: TransferRow, asOf?: string): Promise<Transfer> {
  return (await toTransferDtos(db, [row], asOf))[0];
}
