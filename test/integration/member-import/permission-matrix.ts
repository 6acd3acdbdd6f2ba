/**
 * Permission-matrix entries for the member tools: import (/api/member-import), export (/api/member-export), the
 * data-cleaning worklist (/api/member-cleaning) and party badges (/api/badges). One file for the four areas, here beside
 * the import's tests: their entries share the fixtures below (a member per target, cached, that export, cleaning and
 * badges all look for).
 * An import job belongs to the unit it was uploaded for; a member belongs to a target when it sits in a cell at or
 * directly under it.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { insertUnit, uniqueSuffix } from '../../helpers/factories.ts';
import { registerTestMember, strandMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { uploadImportFile } from '../../../src/modules/member-import/member-import.service.ts';

function cached<T>(world: MatrixWorld, key: string, make: () => Promise<T>): Promise<T> {
  let value = world.cache.get(key) as Promise<T> | undefined;
  if (!value) {
    value = make();
    world.cache.set(key, value);
  }
  return value;
}

function cellOf(world: MatrixWorld, target: UnitFixture): Promise<UnitFixture> {
  if (target.id === world.units.descendant.id) return Promise.resolve(target);
  return cached(world, `member-tools:cell:${target.id}`, () => insertUnit(world.db, { parentId: target.id, kind: 'cell', name: `Chi bộ công cụ ${target.id}`, validFrom: '2000-01-01' }));
}

let sequence = 0;

/** An official member of `target`'s cell, admitted in 1990 (due the 30-year badge by 2/9/2026); no hometown on record. */
async function memberOf(world: MatrixWorld, target: UnitFixture) {
  const birthDate = `1960-0${1 + (sequence % 9)}-1${sequence % 10}`;
  sequence++;
  return registerTestMember(world.db, world.rootUnitId, {
    unitId: (await cellOf(world, target)).id, fullName: `Công Cụ Ma Trận ${uniqueSuffix()}`, sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate),
    admissionDate: '1990-01-01', officialDate: '1991-01-01', effectiveDate: '2021-01-01',
  });
}

function sharedMemberOf(world: MatrixWorld, target: UnitFixture) {
  return cached(world, `member-tools:member:${target.id}`, async () => {
    const member = await memberOf(world, target);
    world.cache.set(`member-tools:member-id:${target.id}`, member.id);
    world.cache.set(`member-tools:member-name:${target.id}`, member.fullName);
    return member;
  });
}

const CSV = Buffer.from('\uFEFFHọ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\r\nNguyễn Văn Ma Trận,Nam,01/01/1980,X,01/01/2010\r\n', 'utf8');

/** A fresh import job uploaded for the target unit (jobs are state machines: each request gets its own). */
async function jobFor(world: MatrixWorld, target: UnitFixture) {
  const actor = systemActor(world.rootUnitId);
  return uploadImportFile(world.db, actor, { unitId: target.id, filename: 'ma-tran.csv', data: CSV }, 'vi');
}

function sharedJobFor(world: MatrixWorld, target: UnitFixture) {
  return cached(world, `member-tools:job:${target.id}`, async () => {
    const job = await jobFor(world, target);
    world.cache.set(`member-tools:job-id:${target.id}`, job.id);
    return job;
  });
}

