/**
 * The review and classification in the web app, at desktop width: an officer of a province picks a cell and last
 * year, fills in the members' levels at once, is refused with the server's words when two are "excellent" out of
 * five rated good or better, makes one "good" again and records them under the decision; the totals by level show
 * them, and the dashboard's target "at least 85% of members complete their tasks" shows the actual they give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CommandResult } from '../../src/contracts/members.ts';
import type { TargetDashboard } from '../../src/contracts/statistics.ts';
import { ApiSession, DESKTOP, changePasswordThroughForm, chooseInSelect, launchBrowser, newContext, screenshot, signInThroughForm, unitFounder } from './helpers.ts';

const RUN = Date.now().toString(36).slice(-5);
const todayInVietnam = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const LAST_YEAR = Number(todayInVietnam().slice(0, 4)) - 1;
const TERM_FROM = 2025 + 5 * Math.floor((LAST_YEAR - 2025) / 5);

/** Opens the antd Select inside `within` and picks the option whose text matches; waits for the list to close. */
async function pickIn(page: Page, within: Locator, option: string | RegExp) {
  await within.click();
  const choice = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await choice.waitFor();
  await choice.click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

describe('the review and classification in the web app', () => {
  let browser: Browser;
  let operator: ApiSession;
  let officer: { username: string; password: string };
  let provinceId: number;
  let cellName: string;
  const memberIds: number[] = [];
  const decisionNumber = `${RUN}-20-QĐ/ĐU`;
  const indicatorKey = `dang-vien-hoan-thanh-${RUN}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const { rootId, establish } = await unitFounder(operator, `XL${RUN}`);
    provinceId = await establish(rootId, 'T', `Đảng bộ tỉnh Xếp Loại ${RUN}`, 'provincial_committee');
    const grassrootsId = await establish(provinceId, 'C', `Đảng bộ Công ty Xếp Loại ${RUN}`, 'grassroots_committee');
    cellName = `Chi bộ Kỹ thuật ${RUN}`;
    const cellId = await establish(grassrootsId, 'B', cellName, 'cell');
    for (let index = 0; index < 5; index++) {
      const created = await operator.post<CommandResult>('/api/members/registrations', {
        unitId: cellId, status: 'official', effectiveDate: '2020-01-01', admissionDate: `2010-02-0${index + 1}`, officialDate: `2011-02-0${index + 1}`,
        member: { fullName: `${['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng'][index]} Văn Xếp ${RUN}`, sex: 'male', birthDate: `197${index}-06-1${index}` },
      });
      memberIds.push(created.member.id);
    }
    await operator.post('/api/decisions', {
      number: decisionNumber, signedOn: `${LAST_YEAR + 1}-01-15`, issuingBody: `Đảng ủy Công ty Xếp Loại ${RUN}`, issuingUnitId: grassrootsId, subject: `Xếp loại chất lượng năm ${LAST_YEAR}`,
    });
    // The seeds' target, set by the province: at least 85% of members complete their tasks, last year.
    const indicator = await operator.post<{ id: number }>('/api/statistics/indicators', {
      key: indicatorKey, label: { vi: 'Tỷ lệ đảng viên hoàn thành nhiệm vụ trở lên', en: 'Members who completed their tasks or better' }, unitId: provinceId,
      numerator: { source: 'reviews', measure: 'membersCompletedOrBetter' }, denominator: { source: 'reviews', measure: 'membersClassified' },
    });
    await operator.post('/api/statistics/targets', { indicatorId: indicator.id, unitId: provinceId, termFrom: TERM_FROM, termTo: TERM_FROM + 5, year: LAST_YEAR, comparison: 'at_least', value: 85 });
    const username = `to.chuc.xl.${RUN}`;
    const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: `Cán bộ tổ chức ${RUN}`, grant: { role: 'org_officer', unitId: provinceId } });
    officer = { username, password: created.oneTimePassword };
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('an officer records a cell\'s members\' results for last year and the dashboard\'s target shows them', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, officer.username, officer.password);
    await changePasswordThroughForm(page, officer.password, `mat-khau-xep-loai-${RUN}-2026`);

    await page.goto('/reviews');
    await chooseInSelect(page, 'reviews-unit', cellName, cellName);
    expect(await page.getByTestId('reviews-year').innerText()).toContain(String(LAST_YEAR));
    const rows = page.locator('[data-testid="review-row"]');
    await expect.poll(() => rows.count()).toBe(5);
    const row = (index: number) => page.locator(`[data-testid="review-row"][data-subject-id="${memberIds[index]}"]`);

    // Everyone "good", then two "excellent": more than 20% of the five rated good or better.
    await pickIn(page, page.getByTestId('reviews-fill'), /^Hoàn thành tốt nhiệm vụ$/);
    await pickIn(page, row(0).getByTestId('review-level-select'), 'Hoàn thành xuất sắc nhiệm vụ');
    await pickIn(page, row(1).getByTestId('review-level-select'), 'Hoàn thành xuất sắc nhiệm vụ');
    await chooseInSelect(page, 'decision-picker', decisionNumber, decisionNumber);
    await page.getByTestId('reviews-save').click();
    const refusal = page.locator('[data-testid="reviews-error"][data-code="REVIEW_EXCELLENT_QUOTA"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('tối đa 1');
    await screenshot(page, 'reviews-01-quota');
    expect(await page.getByTestId('reviews-total-classified').getAttribute('data-count')).toBe('0');

    // One of them "good" again (one "excellent" in five good or better): recorded, and the totals show them.
    await pickIn(page, row(1).getByTestId('review-level-select'), /^Hoàn thành tốt nhiệm vụ$/);
    await page.getByTestId('reviews-save').click();
    await page.getByTestId('reviews-saved').waitFor();
    await expect.poll(() => page.getByTestId('reviews-total-classified').getAttribute('data-count')).toBe('5');
    expect(await page.getByTestId('reviews-total-excellent').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('reviews-total-good').getAttribute('data-count')).toBe('4');
    expect(await page.getByTestId('reviews-total-completed').getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId('reviews-total-completed-or-better').getAttribute('data-count')).toBe('5');
    expect(await row(0).getAttribute('data-level')).toBe('excellent');
    await screenshot(page, 'reviews-02-recorded');

    // The province's dashboard for last year: 5 of 5 completed or better, the target met.
    await page.goto(`/statistics?tab=targets&unitId=${provinceId}`);
    await page.locator('[data-testid="statistics-targets"][data-loaded="true"]').waitFor();
    const year = page.locator('input[data-testid="statistics-targets-year"], [data-testid="statistics-targets-year"] input').first();
    await year.fill(String(LAST_YEAR));
    await year.press('Enter');
    const card = page.locator(`[data-testid="statistics-target"][data-indicator="${indicatorKey}"]`);
    await card.waitFor();
    await expect.poll(() => card.getAttribute('data-actual')).toBe('100');
    expect(await card.getAttribute('data-met')).toBe('true');
    expect(await card.getByTestId('statistics-target-actual').innerText()).toBe('100%');
    const dashboard = await operator.get<TargetDashboard>(`/api/statistics/targets?unitId=${provinceId}&year=${LAST_YEAR}`);
    expect(dashboard.targets.find((target) => target.indicator.key === indicatorKey)).toMatchObject({ numerator: 5, denominator: 5, actual: 100, met: true });
    await screenshot(page, 'reviews-03-dashboard');
    await context.close();
  });
});
