/**
 * Decisions (record, search ignoring diacritics, attach the signed PDF, download it), accounts and grants (grant a
 * role on a unit, an acting grant with an end date, revoke), and the journal per object and per unit.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import { ApiSession, DESKTOP, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm } from './helpers.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
// Letters first: a bare number such as "129" would also find the demo's "129-QĐ/…" decisions by prefix.
const suffix = `TN${Date.now() % 1_000_000}`;
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');
const inDays = (days: number) => new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);

describe('decisions, accounts and the journal', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ApiSession;
  let decision: Decision;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, DESKTOP);
    page = await context.newPage();
    api = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a decision is recorded, then found by its number and by its subject typed without diacritics', async () => {
    await page.goto('/decisions');
    await page.getByTestId('decision-create').click();
    const modal = page.getByTestId('decision-modal');
    await modal.getByTestId('decision-number').fill(`${suffix}-QĐ/TW`);
    await pickDate(page, 'decision-signed-on', '15/03/2026');
    await chooseInSelect(page, 'decision-issuing-unit', 'TW', 'Ban Chấp hành Trung ương Đảng');
    await modal.getByTestId('decision-issuing-body').fill('Ban Bí thư');
    await modal.locator('textarea').fill(`Về việc kiện toàn tổ chức cơ sở đảng thôn Thử Nghiệm ${suffix}`);
    await modal.getByRole('button', { name: 'Lưu' }).click();
    await modal.waitFor({ state: 'hidden' });
    // The new decision opens in the side panel.
    const drawer = page.getByTestId('decision-drawer');
    await expect.poll(() => drawer.innerText()).toContain(`${suffix}-QĐ/TW`);
    expect(await drawer.innerText()).toContain('15/03/2026');
    const list = await api.get<{ items: Decision[] }>(`/api/decisions?number=${encodeURIComponent(`${suffix}-QĐ`)}`);
    decision = list.items[0];
    expect(decision.subject).toBe(`Về việc kiện toàn tổ chức cơ sở đảng thôn Thử Nghiệm ${suffix}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('decision-search').fill(`kien toan to chuc co so dang thon thu nghiem ${suffix}`);
    await expect.poll(() => page.getByTestId('decisions-table').innerText()).toContain(`${suffix}-QĐ/TW`);
    await page.getByTestId('decision-search').fill('khong co quyet dinh nao nhu the nay');
    await expect.poll(() => page.getByTestId('decisions-table').innerText()).not.toContain(`${suffix}-QĐ/TW`);
    await page.getByTestId('decision-search').fill(`${suffix}-qd`);
    await expect.poll(() => page.getByTestId('decisions-table').innerText()).toContain(`${suffix}-QĐ/TW`);
    await screenshot(page, 'decisions-01-search');
  });

  it('the signed PDF is attached and downloads byte for byte', async () => {
    const row = page.getByTestId('decisions-table').locator('tr', { hasText: `${suffix}-QĐ/TW` });
    await row.locator('input[type="file"]').setInputFiles({ name: 'quyet-dinh.pdf', mimeType: 'application/pdf', buffer: PDF });
    const download = row.getByTestId(`download-${decision.id}`);
    await download.waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe('quyet-dinh.pdf');
    expect(fs.readFileSync(await file.path()).equals(PDF)).toBe(true);
    await screenshot(page, 'decisions-02-attached');

    // A file that is not a PDF is refused with the server's message, and the attachment stays.
    await row.locator('input[type="file"]').setInputFiles({ name: 'ghi-chu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
    const notice = page.locator('.ant-notification-notice').filter({ hasText: 'ATTACHMENT_NOT_PDF' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Tệp đính kèm phải là PDF.');
    // The stable code is labelled, for the officer who reports it.
    expect(await notice.innerText()).toContain('Mã lỗi: ATTACHMENT_NOT_PDF');
    const after = await api.get<Decision>(`/api/decisions/${decision.id}`);
    expect(after.attachment?.filename).toBe('quyet-dinh.pdf');
  });

  it('a role is granted on a unit, revoked, and an acting grant with an end date is delegated', async () => {
    const username = `thuky${suffix.toLowerCase()}`;
    await page.goto('/accounts');
    await page.getByTestId('account-create').click();
    const modal = page.getByTestId('create-account-modal');
    await modal.getByTestId('account-username').fill(username);
    await modal.getByTestId('account-display-name').fill('Trần Thị Bình');
    await chooseInSelect(page, 'account-unit', 'TW', 'Ban Chấp hành Trung ương Đảng');
    await modal.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByTestId('otp-value').waitFor();
    await page.getByTestId('otp-modal').getByRole('button', { name: 'Đã ghi lại' }).click();
    await page.getByTestId('account-page').waitFor();
    const grants = page.getByTestId('grants-table');
    await expect.poll(() => grants.innerText()).toContain('Chỉ xem');

    // Grant: organization officer on the root until a date.
    const until = inDays(90);
    await chooseInSelect(page, 'grant-role', '', 'Cán bộ tổ chức');
    await chooseInSelect(page, 'grant-unit', 'TW', 'Ban Chấp hành Trung ương Đảng');
    await pickDate(page, 'grant-valid-to', ddmmyyyy(until));
    await page.getByTestId('grant-submit').click();
    await expect.poll(() => grants.innerText()).toContain('Cán bộ tổ chức');
    expect(await grants.innerText()).toContain(ddmmyyyy(until));
    await screenshot(page, 'accounts-01-granted');

    // Revoke it: gone from the roles in force, still in the history.
    const row = grants.locator('tr', { hasText: 'Cán bộ tổ chức' });
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Có' }).click();
    await expect.poll(() => grants.innerText()).not.toContain('Cán bộ tổ chức');
    await page.getByTestId('show-past-grants').click();
    await expect.poll(() => grants.innerText()).toContain('Đã thu hồi');

    // Acting grant: the operator's own administrator role, lessened to organization officer, for 30 days.
    const actingUntil = inDays(30);
    await page.getByTestId('delegate-to-account').click();
    const delegate = page.locator('.ant-modal', { has: page.getByTestId('delegate-role') });
    await delegate.waitFor();
    await chooseInSelect(page, 'delegate-role', '', 'Cán bộ tổ chức');
    await pickDate(page, 'delegate-valid-to', ddmmyyyy(actingUntil));
    await delegate.getByRole('button', { name: 'Ủy quyền' }).click();
    await delegate.waitFor({ state: 'hidden' });
    await expect.poll(() => grants.innerText()).toContain('Ủy quyền');
    const acting = grants.locator('tr', { hasText: 'Ủy quyền' });
    expect(await acting.innerText()).toContain(ddmmyyyy(actingUntil));
    expect(await acting.innerText()).toContain('Đang hiệu lực');
    await screenshot(page, 'accounts-02-acting');

    // The operator sees it among the acting grants given, and may end it early.
    await page.goto('/accounts');
    await page.getByRole('tab', { name: 'Ủy quyền' }).click();
    const given = page.getByTestId('delegations-given');
    await expect.poll(() => given.innerText()).toContain(username);
    await given.locator('tr', { hasText: username }).getByRole('button', { name: 'Kết thúc' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Có' }).click();
    await expect.poll(() => given.innerText()).not.toContain(username);
  });

  it('the journal shows a decision\'s entries and a unit\'s entries', async () => {
    await page.goto(`/decisions?id=${decision.id}`);
    const drawer = page.getByTestId('decision-drawer');
    await expect.poll(() => drawer.getByTestId('journal-table').innerText()).toContain('Ghi nhận quyết định');

    await page.goto('/journal');
    await chooseInSelect(page, 'journal-object-type', '', 'Quyết định');
    await page.getByPlaceholder('Mã số').fill(String(decision.id));
    // Only that decision's entries remain once the filter applies.
    const objects = () => page.getByTestId('journal-table').locator('.ant-table-row td:nth-child(5)').allInnerTexts();
    // The object is named in words (its type, then the decision's number), not as a code and an id.
    await expect.poll(async () => [...new Set((await objects()).map((cell) => cell.split('\n').slice(0, 2).join(' | ')))]).toEqual([`Quyết định | ${decision.number}`]);
    const text = await page.getByTestId('journal-table').innerText();
    expect(text).toContain('Cán bộ vận hành');
    expect(text).toContain('Đính kèm tệp quyết định');

    const roots = await api.get<{ items: { id: number }[] }>('/api/orgs/roots');
    await page.goto(`/units/${roots.items[0].id}`);
    await page.getByRole('tab', { name: 'Nhật ký' }).click();
    await expect.poll(() => page.getByTestId('journal-table').innerText()).toContain('Khởi tạo cây tổ chức');
    await screenshot(page, 'journal-01-unit');
  });
});
