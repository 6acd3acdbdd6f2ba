/**
 * Where a unit is, as people tell units apart: its name followed by the names of the units above it, nearest first,
 * up to the first committee above the grassroots (commune/ward, district or bloc) or the province, never the centre:
 * "Chi bộ khu 1 · Đảng bộ phường Cẩm Phả", "Chi bộ Thôn 3 · Đảng bộ cơ sở X · Đảng bộ xã Y". A province holds dozens
 * of "Chi bộ khu 1"; every picker, list, letter and export shows this label, on the tree as it stood on the date.
 * The rule is pure, in src/rules/unit-place.ts (the web shows places with it); this reads the tree for it.
 */
import { sql } from 'kysely';
import { placeAbove, placeLabel } from '../rules/unit-place.ts';
import type { Executor } from './executor.ts';
import { versionInForce } from './unit-version.ts';

export interface UnitPlace {
  unitId: number;
  code: string;
  name: string;
  kind: string;
  /** The names of the units above it that tell it apart, nearest first. */
  above: string[];
  /** `name · above[0] · above[1]`. */
  label: string;
}

/**
 * The places of `unitIds` on `date` (the versions in force then, ancestors included). A unit with no version in
 * force on the date (not yet established, or ended) is placed as its last version before the date, or its first.
 * Each ancestor's version is looked up by its unit (the `(unit_id, valid_from)` index, a few rows each): a condition
 * on the whole table's dates let the planner scan every version per unit when statistics were missing (a tree just
 * entered), 10 ms a unit.
 */
export async function unitPlaces(db: Executor, unitIds: readonly number[], date: string): Promise<Map<number, UnitPlace>> {
  const ids = [...new Set(unitIds)];
  const places = new Map<number, UnitPlace>();
  if (ids.length === 0) return places;
  const rows = await sql<{ unit_id: string; code: string; name: string; kind: string; ancestors: { name: string; kind: string }[] | null }>`
    select u.id as unit_id, u.code, v.name, v.kind,
      (select json_agg(json_build_object('name', a.name, 'kind', a.kind) order by above.ord desc)
         from unnest(string_to_array(trim(both '/' from v.path), '/')::bigint[]) with ordinality as above(id, ord)
         cross join lateral (
           select a.name, a.kind from org_unit_versions a
            where a.unit_id = above.id and ${versionInForce('a', sql`least(greatest(${date}::date, v.valid_from), v.valid_to - 1)`)}
            order by a.valid_from desc limit 1
         ) a
        where above.id <> u.id
      ) as ancestors
    from org_units u
    cross join lateral (
      select v.* from org_unit_versions v
       where v.unit_id = u.id and v.voided_by_batch_id is null
       order by (v.valid_from <= ${date}::date) desc,
                case when v.valid_from <= ${date}::date then v.valid_from end desc nulls last,
                v.valid_from
       limit 1
    ) v
    where u.id = any (${ids}::bigint[])`.execute(db);
  for (const row of rows.rows) {
    const above = placeAbove(row.ancestors ?? []);
    const unitId = Number(row.unit_id);
    places.set(unitId, { unitId, code: row.code, name: row.name, kind: row.kind, above, label: placeLabel(row.name, above) });
  }
  return places;
}
