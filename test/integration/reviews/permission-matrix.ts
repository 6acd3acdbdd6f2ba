/**
 * Permission-matrix entries for the review and classification (/api/reviews). A request "belongs to" a target unit
 * when it names the target as the unit whose members (or organizations beneath) are listed or recorded; a result
 * belongs to the target when it classifies the target itself (an organization's result, written here as data).
 */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';

function once<T>(world: MatrixWorld, key: string, make: () => Promise<T>): Promise<T> {
  if (!world.cache.has(key)) world.cache.set(key, make());
  return world.cache.get(key) as Promise<T>;
}

/** A standing 2025 result classifying `target` (recorded under it), written directly: the entry tests access, not the rules. */
function resultOf(world: MatrixWorld, target: UnitFixture): Promise<number> {
  return once(world, `reviews:result:${target.id}`, async () => {
    await world.db.insertInto('review_periods').values({ year: 2025, starts_on: '2025-01-01', ends_on: '2025-12-31' }).onConflict((oc) => oc.columns(['period_kind', 'year']).doNothing()).execute();
    const period = await world.db.selectFrom('review_periods').select('id').where('period_kind', '=', 'year').where('year', '=', 2025).executeTakeFirstOrThrow();
    const row = await world.db.insertInto('review_results').values({
      period_id: period.id, subject_kind: 'organization', unit_id: target.id, member_id: null, recorded_under_id: target.id, level: 'good',
      decision_id: world.decisionId, note: null, corrects_id: null, recorded_by: null, replaced_by: null, voided_by: null, voided_at: null, void_reason: null,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
}

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/reviews', access: 'review.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/reviews?unitId=${target.id}&year=2025&subject=organization` }),
  },
  {
    route: 'POST /api/reviews/members', access: 'review.write', kind: 'object',
    build: (world, target) => ({ url: '/api/reviews/members', body: { unitId: target.id, year: 2025, decisionId: world.decisionId, results: [{ memberId: 1, level: 'good' }] } }),
  },
  {
    route: 'POST /api/reviews/organizations', access: 'review.write', kind: 'object',
    build: (world, target) => ({ url: '/api/reviews/organizations', body: { unitId: target.id, year: 2025, decisionId: world.decisionId, results: [{ unitId: target.id, level: 'good' }] } }),
  },
  {
    route: 'POST /api/reviews/results/:id/correct', access: 'review.write', kind: 'object',
    build: async (world, target) => ({
      url: `/api/reviews/results/${await resultOf(world, target)}/correct`, body: { expectedRowVersion: 0, level: 'completed', decisionId: world.decisionId, reason: 'Ma trận' },
    }),
  },
];
