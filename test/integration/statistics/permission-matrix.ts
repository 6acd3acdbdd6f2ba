/** Permission-matrix entries for the statistics (/api/statistics): the catalog and the forms list are static; figures, forms and members are a unit's. */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { systemActor } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { addDays } from '../../../src/lib/dates.ts';
import { areas } from '../../../src/modules/index.ts';
import { submitForm } from '../../../src/modules/statistics/submissions.ts';

export const entries: MatrixEntry[] = [
  { route: 'GET /api/statistics/catalog', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/statistics/catalog' }) },
  { route: 'GET /api/statistics/forms', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/statistics/forms' }) },
  {
    route: 'GET /api/statistics/figures', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/figures?source=members&unitId=${target.id}&breakdown=children&by=sex` }),
  },
  {
    route: 'GET /api/statistics/forms/:key', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/forms/member-changes?unitId=${target.id}&from=2024-01-01&to=2024-12-31` }),
  },
  {
    route: 'GET /api/statistics/forms/:key/export', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/forms/organizations/export?format=xlsx&unitId=${target.id}` }),
  },
  {
    route: 'GET /api/statistics/forms/:key/submission', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/forms/organizations/submission?unitId=${target.id}&date=2024-01-01` }),
  },
  {
    route: 'GET /api/statistics/members', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/members?source=members&measure=members&unitId=${target.id}` }),
  },
];

let day = 0;
/** A submission of the target's organizations form, on a date of its own (a submission locks its date). */
async function submissionOf(world: MatrixWorld, target: UnitFixture): Promise<number> {
  const date = addDays('2024-01-01', day++);
  const sources = areas.flatMap((area) => area.statistics ?? []);
  const submission = await inTransaction(world.db, (tx) => submitForm(tx, systemActor(world.rootUnitId), sources, { formKey: 'organizations', unitId: target.id, date }));
  return submission.id;
}

entries.push(
  {
    route: 'POST /api/statistics/submissions', access: 'statistics.submit', kind: 'object',
    build: (_world, target) => ({ url: '/api/statistics/submissions', body: { formKey: 'organizations', unitId: target.id, date: addDays('2023-01-01', day++) } }),
  },
  {
    route: 'GET /api/statistics/submissions', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/submissions?unitId=${target.id}` }),
  },
  {
    route: 'GET /api/statistics/submissions/:id', access: 'statistics.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/statistics/submissions/${await submissionOf(world, target)}` }),
  },
  {
    route: 'POST /api/statistics/submissions/:id/return', access: 'statistics.submit', kind: 'object',
    build: async (world, target) => ({ url: `/api/statistics/submissions/${await submissionOf(world, target)}/return`, body: { reason: 'Ma trận phân quyền.', expectedRowVersion: 0 } }),
  },
);

/** An indicator defined at the root: it serves every unit. */
function rootIndicator(world: MatrixWorld): Promise<number> {
  let value = world.cache.get('statistics:indicator') as Promise<number> | undefined;
  if (!value) {
    value = world.db.insertInto('statistics_indicators').values({
      key: 'matrix-admissions', label_vi: 'Kết nạp', label_en: 'Admitted', unit_id: world.rootUnitId, numerator: JSON.stringify({ source: 'members', measure: 'admitted' }), denominator: null,
      created_by: null,
    }).returning('id').executeTakeFirstOrThrow().then((row) => Number(row.id));
    world.cache.set('statistics:indicator', value);
  }
  return value;
}

entries.push(
  {
    route: 'POST /api/statistics/indicators', access: 'statistics.submit', kind: 'object',
    build: (_world, target) => ({ url: '/api/statistics/indicators', body: { key: `matrix-${target.id}-${day++}`, label: { vi: 'Kết nạp', en: 'Admitted' }, unitId: target.id, numerator: { source: 'members', measure: 'admitted' } } }),
  },
  {
    route: 'GET /api/statistics/indicators', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/indicators?unitId=${target.id}` }),
  },
  {
    route: 'POST /api/statistics/targets', access: 'statistics.submit', kind: 'object',
    build: async (world, target) => ({ url: '/api/statistics/targets', body: { indicatorId: await rootIndicator(world), unitId: target.id, termFrom: 2025, termTo: 2030, year: 2025 + (day++ % 6), comparison: 'at_least', value: 1 } }),
  },
  {
    route: 'GET /api/statistics/targets', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/targets?unitId=${target.id}&year=2025` }),
  },
);
