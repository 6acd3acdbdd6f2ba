/**
 * Controls a screen reader can name, in the user's language: every filter of the member list is named by its
 * caption (a select named only by its placeholder has no name), the journal's filters likewise, and a select's clear
 * button is named in Vietnamese, not antd's built-in English "Clear".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, screenshot, signedInPage } from './helpers.ts';

/** The controls of a part of the page that have no accessible name, as the accessibility tree reads them. */
async function unnamedControls(page: Page, testId: string): Promise<string[]> {
  const snapshot = await page.getByTestId(testId).ariaSnapshot();
  return snapshot.split('\n').map((line) => line.trim())
    .filter((line) => /^- (combobox|textbox|spinbutton|searchbox|button|checkbox)(\s*\[[^\]]*\])?:?$/.test(line));
}

describe('accessible names', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const signedIn = (viewport = DESKTOP, phone = false): Promise<Page> =>
    signedInPage(browser, inject('operatorUsername'), inject('operatorPassword'), viewport, phone);

  for (const [label, viewport, phone] of [['desktop', DESKTOP, false], ['phone', PHONE, true]] as const) {
    it(`names every filter of the member list by its caption (${label})`, async () => {
      const page = await signedIn(viewport, phone);
      await page.goto('/members');
      const filters = page.getByTestId('member-filters');
      // Open from the start on a desktop, behind the filter button on a phone.
      await page.getByTestId('toggle-filters').waitFor();
      if (phone) await page.getByTestId('toggle-filters').click();
      await filters.waitFor();
      expect(await unnamedControls(page, 'member-filters')).toEqual([]);
      await page.getByRole('combobox', { name: 'Tình trạng' }).waitFor();
      await page.getByRole('combobox', { name: 'Dân tộc' }).waitFor();
      await page.getByRole('spinbutton', { name: 'Năm sinh từ' }).waitFor();
      await page.getByRole('combobox', { name: 'Bộ lọc đã lưu' }).waitFor();
      await screenshot(page, `accessible-names-members-${label}`);
      await page.context().close();
    });
  }

  it('names the filters of the other lists (a unit picker by its placeholder where no label names it)', async () => {
    const page = await signedIn();
    for (const [path, ready, names] of [
      ['/admissions', 'admissions-waiting-on', ['Chờ']],
      ['/admissions/courses', 'courses-status', ['Trạng thái']],
      ['/badges', 'badges-date', ['Ngày trao']],
      ['/member-cleaning', 'cleaning-kind', []],
      ['/decisions', 'decisions-page', []],
      ['/batches', 'batches-unit', []],
    ] as const) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      const unnamed = (await page.locator('main, .ant-layout-content').first().ariaSnapshot()).split('\n').map((line) => line.trim())
        .filter((line) => /^- (combobox|textbox|spinbutton|searchbox)(\s*\[[^\]]*\])?:?$/.test(line));
      expect(unnamed, path).toEqual([]);
      for (const name of names) await page.getByRole('combobox', { name, exact: false }).first().waitFor();
    }
    await page.context().close();
  });

  it('names the journal\'s filters, and a select\'s clear button in Vietnamese', async () => {
    const page = await signedIn();
    await page.goto('/journal');
    await page.getByTestId('journal-page').waitFor();
    await page.getByRole('combobox', { name: 'Tổ chức (gồm cấp dưới)' }).waitFor();
    await page.getByRole('combobox', { name: 'Loại đối tượng' }).waitFor();
    // A chosen object type can be cleared: its button is named in the app's language.
    await page.getByTestId('journal-object-type').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Quyết định' }).first().click();
    await page.getByTestId('journal-object-type').hover();
    const clear = page.getByTestId('journal-object-type').getByRole('button', { name: 'Xóa lựa chọn' });
    await clear.waitFor({ state: 'attached' });
    expect(await page.locator('[aria-label="Clear"]').count()).toBe(0);
    await clear.click();
    await expect.poll(() => page.getByTestId('journal-object-type').innerText()).toContain('Loại đối tượng');
    // The statistics page's unit picker has a unit chosen from the start.
    await page.goto('/statistics');
    await page.getByTestId('statistics-unit').getByRole('button', { name: 'Xóa lựa chọn' }).waitFor({ state: 'attached' });
    expect(await page.locator('[aria-label="Clear"]').count()).toBe(0);
    await page.context().close();
  });
});
