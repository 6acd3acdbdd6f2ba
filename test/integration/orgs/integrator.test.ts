/**
 * What an integrator entering a province's story needs from the tree (issue 11, item 4): a unit by exact code (on a
 * date), the units moved between two dates, a whole tree in one establish batch (parents by code, also units of the
 * same batch), a clear refusal past the documented limits, and batches in disjoint subtrees that do not wait on each
 * other (while overlapping ones never corrupt the tree).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { ORG_BATCH_LIMITS } from '../../../src/contracts/orgs.ts';

describe('the tree for an integrator', () => {
  let world: OrgWorld;
  let province: number;
  let districtA: number;
  let districtB: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    // The province and two districts with their grassroots organizations and cells, in one request: parents by code,
    // the province's by id.
    const tree = await world.apply({
      operation: 'establish', effectiveDate: '2015-01-01',
      units: [
        { parentId: world.ctx.rootUnitId, kind: 'provincial_committee', code: 'TI', name: 'Đảng bộ tỉnh Tích Hợp' },
        { parentCode: 'TI', kind: 'district_committee', code: 'TI-A', name: 'Đảng bộ huyện An' },
        { parentCode: 'TI', kind: 'district_committee', code: 'TI-B', name: 'Đảng bộ huyện Bình' },
        ...['A', 'B'].flatMap((district) => [1, 2, 3].flatMap((index) => [
          { parentCode: `TI-${district}`, kind: 'grassroots_committee', code: `TI-${district}-${index}`, name: `Đảng bộ xã ${district}${index}`, sector: 'commune_ward' },
          { parentCode: `TI-${district}-${index}`, kind: 'cell', code: `TI-${district}-${index}-C1`, name: `Chi bộ thôn 1 xã ${district}${index}` },
        ])),
      ],
    });
    expect(tree.summary.unitsCreated).toHaveLength(15);
    const idOf = (code: string) => tree.summary.unitsCreated.find((unit: { code: string }) => unit.code === code).unitId as number;
    province = idOf('TI');
    districtA = idOf('TI-A');
    districtB = idOf('TI-B');
    await assertOrgInvariants(world.ctx.db);
  });
  afterAll(async () => { await world?.close(); });

  describe('a unit by exact code', () => {
    it('answers the same node as by id, and the unit that bore a code on a date after a rename', async () => {
      const byCode = await world.admin.get('/api/orgs/units/by-code/TI-A-1');
      expect(byCode.statusCode, byCode.body).toBe(200);
      const unitId = byCode.json().id;
      const byId = (await world.admin.get(`/api/orgs/units/${unitId}`)).json();
      expect(byCode.json()).toEqual(byId);
      expect(byId.parentId).toBe(districtA);
      expect(byId.place).toContain('Đảng bộ huyện An');

      await world.apply({ operation: 'rename', effectiveDate: '2018-01-01', unitId, code: 'TI-A-1N', name: 'Đảng bộ thị trấn A1' });
      // Now: the new code names it, the old one nothing.
      expect((await world.admin.get('/api/orgs/units/by-code/TI-A-1N')).json().id).toBe(unitId);
      expect((await world.admin.get('/api/orgs/units/by-code/TI-A-1')).statusCode).toBe(404);
      // On a date: the code the unit bore then, shown as it stood then.
      const then = await world.admin.get('/api/orgs/units/by-code/TI-A-1?date=2017-06-01');
      expect(then.statusCode, then.body).toBe(200);
      expect(then.json()).toMatchObject({ id: unitId, code: 'TI-A-1', name: 'Đảng bộ xã A1', date: '2017-06-01', existsOnDate: true });
      expect((await world.admin.get('/api/orgs/units/by-code/TI-A-1N?date=2017-06-01')).statusCode).toBe(404);
      // Before the unit existed, and a code nobody bears: not found. The match is exact, not a prefix.
      expect((await world.admin.get('/api/orgs/units/by-code/TI-A-1N?date=2014-01-01')).statusCode).toBe(404);
      expect((await world.admin.get('/api/orgs/units/by-code/TI-A-')).statusCode).toBe(404);
      expect((await world.admin.get('/api/orgs/units/by-code/ti-a-2')).statusCode).toBe(404);
      await assertOrgInvariants(world.ctx.db);
    });

    it('is scoped: outside the caller\'s subtree it is not found, like a missing code', async () => {
      const viewerA = await world.clientFor('viewer', districtA);
      expect((await viewerA.get('/api/orgs/units/by-code/TI-A-2')).statusCode).toBe(200);
      const outside = await viewerA.get('/api/orgs/units/by-code/TI-B-2');
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.code).toBe('NOT_FOUND');
      expect((await viewerA.get('/api/orgs/units/by-code/TI-B-2?date=2016-01-01')).statusCode).toBe(404);
    });

  });

  it('documents the lookup and the batch limits in OpenAPI', async () => {
    const document = (await world.admin.get('/api/openapi.json')).json();
    expect(Object.keys(document.paths)).toContain('/api/orgs/units/by-code/{code}');
    expect(document.paths['/api/orgs/batches'].post.description).toContain('ORG_BATCH_TOO_LARGE');
    expect(JSON.stringify(document.paths['/api/orgs/batches'].post.requestBody)).toContain(`"maxItems":${ORG_BATCH_LIMITS.establish}`);
  });

  describe('the changes between two dates list the units moved', () => {
    it('lists a move under the province, and under both districts (out of one, into the other)', async () => {
      const unit = (await world.admin.get('/api/orgs/units/by-code/TI-A-3')).json();
      const moved = await world.apply({ operation: 'move', effectiveDate: '2019-03-01', unitIds: [unit.id], newParentId: districtB });
      const expected = {
        unitId: unit.id, code: 'TI-A-3', date: '2019-03-01', batchId: moved.batch.id,
        fromParentId: districtA, fromParentName: 'Đảng bộ huyện An', toParentId: districtB, toParentName: 'Đảng bộ huyện Bình',
      };
      for (const under of [province, districtA, districtB]) {
        const changes = (await world.admin.get(`/api/orgs/units/${under}/changes?from=2019-01-01&to=2019-12-31`)).json();
        expect(changes.moved.total, `under ${under}`).toBe(1);
        expect(changes.moved.items[0]).toMatchObject(expected);
      }
      // The cell that moved along with it is not itself a move; nor is anything outside the period.
      const before = (await world.admin.get(`/api/orgs/units/${province}/changes?from=2015-01-01&to=2019-02-28`)).json();
      expect(before.moved).toEqual({ total: 0, items: [] });
      // A unit elsewhere in the tree sees nothing of it.
      const other = (await world.admin.get('/api/orgs/units/by-code/TI-B-1')).json();
      expect((await world.admin.get(`/api/orgs/units/${other.id}/changes?from=2019-01-01`)).json().moved.total).toBe(0);
      // Scoped: a viewer of district A sees the move out of it (the unit's history is theirs up to then).
      const viewerB = await world.clientFor('viewer', districtB);
      expect((await viewerB.get(`/api/orgs/units/${districtA}/changes?from=2019-01-01`)).statusCode).toBe(404);
      await assertOrgInvariants(world.ctx.db);
    });
  });

  describe('batch sizes', () => {
    it('establishes a province-sized tree in one batch, level by level by code', async () => {
      // A smaller province than the benchmark's (bench/org-batches.ts establishes 6,000 units in one batch).
      const communes = 60;
      const cellsPerCommune = 19;
      const units = [
        { parentId: world.ctx.rootUnitId, kind: 'provincial_committee', code: 'LON', name: 'Đảng bộ tỉnh Lớn' },
        ...Array.from({ length: 10 }, (_, d) => ({ parentCode: 'LON', kind: 'district_committee', code: `LON-${d}`, name: `Đảng bộ huyện ${d}` })),
        ...Array.from({ length: communes }, (_, c) => ({ parentCode: `LON-${c % 10}`, kind: 'grassroots_committee', code: `LON-${c % 10}-${c}`, name: `Đảng bộ xã ${c}`, sector: 'commune_ward' })),
        ...Array.from({ length: communes * cellsPerCommune }, (_, i) => {
          const c = Math.floor(i / cellsPerCommune);
          return { parentCode: `LON-${c % 10}-${c}`, kind: 'cell', code: `LON-${c % 10}-${c}-${i}`, name: `Chi bộ thôn ${i}` };
        }),
      ];
      expect(units.length).toBe(1_211);
      const analyses = async () => (await sql<{ n: string }>`
        select sum(analyze_count)::text as n from pg_stat_user_tables where relname in ('org_units', 'org_unit_versions')`.execute(world.ctx.db)).rows[0].n;
      const before = Number(await analyses());
      const result = await world.apply({ operation: 'establish', effectiveDate: '2020-01-01', units });
      // A level this large beside the tree is analyzed by the batch itself (migration 0052), both tables, before the
      // next request is planned.
      await expect.poll(async () => Number(await analyses())).toBe(before + 2);
      expect(result.summary.unitsCreated).toHaveLength(units.length);
      const top = result.summary.unitsCreated[0].unitId;
      const counts = (await world.admin.get(`/api/orgs/units/${top}/counts?date=2020-01-01`)).json();
      expect(counts.total).toBe(units.length - 1);
      expect(counts.byKind).toEqual(expect.arrayContaining([{ kind: 'cell', level: 'cell', count: communes * cellsPerCommune }]));
      const deep = (await world.admin.get(`/api/orgs/units/by-code/LON-3-13-${13 * cellsPerCommune}`)).json();
      expect(deep.ancestors.map((item: { code: string }) => item.code).slice(-3)).toEqual(['LON', 'LON-3', 'LON-3-13']);
      expect(deep.grassrootsId).toBe(result.summary.unitsCreated.find((unit: { code: string }) => unit.code === 'LON-3-13').unitId);
      expect(deep.provinceId).toBe(top);
      await assertOrgInvariants(world.ctx.db);
    });

    it('finds a unit by code through an index at province scale', async () => {
      await sql`analyze org_unit_versions`.execute(world.ctx.db);
      await sql`analyze org_units`.execute(world.ctx.db);
      const explain = async (query: ReturnType<typeof sql>) => (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(world.ctx.db)).rows.map((row) => row['QUERY PLAN']).join('\n');
      // The statements of findUnitIdByCode (orgs.repository.ts), with and without a date.
      const onDate = await explain(sql`select v.unit_id from org_unit_versions v join org_units u on u.id = v.unit_id
        where lower(v.code) = ${'lon-3-13-247'} and v.code = ${'LON-3-13-247'} and v.voided_by_batch_id is null
          and v.valid_from <= ${'2020-06-01'} and (v.valid_to is null or v.valid_to > ${'2020-06-01'})`);
      expect(onDate).toMatch(/Index/);
      expect(onDate).not.toMatch(/Seq Scan on org_unit_versions/);
      const now = await explain(sql`select u.id from org_units u where u.code = ${'LON-3-13-247'}`);
      expect(now).toMatch(/Index/);
      expect(now).not.toMatch(/Seq Scan/);
    });

    it('refuses a batch larger than the documented limit with ORG_BATCH_TOO_LARGE and the limit, changing nothing', async () => {
      const before = await snapshotTree(world.ctx.db);
      const tooMany = Array.from({ length: ORG_BATCH_LIMITS.establish + 1 }, (_, i) => ({ parentId: districtA, kind: 'grassroots_cell', code: `X-${i}`, name: `Chi bộ ${i}` }));
      for (const url of ['/api/orgs/batches', '/api/orgs/batches/preview']) {
        const response = await world.admin.post(url, { decisionId: world.decisionId, operation: 'establish', effectiveDate: '2021-01-01', units: tooMany });
        expect(response.statusCode, response.body).toBe(413);
        expect(response.json().error).toMatchObject({
          code: 'ORG_BATCH_TOO_LARGE', details: { operation: 'establish', field: 'units', limit: ORG_BATCH_LIMITS.establish, count: ORG_BATCH_LIMITS.establish + 1 },
        });
        expect(response.json().error.message).toMatch(/Đợt sắp xếp/);
      }
      const move = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'move', effectiveDate: '2021-01-01', newParentId: districtA,
        unitIds: Array.from({ length: ORG_BATCH_LIMITS.move + 1 }, (_, i) => i + 1),
      });
      expect(move.statusCode).toBe(413);
      expect(move.json().error.details).toMatchObject({ field: 'unitIds', limit: ORG_BATCH_LIMITS.move });
      const dissolve = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'dissolve', effectiveDate: '2021-01-01', unitIds: Array.from({ length: ORG_BATCH_LIMITS.dissolve + 1 }, (_, i) => i + 1),
      });
      expect(dissolve.json().error.code).toBe('ORG_BATCH_TOO_LARGE');
      const merge = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'merge', effectiveDate: '2021-01-01', intoUnitId: districtA, sourceIds: Array.from({ length: ORG_BATCH_LIMITS.merge + 1 }, (_, i) => i + 1),
      });
      expect(merge.json().error.code).toBe('ORG_BATCH_TOO_LARGE');
      expect(await snapshotTree(world.ctx.db)).toBe(before);
    });

    it('refuses a parent code nobody bears, and a kind not allowed under a parent of the same batch, changing nothing', async () => {
      const before = await snapshotTree(world.ctx.db);
      const missing = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'establish', effectiveDate: '2021-01-01',
        units: [{ parentCode: 'KHONG-CO', kind: 'grassroots_cell', code: 'KC-1', name: 'Chi bộ không cha' }],
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({ code: 'NOT_FOUND', details: { parentCode: 'KHONG-CO' } });
      const wrongKind = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'establish', effectiveDate: '2021-01-01',
        units: [
          { parentId: districtA, kind: 'grassroots_cell', code: 'GC-1', name: 'Chi bộ cơ sở' },
          { parentCode: 'GC-1', kind: 'grassroots_committee', code: 'GC-1-1', name: 'Đảng bộ dưới chi bộ' },
        ],
      });
      expect(wrongKind.statusCode).toBe(422);
      expect(wrongKind.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
      const both = await world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'establish', effectiveDate: '2021-01-01',
        units: [{ parentId: districtA, parentCode: 'TI-A', kind: 'grassroots_cell', code: 'GC-2', name: 'Chi bộ hai cha' }],
      });
      expect(both.json().error.code).toBe('VALIDATION_FAILED');
      // Outside the caller's scope, a parent by code is not found like a missing one.
      const officerB = await world.clientFor('org_officer', districtB);
      const outside = await officerB.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'establish', effectiveDate: '2021-01-01',
        units: [{ parentCode: 'TI-A', kind: 'grassroots_cell', code: 'GC-3', name: 'Chi bộ ngoài phạm vi' }],
      });
      expect(outside.statusCode).toBe(404);
      // The same answer as a code nobody bears: the unit's id is not told.
      expect(outside.json().error).toEqual({ ...missing.json().error, details: { parentCode: 'TI-A' } });
      expect(await snapshotTree(world.ctx.db)).toBe(before);
    });
  });

  describe('concurrent batches', () => {
    it('batches in disjoint subtrees all complete, and the tree holds', async () => {
      for (let round = 0; round < 3; round++) {
        const date = `2022-0${round + 1}-01`;
        const responses = await Promise.all([districtA, districtB].flatMap((district, d) => [0, 1].map((k) => world.admin.post('/api/orgs/batches', {
          decisionId: world.decisionId, operation: 'establish', effectiveDate: date,
          units: Array.from({ length: 5 }, (_, i) => ({ parentId: district, kind: 'grassroots_cell', code: `CC-${round}-${d}-${k}-${i}`, name: `Chi bộ đồng thời ${round} ${d} ${k} ${i}`, sector: 'enterprise_state' })),
        }))));
        expect(responses.map((response) => response.statusCode), responses.map((response) => response.body).join('\n')).toEqual([201, 201, 201, 201]);
      }
      // Moves in disjoint subtrees at once: a commune of each district to a new place in the same district.
      const a2 = (await world.admin.get('/api/orgs/units/by-code/TI-A-2')).json().id;
      const b2 = (await world.admin.get('/api/orgs/units/by-code/TI-B-2')).json().id;
      const cellA = (await world.admin.get('/api/orgs/units/by-code/TI-A-2-C1')).json().id;
      const cellB = (await world.admin.get('/api/orgs/units/by-code/TI-B-2-C1')).json().id;
      const a1 = (await world.admin.get('/api/orgs/units/by-code/TI-A-1N')).json().id;
      const b1 = (await world.admin.get('/api/orgs/units/by-code/TI-B-1')).json().id;
      const moves = await Promise.all([[cellA, a1], [cellB, b1]].map(([unitId, parentId]) => world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'move', effectiveDate: '2022-06-01', unitIds: [unitId], newParentId: parentId,
      })));
      expect(moves.map((response) => response.statusCode), moves.map((response) => response.body).join('\n')).toEqual([201, 201]);
      expect((await world.admin.get(`/api/orgs/units/${a2}/children`)).json().items).toHaveLength(0);
      expect((await world.admin.get(`/api/orgs/units/${b2}/children`)).json().items).toHaveLength(0);
      const counts = (await world.admin.get(`/api/orgs/units/${province}/counts?date=2022-06-01`)).json();
      expect(counts.byKind).toEqual(expect.arrayContaining([{ kind: 'grassroots_cell', level: 'grassroots', count: 60 }]));
      await assertOrgInvariants(world.ctx.db);
    });

    it('overlapping batches: one wins or both serialize, never a corrupt tree', async () => {
      const a3 = (await world.admin.get('/api/orgs/units/by-code/TI-A-3')).json().id; // under district B since 2019
      const b1 = (await world.admin.get('/api/orgs/units/by-code/TI-B-1')).json().id;
      for (let round = 0; round < 3; round++) {
        const date = `2023-0${round + 1}-01`;
        // The same unit moved to two places, and a unit established under a parent another batch dissolves.
        const doomed = await world.establish({ parentId: districtA, kind: 'grassroots_committee', code: `DOOM-${round}`, name: `Đảng bộ sắp giải thể ${round}`, date: `2022-12-0${round + 1}` });
        const responses = await Promise.all([
          world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'move', effectiveDate: date, unitIds: [a3], newParentId: round % 2 ? districtB : districtA }),
          world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'move', effectiveDate: date, unitIds: [a3], newParentId: b1 }),
          world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'dissolve', effectiveDate: date, unitIds: [doomed] }),
          world.admin.post('/api/orgs/batches', {
            decisionId: world.decisionId, operation: 'establish', effectiveDate: date,
            units: [{ parentId: doomed, kind: 'cell', code: `DOOM-${round}-C`, name: 'Chi bộ dưới đơn vị giải thể' }],
          }),
        ]);
        for (const response of responses) expect([201, 409, 422], response.body).toContain(response.statusCode);
        const [moveOne, moveTwo, dissolved, established] = responses;
        // The unit's one parent is where the last winning move put it (or where it was, when both lost).
        const winners = [moveOne, moveTwo].filter((response) => response.statusCode === 201).map((response) => response.json().summary.moved[0].toParentId as number);
        const parentNow = (await world.admin.get(`/api/orgs/units/${a3}`)).json().parentId;
        if (winners.length > 0) expect(winners).toContain(parentNow);
        const history = (await world.admin.get(`/api/orgs/units/${a3}/history`)).json();
        expect(history.versions.filter((version: { validTo: string | null; voided: boolean }) => version.validTo === null && !version.voided)).toHaveLength(1);
        // A dissolved unit has no live child: the establish under it and the dissolution did not both succeed.
        expect(dissolved.statusCode === 201 && established.statusCode === 201).toBe(false);
        await assertOrgInvariants(world.ctx.db);
      }
    });
  });
});
