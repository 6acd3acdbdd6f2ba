import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createOrgWorld, snapshotTree, type OrgWorld } from './world.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';

describe('two batches on the same unit at once', () => {
  let world: OrgWorld;
  let province: number;
  let district: number;
  let committee: number;

  beforeAll(async () => {
    world = await createOrgWorld();
    province = await world.establish({ parentId: world.ctx.rootUnitId, kind: 'provincial_committee', name: 'Tỉnh Đồng Thời', date: '2015-01-01' });
    district = await world.establish({ parentId: province, kind: 'district_committee', name: 'Huyện Đồng Thời', date: '2015-01-01' });
    committee = await world.establish({ parentId: district, kind: 'grassroots_committee', name: 'Đảng bộ Đồng Thời', date: '2016-01-01' });
  });
  afterAll(async () => { await world?.close(); });

  const rowVersion = async (id: number) => (await world.admin.get(`/api/orgs/units/${id}`)).json().rowVersion as number;

  it('exactly one of two concurrent batches wins; the other gets 409 and changes nothing', async () => {
    for (let round = 0; round < 3; round++) {
      const expected = await rowVersion(committee);
      const date = `2017-0${round + 1}-01`;
      const responses = await Promise.all(['Tên A', 'Tên B'].map((name) => world.admin.post('/api/orgs/batches', {
        decisionId: world.decisionId, operation: 'rename', effectiveDate: date, unitId: committee, name: `${name} ${round}`,
        expectedRowVersions: [{ unitId: committee, rowVersion: expected }],
      })));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      const loser = responses.find((response) => response.statusCode === 409)!;
      expect(loser.json().error.code).toBe('CONFLICT');
      const winner = responses.find((response) => response.statusCode === 201)!;
      expect((await world.admin.get(`/api/orgs/units/${committee}`)).json().name).toBe(winner.json().summary.changes[0].after.name);
    }
    const history = (await world.admin.get(`/api/orgs/units/${committee}/history`)).json();
    expect(history.versions).toHaveLength(4);
    await assertOrgInvariants(world.ctx.db);
  });

  it('a unit locked by another transaction answers CONFLICT at once (no waiting), and nothing changes', async () => {
    const url = await databaseUrlOf(world);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from org_units where id = $1 for update', [committee]);
      const before = await snapshotTree(world.ctx.db);
      const response = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'rename', effectiveDate: '2018-01-01', unitId: committee, name: 'Bị khóa' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('CONFLICT');
      expect(await snapshotTree(world.ctx.db)).toBe(before);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    const after = await world.admin.post('/api/orgs/batches', { decisionId: world.decisionId, operation: 'rename', effectiveDate: '2018-01-01', unitId: committee, name: 'Đã mở khóa' });
    expect(after.statusCode, after.body).toBe(201);
  });

  it('a stale expectedRowVersion answers CONFLICT', async () => {
    const stale = (await rowVersion(district)) - 1;
    const before = await snapshotTree(world.ctx.db);
    const response = await world.admin.post('/api/orgs/batches', {
      decisionId: world.decisionId, operation: 'rename', effectiveDate: '2019-01-01', unitId: district, name: 'Huyện cũ', expectedRowVersions: [{ unitId: district, rowVersion: stale }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'CONFLICT', details: { unitId: district, expectedRowVersion: stale } });
    expect(await snapshotTree(world.ctx.db)).toBe(before);
  });
});

/** The test database's URL: the admin URL with the database name the pool is connected to. */
async function databaseUrlOf(world: OrgWorld): Promise<string> {
  const { sql } = await import('kysely');
  const name = (await sql<{ name: string }>`select current_database() as name`.execute(world.ctx.db)).rows[0].name;
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}
