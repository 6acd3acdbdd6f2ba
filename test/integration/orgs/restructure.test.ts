import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('restructuring through the HTTP layer: preview, apply, undo', () => {
  let world: OrgWorld;
  let province: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Thử Nghiệm', date: '2015-01-01' });
  });
  afterAll(async () => { await world?.close(); });
  afterEach(async () => { await assertOrgInvariants(world.ctx.db); });

  /** A district with a grassroots committee holding two cells, and a grassroots cell. */
  async function buildDistrict(name: string) {
    const district = await world.establish({ parentId: province, kind: 'district_committee', name: `Huyện ${name}`, date: '2016-01-01' });
    const committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: `Đảng bộ xã ${name}`, sector: 'commune_ward', date: '2016-01-01' });
    const cellA = await world.establish({ parentId: committee, kind: 'cell', name: `Chi bộ thôn ${name} 1`, date: '2016-01-01' });
    const cellB = await world.establish({ parentId: committee, kind: 'cell', name: `Chi bộ thôn ${name} 2`, date: '2016-01-01' });
    const grassrootsCell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: `Chi bộ cơ sở công ty ${name}`, sector: 'enterprise_private', date: '2016-01-01' });
    return { district, committee, cellA, cellB, grassrootsCell };
  }

  const unitAsOf = async (id: number, date: string) => (await world.admin.get(`/api/orgs/units/${id}?date=${date}`)).json();
  const childIds = async (id: number, date: string) => (await world.admin.get(`/api/orgs/units/${id}/children?date=${date}`)).json().items.map((item: { id: number }) => item.id);
  const batch = (body: Record<string, unknown>) => ({ decisionId: world.decisionId, ...body });

  it('establishes a unit: the preview saves nothing, the apply writes a dated version and the journal', async () => {
    const before = await snapshotTree(world.ctx.db);
    const body = batch({ operation: 'establish', effectiveDate: '2017-03-01', reason: 'Thành lập mới', units: [{ parentId: province, kind: 'district_committee', code: 'H-MOI-01', name: 'Huyện Mới' }] });
    const preview = await world.admin.post('/api/orgs/batches/preview', body);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ preview: true, summary: { versionsOpened: 1, unitsCreated: [{ code: 'H-MOI-01', parentId: province, kind: 'district_committee' }] } });
    expect(await snapshotTree(world.ctx.db)).toBe(before);

    const applied = await world.admin.post('/api/orgs/batches', body);
    expect(applied.statusCode, applied.body).toBe(201);
    const result = applied.json();
    const unitId = result.summary.unitsCreated[0].unitId;
    expect(result).toMatchObject({ preview: false, batch: { operation: 'establish', effectiveDate: '2017-03-01', decisionId: world.decisionId, status: 'applied', reason: 'Thành lập mới' } });
    expect(await childIds(province, '2017-02-28')).not.toContain(unitId);
    expect(await childIds(province, '2017-03-01')).toContain(unitId);
    expect(await unitAsOf(unitId, '2017-03-01')).toMatchObject({ code: 'H-MOI-01', name: 'Huyện Mới', parentId: province, existsOnDate: true, provinceId: province, establishedOn: '2017-03-01' });
    expect((await unitAsOf(unitId, '2017-01-01')).existsOnDate).toBe(false);

    const journal = await world.ctx.db.selectFrom('journal').selectAll().where('action', '=', 'org.establish').where('object_id', '=', String(unitId)).executeTakeFirstOrThrow();
    expect(journal).toMatchObject({ object_type: 'org_unit', unit_id: unitId, effective_date: '2017-03-01', decision_id: world.decisionId, reason: 'Thành lập mới' });
    const batchEntry = await world.ctx.db.selectFrom('journal').selectAll().where('object_type', '=', 'restructure_batch').where('object_id', '=', String(result.batch.id)).executeTakeFirstOrThrow();
    expect(batchEntry.unit_id).toBe(unitId);
  });

  it('renames a unit and changes its code; undo restores both and releases the new code', async () => {
    const { committee } = await buildDistrict('Đổi Tên');
    const oldCode = (await unitAsOf(committee, '2018-01-01')).code;
    const body = batch({ operation: 'rename', effectiveDate: '2018-06-01', unitId: committee, name: 'Đảng bộ phường Đổi Tên', code: 'P-DOI-TEN' });
    const preview = (await world.admin.post('/api/orgs/batches/preview', body)).json();
    expect(preview.summary.changes).toEqual([{ unitId: committee, change: 'rename', before: expect.objectContaining({ code: oldCode, name: 'Đảng bộ xã Đổi Tên' }), after: expect.objectContaining({ code: 'P-DOI-TEN', name: 'Đảng bộ phường Đổi Tên' }) }]);
    const applied = await world.apply(body);
    expect(await unitAsOf(committee, '2018-05-31')).toMatchObject({ name: 'Đảng bộ xã Đổi Tên', code: oldCode });
    expect(await unitAsOf(committee, '2018-06-01')).toMatchObject({ name: 'Đảng bộ phường Đổi Tên', code: 'P-DOI-TEN' });

    const undo = await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'Nhập nhầm tên' });
    expect(undo.statusCode, undo.body).toBe(201);
    expect(undo.json()).toMatchObject({ batch: { operation: 'undo', undoesBatchId: applied.batch.id }, summary: { versionsVoided: 1, versionsReopened: 1 } });
    expect(await unitAsOf(committee, '2019-01-01')).toMatchObject({ name: 'Đảng bộ xã Đổi Tên', code: oldCode });
    const history = (await world.admin.get(`/api/orgs/units/${committee}/history`)).json();
    expect(history.versions.map((version: { name: string; voided: boolean }) => [version.name, version.voided])).toEqual([['Đảng bộ xã Đổi Tên', false], ['Đảng bộ phường Đổi Tên', true]]);
    expect(history.versions[1]).toMatchObject({ batchId: applied.batch.id, batchStatus: 'undone', voidedByBatchId: undo.json().batch.id });
    const original = (await world.admin.get(`/api/orgs/batches/${applied.batch.id}`)).json();
    expect(original).toMatchObject({ status: 'undone', undoneByBatchId: undo.json().batch.id });
    // The code is free again.
    const other = await buildDistrict('Mã Tự Do');
    await world.apply({ operation: 'rename', effectiveDate: '2019-01-01', unitId: other.committee, code: 'P-DOI-TEN' });
  });

  it('moves a unit with its descendants: every version stays right as of its dates, and undo puts it back', async () => {
    const from = await buildDistrict('Nguồn');
    const to = await buildDistrict('Đích');
    const body = batch({ operation: 'move', effectiveDate: '2022-03-01', unitIds: [from.committee], newParentId: to.district });
    const preview = (await world.admin.post('/api/orgs/batches/preview', body)).json();
    expect(preview.summary).toMatchObject({ descendantsRewritten: 2, moved: [{ unitId: from.committee, fromParentId: from.district, toParentId: to.district, descendants: 2 }] });
    const applied = await world.apply(body);

    expect(await childIds(from.district, '2022-02-28')).toContain(from.committee);
    expect(await childIds(from.district, '2022-03-01')).not.toContain(from.committee);
    expect(await childIds(to.district, '2022-03-01')).toContain(from.committee);
    const cellBefore = await unitAsOf(from.cellA, '2022-02-28');
    const cellAfter = await unitAsOf(from.cellA, '2022-03-01');
    expect(cellBefore.path).toBe(`/${world.ctx.rootUnitId}/${province}/${from.district}/${from.committee}/${from.cellA}/`);
    expect(cellAfter.path).toBe(`/${world.ctx.rootUnitId}/${province}/${to.district}/${from.committee}/${from.cellA}/`);
    expect(cellAfter.ancestors.map((ancestor: { id: number }) => ancestor.id)).toEqual([world.ctx.rootUnitId, province, to.district, from.committee]);
    expect(cellAfter).toMatchObject({ scopePath: cellAfter.path, superiorId: to.district, grassrootsId: from.committee });
    const cellHistory = (await world.admin.get(`/api/orgs/units/${from.cellA}/history`)).json();
    expect(cellHistory.versions.map((version: { change: string }) => version.change)).toEqual(['establish', 'ancestor_moved']);

    await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'Sai quyết định' });
    expect(await childIds(from.district, '2023-01-01')).toContain(from.committee);
    expect(await childIds(to.district, '2023-01-01')).not.toContain(from.committee);
    expect(await unitAsOf(from.cellA, '2023-01-01')).toMatchObject({ path: cellBefore.path, scopePath: cellBefore.path, superiorId: from.district });
  });

  it('merges several units into a new one: sources end, children move, lineage links, and undo revives them', async () => {
    const d = await buildDistrict('Hợp Nhất');
    const other = await world.establish({ parentId: d.district, kind: 'grassroots_committee', name: 'Đảng bộ xã Bên Cạnh', sector: 'commune_ward', date: '2016-01-01' });
    const otherCell = await world.establish({ parentId: other, kind: 'cell', name: 'Chi bộ thôn Bên Cạnh', date: '2016-01-01' });
    const body = batch({
      operation: 'merge', effectiveDate: '2020-02-01', sourceIds: [d.committee, other],
      newUnit: { parentId: d.district, kind: 'grassroots_committee', code: 'X-HOP-NHAT', name: 'Đảng bộ xã Hợp Nhất Mới', sector: 'commune_ward' },
    });
    const preview = (await world.admin.post('/api/orgs/batches/preview', body)).json();
    expect(preview.summary.unitsEnded).toEqual([
      { unitId: d.committee, reason: 'merged', successorIds: [expect.any(Number)] },
      { unitId: other, reason: 'merged', successorIds: [expect.any(Number)] },
    ]);
    expect(preview.summary.moved.map((item: { unitId: number }) => item.unitId).sort()).toEqual([d.cellA, d.cellB, otherCell].sort());
    const applied = await world.apply(body);
    const merged = applied.summary.unitsCreated[0].unitId;
    expect(applied.summary.links).toEqual([
      { predecessorId: d.committee, successorId: merged, kind: 'merged_into' },
      { predecessorId: other, successorId: merged, kind: 'merged_into' },
    ]);
    expect((await childIds(merged, '2020-02-01')).sort()).toEqual([d.cellA, d.cellB, otherCell].sort());
    expect(await childIds(d.district, '2020-01-31')).toEqual(expect.arrayContaining([d.committee, other]));
    expect(await childIds(d.district, '2020-02-01')).not.toContain(d.committee);
    const source = await unitAsOf(d.committee, '2021-01-01');
    expect(source).toMatchObject({ existsOnDate: false, endedOn: '2020-02-01', endReason: 'merged', successors: [{ id: merged, linkKind: 'merged_into', effectiveDate: '2020-02-01' }] });
    const mergedDetail = await unitAsOf(merged, '2021-01-01');
    expect(source.scopePath).toBe(`${mergedDetail.path}${d.committee}/`);
    const lineage = (await world.admin.get(`/api/orgs/units/${merged}/lineage`)).json();
    expect(lineage.nodes.map((node: { id: number; distance: number }) => [node.id, node.distance]).sort()).toEqual([[merged, 0], [d.committee, -1], [other, -1]].sort());

    const undo = await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'Hủy quyết định hợp nhất' });
    expect(undo.statusCode, undo.body).toBe(201);
    expect(undo.json().summary).toMatchObject({ unitsRevived: [d.committee, other], unitsVoided: [merged], linksVoided: 2 });
    expect((await childIds(d.committee, '2021-01-01')).sort()).toEqual([d.cellA, d.cellB].sort());
    expect(await unitAsOf(d.committee, '2021-01-01')).toMatchObject({ existsOnDate: true, endedOn: null, endReason: null, successors: [] });
    expect((await world.admin.get(`/api/orgs/units/${merged}`)).statusCode).toBe(404);
    // The voided unit released its code.
    const again = await world.admin.post('/api/orgs/batches/preview', body);
    expect(again.statusCode, again.body).toBe(200);
  });

  it('merges a unit into an existing one (absorption)', async () => {
    const d = await buildDistrict('Sáp Nhập');
    const target = await world.establish({ parentId: d.district, kind: 'grassroots_committee', name: 'Đảng bộ xã Nhận', sector: 'commune_ward', date: '2016-01-01' });
    const applied = await world.apply({ operation: 'merge', effectiveDate: '2019-09-01', sourceIds: [d.committee], intoUnitId: target });
    expect(applied.summary.links).toEqual([{ predecessorId: d.committee, successorId: target, kind: 'absorbed_into' }]);
    expect((await childIds(target, '2019-09-01')).sort()).toEqual([d.cellA, d.cellB].sort());
    expect(await unitAsOf(d.cellA, '2019-09-01')).toMatchObject({ parentId: target, grassrootsId: target });
    const counts = (await world.admin.get(`/api/orgs/units/${d.district}/counts?date=2019-09-01`)).json();
    expect(counts.byKind).toEqual(expect.arrayContaining([{ kind: 'grassroots_committee', level: 'grassroots', count: 1 }, { kind: 'cell', level: 'cell', count: 2 }]));
    const countsBefore = (await world.admin.get(`/api/orgs/units/${d.district}/counts?date=2019-08-31`)).json();
    expect(countsBefore.byKind).toEqual(expect.arrayContaining([{ kind: 'grassroots_committee', level: 'grassroots', count: 2 }]));
  });

  it('splits a unit into parts that share its children, with split links', async () => {
    const d = await buildDistrict('Chia Tách');
    const body = batch({
      operation: 'split', effectiveDate: '2019-04-01', sourceId: d.committee,
      parts: [
        { code: 'CT-BAC', name: 'Đảng bộ xã Chia Tách Bắc', kind: 'grassroots_committee', sector: 'commune_ward', childIds: [d.cellA] },
        { code: 'CT-NAM', name: 'Đảng bộ xã Chia Tách Nam', kind: 'grassroots_committee', sector: 'commune_ward', childIds: [d.cellB] },
      ],
    });
    const applied = await world.apply(body);
    const [north, south] = applied.summary.unitsCreated.map((unit: { unitId: number }) => unit.unitId);
    expect(applied.summary.unitsEnded).toEqual([{ unitId: d.committee, reason: 'split', successorIds: [north, south] }]);
    expect(await childIds(north, '2019-04-01')).toEqual([d.cellA]);
    expect(await childIds(south, '2019-04-01')).toEqual([d.cellB]);
    expect(await unitAsOf(d.committee, '2019-03-31')).toMatchObject({ existsOnDate: true });
    expect(await unitAsOf(d.committee, '2019-04-01')).toMatchObject({ existsOnDate: false, endReason: 'split' });
    const lineage = (await world.admin.get(`/api/orgs/units/${d.committee}/lineage`)).json();
    expect(lineage.links.map((link: { kind: string; successorId: number }) => [link.kind, link.successorId])).toEqual([['split_into', north], ['split_into', south]]);

    await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo`, { reason: 'Không tách nữa' });
    expect((await childIds(d.committee, '2020-01-01')).sort()).toEqual([d.cellA, d.cellB].sort());
  });

  it('upgrades a grassroots cell to a grassroots committee and a cell to a sub-committee, keeping identity', async () => {
    const d = await buildDistrict('Nâng Cấp');
    const upgraded = await world.apply({ operation: 'upgrade', effectiveDate: '2018-01-01', unitId: d.grassrootsCell, name: 'Đảng bộ công ty Nâng Cấp' });
    expect(upgraded.summary.changes[0]).toMatchObject({ unitId: d.grassrootsCell, change: 'upgrade', before: { kind: 'grassroots_cell' }, after: { kind: 'grassroots_committee', name: 'Đảng bộ công ty Nâng Cấp' } });
    await world.apply({ operation: 'upgrade', effectiveDate: '2018-01-01', unitId: d.cellA });
    expect(await unitAsOf(d.cellA, '2017-12-31')).toMatchObject({ kind: 'cell', level: 'cell' });
    expect(await unitAsOf(d.cellA, '2018-01-01')).toMatchObject({ kind: 'sub_committee', level: 'sub_grassroots' });
    const lineage = (await world.admin.get(`/api/orgs/units/${d.grassrootsCell}/lineage`)).json();
    expect(lineage.kindChanges).toEqual([expect.objectContaining({ unitId: d.grassrootsCell, date: '2018-01-01', fromKind: 'grassroots_cell', toKind: 'grassroots_committee', change: 'upgrade' })]);
    const changes = (await world.admin.get(`/api/orgs/units/${d.district}/changes?from=2017-01-01&to=2018-12-31`)).json();
    expect(changes.upgraded.items.map((item: { unitId: number; fromKind: string }) => [item.unitId, item.fromKind]).sort()).toEqual([[d.grassrootsCell, 'grassroots_cell'], [d.cellA, 'cell']].sort());
  });

  it('changes a unit\'s kind and sector', async () => {
    const d = await buildDistrict('Đổi Loại');
    await world.apply({ operation: 'change_kind', effectiveDate: '2018-02-01', unitId: d.committee, kind: 'grassroots_committee', sector: 'agency' });
    expect(await unitAsOf(d.committee, '2018-01-31')).toMatchObject({ sector: 'commune_ward' });
    expect(await unitAsOf(d.committee, '2018-02-01')).toMatchObject({ sector: 'agency' });
    const counts = (await world.admin.get(`/api/orgs/units/${d.district}/counts?date=2018-02-01`)).json();
    expect(counts.grassrootsBySector).toEqual(expect.arrayContaining([{ sector: 'agency', count: 1 }]));
  });

  it('dissolves units (a cell and then its emptied parent) and undo brings them back', async () => {
    const d = await buildDistrict('Giải Thể');
    const cells = await world.apply({ operation: 'dissolve', effectiveDate: '2019-01-01', unitIds: [d.cellA, d.cellB] });
    expect(cells.summary.unitsEnded.map((unit: { unitId: number }) => unit.unitId).sort()).toEqual([d.cellA, d.cellB].sort());
    expect(await childIds(d.committee, '2018-12-31')).toHaveLength(2);
    expect(await childIds(d.committee, '2019-01-01')).toHaveLength(0);
    const parent = await world.apply({ operation: 'dissolve', effectiveDate: '2019-02-01', unitIds: [d.committee] });
    expect(await unitAsOf(d.committee, '2019-02-01')).toMatchObject({ existsOnDate: false, endReason: 'dissolved', endedOn: '2019-02-01' });
    // The parent's dissolution is the later change: it must be undone first.
    const refused = await world.admin.post(`/api/orgs/batches/${cells.batch.id}/undo`, { reason: 'thử' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ORG_BATCH_NOT_UNDOABLE');
    expect((await world.admin.post(`/api/orgs/batches/${parent.batch.id}/undo`, { reason: 'Giữ lại' })).statusCode).toBe(201);
    expect((await world.admin.post(`/api/orgs/batches/${cells.batch.id}/undo`, { reason: 'Giữ lại' })).statusCode).toBe(201);
    expect(await childIds(d.committee, '2020-01-01')).toHaveLength(2);
    const twice = await world.admin.post(`/api/orgs/batches/${cells.batch.id}/undo`, { reason: 'lần hai' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ORG_BATCH_ALREADY_UNDONE');
  });

  it('previewing an undo saves nothing', async () => {
    const d = await buildDistrict('Xem Trước');
    const applied = await world.apply({ operation: 'rename', effectiveDate: '2018-03-01', unitId: d.cellA, name: 'Chi bộ mới tên' });
    const before = await snapshotTree(world.ctx.db);
    const preview = await world.admin.post(`/api/orgs/batches/${applied.batch.id}/undo/preview`, { reason: 'xem thử' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ preview: true, summary: { versionsVoided: 1, versionsReopened: 1, changes: [{ unitId: d.cellA, after: { name: 'Chi bộ thôn Xem Trước 1' } }] } });
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });

  it('several batches on the same date replace the version the earlier one opened; undo restores it', async () => {
    const from = await buildDistrict('Cùng Ngày A');
    const to = await buildDistrict('Cùng Ngày B');
    const moved = await world.apply({ operation: 'move', effectiveDate: '2021-05-01', unitIds: [from.committee], newParentId: to.district });
    const renamed = await world.apply({ operation: 'rename', effectiveDate: '2021-05-01', unitId: from.committee, name: 'Đảng bộ xã sau sáp xếp' });
    expect(renamed.summary.versionsVoided).toBe(1);
    expect(await unitAsOf(from.committee, '2021-05-01')).toMatchObject({ parentId: to.district, name: 'Đảng bộ xã sau sáp xếp' });
    expect(await unitAsOf(from.committee, '2021-04-30')).toMatchObject({ parentId: from.district, name: 'Đảng bộ xã Cùng Ngày A' });
    // A later same-day move of the district above re-writes the descendants' versions opened that day.
    const third = await world.apply({ operation: 'rename', effectiveDate: '2021-05-01', unitId: to.district, name: 'Huyện Cùng Ngày B mới' });
    expect(third.summary.versionsVoided).toBe(0);
    await assertOrgInvariants(world.ctx.db);
    const refused = await world.admin.post(`/api/orgs/batches/${moved.batch.id}/undo`, { reason: 'thử' });
    expect(refused.json().error.code).toBe('ORG_BATCH_NOT_UNDOABLE');
    await world.admin.post(`/api/orgs/batches/${renamed.batch.id}/undo`, { reason: 'Bỏ đổi tên' });
    expect(await unitAsOf(from.committee, '2021-05-01')).toMatchObject({ parentId: to.district, name: 'Đảng bộ xã Cùng Ngày A' });
    await assertOrgInvariants(world.ctx.db);
    expect((await world.admin.post(`/api/orgs/batches/${moved.batch.id}/undo`, { reason: 'Bỏ chuyển' })).statusCode).toBe(201);
    expect(await unitAsOf(from.committee, '2021-05-01')).toMatchObject({ parentId: from.district });
  });

  it('the 1/7/2025 reform: commune committees take over grassroots organizations and districts are dissolved', async () => {
    const d = await buildDistrict('Cải Cách');
    const refusedDistrict = await world.admin.post('/api/orgs/batches', batch({ operation: 'establish', effectiveDate: '2025-07-01', units: [{ parentId: province, kind: 'district_committee', code: 'H-SAU-CAI-CACH', name: 'Huyện sau cải cách' }] }));
    expect(refusedDistrict.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
    const commune = await world.establish({ parentId: province, kind: 'commune_committee', name: 'Đảng bộ xã Cải Cách Mới', date: '2025-07-01' });
    await world.apply({ operation: 'move', effectiveDate: '2025-07-01', unitIds: [d.committee, d.grassrootsCell], newParentId: commune });
    await world.apply({ operation: 'dissolve', effectiveDate: '2025-07-01', unitIds: [d.district] });
    const before = (await world.admin.get(`/api/orgs/units/${province}/counts?date=2025-06-30`)).json();
    const after = (await world.admin.get(`/api/orgs/units/${province}/counts?date=2025-07-01`)).json();
    const superior = (counts: { byKind: { kind: string; count: number }[] }, kind: string) => counts.byKind.find((item) => item.kind === kind)?.count ?? 0;
    expect(superior(after, 'commune_committee')).toBe(superior(before, 'commune_committee') + 1);
    expect(superior(after, 'district_committee')).toBe(superior(before, 'district_committee') - 1);
    expect(after.byLevel.find((item: { level: string }) => item.level === 'grassroots').count).toBe(before.byLevel.find((item: { level: string }) => item.level === 'grassroots').count);
    expect(await unitAsOf(d.cellA, '2025-07-01')).toMatchObject({ superiorId: commune, provinceId: province });
  });
});
