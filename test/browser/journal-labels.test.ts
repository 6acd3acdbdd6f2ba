/**
 * The journal speaks the officer's language: every action the server writes (the demo's imports, an awareness
 * course opened, an admission file's steps) reads as words in Vietnamese and in English, never as its code
 * ('admission.import'), with its object type named and linked where it has a page; and the journal's filters have
 * accessible names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { JournalPage } from '../../src/contracts/decisions.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, screenshot, signedInPage } from './helpers.ts';
import { seedProvince, type SeededProvince } from './province.ts';
import { demoDataAvailable, runDemoData } from './scenario-data.ts';

const SUFFIX = `JL${Date.now() % 100000}`;
/** An action code as the server writes it: `area.verb` in lower case with underscores. */
const RAW_CODE = /\b(org|member|member_cleaning|member_import|admission|review|statistics|calendar|demo|transfer|account|grant|decision)\.[a-z_]+(\.[a-z_]+)?\b/;

describe('the journal in words', () => {
  let browser: Browser;
  let api: ApiSession;
  let province: SeededProvince;
  let courseId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const loaded = await api.get<JournalPage>('/api/journal?action=demo.generate&limit=1');
    if (loaded.items.length === 0) {
      expect(demoDataAvailable()).toBe(true);
      runDemoData();
    }
    province = await seedProvince(api, SUFFIX);
    courseId = (await api.post<{ id: number }>('/api/admissions/courses', {
      unitId: province.communes[0].id, name: `Lớp bồi dưỡng nhận thức về Đảng ${SUFFIX}`, code: SUFFIX, opensOn: '2026-03-02', closesOn: '2026-03-06',
    })).id;
  });

  afterAll(async () => {
    await browser?.close();
  });

  const signedIn = (viewport = DESKTOP, phone = false): Promise<Page> =>
    signedInPage(browser, inject('operatorUsername'), inject('operatorPassword'), viewport, phone);

  /** Filters the journal by an action code typed in the filter, and returns the first row's action cell. */
  async function actionShownFor(page: Page, code: string) {
    const filter = page.getByTestId('journal-action');
    await filter.fill(code);
    const table = page.getByTestId('journal-table');
    const firstAction = table.locator('.ant-table-row').first().locator('td:nth-child(4)');
    // The filter is debounced: wait for the rows of this action (the demo has thousands of the other kinds).
    await expect.poll(async () => (await table.locator('.ant-table-row').count()) > 0
      && !(await table.locator('.ant-spin-spinning').count())).toBe(true);
    return firstAction;
  }

  const cases: [string, string, string][] = [
    ['demo.generate', 'Tạo dữ liệu mẫu', 'Demo data generated'],
    ['org.import', 'Nhập tổ chức đảng ban đầu', 'Initial units imported'],
    ['member.import', 'Nhập hồ sơ đảng viên ban đầu', 'Initial member records imported'],
    ['admission.import', 'Nhập hồ sơ kết nạp ban đầu', 'Initial admission files imported'],
    ['admission.course_created', 'Mở lớp bồi dưỡng nhận thức về Đảng', 'Awareness course opened'],
  ];

  it('names every action in Vietnamese, never by its code, and links an awareness course to its page', async () => {
    const page = await signedIn();
    await page.goto('/journal');
    await page.getByTestId('journal-table').locator('.ant-table-row').first().waitFor();
    for (const [code, vi] of cases) {
      const cell = await actionShownFor(page, code);
      await expect.poll(() => cell.innerText()).toBe(vi);
    }
    // The course's row: its type named, and a link to the course.
    const object = page.getByTestId('journal-table').locator('.ant-table-row').first().getByTestId('journal-object');
    expect(await object.innerText()).toContain('Lớp bồi dưỡng');
    expect(await object.getByRole('link').getAttribute('href')).toBe(`/admissions/courses/${courseId}`);
    // No row of the newest page shows a code.
    await page.getByTestId('journal-action').fill('');
    await expect.poll(() => page.getByTestId('journal-table').locator('.ant-table-row').count()).toBeGreaterThan(10);
    const actions = await page.getByTestId('journal-table').locator('.ant-table-row td:nth-child(4)').allInnerTexts();
    expect(actions.filter((text) => RAW_CODE.test(text))).toEqual([]);
    // The filters have names a screen reader reads.
    await page.getByRole('combobox', { name: 'Loại đối tượng' }).waitFor();
    await page.getByRole('textbox', { name: 'Thao tác (vd. org.)' }).waitFor();
    await screenshot(page, 'journal-labels-vi');
    await page.context().close();
  });

  it('names them in English too, and the object type filter offers the admission file', async () => {
    const page = await signedIn(PHONE, true);
    await page.goto('/journal');
    await page.getByTestId('journal-table').locator('.ant-table-row').first().waitFor();
    // The language switch in the top bar (on a phone, the same switch).
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByRole('heading', { name: 'Change journal' }).waitFor();
    for (const [code, , en] of cases) {
      const cell = await actionShownFor(page, code);
      await expect.poll(() => cell.innerText()).toBe(en);
    }
    await page.getByTestId('journal-object-type').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Admission file' }).first().waitFor();
    await screenshot(page, 'journal-labels-en-phone');
    // Back to Vietnamese for the files after this one (the language is the account's).
    await page.keyboard.press('Escape');
    await page.getByTestId('language-switch').getByText('VI').click();
    await page.getByRole('heading', { name: 'Nhật ký thay đổi' }).waitFor();
    await page.context().close();
  });
});
