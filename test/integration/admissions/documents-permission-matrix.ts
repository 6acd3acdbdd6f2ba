/**
 * Permission-matrix entries for the admission file's printed documents (GET /api/admissions/candidates/:id/….pdf),
 * gathered beside the pipeline's own entries. A target's file is opened in a cell under it (the target itself when it
 * is the matrix's cell) and carries a recorded admission decision, so the decision prints wherever the file is seen.
 */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { insertUnit, uniqueSuffix } from '../../helpers/factories.ts';
import { systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { createCandidate } from '../../../src/modules/admissions/admissions.service.ts';

/** A file of `target` whose competent level's decision is recorded (the step written as a fixture). */
function decidedFileOf(world: MatrixWorld, target: UnitFixture): Promise<number> {
  const key = `admission-documents:file:${target.id}`;
  if (!world.cache.has(key)) {
    world.cache.set(key, (async () => {
      const cell = target.id === world.units.descendant.id
        ? target
        : await insertUnit(world.db, { parentId: target.id, kind: 'cell', name: `Chi bộ in hồ sơ ${target.id}`, validFrom: '2000-01-01' });
      const birthDate = '1996-04-14';
      return inTransaction(world.db, async (tx) => {
        const file = await createCandidate(tx, systemActor(world.rootUnitId), {
          unitId: cell.id, candidateSince: '2024-01-01', source: 'youth_union',
          person: { fullName: `Quần Chúng In ${uniqueSuffix()}`, sex: 'female', birthDate, citizenId: validCitizenId('female', birthDate) },
        });
        await tx.insertInto('admission_steps').values({
          candidate_id: file.id, step: 'admission_decision', effective_date: '2024-06-03', decision_id: world.decisionId, due_by: null, reason: null, payload: JSON.stringify({}), recorded_by: null,
        }).execute();
        return file.id;
      });
    })());
  }
  return world.cache.get(key) as Promise<number>;
}

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/admissions/candidates/:id/decision.pdf', access: 'admission.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${await decidedFileOf(world, target)}/decision.pdf` }),
  },
  {
    route: 'GET /api/admissions/candidates/:id/checklist.pdf', access: 'admission.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${await decidedFileOf(world, target)}/checklist.pdf` }),
  },
];
