/**
 * The admission pipeline in the web app (issue 13; DOMAIN.md §2, §9), at desktop and phone width: a new officer opens a
 * candidate's file from the awareness course, records the forms and the introducers, and walks it through the cell's
 * vote (late January 2025: the decision's 60-working-day deadline skips Tết Ất Tỵ), the resolution, the decision, a
 * late ceremony (refused without a reason, then recorded with one), the review after probation and recognition as
 * official; sees the file turn overdue on the worklist and on the home page; prints the admission decision and the
 * checklist as PDFs; finds the file from the member's page; and reads the calendar of the year with its lunar holidays.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import type { OrgNodeList, RestructureResult } from '../../src/contracts/orgs.ts';
import type { CommandResult } from '../../src/contracts/members.ts';
import { addWorkingDays, dayOfWeek } from '../../src/rules/working-days.ts';
import { addDays } from '../../src/lib/dates.ts';
import {
  ApiSession, DESKTOP, PHONE, changePasswordThroughForm, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm,
} from './helpers.ts';

const RUN = Date.now().toString(36).slice(-5);
const PDF = Buffer.from('%PDF-1.4\n% don xin vao Dang\n%%EOF\n');
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

/** `count` weekdays after `from`, ignoring holidays: what a deadline would be without the calendar. */
function weekdaysAfter(from: string, count: number): string {
  let day = from;
  for (let left = count; left > 0;) {
    day = addDays(day, 1);
    if (dayOfWeek(day) !== 0 && dayOfWeek(day) !== 6) left--;
  }
  return day;
}

