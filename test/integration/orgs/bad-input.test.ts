import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, dayFromToday, snapshotTree, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('bad restructuring input gets a clear error and changes nothing', () => {
  let world: OrgWorld;
  let province: number;
  let district: number;
  let committee: number;
  let cell: number;
  let grassrootsCell: number;
  let dissolved: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Lỗi', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Lỗi', date: '2015-01-01' });
    committee = await world.establish({ parentId: district, kind: 'grassroots_committee', code: 'DB-LOI', name: 'Đảng bộ xã Lỗi', date: '2016-01-01' });
    cell = await world.establish({ parentId: committee, kind: 'cell', name: 'Chi bộ thôn Lỗi', date: '2016-01-01' });
    grassrootsCell = await world.establish({ parentId: district, kind: 'grassroots_cell', name: 'Chi bộ cơ sở Lỗi', date: '2016-01-01' });
    dissolved = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ đã giải thể', date: '2016-01-01' });
    await world.apply({ operation: 'dissolve', effectiveDate: '2018-01-01', unitIds: [dissolved] });
    await world.apply({ operation: 'rename', effectiveDate: '2020-01-01', unitId: grassrootsCell, name: 'Chi bộ cơ sở Lỗi (đổi tên)' });
  });
  afterAll(async () => { await world?.close(); });

  async function expectRefused(body: Record<string, unknown>, status: number, code: string, url = '/api/orgs/batches') {
    const before = await snapshotTree(world.ctx.db);
    for (const path of [url, `${url}/preview`]) {
      const response = await world.admin.post(path, { decisionId: world.decisionId, ...body });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(response.json().error.message).toBeTruthy();
    }
    expect(await snapshotTree(world.ctx.db)).toBe(before);
    await assertOrgInvariants(world.ctx.db);
  }

  it('moving a unit under its own descendant: ORG_CYCLE', async () => {
    await expectRefused({ operation: 'move', effectiveDate: '2021-01-01', unitIds: [committee], newParentId: cell }, 422, 'ORG_CYCLE');
    await expectRefused({ operation: 'move', effectiveDate: '2021-01-01', unitIds: [committee], newParentId: committee }, 422, 'ORG_CYCLE');
  });

  it('reversed dates: DATE_RANGE_INVALID (changes between dates, ending a unit on the day it began)', async () => {
    const response = await world.admin.get(`/api/orgs/units/${province}/changes?from=2022-01-01&to=2021-01-01`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('DATE_RANGE_INVALID');
    const spare = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ dự phòng', date: '2016-01-01' });
    const fresh = await world.establish({ parentId: spare, kind: 'cell', name: 'Chi bộ một ngày', date: '2021-03-01' });
    await expectRefused({ operation: 'dissolve', effectiveDate: '2021-03-01', unitIds: [fresh] }, 422, 'DATE_RANGE_INVALID');
  });

  it('an effective date before the unit existed: ORG_DATE_BEFORE_ESTABLISHED', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: '2015-06-01', unitId: committee, name: 'Tên trước khi có' }, 422, 'ORG_DATE_BEFORE_ESTABLISHED');
    await expectRefused({ operation: 'establish', effectiveDate: '2015-06-01', units: [{ parentId: committee, kind: 'cell', code: 'C-SOM', name: 'Chi bộ sớm' }] }, 422, 'ORG_DATE_BEFORE_ESTABLISHED');
  });

  it('a change dated before a later change already recorded: ORG_HISTORY_LATER_CHANGE', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: '2019-01-01', unitId: grassrootsCell, name: 'Đổi tên lùi ngày' }, 409, 'ORG_HISTORY_LATER_CHANGE');
    // Moving the district on a date before its grassroots cell's rename would re-write that later version.
    const otherProvince = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Khác', date: '2015-01-01' });
    await expectRefused({ operation: 'move', effectiveDate: '2019-01-01', unitIds: [district], newParentId: otherProvince }, 409, 'ORG_HISTORY_LATER_CHANGE');
  });

  it('an effective date in the future: DATE_IN_FUTURE', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: dayFromToday(1), unitId: committee, name: 'Tên tương lai' }, 422, 'DATE_IN_FUTURE');
  });

  it('merging into a dissolved unit: ORG_UNIT_ENDED', async () => {
    await expectRefused({ operation: 'merge', effectiveDate: '2021-01-01', sourceIds: [committee], intoUnitId: dissolved }, 422, 'ORG_UNIT_ENDED');
    await expectRefused({ operation: 'rename', effectiveDate: '2021-01-01', unitId: dissolved, name: 'Hồi sinh' }, 422, 'ORG_UNIT_ENDED');
  });

  it('a decision that does not exist or is out of scope: DECISION_NOT_FOUND', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: '2021-01-01', unitId: committee, name: 'Tên mới', decisionId: 999999 }, 422, 'DECISION_NOT_FOUND');
    const otherProvince = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Quyết Định', date: '2015-01-01' });
    const foreign = await world.admin.post('/api/decisions', { number: '77-QĐ/TU', signedOn: '2020-12-01', issuingBody: 'Ban Thường vụ Tỉnh ủy khác', issuingUnitId: otherProvince });
    const officer = await world.clientFor('org_officer', province);
    const before = await snapshotTree(world.ctx.db);
    const response = await officer.post('/api/orgs/batches', { operation: 'rename', effectiveDate: '2021-01-01', unitId: committee, name: 'Tên mới', decisionId: foreign.json().id });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('DECISION_NOT_FOUND');
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });

  it('a kind not allowed under the parent on the date: ORG_KIND_NOT_ALLOWED', async () => {
    await expectRefused({ operation: 'establish', effectiveDate: '2025-07-01', units: [{ parentId: province, kind: 'district_committee', code: 'H-2025', name: 'Huyện 2025' }] }, 422, 'ORG_KIND_NOT_ALLOWED');
    await expectRefused({ operation: 'establish', effectiveDate: '2024-01-01', units: [{ parentId: province, kind: 'commune_committee', code: 'X-2024', name: 'Xã 2024' }] }, 422, 'ORG_KIND_NOT_ALLOWED');
    await expectRefused({ operation: 'establish', effectiveDate: '2021-01-01', units: [{ parentId: grassrootsCell, kind: 'cell', code: 'C-SAI', name: 'Chi bộ sai chỗ' }] }, 422, 'ORG_KIND_NOT_ALLOWED');
    await expectRefused({ operation: 'move', effectiveDate: '2021-01-01', unitIds: [cell], newParentId: district }, 422, 'ORG_KIND_NOT_ALLOWED');
    await expectRefused({ operation: 'upgrade', effectiveDate: '2021-01-01', unitId: committee }, 422, 'ORG_KIND_NOT_ALLOWED');
  });

  it('dissolving a unit with live children: ORG_HAS_CHILDREN', async () => {
    await expectRefused({ operation: 'dissolve', effectiveDate: '2021-01-01', unitIds: [committee] }, 422, 'ORG_HAS_CHILDREN');
  });

  it('a duplicate code: ORG_CODE_TAKEN', async () => {
    await expectRefused({ operation: 'establish', effectiveDate: '2021-01-01', units: [{ parentId: committee, kind: 'cell', code: 'db-loi', name: 'Trùng mã' }] }, 409, 'ORG_CODE_TAKEN');
    await expectRefused({ operation: 'establish', effectiveDate: '2021-01-01', units: [
      { parentId: committee, kind: 'cell', code: 'C-DOI', name: 'Một' }, { parentId: committee, kind: 'cell', code: 'C-DOI', name: 'Hai' },
    ] }, 409, 'ORG_CODE_TAKEN');
    await expectRefused({ operation: 'rename', effectiveDate: '2021-01-01', unitId: cell, code: 'DB-LOI' }, 409, 'ORG_CODE_TAKEN');
  });

  it('invalid merges: ORG_MERGE_INVALID', async () => {
    await expectRefused({ operation: 'merge', effectiveDate: '2021-01-01', sourceIds: [committee], intoUnitId: committee }, 422, 'ORG_MERGE_INVALID');
    await expectRefused({ operation: 'merge', effectiveDate: '2021-01-01', sourceIds: [cell], intoUnitId: grassrootsCell }, 422, 'ORG_MERGE_INVALID');
    await expectRefused({ operation: 'merge', effectiveDate: '2021-01-01', sourceIds: [committee], newUnit: { parentId: district, kind: 'grassroots_committee', code: 'M-1', name: 'Một nguồn' } }, 422, 'ORG_MERGE_INVALID');
  });

  it('a split that leaves a live child behind: ORG_HAS_CHILDREN', async () => {
    await expectRefused({ operation: 'split', effectiveDate: '2021-01-01', sourceId: committee, parts: [
      { code: 'S-1', name: 'Phần 1', kind: 'grassroots_committee' }, { code: 'S-2', name: 'Phần 2', kind: 'grassroots_committee' },
    ] }, 422, 'ORG_HAS_CHILDREN');
  });

  it('schema violations: unknown fields, bad dates, unknown kinds, missing decision', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: '2021-01-01', unitId: committee, name: 'X', extra: true }, 422, 'VALIDATION_FAILED');
    await expectRefused({ operation: 'rename', effectiveDate: '2021-02-30', unitId: committee, name: 'X' }, 422, 'VALIDATION_FAILED');
    await expectRefused({ operation: 'establish', effectiveDate: '2021-01-01', units: [{ parentId: committee, kind: 'ministry', code: 'K', name: 'K' }] }, 422, 'VALIDATION_FAILED');
    await expectRefused({ operation: 'explode', effectiveDate: '2021-01-01' }, 422, 'VALIDATION_FAILED');
    const before = await snapshotTree(world.ctx.db);
    const noDecision = await world.admin.post('/api/orgs/batches', { operation: 'rename', effectiveDate: '2021-01-01', unitId: committee, name: 'X' });
    expect(noDecision.statusCode).toBe(422);
    expect(noDecision.json().error.code).toBe('VALIDATION_FAILED');
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });

  it('a unit that does not exist: NOT_FOUND', async () => {
    await expectRefused({ operation: 'rename', effectiveDate: '2021-01-01', unitId: 987654, name: 'Không có' }, 404, 'NOT_FOUND');
    const missing = await world.admin.get('/api/orgs/units/987654');
    expect(missing.statusCode).toBe(404);
    expect((await world.admin.post('/api/orgs/batches/987654/undo', { reason: 'không có' })).statusCode).toBe(404);
  });

  it('messages follow the caller\'s language', async () => {
    const response = await world.admin.request('POST', '/api/orgs/batches', { decisionId: world.decisionId, operation: 'dissolve', effectiveDate: '2021-01-01', unitIds: [committee] }, { 'x-locale': 'en' });
    expect(response.json().error).toMatchObject({ code: 'ORG_HAS_CHILDREN', message: 'The unit still has active sub-units.', details: { unitId: committee, childIds: [cell] } });
    const vi = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'dissolve', effectiveDate: '2021-01-01', unitIds: [committee] });
    expect(vi.json().error.message).toBe('Tổ chức còn tổ chức trực thuộc đang hoạt động.');
  });
});
