/**
 * The statistics page (issue 12), at desktop and phone width: an officer of the demo province opens the members form
 * of the province as of 31/12 of last year (the default), sees the total equal to its parts by status (official,
 * probationary, exempted from activities), opens the drill-down of the total and sees the units directly under the
 * province adding up to it, follows one of them, opens the members a figure counts and sees their names; chooses
 * another date and switches to the changes form and back, the date kept (its year up to it for the changes); opens the
 * changes in membership over last year, where the members at the end are those at the start plus those who came in
 * minus those who left, and as many as the members form counted; downloads the form as Excel and as PDF. The numbers
 * are read from the page, as a person reads them.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { OrgNode } from '../../src/contracts/orgs.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, pickDate, pickInSelect, screenshot, signInThroughForm } from './helpers.ts';
import { demoProvince } from './scenario-data.ts';

const RUN = Date.now().toString(36).slice(-5);
const todayInVietnam = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const LAST_YEAR = Number(todayInVietnam().slice(0, 4)) - 1;
/** The rows of the changes that add to the members, and those that take from them (the balance section). */
const IN = ['admitted', 'readmitted', 'transferredIn', 'restructuredIn', 'registered'];
const OUT = ['transferredOut', 'restructuredOut', 'removed', 'expelled', 'died'];
/**
 * A province's forms are counted from the raw history (seconds each, the statistics NOTES.md): give them time on a
 * busy machine, and the whole walk through both forms more than the suite's default.
 */
const SLOW = { timeout: 300_000 };
const WALK_TIMEOUT = 900_000;

/** A count as the page writes it ("1.234") read back as a number. */
async function countIn(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).trim();
  expect(text).toMatch(/^\d{1,3}(\.\d{3})*$/);
  return Number(text.replace(/\./g, ''));
}

/** The number in a section's cell, found by its row (or the first row) and its column. */
function cell(page: Page, section: string, column: string, row?: string): Locator {
  const rows = row === undefined ? '' : `[data-row="${row}"]`;
  return page.locator(`[data-testid="statistics-section"][data-section="${section}"] [data-testid="statistics-count"][data-column="${column}"]${rows}`).first();
}

/** Waits for the form of a unit to be on the page, loaded. */
/** The form is shown for the unit, loaded, and (when given) for that period: the previous answer stays on screen while the next loads. */
async function formShown(page: Page, form: string, unitId: number, period?: { from: string; to: string }) {
  const when = period ? `[data-from="${period.from}"][data-to="${period.to}"]` : '';
  await page.locator(`[data-testid="statistics-form-view"][data-form="${form}"][data-unit-id="${unitId}"]${when}[data-loaded="true"]`).waitFor(SLOW);
}

/** Clicks a download button; resolves to the file's bytes. */
async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', SLOW), page.getByTestId(testId).click()]);
  return fs.readFileSync((await file.path())!);
}

