/**
 * What the admission pipeline counts for the reports (issue 12's statistics sources; issue 13; DOMAIN.md §8): the
 * candidates on a date, and over a period the admissions (by the candidate's source and the sector of the grassroots
 * organization of the admitting cell, as the reports quote "283 students and 1,061 people from private enterprises
 * admitted"), recognitions,
 * extensions, refusals and the awareness course's participants (a failed cell vote, or not recognized after probation). Each fact counts in the cell that
 * proposed the file, on the tree as it stood on the fact's date, in the scope asked. An admission's date is the signing
 * date of the admission decision, once the ceremony is recorded (DOMAIN.md §2: party age counts from it; `admitMember`
 * dates the registry's admission by it), so `admitted` here and the registry's `admitted` count the same people on the
 * same days. The courses closed in the period
 * and their participants ("14 courses for 808 candidates") count in the organizing unit, on the tree as it stood on
 * the closing date.
 */
import { sql, type RawBuilder } from 'kysely';
import type { StatisticsAsk, StatisticsDimension, StatisticsPersonRow, StatisticsPick, StatisticsRow, StatisticsSource } from '../../http/context.ts';
import { pathInScope, versionInForce, type Executor } from '../../kernel/index.ts';
import { CANDIDATE_SOURCES, CANDIDATE_SOURCE_LABELS } from '../../contracts/admissions.ts';
import { ORG_SECTORS } from '../../contracts/org-kinds.ts';

const UNKNOWN = { key: 'unknown', label: { vi: 'Chưa ghi', en: 'Not recorded' } };
const DIMENSIONS: readonly StatisticsDimension[] = [
  { key: 'source', label: { vi: 'Nguồn kết nạp', en: 'Source' }, values: CANDIDATE_SOURCES.map((key) => ({ key, label: CANDIDATE_SOURCE_LABELS[key] })) },
  { key: 'sector', label: { vi: 'Loại hình tổ chức cơ sở', en: 'Sector' }, values: [...Object.entries(ORG_SECTORS).map(([key, label]) => ({ key, label })), UNKNOWN] },
];
const DIMENSION_KEYS = DIMENSIONS.map((dimension) => dimension.key);

/**
 * The admission itself: the decision's step of a file whose ceremony is recorded, dated by the decision's signing date
 * (the registry's admission event has that date and the proposing cell; a decision whose ceremony is not recorded yet
 * admits no one, in the registry either).
 */
const ADMISSION = sql`(s.step = 'admission_decision' and exists (select 1 from admission_steps x where x.candidate_id = s.candidate_id and x.step = 'ceremony'))`;
/** A file no longer in progress on the step's date: admitted, withdrawn, or its cell's vote failed. */
const CLOSES_FILE = sql`(${ADMISSION} or s.step = 'withdrawal' or (s.step = 'cell_vote' and not coalesce((s.payload->>'passed')::boolean, false)))`;

/** Flows: the measure and the steps it counts (a vote only when it failed). */
const FLOWS = [
  { key: 'admitted', label: { vi: 'Kết nạp (theo ngày ký quyết định kết nạp)', en: "Admitted (on the admission decision's date)" }, where: ADMISSION },
  // On the recognition decision's date, as the pipeline records it; the registry's `recognized` counts the same
  // members on the day their probation ended (DOMAIN.md §2), so a decision signed late falls in another period there.
  { key: 'recognized', label: { vi: 'Công nhận chính thức (theo ngày ký quyết định)', en: "Recognized as official (on the decision's date)" }, where: sql`s.step = 'recognition'` },
  { key: 'extended', label: { vi: 'Gia hạn xét công nhận', en: 'Recognition extended' }, where: sql`s.step = 'recognition_extension'` },
  {
    key: 'refused', label: { vi: 'Không kết nạp, không công nhận', en: 'Refused (vote failed, or not recognized)' },
    where: sql`(s.step = 'probation_refusal' or (s.step = 'cell_vote' and not coalesce((s.payload->>'passed')::boolean, false)))`,
  },
] as const;

/**
 * The sector of the grassroots organization (the unit's own, else its nearest ancestor's that has one, on the date:
 * cells carry none), as the organizations form counts them; `v` is the unit's version on that date.
 */
