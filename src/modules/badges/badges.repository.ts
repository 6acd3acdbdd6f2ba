/** Kysely and SQL of party badges: candidates for a presentation day, awards, and the serious-illness flag. */
import { sql } from 'kysely';
import { escapeLike } from '../../access/scope.ts';
import { pathInScope, type Executor, type Scope } from '../../kernel/index.ts';
import { ACTIVE_MEMBER_STATUSES, MEMBER_STATUSES } from '../../contracts/members.ts';
import { BADGE_STATUSES, type NextMilestoneWindow } from '../../rules/party-age.ts';

export interface BadgeCandidateRow {
  id: number;
  full_name: string;
  birth_date: string;
  unit_id: number;
  admission_date: string;
  /** Today's status: a member who left the party after a past presentation day was still due on it. */
  status: string;
  status_since: string;
  /** The highest badge presented before the presentation day. */
  highest_awarded: number | null;
  /** Badges presented on or after the presentation day (a past day's list): milestone and day. */
  later_awards: { milestone: number; presented_on: string }[];
  seriously_ill: boolean;
  readmitted: boolean;
}

/**
 * The milestone windows as rows (the highest badge held, the latest admission date that reaches the next one, and
 * the same for the seriously ill) and the members seriously ill on the day: shared by the list and the count.
 */
function stepsAndIll(input: { date: string; steps: readonly NextMilestoneWindow[] }) {
  return sql`steps as (
      select * from unnest(${input.steps.map((step) => step.highest)}::int[], ${input.steps.map((step) => step.latestAdmission)}::date[],
        ${input.steps.map((step) => step.latestAdmissionIfIll)}::date[]) as s(highest, latest, latest_ill)
    ), ill as (
      select distinct i.member_id from member_serious_illness i where i.since <= ${input.date}::date and (i.until is null or i.until > ${input.date}::date)
    )`;
}

/**
 * Official (or exempted) members in scope on the date whose party age, counted from the admission decision, reaches
 * a milestone above their highest badge presented before the date (earlier by the early allowance when seriously ill
 * on that date). Badges presented on or after the date come with each row: on a past day, those it listed and were
 * then presented stay listed, marked, instead of vanishing from the list of that day.
 *
 * Found in four sets, each read from an index: for each highest badge (`members.highest_badge`, migration 0020), the
 * members admitted early enough to reach the next milestone (`steps`, from `nextMilestoneWindows` in the rules); the
 * seriously ill, with the early allowance; the members presented a badge on or after the date (their highest badge
 * is then above the one they had on the day); and on a past day, the members who left the party since (they were in
 * it on the day). Over-inclusive by design (time outside the party is not subtracted here); the exact rule then runs
 * on each. The highest badge before the day is the member's own column, read from the awards only for members
 * presented one since.
 */
export async function badgeCandidates(db: Executor, input: {
  scope: Scope; underPath?: string; date: string; steps: readonly NextMilestoneWindow[];
}): Promise<BadgeCandidateRow[]> {
  if (input.steps.length === 0) return [];
  const inScope = sql`${pathInScope('m.scope_path', input.scope)} ${input.underPath ? sql`and m.scope_path like ${escapeLike(input.underPath) + '%'}` : sql``}`;
  // Literal lists, so that the partial indexes of migration 0020 (written with these statuses) answer them.
  const statusIn = (statuses: readonly string[]) => sql`m.status in (${sql.join(statuses.map((status) => sql.lit(status)))})`;
  const official = statusIn(BADGE_STATUSES);
  const left = statusIn(MEMBER_STATUSES.filter((status) => !(ACTIVE_MEMBER_STATUSES as readonly string[]).includes(status)));
  const result = await sql<BadgeCandidateRow>`
    with ${stepsAndIll(input)}, found as (
      select m.id from steps s join members m on m.highest_badge = s.highest and m.admission_date <= s.latest where ${official} and ${inScope}
      union
      select m.id from ill join members m on m.id = ill.member_id join steps s on m.highest_badge = s.highest and m.admission_date <= s.latest_ill
      where ${official} and ${inScope}
      union
      select m.id from member_badge_awards b join members m on m.id = b.member_id
      where b.presented_on >= ${input.date}::date and b.voided_at is null and ${official} and ${inScope}
      union
      select m.id from members m join steps s on m.highest_badge = s.highest and m.admission_date <= s.latest_ill
      where ${left} and m.status_since > ${input.date}::date and ${inScope}
    ), later as (
      select b.member_id, json_agg(json_build_object('milestone', b.milestone, 'presented_on', b.presented_on) order by b.presented_on) as awards
      from member_badge_awards b
      where b.member_id in (select id from found) and b.presented_on >= ${input.date}::date and b.voided_at is null group by b.member_id
    )
    select m.id, m.full_name, m.birth_date, m.unit_id, m.admission_date, m.status, m.status_since,
      case when l.member_id is null then nullif(m.highest_badge, 0)
        else (select max(b.milestone) from member_badge_awards b where b.member_id = m.id and b.voided_at is null and b.presented_on < ${input.date}::date)
      end as highest_awarded,
      (m.id in (select member_id from ill)) as seriously_ill, coalesce(l.awards, '[]'::json) as later_awards,
      exists (select 1 from member_events e where e.member_id = m.id and e.kind = 'readmission' and e.voided_by_event_id is null) as readmitted
    -- One member at a time by its key (offset 0 keeps the planner from turning it into a join): the found set is
    -- small, but estimated from the date ranges at a third of the table, a hash join read the whole table (3 s).
    from found f
    cross join lateral (select * from members m where m.id = f.id offset 0) m
    left join later l on l.member_id = m.id
    order by m.name_sort_key, m.id`.execute(db);
  return result.rows;
}

