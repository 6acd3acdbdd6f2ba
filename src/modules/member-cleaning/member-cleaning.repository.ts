/**
 * The data-cleaning worklist in SQL: every kind of problem is one set-based query over the members in scope (no query
 * per member), joined with the officers' decisions. An issue is (kind, key) per unit, with its members, the facts
 * (details) and a fingerprint of those facts: a decision taken on other facts no longer closes the issue.
 */
import { sql, type RawBuilder } from 'kysely';
import { escapeLike } from '../../access/scope.ts';
import { pathInScope, type Executor, type Scope } from '../../kernel/index.ts';
import { CLEANING_REQUIRED_FIELDS, type CleaningIssueKind } from '../../contracts/member-import.ts';

export interface IssueScope {
  /** The caller's subtrees (read or write scope). */
  scope: Scope;
  /** Only members whose unit lies under this path (a unit's subtree). */
  underPath?: string;
  /** Narrowing for one issue: one member, or one name + birth date group. */
  memberId?: number;
  nameBirth?: { nameFolded: string; birthDate: string };
}

/** Thresholds of the rules in force on a date, as a SQL CASE over the rule sets (each keeps its effective date). */
export interface DatedThresholds {
  /** [effectiveFrom, value] pairs, ascending. */
  minAdmissionAgeMonths: readonly [string, number][];
  maxAdmissionAgeMonths: readonly [string, number][];
  probationMonths: readonly [string, number][];
}

function byDate(column: RawBuilder<unknown>, pairs: readonly [string, number][]): RawBuilder<number> {
  const cases = [...pairs].reverse().map(([from, value]) => sql`when ${column} >= ${from}::date then ${value}::int`);
  return sql<number>`(case ${sql.join(cases, sql` `)} else ${pairs[0][1]}::int end)`;
}

export interface IssueRow {
  kind: CleaningIssueKind;
  issue_key: string;
  unit_id: number;
  member_ids: number[];
  details: Record<string, unknown>;
  fingerprint: string;
  resolution: 'resolved' | 'not_a_problem' | null;
  note: string | null;
  resolved_at: Date | null;
  resolved_by: number | null;
  resolution_current: boolean | null;
}

const ACTIVE = sql`('probationary', 'official', 'exempted')`;

/** Member columns behind CLEANING_REQUIRED_FIELDS; an official member must also have an official date. */
const REQUIRED_COLUMNS: Record<(typeof CLEANING_REQUIRED_FIELDS)[number], string> = {
  citizenId: 'citizen_id', ethnicity: 'ethnicity', religion: 'religion', hometown: 'hometown', educationLevel: 'education_level',
  theoryLevel: 'theory_level', admissionDate: 'admission_date',
};

const missingChecks = [
  ...CLEANING_REQUIRED_FIELDS.map((field) => {
    const column = sql.ref(`m.${REQUIRED_COLUMNS[field]}`);
    return { field, missing: field === 'admissionDate' ? sql`${column} is null` : sql`(${column} is null or ${column}::text = '')` };
  }),
  { field: 'officialDate', missing: sql`(m.status = 'official' and m.official_date is null)` },
].sort((a, b) => a.field.localeCompare(b.field));