async function bytesOf(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

async function noHorizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the admission pipeline in the web app', () => {
  let browser: Browser;
  let operator: ApiSession;
  let officer: { username: string; password: string };
  let cell: { id: number; name: string };
  let grassrootsId: number;
  let provinceId: number;
  const introducers: string[] = [`Nguyễn Văn Giới ${RUN}`, `Trần Thị Thiệu ${RUN}`, `Lê Văn Ba ${RUN}`];
  const candidate = `Phạm Thị Ưu Tú ${RUN}`;
  const decisions: Record<'admission' | 'recognition', string> = { admission: `${RUN}-45-QĐ/ĐU`, recognition: `${RUN}-88-QĐ/ĐU` };
  let fileId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    // A province with one cell since 2020, its three official members, and the decisions the officer will cite.
    const rootId = (await operator.get<OrgNodeList>('/api/orgs/roots')).items[0].id;
    const founding = await operator.post<Decision>('/api/decisions', { number: `${RUN}-01-QĐ/TW`, signedOn: '2019-12-20', issuingBody: 'Ban Tổ chức Trung ương', issuingUnitId: rootId, subject: 'Thành lập' });
    const establish = async (parentId: number, code: string, name: string, kind: string) => {
      const result = await operator.post<RestructureResult>('/api/orgs/batches', { operation: 'establish', effectiveDate: '2020-01-01', decisionId: founding.id, units: [{ code: `KN${RUN}${code}`, name, kind, parentId }] });
      return { id: result.summary.unitsCreated[0].unitId, name };
    };
    const province = await establish(rootId, 'T', `Đảng bộ tỉnh Kết Nạp ${RUN}`, 'provincial_committee');
    provinceId = province.id;
    // A grassroots committee directly under the province: allowed before 1/7/2025 and after.
    grassrootsId = (await establish(province.id, 'C', `Đảng bộ Công ty Ưu Tú ${RUN}`, 'grassroots_committee')).id;
    cell = await establish(grassrootsId, 'B', `Chi bộ Phân xưởng ${RUN}`, 'cell');
    for (const [index, fullName] of introducers.entries()) {
      await operator.post<CommandResult>('/api/members/registrations', {
        unitId: cell.id, status: 'official', effectiveDate: '2020-01-01', admissionDate: '2010-01-0' + (index + 1), officialDate: '2011-01-0' + (index + 1),
        member: { fullName, sex: index === 1 ? 'female' : 'male', birthDate: `197${index}-04-1${index}` },
      });
    }
    await operator.post('/api/decisions', { number: decisions.admission, signedOn: '2025-03-03', issuingBody: `Đảng ủy Công ty Ưu Tú ${RUN}`, issuingUnitId: grassrootsId, subject: `Kết nạp ${candidate}` });
    await operator.post('/api/decisions', { number: decisions.recognition, signedOn: '2026-05-20', issuingBody: `Đảng ủy Công ty Ưu Tú ${RUN}`, issuingUnitId: grassrootsId, subject: `Công nhận chính thức ${candidate}` });
    const username = `to.chuc.kn.${RUN}`;
    const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: `Cán bộ tổ chức ${RUN}`, grant: { role: 'org_officer', unitId: province.id } });
    officer = { username, password: created.oneTimePassword };
  });

  afterAll(async () => {
    await browser?.close();
  });

  const filePage = (page: Page, stage: string) => page.locator(`[data-testid="candidate-page"][data-stage="${stage}"]`).waitFor();
  const overdueCount = async (page: Page) => {
    await page.goto('/');
    const item = page.locator('[data-testid="work-item-admissions.overdue"][data-count]');
    await item.waitFor();
    return Number(await item.getAttribute('data-count'));
  };

  /** Opens the form of `step` on the file's page, fills it, sends it and waits for the file to reach `stage`. */
  async function recordStep(page: Page, step: string, stage: string, fill: () => Promise<void>) {
    await page.getByTestId(`record-${step}`).click();
    await page.getByTestId('step-modal-submit').waitFor();
    await fill();
    await page.getByTestId('step-modal-submit').click();
    await filePage(page, stage);
  }
  const votes = async (page: Page, votesFor: number) => {
    await page.locator('input[data-testid="step-votes-for"], [data-testid="step-votes-for"] input').first().fill(String(votesFor));
    await page.locator('input[data-testid="step-votes-against"], [data-testid="step-votes-against"] input').first().fill('0');
  };

  it('a new officer walks a candidate from the awareness course to recognition as official, each deadline in working days around Tết', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, officer.username, officer.password);
    const password = `mat-khau-ket-nap-${RUN}-2026`;
    await changePasswordThroughForm(page, officer.password, password);
    officer.password = password;
    expect(await overdueCount(page)).toBe(0);

    // The candidate's file, from the awareness course and its certificate.
    await page.goto('/admissions');
    await page.getByTestId('admissions-new').click();
    await page.getByTestId('candidate-submit').waitFor();
    await chooseInSelect(page, 'candidate-unit', `Phân xưởng ${RUN}`, cell.name);
    await pickDate(page, 'candidate-since', '01/03/2024');
    await page.getByTestId('candidate-course').fill('Lớp bồi dưỡng nhận thức về Đảng khóa 2/2024');
    await pickDate(page, 'candidate-course-completed', '01/06/2024');
    await page.getByTestId('candidate-certificate').fill(`NT-${RUN}`);
    await pickDate(page, 'candidate-certificate-valid', '01/06/2029');
    await page.getByTestId('identity-full-name').fill(candidate);
    await chooseInSelect(page, 'identity-sex', '', 'Nữ');
    await pickDate(page, 'identity-birth-date', '12/08/1998');
    await page.getByTestId('candidate-submit').click();
    await filePage(page, 'file');
    fileId = Number(new URL(page.url()).pathname.split('/').at(-1));
    expect(fileId).toBeGreaterThan(0);

    // The helping member, assigned on the file.
    await page.getByTestId('edit-candidate').click();
    await page.getByTestId('edit-modal-submit').waitFor();
    await chooseInSelect(page, 'edit-helper', introducers[2].split(' ').slice(-2).join(' '), introducers[2]);
    await page.getByTestId('edit-modal-submit').click();
    await expect.poll(() => page.getByTestId('candidate-helper-link').innerText().catch(() => '')).toBe(introducers[2]);

    // The forms due before the vote, the application with its scan; then the two introducers.
    for (const form of ['1-KNĐ', '2-KNĐ', '3-KNĐ', '5-KNĐ']) {
      await page.getByTestId(`record-form-${form}`).click();
      await page.getByTestId('document-modal-submit').waitFor();
      await pickDate(page, 'document-dated', '06/01/2025');
      if (form === '1-KNĐ') await page.getByTestId('document-file').setInputFiles({ name: 'don-xin-vao-dang.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByTestId('document-modal-submit').click();
      await page.locator(`[data-testid="checklist"] tr[data-form="${form}"][data-recorded="true"]`).waitFor();
    }
    await expect.poll(() => page.getByTestId('checklist').innerText()).toContain('don-xin-vao-dang.pdf');
    for (const name of introducers.slice(0, 2)) {
      await page.getByTestId('add-introducer').click();
      await page.getByTestId('introducer-modal-submit').waitFor();
      await chooseInSelect(page, 'introducer-member', name.split(' ').slice(-2).join(' '), name);
      await pickDate(page, 'introducer-since', '01/01/2023');
      await pickDate(page, 'introducer-checked-on', '06/01/2025');
      await page.getByTestId('introducer-modal-submit').click();
      await expect.poll(() => page.getByTestId('introducers').innerText().catch(() => '')).toContain(name);
    }
    await screenshot(page, 'admissions-01-file-ready');

    // The cell's vote on Friday 24/1/2025, three of three: the decision is due 60 working days later, past Tết Ất Tỵ.
    await recordStep(page, 'cell_vote', 'cell_vote', async () => {
      await pickDate(page, 'step-date', '24/01/2025');
      await votes(page, 3);
    });
    const due = addWorkingDays('2025-01-24', 60);
    expect(due > weekdaysAfter('2025-01-24', 60)).toBe(true);
    const nextDue = page.locator('[data-testid="admission-next-due"]');
    expect(await nextDue.getAttribute('data-due')).toBe(due);
    // That deadline has passed: the file is overdue, in red, with the working days it is late.
    expect(await nextDue.getAttribute('data-overdue')).toBe('true');
    await expect.poll(() => page.getByTestId('admission-next-due-left').innerText()).toMatch(/quá hạn \d+ ngày làm việc/);
    await screenshot(page, 'admissions-02-vote-deadline-after-tet');

    // The overdue list and the home page change.
    await page.goto('/admissions?which=overdue');
    await page.locator(`[data-testid="admissions-table-overdue"] tr[data-candidate-id="${fileId}"][data-overdue="true"]`).waitFor();
    await screenshot(page, 'admissions-03-overdue-list');
    expect(await overdueCount(page)).toBe(1);
    await screenshot(page, 'admissions-04-home-overdue');
    await page.goto(`/admissions/${fileId}`);
    await filePage(page, 'cell_vote');

    await recordStep(page, 'grassroots_resolution', 'grassroots_resolution', async () => { await pickDate(page, 'step-date', '10/02/2025'); });
    await recordStep(page, 'admission_decision', 'admission_decision', async () => {
      await chooseInSelect(page, 'decision-picker', decisions.admission, decisions.admission);
      await expect.poll(() => page.getByTestId('decision-picker').innerText()).toContain(decisions.admission);
    });
    expect(await page.locator('[data-testid="admission-next-due"]').getAttribute('data-due')).toBe(addWorkingDays('2025-03-03', 30));

    // The decision prints as a party document; so does the checklist.
    const [decisionPdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('print-decision').click()]);
    expect(decisionPdf.suggestedFilename()).toBe(`quyet-dinh-ket-nap-${fileId}.pdf`);
    expect((await bytesOf(decisionPdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [checklistPdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('print-checklist').click()]);
    expect(checklistPdf.suggestedFilename()).toBe(`danh-muc-ho-so-${fileId}.pdf`);
    expect((await bytesOf(checklistPdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // A ceremony after its deadline is refused without a reason, and the file is unchanged; with one it is recorded.
    await page.getByTestId('record-ceremony').click();
    await page.getByTestId('step-modal-submit').waitFor();
    await pickDate(page, 'step-date', '05/05/2025');
    await page.getByTestId('step-modal-submit').click();
    await expect.poll(() => page.getByTestId('step-error').innerText()).toContain('ADMISSION_LATE_WITHOUT_REASON');
    await screenshot(page, 'admissions-05-late-ceremony-refused');
    await page.getByTestId('step-reason').fill('Đảng viên giới thiệu đi công tác dài ngày, chi bộ hoãn lễ kết nạp.');
    await page.getByTestId('step-modal-submit').click();
    await filePage(page, 'ceremony');
    await expect.poll(() => page.getByTestId('steps').innerText()).toMatch(/chậm \d+ ngày làm việc/);

    // On probation: the member's page says where the file stands.
    await page.getByTestId('admission-member-link').click();
    await page.getByTestId('member-admission-file').waitFor();
    await page.getByTestId('member-admission-link').click();
    await filePage(page, 'ceremony');

    // The review after the twelve months (5/5/2026), then recognition as official.
    await recordStep(page, 'probation_review', 'probation_review', async () => {
      await pickDate(page, 'step-date', '12/05/2026');
      await votes(page, 3);
    });
    await recordStep(page, 'recognition', 'recognition', async () => {
      await chooseInSelect(page, 'decision-picker', decisions.recognition, decisions.recognition);
      await expect.poll(() => page.getByTestId('decision-picker').innerText()).toContain(decisions.recognition);
    });
    await page.getByTestId('admission-closed').waitFor();
    expect(await page.getByTestId('admission-status').first().innerText()).toBe('Đảng viên chính thức');
    await screenshot(page, 'admissions-06-official');
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await overdueCount(page)).toBe(0);

    // The unit's report: the standard form of admissions over 2025 and 2026 counts this file's admission and recognition.
    const through = new Date().toISOString().slice(0, 10);
    await page.goto(`/statistics?form=admissions&unitId=${provinceId}&from=2025-01-01&to=${through}`);
    await page.locator(`[data-testid="statistics-form-view"][data-form="admissions"][data-unit-id="${provinceId}"][data-loaded="true"]`).waitFor();
    const figure = (row: string, column = 'all') => page.locator(`[data-testid="statistics-section"][data-section="pipeline"] [data-testid="statistics-count"][data-column="${column}"][data-row="${row}"]`).first();
    expect(Number(await figure('admitted').getAttribute('data-count'))).toBe(1);
    expect(Number(await figure('recognized').getAttribute('data-count'))).toBe(1);
    expect(Number(await figure('candidates@after').getAttribute('data-count'))).toBe(0);
    await screenshot(page, 'admissions-07-report');

    // This year's recognitions as an indicator with a target, on the statistics page's dashboard.
    const api = await new ApiSession(inject('baseUrl')).signIn(officer.username, officer.password);
    const key = `cong-nhan-${RUN}`;
    const indicator = await api.post<{ id: number }>('/api/statistics/indicators', {
      key, label: { vi: 'Công nhận đảng viên chính thức', en: 'Recognized as official' }, unitId: provinceId, numerator: { source: 'admissions', measure: 'recognized' },
    });
    await api.post('/api/statistics/targets', { indicatorId: indicator.id, unitId: provinceId, termFrom: 2025, termTo: 2030, year: 2026, comparison: 'at_least', value: 1 });
    await page.goto('/statistics');
    await page.getByTestId('statistics-tab-targets').click();
    await page.locator('[data-testid="statistics-targets"][data-loaded="true"]').waitFor();
    // The dashboard opens on this year: the recognition was in 2026.
    const year = page.locator('input[data-testid="statistics-targets-year"], [data-testid="statistics-targets-year"] input').first();
    if ((await year.inputValue()) !== '2026') {
      await year.fill('2026');
      await year.press('Enter');
    }
    const card = page.locator(`[data-testid="statistics-target"][data-indicator="${key}"]`);
    await card.waitFor();
    expect(Number(await card.getAttribute('data-actual'))).toBe(1);
    await screenshot(page, 'admissions-08-target-dashboard');
    await context.close();
  });

  it('at phone width the worklist, the file and the calendar fit the screen, and the checklist prints', async () => {
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, officer.username, officer.password);
    await page.goto('/admissions?which=all');
    await page.locator(`[data-testid="admissions-table-all"] tr[data-candidate-id="${fileId}"]`).waitFor();
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admissions-09-phone-list');
    await page.goto(`/admissions/${fileId}`);
    await filePage(page, 'recognition');
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admissions-10-phone-file');
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('print-checklist').click()]);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The calendar of 2025: Tết Ất Tỵ and the Hùng Kings' day, from the lunar calendar.
    await page.goto('/admissions/calendar?year=2025');
    await expect.poll(() => page.getByTestId('calendar-holidays').innerText()).toContain('29/01/2025');
    expect(await page.getByTestId('calendar-holidays').innerText()).toContain('07/04/2025');
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admissions-11-phone-calendar');
    await context.close();
  });
});
