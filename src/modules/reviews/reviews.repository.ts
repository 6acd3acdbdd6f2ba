/**
 * The review results' SQL (Kysely only). Every read of a unit's subtree is judged on the tree as it stood on the
 * period's last day (`versionInForce`), in the scope given (`pathInScope` on the unit's current scope path).
 */
import { sql, type RawBuilder } from 'kysely';
import type { LevelCounts, ReviewLevel, ReviewSubject } from '../../contracts/reviews.ts';
import { pathInScope, unitInScope, versionInForce, type Executor, type Scope, type Tx } from '../../kernel/index.ts';

export interface PeriodRow { id: number; year: number; starts_on: string; ends_on: string }

export interface ResultRow {
  id: number; period_id: number; year: number; subject_kind: ReviewSubject; unit_id: number; member_id: number | null; recorded_under_id: number;
  level: ReviewLevel; decision_id: number; decision_number: string; decision_signed_on: string; decision_issuing_body: string; note: string | null;
  corrects_id: number | null; recorded_at: Date; row_version: number; voided_at: Date | null;
}

const RESULT_COLUMNS = sql`r.id, r.period_id, p.year, r.subject_kind, r.unit_id, r.member_id, r.recorded_under_id, r.level, r.decision_id,
  d.number as decision_number, d.signed_on::text as decision_signed_on, d.issuing_body as decision_issuing_body, r.note, r.corrects_id,
  r.recorded_at, r.row_version, r.voided_at`;

/** A year's period, created by the first result recorded for it (a period with no result need not exist). */
export async function ensureYearPeriod(tx: Tx, year: number, startsOn: string, endsOn: string): Promise<PeriodRow> {
  await tx.insertInto('review_periods').values({ year, starts_on: startsOn, ends_on: endsOn }).onConflict((oc) => oc.columns(['period_kind', 'year']).doNothing()).execute();
  return tx.selectFrom('review_periods').select(['id', 'year', 'starts_on', 'ends_on']).where('period_kind', '=', 'year').where('year', '=', year).executeTakeFirstOrThrow();
}

/** A unit in the scope, with its version on `date` (none: it did not exist then). */
export async function findUnitOn(db: Executor, unitId: number, date: string, scope: Scope): Promise<{ id: number; path: string; kind: string; name: string } | undefined> {
  const row = await db.selectFrom('org_unit_versions as v').select(['v.unit_id as id', 'v.path', 'v.kind', 'v.name'])
    .where('v.unit_id', '=', unitId).where(versionInForce('v', date)).where(unitInScope('v.unit_id', scope)).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

/**
 * The members among `memberIds` officially placed on `date` in a cell whose version then lay under `prefix`, in
 * the scope: their cell, their status on that day (the latest status event on or before it) and admission date.
 */
export async function membersPlacedOn(db: Executor, memberIds: readonly number[], prefix: string, date: string, scope: Scope) {
  if (memberIds.length === 0) return [];
  const result = await sql<{ member_id: number; cell_id: number; status_on_end: string | null; admission_date: string | null }>`
    select m.id as member_id, p.unit_id as cell_id, m.admission_date::text as admission_date, ${statusOn(sql`m.id`, date)} as status_on_end
    from members m
    join member_placements p on p.member_id = m.id and ${placementOn('p', date)}
    join org_unit_versions v on v.unit_id = p.unit_id and ${versionInForce('v', date)}
    join org_units u on u.id = p.unit_id
    where m.id = any(${[...memberIds]}::bigint[]) and left(v.path, ${prefix.length}) = ${prefix} and ${pathInScope('u.scope_path', scope)}`.execute(db);
  return result.rows.map((row) => ({ ...row, member_id: Number(row.member_id), cell_id: Number(row.cell_id) }));
}

/** The units among `unitIds` whose version on `date` lay strictly under `prefix`, in the scope, with their kind then. */
export async function unitsBeneathOn(db: Executor, unitIds: readonly number[], prefix: string, date: string, scope: Scope) {
  if (unitIds.length === 0) return [];
  const rows = await db.selectFrom('org_unit_versions as v').innerJoin('org_units as u', 'u.id', 'v.unit_id').select(['v.unit_id', 'v.kind'])
    .where('v.unit_id', 'in', [...unitIds]).where(versionInForce('v', date))
    .where(sql<boolean>`left(v.path, ${prefix.length}) = ${prefix} and v.path <> ${prefix}`).where(pathInScope('u.scope_path', scope)).execute();
  return rows.map((row) => ({ unitId: Number(row.unit_id), kind: row.kind }));
}

function placementOn(alias: string, date: string | RawBuilder<unknown>): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`${column('kind')} = 'official' and ${column('voided_by_event_id')} is null and ${column('valid_from')} <= ${date}::date and (${column('valid_to')} is null or ${column('valid_to')} > ${date}::date)`;
}