function issuesCte(scope: IssueScope, rules: DatedThresholds, provinceCodes: readonly string[]) {
  // A merged duplicate is settled: it raises no issue and makes no group.
  const filters = [pathInScope('m.scope_path', scope.scope), sql`m.status <> 'merged'`];
  if (scope.underPath) filters.push(sql`m.scope_path like ${escapeLike(scope.underPath) + '%'}`);
  if (scope.memberId !== undefined) filters.push(sql`m.id = ${scope.memberId}`);
  if (scope.nameBirth) filters.push(sql`m.name_folded = ${scope.nameBirth.nameFolded} and m.birth_date = ${scope.nameBirth.birthDate}::date`);
  const admissionAgeMonths = sql`(extract(year from age(m.admission_date, m.birth_date)) * 12 + extract(month from age(m.admission_date, m.birth_date)))::int`;
  const minAge = byDate(sql`m.admission_date`, rules.minAdmissionAgeMonths);
  const maxAge = byDate(sql`m.admission_date`, rules.maxAdmissionAgeMonths);
  const probationStart = sql`coalesce(m.probation_start, m.admission_date)`;
  const probationMonths = byDate(probationStart, rules.probationMonths);
  const centuryBase = sql`(case substr(m.citizen_id, 4, 1) when '0' then 1900 when '1' then 1900 when '2' then 2000 when '3' then 2000
    when '4' then 2100 when '5' then 2100 when '6' then 2200 when '7' then 2200 else 1800 end)`;
  return sql`
    scoped as materialized (
      select m.id, m.unit_id, m.name_folded, m.birth_date, m.sex, m.status, m.status_since, m.citizen_id, m.ethnicity, m.religion,
        m.hometown, m.education_level, m.theory_level, m.admission_date, m.probation_start, m.official_date
      from members m where ${sql.join(filters, sql` and `)}
    ),
    name_groups as (
      select s.name_folded, s.birth_date from scoped s
      where exists (select 1 from members o where o.name_folded = s.name_folded and o.birth_date = s.birth_date and o.id <> s.id and o.status <> 'merged')
      group by 1, 2
    ),
    issues as (
      -- One issue per group, listing every record of it the caller may see (wherever it is placed), so each
      -- record involved is linked from the issue; it is listed under the first unit of the group in view.
      select 'duplicate_name_birth'::text as kind, 'name_birth:' || g.name_folded || '|' || g.birth_date as issue_key, min(s.unit_id) as unit_id,
        (select array_agg(o.id order by o.id) from members o where o.name_folded = g.name_folded and o.birth_date = g.birth_date
          and o.status <> 'merged' and ${pathInScope('o.scope_path', scope.scope)}) as member_ids,
        jsonb_build_object('totalMembers', (select count(*) from members o where o.name_folded = g.name_folded and o.birth_date = g.birth_date and o.status <> 'merged')) as details,
        (select md5(string_agg(o.id::text, ',' order by o.id)) from members o where o.name_folded = g.name_folded and o.birth_date = g.birth_date and o.status <> 'merged') as fingerprint
      from name_groups g join scoped s on s.name_folded = g.name_folded and s.birth_date = g.birth_date
      group by g.name_folded, g.birth_date
      union all
      select 'citizen_id_mismatch', 'citizen_id_mismatch:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('citizenId', m.citizen_id, 'sex', m.sex, 'birthDate', m.birth_date,
          'province', substr(m.citizen_id, 1, 3) = any(${provinceCodes}::text[]),
          'sexMatches', (substr(m.citizen_id, 4, 1)::int % 2 = 0) = (m.sex = 'male'),
          'yearMatches', ${centuryBase} + substr(m.citizen_id, 5, 2)::int = extract(year from m.birth_date)::int), null
      from scoped m
      where m.citizen_id ~ '^[0-9]{12}$' and (
        not (substr(m.citizen_id, 1, 3) = any(${provinceCodes}::text[]))
        or (substr(m.citizen_id, 4, 1)::int % 2 = 0) <> (m.sex = 'male')
        or ${centuryBase} + substr(m.citizen_id, 5, 2)::int <> extract(year from m.birth_date)::int)
      union all
      select 'missing_fields', 'missing_fields:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('fields', to_jsonb(array_remove(array[${sql.join(missingChecks.map(({ field, missing }) => sql`case when ${missing} then ${field}::text end`))}], null))), null
      from scoped m
      where m.status in ${ACTIVE} and (${sql.join(missingChecks.map(({ missing }) => missing), sql` or `)})
      union all
      select 'dissolved_unit', 'dissolved_unit:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('unitEndedOn', u.ended_on, 'endReason', u.end_reason), null
      from scoped m join org_units u on u.id = m.unit_id
      where m.status in ${ACTIVE} and u.ended_on is not null
      union all
      -- Điều lệ Đảng 2011 ch. V Art. 21: a member belongs to a cell. Migration 0026 refuses new such placements;
      -- this finds those old data holds (the unit's current version is a committee or another non-cell kind).
      select 'unit_not_a_cell', 'unit_not_a_cell:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('unitKind', v.kind, 'kindSince', v.valid_from,
          'decisionId', (select b.decision_id from restructure_batches b where b.id = v.batch_id)), null
      from scoped m join org_unit_versions v on v.unit_id = m.unit_id and v.valid_to is null and v.voided_by_batch_id is null
      where m.status in ${ACTIVE} and v.kind not in ('cell', 'grassroots_cell')
      union all
      select 'admission_age', 'admission_age:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('admissionDate', m.admission_date, 'birthDate', m.birth_date, 'ageMonths', ${admissionAgeMonths},
          'reason', case when ${admissionAgeMonths} < ${minAge} then 'under_age' else 'over_age_without_consent' end), null
      from scoped m
      -- "age in whole months < N" is "admitted before the N-month birthday": date arithmetic, no age() per member.
      where m.admission_date is not null and (m.admission_date < m.birth_date + make_interval(months => ${minAge})
        or (m.admission_date >= m.birth_date + make_interval(months => ${maxAge} + 1)
        and not exists (select 1 from member_events e where e.member_id = m.id and e.kind in ('admission', 'readmission')
          and e.voided_by_event_id is null and coalesce(e.payload->>'ageConsentDecisionId', e.payload->>'consentDecisionId') is not null)))
      union all
      select 'official_date_mismatch', 'official_date_mismatch:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('probationStart', ${probationStart}, 'officialDate', m.official_date,
          'expected', (${probationStart} + make_interval(months => ${probationMonths}))::date), null
      from scoped m
      where m.official_date is not null and ${probationStart} is not null and m.official_date <> (${probationStart} + make_interval(months => ${probationMonths}))::date
      union all
      select 'death_before_admission', 'death_before_admission:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('diedOn', m.status_since, 'admissionDate', m.admission_date), null
      from scoped m
      where m.status = 'deceased' and m.admission_date is not null and m.status_since < m.admission_date
      union all
      select 'date_order', 'date_order:' || m.id, m.unit_id, array[m.id],
        jsonb_build_object('birthDate', m.birth_date, 'admissionDate', m.admission_date, 'probationStart', m.probation_start, 'officialDate', m.official_date), null
      from scoped m
      where m.admission_date < m.birth_date or m.probation_start < m.admission_date or m.official_date < m.probation_start
    ),
    listed as (
      select i.kind, i.issue_key, i.unit_id, i.member_ids, i.details, coalesce(i.fingerprint, md5(i.details::text)) as fingerprint
      from issues i
    ),
    joined as (
      select l.*, r.resolution, r.note, r.resolved_at, r.resolved_by, r.fingerprint = l.fingerprint as resolution_current
      from listed l
      left join member_cleaning_resolutions r on r.kind = l.kind and r.issue_key = l.issue_key and r.superseded_at is null
    )`;
}

