/**
 * The restructuring wizard beyond merging: establish a cell (with an existing decision picked by search), rename
 * it, undo the rename (the history keeps it, struck through), and dissolve the cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiSession, DESKTOP, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm } from './helpers.ts';
import { seedProvince } from './province.ts';

const SUFFIX = 'W';
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('the restructuring wizard', () => {
  let browser: Browser;
  let page: Page;
  let cellId = 0;

  beforeAll(async () => {
    const api = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    await seedProvince(api, SUFFIX);
    browser = await launchBrowser();
    page = await (await newContext(browser, DESKTOP)).newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function start(operation: string, effectiveDate: string) {
    await page.goto('/restructure');
    await page.getByTestId(`op-${operation}`).click();
    await pickDate(page, 'wizard-effective-date', ddmmyyyy(effectiveDate));
    // An existing decision, found by its number without diacritics.
    await chooseInSelect(page, 'decision-picker', '210-qd', `210-QĐ/ĐU-${SUFFIX}`);
  }

  async function previewAndApply() {
    await page.getByTestId('wizard-preview').click();
    await page.getByTestId('preview-summary').waitFor();
    await page.getByTestId('wizard-apply').click();
    await page.getByTestId('wizard-applied').waitFor();
    return page.getByTestId('applied-summary').innerText();
  }

  it('establishes a cell under a grassroots committee', async () => {
    await start('establish', '2026-01-05');
    await chooseInSelect(page, 'wizard-parent', `TN${SUFFIX}-AB-HTX`, 'Đảng bộ Hợp tác xã Nông nghiệp An Bình');
    await page.getByTestId('new-unit-code').fill(`TN${SUFFIX}-AB-HTX-B`);
    await page.getByTestId('new-unit-name').fill('Chi bộ Thôn Bắc');
    await chooseInSelect(page, 'new-unit-kind', 'truc thuoc', 'Chi bộ trực thuộc');
    await screenshot(page, 'wizard-01-establish');
    const summary = await previewAndApply();
    expect(summary).toContain('Chi bộ Thôn Bắc');
    expect(summary).toContain('Thành lập');
    const link = page.getByTestId('summary-changes').getByRole('link', { name: 'Chi bộ Thôn Bắc' });
    cellId = Number(new URL(await link.getAttribute('href') ?? '', 'http://x').pathname.split('/').pop());
    expect(cellId).toBeGreaterThan(0);
  });

  it('renames it, then the rename is undone and stays in the history struck through', async () => {
    await start('rename', '2026-06-01');
    await chooseInSelect(page, 'wizard-unit', `TN${SUFFIX}-AB-HTX-B`, 'Chi bộ Thôn Bắc');
    await page.getByTestId('wizard-new-name').fill('Chi bộ Thôn Bắc Sơn');
    const summary = await previewAndApply();
    expect(summary).toContain('Chi bộ Thôn Bắc Sơn');

    await page.goto(`/units/${cellId}`);
    expect(await page.getByTestId('unit-name').innerText()).toBe('Chi bộ Thôn Bắc Sơn');
    // As of a date before the rename, the old name.
    await page.goto(`/units/${cellId}?date=2026-03-01`);
    await expect.poll(() => page.getByTestId('unit-name').innerText()).toBe('Chi bộ Thôn Bắc');

    await page.getByRole('tab', { name: 'Các đợt sắp xếp' }).click();
    const row = page.getByTestId('batches-table').locator('tr', { hasText: 'Đổi tên' });
    await row.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByTestId('undo-reason').fill('Ghi nhầm tên');
    await page.getByTestId('undo-preview').click();
    await page.getByTestId('undo-summary').waitFor();
    await page.getByTestId('undo-confirm').click();
    await expect.poll(() => page.getByTestId('batches-table').innerText()).toContain('Đã hoàn tác');

    await page.goto(`/units/${cellId}`);
    expect(await page.getByTestId('unit-name').innerText()).toBe('Chi bộ Thôn Bắc');
    await page.getByRole('tab', { name: 'Lịch sử' }).click();
    const voided = page.getByTestId('history-voided');
    await voided.first().waitFor();
    expect(await voided.first().innerText()).toContain('Chi bộ Thôn Bắc Sơn');
    expect(await voided.first().locator('del').innerText()).toBe('Chi bộ Thôn Bắc Sơn');
    const decoration = await voided.first().locator('del').evaluate((element) => getComputedStyle(element).textDecorationLine);
    expect(decoration).toBe('line-through');
    expect(await page.getByTestId('history-version').first().innerText()).toContain('210-QĐ/ĐU');
    await screenshot(page, 'wizard-02-history');
  });

  it('dissolves it from its own page: the wizard opens with the unit chosen, and the unit ends', async () => {
    await page.goto(`/units/${cellId}`);
    await page.getByTestId('unit-restructure').click();
    await page.getByRole('menuitem', { name: 'Giải thể' }).click();
    await page.getByTestId('wizard-form').waitFor();
    expect(await page.getByTestId('wizard-operation').innerText()).toBe('Giải thể');
    await expect.poll(() => page.getByTestId('wizard-units').innerText()).toContain('Chi bộ Thôn Bắc');
    await chooseInSelect(page, 'decision-picker', '210-qd', `210-QĐ/ĐU-${SUFFIX}`);
    const summary = await previewAndApply();
    expect(summary).toContain('giải thể');
    await page.goto(`/units/${cellId}`);
    await page.getByTestId('unit-ended').waitFor();
    expect(await page.getByTestId('unit-ended').innerText()).toContain('giải thể');
    await screenshot(page, 'wizard-03-dissolved');
  });

  it('a refused request shows the server\'s message and changes nothing', async () => {
    await start('rename', '2026-02-01');
    // A dissolved unit cannot be renamed; pick it as of a date it still lived.
    await chooseInSelect(page, 'wizard-unit', `TN${SUFFIX}-AB-HTX-B`, 'Chi bộ Thôn Bắc');
    await page.getByTestId('wizard-new-name').fill('Tên mới');
    await page.getByTestId('wizard-preview').click();
    const notice = page.locator('.ant-notification-notice');
    await notice.first().waitFor();
    expect(await notice.first().innerText()).toMatch(/ORG_/);
    expect(await page.getByTestId('preview-summary').count()).toBe(0);
  });
});
