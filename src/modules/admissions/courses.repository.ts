/** The awareness courses' SQL (Kysely only). Functions on scoped tables take a required `Scope`. */
import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { pathInScope, unitInScope, versionInForce, type Executor, type Scope } from '../../kernel/index.ts';
import { escapeLike } from '../../access/scope.ts';
import type { AdmissionCourseParticipantsTable, AdmissionCoursesTable } from './admissions.tables.ts';

export type CourseRow = Selectable<AdmissionCoursesTable>;
export type ParticipantRow = Selectable<AdmissionCourseParticipantsTable>;

/** A course with its organizing unit's name today, its current scope path and its participants counted. */
export type CourseListed = CourseRow & { unit_name: string | null; unit_path: string; participants: number; completed: number };

function nameToday(today: string) {
  return sql<string | null>`(select v.name from org_unit_versions v where v.unit_id = c.unit_id and ${versionInForce('v', today)} limit 1)`;
}
const PARTICIPANTS = sql<number>`(select count(*)::int from admission_course_participants p where p.course_id = c.id and p.voided_at is null)`;
const COMPLETED = sql<number>`(select count(*)::int from admission_course_participants p where p.course_id = c.id and p.voided_at is null and p.result = 'completed')`;

function listedQuery(db: Executor, today: string) {
  return db.selectFrom('admission_courses as c').innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .selectAll('c').select([nameToday(today).as('unit_name'), 'u.scope_path as unit_path', PARTICIPANTS.as('participants'), COMPLETED.as('completed')]);
}

/**
 * A course the caller may read: organized in their scope, or attended (a participant not removed) by a candidate of a
 * cell in it. A cell's secretary thus sees the courses their candidates attend, organized above the cell; the
 * participants listed to them are still their own alone (`participantsOf`), and commands need the organizer in scope.
 */
function readableIn(scope: Scope) {
  return sql<SqlBool>`(${pathInScope('u.scope_path', scope)} or c.id in (
    select p.course_id from admission_course_participants p join admission_candidates k on k.id = p.candidate_id
    join org_units ku on ku.id = k.unit_id where p.voided_at is null and ${pathInScope('ku.scope_path', scope)}))`;
}

