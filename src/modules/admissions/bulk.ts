/**
 * The bulk writer of the admission tables (files, steps, forms, introducers, courses), set-based: the demo's pipelines
 * (`insertDemoPipelines`: realistic files at every stage, drawn from the registry the demo wrote) and, for the
 * benchmark's top-up, synthetic files without steps (`insertSyntheticFiles`).
 */
import { CompiledQuery, sql } from 'kysely';
import { workingCalendarOf, writeJournalFrom, type Tx } from '../../kernel/index.ts';
import { CANDIDATE_SOURCES } from '../../contracts/admissions.ts';
import { addDays } from '../../lib/dates.ts';
import { lifecycleRulesFor, probationEndDate } from '../../rules/member-lifecycle.ts';
import type { WorkingCalendar } from '../../rules/working-days.ts';
import { insertDecisionsFrom, reserveDecisionIds } from '../decisions/index.ts';
import { admissionDecisionDue, ceremonyDue, reviewDue } from './pipeline.ts';

/** The stages a file in progress can be at, with the next step, whom it waits on, and whether it has a deadline. */
const STAGES = [
  ['file', 'cell_vote', 'cell', false],
  ['cell_vote', 'grassroots_resolution', 'grassroots', true],
  ['grassroots_resolution', 'admission_decision', 'competent_level', true],
  ['admission_decision', 'ceremony', 'cell', true],
  ['ceremony', 'probation_review', 'cell', true],
  ['probation_review', 'recognition', 'competent_level', true],
] as const;

/**
 * Inserts `count` files in progress over `cellIds` (round robin), at every stage in turn, their deadlines spread over
 * the 120 days around `today`. Returns the number written. Synthetic people: no registry record is made for them.
 */
export async function insertSyntheticFiles(tx: Tx, input: { cellIds: readonly number[]; count: number; today: string; seed?: number }): Promise<number> {
  if (input.cellIds.length === 0 || input.count <= 0) return 0;
  const stages = STAGES.map(([stage]) => stage);
  const result = await sql`
    insert into admission_candidates (unit_id, full_name, name_folded, sex, birth_date, person, candidate_since, source, stage, next_step, due_by, waiting_on, status)
    select cells.ids[1 + (g % array_length(cells.ids, 1))], 'Quần chúng ' || g, 'quan chung ' || g, 'male', date '1995-01-01' + (g % 3000),
      jsonb_build_object('fullName', 'Quần chúng ' || g, 'sex', 'male', 'birthDate', (date '1995-01-01' + (g % 3000))::text),
      ${input.today}::date - 400, (${sql.val([...CANDIDATE_SOURCES])}::text[])[1 + (g % ${CANDIDATE_SOURCES.length})],
      (${sql.val(stages)}::text[])[1 + (g % ${stages.length})],
      (${sql.val(STAGES.map(([, next]) => next))}::text[])[1 + (g % ${stages.length})],
      case when (${sql.val(STAGES.map(([, , , due]) => due))}::boolean[])[1 + (g % ${stages.length})]
        then ${input.today}::date - 60 + ((g * 7919 + ${input.seed ?? 1}) % 120) end,
      (${sql.val(STAGES.map(([, , waiting]) => waiting))}::text[])[1 + (g % ${stages.length})],
      case when g % ${stages.length} >= 4 then 'admitted' else 'in_progress' end
    from generate_series(1, ${input.count}) g, (select ${sql.val([...input.cellIds])}::bigint[] as ids) cells`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// The demo's pipelines

export interface DemoPipelineOptions {
  today: string;
  seed: number;
  /** Files whose ceremony (or, before it, whose closing) falls on or after this date are written; default 1 January two years back. */
  since?: string;
  log?: (line: string) => void;
}

export interface DemoPipelineStats {
  files: number;
  /** Files with a next step (in progress or on probation), and those past their deadline today. */
  open: number;
  overdue: number;
  /** Files of the registry's own admissions (ceremony and beyond), linked to the member. */
  linked: number;
  /** Registry admissions in the window left without a file (their cell had no official member on the vote's date). */
  unlinked: number;
  steps: number;
  documents: number;
  introducers: number;
  decisions: number;
  /** Awareness courses (closed, or running today) and their participants. */
  courses: number;
  courseParticipants: number;
  byStage: Record<string, number>;
}

/** The rate and shares of the files the registry does not hold yet (before the ceremony). */
const ARRIVALS = {
  /** Candidates proposed a year per official member of a cell (the yearly intake is 2.5–3% of members). */
  yearlyRate: 0.03,
  /** How far back candidates were proposed (files older than this have reached their ceremony: the registry's). */
  spanDays: 540,
  failShare: 0.05,
  withdrawShare: 0.03,
} as const;

const LATE_REASONS = ['Cấp ủy họp chậm do trùng lịch công tác', 'Chờ kết quả thẩm tra lý lịch bổ sung', 'Người được xét đi công tác dài ngày', 'Cấp ủy kiện toàn nhân sự sau sắp xếp'];
const WITHDRAWAL_REASONS = ['Quần chúng chuyển nơi công tác', 'Quần chúng xin rút đơn', 'Thẩm tra lý lịch chưa đạt yêu cầu', 'Quần chúng đi học tập dài hạn ở nước ngoài'];

/** Raw SQL text with `$n` parameters on the transaction. */
async function run<R = Record<string, unknown>>(tx: Tx, text: string, values: readonly unknown[] = []): Promise<R[]> {
  const result = await tx.executeQuery<R>(CompiledQuery.raw(text, [...values]));
  return result.rows;
}

/**
 * The working days of every date of the window as a table (`adm_day`): each date's rank among working days and the
 * deadlines `pipeline.ts` gives a step on that date, so that SQL reads them instead of counting days per file.
 */
async function writeDayTable(tx: Tx, from: string, today: string): Promise<void> {
  const calendar = tabulated(await workingCalendarOf(tx), from, addDays(today, 500));
  const rows: string[] = [];
  let rank = 0;
  for (let day = from; day <= today; day = addDays(day, 1)) {
    const working = calendar.isWorkingDay(day);
    if (working) rank++;
    let next = day;
    while (!calendar.isWorkingDay(next)) next = addDays(next, 1);
    rows.push([day, rank, next, admissionDecisionDue(calendar, day), ceremonyDue(calendar, day), reviewDue(calendar, day),
      calendar.addWorkingDays(day, lifecycleRulesFor(day).recognitionDecisionWorkingDays), probationEndDate(day)].join('\t'));
  }
  await run(tx, `create temp table adm_day (d date primary key, rank int not null, next_wd date not null, decision_due date not null,
    ceremony_due date not null, review_due date not null, recognition_due date not null, prob_end date not null) on commit drop`);
  await run(tx, `insert into adm_day select f[1]::date, f[2]::int, f[3]::date, f[4]::date, f[5]::date, f[6]::date, f[7]::date, f[8]::date
    from (select string_to_array(l, E'\\t') as f from unnest(string_to_array($1, E'\\n')) as l offset 0) x`, [rows.join('\n')]);
  await run(tx, 'analyze adm_day');
}

/**
 * The calendar over [from, to] as arrays (each day's answer asked once, a working day found by its rank), for the
 * same answers as `calendar` on those days: the table asks about the same days thousands of times.
 */
function tabulated(calendar: WorkingCalendar, from: string, to: string): WorkingCalendar {
  const index = new Map<string, number>();
  const days: string[] = [];
  const ranks: number[] = [];
  const byRank: string[] = [];
  let rank = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) byRank[++rank] = day;
    index.set(day, days.length);
    days.push(day);
    ranks.push(rank);
  }
  const isWorkingDay = (date: string) => {
    const i = index.get(date);
    return i === undefined ? calendar.isWorkingDay(date) : byRank[ranks[i]] === date;
  };
  // As the calendar counts (src/rules/working-days.ts): the start day is not counted; n working days later is the
  // working day whose rank is n more than the start's.
  const addWorkingDays = (date: string, n: number) => {
    if (n === 0) return date;
    const i = index.get(date);
    const target = i === undefined || n < 0 ? undefined : byRank[ranks[i] + n];
    return target ?? calendar.addWorkingDays(date, n);
  };
  return { key: calendar.key, isWorkingDay, addWorkingDays, workingDaysBetween: (a, b) => calendar.workingDaysBetween(a, b) };
}