function json(response: LightMyRequestResponse) {
  return response.json() as { items: Record<string, unknown>[] };
}

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/member-import/template.xlsx', access: 'member.write', kind: 'authenticated',
    build: () => ({ url: '/api/member-import/template.xlsx' }),
  },
  {
    route: 'GET /api/member-import/jobs', access: 'member.write', kind: 'list',
    async build(world, target) {
      await sharedJobFor(world, target);
      return { url: '/api/member-import/jobs' };
    },
    shows: (response, target, world) => json(response).items.some((job) => job.id === world.cache.get(`member-tools:job-id:${target.id}`)),
  },
  {
    route: 'POST /api/member-import/jobs', access: 'member.write', kind: 'object',
    build: (_world, target) => ({ url: `/api/member-import/jobs?unitId=${target.id}&filename=ma-tran.csv`, headers: { 'content-type': 'text/csv' }, payload: CSV }),
  },
  {
    route: 'GET /api/member-import/jobs/:id', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/member-import/jobs/${(await sharedJobFor(world, target)).id}` }),
  },
  {
    route: 'POST /api/member-import/jobs/:id/validate', access: 'member.write', kind: 'object',
    async build(world, target) {
      const job = await jobFor(world, target);
      return { url: `/api/member-import/jobs/${job.id}/validate`, body: { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion } };
    },
  },
  {
    route: 'GET /api/member-import/jobs/:id/rows', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/member-import/jobs/${(await sharedJobFor(world, target)).id}/rows` }),
  },
  {
    route: 'GET /api/member-import/jobs/:id/rows/lookup', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/member-import/jobs/${(await sharedJobFor(world, target)).id}/rows/lookup?key=citizenId&value=001085000001` }),
  },
  {
    route: 'GET /api/member-import/jobs/:id/rows/keys', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/member-import/jobs/${(await sharedJobFor(world, target)).id}/rows/keys?key=citizenId` }),
  },
  {
    route: 'GET /api/member-import/jobs/:id/report.xlsx', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/member-import/jobs/${(await sharedJobFor(world, target)).id}/report.xlsx` }),
  },
  {
    route: 'POST /api/member-import/jobs/:id/apply', access: 'member.write', kind: 'object',
    async build(world, target) {
      const job = await jobFor(world, target);
      return { url: `/api/member-import/jobs/${job.id}/apply`, body: { mode: 'valid_only', expectedRowVersion: job.rowVersion } };
    },
  },
  {
    route: 'GET /api/member-export', access: 'member.read', kind: 'list',
    async build(world, target) {
      await sharedMemberOf(world, target);
      return { url: '/api/member-export?format=csv' };
    },
    shows: (response, target, world) => response.body.includes(String(world.cache.get(`member-tools:member-name:${target.id}`))),
  },
  {
    route: 'GET /api/member-cleaning/issues', access: 'member.read', kind: 'list',
    async build(world, target) {
      await sharedMemberOf(world, target);
      return { url: '/api/member-cleaning/issues?kind=missing_fields&limit=500' };
    },
    shows: (response, target, world) => json(response).items.some((issue) => (issue.members as { id: number }[]).some((member) => member.id === world.cache.get(`member-tools:member-id:${target.id}`))),
  },
  {
    route: 'POST /api/member-cleaning/resolutions', access: 'member.write', kind: 'object',
    async build(world, target) {
      const member = await sharedMemberOf(world, target);
      return { url: '/api/member-cleaning/resolutions', body: { kind: 'missing_fields', key: `missing_fields:${member.id}`, resolution: 'not_a_problem', note: 'Ma trận phân quyền.' } };
    },
  },
  {
    // A fresh member of old data in a committee under the target each time (a fix clears the issue), with a cell of
    // the committee to go to (naming it needs no `org.restructure`).
    route: 'POST /api/member-cleaning/fixes', access: 'member.write', kind: 'object',
    async build(world, target) {
      const committee = await insertUnit(world.db, { parentId: target.id, kind: 'grassroots_committee', name: `Đảng bộ dữ liệu cũ ${uniqueSuffix()}`, validFrom: '2000-01-01' });
      const cell = await insertUnit(world.db, { parentId: committee.id, kind: 'cell', name: `Chi bộ nhận ${uniqueSuffix()}`, validFrom: '2000-01-01' });
      const member = await memberOf(world, target);
      await strandMember(world.ownerUrl, member.id, committee.id);
      return { url: '/api/member-cleaning/fixes', body: { kind: 'unit_not_a_cell', key: `unit_not_a_cell:${member.id}`, decisionId: world.decisionId, toUnitId: cell.id } };
    },
  },
  {
    route: 'GET /api/badges/due', access: 'member.read', kind: 'list',
    async build(world, target) {
      await sharedMemberOf(world, target);
      return { url: '/api/badges/due?presentationDate=2026-09-02&limit=5000' };
    },
    shows: (response, target, world) => json(response).items.some((item) => item.memberId === world.cache.get(`member-tools:member-id:${target.id}`)),
  },
  {
    // The whole day's list of a unit as a file: another subtree's unit is 404, like a missing one.
    route: 'GET /api/badges/due/export', access: 'member.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/badges/due/export?presentationDate=2026-09-02&unitId=${target.id}` }),
  },
  {
    route: 'POST /api/badges/awards', access: 'member.write', kind: 'object',
    async build(world, target) {
      const member = await memberOf(world, target);
      return { url: '/api/badges/awards', body: { presentationDate: '2026-09-02', decisionId: world.decisionId, awards: [{ memberId: member.id, milestone: 30 }] } };
    },
  },
  {
    route: 'GET /api/badges/members/:memberId', access: 'member.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/badges/members/${(await sharedMemberOf(world, target)).id}` }),
  },
  {
    route: 'POST /api/badges/members/:memberId/serious-illness', access: 'member.write', kind: 'object',
    async build(world, target) {
      const member = await memberOf(world, target);
      return { url: `/api/badges/members/${member.id}/serious-illness`, body: { since: '2026-01-05', note: 'Ma trận phân quyền.' } };
    },
  },
  {
    route: 'POST /api/badges/members/:memberId/serious-illness/end', access: 'member.write', kind: 'object',
    async build(world, target) {
      const member = await memberOf(world, target);
      await world.db.insertInto('member_serious_illness').values({ member_id: member.id, since: '2026-01-05', until: null, note: 'Ma trận', decision_id: null, recorded_by: null, ended_by: null }).execute();
      return { url: `/api/badges/members/${member.id}/serious-illness/end`, body: { until: '2026-03-01', note: 'Ma trận phân quyền.' } };
    },
  },
];
