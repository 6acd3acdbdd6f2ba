/**
 * The demo's admission pipelines (issue 13), on the smallest scale: every file is one the service could have
 * written. Steps in the procedure's order and date order, votes within the cell's official members on the day as the
 * registry counts them, deadlines and states as `pipeline.ts` computes them on the calendar in force, introducers who
 * were official members from the check to the vote, files proposed by cells, and the files of the registry's own
 * admissions linked to their members with the registry's dates and decisions.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';
import { createDb } from '../../../src/db/database.ts';
import { addMonths, todayInVietnam } from '../../../src/lib/dates.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import { calendarOf } from '../../../src/modules/admissions/index.ts';
import { INITIAL_STATE, introducersComplete, judgeVote, stateAfter, type PipelineState } from '../../../src/modules/admissions/pipeline.ts';
import { admissionStatistics } from '../../../src/modules/admissions/statistics.ts';
import { headcountOfUnit } from '../../../src/modules/members/index.ts';
import type { AdmissionStep } from '../../../src/contracts/admissions.ts';
import { generateDemoData, type DemoSummary } from '../../../tools/demo/index.ts';

/** The demo's files follow the procedure without an extension or a refusal. */
const PATH: AdmissionStep[] = ['cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony', 'probation_review', 'recognition'];

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const SEED = 4242;
const ORDER: AdmissionStep[] = ['cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony', 'probation_review', 'recognition_extension', 'recognition', 'probation_refusal'];

interface FileRow {
  id: number; unit_id: number; candidate_since: string; status: string; stage: string; next_step: string | null; due_by: string | null; waiting_on: string | null;
  member_id: number | null; source: string; full_name: string; person: { fullName: string; birthDate: string; citizenId?: string }; birth_date: string;
  course_completed_on: string | null; certificate_valid_until: string | null;
}
interface StepRow {
  candidate_id: number; step: AdmissionStep; effective_date: string; decision_id: number | null; due_by: string | null; late_working_days: number; reason: string | null;
  payload: Record<string, unknown>;
}