function sectorSql(date: RawBuilder<unknown> | string): RawBuilder<unknown> {
  return sql`coalesce(org_grassroots_sector(v.path, ${typeof date === 'string' ? sql`${date}::date` : date}), 'unknown')`;
}

function valueSql(by: string | null, date: RawBuilder<unknown> | string): RawBuilder<unknown> {
  if (by === 'source') return sql`c.source`;
  if (by === 'sector') return sectorSql(date);
  return sql`null::text`;
}

function childSql(prefix: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`nullif(split_part(substr(v.path, length(${prefix}) + 1), '/', 1), '')::bigint`;
}

/** Groups (measure, child, value) counts into what the ask wants: totals, by value, by child, both. */
function rollUp(rows: readonly { measure: string; child: number | null; value: string | null; n: number }[], ask: StatisticsAsk): StatisticsRow[] {
  const totals = new Map<string, StatisticsRow>();
  const add = (measure: string, value: string | null, unitId: number | null, n: number) => {
    const key = `${measure}|${value}|${unitId}`;
    const row = totals.get(key) ?? { measure, value, unitId, count: 0 };
    row.count += n;
    totals.set(key, row);
  };
  for (const row of rows) {
    add(row.measure, null, null, row.n);
    if (ask.by !== null) add(row.measure, row.value, null, row.n);
    if (ask.children && row.child !== null) {
      add(row.measure, null, Number(row.child), row.n);
      if (ask.by !== null) add(row.measure, row.value, Number(row.child), row.n);
    }
  }
  return [...totals.values()];
}

/** Files open on the date: proposed by then, neither admitted nor closed by then. */
async function stocks(db: Executor, ask: StatisticsAsk, date: string): Promise<StatisticsRow[]> {
  const unit = await sql<{ path: string }>`select path from org_unit_versions u where u.unit_id = ${ask.unitId} and ${versionInForce('u', date)}`.execute(db);
  const prefix = unit.rows[0]?.path;
  if (!prefix) return [];
  const result = await sql<{ measure: string; child: number | null; value: string | null; n: number }>`
    select 'candidates' as measure, ${childSql(sql`${prefix}::text`)} as child, ${valueSql(ask.by, date)} as value, count(*)::int as n
    from admission_candidates c
    join org_unit_versions v on v.unit_id = c.unit_id and ${versionInForce('v', date)}
    join org_units u on u.id = c.unit_id
    where c.candidate_since <= ${date}::date and left(v.path, ${prefix.length}) = ${prefix} and ${pathInScope('u.scope_path', ask.scope)}
      and not exists (select 1 from admission_steps s where s.candidate_id = c.id and s.effective_date <= ${date}::date and ${CLOSES_FILE})
    group by 1, 2, 3`.execute(db);
  return rollUp(result.rows, ask);
}

/** The steps over [from, to] in cells that lay under the unit on each step's date. */
async function flows(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]> {
  const measure = sql`case ${sql.join(FLOWS.map((flow) => sql`when ${flow.where} then ${flow.key}`), sql` `)} end`;
  const result = await sql<{ measure: string; child: number | null; value: string | null; n: number }>`
    select measure, child, value, count(*)::int as n from (
      select ${measure} as measure, ${childSql(sql`vu.path`)} as child, ${valueSql(ask.by, sql`s.effective_date`)} as value
      from admission_steps s
      join admission_candidates c on c.id = s.candidate_id
      join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', sql`s.effective_date`)}
      join org_unit_versions v on v.unit_id = c.unit_id and ${versionInForce('v', sql`s.effective_date`)}
      join org_units u on u.id = c.unit_id
      where s.effective_date between ${from}::date and ${to}::date and left(v.path, length(vu.path)) = vu.path
        and ${pathInScope('u.scope_path', ask.scope)}) facts
    where measure is not null
    group by 1, 2, 3
    union all
    select 'courseCompleted', ${childSql(sql`vu.path`)}, ${valueSql(ask.by, sql`c.course_completed_on`)}, count(*)::int
    from admission_candidates c
    join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', sql`c.course_completed_on`)}
    join org_unit_versions v on v.unit_id = c.unit_id and ${versionInForce('v', sql`c.course_completed_on`)}
    join org_units u on u.id = c.unit_id
    where c.course_completed_on between ${from}::date and ${to}::date and left(v.path, length(vu.path)) = vu.path
      and ${pathInScope('u.scope_path', ask.scope)}
    group by 1, 2, 3`.execute(db);
  return [...rollUp(result.rows, ask), ...await courseFlows(db, ask, from, to)];
}

