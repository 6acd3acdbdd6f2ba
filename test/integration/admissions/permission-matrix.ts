/**
 * Permission-matrix entries for the admission pipeline (/api/admissions). A file "belongs to" a target unit when its
 * proposing cell is the target (the matrix's cell) or a cell directly under it. The calendar's adjustments belong to
 * the centre: every matrix account is granted below it, so they are 'centre' entries (404 wherever the role may act).
 */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { insertUnit, uniqueSuffix } from '../../helpers/factories.ts';
import { systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { createCandidate, recordDocument } from '../../../src/modules/admissions/admissions.service.ts';
import { addParticipants, createCourse } from '../../../src/modules/admissions/courses.service.ts';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');

function once<T>(world: MatrixWorld, key: string, make: () => Promise<T>): Promise<T> {
  if (!world.cache.has(key)) world.cache.set(key, make());
  return world.cache.get(key) as Promise<T>;
}

/** The proposing cell of `target`'s files: the target when it is the matrix's cell, else a cell directly under it. */
function proposingCell(world: MatrixWorld, target: UnitFixture): Promise<UnitFixture> {
  if (target.id === world.units.descendant.id) return Promise.resolve(target);
  return once(world, `admissions:cell:${target.id}`, () => insertUnit(world.db, { parentId: target.id, kind: 'cell', name: `Chi bộ kết nạp ${target.id}`, validFrom: '2000-01-01' }));
}

let sequence = 0;
/** A new file of `target`, with form 1-KNĐ scanned; returns its id, row version and the scan's id. */
async function fileOf(world: MatrixWorld, target: UnitFixture) {
  const cell = await proposingCell(world, target);
  const birthDate = `199${sequence % 10}-0${1 + (sequence % 9)}-1${sequence % 10}`;
  sequence++;
  const actor = systemActor(world.rootUnitId);
  return inTransaction(world.db, async (tx) => {
    const created = await createCandidate(tx, actor, {
      unitId: cell.id, candidateSince: '2024-01-01', source: 'student',
      person: { fullName: `Quần Chúng Ma Trận ${uniqueSuffix()}`, sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate) },
    });
    const filed = await recordDocument(tx, actor, created.id, { expectedRowVersion: created.rowVersion, form: '1-KNĐ', dated: '2024-02-01', file: { name: 'don.pdf', contentType: 'application/pdf', base64: PDF } });
    return { id: filed.id, rowVersion: filed.rowVersion, documentId: filed.checklist[0].documentId! };
  });
}

const fileFor = (world: MatrixWorld, target: UnitFixture) => once(world, `admissions:file:${target.id}`, () => fileOf(world, target));
const items = (response: { json(): unknown }) => ((response.json() as { items?: { id: number }[] }).items ?? []);

// ---------------------------------------------------------------------------------------------------------------
// Awareness courses (/api/admissions/courses). A course "belongs to" its organizing unit: the target, or, when the
// target is the matrix's cell (a cell organizes none), the grassroots committee above it, still inside the
// caller's subtree exactly when the cell is. Its participant is a candidate of a cell under the target.

/** The organizing unit of `target`'s courses. */
async function organizerOf(world: MatrixWorld, target: UnitFixture): Promise<number> {
  if (target.id !== world.units.descendant.id) return target.id;
  const parent = await world.db.selectFrom('org_unit_versions').select('parent_id').where('unit_id', '=', target.id).where('valid_to', 'is', null).executeTakeFirstOrThrow();
  return parent.parent_id!;
}

/** A course of `target` with one participant (a candidate of its own); returns the course's and the participant's ids. */
function courseFor(world: MatrixWorld, target: UnitFixture): Promise<{ id: number; participantId: number; candidateId: number }> {
  return once(world, `admissions:course:${target.id}`, async () => {
    const cell = await proposingCell(world, target);
    const organizer = await organizerOf(world, target);
    const actor = systemActor(world.rootUnitId);
    const birthDate = '1997-07-17';
    return inTransaction(world.db, async (tx) => {
      const candidate = await createCandidate(tx, actor, {
        unitId: cell.id, candidateSince: '2024-01-01', source: 'village',
        person: { fullName: `Học Viên Ma Trận ${uniqueSuffix()}`, sex: 'female', birthDate, citizenId: validCitizenId('female', birthDate) },
      });
      const course = await createCourse(tx, actor, { unitId: organizer, name: 'Lớp ma trận', code: `M${target.id}-${uniqueSuffix()}`, opensOn: '2024-12-02', closesOn: '2024-12-13' });
      const joined = await addParticipants(tx, actor, course.id, { expectedRowVersion: course.rowVersion, candidateIds: [candidate.id] });
      return { id: joined.id, participantId: joined.participantList[0].id, candidateId: candidate.id };
    });
  });
}


