/** The admission pipeline's SQL (Kysely only). Functions on scoped tables take a required `Scope`. */
import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { pathInScope, unitInScope, versionInForce, type Executor, type Scope } from '../../kernel/index.ts';
import { escapeLike } from '../../access/scope.ts';
import type { WorkingDayOverride } from '../../rules/working-days.ts';
import type { AdmissionCandidatesTable, AdmissionStepsTable } from './admissions.tables.ts';

export type CandidateRow = Selectable<AdmissionCandidatesTable>;
export type StepRow = Selectable<AdmissionStepsTable>;

// ---------------------------------------------------------------------------------------------------------------
// The calendar's adjustments

export async function overridesInForce(db: Executor): Promise<WorkingDayOverride[]> {
  const rows = await db.selectFrom('working_day_overrides').select(['day', 'kind']).where('voided_at', 'is', null).execute();
  return rows.map((row) => ({ date: row.day, kind: row.kind }));
}

export async function overridesOfYear(db: Executor, year: number) {
  return db.selectFrom('working_day_overrides').select(['id', 'day', 'kind', 'name', 'decision_id'])
    .where('voided_at', 'is', null).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute();
}

export async function insertOverride(db: Executor, values: { day: string; kind: 'day_off' | 'working_day'; name: string; decisionId: number | null; recordedBy: number }) {
  return db.insertInto('working_day_overrides')
    .values({ day: values.day, kind: values.kind, name: values.name, decision_id: values.decisionId, recorded_by: values.recordedBy, voided_by: null, voided_at: null, void_reason: null })
    .returning(['id', 'day', 'kind', 'name', 'decision_id']).executeTakeFirstOrThrow();
}

