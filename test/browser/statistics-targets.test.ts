/**
 * Submitting figures to the level above and the term's targets (issue 12, items 5 and 6), at desktop and phone
 * width: an officer of a commune of the demo province submits the members form of the commune, and the form then
 * says it is sent and locked, its button off (another date is not locked); a member's death recorded afterwards
 * changes the live figures; an officer of the province sees the submission in the list, opens it, sees the changed
 * cell marked beside what was submitted, and returns it with a reason; the commune then sees it returned, with the
 * reason, in the list and on the form, which may be sent again. The province officer defines the indicator
 * "admissions over the members at the start of the year", sets the target 3,2% for this year (typed "3,2", or "3.2"),
 * and the dashboard shows its actual, equal to the figures' admitted over the members at the start; a count's target
 * of 15 is shown as 15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OrgNode } from '../../src/contracts/orgs.ts';
import type { StatisticsFigures, StatisticsMembers, TargetDashboard } from '../../src/contracts/statistics.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, pickInSelect, screenshot, signInThroughForm } from './helpers.ts';
import { children, demoProvince } from './scenario-data.ts';

const RUN = Date.now().toString(36).slice(-5);
const todayInVietnam = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const THIS_YEAR = Number(todayInVietnam().slice(0, 4));
const REPORT_DATE = `${THIS_YEAR - 1}-12-31`;
/** A province's forms and targets are counted from the raw history: give them time on a busy machine. */
const SLOW = { timeout: 300_000 };
const WALK_TIMEOUT = 900_000;
const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
/** A yyyy-mm-dd date as the page writes it. */
const dayShown = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Nothing wider than the window: tables scroll inside their own box. */
async function fitsTheWindow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

