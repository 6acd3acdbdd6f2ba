/**
 * What a journal entry is about, in words: the object's name ("Nguyễn Thị Hoa", "Chi bộ khu 1 · Đảng bộ phường Cẩm
 * Phả", "Quyết định 12-QĐ/TU") and the place of the unit it was recorded under, resolved when the journal is read,
 * one query per object type on a page, never per row (issue 10, item 7). The entries are already in the caller's
 * scope (by their unit), so the names are read by id. An object type without a reader here shows its type and id.
 * A new area whose commands journal a new object type adds its reader to `READERS`.
 */
import { sql } from 'kysely';
import { unitPlaces, type Executor } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';

type Reader = (db: Executor, ids: number[]) => Promise<Map<number, string>>;

async function pairs(rows: Promise<{ id: number | string; name: string | null }[]>): Promise<Map<number, string>> {
  const map = new Map<number, string>();
  for (const row of await rows) if (row.name) map.set(Number(row.id), row.name);
  return map;
}

const READERS: Record<string, Reader> = {
  org_unit: async (db, ids) => new Map([...(await unitPlaces(db, ids, todayInVietnam())).values()].map((place) => [place.unitId, place.label])),
  member: (db, ids) => pairs(db.selectFrom('members').select(['id', 'full_name as name']).where('id', 'in', ids).execute()),
  member_transfer: (db, ids) => pairs(db.selectFrom('member_transfers as t').innerJoin('members as m', 'm.id', 't.member_id')
    .select(['t.id', 'm.full_name as name']).where('t.id', 'in', ids).execute()),
  account: (db, ids) => pairs(db.selectFrom('accounts').select(['id', sql<string>`display_name || ' (' || username || ')'`.as('name')]).where('id', 'in', ids).execute()),
  grant: (db, ids) => pairs(db.selectFrom('grants as g').innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(['g.id', sql<string>`a.display_name || ' (' || a.username || ')'`.as('name')]).where('g.id', 'in', ids).execute()),
  decision: (db, ids) => pairs(db.selectFrom('decisions').select(['id', 'number as name']).where('id', 'in', ids).execute()),
  member_import_job: (db, ids) => pairs(db.selectFrom('member_import_jobs').select(['id', 'filename as name']).where('id', 'in', ids).execute()),
  member_saved_filter: (db, ids) => pairs(db.selectFrom('member_saved_filters').select(['id', 'name']).where('id', 'in', ids).execute()),
};

/** Names by object type and id, and the places of the units, for one page of entries. */
export async function namesForEntries(db: Executor, entries: readonly { object_type: string; object_id: string; unit_id: number | null }[]) {
  const idsByType = new Map<string, Set<number>>();
  for (const entry of entries) {
    const id = Number(entry.object_id);
    if (!READERS[entry.object_type] || !Number.isSafeInteger(id)) continue;
    let ids = idsByType.get(entry.object_type);
    if (!ids) idsByType.set(entry.object_type, ids = new Set());
    ids.add(id);
  }
  const unitIds = [...new Set(entries.map((entry) => entry.unit_id).filter((id): id is number => id !== null))];
  const [objects, units] = await Promise.all([
    Promise.all([...idsByType].map(async ([type, ids]) => [type, await READERS[type](db, [...ids])] as const)),
    unitPlaces(db, unitIds, todayInVietnam()),
  ]);
  const byType = new Map(objects);
  return {
    objectName: (type: string, id: string) => byType.get(type)?.get(Number(id)) ?? null,
    unitName: (unitId: number | null) => (unitId === null ? null : units.get(unitId)?.label ?? null),
  };
}