describe('demo data: the admission pipelines (small scale)', () => {
  let database: TestDatabase;
  let summary: DemoSummary;
  let files: FileRow[];
  let steps: Map<number, StepRow[]>;
  const today = todayInVietnam();

  beforeAll(async () => {
    database = await createTestDatabase();
    const owner = createDb(database.url, { max: 2 });
    try {
      summary = await generateDemoData(owner, { scale: 'small', seed: SEED });
    } finally {
      await owner.destroy();
    }
    files = (await sql<FileRow>`select * from admission_candidates order by id`.execute(database.db)).rows.map((row) => ({ ...row, id: Number(row.id), unit_id: Number(row.unit_id), member_id: row.member_id === null ? null : Number(row.member_id) }));
    steps = new Map();
    for (const row of (await sql<StepRow>`select * from admission_steps order by id`.execute(database.db)).rows) {
      const list = steps.get(Number(row.candidate_id)) ?? [];
      list.push({ ...row, decision_id: row.decision_id === null ? null : Number(row.decision_id) });
      steps.set(Number(row.candidate_id), list);
    }
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('writes files in every stage, in proportion to the members, a share of them overdue', () => {
    const stats = summary.admissions!;
    expect(stats.files).toBe(files.length);
    const stages = new Set(files.map((file) => file.stage));
    for (const stage of ['file', 'cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony', 'recognition']) expect(stages, stage).toContain(stage);
    const open = files.filter((file) => file.next_step !== null);
    // 3,000 members: the probationary (about 3%) and the files before the ceremony (about 1%).
    expect(open.length).toBeGreaterThan(60);
    expect(open.length).toBeLessThan(250);
    expect(open.filter((file) => file.due_by !== null && file.due_by < today).length).toBe(stats.overdue);
    expect(files.some((file) => file.status === 'not_admitted' || file.status === 'withdrawn')).toBe(true);
    expect(new Set(files.map((file) => file.source)).size).toBeGreaterThanOrEqual(4);
  });

  it('files belong to cells: the proposing unit was a cell from the candidate\'s date to the last step', async () => {
    const bad = await sql<{ id: number }>`
      select c.id from admission_candidates c
      cross join lateral (select c.candidate_since as d union all select s.effective_date from admission_steps s where s.candidate_id = c.id and s.step in ('cell_vote', 'grassroots_resolution', 'admission_decision', 'ceremony')) x
      where not exists (select 1 from org_unit_versions v where v.unit_id = c.unit_id and v.voided_by_batch_id is null and v.kind in ('cell', 'grassroots_cell')
        and v.valid_from <= x.d and (v.valid_to is null or v.valid_to > x.d))`.execute(database.db);
    expect(bad.rows).toEqual([]);
  });

  it('records the steps in the procedure\'s order, dated in order, never in the future, with the forms on file before the vote', async () => {
    for (const file of files) {
      const list = [...(steps.get(file.id) ?? [])].sort((a, b) => ORDER.indexOf(a.step) - ORDER.indexOf(b.step));
      let previous = file.candidate_since;
      for (const step of list) {
        expect(step.effective_date >= previous, `file ${file.id}: ${step.step} on ${step.effective_date} before ${previous}`).toBe(true);
        expect(step.effective_date <= today).toBe(true);
        previous = step.effective_date;
      }
      const kinds = list.map((step) => step.step);
      if (kinds.includes('withdrawal')) expect(kinds).toEqual(['withdrawal']);
      else expect(kinds, `file ${file.id}`).toEqual(PATH.slice(0, kinds.length));
    }
    const incomplete = await sql<{ id: number }>`
      select c.id from admission_candidates c join admission_steps s on s.candidate_id = c.id and s.step = 'cell_vote'
      where (select count(distinct d.form) from admission_documents d where d.candidate_id = c.id and d.superseded_by is null and d.form in ('1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ') and d.dated <= s.effective_date) < 4
        or c.course_completed_on > s.effective_date or c.certificate_valid_until < s.effective_date`.execute(database.db);
    expect(incomplete.rows).toEqual([]);
    const late = await sql<{ n: number }>`
      select count(*)::int as n from admission_documents d join admission_candidates c on c.id = d.candidate_id where d.dated > ${today}::date or d.dated < c.candidate_since`.execute(database.db);
    expect(late.rows[0].n).toBe(0);
  });

  it('counts every vote against the cell\'s official members on the day, from the registry (the review in the member\'s cell then)', async () => {
    const scope = systemScope('test:demo-admissions');
    let failed = 0;
    for (const file of files) {
      for (const step of steps.get(file.id) ?? []) {
        if (step.step !== 'cell_vote' && step.step !== 'probation_review') continue;
        let cell = file.unit_id;
        if (step.step === 'probation_review') {
          const placement = await sql<{ unit_id: number }>`
            select unit_id from member_placements where member_id = ${file.member_id} and kind = 'official' and voided_by_event_id is null
              and valid_from <= ${step.effective_date}::date and (valid_to is null or valid_to > ${step.effective_date}::date)`.execute(database.db);
          cell = Number(placement.rows[0].unit_id);
        }
        const headcount = await headcountOfUnit(database.db, cell, step.effective_date, scope);
        const vote = step.payload as { votesFor: number; votesAgainst: number; passed: boolean; officialMembers: number; needed: number };
        expect(vote.officialMembers, `file ${file.id} ${step.step}`).toBe(headcount.official);
        expect(judgeVote(vote, headcount.official).ok, `file ${file.id} ${step.step} ${JSON.stringify(vote)}`).toBe(true);
        expect(vote.needed).toBe(Math.ceil((headcount.official * 2) / 3));
        if (!vote.passed) failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('keeps every deadline, lateness and state as pipeline.ts computes them on the calendar in force', async () => {
    const calendar = await calendarOf(database.db);
    let late = 0;
    for (const file of files) {
      let state: PipelineState = INITIAL_STATE;
      let voteDate: string | null = null;
      let reviewPassed = false;
      for (const step of [...(steps.get(file.id) ?? [])].sort((a, b) => (a.step === 'withdrawal' ? 0 : ORDER.indexOf(a.step)) - (b.step === 'withdrawal' ? 0 : ORDER.indexOf(b.step)))) {
        expect(step.due_by, `file ${file.id}: ${step.step}'s deadline`).toBe(state.dueBy);
        const expectedLate = state.dueBy && step.effective_date > state.dueBy && step.step !== 'grassroots_resolution' ? calendar.workingDaysBetween(state.dueBy, step.effective_date) : 0;
        expect(step.late_working_days, `file ${file.id}: ${step.step} late`).toBe(expectedLate);
        if (expectedLate > 0) {
          expect(step.reason).toBeTruthy();
          late++;
        }
        const passed: boolean = step.step === 'cell_vote' || step.step === 'probation_review' ? Boolean(step.payload.passed) : reviewPassed;
        if (step.step === 'probation_review') reviewPassed = passed;
        state = stateAfter({ step: step.step, date: step.effective_date, calendar, voteDate, passed, previousDue: state.dueBy });
        if (step.step === 'cell_vote') voteDate = step.effective_date;
      }
      expect({ status: file.status, stage: file.stage, nextStep: file.next_step, dueBy: file.due_by, waitingOn: file.waiting_on }, `file ${file.id}`).toEqual(state);
    }
    expect(late).toBeGreaterThan(0);
  });

  it('names introducers who were official members from the check to the vote and knew the candidate for a year', async () => {
    const official = async (memberId: number, date: string) => (await sql<{ ok: boolean }>`
      select (select e.status_after from member_events e where e.member_id = ${memberId} and e.status_after is not null and e.voided_by_event_id is null
          and e.effective_date <= ${date}::date order by e.effective_date desc, e.id desc limit 1) = 'official'
        and exists (select 1 from member_placements p where p.member_id = ${memberId} and p.kind = 'official' and p.voided_by_event_id is null
          and p.valid_from <= ${date}::date and (p.valid_to is null or p.valid_to > ${date}::date)) as ok`.execute(database.db)).rows[0].ok;
    const introducers = (await sql<{ candidate_id: number; kind: 'member' | 'youth_union'; member_id: number | null; worked_with_since: string | null; checked_on: string }>`
      select * from admission_introducers order by id`.execute(database.db)).rows;
    for (const file of files) {
      const mine = introducers.filter((entry) => Number(entry.candidate_id) === file.id);
      const vote = (steps.get(file.id) ?? []).find((step) => step.step === 'cell_vote');
      if (vote) expect(introducersComplete(mine.map((entry) => entry.kind)).complete, `file ${file.id}`).toBe(true);
      for (const entry of mine) {
        expect(entry.checked_on >= file.candidate_since && entry.checked_on <= (vote?.effective_date ?? today)).toBe(true);
        if (entry.kind !== 'member') continue;
        expect(addMonths(entry.worked_with_since!, 12) <= entry.checked_on).toBe(true);
        expect(await official(Number(entry.member_id), entry.checked_on), `introducer ${entry.member_id} on ${entry.checked_on}`).toBe(true);
        if (vote) expect(await official(Number(entry.member_id), vote.effective_date)).toBe(true);
      }
    }
  });

  it('links the files of the registry\'s admissions to their members, with the registry\'s dates and decisions', async () => {
    const linked = files.filter((file) => file.member_id !== null);
    expect(linked.length).toBe(summary.admissions!.linked);
    for (const file of linked) {
      const member = (await sql<{ full_name: string; birth_date: string; admission_date: string; probation_start: string; official_date: string | null; status: string; citizen_id: string | null }>`
        select * from members where id = ${file.member_id}`.execute(database.db)).rows[0];
      expect(member, `member ${file.member_id}`).toBeDefined();
      expect([file.full_name, file.birth_date, file.person.fullName]).toEqual([member.full_name, member.birth_date, member.full_name]);
      const events = (await sql<{ kind: string; effective_date: string; decision_id: number | null; payload: Record<string, unknown>; unit_id: number }>`
        select * from member_events where member_id = ${file.member_id} and voided_by_event_id is null and kind in ('admission', 'recognition')`.execute(database.db)).rows;
      const admission = events.find((event) => event.kind === 'admission')!;
      const byStep = new Map((steps.get(file.id) ?? []).map((step) => [step.step, step]));
      expect(Number(admission.unit_id)).toBe(file.unit_id);
      expect(byStep.get('cell_vote')!.effective_date).toBe(admission.payload.cellVoteDate);
      expect(byStep.get('admission_decision')!.effective_date).toBe(member.admission_date);
      expect(byStep.get('admission_decision')!.decision_id).toBe(Number(admission.decision_id));
      expect(byStep.get('ceremony')!.effective_date).toBe(member.probation_start);
      expect(byStep.get('ceremony')!.payload.memberId).toBe(file.member_id);
      const recognition = events.find((event) => event.kind === 'recognition');
      if (file.stage === 'recognition') {
        expect(byStep.get('recognition')!.decision_id).toBe(Number(recognition!.decision_id));
        expect(byStep.get('recognition')!.payload.officialDate).toBe(member.official_date);
        const decision = (await sql<{ signed_on: string }>`select signed_on from decisions where id = ${recognition!.decision_id}`.execute(database.db)).rows[0];
        expect(byStep.get('recognition')!.effective_date).toBe(decision.signed_on);
      } else {
        expect(recognition).toBeUndefined();
        expect(member.status).toBe('probationary');
      }
    }
    // Every probationary member admitted in the last twelve months has the file that admitted them (but for a cell
    // with no official member on the vote's day, counted as left without a file).
    const recent = await sql<{ n: number }>`
      select count(*)::int as n from members m where m.status = 'probationary' and m.probation_start > ${addMonths(today, -12)}::date
        and not exists (select 1 from admission_candidates c where c.member_id = m.id)`.execute(database.db);
    expect(recent.rows[0].n).toBeLessThanOrEqual(summary.admissions!.unlinked + 2);
  });

  it('runs awareness courses above the cells, whose certificates are on the files before the vote', async () => {
    expect(summary.admissions!.courses).toBeGreaterThan(0);
    const bad = await sql<{ id: number; why: string }>`
      select p.id, case
          when v.kind in ('cell', 'grassroots_cell', 'sub_committee', 'party_group') then 'organizer'
          when c.status = 'closed' and (p.result <> 'completed' or f.course_completed_on <> c.closed_on or f.course_name <> c.name || ' (' || c.code || ')'
            or f.certificate_number <> p.certificate_number or f.certificate_valid_until <> p.certificate_valid_until) then 'certificate'
          when c.status = 'closed' and exists (select 1 from admission_steps s where s.candidate_id = f.id and s.step in ('cell_vote', 'withdrawal') and s.effective_date < c.closed_on) then 'after the vote'
          when c.status = 'open' and (p.result is not null or f.stage <> 'file' or f.next_step is null or c.closes_on <= ${today}::date) then 'open course'
          when c.opens_on > ${today}::date or f.candidate_since > c.closes_on then 'dates'
        end as why
      from admission_course_participants p
      join admission_courses c on c.id = p.course_id
      join admission_candidates f on f.id = p.candidate_id
      join org_unit_versions v on v.unit_id = c.unit_id and v.voided_by_batch_id is null and v.valid_from <= c.opens_on and (v.valid_to is null or v.valid_to > c.opens_on)`.execute(database.db);
    expect(bad.rows.filter((row) => row.why !== null)).toEqual([]);
    expect(bad.rows.length).toBe(summary.admissions!.courseParticipants);
  });

  it('cites a written decision at every decision step, signed on the step\'s date', async () => {
    const bad = await sql<{ id: number }>`
      select s.id from admission_steps s left join decisions d on d.id = s.decision_id
      where s.step in ('admission_decision', 'recognition') and (d.id is null or d.signed_on <> s.effective_date)`.execute(database.db);
    expect(bad.rows).toEqual([]);
  });

  it('gives plausible statistics: the year\'s admissions and recognitions a few percent of the members, candidates in progress today', async () => {
    const scope = systemScope('test:demo-admissions');
    const year = Number(today.slice(0, 4)) - 1;
    const flows = await admissionStatistics.flows!(database.db, { unitId: summary.rootUnitId, scope, by: 'source', children: false }, `${year}-01-01`, `${year}-12-31`);
    const total = (measure: string) => flows.find((row) => row.measure === measure && row.value === null && row.unitId === null)?.count ?? 0;
    const members = summary.members!.members;
    expect(total('admitted') / members).toBeGreaterThan(0.01);
    expect(total('admitted') / members).toBeLessThan(0.05);
    expect(total('recognized') / members).toBeGreaterThan(0.01);
    expect(flows.filter((row) => row.measure === 'admitted' && row.value !== null).length).toBeGreaterThanOrEqual(3);
    const stocks = await admissionStatistics.stocks!(database.db, { unitId: summary.rootUnitId, scope, by: null, children: false }, today);
    expect(stocks.find((row) => row.measure === 'candidates')?.count ?? 0).toBeGreaterThan(10);
  });
});