export async function voidOverride(db: Executor, overrideId: number, input: { accountId: number; reason: string }) {
  return db.updateTable('working_day_overrides').set({ voided_at: new Date(), voided_by: input.accountId, void_reason: input.reason })
    .where('id', '=', overrideId).where('voided_at', 'is', null)
    .returning(['id', 'day', 'kind', 'name', 'decision_id']).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------------
// Units

export interface CellInfo { id: number; name: string; kind: string; sector: string | null; scopePath: string; grassrootsId: number | null; superiorId: number | null }

/** A unit as it stands today, in scope (none: missing or outside). */
export async function findUnitInScope(db: Executor, unitId: number, today: string, scope: Scope): Promise<CellInfo | undefined> {
  const row = await db.selectFrom('org_units as u')
    .innerJoin('org_unit_versions as v', (join) => join.onRef('v.unit_id', '=', 'u.id').on(versionInForce('v', today)))
    .select(['u.id', 'v.name', 'v.kind', 'v.sector', 'u.scope_path', 'u.grassroots_id', 'u.superior_id'])
    .where('u.id', '=', unitId).where('u.ended_on', 'is', null).where(pathInScope('u.scope_path', scope)).executeTakeFirst();
  return row && { id: row.id, name: row.name, kind: row.kind, sector: row.sector, scopePath: row.scope_path, grassrootsId: row.grassroots_id, superiorId: row.superior_id };
}

/** The root unit's path: the shortest (the centre). */
export async function centrePath(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('org_units').select('scope_path').orderBy(sql`length(scope_path)`).orderBy('id').limit(1).executeTakeFirst();
  return row?.scope_path ?? null;
}

export async function unitNames(db: Executor, unitIds: readonly number[], today: string): Promise<Map<number, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('org_unit_versions as v').select(['v.unit_id', 'v.name'])
    .where('v.unit_id', 'in', [...new Set(unitIds)]).where(versionInForce('v', today)).execute();
  return new Map(rows.map((row) => [row.unit_id, row.name]));
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates

/** The advisory lock's first key for the files a cell proposes (the second is the cell's id): 'CBAC'. */
const CANDIDATE_LOCK_CLASS = 0x43424143;

/**
 * The cell's file in progress for this person (folded name and birth date), after serializing the cell's new files
 * until the transaction ends: two requests at once cannot both find none.
 */
export async function lockAndFindOpenFile(db: Executor, input: { unitId: number; nameFolded: string; birthDate: string }): Promise<number | null> {
  // The id folded into the lock's 32-bit second key: two cells sharing a key only wait on each other.
  await sql`select pg_advisory_xact_lock(${CANDIDATE_LOCK_CLASS}::int, (${input.unitId}::bigint % 2147483647)::int)`.execute(db);
  const row = await sql<{ id: number }>`
    select c.id::int as id from admission_candidates c
    where c.unit_id = ${input.unitId} and c.status = 'in_progress' and c.name_folded = ${input.nameFolded} and c.birth_date = ${input.birthDate}::date
    limit 1`.execute(db);
  return row.rows[0]?.id ?? null;
}

export async function insertCandidate(db: Executor, values: Insertable<AdmissionCandidatesTable>): Promise<CandidateRow> {
  return db.insertInto('admission_candidates').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCandidate(db: Executor, candidateId: number, scope: Scope): Promise<CandidateRow | undefined> {
  return db.selectFrom('admission_candidates as c').selectAll('c').where('c.id', '=', candidateId).where(unitInScope('c.unit_id', scope)).executeTakeFirst();
}

/** The candidate locked for a command, in scope. */
export async function lockCandidate(db: Executor, candidateId: number, scope: Scope): Promise<CandidateRow | undefined> {
  return db.selectFrom('admission_candidates as c').selectAll('c').where('c.id', '=', candidateId).where(unitInScope('c.unit_id', scope)).forUpdate().executeTakeFirst();
}

/** Changes a locked candidate and moves its row version on. */
export async function updateCandidate(db: Executor, candidateId: number, changes: Updateable<AdmissionCandidatesTable>): Promise<CandidateRow> {
  return db.updateTable('admission_candidates').set((eb) => ({ ...changes, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', candidateId).returningAll().executeTakeFirstOrThrow();
}

export interface ListInput {
  scope: Scope;
  /** The subtree's current scope path (none: every subtree in scope). */
  under: string | null;
  which: 'open' | 'due' | 'overdue' | 'all';
  today: string;
  weekEnd: string;
  waitingOn?: string;
  /** Folded words that must all be in the name. */
  words?: readonly string[];
  memberId?: number;
  after?: number;
  limit: number;
}

/**
 * The unit a file's next step waits on (`c` the file, `u` its unit): the cell itself, its grassroots committee, or the
 * level above that (the unit's ancestor columns, kept by restructuring); the cell when the column is empty.
 */
const WAITING_UNIT = sql<number | null>`case c.waiting_on when 'cell' then c.unit_id when 'grassroots' then coalesce(u.grassroots_id, c.unit_id)
  when 'competent_level' then coalesce(u.superior_id, u.grassroots_id, c.unit_id) end`;

/** The unit's name today, for a unit id expression. */
function nameToday(unitId: RawBuilder<unknown>, today: string) {
  return sql<string | null>`(select v.name from org_unit_versions v where v.unit_id = ${unitId} and ${versionInForce('v', today)} limit 1)`;
}

export interface WaitingUnit { waiting_unit_id: number | null; waiting_unit_name: string | null }

/** Whom a file waits on, by unit (any file: for notifications and the file's page). */
export async function waitingUnitOf(db: Executor, candidateId: number, today: string): Promise<WaitingUnit> {
  const row = await db.selectFrom('admission_candidates as c').innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .select([WAITING_UNIT.as('waiting_unit_id'), nameToday(WAITING_UNIT, today).as('waiting_unit_name')])
    .where('c.id', '=', candidateId).executeTakeFirst();
  return { waiting_unit_id: row?.waiting_unit_id ?? null, waiting_unit_name: row?.waiting_unit_name ?? null };
}

function listQuery(db: Executor, input: Omit<ListInput, 'after' | 'limit'>) {
  let query = db.selectFrom('admission_candidates as c').innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .where(pathInScope('u.scope_path', input.scope));
  if (input.under) query = query.where('u.scope_path', 'like', `${escapeLike(input.under)}%`);
  if (input.which !== 'all') query = query.where('c.next_step', 'is not', null);
  if (input.which === 'due') query = query.where('c.due_by', '>=', input.today).where('c.due_by', '<=', input.weekEnd);
  if (input.which === 'overdue') query = query.where('c.due_by', '<', input.today);
  if (input.waitingOn) query = query.where('c.waiting_on', '=', input.waitingOn);
  if (input.memberId) query = query.where('c.member_id', '=', input.memberId);
  for (const word of input.words ?? []) query = query.where('c.name_folded', 'like', `%${escapeLike(word)}%`);
  return query;
}

/** A page of the list, each file with its unit's name today and whom it waits on (one statement). */
export async function listCandidates(db: Executor, input: ListInput): Promise<(CandidateRow & WaitingUnit & { unit_name: string | null })[]> {
  let query = listQuery(db, input).selectAll('c').select([
    nameToday(sql`c.unit_id`, input.today).as('unit_name'), WAITING_UNIT.as('waiting_unit_id'), nameToday(WAITING_UNIT, input.today).as('waiting_unit_name'),
  ]);
  if (input.after) query = query.where('c.id', '>', input.after);
  return query.orderBy('c.id').limit(input.limit).execute();
}

/** A bounded count (stops at `cap`), for the home page. */
export async function countCandidates(db: Executor, input: Omit<ListInput, 'after' | 'limit'> & { cap: number }): Promise<number> {
  const inner = listQuery(db, input).select('c.id').limit(input.cap);
  const row = await db.selectFrom(inner.as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Files past their deadline whose officers were not yet reminded at this stage (the reminder job). */
export async function overdueUnreminded(db: Executor, today: string, limit: number): Promise<CandidateRow[]> {
  return db.selectFrom('admission_candidates').selectAll().where('next_step', 'is not', null).where('due_by', '<', today)
    .where((eb) => eb.or([eb('reminded_stage', 'is', null), eb('reminded_stage', '<>', eb.ref('stage'))]))
    .orderBy('due_by').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
}

export async function markReminded(db: Executor, candidateIds: readonly number[]): Promise<void> {
  if (candidateIds.length === 0) return;
  await db.updateTable('admission_candidates').set({ reminded_stage: sql.ref('stage') }).where('id', 'in', candidateIds).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Steps, documents, introducers

export async function stepsOf(db: Executor, candidateId: number): Promise<StepRow[]> {
  return db.selectFrom('admission_steps').selectAll().where('candidate_id', '=', candidateId).orderBy('id').execute();
}

export async function insertStep(db: Executor, values: { candidateId: number; step: string; date: string; decisionId: number | null; dueBy: string | null; lateWorkingDays: number; reason: string | null; payload: unknown; recordedBy: number | null }) {
  await db.insertInto('admission_steps').values({
    candidate_id: values.candidateId, step: values.step, effective_date: values.date, decision_id: values.decisionId, due_by: values.dueBy,
    late_working_days: values.lateWorkingDays, reason: values.reason, payload: JSON.stringify(values.payload ?? {}), recorded_by: values.recordedBy,
  }).execute();
}

/** The forms on file (the latest of each), without their content. */
export async function currentDocuments(db: Executor, candidateId: number) {
  return db.selectFrom('admission_documents').select(['id', 'form', 'dated', 'note', 'file_name', 'content_type', 'size_bytes', 'recorded_by'])
    .where('candidate_id', '=', candidateId).where('superseded_by', 'is', null).orderBy('id').execute();
}

export async function insertDocument(db: Executor, values: { candidateId: number; form: string; dated: string; note: string | null; file: { name: string; contentType: string; content: Buffer } | null; recordedBy: number }) {
  const row = await db.insertInto('admission_documents').values({
    candidate_id: values.candidateId, form: values.form, dated: values.dated, note: values.note, file_name: values.file?.name ?? null,
    content_type: values.file?.contentType ?? null, size_bytes: values.file?.content.length ?? null, content: values.file?.content ?? null,
    recorded_by: values.recordedBy, superseded_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  // The form recorded again supersedes the earlier record (kept).
  await db.updateTable('admission_documents').set({ superseded_by: row.id })
    .where('candidate_id', '=', values.candidateId).where('form', '=', values.form).where('superseded_by', 'is', null).where('id', '<>', row.id).execute();
  return row.id;
}

export async function documentContent(db: Executor, candidateId: number, documentId: number) {
  return db.selectFrom('admission_documents').select(['file_name', 'content_type', 'content'])
    .where('candidate_id', '=', candidateId).where('id', '=', documentId).executeTakeFirst();
}

export async function introducersOf(db: Executor, candidateId: number) {
  return db.selectFrom('admission_introducers').selectAll().where('candidate_id', '=', candidateId).where('withdrawn_at', 'is', null).orderBy('id').execute();
}

export async function insertIntroducer(db: Executor, values: { candidateId: number; kind: 'member' | 'youth_union'; memberId: number | null; workedWithSince: string | null; resolutionDate: string | null; resolutionBody: string | null; checkedOn: string; recordedBy: number }) {
  return db.insertInto('admission_introducers').values({
    candidate_id: values.candidateId, kind: values.kind, member_id: values.memberId, worked_with_since: values.workedWithSince,
    resolution_date: values.resolutionDate, resolution_body: values.resolutionBody, checked_on: values.checkedOn, recorded_by: values.recordedBy, withdrawn_at: null,
  }).returning('id').executeTakeFirstOrThrow();
}
