/**
 * The awareness courses in the web app (issue 13, item 6; DOMAIN.md §2): an officer opens a course at a grassroots
 * committee, adds two candidates of its cells, closes it with one completion and one not, finds the certificate on
 * the completed candidate's file with a link back to the course, and finds the course in the list of the subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import type { OrgNodeList, RestructureResult } from '../../src/contracts/orgs.ts';
import type { CourseDetail } from '../../src/contracts/admission-courses.ts';
import { ApiSession, DESKTOP, changePasswordThroughForm, chooseInSelect, launchBrowser, newContext, pickDate, pickInSelectAt, screenshot, signInThroughForm } from './helpers.ts';

const RUN = Date.now().toString(36).slice(-5);

describe('awareness courses in the web app', () => {
  let browser: Browser;
  let operator: ApiSession;
  let grassroots: { id: number; name: string };
  let cells: { id: number; name: string }[];
  const candidates = [`Đinh Văn Học ${RUN}`, `Đinh Thị Chăm ${RUN}`];
  const candidateIds: number[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const rootId = (await operator.get<OrgNodeList>('/api/orgs/roots')).items[0].id;
    const founding = await operator.post<Decision>('/api/decisions', { number: `${RUN}-02-QĐ/TW`, signedOn: '2019-12-20', issuingBody: 'Ban Tổ chức Trung ương', issuingUnitId: rootId, subject: 'Thành lập' });
    const establish = async (parentId: number, code: string, name: string, kind: string) => {
      const result = await operator.post<RestructureResult>('/api/orgs/batches', { operation: 'establish', effectiveDate: '2020-01-01', decisionId: founding.id, units: [{ code: `LB${RUN}${code}`, name, kind, parentId }] });
      return { id: result.summary.unitsCreated[0].unitId, name };
    };
    const province = await establish(rootId, 'T', `Đảng bộ tỉnh Bồi Dưỡng ${RUN}`, 'provincial_committee');
    grassroots = await establish(province.id, 'C', `Đảng bộ Trường Bồi Dưỡng ${RUN}`, 'grassroots_committee');
    cells = [await establish(grassroots.id, 'A', `Chi bộ Khoa Một ${RUN}`, 'cell'), await establish(grassroots.id, 'B', `Chi bộ Khoa Hai ${RUN}`, 'cell')];
    for (const [index, fullName] of candidates.entries()) {
      const file = await operator.post<{ id: number }>('/api/admissions/candidates', {
        unitId: cells[index].id, candidateSince: '2026-09-01', source: 'student', person: { fullName, sex: index ? 'female' : 'male', birthDate: `200${index + 2}-05-1${index}` },
      });
      candidateIds.push(file.id);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens a course, adds candidates of the subtree, records the results, and links the certificate\'s file back to the course', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));

    // A course opened by the grassroots committee.
    await page.goto('/admissions/courses');
    await page.getByTestId('courses-new').click();
    await page.getByTestId('course-submit').waitFor();
    await chooseInSelect(page, 'course-unit', `Trường Bồi Dưỡng ${RUN}`, grassroots.name);
    await page.getByTestId('course-name').fill('Lớp bồi dưỡng nhận thức về Đảng khóa 11/2026');
    await page.getByTestId('course-code').fill(`BD-${RUN}`);
    await pickDate(page, 'course-opens', '02/11/2026');
    await pickDate(page, 'course-closes', '13/11/2026');
    await page.getByTestId('course-place').fill('Hội trường nhà trường');
    await page.getByTestId('course-submit').click();
    await page.locator('[data-testid="course-page"][data-status="open"]').waitFor();
    const courseId = Number(new URL(page.url()).pathname.split('/').at(-1));
    expect(courseId).toBeGreaterThan(0);

    // Two candidates of its cells, picked by name.
    await page.getByTestId('course-add').click();
    await page.getByTestId('participants-modal-submit').waitFor();
    // Each picked once the search has answered for its name (its results come first, the candidates picked already
    // after them: a click on a list being replaced could land on the one picked before and unpick them), and seen as a
    // tag before the next. The search box is focused, not the select clicked: its middle may be a tag's remove icon.
    for (const [index, name] of candidates.entries()) {
      await page.locator('[data-testid="participants-select"] input').focus();
      await page.keyboard.type(name.split(' ').slice(-2).join(' '), { delay: 20 });
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect.poll(async () => (await options.allInnerTexts())[0]?.includes(name) ?? false).toBe(true);
      await options.first().click();
      await expect.poll(() => page.locator('[data-testid="participants-select"] .ant-select-selection-item').count()).toBe(index + 1);
      await page.keyboard.press('Escape');
    }
    await page.getByTestId('participants-modal-submit').click();
    await expect.poll(() => page.locator('[data-testid="course-participants"] tr[data-candidate-id]').count()).toBe(2);

    // The first cell's secretary reads the course their candidate attends: that candidate alone, and no command.
    const username = `cell.secretary.course.${RUN}`;
    const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: 'Bí thư Khoa Một', grant: { role: 'cell_secretary', unitId: cells[0].id } });
    const secretaryContext = await newContext(browser, DESKTOP);
    const secretaryPage = await secretaryContext.newPage();
    await signInThroughForm(secretaryPage, username, created.oneTimePassword);
    await changePasswordThroughForm(secretaryPage, created.oneTimePassword, `mat-khau-bi-thu-${RUN}-2026`);
    await secretaryPage.goto(`/admissions/courses/${courseId}`);
    await secretaryPage.locator('[data-testid="course-page"][data-status="open"]').waitFor();
    await expect.poll(() => secretaryPage.locator('[data-testid="course-participants"] tr[data-candidate-id]').count()).toBe(1);
    expect(await secretaryPage.locator(`[data-testid="course-participants"] tr[data-candidate-id="${candidateIds[0]}"]`).count()).toBe(1);
    expect(await secretaryPage.getByTestId('course-add').count()).toBe(0);
    expect(await secretaryPage.getByTestId('course-close').count()).toBe(0);
    await screenshot(secretaryPage, 'admission-course-secretary');
    // Nor is a course offered to open: a cell organizes none (the server would refuse it, COURSE_UNIT_INVALID), and
    // the secretary writes admission files only in a cell. The officer above is offered it.
    await secretaryPage.goto('/admissions/courses');
    await secretaryPage.getByTestId('courses-page').waitFor();
    // Whether to offer it is known once the caller's units are loaded.
    await secretaryPage.waitForLoadState('networkidle');
    expect(await secretaryPage.getByTestId('courses-new').count()).toBe(0);
    await secretaryContext.close();
    await page.goto('/admissions/courses');
    await page.getByTestId('courses-new').waitFor();
    await page.goto(`/admissions/courses/${courseId}`);
    await page.locator('[data-testid="course-page"][data-status="open"]').waitFor();

    // Closed: the first completed with a certificate, the second not.
    const course = await operator.get<CourseDetail>(`/api/admissions/courses/${courseId}`);
    const participantOf = (candidateId: number) => course.participantList.find((entry) => entry.candidateId === candidateId)!.id;
    await page.getByTestId('course-close').click();
    await page.getByTestId('close-modal-submit').waitFor();
    await page.locator(`[data-participant-id="${participantOf(candidateIds[0])}"] input[data-testid="close-certificate"]`).fill(`GCN-${RUN}`);
    // Both entries seen as made before submitting.
    const result = page.locator(`[data-participant-id="${participantOf(candidateIds[1])}"] [data-testid="close-result"]`);
    await pickInSelectAt(page, result, 'Không hoàn thành');
    await expect.poll(() => result.textContent()).toContain('Không hoàn thành');
    await expect.poll(() => page.locator(`[data-participant-id="${participantOf(candidateIds[0])}"] input[data-testid="close-certificate"]`).inputValue()).toBe(`GCN-${RUN}`);
    await page.getByTestId('close-modal-submit').click();
    await page.locator('[data-testid="course-page"][data-status="closed"]').waitFor();
    await expect.poll(() => page.getByTestId('course-counts').textContent()).toContain('2 học viên, 1 hoàn thành');
    await screenshot(page, 'admission-course-closed');

    // The completed candidate's file holds the certificate, and links back to the course.
    await page.locator(`tr[data-candidate-id="${candidateIds[0]}"] [data-testid="participant-link"]`).click();
    await page.locator('[data-testid="candidate-page"]').waitFor();
    await expect.poll(() => page.getByTestId('candidate-facts').textContent()).toContain(`GCN-${RUN}`);
    await page.getByTestId('candidate-course-link').click();
    await page.locator('[data-testid="course-page"][data-status="closed"]').waitFor();

    // The list of courses finds it by its number.
    await page.goto('/admissions/courses');
    await page.locator('[data-testid="courses-search"] input, input[data-testid="courses-search"]').first().fill(`bd-${RUN}`);
    await expect.poll(() => page.locator('[data-testid="courses-table"] tr[data-course-id]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('courses-total').textContent()).toBe('1 lớp');
    await context.close();
  });
});