/**
 * The demo's admission pipelines, set-based, from the registry the demo wrote: a file for every admission of the
 * registry whose ceremony falls in the window (linked to the member, with the registry's vote date, decisions,
 * ceremony and recognition; the review in between), and the files the registry does not hold yet: candidates proposed
 * by cells over the last eighteen months at the yearly intake's rate, at every stage before the ceremony (with their
 * admission decisions written through the decisions' bulk writer), a few failed votes and withdrawals. Every step is
 * a row of `admission_steps` with the deadline it had and its lateness in working days, as `pipeline.ts` computes
 * them; votes are counted against the cell's official members on the day, from the registry; introducers are
 * official members of the cell from before the introduction to the vote; the forms are on file (no scans); the
 * awareness courses the candidates went through are objects with their participants.
 */
export async function insertDemoPipelines(tx: Tx, options: DemoPipelineOptions): Promise<DemoPipelineStats> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const step = (label: string) => log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const today = options.today;
  const since = options.since ?? `${Number(today.slice(0, 4)) - 2}-01-01`;
  const horizon = addDays(since, -420);
  const seed = options.seed;
  /** A uniform draw in [0, 1) keyed by a row and a salt. */
  const u = (key: string, salt: number) => `((abs(hashint8extended(${key}, ${seed * 97 + salt})) % 1000003)::float8 / 1000003)`;
  await writeDayTable(tx, horizon, today);
  // The registry and the tree were loaded in this transaction (their indexes possibly set aside): statistics first,
  // or the planner takes them for empty tables and joins them row by row.
  await run(tx, 'analyze org_units, org_unit_versions, member_events');
  step('working days, statistics of the tables read');

  // 1. Who was an official member of which cell when: official placements cut by the status the events give (as the
  //    registry's headcount counts them: the last status event on or before the day).
  await run(tx, `
    create temp table adm_status on commit drop as
    select x.member_id, x.f, x.t from (
      select e.member_id, e.status_after, e.effective_date as f,
        lead(e.effective_date) over (partition by e.member_id order by e.effective_date, e.id) as t
      from member_events e where e.status_after is not null and e.voided_by_event_id is null
    ) x where x.status_after = 'official' and coalesce(x.t, 'infinity') > $1::date and x.f < coalesce(x.t, 'infinity')`, [horizon]);
  await run(tx, 'analyze adm_status');
  await run(tx, `
    create temp table adm_presence on commit drop as
    select p.unit_id, p.member_id, greatest(p.valid_from, s.f) as f, least(coalesce(p.valid_to, 'infinity'), coalesce(s.t, 'infinity')) as t
    from member_placements p
    join adm_status s on s.member_id = p.member_id
    where p.kind = 'official' and p.voided_by_event_id is null and coalesce(p.valid_to, 'infinity') > $1::date
      and greatest(p.valid_from, s.f) < least(coalesce(p.valid_to, 'infinity'), coalesce(s.t, 'infinity'))`, [horizon]);
  step('presence');
  await run(tx, 'create index on adm_presence (unit_id); analyze adm_presence');
  step('official members of the cells');

  // 2. The cells that propose (open today), with what decides a file's source and who signs its decision.
  await run(tx, `
    create temp table adm_cell on commit drop as
    select u.id as unit_id, u.established_on, v.kind, v.name, coalesce(gv.sector, 'commune_ward') as sector,
      case when v.kind = 'grassroots_cell' then u.superior_id else u.grassroots_id end as issuer_id,
      (select count(*) from adm_presence p where p.unit_id = u.id and p.f <= $1::date and p.t > $1::date)::int as official_now
    from org_units u
    join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null and v.kind in ('cell', 'grassroots_cell')
    left join org_unit_versions gv on gv.unit_id = coalesce(u.grassroots_id, u.id) and gv.valid_to is null and gv.voided_by_batch_id is null
    where u.ended_on is null`, [today]);
  await run(tx, 'alter table adm_cell add primary key (unit_id); analyze adm_cell');
  step('cells');
  /** The candidate's source, from the cell (its grassroots organization's sector, a school by its name) and a draw. */
  const sourceOf = (cell: string, draw: string) => `case
    when ${cell}.name like '%Trường%' then case when ${draw} < 0.6 then 'student' when ${draw} < 0.8 then 'youth_union' else 'public_service' end
    when ${cell}.sector = 'enterprise_private' then case when ${draw} < 0.75 then 'private_enterprise' when ${draw} < 0.92 then 'youth_union' else 'other' end
    when ${cell}.sector = 'enterprise_state' then case when ${draw} < 0.8 then 'state_enterprise' else 'youth_union' end
    when ${cell}.sector = 'enterprise_fdi' then case when ${draw} < 0.85 then 'foreign_enterprise' else 'youth_union' end
    when ${cell}.sector = 'agency' then case when ${draw} < 0.85 then 'state_body' else 'youth_union' end
    when ${cell}.sector = 'public_service' then case when ${draw} < 0.7 then 'public_service' else 'youth_union' end
    when ${cell}.sector = 'armed_forces' then case when ${draw} < 0.85 then 'armed_forces' else 'youth_union' end
    else case when ${draw} < 0.45 then 'village' when ${draw} < 0.8 then 'youth_union' when ${draw} < 0.88 then 'student' when ${draw} < 0.95 then 'private_enterprise' else 'other' end end`;

  // 3. The registry's admissions with a ceremony in the window: their files, from the registry's own dates.
  await run(tx, `
    create temp table adm_linked on commit drop as
    select m.id as member_id, e.unit_id, m.full_name, m.name_folded, m.sex, m.birth_date, m.citizen_id,
      jsonb_strip_nulls(jsonb_build_object('fullName', m.full_name, 'sex', m.sex, 'birthDate', m.birth_date, 'birthplace', m.birthplace, 'hometown', m.hometown,
        'ethnicity', m.ethnicity, 'religion', m.religion, 'citizenId', m.citizen_id, 'educationLevel', m.education_level,
        'professionalLevel', m.professional_level, 'theoryLevel', m.theory_level, 'occupation', m.occupation)) as person,
      (e.payload->>'cellVoteDate')::date as vote_date, d.signed_on as dec_date, e.decision_id as dec_id, m.probation_start as cer_date,
      r.decision_id as rec_id, rd.signed_on as rec_date
    from member_events e
    join members m on m.id = e.member_id
    join decisions d on d.id = e.decision_id
    left join member_events r on r.member_id = m.id and r.kind = 'recognition' and r.voided_by_event_id is null
    left join decisions rd on rd.id = r.decision_id
    where e.kind = 'admission' and e.voided_by_event_id is null and m.probation_start >= $1::date and m.probation_start <= $2::date
      and (m.official_date is not null or m.status = 'probationary')
      and (e.payload->>'cellVoteDate')::date >= m.birth_date + interval '18 years'`, [since, today]);
  step('registry admissions read');

  // 4. Every file: the registry's (linked), then the candidates the registry does not hold yet, drawn per cell.
  await run(tx, `
    create temp table adm_draft (
      k bigint primary key, member_id bigint, unit_id bigint not null, full_name text, name_folded text, sex text, birth_date date, citizen_id text,
      person jsonb, source text not null, since date not null, vote_date date, vote_passed boolean, gr_date date, dec_date date, dec_id bigint,
      cer_date date, review_date date, rec_date date, rec_id bigint, wd_date date
    ) on commit drop`);
  await run(tx, `
    insert into adm_draft (k, member_id, unit_id, full_name, name_folded, sex, birth_date, citizen_id, person, source, since, vote_date, vote_passed,
      gr_date, dec_date, dec_id, cer_date, review_date, rec_date, rec_id)
    select l.member_id, l.member_id, l.unit_id, l.full_name, l.name_folded, l.sex, l.birth_date, l.citizen_id, l.person,
      ${sourceOf('c', u('l.member_id', 1))},
      l.vote_date - (60 + floor(${u('l.member_id', 2)} * 180))::int, l.vote_date, true,
      l.vote_date + floor(${u('l.member_id', 3)} * least(15, l.dec_date - l.vote_date))::int, l.dec_date, l.dec_id, l.cer_date,
      case when rv.review <= $1::date then rv.review end, l.rec_date, l.rec_id
    from adm_linked l
    join lateral (select coalesce(c0.name, '') as name, coalesce(c0.sector, 'commune_ward') as sector from (select 1) one left join adm_cell c0 on c0.unit_id = l.unit_id) c on true
    join adm_day pe on pe.d = l.cer_date
    cross join lateral (select greatest(pe.prob_end, least(pe.prob_end + case when ${u('l.member_id', 4)} < 0.1 then 40 + floor(${u('l.member_id', 5)} * 25)
      else floor(${u('l.member_id', 5)} * 15) end::int, coalesce(l.rec_date - 2, 'infinity'))) as review) rv
    where l.dec_date >= l.vote_date`, [today]);
  const arrivalYears = ARRIVALS.spanDays / 365;
  await run(tx, `
    insert into adm_draft (k, unit_id, source, since, vote_date, vote_passed, gr_date, dec_date, cer_date, wd_date)
    with arrival as (
      select -(c.unit_id * 1000 + g.i) as k, c.unit_id, c.name, c.sector, c.established_on,
        $1::date - 7 - floor(${u('c.unit_id * 1000 + g.i', 10)} * ${ARRIVALS.spanDays - 7})::int as since
      from adm_cell c
      cross join lateral generate_series(1, floor(c.official_now * ${ARRIVALS.yearlyRate * arrivalYears} + ${u('c.unit_id', 11)})::int) as g(i)
      where c.official_now >= 3
    ), timed as (
      select a.*, a.since + 30 + floor(${u('a.k', 12)} * 120)::int as vote_date,
        ${u('a.k', 13)} as fate, 3 + floor(${u('a.k', 14)} * 27)::int as d_gr,
        -- A quarter of the decisions and a sixth of the ceremonies come after their deadline (60 and 30 working days).
        case when ${u('a.k', 15)} < 0.25 then 80 + floor(${u('a.k', 16)} * 80) else 10 + floor(${u('a.k', 16)} * 60) end::int as d_dec,
        case when ${u('a.k', 17)} < 0.16 then 45 + floor(${u('a.k', 18)} * 45) else 5 + floor(${u('a.k', 18)} * 35) end::int as d_cer
      from arrival a where a.since >= a.established_on
    ), dated as (
      select t.*, t.vote_date + t.d_gr as gr_date, dd.next_wd as dec_date
      from timed t left join adm_day dd on dd.d = t.vote_date + t.d_gr + t.d_dec
    )
    select x.k, x.unit_id, ${sourceOf('x', u('x.k', 19))}, x.since,
      case when x.fate >= ${ARRIVALS.withdrawShare} and x.vote_date <= $1::date then x.vote_date end,
      case when x.fate >= ${ARRIVALS.withdrawShare} and x.vote_date <= $1::date then x.fate >= ${ARRIVALS.withdrawShare + ARRIVALS.failShare} end,
      case when x.fate >= ${ARRIVALS.withdrawShare + ARRIVALS.failShare} and x.gr_date <= $1::date then x.gr_date end,
      case when x.fate >= ${ARRIVALS.withdrawShare + ARRIVALS.failShare} and x.dec_date <= $1::date then x.dec_date end,
      null,
      case when x.fate < ${ARRIVALS.withdrawShare} and x.since + floor(${u('x.k', 20)} * (x.vote_date - x.since))::int <= $1::date
        then x.since + 1 + floor(${u('x.k', 20)} * (x.vote_date - x.since - 1))::int end
    from dated x
    -- Files that reached their ceremony by today are the registry's admissions (written above); failed and withdrawn
    -- ones are kept when they closed in the window.
    where not (x.fate >= ${ARRIVALS.withdrawShare + ARRIVALS.failShare} and x.dec_date is not null and x.dec_date + x.d_cer <= $1::date)
      and not (x.fate < ${ARRIVALS.withdrawShare + ARRIVALS.failShare} and x.vote_date < $2::date)`, [today, since]);
  await run(tx, 'analyze adm_draft');
  step('files drafted');

  // 5. The votes: the cell's official members on the day (the vote's cell; the review's is the member's cell then),
  //    and the pool of introducers: official members of the cell from the introduction's check to the vote.
  await run(tx, `
    create temp table adm_vote on commit drop as
    select f.k, count(*) filter (where p.f <= f.vote_date and p.t > f.vote_date)::int as n,
      (array_agg(p.member_id order by hashint8extended(p.member_id, f.k)) filter (where p.f <= f.checked_on and p.t > least(coalesce(f.vote_date, $1::date), $1::date)))[1:2] as pool
    from (select d.k, d.unit_id, d.vote_date, d.since + floor(${u('d.k', 30)} * (coalesce(d.vote_date, d.since + 90) - d.since) * 0.5)::int as checked_on from adm_draft d) f
    left join adm_presence p on p.unit_id = f.unit_id
    group by f.k`, [today]);
  await run(tx, `
    create temp table adm_review on commit drop as
    select d.k, pl.unit_id, (select count(*) from adm_presence p where p.unit_id = pl.unit_id and p.f <= d.review_date and p.t > d.review_date)::int as n
    from adm_draft d
    join member_placements pl on pl.member_id = d.member_id and pl.kind = 'official' and pl.voided_by_event_id is null
      and pl.valid_from <= d.review_date and (pl.valid_to is null or pl.valid_to > d.review_date)
    where d.review_date is not null`);
  // A file whose cell had no official member on the vote's day (a cell established since) is not written.
  const unlinked = Number((await run<{ n: number }>(tx, `
    with gone as (
      delete from adm_draft d using adm_vote v where v.k = d.k and d.vote_date is not null and (v.n = 0 or coalesce(cardinality(v.pool), 0) = 0)
      returning d.member_id
    ) select count(member_id)::int as n from gone`))[0].n);
  // A review without an official member in the member's cell that day is left unrecorded (and so is what follows it).
  await run(tx, `update adm_draft d set review_date = null, rec_date = null, rec_id = null
    where d.review_date is not null and not exists (select 1 from adm_review r where r.k = d.k and r.n > 0)`);
  step('votes counted');

  // 6. The candidates the registry does not hold: names recombined from the province's younger members (a family
  //    name from one, middle and given names from another of the candidate's sex), a birth date fitting the source.
  await run(tx, `
    create temp table adm_donor on commit drop as
    select m.province_id, m.sex, row_number() over (partition by m.province_id, m.sex order by m.id) as rn,
      row_number() over (partition by m.province_id order by m.id) as rn_all,
      split_part(m.full_name, ' ', 1) as family, split_part(m.name_folded, ' ', 1) as family_folded,
      substr(m.full_name, length(split_part(m.full_name, ' ', 1)) + 2) as rest, substr(m.name_folded, length(split_part(m.name_folded, ' ', 1)) + 2) as rest_folded,
      m.ethnicity, m.religion, m.hometown, m.birthplace, left(m.citizen_id, 3) as birth_code, m.education_level, m.professional_level
    -- One younger member in four lends a name: names enough for variety, a quarter of the sorting.
    from members m where m.birth_date >= date '1980-01-01' and position(' ' in m.full_name) > 0 and abs(hashint8extended(m.id, ${seed} + 45)) % 4 = 0`);
  await run(tx, `create index on adm_donor (province_id, sex, rn); create index on adm_donor (province_id, rn_all); analyze adm_donor`);
  await run(tx, `
    create temp table adm_donor_count on commit drop as
    select province_id, sex, count(*)::int as n, sum(count(*)) over (partition by province_id)::int as n_all from adm_donor group by 1, 2`);
  await run(tx, `
    with person as (
      select d.k, u.province_id, case when ${u('d.k', 40)} < case d.source when 'armed_forces' then 0.12 when 'student' then 0.62 when 'public_service' then 0.6 else 0.42 end
          then 'female' else 'male' end as sex,
        (d.since - (365.25 * case d.source when 'student' then 18.4 + ${u('d.k', 41)} * 4 when 'youth_union' then 18.6 + ${u('d.k', 41)} * 11
          when 'armed_forces' then 19 + ${u('d.k', 41)} * 6 when 'village' then 22 + ${u('d.k', 41)} * 24 else 22 + ${u('d.k', 41)} * 18 end)::int)::date as birth_date
      from adm_draft d join org_units u on u.id = d.unit_id where d.member_id is null
    ), named as (
      select p.*, f.family, f.family_folded, f.ethnicity, f.religion, f.hometown, f.birthplace, f.birth_code, g.rest, g.rest_folded, g.education_level, g.professional_level
      from person p
      join adm_donor_count cf on cf.province_id = p.province_id and cf.sex = p.sex
      join adm_donor f on f.province_id = p.province_id and f.rn_all = 1 + abs(hashint8extended(p.k, ${seed} + 42)) % cf.n_all
      join adm_donor g on g.province_id = p.province_id and g.sex = p.sex and g.rn = 1 + abs(hashint8extended(p.k, ${seed} + 43)) % cf.n
    ), identified as (
      select n.*, n.family || ' ' || n.rest as full_name, n.family_folded || ' ' || n.rest_folded as name_folded,
        coalesce(n.birth_code, '022') || ((case when n.birth_date >= date '2000-01-01' then 2 else 0 end) + (case when n.sex = 'female' then 1 else 0 end))::text
          || to_char(n.birth_date, 'YY') || lpad((abs(hashint8extended(n.k, ${seed} + 44)) % 1000000)::text, 6, '0') as citizen_id
      from named n
    )
    update adm_draft d set full_name = i.full_name, name_folded = i.name_folded, sex = i.sex, birth_date = i.birth_date, citizen_id = i.citizen_id,
      person = jsonb_strip_nulls(jsonb_build_object('fullName', i.full_name, 'sex', i.sex, 'birthDate', i.birth_date, 'birthplace', i.birthplace, 'hometown', i.hometown,
        'ethnicity', i.ethnicity, 'religion', i.religion, 'citizenId', i.citizen_id,
        'educationLevel', case when i.birth_date < date '1990-01-01' and i.education_level is not null then i.education_level else 'upper_secondary' end,
        'professionalLevel', case d.source when 'student' then 'none' when 'village' then coalesce(i.professional_level, 'none') else coalesce(i.professional_level, 'university') end,
        'theoryLevel', 'none',
        'occupation', case d.source when 'student' then 'student' when 'private_enterprise' then 'non_state_enterprise_worker' when 'foreign_enterprise' then 'non_state_enterprise_worker'
          when 'state_enterprise' then 'state_enterprise_worker' when 'state_body' then 'civil_servant' when 'public_service' then 'public_employee'
          when 'armed_forces' then 'army' when 'village' then 'farmer' else 'self_employed' end))
    from identified i where i.k = d.k`);
  // A citizen ID already held by a member or by another candidate is left out (the file records the person without it).
  await run(tx, `
    with taken as (
      select d.k from adm_draft d join members m on m.citizen_id = d.citizen_id where d.member_id is null
      union
      select x.k from (select k, member_id, row_number() over (partition by citizen_id order by member_id is null, k) as rn from adm_draft where citizen_id is not null) x
      where x.rn > 1 and x.member_id is null
    )
    update adm_draft d set citizen_id = null, person = d.person - 'citizenId' from taken t where t.k = d.k`);
  const missing = await run<{ n: number }>(tx, 'select count(*)::int as n from adm_draft where full_name is null');
  if (missing[0].n > 0) await run(tx, 'delete from adm_draft where full_name is null');
  step('candidates named');

  // 7. Ids from the tables' owners; admission decisions for the files whose decision is signed and ceremony not held.
  const fileCount = (await run<{ n: number }>(tx, 'select count(*)::int as n from adm_draft'))[0].n;
  const firstId = await reserveIdRange(tx, 'admission_candidates', fileCount);
  await run(tx, `
    create temp table adm_file on commit drop as
    select ($1::bigint + row_number() over (order by coalesce(d.vote_date, d.wd_date, d.since), d.k) - 1) as id, d.*,
      d.since + floor(${u('d.k', 30)} * (coalesce(d.vote_date, d.since + 90) - d.since) * 0.5)::int as checked_on,
      v.n as vote_n, v.pool, r.unit_id as review_unit, r.n as review_n,
      d.source in ('youth_union', 'student') or coalesce(cardinality(v.pool), 0) < 2 as youth,
      c.name as cell_name, c.issuer_id
    from adm_draft d
    left join adm_vote v on v.k = d.k
    left join adm_review r on r.k = d.k
    left join adm_cell c on c.unit_id = d.unit_id`, [firstId]);
  await run(tx, 'alter table adm_file add primary key (id); analyze adm_file');
  const wanted = await run<{ id: number; ord: number }>(tx, `
    select id, row_number() over (order by id)::int as ord from adm_file where member_id is null and dec_date is not null order by id`);
  const decisionIds = await reserveDecisionIds(tx, wanted.length);
  await run(tx, `
    create temp table adm_decision on commit drop as
    with wanted as (
      select f.id as file_id, ($1::bigint[])[w.ord] as id, f.dec_date, f.full_name, f.issuer_id
      from adm_file f join unnest($2::bigint[], $3::int[]) as w(file_id, ord) on w.file_id = f.id
    ), issued as (
      -- The issuers' decisions since the window's first year: the body's name as it signs.
      select d.issuing_unit_id, d.issuing_body, substring(d.number from '/([^/]+)$') as suffix, d.signed_on, d.id
      from decisions d where d.signed_on >= $4::date and d.issuing_unit_id in (select issuer_id from wanted)
    ), body as (
      select distinct on (i.issuing_unit_id) i.issuing_unit_id, i.issuing_body, i.suffix from issued i order by i.issuing_unit_id, i.signed_on desc, i.id desc
    ), named as (
      select w.*, coalesce(b.issuing_body, 'Đảng ủy ' || regexp_replace(v.name, '^Đảng bộ ', '')) as issuing_body, coalesce(b.suffix, 'ĐU') as suffix
      from wanted w
      left join body b on b.issuing_unit_id = w.issuer_id
      left join org_unit_versions v on v.unit_id = w.issuer_id and v.valid_to is null and v.voided_by_batch_id is null
    ), used as (
      -- Numbers run per body name and year (bodies of the same name elsewhere share the sequence, as the demo numbers).
      select d.issuing_body, extract(year from d.signed_on)::int as year, max(substring(d.number from '^[0-9]+')::int) as last
      from decisions d where d.signed_on >= $4::date and d.issuing_body in (select issuing_body from named) group by 1, 2
    )
    select n.*, coalesce(u.last, 0) + row_number() over (partition by n.issuing_body, extract(year from n.dec_date) order by n.dec_date, n.file_id) as number
    from named n left join used u on u.issuing_body = n.issuing_body and u.year = extract(year from n.dec_date)::int`,
  [decisionIds, wanted.map((row) => row.id), wanted.map((row) => row.ord), `${since.slice(0, 4)}-01-01`]);
  const decisions = await insertDecisionsFrom(tx, sql.raw(`
    select d.id, d.number || '-QĐ/' || d.suffix as number, d.dec_date as signed_on, d.issuing_body, d.issuer_id as issuing_unit_id, null as signer,
      'Về việc kết nạp đảng viên ' || d.full_name as subject, lower(translate(d.number || '-QĐ/' || d.suffix, 'Đđ', 'dd')) as number_folded,
      (d.dec_date + time '10:00') at time zone 'Asia/Ho_Chi_Minh' as created_at
    from adm_decision d order by d.id`));
  await run(tx, 'update adm_file f set dec_id = d.id from adm_decision d where d.file_id = f.id');
  step(`${decisions} admission decisions`);

  const courses = await writeDemoCourses(tx, today, u);
  step(`${courses.courses} awareness courses, ${courses.participants} participants`);

  // 8. The files as they stand today (the state after their last step, pipeline.ts's stateAfter). A certificate not
  //    from a course of the demo was entered on the file, from a course taken before the candidate was proposed.
  const at = (date: string) => `(${date} + time '10:00') at time zone 'Asia/Ho_Chi_Minh'`;
  const files = await insertCandidatesFrom(tx, `
    select f.id, f.unit_id, f.full_name, f.name_folded, f.sex, f.birth_date, f.citizen_id, f.person, f.since as candidate_since, f.source,
      case when k.file_id is null then 'Lớp bồi dưỡng nhận thức về Đảng khóa ' || (1 + abs(hashint8extended(f.unit_id, ${seed} + 50)) % 4) || '/' || extract(year from f.since - 20)
        when k.closed then k.course_name end as course_name,
      case when k.file_id is null then f.since - 20 when k.closed then k.closes_on end as course_completed_on,
      case when k.file_id is null then 'GCN-' || extract(year from f.since - 20) || '-' || lpad((f.id % 100000)::text, 5, '0') when k.closed then k.certificate_number end as certificate_number,
      case when k.file_id is null then (f.since - 20 + interval '60 months' - interval '1 day')::date when k.closed then k.certificate_valid_until end as certificate_valid_until,
      f.pool[1] as helper_member_id,
      case when f.rec_date is not null then 'official' when f.cer_date is not null then 'admitted' when f.vote_passed = false then 'not_admitted'
           when f.wd_date is not null then 'withdrawn' else 'in_progress' end as status,
      case when f.rec_date is not null then 'recognition' when f.review_date is not null then 'probation_review' when f.cer_date is not null then 'ceremony'
           when f.dec_date is not null then 'admission_decision' when f.gr_date is not null then 'grassroots_resolution' when f.vote_date is not null then 'cell_vote'
           when f.wd_date is not null then 'withdrawal' else 'file' end as stage,
      case when f.rec_date is not null then null when f.review_date is not null then 'recognition' when f.cer_date is not null then 'probation_review'
           when f.dec_date is not null then 'ceremony' when f.gr_date is not null then 'admission_decision'
           when f.vote_date is not null then case when f.vote_passed then 'grassroots_resolution' end
           when f.wd_date is not null then null else 'cell_vote' end as next_step,
      case when f.rec_date is not null then null when f.review_date is not null then rv.recognition_due when f.cer_date is not null then ce.review_due
           when f.dec_date is not null then de.ceremony_due when f.vote_passed then vo.decision_due end as due_by,
      case when f.rec_date is not null then null when f.review_date is not null then 'competent_level' when f.cer_date is not null then 'cell'
           when f.dec_date is not null then 'cell' when f.gr_date is not null then 'competent_level'
           when f.vote_date is not null then case when f.vote_passed then 'grassroots' end
           when f.wd_date is not null then null else 'cell' end as waiting_on,
      f.member_id, ${at('f.since')} as created_at
    from adm_file f
    left join adm_course_slot k on k.file_id = f.id
    left join adm_day vo on vo.d = f.vote_date
    left join adm_day de on de.d = f.dec_date
    left join adm_day ce on ce.d = f.cer_date
    left join adm_day rv on rv.d = f.review_date
    order by f.id`);
  if (courses.participants > 0) await insertDemoCourseParticipants(tx);
  step(`${files} files`);

  // 9. The steps, each with the deadline the file had when it was recorded and its lateness in working days.
  const rank = (date: string) => `(select dd.rank from adm_day dd where dd.d = ${date})`;
  const late = (date: string, due: string, salt: number) => `case when ${date} > ${due} then ${rank(date)} - ${rank(due)} else 0 end as late_working_days,`
    + ` case when ${date} > ${due} then (array[${LATE_REASONS.map((reason) => `'${reason}'`).join(', ')}])[1 + abs(hashint8extended(f.id, ${seed} + ${salt})) % ${LATE_REASONS.length}] end as reason`;
  const vote = (n: string, passed: string, salt: number) => {
    const needed = `ceil(${n} * 2 / 3.0)::int`;
    const absent = `floor(${u('f.id', salt)} * ${n} * 0.12)::int`;
    const against = `case when ${u('f.id', salt + 1)} < 0.2 then 1 else 0 end`;
    const votesFor = `case when ${passed} then greatest(${needed}, ${n} - ${absent} - ${against}) else greatest(0, ${needed} - 1 - floor(${u('f.id', salt + 2)} * ${needed} * 0.5)::int) end`;
    return `jsonb_build_object('votesFor', ${votesFor}, 'votesAgainst', case when ${passed} then least(${against}, ${n} - ${votesFor}) else greatest(0, ${n} - ${absent} - ${votesFor}) end,
      'passed', ${passed}, 'officialMembers', ${n}, 'needed', ${needed})`;
  };
  const steps = await insertStepsFrom(tx, `
    select * from (
      select f.id as candidate_id, 'cell_vote' as step, f.vote_date as effective_date, null::bigint as decision_id, null::date as due_by, 0 as late_working_days, null as reason,
        ${vote('f.vote_n', 'f.vote_passed', 60)} || jsonb_build_object('ageMonths', (extract(year from age(f.vote_date, f.birth_date)) * 12 + extract(month from age(f.vote_date, f.birth_date)))::int) as payload
      from adm_file f where f.vote_date is not null
      union all
      select f.id, 'grassroots_resolution', f.gr_date, null, vo.decision_due, 0, null, '{}'::jsonb
      from adm_file f join adm_day vo on vo.d = f.vote_date where f.gr_date is not null
      union all
      select f.id, 'admission_decision', f.dec_date, f.dec_id, vo.decision_due, ${late('f.dec_date', 'vo.decision_due', 70)}, '{}'::jsonb
      from adm_file f join adm_day vo on vo.d = f.vote_date where f.dec_date is not null
      union all
      select f.id, 'ceremony', f.cer_date, null, de.ceremony_due, ${late('f.cer_date', 'de.ceremony_due', 71)},
        jsonb_build_object('memberId', f.member_id, 'probationEnds', ce.prob_end, 'helperMemberId', f.pool[1])
      from adm_file f join adm_day de on de.d = f.dec_date join adm_day ce on ce.d = f.cer_date where f.cer_date is not null
      union all
      select f.id, 'probation_review', f.review_date, null, ce.review_due, ${late('f.review_date', 'ce.review_due', 72)}, ${vote('f.review_n', 'true', 63)}
      from adm_file f join adm_day ce on ce.d = f.cer_date where f.review_date is not null
      union all
      select f.id, 'recognition', f.rec_date, f.rec_id, rv.recognition_due, ${late('f.rec_date', 'rv.recognition_due', 73)}, jsonb_build_object('officialDate', ce.prob_end)
      from adm_file f join adm_day ce on ce.d = f.cer_date join adm_day rv on rv.d = f.review_date where f.rec_date is not null
      union all
      select f.id, 'withdrawal', f.wd_date, null, null, 0,
        (array[${WITHDRAWAL_REASONS.map((reason) => `'${reason}'`).join(', ')}])[1 + abs(hashint8extended(f.id, ${seed} + 74)) % ${WITHDRAWAL_REASONS.length}], '{}'::jsonb
      from adm_file f where f.wd_date is not null
    ) s order by s.effective_date, s.candidate_id`);
  step(`${steps} steps`);

  // 10. The forms on file (recorded without scans) and the introducers.
  const documents = await insertDocumentsFrom(tx, `
    select x.candidate_id, x.form, x.dated from adm_file f
    cross join lateral (values
      (f.id, '1-KNĐ', f.since),
      (f.id, '2-KNĐ', f.since + ((coalesce(f.vote_date, f.since + 90) - f.since) * 0.3)::int),
      (f.id, '3-KNĐ', case when coalesce(cardinality(f.pool), 0) > 0 then f.checked_on end),
      (f.id, '4-KNĐ', case when f.youth then f.since + ((f.checked_on - f.since) * 0.5)::int end),
      (f.id, '5-KNĐ', f.since + ((coalesce(f.vote_date, f.since + 90) - f.since) * 0.8)::int),
      (f.id, '6-KNĐ', case when f.vote_passed then f.vote_date end),
      (f.id, '8-KNĐ', f.gr_date),
      (f.id, '9-KNĐ', f.dec_date),
      (f.id, '10-KNĐ', case when f.review_date is not null then greatest(f.cer_date, f.review_date - 7) end),
      (f.id, '11-KNĐ', case when f.review_date is not null then greatest(f.cer_date, f.review_date - 5) end),
      (f.id, '12-KNĐ', case when f.review_date is not null then greatest(f.cer_date, f.review_date - 3) end),
      (f.id, '13-KNĐ', f.review_date),
      (f.id, '14-KNĐ', case when f.rec_date is not null then greatest(f.review_date, f.rec_date - 3) end),
      (f.id, '15-KNĐ', f.rec_date)) as x(candidate_id, form, dated)
    where x.dated is not null and x.dated <= least($1::date, coalesce(f.wd_date, $1::date), case when f.vote_passed = false then f.vote_date else $1::date end)
    order by x.dated, x.candidate_id`, [today]);
  const introducers = await insertIntroducersFrom(tx, `
    select * from (
      select f.id as candidate_id, 'member' as kind, f.pool[i.n] as member_id,
        (f.checked_on - interval '1 month' * (12 + floor(${u('f.id * 4 + i.n', 80)} * 60)))::date as worked_with_since,
        null::date as resolution_date, null as resolution_body, f.checked_on
      from adm_file f cross join lateral generate_series(1, case when f.youth then 1 else 2 end) as i(n)
      where f.pool[i.n] is not null and f.checked_on <= $1::date
      union all
      select f.id, 'youth_union', null, null, f.since + ((f.checked_on - f.since) * 0.5)::int,
        'Ban Chấp hành Chi đoàn ' || regexp_replace(coalesce(f.cell_name, 'cơ sở'), '^Chi bộ ', ''), f.checked_on
      from adm_file f where f.youth and f.checked_on <= $1::date
    ) x order by x.checked_on, x.candidate_id`, [today]);
  step(`${documents} forms, ${introducers} introducers`);

  await writeJournalFrom(tx, sql.raw(`
    select now() as recorded_at, null as account_id, null as request_id, 'admission.import' as action, 'org_unit' as object_type, f.unit_id as object_id,
      f.unit_id, min(f.since) as effective_date, null as decision_id, 'Hồ sơ phát triển đảng viên ban đầu (dữ liệu mẫu)' as reason, null as before,
      jsonb_build_object('files', count(*), 'linkedMembers', count(f.member_id)) as after
    from adm_file f group by f.unit_id order by f.unit_id`));
  const summary = await run<{ stage: string; n: number; open: number; overdue: number; linked: number }>(tx, `
    select stage, count(*)::int as n, count(*) filter (where next_step is not null)::int as open,
      count(*) filter (where next_step is not null and due_by < $1::date)::int as overdue, count(member_id)::int as linked
    from admission_candidates where id >= $2::bigint and id < $2::bigint + $3::bigint group by stage`, [today, firstId, fileCount]);
  const total = (key: 'open' | 'overdue' | 'linked') => summary.reduce((sum, row) => sum + row[key], 0);
  return {
    files, open: total('open'), overdue: total('overdue'), linked: total('linked'), unlinked, steps, documents, introducers, decisions,
    courses: courses.courses, courseParticipants: courses.participants,
    byStage: Object.fromEntries(summary.map((row) => [row.stage, row.n])),
  };
}