/**
 * The courses closed over [from, to] by units that lay under the asked unit on the closing date, and their
 * participants (not voided, whatever their result); both by the organizing unit's sector on that date, the
 * participants also by the candidate's source (a course has none: asked by source, it gives its total only).
 */
async function courseFlows(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]> {
  const courseValue = ask.by === 'sector' ? sectorSql(sql`k.closed_on`) : sql`null::text`;
  const participantValue = ask.by === 'sector' ? sectorSql(sql`k.closed_on`) : ask.by === 'source' ? sql`c.source` : sql`null::text`;
  const closedUnder = sql`
    join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', sql`k.closed_on`)}
    join org_unit_versions v on v.unit_id = k.unit_id and ${versionInForce('v', sql`k.closed_on`)}
    join org_units u on u.id = k.unit_id
    where k.status = 'closed' and k.closed_on between ${from}::date and ${to}::date and left(v.path, length(vu.path)) = vu.path
      and ${pathInScope('u.scope_path', ask.scope)}`;
  const result = await sql<{ measure: string; child: number | null; value: string | null; n: number }>`
    select 'courses' as measure, ${childSql(sql`vu.path`)} as child, ${courseValue} as value, count(*)::int as n
    from admission_courses k ${closedUnder}
    group by 1, 2, 3
    union all
    select 'courseParticipants', ${childSql(sql`vu.path`)}, ${participantValue}, count(*)::int
    from admission_course_participants p
    join admission_courses k on k.id = p.course_id
    join admission_candidates c on c.id = p.candidate_id ${closedUnder} and p.voided_at is null
    group by 1, 2, 3`.execute(db);
  const courses = result.rows.filter((row) => row.measure === 'courses');
  return [
    ...rollUp(courses, ask.by === 'sector' ? ask : { ...ask, by: null }),
    ...rollUp(result.rows.filter((row) => row.measure !== 'courses'), ask),
  ];
}

/**
 * The candidates one figure counts (drill-down to people), each once, by file id after `page.after`: the same facts
 * and conditions as the counts above, filtered to the figure's measure and value. Each opens their admission file.
 */