export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/admissions/candidates', access: 'admission.read', kind: 'list',
    build: async (world, target) => {
      world.cache.set(`admissions:listed:${target.id}`, (await fileFor(world, target)).id);
      return { url: '/api/admissions/candidates?which=all&limit=200' };
    },
    shows: (response, target, world) => items(response).some((item) => item.id === world.cache.get(`admissions:listed:${target.id}`)),
  },
  {
    route: 'POST /api/admissions/candidates', access: 'admission.write', kind: 'object',
    build: async (world, target) => {
      const birthDate = '1999-09-09';
      return { url: '/api/admissions/candidates', body: { unitId: (await proposingCell(world, target)).id, candidateSince: '2024-01-01', source: 'village', person: { fullName: 'Người Mới Ma Trận', sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate) } } };
    },
  },
  {
    route: 'GET /api/admissions/candidates/:id', access: 'admission.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${(await fileFor(world, target)).id}` }),
  },
  {
    route: 'PATCH /api/admissions/candidates/:id', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${(await fileFor(world, target)).id}`, body: { expectedRowVersion: 0, courseName: 'Lớp nhận thức' } }),
  },
  {
    route: 'POST /api/admissions/candidates/:id/documents', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${(await fileFor(world, target)).id}/documents`, body: { expectedRowVersion: 0, form: '2-KNĐ', dated: '2024-02-01' } }),
  },
  {
    route: 'GET /api/admissions/candidates/:id/documents/:documentId', access: 'admission.read', kind: 'object',
    build: async (world, target) => {
      const file = await fileFor(world, target);
      return { url: `/api/admissions/candidates/${file.id}/documents/${file.documentId}` };
    },
  },
  {
    route: 'POST /api/admissions/candidates/:id/introducers', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({
      url: `/api/admissions/candidates/${(await fileFor(world, target)).id}/introducers`,
      body: { kind: 'youth_union', expectedRowVersion: 0, resolutionDate: '2024-02-01', resolutionBody: 'Chi đoàn', checkedOn: '2024-02-02' },
    }),
  },
  {
    route: 'POST /api/admissions/candidates/:id/steps', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/candidates/${(await fileFor(world, target)).id}/steps`, body: { step: 'withdrawal', expectedRowVersion: 0, date: '2024-03-01', reason: 'Ma trận' } }),
  },
  { route: 'GET /api/admissions/calendar', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/admissions/calendar?year=2026' }) },
  {
    route: 'POST /api/admissions/calendar/overrides', access: 'calendar.write', kind: 'centre',
    build: () => ({ url: '/api/admissions/calendar/overrides', body: { date: '2026-03-04', kind: 'day_off', name: 'Ma trận' } }),
  },
  {
    route: 'POST /api/admissions/calendar/overrides/:id/void', access: 'calendar.write', kind: 'centre',
    build: async (world) => {
      const id = await once(world, 'admissions:override', async () => (await world.db.insertInto('working_day_overrides')
        .values({ day: '2026-03-05', kind: 'day_off', name: 'Ma trận', decision_id: null, recorded_by: null, voided_by: null, voided_at: null, void_reason: null })
        .returning('id').executeTakeFirstOrThrow()).id);
      return { url: `/api/admissions/calendar/overrides/${id}/void`, body: { reason: 'Ma trận' } };
    },
  },
  {
    route: 'GET /api/admissions/courses', access: 'admission.read', kind: 'list',
    build: async (world, target) => {
      world.cache.set(`admissions:course-listed:${target.id}`, (await courseFor(world, target)).id);
      return { url: '/api/admissions/courses?limit=200' };
    },
    shows: (response, target, world) => items(response).some((item) => item.id === world.cache.get(`admissions:course-listed:${target.id}`)),
  },
  {
    route: 'POST /api/admissions/courses', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/admissions/courses', body: { unitId: await organizerOf(world, target), name: 'Lớp mới ma trận', code: `N${uniqueSuffix()}`, opensOn: '2025-01-06', closesOn: '2025-01-17' },
    }),
  },
  {
    route: 'GET /api/admissions/courses/:id', access: 'admission.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/courses/${(await courseFor(world, target)).id}` }),
  },
  {
    route: 'POST /api/admissions/courses/:id/participants', access: 'admission.write', kind: 'object',
    build: async (world, target) => {
      const course = await courseFor(world, target);
      return { url: `/api/admissions/courses/${course.id}/participants`, body: { expectedRowVersion: 1, candidateIds: [course.candidateId] } };
    },
  },
  {
    route: 'POST /api/admissions/courses/:id/participants/:participantId/void', access: 'admission.write', kind: 'object',
    build: async (world, target) => {
      const course = await courseFor(world, target);
      return { url: `/api/admissions/courses/${course.id}/participants/${course.participantId}/void`, body: { expectedRowVersion: 1, reason: 'Ma trận' } };
    },
  },
  {
    route: 'POST /api/admissions/courses/:id/close', access: 'admission.write', kind: 'object',
    build: async (world, target) => {
      const course = await courseFor(world, target);
      return { url: `/api/admissions/courses/${course.id}/close`, body: { expectedRowVersion: 1, closedOn: '2024-12-13', results: [{ participantId: course.participantId, result: 'not_completed' }] } };
    },
  },
  {
    route: 'POST /api/admissions/courses/:id/cancel', access: 'admission.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/admissions/courses/${(await courseFor(world, target)).id}/cancel`, body: { expectedRowVersion: 1, reason: 'Ma trận' } }),
  },
];