/** A member's status on a date: that of the latest status event on or before it (as the registry's counts judge it). */
function statusOn(memberId: RawBuilder<unknown>, date: string): RawBuilder<unknown> {
  return sql`(select e.status_after from member_events e where e.member_id = ${memberId} and e.voided_by_event_id is null and e.status_after is not null
    and e.effective_date <= ${date}::date order by e.effective_date desc, e.id desc limit 1)`;
}

/** The standing results of a period among the subjects given (members, or organizations by unit id). */
export async function standingResultsOf(db: Executor, periodId: number, subject: ReviewSubject, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const column = subject === 'member' ? 'member_id' : 'unit_id';
  const rows = await db.selectFrom('review_results').select(['id', column]).where('period_id', '=', periodId).where('subject_kind', '=', subject)
    .where(column, 'in', [...ids]).where('voided_at', 'is', null).execute();
  return new Map(rows.map((row) => [Number((row as Record<string, unknown>)[column]), Number(row.id)]));
}

/**
 * The levels of the standing results of one group (a period, the unit they were recorded under, a kind of subject),
 * the group's rows locked so that two requests on the same group judge the quota one after the other.
 */
export async function lockGroupLevels(tx: Tx, periodId: number, recordedUnderId: number, subject: ReviewSubject, exceptId: number | null = null): Promise<ReviewLevel[]> {
  // The unit's row is the group's lock: it exists even when the group has no result yet. (No key update: the
  // foreign keys' checks on the unit, placing a member in it say, do not wait for it.)
  await tx.selectFrom('org_units').select('id').where('id', '=', recordedUnderId).forNoKeyUpdate().execute();
  let query = tx.selectFrom('review_results').select('level').where('period_id', '=', periodId).where('recorded_under_id', '=', recordedUnderId)
    .where('subject_kind', '=', subject).where('voided_at', 'is', null);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.execute()).map((row) => row.level);
}

export interface NewResult {
  period_id: number; subject_kind: ReviewSubject; unit_id: number; member_id: number | null; recorded_under_id: number; level: ReviewLevel;
  decision_id: number; note: string | null; corrects_id: number | null; recorded_by: number | null;
}

export async function insertResults(tx: Tx, rows: readonly NewResult[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.insertInto('review_results').values([...rows]).returning('id').execute();
  return inserted.map((row) => Number(row.id));
}

export async function resultsByIds(db: Executor, ids: readonly number[]): Promise<ResultRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<ResultRow>`
    select ${RESULT_COLUMNS} from review_results r join review_periods p on p.id = r.period_id join decisions d on d.id = r.decision_id
    where r.id = any(${[...ids]}::bigint[]) order by r.id`.execute(db);
  return result.rows;
}

/** One result locked for a correction, when its unit lies in the scope (else undefined: not found). */
export async function lockResult(tx: Tx, resultId: number, scope: Scope): Promise<(ResultRow & { ends_on: string }) | undefined> {
  const result = await sql<ResultRow & { ends_on: string }>`
    select ${RESULT_COLUMNS}, p.ends_on::text as ends_on
    from review_results r join review_periods p on p.id = r.period_id join decisions d on d.id = r.decision_id join org_units u on u.id = r.unit_id
    where r.id = ${resultId} and ${pathInScope('u.scope_path', scope)}
    for update of r`.execute(tx);
  return result.rows[0];
}

export async function voidResult(tx: Tx, resultId: number, input: { voidedBy: number | null; reason: string; replacedBy: number | null }): Promise<void> {
  await tx.updateTable('review_results').set({
    voided_at: new Date(), voided_by: input.voidedBy, void_reason: input.reason, replaced_by: input.replacedBy, row_version: sql`row_version + 1`,
  }).where('id', '=', resultId).execute();
}

