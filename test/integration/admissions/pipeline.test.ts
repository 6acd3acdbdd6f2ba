/**
 * The admission pipeline on the real database (issue 13; DOMAIN.md §2, §9): a candidate walked from the file to
 * recognition as official through the API, the registry's own commands called in the same transaction, the
 * working-day deadlines around Tết, and every refusal the issue lists, each changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { addWorkingDays } from '../../../src/rules/working-days.ts';
import { inTransaction, runDueJobs, systemScope } from '../../../src/kernel/index.ts';
import { areas } from '../../../src/modules/index.ts';
import { admissionStatistics } from '../../../src/modules/admissions/statistics.ts';
import { sendAdmissionReminders } from '../../../src/modules/admissions/index.ts';
import { memberStatistics } from '../../../src/modules/members/index.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

const PDF = Buffer.from('%PDF-1.4\n% biểu mẫu\n%%EOF\n').toString('base64');

describe('the admission pipeline', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let officer: ApiClient;
  let otherOfficer: ApiClient;
  let secretary: ApiClient;
  let outsider: ApiClient;
  let centre: ApiClient;
  const introducers: number[] = [];
  let probationary: number;
  let newcomer: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Kết Nạp');
    const south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài Tầm');
    const sign = async (role: 'org_officer' | 'cell_secretary' | 'admin', unitId: number) => {
      const account = await createAccount(ctx.db, { role, unitId });
      return signIn(ctx.app, account.username, account.password);
    };
    officer = await sign('org_officer', north.province.id);
    otherOfficer = await sign('org_officer', north.commune.id);
    secretary = await sign('cell_secretary', north.cellA.id);
    outsider = await sign('org_officer', south.province.id);
    centre = await sign('admin', ctx.rootUnitId);
    // Three official members of cell A since 2011; a probationary one; one who joined the registry in 2024.
    for (const [index, name] of ['Trần Văn Một', 'Trần Văn Hai', 'Trần Thị Ba'].entries()) {
      const birthDate = `197${index}-05-0${index + 1}`;
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: name, birthDate, sex: index === 2 ? 'female' : 'male', citizenId: validCitizenId(index === 2 ? 'female' : 'male', birthDate) });
      introducers.push(member.id);
    }
    probationary = (await registerTestMember(ctx.db, ctx.rootUnitId, {
      unitId: north.cellB.id, fullName: 'Lê Văn Dự Bị', birthDate: '1990-01-01', citizenId: validCitizenId('male', '1990-01-01'),
      status: 'probationary', admissionDate: '2024-06-01', officialDate: null,
    })).id;
    newcomer = (await registerTestMember(ctx.db, ctx.rootUnitId, {
      unitId: north.cellB.id, fullName: 'Lê Văn Mới', birthDate: '1991-01-01', citizenId: validCitizenId('male', '1991-01-01'), admissionDate: '2010-01-01', officialDate: '2011-01-01',
    })).id;
  });
  afterAll(async () => { await ctx.close(); });

  /** Rows of every table a refused command might have touched. */
  async function snapshot() {
    const tables = ['admission_candidates', 'admission_steps', 'admission_documents', 'admission_introducers', 'members', 'member_events', 'journal', 'notifications', 'working_day_overrides'] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const versions = await ctx.db.selectFrom('admission_candidates').select(['id', 'row_version', 'stage']).orderBy('id').execute();
    return { counts, versions };
  }

  async function refused(client: ApiClient, method: 'post' | 'patch', url: string, body: unknown, code: string) {
    const before = await snapshot();
    const response = await client[method](url, body);
    expect(response.json().error?.code, response.body).toBe(code);
    expect(response.statusCode).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
    return response;
  }

  async function newCandidate(name: string, overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
    const birthDate = (person.birthDate as string) ?? '1998-04-12';
    const response = await officer.post('/api/admissions/candidates', {
      unitId: north.cellA.id, candidateSince: '2024-01-15', source: 'private_enterprise', courseName: 'Lớp bồi dưỡng nhận thức về Đảng khóa 3/2024',
      courseCompletedOn: '2024-06-01', certificateNumber: 'CN-2024-118', certificateValidUntil: '2029-06-01', helperMemberId: introducers[0],
      person: { fullName: name, sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate), ethnicity: '01', religion: 'none', ...person },
      ...overrides,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; rowVersion: number };
  }

  /** Forms 1, 2, 3 and 5-KNĐ and the two introducers: the file ready for the cell's vote. */
  async function completeFile(file: { id: number; rowVersion: number }) {
    let version = file.rowVersion;
    for (const form of ['1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ']) {
      const response = await officer.post(`/api/admissions/candidates/${file.id}/documents`, { expectedRowVersion: version, form, dated: '2024-12-02', file: form === '1-KNĐ' ? { name: 'don.pdf', contentType: 'application/pdf', base64: PDF } : null });
      expect(response.statusCode, response.body).toBe(200);
      version = response.json().rowVersion;
    }
    for (const memberId of introducers.slice(0, 2)) {
      const response = await officer.post(`/api/admissions/candidates/${file.id}/introducers`, { kind: 'member', expectedRowVersion: version, memberId, workedWithSince: '2020-03-01', checkedOn: '2024-12-02' });
      expect(response.statusCode, response.body).toBe(200);
      version = response.json().rowVersion;
    }
    return version;
  }

  const step = (id: number, body: Record<string, unknown>) => officer.post(`/api/admissions/candidates/${id}/steps`, body);

  it('walks a candidate from the file to recognition as official, with each deadline in working days around Tết 2025', async () => {
    const file = await newCandidate('Phạm Văn Ưu Tú');
    let version = await completeFile(file);
    const detail = (await officer.get(`/api/admissions/candidates/${file.id}`)).json();
    expect(detail.checklist.find((item: { form: string }) => item.form === '1-KNĐ')).toMatchObject({ dated: '2024-12-02', fileName: 'don.pdf' });
    expect(detail.checklist.find((item: { form: string }) => item.form === '9-KNĐ')).toMatchObject({ documentId: null });
    expect(detail.introducers.map((entry: { memberName: string }) => entry.memberName)).toEqual(['Trần Văn Một', 'Trần Văn Hai']);
    const scan = await officer.get(`/api/admissions/candidates/${file.id}/documents/${detail.checklist[0].documentId}`);
    expect([scan.statusCode, scan.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect((await outsider.get(`/api/admissions/candidates/${file.id}`)).statusCode).toBe(404);

    // The cell's vote on Friday 10/1/2025: 3 of 3 official members. The decision is due 60 working days later, which
    // skips Tết Ất Tỵ (27–31/1/2025, with Saturday 8/2 worked in the swap).
    let response = await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'cell_vote', nextStep: 'grassroots_resolution', waitingOn: 'grassroots', dueBy: addWorkingDays('2025-01-10', 60) });
    // 60 weekdays would end on 4/4; Tết takes 27–31/1 (Saturday 8/2 worked) and the Hùng Kings' day Monday 7/4.
    expect(addWorkingDays('2025-01-10', 60)).toBe('2025-04-11');
    version = response.json().rowVersion;

    response = await step(file.id, { step: 'grassroots_resolution', expectedRowVersion: version, date: '2025-01-20' });
    expect(response.json()).toMatchObject({ nextStep: 'admission_decision', waitingOn: 'competent_level', dueBy: '2025-04-11' });
    version = response.json().rowVersion;

    response = await step(file.id, { step: 'admission_decision', expectedRowVersion: version, decisionId: await insertDecision(ctx.db, { signedOn: '2025-02-20' }) });
    expect(response.json()).toMatchObject({ nextStep: 'ceremony', waitingOn: 'cell', dueBy: addWorkingDays('2025-02-20', 30) });
    version = response.json().rowVersion;

    // The ceremony admits the candidate in the registry, in the same transaction.
    response = await step(file.id, { step: 'ceremony', expectedRowVersion: version, date: '2025-03-03' });
    expect(response.statusCode, response.body).toBe(200);
    const admitted = response.json();
    expect(admitted).toMatchObject({ status: 'admitted', nextStep: 'probation_review', dueBy: addWorkingDays('2026-03-03', 30) });
    expect(admitted.memberId).toEqual(expect.any(Number));
    // The member's page finds the file that admitted them; a name finds it too, diacritics ignored.
    expect((await officer.get(`/api/admissions/candidates?memberId=${admitted.memberId}`)).json().items.map((item: { id: number }) => item.id)).toEqual([file.id]);
    expect((await officer.get('/api/admissions/candidates?q=pham%20uu%20tu')).json().items.map((item: { id: number }) => item.id)).toEqual([file.id]);
    const record = (await officer.get(`/api/members/${admitted.memberId}`)).json().record;
    expect(record).toMatchObject({ status: 'probationary', admissionDate: '2025-02-20', unitId: north.cellA.id });
    version = admitted.rowVersion;

    // Recognition: the review after the 12 months, then the decision signed late; official from 3/3/2026 all the same.
    await refused(officer, 'post', `/api/admissions/candidates/${file.id}/steps`, { step: 'probation_review', expectedRowVersion: version, date: '2026-02-27', votesFor: 3, votesAgainst: 0, passed: true }, 'PROBATION_NOT_ENDED');
    response = await step(file.id, { step: 'probation_review', expectedRowVersion: version, date: '2026-03-10', votesFor: 3, votesAgainst: 0, passed: true });
    expect(response.json()).toMatchObject({ nextStep: 'recognition', waitingOn: 'competent_level', dueBy: addWorkingDays('2026-03-10', 30) });
    version = response.json().rowVersion;
    const lateDecision = await insertDecision(ctx.db, { signedOn: '2026-06-01' });
    await refused(officer, 'post', `/api/admissions/candidates/${file.id}/steps`, { step: 'recognition', expectedRowVersion: version, decisionId: lateDecision }, 'ADMISSION_LATE_WITHOUT_REASON');
    response = await step(file.id, { step: 'recognition', expectedRowVersion: version, decisionId: lateDecision, reason: 'Cấp ủy họp chậm do sắp xếp tổ chức' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'official', nextStep: null, dueBy: null });
    expect(response.json().steps.at(-1)).toMatchObject({ step: 'recognition', lateWorkingDays: expect.any(Number), payload: { officialDate: '2026-03-03' } });
    expect((await officer.get(`/api/members/${admitted.memberId}`)).json().record).toMatchObject({ status: 'official', officialDate: '2026-03-03' });

    // Every step journaled, with its decision where it has one.
    const journal = await ctx.db.selectFrom('journal').select(['action', 'decision_id']).where('object_type', '=', 'admission_candidate').where('object_id', '=', String(file.id)).orderBy('id').execute();
    expect(journal.map((entry) => entry.action)).toEqual([
      'admission.candidate_created', ...Array(4).fill('admission.document_recorded'), 'admission.introducer_added', 'admission.introducer_added',
      'admission.cell_vote', 'admission.grassroots_resolution', 'admission.admission_decision', 'admission.ceremony', 'admission.probation_review', 'admission.recognition',
    ]);
    expect(journal.at(-1)!.decision_id).toBe(lateDecision);

    // Counted in the reports: admitted by source, recognized.
    const figures = await admissionStatistics.flows!(ctx.db, { unitId: north.province.id, scope: systemScope('test'), by: 'source', children: false }, '2025-01-01', '2026-12-31');
    expect(figures).toContainEqual({ measure: 'admitted', value: 'private_enterprise', unitId: null, count: 1 });
    expect(figures).toContainEqual({ measure: 'recognized', value: null, unitId: null, count: 1 });
    // Every file opened so far finished the course on 1/6/2024: its participants.
    const course = await admissionStatistics.flows!(ctx.db, { unitId: north.province.id, scope: systemScope('test'), by: null, children: false }, '2024-06-01', '2024-06-01');
    expect(course).toEqual([{ measure: 'courseCompleted', value: null, unitId: null, count: 1 }]);
    // The same through the statistics the reports read (a source among the others).
    const report = await officer.get(`/api/statistics/figures?source=admissions&unitId=${north.province.id}&from=2025-01-01&to=${todayInVietnam()}&by=source`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().figures).toContainEqual(expect.objectContaining({ measure: 'admitted', value: 'private_enterprise', unitId: null, count: 1 }));
    // And in the standard form of the unit's report (Công tác phát triển đảng viên), by source and in the balance.
    const form = await officer.get(`/api/statistics/forms/admissions?unitId=${north.province.id}&from=2025-01-01&to=${todayInVietnam()}`);
    expect(form.statusCode, form.body).toBe(200);
    const sections = form.json().sections as { key: string; columns: { key: string }[]; rows: { key: string; cells: { count: number }[] }[] }[];
    const cellOf = (section: string, row: string, column: string) => {
      const found = sections.find((candidate) => candidate.key === section)!;
      return found.rows.find((candidate) => candidate.key === row)!.cells[found.columns.findIndex((candidate) => candidate.key === column)].count;
    };
    expect(cellOf('pipeline', 'admitted', 'all')).toBe(1);
    expect(cellOf('pipeline', 'admitted', 'privateEnterprise')).toBe(1);
    expect(cellOf('pipeline', 'recognized', 'all')).toBe(1);
    expect(cellOf('bySource', 'private_enterprise', 'admitted')).toBe(1);
    expect(cellOf('bySource', 'student', 'admitted')).toBe(0);
    // Drilled down, a figure lists the candidates it counts, each opening their file; in scope only.
    const drill = (client: ApiClient, query: string) => client.get(`/api/statistics/members?source=admissions&unitId=${north.province.id}&${query}`);
    const admittedPeople = await drill(officer, `measure=admitted&by=source&value=private_enterprise&from=2025-01-01&to=${todayInVietnam()}`);
    expect(admittedPeople.statusCode, admittedPeople.body).toBe(200);
    // Admitted on the decision's date (20/2), not the ceremony's (3/3): the day the registry's admission carries.
    expect(admittedPeople.json()).toMatchObject({ who: 'people', nextAfter: null, items: [{ id: file.id, fullName: 'Phạm Văn Ưu Tú', link: `/admissions/${file.id}`, date: '2025-02-20', unitId: north.cellA.id }] });
    // So a period that ends between the decision and the ceremony counts the admission in both sources alike.
    const february = { unitId: north.province.id, scope: systemScope('test'), by: null, children: false };
    const admittedIn = async (source: typeof admissionStatistics) => (await source.flows!(ctx.db, february, '2025-02-01', '2025-02-28'))
      .filter((row) => row.measure === 'admitted' && row.value === null && row.unitId === null).reduce((sum, row) => sum + row.count, 0);
    expect([await admittedIn(admissionStatistics), await admittedIn(memberStatistics)]).toEqual([1, 1]);
    expect((await drill(officer, `measure=admitted&by=source&value=student&from=2025-01-01&to=${todayInVietnam()}`)).json().items).toEqual([]);
    const openOnVote = (await drill(officer, 'measure=candidates&date=2025-01-10')).json();
    expect(openOnVote.items.map((item: { id: number }) => item.id)).toContain(file.id);
    expect((await drill(outsider, 'measure=candidates&date=2025-01-10')).statusCode).toBe(404);

    // Admissions as a share of the members at the start of the year, against the province's target (DOMAIN.md §8:
    // "admissions at least 3.2% of members each year"): the pipeline's count over the registry's stock on 31/12/2024.
    const rate = await centre.post('/api/statistics/indicators', {
      key: 'ty-le-ket-nap', label: { vi: 'Tỷ lệ kết nạp so với số đảng viên đầu năm', en: 'Admissions as a share of members at the start of the year' }, unitId: north.province.id,
      numerator: { source: 'admissions', measure: 'admitted' }, denominator: { source: 'members', measure: 'members', at: 'before' },
    });
    expect(rate.statusCode, rate.body).toBe(201);
    const target = await centre.post('/api/statistics/targets', { indicatorId: rate.json().id, unitId: north.province.id, termFrom: 2025, termTo: 2030, year: 2025, comparison: 'at_least', value: 3.2 });
    expect(target.statusCode, target.body).toBe(201);
    const members = await officer.get(`/api/statistics/figures?source=members&unitId=${north.province.id}&date=2024-12-31`);
    const atStart = (members.json().figures as { measure: string; value: string | null; unitId: number | null; count: number }[])
      .find((figure) => figure.measure === 'members' && figure.value === null && figure.unitId === null)!.count;
    const dashboard = (await officer.get(`/api/statistics/targets?unitId=${north.province.id}&year=2025`)).json();
    const progress = dashboard.targets.find((item: { indicator: { key: string } }) => item.indicator.key === 'ty-le-ket-nap');
    expect(progress).toMatchObject({ numerator: 1, denominator: atStart });
    expect(progress.actual).toBeCloseTo((100 * 1) / atStart, 1);
    expect(progress.met).toBe(100 / atStart >= 3.2);
  });

  it('a review that fails: the deadline extended once, then not recognized and removed from the list (Charter Art. 5; 294-QĐ/TW Art. 5)', async () => {
    const file = await newCandidate('Cao Văn Không Đạt', { source: 'village' });
    let version = await completeFile(file);
    version = (await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true })).json().rowVersion;
    version = (await step(file.id, { step: 'grassroots_resolution', expectedRowVersion: version, date: '2025-01-20' })).json().rowVersion;
    version = (await step(file.id, { step: 'admission_decision', expectedRowVersion: version, decisionId: await insertDecision(ctx.db, { signedOn: '2025-02-20' }) })).json().rowVersion;
    const admitted = (await step(file.id, { step: 'ceremony', expectedRowVersion: version, date: '2025-03-03' })).json();
    const review = await step(file.id, { step: 'probation_review', expectedRowVersion: admitted.rowVersion, date: '2026-03-10', votesFor: 1, votesAgainst: 2, passed: false });
    expect(review.json()).toMatchObject({ nextStep: 'probation_refusal', waitingOn: 'competent_level', dueBy: addWorkingDays('2026-03-10', 30) });
    const url = `/api/admissions/candidates/${file.id}/steps`;
    // Recognition is not the step after a failed review.
    await refused(officer, 'post', url, { step: 'recognition', expectedRowVersion: review.json().rowVersion, decisionId: await insertDecision(ctx.db, { signedOn: '2026-03-20' }) }, 'ADMISSION_STEP_OUT_OF_ORDER');
    const extended = await step(file.id, { step: 'recognition_extension', expectedRowVersion: review.json().rowVersion, decisionId: await insertDecision(ctx.db, { signedOn: '2026-04-01' }), extraWorkingDays: 10 });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({ nextStep: 'probation_refusal', dueBy: addWorkingDays(addWorkingDays('2026-03-10', 30), 10) });
    // Once only.
    await refused(officer, 'post', url, { step: 'recognition_extension', expectedRowVersion: extended.json().rowVersion, decisionId: await insertDecision(ctx.db, { signedOn: '2026-04-02' }), extraWorkingDays: 5 }, 'ADMISSION_STEP_OUT_OF_ORDER');
    const removed = await step(file.id, { step: 'probation_refusal', expectedRowVersion: extended.json().rowVersion, decisionId: await insertDecision(ctx.db, { signedOn: '2026-04-10' }) });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ status: 'removed', nextStep: null });
    expect((await officer.get(`/api/members/${admitted.memberId}`)).json().record).toMatchObject({ status: 'removed' });
    const figures = await admissionStatistics.flows!(ctx.db, { unitId: north.province.id, scope: systemScope('test'), by: 'source', children: false }, '2026-03-01', '2026-04-30');
    expect(figures).toContainEqual({ measure: 'extended', value: 'village', unitId: null, count: 1 });
    expect(figures).toContainEqual({ measure: 'refused', value: 'village', unitId: null, count: 1 });
  });

  it('refuses introducers the registry does not back on the date: probationary, or known under 12 months (Charter Art. 4.2)', async () => {
    const file = await newCandidate('Đỗ Văn Giới Thiệu');
    const url = `/api/admissions/candidates/${file.id}/introducers`;
    await refused(officer, 'post', url, { kind: 'member', expectedRowVersion: file.rowVersion, memberId: probationary, workedWithSince: '2020-01-01', checkedOn: '2024-12-02' }, 'ADMISSION_INTRODUCER_INVALID');
    await refused(officer, 'post', url, { kind: 'member', expectedRowVersion: file.rowVersion, memberId: newcomer, workedWithSince: '2024-03-01', checkedOn: '2024-12-02' }, 'ADMISSION_INTRODUCER_INVALID');
    // The youth union's resolution and one member make the pair; a third is refused.
    let response = await officer.post(url, { kind: 'youth_union', expectedRowVersion: file.rowVersion, resolutionDate: '2024-11-20', resolutionBody: 'Chi đoàn công ty', checkedOn: '2024-12-02' });
    expect(response.statusCode, response.body).toBe(200);
    response = await officer.post(url, { kind: 'member', expectedRowVersion: response.json().rowVersion, memberId: newcomer, workedWithSince: '2019-01-01', checkedOn: '2024-12-02' });
    expect(response.statusCode, response.body).toBe(200);
    await refused(officer, 'post', url, { kind: 'member', expectedRowVersion: response.json().rowVersion, memberId: introducers[2], workedWithSince: '2019-01-01', checkedOn: '2024-12-02' }, 'ADMISSION_INTRODUCERS_FULL');
  });

  it('an introducer or helper out of the caller\'s sight: the id alone tells nothing; an introducer elsewhere is named with their party card', async () => {
    const elsewhere = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nơi Khác');
    const far = await registerTestMember(ctx.db, ctx.rootUnitId, {
      unitId: elsewhere.cellA.id, fullName: 'Phan Văn Xa', birthDate: '1975-02-02', citizenId: validCitizenId('male', '1975-02-02'), partyCardNumber: '79123456',
    });
    const file = await newCandidate('Đỗ Văn Ở Xa');
    const url = `/api/admissions/candidates/${file.id}/introducers`;
    const body = (memberId: number, extra: Record<string, unknown> = {}) => ({ kind: 'member', expectedRowVersion: file.rowVersion, memberId, workedWithSince: '2020-01-01', checkedOn: '2024-12-02', ...extra });
    // The secretary of cell A sees cell A: a member of another province, or of cell B, is not found, official or not.
    for (const memberId of [far.id, newcomer, probationary, 99_999_999]) {
      const answer = await refused(secretary, 'post', url, body(memberId), 'ADMISSION_INTRODUCER_NOT_FOUND');
      expect(answer.json().error.details).toEqual({ memberId });
      expect(answer.body).not.toContain('Phan Văn Xa');
    }
    await refused(secretary, 'post', url, body(far.id, { partyCardNumber: '79123457' }), 'ADMISSION_INTRODUCER_NOT_FOUND');
    // The helper is the cell's to name from the members it can see: the same answer whether or not the member is official.
    for (const helperMemberId of [far.id, probationary]) {
      const answer = await refused(secretary, 'patch', `/api/admissions/candidates/${file.id}`, { expectedRowVersion: file.rowVersion, helperMemberId }, 'ADMISSION_HELPER_INVALID');
      expect(answer.json().error.details).toEqual({ helperMemberId });
    }
    // With the card, the member elsewhere is named, and judged like any introducer.
    const named = await secretary.post(url, body(far.id, { partyCardNumber: ' 79123456 ' }));
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().introducers).toEqual([expect.objectContaining({ memberId: far.id, memberName: 'Phan Văn Xa' })]);
    // The province's officer sees cell B: its member is named without a card.
    const inSight = await officer.post(url, body(newcomer, { expectedRowVersion: named.json().rowVersion, workedWithSince: '2019-01-01' }));
    expect(inSight.statusCode, inSight.body).toBe(200);
  });

  it('refuses a vote on an incomplete file, with more votes than official members, or passed under two thirds (Charter Art. 4.3)', async () => {
    const file = await newCandidate('Vũ Văn Biểu Quyết');
    const url = `/api/admissions/candidates/${file.id}/steps`;
    await refused(officer, 'post', url, { step: 'cell_vote', expectedRowVersion: file.rowVersion, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true }, 'ADMISSION_FILE_INCOMPLETE');
    const version = await completeFile(file);
    await refused(officer, 'post', url, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 1, passed: true }, 'ADMISSION_VOTES_EXCEED_MEMBERS');
    await refused(officer, 'post', url, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 1, votesAgainst: 2, passed: true }, 'ADMISSION_VOTE_BELOW_TWO_THIRDS');
    // Out of order: the ceremony before the vote.
    await refused(officer, 'post', url, { step: 'ceremony', expectedRowVersion: version, date: '2025-01-10' }, 'ADMISSION_STEP_OUT_OF_ORDER');
    // A failed vote is recorded and ends the file: a refusal in the counts.
    const failed = await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 1, votesAgainst: 2, passed: false });
    expect(failed.json()).toMatchObject({ status: 'not_admitted', nextStep: null });
    await refused(officer, 'post', url, { step: 'grassroots_resolution', expectedRowVersion: failed.json().rowVersion, date: '2025-01-20' }, 'ADMISSION_FILE_CLOSED');
  });

  it('refuses a candidate under 18 in full months on the vote\u2019s date, and over 60 without the provincial consent', async () => {
    const young = await newCandidate('Ngô Văn Trẻ', {}, { birthDate: '2007-01-11' });
    let version = await completeFile(young);
    // 17 years and 11 months on 10/1/2025.
    await refused(officer, 'post', `/api/admissions/candidates/${young.id}/steps`, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true }, 'AGE_OUT_OF_RANGE');
    const old = await newCandidate('Ngô Văn Cao Tuổi', {}, { birthDate: '1963-01-01' });
    version = await completeFile(old);
    await refused(officer, 'post', `/api/admissions/candidates/${old.id}/steps`, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true }, 'AGE_OUT_OF_RANGE');
    const consent = await insertDecision(ctx.db, { signedOn: '2024-12-20' });
    const patched = await officer.patch(`/api/admissions/candidates/${old.id}`, { expectedRowVersion: version, ageConsentDecisionId: consent });
    expect(patched.statusCode, patched.body).toBe(200);
    const voted = await step(old.id, { step: 'cell_vote', expectedRowVersion: patched.json().rowVersion, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true });
    expect(voted.statusCode, voted.body).toBe(200);
  });

  it('refuses a decision dated before the resolution, and a late ceremony without its reason', async () => {
    const file = await newCandidate('Hoàng Văn Hạn');
    let version = await completeFile(file);
    version = (await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 2, votesAgainst: 1, passed: true })).json().rowVersion;
    version = (await step(file.id, { step: 'grassroots_resolution', expectedRowVersion: version, date: '2025-02-03' })).json().rowVersion;
    const url = `/api/admissions/candidates/${file.id}/steps`;
    await refused(officer, 'post', url, { step: 'admission_decision', expectedRowVersion: version, decisionId: await insertDecision(ctx.db, { signedOn: '2025-01-31' }) }, 'ADMISSION_DATE_ORDER');
    const decided = await step(file.id, { step: 'admission_decision', expectedRowVersion: version, decisionId: await insertDecision(ctx.db, { signedOn: '2025-02-10' }) });
    version = decided.json().rowVersion;
    expect(decided.json().dueBy).toBe(addWorkingDays('2025-02-10', 30));
    await refused(officer, 'post', url, { step: 'ceremony', expectedRowVersion: version, date: '2025-05-20' }, 'ADMISSION_LATE_WITHOUT_REASON');
    const late = await step(file.id, { step: 'ceremony', expectedRowVersion: version, date: '2025-05-20', reason: 'Người vào Đảng đi công tác nước ngoài' });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().steps.at(-1).lateWorkingDays).toBeGreaterThan(0);
  });

  it('two officers recording the same step at once: one wins, the other gets CONFLICT', async () => {
    const file = await newCandidate('Bùi Văn Đồng Thời');
    const version = await completeFile(file);
    const body = { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true };
    const answers = await Promise.all([officer.post(`/api/admissions/candidates/${file.id}/steps`, body), otherOfficer.post(`/api/admissions/candidates/${file.id}/steps`, body)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)!.json().error.code).toBe('CONFLICT');
    const steps = await ctx.db.selectFrom('admission_steps').select('step').where('candidate_id', '=', file.id).execute();
    expect(steps).toHaveLength(1);
  });

  it('worklists: due this week, overdue and whom each waits on, on the home page and as reminders, in scope', async () => {
    const file = await newCandidate('Lý Văn Quá Hạn');
    const version = await completeFile(file);
    await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true });
    const overdue = (await officer.get(`/api/admissions/candidates?which=overdue&unitId=${north.grassroots.id}`)).json();
    expect(overdue.items.map((item: { id: number }) => item.id)).toContain(file.id);
    expect(overdue.items.find((item: { id: number }) => item.id === file.id)).toMatchObject({ overdue: true, waitingOn: 'grassroots', nextStep: 'grassroots_resolution', waitingOnUnitId: north.grassroots.id, waitingOnUnitName: north.grassroots.name });
    expect((await officer.get('/api/admissions/candidates?which=due')).json().items.map((item: { id: number }) => item.id)).not.toContain(file.id);
    expect((await outsider.get('/api/admissions/candidates?which=overdue')).json()).toMatchObject({ items: [], total: 0, totalCapped: false });
    // The list's total: on the first page, the whole of it; on the next pages, none.
    const all = (await officer.get('/api/admissions/candidates?which=all&limit=1')).json();
    const counted = await ctx.db.selectFrom('admission_candidates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(all).toMatchObject({ total: Number(counted.n), totalCapped: false });
    expect(Number(counted.n)).toBeGreaterThan(1);
    expect((await officer.get(`/api/admissions/candidates?which=all&limit=1&after=${all.nextCursor}`)).json()).toMatchObject({ total: null, totalCapped: false });
    expect((await outsider.get(`/api/admissions/candidates?unitId=${north.grassroots.id}`)).statusCode).toBe(404);
    const home = (await officer.get('/api/home/items?keys=admissions.overdue')).json().items[0];
    expect(home).toMatchObject({ key: 'admissions.overdue', link: '/admissions?which=overdue' });
    expect(home.count).toBeGreaterThanOrEqual(1);
    expect((await outsider.get('/api/home/items?keys=admissions.overdue')).json().items[0].count).toBe(0);

    // The reminder job, as the server runs the areas' daily jobs, tells the officers responsible once per stage; the
    // secretary of the cell is told at the cell's steps. The same day again: the run is not repeated; and the
    // reminders themselves are not sent twice.
    const jobs = areas.flatMap((area) => area.dailyJobs ?? []);
    const sent = (await runDueJobs(ctx.db, jobs))['admission-reminders'];
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(await runDueJobs(ctx.db, jobs)).toEqual({});
    expect(await inTransaction(ctx.db, (tx) => sendAdmissionReminders(tx, todayInVietnam()))).toBe(0);
    const told = await ctx.db.selectFrom('notifications').select(['kind', 'object_id']).where('kind', '=', 'admission.overdue').where('object_id', '=', file.id).execute();
    expect(told.length).toBeGreaterThanOrEqual(1);
    void secretary;
  });

  it('the calendar: the centre adjusts a day (journaled), deadlines follow; others cannot', async () => {
    const year = (await centre.get('/api/admissions/calendar?year=2027')).json();
    expect(year.holidays.filter((holiday: { name: string }) => holiday.name === 'Tết Nguyên đán').map((holiday: { date: string }) => holiday.date))
      .toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    await refused(officer, 'post', '/api/admissions/calendar/overrides', { date: '2027-03-03', kind: 'day_off', name: 'Nghỉ bù' }, 'NOT_FOUND');
    await refused(centre, 'post', '/api/admissions/calendar/overrides', { date: '2027-03-06', kind: 'day_off', name: 'Thứ Bảy' }, 'CALENDAR_OVERRIDE_INVALID');
    const added = await centre.post('/api/admissions/calendar/overrides', { date: '2027-03-03', kind: 'day_off', name: 'Hoán đổi ngày làm việc' });
    expect(added.statusCode, added.body).toBe(201);
    await refused(centre, 'post', '/api/admissions/calendar/overrides', { date: '2027-03-03', kind: 'day_off', name: 'Lần hai' }, 'CALENDAR_DAY_TAKEN');
    expect((await centre.get('/api/admissions/calendar?year=2027')).json().daysOff).toContain('2027-03-03');
    const voided = await centre.post(`/api/admissions/calendar/overrides/${added.json().id}/void`, { reason: 'Nhập nhầm' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect((await centre.get('/api/admissions/calendar?year=2027')).json().daysOff).not.toContain('2027-03-03');
    const journal = await ctx.db.selectFrom('journal').select('action').where('object_type', '=', 'working_day_override').orderBy('id').execute();
    expect(journal.map((entry) => entry.action)).toEqual(['calendar.override_added', 'calendar.override_voided']);
  });

  it('tells the officers the next step waits on, and counts the files open by source and by the units beneath', async () => {
    const file = await newCandidate('Đặng Thị Thông Báo', { source: 'student' }, { sex: 'female', citizenId: validCitizenId('female', '1998-04-12') });
    let version = await completeFile(file);
    version = (await step(file.id, { step: 'cell_vote', expectedRowVersion: version, date: '2025-01-10', votesFor: 3, votesAgainst: 0, passed: true })).json().rowVersion;
    version = (await step(file.id, { step: 'grassroots_resolution', expectedRowVersion: version, date: '2025-01-20' })).json().rowVersion;
    const decided = await step(file.id, { step: 'admission_decision', expectedRowVersion: version, decisionId: await insertDecision(ctx.db, { signedOn: '2025-02-20' }) });
    expect(decided.json()).toMatchObject({ nextStep: 'ceremony', waitingOn: 'cell', waitingOnUnitId: north.cellA.id });
    // The ceremony waits on the cell: its secretary is told, not the officer who recorded the decision.
    const told = (await secretary.get('/api/notifications')).json().items.filter((item: { kind: string; objectId: number }) => item.kind === 'admission.step_due' && item.objectId === file.id);
    expect(told.map((item: { params: Record<string, unknown> }) => item.params)).toEqual([{ candidateName: 'Đặng Thị Thông Báo', step: 'ceremony', dueBy: addWorkingDays('2025-02-20', 30) }]);

    const open = await admissionStatistics.stocks(ctx.db, { unitId: north.grassroots.id, scope: systemScope('test'), by: 'source', children: true }, todayInVietnam());
    expect(open).toContainEqual({ measure: 'candidates', value: 'student', unitId: null, count: 1 });
    expect(open.find((row) => row.measure === 'candidates' && row.unitId === north.cellA.id && row.value === null)!.count)
      .toBe(open.find((row) => row.measure === 'candidates' && row.unitId === null && row.value === null)!.count);
    // Before the file was opened it was not a candidate.
    const before = await admissionStatistics.stocks(ctx.db, { unitId: north.grassroots.id, scope: systemScope('test'), by: 'source', children: false }, '2024-01-14');
    expect(before).toEqual([]);
  });

  it('one file in progress per person; the proposing unit must be a cell in scope', async () => {
    const citizenId = validCitizenId('male', '1997-07-07');
    await newCandidate('Tạ Văn Một Hồ Sơ', {}, { birthDate: '1997-07-07', citizenId });
    const body = { unitId: north.cellA.id, candidateSince: '2024-02-01', source: 'village', person: { fullName: 'Tạ Văn Một Hồ Sơ', sex: 'male', birthDate: '1997-07-07', citizenId } };
    await refused(officer, 'post', '/api/admissions/candidates', body, 'ADMISSION_CANDIDATE_DUPLICATE');
    await refused(officer, 'post', '/api/admissions/candidates', { ...body, unitId: north.grassroots.id, person: { ...body.person, citizenId: null } }, 'UNIT_NOT_A_CELL');
    await refused(outsider, 'post', '/api/admissions/candidates', { ...body, person: { ...body.person, citizenId: null } }, 'NOT_FOUND');
    await refused(officer, 'post', '/api/admissions/candidates', { ...body, helperMemberId: probationary, person: { ...body.person, citizenId: null } }, 'ADMISSION_HELPER_INVALID');
  });

  it('a file without a citizen ID sent four times at once opens one file; the person\'s name and birth date in the cell tell', async () => {
    const body = { unitId: north.cellA.id, candidateSince: '2024-02-01', source: 'village', person: { fullName: 'Kha Văn Bấm Hai Lần', sex: 'male', birthDate: '1996-06-06' } };
    const answers = await Promise.all(Array.from({ length: 4 }, () => officer.post('/api/admissions/candidates', body)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const first = answers.find((answer) => answer.statusCode === 201)!.json();
    for (const answer of answers.filter((item) => item.statusCode === 409)) expect(answer.json().error).toMatchObject({ code: 'ADMISSION_CANDIDATE_DUPLICATE', details: { candidateId: first.id } });
    await refused(officer, 'post', '/api/admissions/candidates', { ...body, person: { ...body.person, fullName: 'kha van bam hai lan' } }, 'ADMISSION_CANDIDATE_DUPLICATE');
    // Another cell's file for a namesake born the same day is another person's.
    const elsewhere = await officer.post('/api/admissions/candidates', { ...body, unitId: north.cellB.id });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('refuses a scan that is not what it says, or too large', async () => {
    const file = await newCandidate('Mai Văn Tệp');
    const url = `/api/admissions/candidates/${file.id}/documents`;
    await refused(officer, 'post', url, { expectedRowVersion: file.rowVersion, form: '1-KNĐ', dated: '2024-12-02', file: { name: 'x.pdf', contentType: 'application/pdf', base64: Buffer.from('MZ not a pdf').toString('base64') } }, 'ADMISSION_DOCUMENT_INVALID');
    await refused(officer, 'post', url, { expectedRowVersion: file.rowVersion, form: '1-KNĐ', dated: '2024-12-02', file: { name: 'x.pdf', contentType: 'application/pdf', base64: '%%%%' } }, 'ADMISSION_DOCUMENT_INVALID');
    await refused(officer, 'post', url, { expectedRowVersion: file.rowVersion + 1, form: '1-KNĐ', dated: '2024-12-02' }, 'CONFLICT');
  });
});