async function people(db: Executor, ask: StatisticsAsk, pick: StatisticsPick, page: { after: number; limit: number }): Promise<StatisticsPersonRow[]> {
  const valueIs = (date: RawBuilder<unknown> | string) => (pick.value === null ? sql`true` : sql`${valueSql(ask.by, date)} = ${pick.value}`);
  const inScope = sql`${pathInScope('u.scope_path', ask.scope)} and c.id > ${page.after}`;
  let facts: RawBuilder<unknown>;
  if (pick.kind === 'stock') {
    if (pick.measure !== 'candidates') return [];
    facts = sql`
      select c.id, c.unit_id as cell_id, ${pick.date}::date as date
      from admission_candidates c
      join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', pick.date)}
      join org_unit_versions v on v.unit_id = c.unit_id and ${versionInForce('v', pick.date)}
      join org_units u on u.id = c.unit_id
      where c.candidate_since <= ${pick.date}::date and left(v.path, length(vu.path)) = vu.path and ${valueIs(pick.date)} and ${inScope}
        and not exists (select 1 from admission_steps s where s.candidate_id = c.id and s.effective_date <= ${pick.date}::date and ${CLOSES_FILE})`;
  } else {
    const flow = FLOWS.find((candidate) => candidate.key === pick.measure);
    const under = (date: RawBuilder<string>) => sql`
      join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', date)}
      join org_unit_versions v on v.unit_id = c.unit_id and ${versionInForce('v', date)}
      join org_units u on u.id = c.unit_id`;
    if (flow) {
      facts = sql`
        select c.id, c.unit_id as cell_id, s.effective_date as date
        from admission_steps s join admission_candidates c on c.id = s.candidate_id ${under(sql<string>`s.effective_date`)}
        where ${flow.where} and s.effective_date between ${pick.from}::date and ${pick.to}::date and left(v.path, length(vu.path)) = vu.path and ${valueIs(sql`s.effective_date`)} and ${inScope}`;
    } else if (pick.measure === 'courseCompleted') {
      facts = sql`
        select c.id, c.unit_id as cell_id, c.course_completed_on as date
        from admission_candidates c ${under(sql<string>`c.course_completed_on`)}
        where c.course_completed_on between ${pick.from}::date and ${pick.to}::date and left(v.path, length(vu.path)) = vu.path and ${valueIs(sql`c.course_completed_on`)} and ${inScope}`;
    } else if (pick.measure === 'courseParticipants') {
      // Counted in the organizing unit: its version on the closing date lies under the asked unit; by sector, its sector.
      const participantValue = pick.value === null ? sql`true` : ask.by === 'source' ? sql`c.source = ${pick.value}` : sql`${sectorSql(sql`k.closed_on`)} = ${pick.value}`;
      facts = sql`
        select c.id, c.unit_id as cell_id, k.closed_on as date
        from admission_course_participants p
        join admission_courses k on k.id = p.course_id
        join admission_candidates c on c.id = p.candidate_id
        join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', sql`k.closed_on`)}
        join org_unit_versions v on v.unit_id = k.unit_id and ${versionInForce('v', sql`k.closed_on`)}
        join org_units u on u.id = k.unit_id
        where k.status = 'closed' and p.voided_at is null and k.closed_on between ${pick.from}::date and ${pick.to}::date
          and left(v.path, length(vu.path)) = vu.path and ${participantValue} and ${inScope}`;
    } else {
      return [];
    }
  }
  const result = await sql<{ id: number; cell_id: number; date: string; full_name: string; birth_date: string; sex: string }>`
    select distinct on (f.id) f.id, f.cell_id, f.date::text as date, c.full_name, c.birth_date::text as birth_date, c.sex
    from (${facts}) f join admission_candidates c on c.id = f.id
    order by f.id, f.date limit ${page.limit}`.execute(db);
  return result.rows.map((row) => ({
    id: Number(row.id), fullName: row.full_name, birthDate: row.birth_date, sex: row.sex, cellId: Number(row.cell_id), date: row.date, link: `/admissions/${row.id}`,
  }));
}

export const admissionStatistics: StatisticsSource = {
  key: 'admissions',
  label: { vi: 'Phát triển đảng viên', en: 'Admissions' },
  measures: [
    { key: 'candidates', kind: 'stock', label: { vi: 'Quần chúng ưu tú đang xem xét', en: 'Candidates in progress' }, dimensions: DIMENSION_KEYS },
    ...FLOWS.map((flow) => ({ key: flow.key, kind: 'flow' as const, label: flow.label, dimensions: DIMENSION_KEYS })),
    // The candidates whose awareness course ended in the period (entered directly or by a course's closing), counted
    // at the course's end in the cell that proposed them.
    { key: 'courseCompleted', kind: 'flow', label: { vi: 'Quần chúng học xong lớp bồi dưỡng nhận thức về Đảng', en: 'Candidates who completed the awareness course' }, dimensions: DIMENSION_KEYS },
    // The courses closed in the period and their participants, in the organizing unit (a course has no source).
    { key: 'courses', kind: 'flow', label: { vi: 'Lớp bồi dưỡng nhận thức về Đảng đã bế giảng', en: 'Awareness courses closed' }, dimensions: ['sector'], countsPeople: false },
    { key: 'courseParticipants', kind: 'flow', label: { vi: 'Học viên các lớp bồi dưỡng nhận thức về Đảng đã bế giảng', en: 'Participants of the awareness courses closed' }, dimensions: DIMENSION_KEYS },
  ],
  dimensions: () => DIMENSIONS,
  stocks,
  flows,
  people,
};
