/**
 * Test factories. Each test builds its own subtree under the root, so tests share nothing.
 * `insertUnit` writes a unit straight into the tables (a fixture for tests that are not about restructuring).
 */
import { versionIsCurrent, type Db } from '../../src/kernel/index.ts';
import type { Role } from '../../src/db/schema.ts';
import { foldText } from '../../src/lib/text.ts';
import { hashPassword } from '../../src/modules/accounts/password.ts';

let sequence = 0;
export const uniqueSuffix = () => `${process.pid}${Date.now() % 100000}${sequence++}`;

export interface UnitFixture {
  id: number;
  code: string;
  name: string;
  path: string;
}

export async function insertUnit(db: Db, input: { parentId: number | null; kind: string; name?: string; sector?: string | null; validFrom?: string; code?: string }): Promise<UnitFixture> {
  const validFrom = input.validFrom ?? '2020-01-01';
  const parent = input.parentId
    ? await db.selectFrom('org_unit_versions as v').select(['v.path', 'v.depth']).where('v.unit_id', '=', input.parentId).where(versionIsCurrent('v')).executeTakeFirstOrThrow()
    : { path: '/', depth: -1 };
  const code = input.code ?? `T${uniqueSuffix()}`;
  const name = input.name ?? `Đơn vị ${code}`;
  const unit = await db.insertInto('org_units').values({ code, established_on: validFrom, province_id: null, superior_id: null, grassroots_id: null, ended_on: null, end_reason: null }).returning('id').executeTakeFirstOrThrow();
  const path = `${parent.path}${unit.id}/`;
  await db.updateTable('org_units').set({ scope_path: path }).where('id', '=', unit.id).execute();
  await db.insertInto('org_unit_versions').values({
    unit_id: unit.id, valid_from: validFrom, valid_to: null, parent_id: input.parentId, name, name_folded: foldText(name), kind: input.kind,
    sector: input.sector ?? null, path, depth: parent.depth + 1, batch_id: null, change: 'establish', voided_by_batch_id: null,
  }).execute();
  return { id: unit.id, code, name, path };
}

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-123';

export async function createAccount(db: Db, input: { role?: Role; unitId?: number; username?: string; validFrom?: string; validTo?: string | null; memberId?: number | null } = {}) {
  const username = input.username ?? `user${uniqueSuffix()}`;
  const account = await db.insertInto('accounts').values({
    username, display_name: username, password_hash: await hashPassword(TEST_PASSWORD), member_id: input.memberId ?? null, locked_until: null, disabled_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  if (input.role && input.unitId) {
    await db.insertInto('grants').values({
      account_id: account.id, role: input.role, unit_id: input.unitId, valid_from: input.validFrom ?? '2000-01-01', valid_to: input.validTo ?? null,
      delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null,
    }).execute();
  }
  return { id: account.id, username, password: TEST_PASSWORD };
}