/**
 * The candidates of a presentation day still to come (or today), for counting: only the first two sets of
 * `badgeCandidates` (by highest badge, and the seriously ill with the early allowance), both read from the index
 * `members_badge_due` (migration 0020) without touching the table, then the flags the rule needs. A badge presented
 * already raised the member's `highest_badge`, so those presented are not found: the count is of those still due.
 * The list's other sets (badges presented since, members who left since) are empty for a day not yet past.
 */
export async function badgeCountCandidates(db: Executor, input: { scope: Scope; date: string; steps: readonly NextMilestoneWindow[] }) {
  if (input.steps.length === 0) return [];
  const inScope = pathInScope('m.scope_path', input.scope);
  const official = sql`m.status in (${sql.join(BADGE_STATUSES.map((status) => sql.lit(status)))})`;
  const result = await sql<{ id: number; admission_date: string; highest_badge: number; seriously_ill: boolean; readmitted: boolean }>`
    with ${stepsAndIll(input)}, found as (
      select m.id, m.admission_date, m.highest_badge from steps s join members m on m.highest_badge = s.highest and m.admission_date <= s.latest
      where ${official} and ${inScope}
      union
      select m.id, m.admission_date, m.highest_badge from ill join members m on m.id = ill.member_id join steps s on m.highest_badge = s.highest and m.admission_date <= s.latest_ill
      where ${official} and ${inScope}
    )
    select f.id, f.admission_date, f.highest_badge, (f.id in (select member_id from ill)) as seriously_ill,
      exists (select 1 from member_events e where e.member_id = f.id and e.kind = 'readmission' and e.voided_by_event_id is null) as readmitted
    from found f`.execute(db);
  return result.rows;
}

/** Leaving and re-admission events of the given members, in order: the periods outside the party. */
export async function outsidePeriodEvents(db: Executor, memberIds: readonly number[]) {
  if (memberIds.length === 0) return [];
  return db.selectFrom('member_events').select(['member_id', 'kind', 'effective_date'])
    .where('member_id', 'in', [...memberIds])
    .where('kind', 'in', ['removal', 'expulsion', 'probation_refused', 'readmission'])
    .where('voided_by_event_id', 'is', null)
    .orderBy('member_id').orderBy('effective_date').orderBy('id')
    .execute();
}

/** The members (locked, with their highest standing badge) whose unit lies in the scope. */
export async function membersInScope(db: Executor, memberIds: readonly number[], scope: Scope) {
  if (memberIds.length === 0) return [];
  return db.selectFrom('members as m')
    .leftJoin(
      (eb) => eb.selectFrom('member_badge_awards').select(['member_id', (b) => b.fn.max('milestone').as('highest')]).where('voided_at', 'is', null).groupBy('member_id').as('a'),
      (join) => join.onRef('a.member_id', '=', 'm.id'),
    )
    .select(['m.id', 'm.full_name', 'm.birth_date', 'm.unit_id', 'm.admission_date', 'm.status', 'a.highest as highest_awarded'])
    .where('m.id', 'in', [...memberIds])
    .where(pathInScope('m.scope_path', scope))
    .forUpdate('m')
    .execute();
}

export async function memberInScope(db: Executor, memberId: number, scope: Scope) {
  return db.selectFrom('members').select(['id', 'admission_date', 'status']).where('id', '=', memberId).where(pathInScope('scope_path', scope)).executeTakeFirst();
}

export async function seriouslyIllOn(db: Executor, memberIds: readonly number[], date: string): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db.selectFrom('member_serious_illness').select('member_id').where('member_id', 'in', [...memberIds])
    .where('since', '<=', date).where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', date)])).execute();
  return new Set(rows.map((row) => row.member_id));
}

export async function insertAwards(db: Executor, rows: { member_id: number; milestone: number; presented_on: string; decision_id: number; early: boolean; unit_id: number; recorded_by: number | null }[]) {
  return db.insertInto('member_badge_awards').values(rows.map((row) => ({ ...row, voided_at: null, voided_by: null, void_reason: null })))
    .returning(['id', 'member_id', 'milestone', 'presented_on', 'decision_id', 'early']).execute();
}

export async function awardsOf(db: Executor, memberId: number) {
  return db.selectFrom('member_badge_awards').select(['id', 'member_id', 'milestone', 'presented_on', 'decision_id', 'early'])
    .where('member_id', '=', memberId).where('voided_at', 'is', null).orderBy('milestone').execute();
}

export async function illnessOf(db: Executor, memberId: number) {
  return db.selectFrom('member_serious_illness').select(['id', 'member_id', 'since', 'until', 'note']).where('member_id', '=', memberId).orderBy('since').execute();
}

export async function openIllness(db: Executor, memberId: number) {
  return db.selectFrom('member_serious_illness').selectAll().where('member_id', '=', memberId).where('until', 'is', null).forUpdate().executeTakeFirst();
}

export async function insertIllness(db: Executor, values: { member_id: number; since: string; note: string; decision_id: number | null; recorded_by: number | null }) {
  return db.insertInto('member_serious_illness').values({ ...values, until: null, ended_by: null }).returning(['id', 'member_id', 'since', 'until', 'note']).executeTakeFirstOrThrow();
}

export async function endIllness(db: Executor, id: number, until: string, endedBy: number | null) {
  return db.updateTable('member_serious_illness').set({ until, ended_by: endedBy }).where('id', '=', id).returning(['id', 'member_id', 'since', 'until', 'note']).executeTakeFirstOrThrow();
}