export async function setReplacedBy(tx: Tx, resultId: number, replacedBy: number): Promise<void> {
  await tx.updateTable('review_results').set({ replaced_by: replacedBy }).where('id', '=', resultId).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The list of a unit's subtree for a year

export interface ListedRow {
  id: number; name: string; sort_key: string; unit_id: number; unit_name: string; kind: string | null;
  status_on_end: string | null; admission_date: string | null; result_id: number | null;
}

/** Members officially placed under the unit on `date` (or organizations strictly beneath it), a page after the cursor. */
export async function listSubjects(db: Executor, input: {
  subject: ReviewSubject; prefix: string; date: string; year: number; scope: Scope; after: readonly [string, number] | null; limit: number; classifiedKinds: readonly string[];
}): Promise<ListedRow[]> {
  const result = input.subject === 'member'
    ? await sql<ListedRow>`
      select m.id, m.full_name as name, m.name_sort_key as sort_key, p.unit_id, v.name as unit_name, v.kind, ${statusOn(sql`m.id`, input.date)} as status_on_end,
        m.admission_date::text as admission_date, r.id as result_id
      from member_placements p
      join org_unit_versions v on v.unit_id = p.unit_id and ${versionInForce('v', input.date)}
      join org_units u on u.id = p.unit_id
      join members m on m.id = p.member_id
      left join review_results r on r.member_id = m.id and r.subject_kind = 'member' and r.voided_at is null
        and r.period_id = (select id from review_periods where period_kind = 'year' and year = ${input.year})
      where ${placementOn('p', input.date)} and left(v.path, ${input.prefix.length}) = ${input.prefix} and ${pathInScope('u.scope_path', input.scope)}
        ${input.after ? sql`and (m.name_sort_key, m.id) > (${input.after[0]}::text collate "C", ${input.after[1]}::bigint)` : sql``}
      order by m.name_sort_key, m.id limit ${input.limit}`.execute(db)
    : await sql<ListedRow>`
      select v.unit_id as id, v.name, v.path as sort_key, v.unit_id, v.name as unit_name, v.kind, null as status_on_end, null as admission_date, r.id as result_id
      from org_unit_versions v
      join org_units u on u.id = v.unit_id
      left join review_results r on r.unit_id = v.unit_id and r.subject_kind = 'organization' and r.voided_at is null
        and r.period_id = (select id from review_periods where period_kind = 'year' and year = ${input.year})
      where ${versionInForce('v', input.date)} and left(v.path, ${input.prefix.length}) = ${input.prefix} and v.path <> ${input.prefix}
        and v.kind = any(${[...input.classifiedKinds]}::text[]) and ${pathInScope('u.scope_path', input.scope)}
        ${input.after ? sql`and (v.path collate "C", v.unit_id) > (${input.after[0]}::text collate "C", ${input.after[1]}::bigint)` : sql``}
      order by v.path collate "C", v.unit_id limit ${input.limit}`.execute(db);
  return result.rows.map((row) => ({ ...row, id: Number(row.id), unit_id: Number(row.unit_id), result_id: row.result_id === null ? null : Number(row.result_id) }));
}

/**
 * The standing results of the periods ending in [from, to] whose unit (the organization, or the member's cell) lay,
 * on the period's last day, under the asked unit's version of that day, in the scope; by subject, level, the child of
 * the asked unit it lay under and the organization's level (org-kinds.ts). `strictlyBeneath` leaves the asked unit
 * itself out (the list of the organizations beneath a committee).
 */
export async function countResults(db: Executor, input: { unitId: number; from: string; to: string; scope: Scope; strictlyBeneath?: boolean }) {
  const result = await sql<{ subject: ReviewSubject; level: ReviewLevel; child: number | null; kind: string; n: number }>`
    select r.subject_kind as subject, r.level, nullif(split_part(substr(v.path, length(vu.path) + 1), '/', 1), '')::bigint as child, v.kind, count(*)::int as n
    from review_periods p
    join review_results r on r.period_id = p.id and r.voided_at is null
    join org_unit_versions vu on vu.unit_id = ${input.unitId} and ${versionInForce('vu', sql`p.ends_on`)}
    join org_unit_versions v on v.unit_id = r.unit_id and ${versionInForce('v', sql`p.ends_on`)}
    join org_units u on u.id = r.unit_id
    where p.period_kind = 'year' and p.ends_on between ${input.from}::date and ${input.to}::date
      and left(v.path, length(vu.path)) = vu.path ${input.strictlyBeneath ? sql`and v.path <> vu.path` : sql``} and ${pathInScope('u.scope_path', input.scope)}
    group by 1, 2, 3, 4`.execute(db);
  return result.rows.map((row) => ({ ...row, child: row.child === null ? null : Number(row.child) }));
}

/** The members a figure counts: standing member results of the periods ending in [from, to] under the unit, by member id. */
export async function membersCounted(db: Executor, input: { unitId: number; from: string; to: string; scope: Scope; levels: readonly ReviewLevel[]; after: number; limit: number }) {
  const result = await sql<{ member_id: number; cell_id: number; date: string }>`
    select distinct on (r.member_id) r.member_id, r.unit_id as cell_id, p.ends_on::text as date
    from review_periods p
    join review_results r on r.period_id = p.id and r.voided_at is null and r.subject_kind = 'member'
    join org_unit_versions vu on vu.unit_id = ${input.unitId} and ${versionInForce('vu', sql`p.ends_on`)}
    join org_unit_versions v on v.unit_id = r.unit_id and ${versionInForce('v', sql`p.ends_on`)}
    join org_units u on u.id = r.unit_id
    where p.period_kind = 'year' and p.ends_on between ${input.from}::date and ${input.to}::date and r.level = any(${[...input.levels]}::text[])
      and left(v.path, length(vu.path)) = vu.path and ${pathInScope('u.scope_path', input.scope)} and r.member_id > ${input.after}
    order by r.member_id, p.ends_on desc limit ${input.limit}`.execute(db);
  return result.rows.map((row) => ({ memberId: Number(row.member_id), cellId: Number(row.cell_id), date: row.date }));
}

export function emptyLevelCounts(): LevelCounts {
  return { excellent: 0, good: 0, completed: 0, not_completed: 0 };
}