describe('the statistics page: forms, drill-down and downloads', () => {
  let browser: Browser;
  let operator: ApiSession;
  let province: OrgNode;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const found = await demoProvince(operator);
    expect(found, 'the demo province is loaded').toBeDefined();
    province = found!;
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** An officer of the province with a final password, signed in through the form. */
  async function signInOfficer(page: Page, name: string) {
    const username = `thong.ke.${name}.${RUN}`;
    const password = `mat-khau-thong-ke-${RUN}-2026`;
    const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: 'Nguyễn Thị Thống Kê', grant: { role: 'org_officer', unitId: province.id } });
    const first = await new ApiSession(inject('baseUrl')).signIn(username, created.oneTimePassword);
    await first.post('/api/auth/password', { currentPassword: created.oneTimePassword, newPassword: password });
    await signInThroughForm(page, username, password);
  }

  for (const [name, viewport, phone] of [['desktop', DESKTOP, false], ['phone', PHONE, true]] as const) {
    it(`an officer reads the province's forms, drills into a figure and downloads the form (${name})`, async () => {
      const context = await newContext(browser, viewport, { phone });
      const page = await context.newPage();
      await signInOfficer(page, name);

      // By default: the members form of the officer's unit as of 31/12 of last year.
      await page.goto('/statistics');
      await formShown(page, 'members', province.id);
      expect(await page.locator('input[data-testid="statistics-date"]').inputValue()).toBe(`31/12/${LAST_YEAR}`);
      expect(await page.getByTestId('statistics-unit-name').innerText()).toBe(province.name);
      const total = await countIn(cell(page, 'total', 'members'));
      const official = await countIn(cell(page, 'total', 'official'));
      const probationary = await countIn(cell(page, 'total', 'probationary'));
      const exempted = await countIn(cell(page, 'total', 'exempted'));
      expect(total).toBeGreaterThan(0);
      expect(total).toBe(official + probationary + exempted);
      // Each section has its chart.
      await expect.poll(() => page.locator('[data-testid="statistics-chart"] canvas').count(), SLOW).toBeGreaterThan(0);
      // Nothing wider than the window: the tables scroll inside their own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `statistics-01-members-${name}`);

      // The total's drill-down: the units directly under the province, whose counts add up to the total.
      await cell(page, 'total', 'members').click();
      const drawer = page.getByTestId('statistics-drawer');
      await drawer.getByTestId('statistics-children-sum').waitFor(SLOW);
      const childCounts = drawer.getByTestId('statistics-child-count');
      expect(await childCounts.count()).toBeGreaterThan(1);
      let sum = 0;
      for (const count of await childCounts.all()) sum += await countIn(count);
      expect(sum).toBe(total);
      expect(await countIn(drawer.getByTestId('statistics-children-sum'))).toBe(total);
      await screenshot(page, `statistics-02-drill-${name}`);

      // Following the largest unit reopens the page on it, on the same date, its total the count shown beside it.
      const rows = drawer.locator('[data-testid="statistics-children"] tr.ant-table-row');
      let largest = { index: 0, count: -1 };
      for (const [index, row] of (await rows.all()).entries()) {
        const count = await countIn(row.getByTestId('statistics-child-count'));
        if (count > largest.count) largest = { index, count };
      }
      const link = rows.nth(largest.index).getByTestId('statistics-child-link');
      const childName = await link.innerText();
      await link.click();
      await page.waitForURL((url) => url.searchParams.has('unitId') && url.searchParams.get('unitId') !== String(province.id));
      const childId = Number(new URL(page.url()).searchParams.get('unitId'));
      await formShown(page, 'members', childId);
      expect(await page.getByTestId('statistics-unit-name').innerText()).toBe(childName);
      expect(await page.locator('input[data-testid="statistics-date"]').inputValue()).toBe(`31/12/${LAST_YEAR}`);
      expect(await countIn(cell(page, 'total', 'members'))).toBe(largest.count);

      // The members of the women among them: names, each a link to the record, 50 at a time.
      const women = cell(page, 'sex', 'members', 'female');
      const womenCount = await countIn(women);
      expect(womenCount).toBeGreaterThan(0);
      await women.click();
      const members = drawer.getByTestId('statistics-member-link');
      await expect.poll(() => members.count(), SLOW).toBe(Math.min(womenCount, 50));
      expect((await members.first().innerText()).trim().split(/\s+/).length).toBeGreaterThan(1);
      expect(await members.first().getAttribute('href')).toMatch(/^\/members\/\d+$/);
      if (womenCount > 50) {
        await drawer.getByTestId('statistics-members-more').click();
        await expect.poll(() => members.count(), SLOW).toBe(Math.min(womenCount, 100));
      }
      await screenshot(page, `statistics-03-members-${name}`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // The back button returns to the province.
      await page.goBack();
      await formShown(page, 'members', province.id);

      // Another date chosen, then the changes form: the period is that date's year up to it, not this year; back to
      // the members form, the date chosen is still there.
      await pickDate(page, 'statistics-date', `30/06/${LAST_YEAR}`);
      await page.locator(`[data-testid="statistics-form-view"][data-form="members"][data-unit-id="${province.id}"][data-date="${LAST_YEAR}-06-30"][data-loaded="true"]`).waitFor(SLOW);
      await pickInSelect(page, 'statistics-form', 'Biến động đảng viên');
      await formShown(page, 'member-changes', province.id, { from: `${LAST_YEAR}-01-01`, to: `${LAST_YEAR}-06-30` });
      expect(await page.locator('input[data-testid="statistics-from"]').inputValue()).toBe(`01/01/${LAST_YEAR}`);
      expect(await page.locator('input[data-testid="statistics-to"]').inputValue()).toBe(`30/06/${LAST_YEAR}`);
      await screenshot(page, `statistics-03b-period-kept-${name}`);
      await pickInSelect(page, 'statistics-form', 'Số lượng, chất lượng đảng viên');
      await page.locator(`[data-testid="statistics-form-view"][data-form="members"][data-unit-id="${province.id}"][data-date="${LAST_YEAR}-06-30"][data-loaded="true"]`).waitFor(SLOW);
      expect(await page.locator('input[data-testid="statistics-date"]').inputValue()).toBe(`30/06/${LAST_YEAR}`);

      // The changes in membership over last year: the members at the end are those at the start, plus in, minus out.
      // Opened by its link (as a shared link is): one period asked, not the intermediate ones picking two dates sends.
      await page.goto(`/statistics?form=member-changes&unitId=${province.id}&from=${LAST_YEAR}-01-01&to=${LAST_YEAR}-12-31`);
      await formShown(page, 'member-changes', province.id, { from: `${LAST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` });
      expect(await page.getByTestId('statistics-when').innerText()).toContain(`01/01/${LAST_YEAR}`);
      const balance = (row: string) => countIn(cell(page, 'balance', 'all', row));
      let net = 0;
      for (const row of IN) net += await balance(row);
      for (const row of OUT) net -= await balance(row);
      expect(await balance('members@after')).toBe(await balance('members@before') + net);
      expect(await balance('members@after')).toBe(total);
      await screenshot(page, `statistics-04-changes-${name}`);

      // The form as the server lays it out: an Excel workbook and a PDF.
      expect((await download(page, 'statistics-xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
      expect((await download(page, 'statistics-pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await context.close();
    }, WALK_TIMEOUT);
  }
});
