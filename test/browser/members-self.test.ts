/**
 * The member registry beyond the done scenario: saved filters of the member list (save, pick, delete), the list in
 * English, and self-service: a member's own account sees its record and timeline and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MemberListResponse, MemberPage } from '../../src/contracts/members.ts';
import type { OrgSearchResult } from '../../src/contracts/orgs.ts';
import {
  ApiSession, DESKTOP, PHONE, changePasswordThroughForm, chooseInSelect, launchBrowser, newContext, pickDate, screenshot, signInThroughForm,
} from './helpers.ts';
import { ensureDemoProvince } from './scenario-data.ts';

const RUN = Date.now().toString(36).slice(-5);


describe('saved filters, English, and a member\'s own record', () => {
  let browser: Browser;
  let operator: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    await ensureDemoProvince(operator);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a filter of the member list is saved under a name, picked again later, and deleted', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/members');
    await page.getByTestId('members-page').waitFor();
    const expected = await operator.get<MemberListResponse>('/api/members?status=exempted&sex=female&birthYearFrom=1940&birthYearTo=1950&limit=500');
    expect(expected.items.length).toBeGreaterThan(0);

    await chooseInSelect(page, 'filter-status', '', 'Miễn sinh hoạt');
    await page.keyboard.press('Escape');
    await chooseInSelect(page, 'filter-sex', '', 'Nữ');
    await page.getByTestId('filter-birth-from').fill('1940');
    await page.getByTestId('filter-birth-to').fill('1950');
    const firstNames = () => page.getByTestId('member-link').allInnerTexts();
    await expect.poll(firstNames).toEqual(expected.items.slice(0, 50).map((item) => item.fullName));

    const name = `Nữ miễn sinh hoạt, sinh 1940–1950 (${RUN})`;
    await page.getByTestId('save-filter').click();
    await page.getByTestId('save-filter-name').fill(name);
    await page.getByTestId('save-filter-modal').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('save-filter-name').waitFor({ state: 'detached' });
    await screenshot(page, 'members-self-01-saved-filter');

    // Cleared, the list is the whole scope again; picking the saved filter brings its conditions back.
    await page.getByTestId('clear-filters').click();
    await expect.poll(firstNames).not.toEqual(expected.items.slice(0, 50).map((item) => item.fullName));
    await chooseInSelect(page, 'saved-filter-select', RUN, name);
    await expect.poll(firstNames).toEqual(expected.items.slice(0, 50).map((item) => item.fullName));
    expect(await page.getByTestId('filter-status').innerText()).toContain('Miễn sinh hoạt');
    const saved = await operator.get<{ items: { name: string; filters: Record<string, unknown> }[] }>('/api/members/saved-filters');
    expect(saved.items.find((item) => item.name === name)?.filters).toEqual({ status: ['exempted'], sex: 'female', birthYearFrom: 1940, birthYearTo: 1950 });

    await page.getByTestId('delete-filter').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Xóa' }).click();
    await expect.poll(async () => (await operator.get<{ items: { name: string }[] }>('/api/members/saved-filters')).items.map((item) => item.name)).not.toContain(name);
    await context.close();
  });

  it('the list speaks English on request, dates still dd/mm/yyyy', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/members');
    await page.getByTestId('member-link').first().waitFor();
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Members');
    const table = await page.getByTestId('members-table').innerText();
    expect(table).toContain('Full name');
    expect(table).toMatch(/Official member|Probationary member|Exempted from activity/);
    expect(table).toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
    await screenshot(page, 'members-self-02-english');
    await page.getByTestId('language-switch').getByText('VI').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Đảng viên');
    await context.close();
  });

  it('the admission form creates a probationary member; an applicant under 18 is refused with the rule\'s reason', async () => {
    const cells = await operator.get<OrgSearchResult>(`/api/orgs/search?q=${encodeURIComponent('chi bo thon')}&kind=cell&limit=5`);
    const cell = cells.items[0];
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/members');
    await page.getByTestId('member-admit').click();
    await page.getByTestId('admission-page').waitFor();
    await chooseInSelect(page, 'admission-unit', cell.code, cell.name);
    await page.getByTestId('decision-create-inline').click();
    const decisionModal = page.getByTestId('decision-modal');
    await decisionModal.getByTestId('decision-number').fill(`${RUN}-QĐ/ĐU`);
    await chooseInSelect(page, 'decision-issuing-unit', cell.code, cell.name);
    await decisionModal.getByTestId('decision-issuing-body').fill('Ban Thường vụ Đảng ủy');
    await decisionModal.getByRole('button', { name: 'Lưu' }).click();
    await decisionModal.getByTestId('decision-number').waitFor({ state: 'hidden' });
    const today = new Date(Date.now() + 7 * 3600 * 1000);
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    const ddmmyyyy = (date: Date) => iso(date).split('-').reverse().join('/');
    await pickDate(page, 'admission-vote-date', ddmmyyyy(new Date(today.getTime() - 14 * 86400_000)));
    await pickDate(page, 'admission-ceremony-date', ddmmyyyy(today));
    const fullName = 'Lò Thị Hoa';
    const sameName = async () => (await operator.get<MemberListResponse>(`/api/members?q=${encodeURIComponent(fullName)}&unitId=${cell.id}&status=probationary`)).items.length;
    const before = await sameName();
    await page.getByTestId('identity-full-name').fill(fullName);
    await chooseInSelect(page, 'identity-sex', '', 'Nữ');
    // Seventeen years old at the cell's vote: refused, and the form says why.
    const seventeen = new Date(today.getTime() - (17 * 365 + 30) * 86400_000);
    await pickDate(page, 'identity-birth-date', ddmmyyyy(seventeen));
    await chooseInSelect(page, 'identity-ethnicity', 'Thai', 'Thái');
    await page.getByTestId('admission-submit').click();
    const error = page.getByTestId('command-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Tuổi đời không nằm trong giới hạn kết nạp');
    await screenshot(page, 'members-self-04-admission-refused');
    expect(await sameName()).toBe(before);

    await pickDate(page, 'identity-birth-date', ddmmyyyy(new Date(today.getTime() - (24 * 365) * 86400_000)));
    // The ethnicity chosen before the refusal is still there when the form is sent again.
    await expect.poll(() => page.getByTestId('identity-ethnicity').innerText()).toContain('Thái');
    await page.getByTestId('admission-submit').click();
    await page.getByTestId('member-page').waitFor();
    expect(await page.getByTestId('member-name').innerText()).toBe(fullName);
    const record = await page.getByTestId('member-record').innerText();
    expect(record).toContain('Đảng viên dự bị');
    expect(record).toContain('Thái');
    expect(await page.getByTestId('member-unit').getAttribute('data-unit-id')).toBe(String(cell.id));
    const kinds = await page.getByTestId('timeline-event').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')));
    expect(kinds).toEqual(['admission']);
    expect(await page.getByTestId('member-timeline').innerText()).toContain(`${RUN}-QĐ/ĐU`);
    await screenshot(page, 'members-self-05-admitted');
    await context.close();
  });

  it('a transfer not received within its deadline is listed as late, its deadline in red', async () => {
    // A member whose last event is older than the back-dated transfer, and a cell elsewhere to send them to.
    const issuedOn = new Date(Date.now() + 7 * 3600 * 1000 - 150 * 86400_000).toISOString().slice(0, 10);
    const list = await operator.get<MemberListResponse>(`/api/members?status=official&admittedTo=2000-01-01&limit=100`);
    let chosen: MemberPage | undefined;
    for (const item of list.items.slice(7)) {
      const page = await operator.get<MemberPage>(`/api/members/${item.id}`);
      if (!item.inTransit && page.openTransfers.length === 0 && page.timeline.every((event) => event.effectiveDate < issuedOn)) {
        chosen = page;
        break;
      }
    }
    expect(chosen).toBeTruthy();
    const member = chosen!.record;
    const cells = await operator.get<OrgSearchResult>(`/api/orgs/search?q=${encodeURIComponent('chi bo')}&kind=cell&limit=30`);
    const destination = cells.items.find((cell) => cell.id !== member.unitId)!;
    const decision = await operator.post<{ id: number }>('/api/decisions', {
      number: `${RUN}-QĐ/ĐU-CT`, signedOn: issuedOn, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: member.unitId,
    });
    await operator.post('/api/transfers', {
      memberId: member.id, kind: 'official', purpose: 'work', toUnitId: destination.id, decisionId: decision.id, issuedOn, expectedRowVersion: member.rowVersion,
    });

    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/transfers?tab=late');
    const row = page.locator('[data-testid="transfers-table-late"] tr').filter({ hasText: member.fullName });
    await row.first().waitFor();
    expect(await row.first().getByTestId('transfer-late').innerText()).toBe('Quá hạn');
    const deadline = row.first().getByTestId('transfer-deadlines').locator('.ant-typography-danger');
    expect(await deadline.innerText()).toMatch(/^Tiếp nhận trước \d{2}\/\d{2}\/\d{4}$/);
    expect(await row.first().getAttribute('data-late')).toBe('true');
    expect(await row.first().locator('td').first().evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(255, 241, 240)');
    await screenshot(page, 'members-self-06-late');
    await context.close();
  });

  it('a member signed in with a self-service account sees its own record and timeline, and nothing else', async () => {
    const list = await operator.get<MemberListResponse>('/api/members?status=official&limit=50');
    const other = list.items[0];
    // The first member of the list whose name no account carries yet (another file may have given one an account).
    let member = list.items[1];
    for (const candidate of list.items.slice(1)) {
      const accounts = await operator.get<{ items: unknown[] }>(`/api/accounts?q=${encodeURIComponent(candidate.fullName)}`);
      member = candidate;
      if (accounts.items.length === 0) break;
    }
    // The officer gives the member an account from the member's page: the self-service role on the member's cell,
    // linked to the record; the one-time password is shown once.
    const officerContext = await newContext(browser, DESKTOP);
    const officerPage = await officerContext.newPage();
    await signInThroughForm(officerPage, inject('operatorUsername'), inject('operatorPassword'));
    await officerPage.goto(`/members/${member.id}`);
    await officerPage.getByTestId('member-give-account').click();
    const modal = officerPage.getByTestId('create-account-modal');
    expect(await modal.getByTestId('account-for-member').innerText()).toContain(member.fullName);
    await modal.getByTestId('account-username').fill(`dangvien.${RUN}`);
    await modal.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await officerPage.getByTestId('otp-value').waitFor();
    expect(await officerPage.getByTestId('otp-username').innerText()).toBe(`dangvien.${RUN}`);
    const oneTimePassword = (await officerPage.getByTestId('otp-value').innerText()).trim();
    await screenshot(officerPage, 'members-self-02b-give-account');
    // The accounts list shows where the new role is granted: the member's cell with its place, linking to it.
    await officerPage.goto('/accounts');
    await officerPage.getByTestId('account-search').fill(`dangvien.${RUN}`);
    const grant = officerPage.getByTestId('accounts-table').getByTestId('account-grant');
    await expect.poll(() => grant.count()).toBe(1);
    expect(await grant.innerText()).toMatch(/Đảng viên[\s\S]*·/);
    expect(await grant.locator('a').getAttribute('href')).toBe(`/units/${member.unitId}`);
    await officerContext.close();
    const created = { oneTimePassword };
    // Linking the same record again is refused, and nothing is created.
    await expect(operator.post('/api/accounts', { username: `dangvien2.${RUN}`, displayName: member.fullName, memberId: member.id, grant: { role: 'member', unitId: member.unitId } }))
      .rejects.toThrow(/MEMBER_ALREADY_LINKED/);
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, `dangvien.${RUN}`, created.oneTimePassword);
    await changePasswordThroughForm(page, created.oneTimePassword, 'mat-khau-dang-vien-2026');
    // The home page of a member is the member's own record.
    await page.getByTestId('self-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.getByTestId('page-title').innerText()).toBe('Hồ sơ của tôi');
    expect(await page.getByTestId('member-record').innerText()).toContain(member.fullName);
    const own = await operator.get<MemberPage>(`/api/members/${member.id}`);
    await expect.poll(() => page.getByTestId('timeline-event').count()).toBe(own.timeline.length);
    // No links into the organization tree: the member may not read it.
    expect(await page.getByTestId('self-page').locator('a[href^="/units/"]').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'members-self-03-my-record');

    await page.getByTestId('menu-toggle').click();
    const entries = await page.getByTestId('menu-drawer').locator('.ant-menu-item').allInnerTexts();
    expect(entries).toEqual(['Hồ sơ của tôi']);
    await page.keyboard.press('Escape');
    // Another member's page is not allowed, in the app and in the API.
    await page.goto(`/members/${other.id}`);
    await expect.poll(() => page.locator('.ant-result-title').innerText()).toBe('Không có quyền');
    const status = await page.evaluate(async (id) => (await fetch(`/api/members/${id}`)).status, other.id);
    expect(status).toBe(403);
    await context.close();
  });
});
