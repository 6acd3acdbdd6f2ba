/**
 * The admission file's printed documents (issue 13): the admission decision (9-KNĐ) and the file's checklist as party
 * documents in the 36-HD/VPTW layout, read back as a reader extracts their text; out of scope and before the decision
 * they are not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { addWorkingDays } from '../../../src/rules/working-days.ts';
import { formatVietnameseDate } from '../../../src/lib/dates.ts';

describe('the admission file\'s printed documents', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;
  let fileId: number;
  let decisionNumber: string;
  const introducers: number[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'In Hồ Sơ');
    const south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bên Ngoài');
    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: north.province.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
    const outsiderAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: south.province.id });
    outsider = await signIn(ctx.app, outsiderAccount.username, outsiderAccount.password);
    for (const [index, name] of ['Đỗ Văn Giới', 'Đỗ Thị Thiệu'].entries()) {
      const birthDate = `197${index}-03-0${index + 1}`;
      const sex = index === 1 ? 'female' : 'male';
      introducers.push((await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: name, birthDate, sex, citizenId: validCitizenId(sex, birthDate) })).id);
    }
    const birthDate = '1999-08-19';
    let response = await officer.post('/api/admissions/candidates', {
      unitId: north.cellA.id, candidateSince: '2024-01-15', source: 'private_enterprise', courseName: 'Lớp bồi dưỡng nhận thức về Đảng khóa 2/2024',
      courseCompletedOn: '2024-05-10', certificateNumber: 'NT-2024-77', certificateValidUntil: '2029-05-10', helperMemberId: introducers[0],
      person: { fullName: 'Vũ Thị Kết Nạp', sex: 'female', birthDate, citizenId: validCitizenId('female', birthDate), hometown: 'Xã Yên Phong, Bắc Ninh' },
    });
    expect(response.statusCode, response.body).toBe(201);
    fileId = response.json().id;
    let version: number = response.json().rowVersion;
    const send = async (path: string, body: Record<string, unknown>) => {
      response = await officer.post(`/api/admissions/candidates/${fileId}/${path}`, { ...body, expectedRowVersion: version });
      expect(response.statusCode, response.body).toBe(200);
      version = response.json().rowVersion;
    };
    for (const form of ['1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ']) await send('documents', { form, dated: '2024-12-02' });
    for (const memberId of introducers) await send('introducers', { kind: 'member', memberId, workedWithSince: '2021-02-01', checkedOn: '2024-12-02' });
    await send('steps', { step: 'cell_vote', date: '2025-01-10', votesFor: 2, votesAgainst: 0, passed: true });
    await send('steps', { step: 'grassroots_resolution', date: '2025-01-20' });
    decisionNumber = '118-QĐ/ĐU';
    await send('steps', { step: 'admission_decision', decisionId: await insertDecision(ctx.db, { signedOn: '2025-02-20', issuingUnitId: north.grassroots.id, number: decisionNumber, issuingBody: 'Đảng ủy cơ sở In Hồ Sơ' }) });
  });
  afterAll(async () => { await ctx.close(); });

  async function pdfText(client: ApiClient, url: string) {
    const response = await client.get(url);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return (await pdfPages(response.rawPayload)).join('\n');
  }

  it('prints the admission decision under the issuing committee, with the candidate, the cell\'s vote and the ceremony\'s deadline', async () => {
    const text = await pdfText(officer, `/api/admissions/candidates/${fileId}/decision.pdf`);
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain('ĐẢNG BỘ CƠ SỞ IN HỒ SƠ');
    expect(text).toContain(`Số: ${decisionNumber}`);
    expect(text).toContain('QUYẾT ĐỊNH KẾT NẠP ĐẢNG VIÊN');
    expect(text).toContain('Vũ Thị Kết Nạp');
    expect(text).toContain('Xã Yên Phong, Bắc Ninh');
    expect(text).toContain('10/01/2025');
    // The ceremony within 30 working days of the decision signed on 20/2/2025.
    expect(text).toContain(`chậm nhất ngày ${formatVietnameseDate(addWorkingDays('2025-02-20', 30))}`);
  });

  it('prints the checklist: every form with its date or "not yet", the introducers and the steps with their deadlines', async () => {
    const text = await pdfText(officer, `/api/admissions/candidates/${fileId}/checklist.pdf`);
    expect(text).toContain('DANH MỤC HỒ SƠ KẾT NẠP ĐẢNG VIÊN');
    expect(text).toContain('Đơn xin vào Đảng');
    expect(text).toContain('15-KNĐ');
    expect(text).toContain('02/12/2024');
    expect(text).toContain('Chưa có');
    expect(text).toContain('Đỗ Văn Giới');
    expect(text).toContain('NT-2024-77');
    expect(text).toContain('Các bước đã thực hiện');
    // The decision's deadline: 60 working days from the vote, around Tết Ất Tỵ.
    expect(text).toContain(formatVietnameseDate(addWorkingDays('2025-01-10', 60)));
  });

  it('is not found out of scope; a decision asked before the competent level has decided is refused with its own code', async () => {
    for (const document of ['decision.pdf', 'checklist.pdf']) {
      const response = await outsider.get(`/api/admissions/candidates/${fileId}/${document}`);
      expect([response.statusCode, response.json().error.code]).toEqual([404, 'NOT_FOUND']);
    }
    const birthDate = '2000-01-02';
    const fresh = await officer.post('/api/admissions/candidates', {
      unitId: north.cellB.id, candidateSince: '2024-03-01', source: 'student', person: { fullName: 'Hồ Văn Chưa Quyết', sex: 'male', birthDate, citizenId: validCitizenId('male', birthDate) },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    const response = await officer.get(`/api/admissions/candidates/${fresh.json().id}/decision.pdf`);
    expect([response.statusCode, response.json().error.code]).toEqual([409, 'ADMISSION_DECISION_NOT_RECORDED']);
    expect(response.json().error.message).toContain('chưa có quyết định kết nạp');
    expect(await pdfText(officer, `/api/admissions/candidates/${fresh.json().id}/checklist.pdf`)).toContain('Hồ Văn Chưa Quyết');
  });
});
