/** Database rows to the response shapes of `src/contracts/accounts.ts`. */
import type { AccountSummary, GrantView } from '../../contracts/accounts.ts';
import type { AccountRow, GrantRow } from './accounts.repository.ts';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toAccountSummary(row: AccountRow): AccountSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    locale: row.locale,
    memberId: row.member_id,
    mustChangePassword: row.must_change_password,
    disabledAt: iso(row.disabled_at),
    lockedUntil: row.locked_until && new Date(row.locked_until) > new Date() ? iso(row.locked_until) : null,
    rowVersion: row.row_version,
    createdAt: iso(row.created_at)!,
  };
}

/** Where a grant stands today: revoked, ended (or its unit ended), not yet started, or in force. */
export function grantStatus(row: Pick<GrantRow, 'revoked_at' | 'valid_from' | 'valid_to' | 'unit_ended_on'>, today: string): GrantView['status'] {
  if (row.revoked_at !== null) return 'revoked';
  if ((row.valid_to !== null && row.valid_to <= today) || row.unit_ended_on !== null) return 'expired';
  if (row.valid_from > today) return 'scheduled';
  return 'active';
}

export function toGrantView(row: GrantRow, today: string): GrantView {
  return {
    id: row.id,
    accountId: row.account_id,
    username: row.username,
    role: row.role,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    unitName: row.unit_name ?? row.unit_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    delegatedFromGrantId: row.delegated_from_grant_id,
    note: row.note,
    revokedAt: iso(row.revoked_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    status: grantStatus(row, today),
  };
}

/** Normalised display name: NFC (so the folded search column matches), single spaces. */
export function normaliseDisplayName(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}
