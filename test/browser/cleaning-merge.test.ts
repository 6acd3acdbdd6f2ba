/**
 * Cleaning that fixes (issue 10, item 8): from the worklist, two likely duplicates side by side, each linking to its
 * record, and merged into one; the merged record stays, says where it went, and is no longer listed. At phone width
 * the comparison fits the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MemberPage } from '../../src/contracts/members.ts';
import type { CleaningIssue } from '../../src/contracts/member-import.ts';
import { ApiSession, DESKTOP, PHONE, chooseInSelect, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { ensureDemoProvince } from './scenario-data.ts';


describe('merging duplicates from the cleaning list', () => {
  let browser: Browser;
  let operator: ApiSession;
  /** Duplicate issues on the list's first page, with their members' pages. */
  let pairs: { issue: CleaningIssue; pages: MemberPage[] }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    await ensureDemoProvince(operator);
    const list = await operator.get<{ items: CleaningIssue[] }>('/api/member-cleaning/issues?kind=duplicate_name_birth&state=open&limit=500&offset=0');
    for (const issue of list.items.filter((item) => item.members.length === 2)) {
      pairs.push({ issue, pages: await Promise.all(issue.members.map((member) => operator.get<MemberPage>(`/api/members/${member.id}`))) });
    }
    pairs = [...pairs.filter(({ pages }) => pages.some((page) => page.record.citizenId === null)), ...pairs.filter(({ pages }) => pages.every((page) => page.record.citizenId !== null))];
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('compares two records of one person side by side and merges them, keeping both', async () => {
    // A person registered twice: one record without a citizen ID.
    const pair = pairs.find(({ pages }) => pages.some((page) => page.record.citizenId === null) && pages.every((page) => !page.record.inTransit));
    expect(pair).toBeTruthy();
    const keep = pair!.pages.find((page) => page.record.citizenId !== null) ?? pair!.pages[0];
    const other = pair!.pages.find((page) => page.record.id !== keep.record.id)!;

    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto('/member-cleaning');
    const unit = await operator.get<{ code: string; name: string }>(`/api/orgs/units/${pair!.issue.unitId}`);
    await chooseInSelect(page, 'cleaning-unit', unit.code, unit.name);
    await chooseInSelect(page, 'cleaning-kind', '', /^Có thể trùng/);
    const row = page.locator('[data-testid="cleaning-table"] tr').filter({ has: page.locator(`a[href="/members/${other.record.id}"]`) });
    await row.getByTestId('cleaning-compare').click();
    const modal = page.getByTestId('compare-modal');
    await modal.getByTestId('compare-table').waitFor();
    const table = await modal.getByTestId('compare-table').innerText();
    expect(table).toContain(keep.record.fullName);
    expect(table).toContain(keep.record.citizenId!);
    // Each record's unit with where it is.
    expect(table).toContain(pair!.issue.members.find((member) => member.id === keep.record.id)!.unitName);
    // Each record links to its own page.
    // (The table renders its header twice when it scrolls sideways: the links are counted once each.)
    const links = [...new Set(await modal.locator('[data-testid^="compare-link-"]:visible').evaluateAll((elements) => elements.map((element) => element.getAttribute('href'))))];
    expect([...links].sort()).toEqual([`/members/${keep.record.id}`, `/members/${other.record.id}`].sort());
    // The differing citizen ID row is marked.
    expect(await modal.locator('.compare-differs, mark').count()).toBeGreaterThan(0);
    const keepIndex = links.indexOf(`/members/${keep.record.id}`);
    await modal.locator(`[data-testid="compare-keep-${keepIndex}"]:visible`).first().click();
    await modal.getByTestId('merge-reason').fill('Một người được nhập hai lần (hồ sơ giấy không có CCCD)');
    await screenshot(page, 'cleaning-01-compare');
    await modal.getByTestId('merge-submit').click();
    await modal.waitFor({ state: 'detached' });

    const merged = await operator.get<MemberPage>(`/api/members/${other.record.id}`);
    expect(merged.record).toMatchObject({ status: 'merged', mergedIntoId: keep.record.id });
    const kept = await operator.get<MemberPage>(`/api/members/${keep.record.id}`);
    expect(kept.record.status).toBe(keep.record.status);
    expect(kept.timeline.some((event) => event.kind === 'correction' && event.reason === 'Một người được nhập hai lần (hồ sơ giấy không có CCCD)')).toBe(true);
    // The merged record's page says where it went.
    await page.goto(`/members/${other.record.id}`);
    await page.getByTestId('member-merged').waitFor();
    expect(await page.getByTestId('merged-into-link').getAttribute('href')).toBe(`/members/${keep.record.id}`);
    await screenshot(page, 'cleaning-02-merged-record');
    await context.close();
  });

  it('at phone width the comparison fits the screen; two different people are not offered a merge', async () => {
    const pair = pairs.find(({ pages }) => pages.every((page) => page.record.citizenId !== null) && pages[0].record.citizenId !== pages[1].record.citizenId);
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    const target = pair ?? pairs[pairs.length - 1];
    await page.goto('/member-cleaning');
    const unit = await operator.get<{ code: string; name: string }>(`/api/orgs/units/${target.issue.unitId}`);
    await chooseInSelect(page, 'cleaning-unit', unit.code, unit.name);
    await chooseInSelect(page, 'cleaning-kind', '', /^Có thể trùng/);
    const row = page.locator('[data-testid="cleaning-table"] tr').filter({ has: page.locator(`a[href="/members/${target.issue.members[0].id}"]`) });
    await row.getByTestId('cleaning-compare').click();
    const modal = page.getByTestId('compare-modal');
    await modal.getByTestId('compare-table').waitFor();
    if (pair) {
      await modal.getByTestId('compare-different').waitFor();
      expect(await modal.getByTestId('merge-reason').count()).toBe(0);
      expect(await modal.getByTestId('merge-submit').isDisabled()).toBe(true);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'cleaning-03-compare-phone');
    await context.close();
  });
});
