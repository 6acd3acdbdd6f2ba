/**
 * The cleaning list flags members that old data holds placed in a unit that is not a cell (issue 11, item 1).
 * Migration 0026 refuses to create such data, so the test writes it as the schema's owner with the trigger off,
 * as data recorded before the rule would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createOrgWorld, type OrgWorld } from '../orgs/world.ts';
import { registerTestMember, validCitizenId } from '../../helpers/member-factories.ts';

describe('the cleaning list flags a member placed in a unit that is not a cell', () => {
  let world: OrgWorld;

  beforeAll(async () => { world = await createOrgWorld(); });
  afterAll(async () => { await world?.close(); });

  it('a member of old data in a grassroots committee is one issue of its kind, with the unit kind', async () => {
    const province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Dữ Liệu Cũ', date: '2015-01-01' });
    const district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Dữ Liệu Cũ', date: '2015-01-01' });
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ Dữ Liệu Cũ', date: '2015-01-01' });
    const cell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ Dữ Liệu Cũ', date: '2015-01-01' });
    const member = await registerTestMember(world.ctx.db, world.ctx.rootUnitId, {
      unitId: cell, fullName: 'Cao Văn Cũ', birthDate: '1970-05-06', citizenId: validCitizenId('male', '1970-05-06'), admissionDate: '2016-02-01', officialDate: '2017-02-01',
    });
    const empty = await world.admin.get(`/api/member-cleaning/issues?unitId=${district}&kind=unit_not_a_cell`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json().items).toEqual([]);

    const owner = new pg.Client({ connectionString: (world.ctx as unknown as { ownerUrl: string }).ownerUrl });
    await owner.connect();
    try {
      await owner.query('begin');
      await owner.query('alter table member_placements disable trigger member_placement_in_cell_update');
      await owner.query('update member_placements set unit_id = $1 where member_id = $2', [committee, member.id]);
      await owner.query('update members set unit_id = $1, scope_path = (select scope_path from org_units where id = $1) where id = $2', [committee, member.id]);
      await owner.query('alter table member_placements enable trigger member_placement_in_cell_update');
      await owner.query('commit');
    } finally {
      await owner.end();
    }

    const list = await world.admin.get(`/api/member-cleaning/issues?unitId=${district}&kind=unit_not_a_cell`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({
      kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, unitId: committee, label: 'Sinh hoạt tại tổ chức không phải chi bộ',
      members: [expect.objectContaining({ id: member.id, fullName: 'Cao Văn Cũ' })], details: { unitKind: 'grassroots_committee', kindSince: '2015-01-01' },
    })]);
    expect(list.json().counts.unit_not_a_cell).toBe(1);
  });
});
