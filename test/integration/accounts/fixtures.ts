/**
 * A small tree for the account and grant tests, under the root:
 *   province P ─┬─ commune C1 ── cell X1
 *               └─ commune C2 ── cell X2
 *   province Q ─── commune C3
 * and helpers to read what a test changed.
 */
import { sql } from 'kysely';
import type { Db } from '../../../src/kernel/executor.ts';
import { foldText, vietnameseNameSortKey } from '../../../src/lib/text.ts';
import { insertUnit, uniqueSuffix, type UnitFixture } from '../../helpers/factories.ts';

export interface Tree {
  province: UnitFixture;
  commune1: UnitFixture;
  cell1: UnitFixture;
  commune2: UnitFixture;
  cell2: UnitFixture;
  otherProvince: UnitFixture;
  commune3: UnitFixture;
}

export async function buildTree(db: Db, rootUnitId: number): Promise<Tree> {
  const province = await insertUnit(db, { parentId: rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Thử Nghiệm' });
  const commune1 = await insertUnit(db, { parentId: province.id, kind: 'commune_committee', name: 'Đảng bộ xã Một' });
  const cell1 = await insertUnit(db, { parentId: commune1.id, kind: 'cell', name: 'Chi bộ thôn Một' });
  const commune2 = await insertUnit(db, { parentId: province.id, kind: 'commune_committee', name: 'Đảng bộ xã Hai' });
  const cell2 = await insertUnit(db, { parentId: commune2.id, kind: 'cell', name: 'Chi bộ thôn Hai' });
  const otherProvince = await insertUnit(db, { parentId: rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Khác' });
  const commune3 = await insertUnit(db, { parentId: otherProvince.id, kind: 'commune_committee', name: 'Đảng bộ xã Ba' });
  return { province, commune1, cell1, commune2, cell2, otherProvince, commune3 };
}

/** A member record in a cell, written straight into the table (the member registry is not under test here). */
export async function insertMember(db: Db, unit: UnitFixture, fullName = `Đảng viên ${uniqueSuffix()}`): Promise<number> {
  const row = await db.insertInto('members' as never).values({
    full_name: fullName, name_folded: foldText(fullName), name_sort_key: vietnameseNameSortKey(fullName), sex: 'female',
    birth_date: '1980-05-01', status: 'official', status_since: '2005-05-01', unit_id: unit.id, scope_path: unit.path,
  } as never).returning('id' as never).executeTakeFirstOrThrow() as { id: number };
  return row.id;
}

export async function journalOf(db: Db, objectType: string, objectId: number | string) {
  return db.selectFrom('journal').selectAll().where('object_type', '=', objectType).where('object_id', '=', String(objectId)).orderBy('id').execute();
}

export async function countRows(db: Db, table: 'accounts' | 'grants' | 'journal'): Promise<number> {
  const row = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`.execute(db);
  return row.rows[0].count;
}

export function dateOffset(days: number): string {
  const date = new Date(Date.now() + 7 * 3600_000);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
