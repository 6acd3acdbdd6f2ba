/**
 * A unit shown with where it is (issue 10, item 4): its name and the units above it that tell it apart, on the tree
 * as it stood on the date asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { insertUnit } from '../../helpers/factories.ts';
import { placeAbove, unitPlaces } from '../../../src/kernel/index.ts';
import { ensureRootUnit } from '../../../src/modules/accounts/index.ts';
import { foldText } from '../../../src/lib/text.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

describe('where a unit is', () => {
  let database: TestDatabase;
  let tree: ProvinceFixture;
  let rootUnitId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    rootUnitId = await ensureRootUnit(database.db);
    tree = await insertProvinceTree(database.db, rootUnitId, 'Cẩm Phả', '2010-01-01');
  });
  afterAll(async () => { await database.drop(); });

  it('names a cell by its grassroots organization and commune, a commune by its province, never the centre', async () => {
    const places = await unitPlaces(database.db, [tree.cellA.id, tree.grassroots.id, tree.commune.id, tree.province.id, rootUnitId], '2024-06-01');
    expect(places.get(tree.cellA.id)?.label).toBe('Chi bộ Cẩm Phả 1 · Đảng bộ cơ sở Cẩm Phả · Đảng bộ xã Cẩm Phả');
    expect(places.get(tree.grassroots.id)?.above).toEqual(['Đảng bộ xã Cẩm Phả']);
    expect(places.get(tree.commune.id)?.above).toEqual(['Đảng bộ tỉnh Cẩm Phả']);
    expect(places.get(tree.province.id)?.above).toEqual([]);
    expect(places.get(rootUnitId)?.above).toEqual([]);
  });

  it('reads the names as they were on the date', async () => {
    // The grassroots committee is renamed on 2024-01-01: before it, the cell is placed under the old name.
    await database.db.updateTable('org_unit_versions').set({ valid_to: '2024-01-01' }).where('unit_id', '=', tree.grassroots.id).execute();
    const current = await database.db.selectFrom('org_unit_versions').selectAll().where('unit_id', '=', tree.grassroots.id).executeTakeFirstOrThrow();
    const { id: _id, ...rest } = current;
    await database.db.insertInto('org_unit_versions').values({ ...rest, valid_from: '2024-01-01', valid_to: null, name: 'Đảng bộ Công ty Than', name_folded: foldText('Đảng bộ Công ty Than'), change: 'rename' }).execute();
    const before = await unitPlaces(database.db, [tree.cellA.id], '2023-06-01');
    const after = await unitPlaces(database.db, [tree.cellA.id], '2024-06-01');
    expect(before.get(tree.cellA.id)?.above[0]).toBe('Đảng bộ cơ sở Cẩm Phả');
    expect(after.get(tree.cellA.id)?.above[0]).toBe('Đảng bộ Công ty Than');
  });

  it('places a unit asked about before it existed as it was first established', async () => {
    const late = await insertUnit(database.db, { parentId: tree.grassroots.id, kind: 'cell', name: 'Chi bộ mới', validFrom: '2025-03-01' });
    const places = await unitPlaces(database.db, [late.id], '2020-01-01');
    expect(places.get(late.id)?.label).toBe('Chi bộ mới · Đảng bộ Công ty Than · Đảng bộ xã Cẩm Phả');
  });

  it('names at most three units above, stopping at the first committee above the grassroots', () => {
    const chain = [
      { name: 'Tổ 1', kind: 'party_group' }, { name: 'Chi bộ 2', kind: 'cell' }, { name: 'ĐBBP 3', kind: 'sub_committee' },
      { name: 'ĐBCS 4', kind: 'grassroots_committee' }, { name: 'Xã 5', kind: 'commune_committee' }, { name: 'Tỉnh', kind: 'provincial_committee' },
    ];
    expect(placeAbove(chain)).toEqual(['Tổ 1', 'Chi bộ 2', 'ĐBBP 3']);
    expect(placeAbove(chain.slice(3))).toEqual(['ĐBCS 4', 'Xã 5']);
    expect(placeAbove([{ name: 'Trung ương', kind: 'central' }])).toEqual([]);
  });
});