function stateFilter(state: 'open' | 'resolved' | 'all') {
  if (state === 'open') return sql`(j.resolution is null or not j.resolution_current)`;
  if (state === 'resolved') return sql`(j.resolution is not null and j.resolution_current)`;
  return sql`true`;
}

export async function listIssues(db: Executor, input: {
  scope: IssueScope; rules: DatedThresholds; provinceCodes: readonly string[]; kind?: CleaningIssueKind; key?: string;
  state: 'open' | 'resolved' | 'all'; limit: number; offset: number;
}): Promise<IssueRow[]> {
  const filters = [stateFilter(input.state)];
  if (input.kind) filters.push(sql`j.kind = ${input.kind}`);
  if (input.key) filters.push(sql`j.issue_key = ${input.key}`);
  const result = await sql<IssueRow>`
    with ${issuesCte(input.scope, input.rules, input.provinceCodes)}
    select j.* from joined j where ${sql.join(filters, sql` and `)}
    order by j.unit_id, j.kind, j.issue_key
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return result.rows.map((row) => ({ ...row, member_ids: row.member_ids.map(Number) }));
}

/**
 * One page of the worklist and the counts by kind (over every kind, whatever the page's kind filter), in one
 * statement: the issues are computed once per request, not once for the page and again for the counts.
 */
export async function listIssuesWithCounts(db: Executor, input: {
  scope: IssueScope; rules: DatedThresholds; provinceCodes: readonly string[]; kind?: CleaningIssueKind;
  state: 'open' | 'resolved' | 'all'; limit: number; offset: number;
}): Promise<{ rows: IssueRow[]; counts: { kind: CleaningIssueKind; n: number }[] }> {
  const result = await sql<{ counts: { kind: CleaningIssueKind; n: number }[]; items: (Omit<IssueRow, 'resolved_at'> & { resolved_at: string | null })[] }>`
    with ${issuesCte(input.scope, input.rules, input.provinceCodes)},
    filtered as materialized (select j.* from joined j where ${stateFilter(input.state)}),
    page as (
      select f.* from filtered f where ${input.kind ? sql`f.kind = ${input.kind}` : sql`true`}
      order by f.unit_id, f.kind, f.issue_key limit ${input.limit} offset ${input.offset}
    )
    select
      (select coalesce(json_agg(json_build_object('kind', c.kind, 'n', c.n)), '[]'::json)
         from (select f.kind, count(*)::int as n from filtered f group by f.kind) c) as counts,
      (select coalesce(json_agg(p order by p.unit_id, p.kind, p.issue_key), '[]'::json) from page p) as items`.execute(db);
  const { counts, items } = result.rows[0];
  return {
    counts,
    rows: items.map((row) => ({ ...row, unit_id: Number(row.unit_id), member_ids: row.member_ids.map(Number), resolved_at: row.resolved_at ? new Date(row.resolved_at) : null })),
  };
}

export async function countIssues(db: Executor, input: { scope: IssueScope; rules: DatedThresholds; provinceCodes: readonly string[]; state: 'open' | 'resolved' | 'all' }) {
  const result = await sql<{ kind: CleaningIssueKind; n: number }>`
    with ${issuesCte(input.scope, input.rules, input.provinceCodes)}
    select j.kind, count(*)::int as n from joined j where ${stateFilter(input.state)} group by j.kind`.execute(db);
  return result.rows;
}

export async function membersByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('members').select(['id', 'full_name', 'birth_date', 'unit_id']).where('id', 'in', [...new Set(ids)]).execute();
}

/** Records a decision on an issue, superseding the current one. */
export async function insertResolution(db: Executor, input: {
  kind: CleaningIssueKind; key: string; memberId: number; resolution: 'resolved' | 'not_a_problem'; note: string; fingerprint: string; accountId: number;
}) {
  await db.updateTable('member_cleaning_resolutions').set({ superseded_at: new Date() })
    .where('kind', '=', input.kind).where('issue_key', '=', input.key).where('superseded_at', 'is', null).execute();
  return db.insertInto('member_cleaning_resolutions').values({
    kind: input.kind, issue_key: input.key, member_id: input.memberId, resolution: input.resolution, note: input.note,
    fingerprint: input.fingerprint, resolved_by: input.accountId, superseded_at: null,
  }).returning(['id', 'resolved_at']).executeTakeFirstOrThrow();
}