export async function insertCourse(db: Executor, values: Insertable<AdmissionCoursesTable>): Promise<CourseRow> {
  return db.insertInto('admission_courses').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A course the caller may read (`readableIn`), with its counts. */
export async function findCourse(db: Executor, courseId: number, today: string, scope: Scope): Promise<CourseListed | undefined> {
  return listedQuery(db, today).where('c.id', '=', courseId).where(readableIn(scope)).executeTakeFirst();
}

/** The course locked for a command, in scope, with its organizing unit's current path. */
export async function lockCourse(db: Executor, courseId: number, scope: Scope): Promise<(CourseRow & { unit_path: string }) | undefined> {
  return db.selectFrom('admission_courses as c').innerJoin('org_units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.scope_path as unit_path')
    .where('c.id', '=', courseId).where(pathInScope('u.scope_path', scope)).forUpdate('c').executeTakeFirst();
}

/** Changes a locked course and moves its row version on. */
export async function updateCourse(db: Executor, courseId: number, changes: Updateable<AdmissionCoursesTable>): Promise<CourseRow> {
  return db.updateTable('admission_courses').set((eb) => ({ ...changes, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', courseId).returningAll().executeTakeFirstOrThrow();
}

export interface CourseListInput {
  scope: Scope;
  today: string;
  /** The subtree's current scope path (none: every subtree in scope). */
  under: string | null;
  status?: string;
  candidateId?: number;
  /** Folded words that must all be in the name or the code. */
  words?: readonly string[];
}

function filtered(db: Executor, input: CourseListInput) {
  let query = listedQuery(db, input.today).where(readableIn(input.scope));
  if (input.under) query = query.where('u.scope_path', 'like', `${escapeLike(input.under)}%`);
  if (input.status) query = query.where('c.status', '=', input.status as CourseRow['status']);
  if (input.candidateId) {
    const candidateId = input.candidateId;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('admission_course_participants as p').select('p.id')
      .whereRef('p.course_id', '=', 'c.id').where('p.candidate_id', '=', candidateId).where('p.voided_at', 'is', null)));
  }
  for (const word of input.words ?? []) query = query.where('c.search_folded', 'like', `%${escapeLike(word)}%`);
  return query;
}

/** A page of courses, the latest opening first (keyset on opens_on desc, id desc). */
export async function listCourses(db: Executor, input: CourseListInput & { after?: { opensOn: string; id: number }; limit: number }): Promise<CourseListed[]> {
  let query = filtered(db, input);
  if (input.after) {
    const { opensOn, id } = input.after;
    query = query.where((eb) => eb.or([eb('c.opens_on', '<', opensOn), eb.and([eb('c.opens_on', '=', opensOn), eb('c.id', '<', id)])]));
  }
  return query.orderBy('c.opens_on', 'desc').orderBy('c.id', 'desc').limit(input.limit).execute();
}

/** How many courses the list holds (its filters, no cursor), counted up to `cap`. */
export async function countCourses(db: Executor, input: CourseListInput, cap: number): Promise<number> {
  const inner = filtered(db, input).clearSelect().select('c.id').limit(cap);
  const row = await db.selectFrom(inner.as('x')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------------------------
// Participants

export type ParticipantListed = ParticipantRow & {
  full_name: string; birth_date: string; cell_id: number; cell_name: string | null; candidate_status: string; candidate_stage: string;
};

/** Every participant of a course (the voided ones last), with the candidate and the cell's name today, in scope. */
export async function participantsOf(db: Executor, courseId: number, today: string, scope: Scope): Promise<ParticipantListed[]> {
  return db.selectFrom('admission_course_participants as p').innerJoin('admission_candidates as c', 'c.id', 'p.candidate_id')
    .selectAll('p')
    .select([
      'c.full_name', 'c.birth_date', 'c.unit_id as cell_id', 'c.status as candidate_status', 'c.stage as candidate_stage',
      sql<string | null>`(select v.name from org_unit_versions v where v.unit_id = c.unit_id and ${versionInForce('v', today)} limit 1)`.as('cell_name'),
    ])
    .where('p.course_id', '=', courseId).where(unitInScope('c.unit_id', scope))
    .orderBy(sql`p.voided_at is not null`).orderBy('c.name_folded').orderBy('p.id').execute();
}

/** The participants of a course not voided, locked (closing, removing). */
export async function lockActiveParticipants(db: Executor, courseId: number): Promise<ParticipantRow[]> {
  return db.selectFrom('admission_course_participants').selectAll().where('course_id', '=', courseId).where('voided_at', 'is', null).orderBy('id').forUpdate().execute();
}

/** Candidates locked for a command in the caller's scope (by id order, so two commands lock in the same order), with their cell's current path. */
export async function lockCandidates(db: Executor, candidateIds: readonly number[], scope: Scope) {
  if (candidateIds.length === 0) return [];
  return db.selectFrom('admission_candidates as c').innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'c.full_name', 'c.status', 'c.stage', 'c.next_step', 'c.course_name', 'c.course_completed_on', 'c.certificate_number', 'c.certificate_valid_until', 'c.row_version', 'u.scope_path'])
    .where('c.id', 'in', [...new Set(candidateIds)]).where(pathInScope('u.scope_path', scope)).orderBy('c.id').forUpdate('c').execute();
}

/** Of these candidates, those already active in an open course (or in this course, whatever its status). */
export async function participatingElsewhere(db: Executor, candidateIds: readonly number[], courseId: number) {
  if (candidateIds.length === 0) return [];
  return db.selectFrom('admission_course_participants as p').innerJoin('admission_courses as k', 'k.id', 'p.course_id')
    .select(['p.candidate_id', 'p.course_id']).where('p.candidate_id', 'in', [...candidateIds]).where('p.voided_at', 'is', null)
    .where((eb) => eb.or([eb('k.status', '=', 'open'), eb('k.id', '=', courseId)])).execute();
}

export async function insertParticipants(db: Executor, courseId: number, candidateIds: readonly number[], addedBy: number | null): Promise<ParticipantRow[]> {
  return db.insertInto('admission_course_participants')
    .values(candidateIds.map((candidateId) => ({
      course_id: courseId, candidate_id: candidateId, result: null, certificate_number: null, certificate_valid_until: null, result_note: null,
      added_by: addedBy, voided_at: null, voided_by: null, void_reason: null,
    })))
    .returningAll().execute();
}

export async function voidParticipant(db: Executor, courseId: number, participantId: number, input: { accountId: number | null; reason: string }): Promise<ParticipantRow | undefined> {
  return db.updateTable('admission_course_participants').set({ voided_at: new Date(), voided_by: input.accountId, void_reason: input.reason })
    .where('id', '=', participantId).where('course_id', '=', courseId).where('voided_at', 'is', null).returningAll().executeTakeFirst();
}

/** Records every participant's result in one statement. */
export async function recordResults(db: Executor, results: readonly {
  participantId: number; result: 'completed' | 'not_completed'; certificateNumber: string | null; certificateValidUntil: string | null; note: string | null; applied: boolean;
}[]): Promise<void> {
  if (results.length === 0) return;
  const column = <T>(pick: (entry: (typeof results)[number]) => T) => results.map(pick);
  await sql`
    update admission_course_participants p set result = r.result, certificate_number = r.certificate_number,
      certificate_valid_until = r.certificate_valid_until, result_note = r.note, applied_to_candidate = r.applied
    from unnest(${column((r) => r.participantId)}::bigint[], ${column((r) => r.result)}::text[], ${column((r) => r.certificateNumber)}::text[],
      ${column((r) => r.certificateValidUntil)}::date[], ${column((r) => r.note)}::text[], ${column((r) => r.applied)}::boolean[])
      as r(id, result, certificate_number, certificate_valid_until, note, applied)
    where p.id = r.id`.execute(db);
}

/**
 * Writes each completion to its candidate's file (the fields the cell's vote is judged on) and moves the file's row
 * version on, in one statement. The candidates are locked by the caller.
 */
export async function applyCompletions(db: Executor, completions: readonly {
  candidateId: number; courseName: string; completedOn: string; certificateNumber: string; certificateValidUntil: string;
}[]): Promise<void> {
  if (completions.length === 0) return;
  const column = <T>(pick: (entry: (typeof completions)[number]) => T) => completions.map(pick);
  await sql`
    update admission_candidates c set course_name = r.course_name, course_completed_on = r.completed_on, certificate_number = r.certificate_number,
      certificate_valid_until = r.valid_until, row_version = c.row_version + 1
    from unnest(${column((r) => r.candidateId)}::bigint[], ${column((r) => r.courseName)}::text[], ${column((r) => r.completedOn)}::date[],
      ${column((r) => r.certificateNumber)}::text[], ${column((r) => r.certificateValidUntil)}::date[])
      as r(id, course_name, completed_on, certificate_number, valid_until)
    where c.id = r.id`.execute(db);
}