/**
 * The awareness courses the files went through (an object of the area since migration 0037): run by the committee above
 * the proposing cell's grassroots organization (today's: a commune, ward or bloc committee's political centre), a week
 * a quarter per committee with candidates. A file joins the first course closing a few days to a month after the
 * candidate is proposed, when that course closes before the cell's vote (and before a withdrawal): the certificate on the file is then the course's (name and code,
 * closing date, number, five years' validity). A course that closes after today is running, its participants the
 * files still before the vote, without results. Other files keep the certificate entered on them.
 */
async function writeDemoCourses(tx: Tx, today: string, u: (key: string, salt: number) => string): Promise<{ courses: number; participants: number }> {
  // A course a quarter per committee: a week, from the 10th to the 16th of the quarter's second month.
  const opens = (quarter: string) => `(${quarter} + interval '1 month' + interval '9 days')::date`;
  const closes = (quarter: string) => `(${quarter} + interval '1 month' + interval '15 days')::date`;
  await run(tx, `
    create temp table adm_course_slot on commit drop as
    with first as (
      select f.id as file_id, f.since, f.vote_date, f.wd_date, coalesce(ou.superior_id, ou.grassroots_id) as organizer_id,
        date_trunc('quarter', f.since + 3 + floor(${u('f.id', 90)} * 30)::int)::date as quarter, f.since + 3 + floor(${u('f.id', 90)} * 30)::int as ready
      from adm_file f join org_units ou on ou.id = f.unit_id
    ), slot as (
      -- The first course closing after the candidate is ready for it.
      select x.file_id, x.since, x.vote_date, x.wd_date, x.organizer_id,
        case when ${closes('x.quarter')} >= x.ready then x.quarter else (x.quarter + interval '3 months')::date end as quarter
      from first x
    )
    select s.*, ${closes('s.quarter')} as closes_on, ${opens('s.quarter')} as opens_on, ${closes('s.quarter')} <= $1::date as closed
    from slot s
    join org_unit_versions ov on ov.unit_id = s.organizer_id and ov.voided_by_batch_id is null and ov.valid_from <= ${opens('s.quarter')} and (ov.valid_to is null or ov.valid_to > $1::date)
      and ov.kind not in ('cell', 'grassroots_cell', 'sub_committee', 'party_group')
    where s.organizer_id is not null and (
      (${closes('s.quarter')} <= $1::date and ${closes('s.quarter')} < coalesce(s.vote_date, 'infinity') and ${closes('s.quarter')} <= coalesce(s.wd_date, 'infinity'))
      or (${closes('s.quarter')} > $1::date and ${opens('s.quarter')} <= $1::date and s.vote_date is null and s.wd_date is null))`, [today]);
  // One version of the organizer from the course's opening to today (a committee that changed since is left out).
  await run(tx, `delete from adm_course_slot a using adm_course_slot b where a.file_id = b.file_id and a.ctid > b.ctid`);
  const count = (await run<{ n: number }>(tx, 'select count(distinct (organizer_id, quarter))::int as n from adm_course_slot'))[0].n;
  if (count === 0) {
    await run(tx, `alter table adm_course_slot add column course_id bigint, add column course_name text, add column certificate_number text, add column certificate_valid_until date`);
    return { courses: 0, participants: 0 };
  }
  const firstId = await reserveIdRange(tx, 'admission_courses', count);
  await run(tx, `
    create temp table adm_course on commit drop as
    select $1::bigint + row_number() over (order by c.quarter, c.organizer_id) - 1 as id, c.organizer_id, c.quarter,
      ${opens('c.quarter')} as opens_on, ${closes('c.quarter')} as closes_on,
      row_number() over (partition by c.organizer_id, extract(year from c.quarter) order by c.quarter) || '/' || extract(year from c.quarter) as code,
      'Lớp bồi dưỡng nhận thức về Đảng quý ' || extract(quarter from c.quarter) || ' năm ' || extract(year from c.quarter) as name,
      'Trung tâm Chính trị ' || regexp_replace(v.name, '^Đảng bộ ', '') as place
    from (select distinct organizer_id, quarter from adm_course_slot) c
    left join org_unit_versions v on v.unit_id = c.organizer_id and v.valid_to is null and v.voided_by_batch_id is null`, [firstId]);
  await run(tx, `
    alter table adm_course_slot add column course_id bigint, add column course_name text, add column certificate_number text, add column certificate_valid_until date;
    update adm_course_slot s set course_id = c.id, course_name = c.name || ' (' || c.code || ')',
      certificate_number = case when s.closed then 'GCN-' || c.id || '-' || lpad(s.file_id::text, 7, '0') end,
      certificate_valid_until = case when s.closed then (s.closes_on + interval '60 months' - interval '1 day')::date end
    from adm_course c where c.organizer_id = s.organizer_id and c.quarter = s.quarter`);
  const courses = Number((await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_courses (id, unit_id, name, code, search_folded, opens_on, closes_on, place, status, closed_on, created_at)
    select c.id, c.organizer_id, c.name, c.code, fold_vi(c.name || ' ' || c.code), c.opens_on, c.closes_on, c.place,
      case when c.closes_on <= $1::date then 'closed' else 'open' end, case when c.closes_on <= $1::date then c.closes_on end,
      (c.opens_on - 20 + time '09:00') at time zone 'Asia/Ho_Chi_Minh'
    from adm_course c order by c.id`, [today]))).numAffectedRows ?? 0);
  const participants = Number((await run<{ n: number }>(tx, 'select count(*)::int as n from adm_course_slot'))[0].n);
  return { courses, participants };
}

/** The courses' participants (after the files they belong to), with their results on the closed courses. */
async function insertDemoCourseParticipants(tx: Tx): Promise<number> {
  const result = await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_course_participants (course_id, candidate_id, result, certificate_number, certificate_valid_until, applied_to_candidate, added_at)
    select s.course_id, s.file_id, case when s.closed then 'completed' end, s.certificate_number, s.certificate_valid_until, s.closed,
      (greatest(s.since, s.opens_on) + time '09:00') at time zone 'Asia/Ho_Chi_Minh'
    from adm_course_slot s where s.course_id is not null order by s.course_id, s.file_id`, []));
  return Number(result.numAffectedRows ?? 0);
}

