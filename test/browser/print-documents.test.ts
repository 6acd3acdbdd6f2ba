/**
 * The print and export buttons (issue 10, items 5 and 6): on the badges page the day's whole list downloads as a PDF
 * and as .xlsx, and the table stays inside a 1,366 px window; on the members list a cell's list downloads as a PDF.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Download } from 'playwright-core';
import { addDays, todayInVietnam } from '../../src/lib/dates.ts';
import { isPresentationDay } from '../../src/rules/party-age.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { ensureDemoProvince } from './scenario-data.ts';

async function bytesOf(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

describe('printing and exporting lists', () => {
  let browser: Browser;
  let operator: ApiSession;
  let day: string;
  let cellId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    await ensureDemoProvince(operator);
    // The latest presentation day with someone on its list.
    for (let date = todayInVietnam(), tried = 0; tried < 8; date = addDays(date, -1)) {
      if (!isPresentationDay(date)) continue;
      tried += 1;
      const due = await operator.get<{ items: { unitId: number }[] }>(`/api/badges/due?presentationDate=${date}&limit=1`);
      if (due.items.length) {
        day = date;
        cellId = due.items[0].unitId;
        break;
      }
    }
    expect(day, 'someone in the demo province is due a badge on a recent presentation day').toBeTruthy();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the badges page downloads the whole list as a PDF and as .xlsx; its table fits 1,366 px', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto(`/badges?date=${day}`);
    await page.locator('[data-testid="badges-table"] tbody tr.ant-table-row').first().waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('badges-print').click()]);
    expect(pdf.suggestedFilename()).toBe(`huy-hieu-dang-${day}.pdf`);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('badges-export').click()]);
    expect(xlsx.suggestedFilename()).toBe(`huy-hieu-dang-${day}.xlsx`);
    expect((await bytesOf(xlsx)).subarray(0, 2).toString('latin1')).toBe('PK');
    // Nothing wider than the window: the table scrolls inside its own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'print-documents-01-badges');
    await context.close();
  });

  it('the members list of a cell downloads as a PDF', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto(`/members?unitId=${cellId}`);
    await page.locator('[data-testid="members-page"] tbody tr.ant-table-row').first().waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('members-print').click()]);
    expect(pdf.suggestedFilename()).toBe('danh-sach-dang-vien.pdf');
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  });

  it('a transfer\u2019s introduction letter downloads as a PDF from the transfers list, at phone width too', async () => {
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/transfers?tab=outgoing&status=all');
    const button = page.getByTestId('transfer-letter').first();
    await button.waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
    expect(pdf.suggestedFilename()).toMatch(/^giay-gioi-thieu-\d+\.pdf$/);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(page, 'print-documents-02-transfer-letter-phone');
    await context.close();
  });
});