describe('submissions to the level above and the term\'s targets', () => {
  let browser: Browser;
  let operator: ApiSession;
  let province: OrgNode;
  let communes: OrgNode[];

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    // The demo province and its communes.
    const found = await demoProvince(operator);
    expect(found, 'the demo province is loaded').toBeDefined();
    province = found!;
    communes = (await children(operator, province.id)).filter((unit) => unit.kind === 'commune_committee' && !unit.endedOn && unit.establishedOn <= REPORT_DATE);
    expect(communes.length).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** An officer of a unit with a final password, signed in through the form in a context of its own. */
  async function officerPage(name: string, unitId: number, viewport: typeof DESKTOP, phone: boolean): Promise<{ page: Page; api: ApiSession }> {
    const username = `bao.cao.${name}.${RUN}`;
    const password = `mat-khau-bao-cao-${RUN}-2026`;
    const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: 'Trần Văn Báo Cáo', grant: { role: 'org_officer', unitId } });
    const first = await new ApiSession(inject('baseUrl')).signIn(username, created.oneTimePassword);
    await first.post('/api/auth/password', { currentPassword: created.oneTimePassword, newPassword: password });
    const context = await newContext(browser, viewport, { phone });
    const page = await context.newPage();
    await signInThroughForm(page, username, password);
    return { page, api: await new ApiSession(inject('baseUrl')).signIn(username, password) };
  }

  /** Records the death of one of the commune's members counted on the report date; resolves once one is recorded. */
  async function recordADeath(communeId: number) {
    const counted = await operator.get<StatisticsMembers>(`/api/statistics/members?source=members&unitId=${communeId}&measure=members&date=${REPORT_DATE}&limit=20`);
    for (const member of counted.items) {
      const record = (await operator.get<{ record: { rowVersion: number } }>(`/api/members/${member.id}`)).record;
      const done = await operator.post(`/api/members/${member.id}/death`, { effectiveDate: `${THIS_YEAR - 1}-12-01`, expectedRowVersion: record.rowVersion }).then(() => true, () => false);
      if (done) return;
    }
    throw new Error('no member of the commune could be recorded as dead');
  }

  for (const [index, [name, viewport, phone]] of ([['desktop', DESKTOP, false], ['phone', PHONE, true]] as const).entries()) {
    it(`a commune submits its members form, the province returns it, and sets a target whose actual the dashboard shows (${name})`, async () => {
      const commune = communes[index];
      const communeOfficer = await officerPage(`xa.${name}`, commune.id, viewport, phone);
      const provinceOfficer = await officerPage(`tinh.${name}`, province.id, viewport, phone);

      // The commune's members form as of 31/12 of last year (the default), submitted with a note.
      let page = communeOfficer.page;
      await page.goto('/statistics');
      await page.locator(`[data-testid="statistics-form-view"][data-form="members"][data-unit-id="${commune.id}"][data-loaded="true"]`).waitFor(SLOW);
      const submittedTotal = Number(await page.locator('[data-testid="statistics-section"][data-section="total"] [data-testid="statistics-count"][data-column="members"]').first().getAttribute('data-count'));
      await page.getByTestId('statistics-submit').click();
      await page.getByTestId('statistics-submit-note').fill('Báo cáo số lượng đảng viên cuối năm');
      await page.getByTestId('statistics-submit-confirm').click();
      await page.getByTestId('statistics-submit-done').waitFor(SLOW);
      await screenshot(page, `statistics-submit-01-done-${name}`);
      await page.getByTestId('statistics-submit-close').click();
      await page.getByTestId('statistics-submit-modal').waitFor({ state: 'detached' });
      // The form says it is sent and locked, and offers no second submission until the level above returns it.
      const state = page.locator('[data-testid="statistics-form-submission"][data-status="submitted"]');
      await state.waitFor(SLOW);
      expect(await state.innerText()).toContain(`Đã gửi lên cấp trên ngày ${dayShown(todayInVietnam())} — đã khóa`);
      await expect.poll(() => page.getByTestId('statistics-submit').isDisabled()).toBe(true);
      await screenshot(page, `statistics-submit-02-locked-${name}`);
      // Another date of the same form (today's: the commune may not have existed in the middle of last year) is not locked.
      await page.goto(`/statistics?date=${todayInVietnam()}`);
      await page.locator(`[data-testid="statistics-form-view"][data-form="members"][data-unit-id="${commune.id}"][data-date="${todayInVietnam()}"][data-loaded="true"]`).waitFor(SLOW);
      await expect.poll(() => page.getByTestId('statistics-submit').isEnabled()).toBe(true);
      expect(await page.getByTestId('statistics-form-submission').count()).toBe(0);

      // A late entry: the live figures of that date change, the submitted ones stay.
      await recordADeath(commune.id);

      // The province sees it among the submissions of its units, opens it and sees the changed cell.
      page = provinceOfficer.page;
      await page.goto('/statistics?tab=submissions');
      const row = page.locator(`[data-testid="statistics-submission-row"][data-unit-id="${commune.id}"]`).first();
      await row.waitFor(SLOW);
      expect(await row.getAttribute('data-status')).toBe('submitted');
      expect(await row.getByTestId('statistics-submission-status').innerText()).toBe('Đã gửi');
      expect(await row.innerText()).toContain('Báo cáo số lượng đảng viên cuối năm');
      await fitsTheWindow(page);
      await row.getByTestId('statistics-submission-open').click();
      const detail = page.getByTestId('statistics-submission-detail');
      await detail.waitFor(SLOW);
      const changed = detail.locator('[data-testid="statistics-compared-section"][data-section="total"] [data-testid="statistics-changed-cell"][data-column="members"]').first();
      expect(await changed.innerText()).toBe(`đã thay đổi: ${NUMBER.format(submittedTotal)} → ${NUMBER.format(submittedTotal - 1)}`);
      await screenshot(page, `statistics-submit-03-compared-${name}`);
      await detail.getByTestId('statistics-return').click();
      await page.getByTestId('statistics-return-reason').fill('Số liệu chưa cập nhật trường hợp từ trần.');
      await page.getByTestId('statistics-return-confirm').click();
      await page.locator('[data-testid="statistics-submission-detail"][data-status="returned"]').waitFor(SLOW);
      expect(await detail.innerText()).toContain('Số liệu chưa cập nhật trường hợp từ trần.');
      await page.keyboard.press('Escape');

      // The commune sees it returned, with the reason.
      page = communeOfficer.page;
      await page.getByTestId('statistics-tab-submissions').click();
      const own = page.locator(`[data-testid="statistics-submission-row"][data-unit-id="${commune.id}"][data-status="returned"]`).first();
      await own.waitFor(SLOW);
      expect(await own.getByTestId('statistics-submission-status').innerText()).toBe('Đã trả lại');
      expect(await own.getByTestId('statistics-submission-reason').innerText()).toContain('Số liệu chưa cập nhật trường hợp từ trần.');
      await fitsTheWindow(page);
      await screenshot(page, `statistics-submit-04-returned-${name}`);
      // Back on the form of that date: returned, with the reason, and it may be sent again.
      await page.goto(`/statistics?date=${REPORT_DATE}`);
      const returned = page.locator('[data-testid="statistics-form-submission"][data-status="returned"]');
      await returned.waitFor(SLOW);
      expect(await returned.innerText()).toContain('Đã bị trả lại ngày');
      expect(await returned.innerText()).toContain('Số liệu chưa cập nhật trường hợp từ trần.');
      await page.locator(`[data-testid="statistics-form-view"][data-form="members"][data-unit-id="${commune.id}"][data-loaded="true"]`).waitFor(SLOW);
      await expect.poll(() => page.getByTestId('statistics-submit').isEnabled()).toBe(true);
      await fitsTheWindow(page);
      await screenshot(page, `statistics-submit-05-may-resubmit-${name}`);

      // A count indicator, defined beforehand (the page reads it with the one defined below).
      const countKey = `so-ket-nap-${name}-${RUN}`;
      await provinceOfficer.api.post('/api/statistics/indicators', { key: countKey, label: { vi: 'Số đảng viên kết nạp', en: 'Members admitted' }, unitId: province.id, numerator: { source: 'members', measure: 'admitted' } });
      // The province defines the indicator: admitted over the members at the start of the year, a percentage.
      page = provinceOfficer.page;
      const key = `ty-le-ket-nap-${name}-${RUN}`;
      await page.getByTestId('statistics-tab-targets').click();
      await page.locator('[data-testid="statistics-targets"][data-loaded="true"]').waitFor(SLOW);
      await page.getByTestId('statistics-indicator-new').click();
      await page.getByTestId('statistics-indicator-key').fill(key);
      await page.getByTestId('statistics-indicator-label-vi').fill('Tỷ lệ kết nạp so với số đảng viên đầu năm');
      await page.getByTestId('statistics-indicator-label-en').fill('Admissions as a share of members at the start of the year');
      await pickInSelect(page, 'statistics-numerator-source', 'Đảng viên');
      await pickInSelect(page, 'statistics-numerator-measure', /^Kết nạp$/);
      await page.getByTestId('statistics-indicator-ratio').click();
      await pickInSelect(page, 'statistics-denominator-source', 'Đảng viên');
      await pickInSelect(page, 'statistics-denominator-measure', /^Đảng viên$/);
      await pickInSelect(page, 'statistics-denominator-at', 'Đầu kỳ');
      await screenshot(page, `statistics-targets-01-indicator-${name}`);
      await page.getByTestId('statistics-indicator-save').click();
      await page.getByTestId('statistics-indicator-form').waitFor({ state: 'detached', ...SLOW });

      // The target: at least 3.2% this year, in the term 2025–2030, typed with the decimal comma as Vietnamese writes
      // it (and with a dot on the phone): shown with the comma.
      const valueInput = page.locator('[data-testid="statistics-target-value-input"] input, input[data-testid="statistics-target-value-input"]').first();
      await page.getByTestId('statistics-target-new').click();
      await pickInSelect(page, 'statistics-target-indicator', key);
      await valueInput.click();
      await valueInput.pressSequentially(phone ? '3.2' : '3,2', { delay: 30 });
      await valueInput.press('Tab');
      expect(await valueInput.inputValue()).toBe('3,2');
      await screenshot(page, `statistics-targets-01b-value-${name}`);
      await page.getByTestId('statistics-target-save').click();
      await page.getByTestId('statistics-target-form').waitFor({ state: 'detached', ...SLOW });

      // A count's target is whole: 15, not 15.0.
      await page.getByTestId('statistics-target-new').click();
      await pickInSelect(page, 'statistics-target-indicator', countKey);
      await valueInput.click();
      await valueInput.pressSequentially('15', { delay: 30 });
      await valueInput.press('Tab');
      expect(await valueInput.inputValue()).toBe('15');
      await page.getByTestId('statistics-target-save').click();
      await page.getByTestId('statistics-target-form').waitFor({ state: 'detached', ...SLOW });
      const countCard = page.locator(`[data-testid="statistics-target"][data-indicator="${countKey}"]`);
      await countCard.waitFor(SLOW);
      expect(await countCard.getByTestId('statistics-target-value').innerText()).toBe('Ít nhất 15');

      // The dashboard shows the target and its actual: the year's admissions over the members on 31/12 of last year.
      const card = page.locator(`[data-testid="statistics-target"][data-indicator="${key}"]`);
      await card.waitFor(SLOW);
      await page.locator('[data-testid="statistics-targets"][data-loaded="true"]').waitFor(SLOW);
      expect(await card.getByTestId('statistics-target-value').innerText()).toBe('Ít nhất 3,2%');
      const figures = await operator.get<StatisticsFigures>(`/api/statistics/figures?source=members&unitId=${province.id}&from=${THIS_YEAR}-01-01&to=${todayInVietnam()}`);
      const admitted = figures.figures.find((figure) => figure.measure === 'admitted' && figure.value === null && figure.unitId === null)!.count;
      const atStart = figures.figures.find((figure) => figure.measure === 'members' && figure.value === null && figure.unitId === null && figure.at === 'before')!.count;
      expect(atStart).toBeGreaterThan(0);
      const actual = Number(await card.getAttribute('data-actual'));
      expect(actual).toBeCloseTo((admitted / atStart) * 100, 1);
      expect(await card.getByTestId('statistics-target-actual').innerText()).toBe(`${NUMBER.format(actual)}%`);
      const met = actual >= 3.2;
      expect(await card.getByTestId('statistics-target-met').innerText()).toBe(met ? 'Đạt' : 'Chưa đạt');
      const dashboard = await provinceOfficer.api.get<TargetDashboard>(`/api/statistics/targets?unitId=${province.id}&year=${THIS_YEAR}`);
      const noData = dashboard.noData > 0 ? ` (${dashboard.noData} chỉ tiêu chưa có số liệu)` : '';
      expect(await page.getByTestId('statistics-targets-summary').innerText()).toBe(`Đạt ${dashboard.met}/${dashboard.total} chỉ tiêu${noData}`);
      await fitsTheWindow(page);
      await screenshot(page, `statistics-targets-02-dashboard-${name}`);
      await communeOfficer.page.context().close();
      await provinceOfficer.page.context().close();
    }, WALK_TIMEOUT);
  }
});
