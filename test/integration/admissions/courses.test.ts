/**
 * The awareness course as an object on the real database (issue 13, item 6; DOMAIN.md §2): a course organized by a
 * commune committee, candidates of the cells under it added, closed with each one's result; a completion fills the
 * candidate's certificate in the same transaction, so the cell's vote is judged on it unchanged; every refusal
 * changes nothing; the scope; and the counts for the reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit, type UnitFixture } from '../../helpers/factories.ts';
import { insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import { admissionStatistics } from '../../../src/modules/admissions/statistics.ts';

const PDF = Buffer.from('%PDF-1.4\n% biểu mẫu\n%%EOF\n').toString('base64');

describe('awareness courses', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  /** A cell directly under the north commune, outside its grassroots committee. */
  let communeCell: UnitFixture;
  let officer: ApiClient;
  let secretary: ApiClient;
  let viewer: ApiClient;
  let outsider: ApiClient;
  const introducers: number[] = [];
  let sequence = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bồi Dưỡng');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ngoài Lớp');
    communeCell = await insertUnit(ctx.db, { parentId: north.commune.id, kind: 'cell', name: 'Chi bộ cơ quan xã Bồi Dưỡng', validFrom: '2000-01-01' });
    const sign = async (role: 'org_officer' | 'cell_secretary' | 'viewer', unitId: number) => {
      const account = await createAccount(ctx.db, { role, unitId });
      return signIn(ctx.app, account.username, account.password);
    };
    officer = await sign('org_officer', north.province.id);
    secretary = await sign('cell_secretary', north.cellA.id);
    viewer = await sign('viewer', north.province.id);
    outsider = await sign('org_officer', south.province.id);
    for (const [index, name] of ['Hoàng Văn Một', 'Hoàng Văn Hai', 'Hoàng Thị Ba'].entries()) {
      const birthDate = `197${index}-03-0${index + 1}`;
      const sex = index === 2 ? 'female' : 'male';
      introducers.push((await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: name, birthDate, sex, citizenId: validCitizenId(sex, birthDate) })).id);
    }
  });
  afterAll(async () => { await ctx.close(); });

  /** Rows of every table a refused course command might have touched, and the row versions. */
  async function snapshot() {
    const tables = ['admission_courses', 'admission_course_participants', 'admission_candidates', 'admission_steps', 'journal', 'notifications'] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const courses = await ctx.db.selectFrom('admission_courses').select(['id', 'row_version', 'status']).orderBy('id').execute();
    const candidates = await ctx.db.selectFrom('admission_candidates').select(['id', 'row_version', 'course_name', 'certificate_number']).orderBy('id').execute();
    const participants = await ctx.db.selectFrom('admission_course_participants').select(['id', 'result', 'voided_at']).orderBy('id').execute();
    return { counts, courses, candidates, participants };
  }

  /** The request is refused with `code` (and `status` when given), and nothing changed. */
  async function refused(client: ApiClient, method: 'post' | 'get', url: string, body: unknown, code: string, status?: number) {
    const before = await snapshot();
    const response = method === 'get' ? await client.get(url) : await client.post(url, body);
    expect(response.json().error?.code, response.body).toBe(code);
    if (status) expect(response.statusCode).toBe(status);
    expect(response.statusCode).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
    return response;
  }

  async function newCandidate(name: string, unitId = north.cellA.id, client = officer): Promise<number> {
    sequence++;
    const birthDate = `199${sequence % 10}-0${1 + (sequence % 9)}-1${sequence % 10}`;
    const response = await client.post('/api/admissions/candidates', {
      unitId, candidateSince: '2024-09-02', source: sequence % 2 ? 'youth_union' : 'village',
      person: { fullName: name, sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate) },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  let codeNumber = 0;
  async function newCourse(body: Record<string, unknown> = {}) {
    codeNumber++;
    const response = await officer.post('/api/admissions/courses', {
      unitId: north.commune.id, name: 'Lớp bồi dưỡng nhận thức về Đảng', code: `K${codeNumber}/2025`, opensOn: '2025-03-17', closesOn: '2025-03-28', place: 'Trung tâm chính trị xã', ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; rowVersion: number; participantList: { id: number; candidateId: number }[] };
  }

  async function withParticipants(candidateIds: number[], body: Record<string, unknown> = {}) {
    const course = await newCourse(body);
    const response = await officer.post(`/api/admissions/courses/${course.id}/participants`, { expectedRowVersion: course.rowVersion, candidateIds });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { id: number; rowVersion: number; participantList: { id: number; candidateId: number; fullName: string }[] };
  }

  /**
   * A course is organized by a grassroots committee or a level above (06-HD/TW §3; DOMAIN.md §1–2): a cell is refused,
   * so are a closing before the opening and a number the unit already gave; out of scope is 404; each changes nothing.
   */
  it('opens a course at a commune committee and refuses a cell, a closing before the opening, a number taken and a unit out of scope', async () => {
    const course = await newCourse({ code: 'K01/2025' });
    expect(course).toMatchObject({ unitId: north.commune.id, unitName: 'Đảng bộ xã Bồi Dưỡng', status: 'open', participants: 0, completed: 0, participantList: [], rowVersion: 0 });
    const valid = { unitId: north.commune.id, name: 'Lớp khác', code: 'K02/2025', opensOn: '2025-04-01', closesOn: '2025-04-10' };
    await refused(officer, 'post', '/api/admissions/courses', { ...valid, unitId: north.cellA.id }, 'COURSE_UNIT_INVALID', 422);
    await refused(officer, 'post', '/api/admissions/courses', { ...valid, closesOn: '2025-03-31' }, 'COURSE_DATE_ORDER', 422);
    await refused(officer, 'post', '/api/admissions/courses', { ...valid, code: 'K01/2025' }, 'COURSE_CODE_TAKEN', 409);
    await refused(outsider, 'post', '/api/admissions/courses', valid, 'NOT_FOUND', 404);
    await refused(secretary, 'post', '/api/admissions/courses', valid, 'NOT_FOUND', 404);
    await refused(viewer, 'post', '/api/admissions/courses', valid, 'FORBIDDEN', 403);
    await refused(officer, 'post', '/api/admissions/courses', { ...valid, extra: 1 }, 'VALIDATION_FAILED', 422);
    await refused(officer, 'post', '/api/admissions/courses', { ...valid, opensOn: '2025-02-30' }, 'VALIDATION_FAILED', 422);
    // The grassroots committee organizes too; the same number at another unit is its own.
    const grassroots = await officer.post('/api/admissions/courses', { ...valid, unitId: north.grassroots.id, code: 'K01/2025' });
    expect(grassroots.statusCode, grassroots.body).toBe(201);
    const journal = await ctx.db.selectFrom('journal').select('action').where('object_type', '=', 'admission_course').where('object_id', '=', String(course.id)).execute();
    expect(journal.map((entry) => entry.action)).toEqual(['admission.course_created']);
  });

  /**
   * Participants are candidates of cells under the organizing unit, in the caller's scope, files open before the
   * cell's vote (the certificate comes before it: Charter Art. 4; 06-HD/TW §3), in one open course at a time.
   */
  it('adds candidates of the cells under the organizing unit and refuses the others, each refusal changing nothing', async () => {
    const first = await newCandidate('Đặng Văn Học');
    const second = await newCandidate('Đặng Thị Học', north.cellB.id);
    const atCommune = await newCandidate('Đặng Văn Xã', communeCell.id);
    const elsewhere = await newCandidate('Đặng Văn Xa', south.cellA.id, outsider);
    const course = await newCourse({ unitId: north.grassroots.id });
    const url = `/api/admissions/courses/${course.id}/participants`;
    await refused(officer, 'post', url, { expectedRowVersion: 0, candidateIds: [first, elsewhere] }, 'NOT_FOUND', 404);
    await refused(officer, 'post', url, { expectedRowVersion: 0, candidateIds: [first, atCommune] }, 'COURSE_PARTICIPANT_OUTSIDE', 422);
    await refused(officer, 'post', url, { expectedRowVersion: 0, candidateIds: [first, first] }, 'COURSE_PARTICIPANT_DUPLICATE', 409);
    await refused(officer, 'post', url, { expectedRowVersion: 5, candidateIds: [first] }, 'CONFLICT', 409);
    await refused(officer, 'post', url, { expectedRowVersion: 0, candidateIds: [] }, 'VALIDATION_FAILED', 422);
    // The secretary of cell A sees neither the grassroots committee's course nor may write to it: 404.
    await refused(secretary, 'post', url, { expectedRowVersion: 0, candidateIds: [first] }, 'NOT_FOUND', 404);
    await refused(outsider, 'post', url, { expectedRowVersion: 0, candidateIds: [elsewhere] }, 'NOT_FOUND', 404);

    const response = await officer.post(url, { expectedRowVersion: 0, candidateIds: [first, second] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ participants: 2, rowVersion: 1 });
    expect(response.json().participantList.map((entry: { fullName: string; cellName: string }) => [entry.fullName, entry.cellName]).sort())
      .toEqual([['Đặng Thị Học', 'Chi bộ Bồi Dưỡng 2'], ['Đặng Văn Học', 'Chi bộ Bồi Dưỡng 1']]);
    // Already in this course, or in another open one: refused.
    await refused(officer, 'post', url, { expectedRowVersion: 1, candidateIds: [first] }, 'COURSE_PARTICIPANT_DUPLICATE', 409);
    const other = await newCourse();
    await refused(officer, 'post', `/api/admissions/courses/${other.id}/participants`, { expectedRowVersion: 0, candidateIds: [second] }, 'COURSE_PARTICIPANT_DUPLICATE', 409);
    // A file withdrawn is not a candidate any more.
    const withdrawn = await newCandidate('Đặng Văn Thôi');
    const step = await officer.post(`/api/admissions/candidates/${withdrawn}/steps`, { step: 'withdrawal', expectedRowVersion: 0, date: '2025-01-06', reason: 'Chuyển công tác' });
    expect(step.statusCode, step.body).toBe(200);
    await refused(officer, 'post', `/api/admissions/courses/${other.id}/participants`, { expectedRowVersion: 0, candidateIds: [withdrawn] }, 'COURSE_CANDIDATE_INELIGIBLE', 422);

    // Taken off with a reason (kept, voided), then free to join the other course.
    const participant = response.json().participantList.find((entry: { candidateId: number }) => entry.candidateId === second).id;
    await refused(officer, 'post', `/api/admissions/courses/${course.id}/participants/${participant}/void`, { expectedRowVersion: 1 }, 'VALIDATION_FAILED', 422);
    await refused(officer, 'post', `/api/admissions/courses/${course.id}/participants/999999/void`, { expectedRowVersion: 1, reason: 'Nhầm' }, 'NOT_FOUND', 404);
    const voided = await officer.post(`/api/admissions/courses/${course.id}/participants/${participant}/void`, { expectedRowVersion: 1, reason: 'Đi học nơi khác' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ participants: 1, rowVersion: 2 });
    expect(voided.json().participantList.at(-1)).toMatchObject({ candidateId: second, voided: true, voidReason: 'Đi học nơi khác' });
    expect((await officer.post(`/api/admissions/courses/${other.id}/participants`, { expectedRowVersion: 0, candidateIds: [second] })).statusCode).toBe(200);
    const journal = await ctx.db.selectFrom('journal').select(['action', 'reason']).where('object_type', '=', 'admission_course').where('object_id', '=', String(course.id)).orderBy('id').execute();
    expect(journal).toEqual([
      { action: 'admission.course_created', reason: null }, { action: 'admission.course_participant_added', reason: null },
      { action: 'admission.course_participant_added', reason: null }, { action: 'admission.course_participant_voided', reason: 'Đi học nơi khác' },
    ]);
  });

  /**
   * Closing records every participant's result; a completion fills the candidate's course, completion date,
   * certificate number and validity (by default the rule's: 5 years from the closing date, DOMAIN.md §2 `[?]`) in the
   * same transaction, journaled; the cell's vote is then judged on it as on a certificate entered directly (Charter
   * Art. 4.3; 06-HD/TW §3), and a participant who did not complete has no certificate for the vote.
   */
  it('closes a course with the results, fills the candidates\' certificates, and the cell\'s vote is judged on them', async () => {
    const done = await newCandidate('Vũ Văn Xong');
    const dated = await newCandidate('Vũ Thị Hạn');
    const failed = await newCandidate('Vũ Văn Chưa');
    const course = await withParticipants([done, dated, failed], { code: 'K03/2025' });
    const participant = (candidateId: number) => course.participantList.find((entry) => entry.candidateId === candidateId)!.id;
    const url = `/api/admissions/courses/${course.id}/close`;
    const results = [
      { participantId: participant(done), result: 'completed', certificateNumber: 'GCN-031' },
      { participantId: participant(dated), result: 'completed', certificateNumber: 'GCN-032', certificateValidUntil: '2027-12-31' },
      { participantId: participant(failed), result: 'not_completed', note: 'Vắng quá thời gian quy định' },
    ];
    const body = { expectedRowVersion: course.rowVersion, closedOn: '2025-03-28', results };
    await refused(officer, 'post', url, { ...body, results: results.slice(0, 2) }, 'COURSE_RESULTS_INVALID', 422);
    await refused(officer, 'post', url, { ...body, results: [...results, results[0]] }, 'COURSE_RESULTS_INVALID', 422);
    await refused(officer, 'post', url, { ...body, results: [...results.slice(0, 2), { ...results[2], participantId: 999999 }] }, 'COURSE_RESULTS_INVALID', 422);
    await refused(officer, 'post', url, { ...body, results: [results[0], { ...results[1], certificateNumber: 'gcn-031' }, results[2]] }, 'COURSE_RESULTS_INVALID', 422);
    await refused(officer, 'post', url, { ...body, results: [results[0], { ...results[1], certificateValidUntil: '2025-03-27' }, results[2]] }, 'ADMISSION_CERTIFICATE_INVALID', 422);
    await refused(officer, 'post', url, { ...body, closedOn: '2025-03-16' }, 'COURSE_DATE_ORDER', 422);
    await refused(officer, 'post', url, { ...body, closedOn: '2099-01-01' }, 'DATE_IN_FUTURE', 422);
    await refused(officer, 'post', url, { ...body, expectedRowVersion: 0 }, 'CONFLICT', 409);
    await refused(officer, 'post', url, { ...body, results: [{ participantId: participant(done), result: 'completed' }, ...results.slice(1)] }, 'VALIDATION_FAILED', 422);
    await refused(viewer, 'post', url, body, 'FORBIDDEN', 403);
    await refused(outsider, 'post', url, body, 'NOT_FOUND', 404);
    const versions = await ctx.db.selectFrom('admission_candidates').select(['id', 'row_version']).where('id', 'in', [done, dated, failed]).orderBy('id').execute();

    const response = await officer.post(url, body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'closed', closedOn: '2025-03-28', participants: 3, completed: 2 });
    expect(response.json().participantList.find((entry: { candidateId: number }) => entry.candidateId === done))
      .toMatchObject({ result: 'completed', certificateNumber: 'GCN-031', certificateValidUntil: '2030-03-27', appliedToCandidate: true });
    const file = (id: number) => officer.get(`/api/admissions/candidates/${id}`).then((answer) => answer.json());
    expect(await file(done)).toMatchObject({
      courseName: 'Lớp bồi dưỡng nhận thức về Đảng (K03/2025)', courseCompletedOn: '2025-03-28', certificateNumber: 'GCN-031', certificateValidUntil: '2030-03-27',
      rowVersion: versions.find((row) => row.id === done)!.row_version + 1,
    });
    expect(await file(dated)).toMatchObject({ courseCompletedOn: '2025-03-28', certificateNumber: 'GCN-032', certificateValidUntil: '2027-12-31' });
    expect(await file(failed)).toMatchObject({ courseCompletedOn: null, certificateNumber: null, rowVersion: versions.find((row) => row.id === failed)!.row_version });
    const changed = await ctx.db.selectFrom('journal').select(['object_id', 'reason', 'effective_date', 'before', 'after'])
      .where('action', '=', 'admission.candidate_changed').where('reason', '=', `admission_course:${course.id}`).orderBy('object_id').execute();
    expect(changed.map((entry) => Number(entry.object_id)).sort()).toEqual([done, dated].sort());
    expect(changed.find((entry) => Number(entry.object_id) === done)).toMatchObject({
      before: { certificate_number: null }, after: { certificate_number: 'GCN-031', certificate_valid_until: '2030-03-27' },
    });
    expect((await ctx.db.selectFrom('journal').select('action').where('object_type', '=', 'admission_course').where('object_id', '=', String(course.id)).orderBy('id').execute()).at(-1))
      .toEqual({ action: 'admission.course_closed' });

    // A closed course takes no participant, no second closing, no cancellation.
    const other = await newCandidate('Vũ Văn Muộn');
    const closed = response.json().rowVersion;
    await refused(officer, 'post', `/api/admissions/courses/${course.id}/participants`, { expectedRowVersion: closed, candidateIds: [other] }, 'COURSE_NOT_OPEN', 409);
    await refused(officer, 'post', url, { ...body, expectedRowVersion: closed }, 'COURSE_NOT_OPEN', 409);
    await refused(officer, 'post', `/api/admissions/courses/${course.id}/cancel`, { expectedRowVersion: closed, reason: 'Nhầm' }, 'COURSE_NOT_OPEN', 409);

    // The cell's vote, unchanged: the completed participant's file passes on the course's certificate…
    const complete = async (id: number) => {
      let version = (await file(id)).rowVersion as number;
      for (const form of ['1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ']) {
        const answer = await officer.post(`/api/admissions/candidates/${id}/documents`, { expectedRowVersion: version, form, dated: '2025-04-01', file: form === '1-KNĐ' ? { name: 'don.pdf', contentType: 'application/pdf', base64: PDF } : null });
        expect(answer.statusCode, answer.body).toBe(200);
        version = answer.json().rowVersion;
      }
      for (const memberId of introducers.slice(0, 2)) {
        const answer = await officer.post(`/api/admissions/candidates/${id}/introducers`, { kind: 'member', expectedRowVersion: version, memberId, workedWithSince: '2020-03-01', checkedOn: '2025-04-01' });
        expect(answer.statusCode, answer.body).toBe(200);
        version = answer.json().rowVersion;
      }
      return version;
    };
    let version = await complete(done);
    const vote = await officer.post(`/api/admissions/candidates/${done}/steps`, { step: 'cell_vote', expectedRowVersion: version, date: '2025-04-11', votesFor: 3, votesAgainst: 0, passed: true });
    expect(vote.statusCode, vote.body).toBe(200);
    expect(vote.json()).toMatchObject({ stage: 'cell_vote', nextStep: 'grassroots_resolution' });
    // …the one who did not complete has no certificate for the vote.
    version = await complete(failed);
    const refusedVote = await officer.post(`/api/admissions/candidates/${failed}/steps`, { step: 'cell_vote', expectedRowVersion: version, date: '2025-04-11', votesFor: 3, votesAgainst: 0, passed: true });
    expect(refusedVote.json().error).toMatchObject({ code: 'ADMISSION_FILE_INCOMPLETE', details: { certificateMissing: true } });
    // A file voted on can join no course any more.
    const later = await newCourse({ code: 'K09/2025', opensOn: '2025-05-05', closesOn: '2025-05-16' });
    await refused(officer, 'post', `/api/admissions/courses/${later.id}/participants`, { expectedRowVersion: 0, candidateIds: [done] }, 'COURSE_CANDIDATE_INELIGIBLE', 422);
  });

  it('a participant whose file was withdrawn before the closing keeps the result on the course only', async () => {
    const leaving = await newCandidate('Mai Văn Đi');
    const course = await withParticipants([leaving], { code: 'K04/2025' });
    const step = await officer.post(`/api/admissions/candidates/${leaving}/steps`, { step: 'withdrawal', expectedRowVersion: 0, date: '2025-03-20', reason: 'Chuyển vùng' });
    expect(step.statusCode, step.body).toBe(200);
    const response = await officer.post(`/api/admissions/courses/${course.id}/close`, {
      expectedRowVersion: course.rowVersion, closedOn: '2025-03-28', results: [{ participantId: course.participantList[0].id, result: 'completed', certificateNumber: 'GCN-041' }],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().participantList[0]).toMatchObject({ result: 'completed', appliedToCandidate: false, candidateStatus: 'withdrawn' });
    expect((await officer.get(`/api/admissions/candidates/${leaving}`)).json()).toMatchObject({ certificateNumber: null, status: 'withdrawn' });
  });

  it('cancels a running course with a reason (kept), after which its participants may join another', async () => {
    const person = await newCandidate('Lý Văn Hoãn');
    const course = await withParticipants([person], { code: 'K05/2025' });
    const url = `/api/admissions/courses/${course.id}/cancel`;
    await refused(officer, 'post', url, { expectedRowVersion: course.rowVersion }, 'VALIDATION_FAILED', 422);
    await refused(officer, 'post', url, { expectedRowVersion: course.rowVersion, reason: '   ' }, 'VALIDATION_FAILED', 422);
    await refused(outsider, 'post', url, { expectedRowVersion: course.rowVersion, reason: 'Không' }, 'NOT_FOUND', 404);
    const response = await officer.post(url, { expectedRowVersion: course.rowVersion, reason: 'Không đủ học viên' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Không đủ học viên', participants: 1 });
    await refused(officer, 'post', url, { expectedRowVersion: response.json().rowVersion, reason: 'Lần nữa' }, 'COURSE_NOT_OPEN', 409);
    // The number is free again, and the participant joins the new course.
    const again = await withParticipants([person], { code: 'K05/2025' });
    expect(again.participantList.map((entry) => entry.candidateId)).toEqual([person]);
    expect((await ctx.db.selectFrom('admission_courses').select('id').where('id', '=', course.id).execute()).length).toBe(1);
  });

  it('lists the courses of a subtree in pages with a total, by status, name and candidate, in the caller\'s scope only', async () => {
    const person = await newCandidate('Trịnh Văn Lớp');
    const mine = await withParticipants([person], { unitId: north.grassroots.id, code: 'T01/2026', name: 'Lớp nhận thức khóa Tết', opensOn: '2026-01-05', closesOn: '2026-01-16' });
    const theirs = await outsider.post('/api/admissions/courses', { unitId: south.commune.id, name: 'Lớp phía nam', code: 'N01', opensOn: '2025-06-02', closesOn: '2025-06-13' });
    expect(theirs.statusCode, theirs.body).toBe(201);

    const total = Number((await ctx.db.selectFrom('admission_courses as c').innerJoin('org_units as u', 'u.id', 'c.unit_id').select((eb) => eb.fn.countAll().as('n'))
      .where('u.scope_path', 'like', `${north.province.path}%`).executeTakeFirstOrThrow()).n);
    const seen: number[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const response = await officer.get(`/api/admissions/courses?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(page.total).toBe(first ? total : null);
      first = false;
      seen.push(...page.items.map((item: { id: number }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen[0]).toBe(mine.id);
    expect(seen).not.toContain(theirs.json().id);

    const list = async (client: ApiClient, query: string) => {
      const response = await client.get(`/api/admissions/courses?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((item: { id: number }) => item.id) as number[];
    };
    expect(await list(officer, `candidateId=${person}`)).toEqual([mine.id]);
    expect(await list(officer, 'q=khoa%20tet')).toEqual([mine.id]);
    expect(await list(officer, `unitId=${north.grassroots.id}&q=t01`)).toEqual([mine.id]);
    expect((await list(officer, 'status=cancelled')).length).toBeGreaterThan(0);
    expect(await list(outsider, '')).toEqual([theirs.json().id]);
    expect(await list(viewer, `candidateId=${person}`)).toEqual([mine.id]);
    // A cell's secretary sees the courses their candidates attend (every one organized above the cell), no other.
    const attended = (await ctx.db.selectFrom('admission_course_participants as p').innerJoin('admission_candidates as k', 'k.id', 'p.candidate_id')
      .select('p.course_id').distinct().where('k.unit_id', '=', north.cellA.id).where('p.voided_at', 'is', null).execute()).map((row) => Number(row.course_id));
    expect(attended).toContain(mine.id);
    expect((await list(secretary, '')).sort()).toEqual(attended.sort());
    expect(await list(secretary, `candidateId=${person}`)).toEqual([mine.id]);
    await refused(outsider, 'get', `/api/admissions/courses?unitId=${north.commune.id}`, null, 'NOT_FOUND', 404);
    await refused(officer, 'get', '/api/admissions/courses?cursor=bm90LWEtY3Vyc29y', null, 'VALIDATION_FAILED', 422);

    const detail = await viewer.get(`/api/admissions/courses/${mine.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ code: 'T01/2026', unitName: 'Đảng bộ cơ sở Bồi Dưỡng', participants: 1, participantList: [{ candidateId: person, fullName: 'Trịnh Văn Lớp', result: null }] });
    await refused(outsider, 'get', `/api/admissions/courses/${mine.id}`, null, 'NOT_FOUND', 404);
    // Read, not managed: its participants listed to the secretary are their cell's alone, and a command is refused.
    const read = await secretary.get(`/api/admissions/courses/${mine.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ manageable: false, participantList: [{ candidateId: person }] });
    expect(read.json().participantList.every((entry: { cellId: number }) => entry.cellId === north.cellA.id)).toBe(true);
    expect(detail.json().manageable).toBe(false);
    expect((await officer.get(`/api/admissions/courses/${mine.id}`)).json().manageable).toBe(true);
    await refused(secretary, 'post', `/api/admissions/courses/${mine.id}/cancel`, { expectedRowVersion: read.json().rowVersion, reason: 'Không có quyền' }, 'NOT_FOUND', 404);
    await refused(officer, 'get', '/api/admissions/courses/99999999', null, 'NOT_FOUND', 404);
  });

  /**
   * The reports' counts (DOMAIN.md §8; "14 courses for 808 candidates"): the courses closed in the period and their
   * participants, counted in the organizing unit on the tree as it stood on the closing date; the candidates who
   * completed one still count as `courseCompleted` in their cells.
   */
  it('counts the courses closed in the period and their participants in the organizing unit, beside the completions', async () => {
    const people = [await newCandidate('Tạ Văn Một'), await newCandidate('Tạ Văn Hai', north.cellB.id), await newCandidate('Tạ Văn Ba', communeCell.id)];
    const course = await withParticipants(people, { code: 'S01/2025', opensOn: '2025-08-04', closesOn: '2025-08-15' });
    const closed = await officer.post(`/api/admissions/courses/${course.id}/close`, {
      expectedRowVersion: course.rowVersion, closedOn: '2025-08-15',
      results: course.participantList.map((entry, index) => (index < 2 ? { participantId: entry.id, result: 'completed', certificateNumber: `GCN-S${index}` } : { participantId: entry.id, result: 'not_completed' })),
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const flows = (unitId: number, by: string | null, children: boolean) =>
      admissionStatistics.flows!(ctx.db, { unitId, scope: systemScope('test'), by, children }, '2025-08-01', '2025-08-31');
    const totals = await flows(north.province.id, null, true);
    expect(totals).toEqual(expect.arrayContaining([
      { measure: 'courses', value: null, unitId: null, count: 1 },
      { measure: 'courses', value: null, unitId: north.commune.id, count: 1 },
      { measure: 'courseParticipants', value: null, unitId: null, count: 3 },
      { measure: 'courseCompleted', value: null, unitId: null, count: 2 },
    ]));
    // Counted in the commune that organized it, not in the grassroots committee whose cells sent two of them.
    expect((await flows(north.grassroots.id, null, false)).filter((row) => row.measure === 'courses' || row.measure === 'courseParticipants')).toEqual([]);
    expect(await flows(south.province.id, null, false)).toEqual([]);
    // By source: the participants by their source, the courses in total only; by sector: the organizer's.
    const bySource = await flows(north.province.id, 'source', false);
    expect(bySource.filter((row) => row.measure === 'courses')).toEqual([{ measure: 'courses', value: null, unitId: null, count: 1 }]);
    expect(bySource.filter((row) => row.measure === 'courseParticipants' && row.value !== null).reduce((sum, row) => sum + row.count, 0)).toBe(3);
    expect((await flows(north.province.id, 'sector', false)).filter((row) => row.measure === 'courses')).toEqual([
      { measure: 'courses', value: null, unitId: null, count: 1 }, { measure: 'courses', value: 'unknown', unitId: null, count: 1 },
    ]);
    // In scope only: a caller of the south sees none of it through the statistics the reports read.
    const report = await officer.get(`/api/statistics/figures?source=admissions&unitId=${north.province.id}&from=2025-08-01&to=2025-08-31`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().figures).toContainEqual(expect.objectContaining({ measure: 'courses', unitId: null, count: 1 }));
    expect(report.json().figures).toContainEqual(expect.objectContaining({ measure: 'courseParticipants', unitId: null, count: 3 }));
    // Drilled down: the participants, each opening their file; the courses themselves count no one.
    const drill = (measure: string) => officer.get(`/api/statistics/members?source=admissions&unitId=${north.province.id}&measure=${measure}&from=2025-08-01&to=2025-08-31`);
    expect((await drill('courseParticipants')).json().items.map((item: { id: number; link: string }) => item.link).sort())
      .toEqual(people.map((id) => `/admissions/${id}`).sort());
    expect((await drill('courses')).json()).toEqual({ who: 'none', items: [], nextAfter: null });
    // The same in the standard form of admissions, its courses section.
    const form = (await officer.get(`/api/statistics/forms/admissions?unitId=${north.province.id}&from=2025-08-01&to=2025-08-31`)).json();
    const section = form.sections.find((candidate: { key: string }) => candidate.key === 'courses');
    expect(section.columns.map((column: { key: string }) => column.key)).toEqual(['courses', 'courseParticipants', 'courseCompleted']);
    expect(section.rows[0].cells.map((cell: { count: number }) => cell.count)).toEqual([1, 3, 2]);
    expect((await outsider.get(`/api/statistics/figures?source=admissions&unitId=${north.province.id}&from=2025-08-01&to=2025-08-31`)).statusCode).toBe(404);
  });
});