/** `count` consecutive ids of a table's sequence (first … first + count − 1), the table locked against other writers. */
async function reserveIdRange(tx: Tx, table: 'admission_candidates' | 'admission_courses', count: number): Promise<number> {
  await run(tx, `lock table ${table} in share row exclusive mode`);
  const rows = await run<{ first: string }>(tx, `
    select (setval(s.seq, nextval(s.seq) + $1::bigint) - $1::bigint)::text as first from (select pg_get_serial_sequence('${table}', 'id')::regclass as seq) s`, [count]);
  return Number(rows[0].first);
}

/** The files, from a select naming the columns below (ids reserved). */
async function insertCandidatesFrom(tx: Tx, source: string): Promise<number> {
  const result = await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_candidates (id, unit_id, full_name, name_folded, sex, birth_date, citizen_id, person, candidate_since, source, course_name,
      course_completed_on, certificate_number, certificate_valid_until, helper_member_id, status, stage, next_step, due_by, waiting_on, member_id, created_at)
    select s.id, s.unit_id, s.full_name, s.name_folded, s.sex, s.birth_date, s.citizen_id, s.person, s.candidate_since, s.source, s.course_name,
      s.course_completed_on, s.certificate_number, s.certificate_valid_until, s.helper_member_id, s.status, s.stage, s.next_step, s.due_by, s.waiting_on, s.member_id, s.created_at
    from (${source}) s`, []));
  return Number(result.numAffectedRows ?? 0);
}

/** The steps, recorded on their dates. */
async function insertStepsFrom(tx: Tx, source: string): Promise<number> {
  const result = await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_steps (candidate_id, step, effective_date, decision_id, due_by, late_working_days, reason, payload, recorded_at)
    select s.candidate_id, s.step, s.effective_date, s.decision_id, s.due_by, s.late_working_days, s.reason, s.payload,
      (s.effective_date + time '16:00') at time zone 'Asia/Ho_Chi_Minh'
    from (${source}) s`, []));
  return Number(result.numAffectedRows ?? 0);
}

/** The forms on file, recorded on their dates without a scan. */
async function insertDocumentsFrom(tx: Tx, source: string, values: readonly unknown[]): Promise<number> {
  const result = await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_documents (candidate_id, form, dated, recorded_at)
    select s.candidate_id, s.form, s.dated, (s.dated + time '15:00') at time zone 'Asia/Ho_Chi_Minh' from (${source}) s`, [...values]));
  return Number(result.numAffectedRows ?? 0);
}

/** The introducers, checked on their dates. */
async function insertIntroducersFrom(tx: Tx, source: string, values: readonly unknown[]): Promise<number> {
  const result = await tx.executeQuery(CompiledQuery.raw(`
    insert into admission_introducers (candidate_id, kind, member_id, worked_with_since, resolution_date, resolution_body, checked_on, recorded_at)
    select s.candidate_id, s.kind, s.member_id, s.worked_with_since, s.resolution_date, s.resolution_body, s.checked_on,
      (s.checked_on + time '14:00') at time zone 'Asia/Ho_Chi_Minh' from (${source}) s`, [...values]));
  return Number(result.numAffectedRows ?? 0);
}
