/**
 * The "done" scenario, as a person does it: the first administrator signs in with the one-time password
 * and changes it; the demo province is loaded; the tree is browsed as of two dates; two cells are merged with a
 * decision (preview, then result) and the merge is undone; a second account is granted on one commune and, signed
 * in as it, sees that commune's subtree and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ApiSession, DESKTOP, changePasswordThroughForm, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm,
} from './helpers.ts';
import { prepareScenario, type ScenarioUnits } from './scenario-data.ts';

const ADMIN_NEW_PASSWORD = 'quan-tri-tinh-uy-2026';
const OFFICER_NEW_PASSWORD = 'bi-thu-xa-an-binh-2026';
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('the done scenario', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let units: ScenarioUnits;
  let adminApi: ApiSession;
  const countUnder = async (unitId: number, date: string) => (await adminApi.get<{ total: number }>(`/api/orgs/units/${unitId}/counts?date=${date}`)).total;
  let officerPassword = '';
  const officerUsername = 'canbo.xa';

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, DESKTOP);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the first administrator signs in with the one-time password and must change it first', async () => {
    await signInThroughForm(page, inject('adminUsername'), inject('adminPassword'));
    expect(new URL(page.url()).pathname).toBe('/change-password');
    await expect(page.getByTestId('must-change-password').textContent()).resolves.toContain('mật khẩu một lần');
    // The rest of the API refuses to answer until the password is changed.
    const refused = await page.evaluate(async () => (await fetch('/api/orgs/roots')).status);
    expect(refused).toBe(403);
    await screenshot(page, '01-change-password');
    await changePasswordThroughForm(page, inject('adminPassword'), ADMIN_NEW_PASSWORD);
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('Quản trị hệ thống');
    // The menu comes from the account's abilities: an administrator sees every entry.
    const menu = await page.getByTestId('main-menu').innerText();
    for (const label of ['Cây tổ chức', 'Sắp xếp tổ chức', 'Quyết định', 'Tài khoản, phân quyền', 'Nhật ký thay đổi']) expect(menu).toContain(label);
  });

  it('the demo province is loaded', async () => {
    adminApi = await new ApiSession(inject('baseUrl')).signIn(inject('adminUsername'), ADMIN_NEW_PASSWORD);
    units = await prepareScenario(adminApi);
    await page.reload();
    await page.getByTestId('tree-page').waitFor();
    await page.locator(`[data-testid="tree-node"][data-unit-id="${units.province.id}"]`).waitFor();
    await screenshot(page, '02-tree-today');
  });

  it('the tree as of two dates shows the difference', async () => {
    // Today: find the newer unit with the search box and reveal it in the tree.
    await page.getByTestId('tree-search').fill(units.newer.code);
    await page.getByTestId(`reveal-${units.newer.id}`).click();
    const newerNode = page.locator(`[data-testid="tree-node"][data-unit-id="${units.newer.id}"]`);
    await newerNode.waitFor();
    // The counts by level are those of the selected unit: scroll back up to the province and select it.
    // The page scrolls to the revealed unit a second time once its rows are measured; scroll up until the province
    // stays in view long enough to be clicked.
    const provinceNode = page.locator(`[data-testid="tree-node"][data-unit-id="${units.province.id}"]`);
    await expect.poll(async () => {
      await page.locator('.ant-tree-list-holder').evaluate((element) => element.scrollTo({ top: 0 }));
      return provinceNode.click({ timeout: 2_000 }).then(() => true, () => false);
    }, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('selected-unit').innerText()).toContain(units.province.name);
    // Vietnamese groups digits with dots (6.107).
    const total = () => page.getByTestId('count-total').locator('.ant-statistic-content-value').innerText().then((text) => Number(text.replace(/\D/g, '')));
    // The figure shown is the count as of the date.
    await expect.poll(total).toBe(await countUnder(units.province.id, todayInVietnam()));
    await screenshot(page, '03-tree-revealed');

    // The day before it was established: gone from the tree, and counted one fewer under its parent.
    await pickDate(page, 'as-of-date', ddmmyyyy(units.earlierDate));
    await page.waitForURL((url) => url.searchParams.get('date') === units.earlierDate);
    await expect.poll(() => newerNode.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(total, { timeout: 15_000 }).toBe(await countUnder(units.province.id, units.earlierDate));
    expect(await page.getByTestId('page-title').textContent()).toBe('Cây tổ chức');
    await screenshot(page, '04-tree-earlier');

    // The comparison of the two dates lists it as established in between.
    await pickDate(page, 'compare-date', ddmmyyyy(todayInVietnam()));
    const changes = page.getByTestId('changes-card');
    await changes.waitFor();
    await expect.poll(() => changes.innerText(), { timeout: 15_000 }).toContain(units.newer.name);
    await screenshot(page, '05-tree-compare');
  });

  it('two cells are merged with a decision: preview first, then the result', async () => {
    await page.goto('/restructure');
    await page.getByTestId('op-merge').click();
    await chooseInSelect(page, 'wizard-sources', units.cellA.code, units.cellA.name);
    await page.keyboard.press('Escape');
    await chooseInSelect(page, 'wizard-into', units.cellB.code, units.cellB.name);

    // The decision is recorded on the spot.
    await page.getByTestId('decision-create-inline').click();
    const modal = page.getByTestId('decision-modal');
    await modal.getByTestId('decision-number').fill('57-QĐ/ĐU');
    await chooseInSelect(page, 'decision-issuing-unit', units.commune.code, units.commune.name);
    await modal.getByTestId('decision-issuing-body').fill(`Ban Thường vụ ${units.commune.name}`);
    await modal.getByRole('button', { name: 'Lưu' }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('decision-picker').innerText()).toContain('57-QĐ/ĐU');
    await screenshot(page, '06-merge-form');

    await page.getByTestId('wizard-preview').click();
    const preview = page.getByTestId('preview-summary');
    await preview.waitFor();
    const previewText = await preview.innerText();
    expect(previewText).toContain('bản xem trước');
    expect(previewText).toContain(units.cellA.name);
    expect(previewText).toContain('57-QĐ/ĐU');
    await screenshot(page, '07-merge-preview');

    // Nothing was saved by the preview.
    const beforeApply = await page.evaluate(async (id) => (await (await fetch(`/api/orgs/units/${id}`)).json()).endedOn, units.cellA.id);
    expect(beforeApply).toBeNull();

    await page.getByTestId('wizard-apply').click();
    await page.getByTestId('wizard-applied').waitFor();
    const applied = await page.getByTestId('applied-summary').innerText();
    expect(applied).toContain(units.cellA.name);
    expect(applied).toContain('Đã áp dụng');
    await screenshot(page, '08-merge-applied');

    await page.goto(`/units/${units.cellA.id}`);
    await page.getByTestId('unit-ended').waitFor();
    expect(await page.getByTestId('unit-ended').innerText()).toContain('hợp nhất');
    await page.getByRole('tab', { name: 'Kế thừa' }).click();
    await expect.poll(() => page.getByTestId('lineage-successors').innerText()).toContain(units.cellB.name);
    await screenshot(page, '09-merged-unit-lineage');
  });

  it('the merge is undone and the cell lives again, its merge struck through', async () => {
    await page.goto(`/units/${units.cellA.id}`);
    await page.getByRole('tab', { name: 'Các đợt sắp xếp' }).click();
    const table = page.getByTestId('batches-table');
    await table.getByRole('button', { name: 'Hoàn tác' }).first().click();
    const modal = page.getByTestId('undo-modal');
    await modal.getByTestId('undo-reason').fill('Quyết định hợp nhất bị thu hồi');
    await modal.getByTestId('undo-preview').click();
    await modal.getByTestId('undo-summary').waitFor();
    await screenshot(page, '10-undo-preview');
    await modal.getByTestId('undo-confirm').click();
    // The outcome: a success message, or the server's refusal (shown, and then reported here).
    const outcome = page.locator('.ant-message-notice, .ant-notification-notice').first();
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('Đã hoàn tác đợt');

    await page.reload();
    await page.getByTestId('unit-page').waitFor();
    expect(await page.getByTestId('unit-ended').count()).toBe(0);
    await page.getByRole('tab', { name: 'Các đợt sắp xếp' }).click();
    await expect.poll(() => page.getByTestId('batches-table').innerText()).toContain('Đã hoàn tác');
    const struck = page.getByTestId('batches-table').locator('span[style*="line-through"]', { hasText: 'Hợp nhất' });
    expect(await struck.count()).toBeGreaterThan(0);
    await screenshot(page, '11-undone');
  });

  it('a second account is created on one commune; its one-time password is shown once', async () => {
    await page.goto('/accounts');
    await page.getByTestId('account-create').click();
    const modal = page.getByTestId('create-account-modal');
    await modal.getByTestId('account-username').fill(officerUsername);
    await modal.getByTestId('account-display-name').fill('Nguyễn Văn An');
    await chooseInSelect(page, 'account-role', '', 'Chỉ xem');
    await chooseInSelect(page, 'account-unit', units.commune.code, units.commune.name);
    await screenshot(page, '12-create-account');
    await modal.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const otp = page.getByTestId('otp-value');
    await otp.waitFor();
    officerPassword = (await otp.innerText()).trim();
    expect(officerPassword.length).toBeGreaterThanOrEqual(10);
    await screenshot(page, '13-one-time-password');
    await page.getByTestId('otp-modal').getByRole('button', { name: 'Đã ghi lại' }).click();
    await page.getByTestId('account-page').waitFor();
    await expect.poll(() => page.getByTestId('grants-table').innerText()).toContain(units.commune.name);
  });

  it('signed in as that account, only the commune\'s subtree is visible; a sibling commune is not found', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/login');

    await signInThroughForm(page, officerUsername, officerPassword);
    await changePasswordThroughForm(page, officerPassword, OFFICER_NEW_PASSWORD);
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    await page.locator(`[data-testid="tree-node"][data-unit-id="${units.commune.id}"]`).waitFor();
    // The commune is the root of what this account sees; its units below load when it opens.
    const nodes = page.getByTestId('tree-node');
    await expect.poll(() => nodes.count()).toBeGreaterThan(1);
    const ids = await nodes.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-unit-id'))));
    expect(ids[0]).toBe(units.commune.id);
    expect(ids).not.toContain(units.province.id);
    expect(ids).not.toContain(units.siblingCommune.id);
    const menu = await page.getByTestId('main-menu').innerText();
    // A read-only role: the menu offers no restructuring and no account management.
    expect(menu).toContain('Cây tổ chức');
    expect(menu).not.toContain('Sắp xếp tổ chức');
    expect(menu).not.toContain('Tài khoản, phân quyền');
    await screenshot(page, '14-officer-tree');

    // The search finds nothing outside the commune: not the sibling commune, though units of this commune whose
    // name and place hold the same words may be found (search matches the names of ancestors too).
    await page.getByTestId('tree-search').fill(units.siblingCommune.name);
    const results = page.getByTestId('search-results');
    await expect.poll(async () => /Không có kết quả|Xem trên cây/.test(await results.innerText())).toBe(true);
    expect(await results.innerText()).not.toContain(units.siblingCommune.name);
    const names = await page.getByTestId('search-hit').allInnerTexts();
    const places = await page.getByTestId('search-hit-place').allInnerTexts();
    expect(names.every((name, index) => name === units.commune.name || places[index].includes(units.commune.name))).toBe(true);

    await page.goto(`/units/${units.siblingCommune.id}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('not-found').innerText()).toContain('Không tìm thấy');
    await screenshot(page, '15-sibling-not-found');
    await page.goto(`/units/${units.province.id}`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`/units/${units.cellB.id}`);
    await page.getByTestId('unit-page').waitFor();
    expect(await page.getByTestId('unit-name').innerText()).toBe(units.cellB.name);
  });
});

function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}
