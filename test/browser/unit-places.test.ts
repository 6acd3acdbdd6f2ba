/**
 * Units told apart and numbers where people look (issue 10, items 1 and 4): a unit picker shows where each unit is,
 * finds a cell by the name of its ward ("khu 10 cam pha") and offers more results; a cell's page shows its members on
 * the date with the total and links to member pages, whose unit carries its place. At desktop and phone width.
 *
 * The data is a small province made through the API (two wards with the same thirty cell names, "Chi bộ khu 1…30"):
 * seconds to make, so the pages are opened on the web build the run started with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import type { MemberListResponse } from '../../src/contracts/members.ts';
import type { OrgNodeList, OrgSearchResult, RestructureResult } from '../../src/contracts/orgs.ts';
import { PLACE_SEPARATOR } from '../../src/rules/unit-place.ts';
import { identity } from '../helpers/member-factories.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';

const RUN = `pb${Date.now().toString(36).slice(-5)}`;
const CAMPHA = `Đảng bộ phường Cẩm Phả ${RUN}`;
const GRASSROOTS = 'Đảng bộ cơ sở khu dân cư';
const MEMBERS = ['Nguyễn Văn Khu', 'Trần Thị Mười', 'Lê Văn Phả'];

describe('units told apart, members where people look', () => {
  let browser: Browser;
  let operator: ApiSession;
  let cellId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const rootId = (await operator.get<OrgNodeList>('/api/orgs/roots')).items[0].id;
    const decision = await operator.post<Decision>('/api/decisions', {
      number: `77-QĐ/TU-${RUN}`, signedOn: '2019-12-20', issuingBody: 'Ban Thường vụ Tỉnh ủy', issuingUnitId: rootId, subject: 'Kiện toàn tổ chức',
    });
    const establish = async (date: string, parentId: number, units: { code: string; name: string; kind: string }[]) => {
      const result = await operator.post<RestructureResult>('/api/orgs/batches', {
        operation: 'establish', effectiveDate: date, decisionId: decision.id, units: units.map((unit) => ({ ...unit, parentId })),
      });
      return result.summary.unitsCreated.map((created) => created.unitId);
    };
    const [province] = await establish('2020-01-01', rootId, [{ code: `${RUN}`, name: `Đảng bộ tỉnh Phân Biệt ${RUN}`, kind: 'provincial_committee' }]);
    const wards = await establish('2025-07-01', province, [
      { code: `${RUN}-CP`, name: CAMPHA, kind: 'commune_committee' },
      { code: `${RUN}-HH`, name: `Đảng bộ phường Hồng Hà ${RUN}`, kind: 'commune_committee' },
    ]);
    for (const [index, ward] of wards.entries()) {
      const [grassroots] = await establish('2025-07-01', ward, [{ code: `${RUN}-${index}-G`, name: GRASSROOTS, kind: 'grassroots_committee' }]);
      const cells = await establish('2025-07-01', grassroots, Array.from({ length: 30 }, (_, n) => ({ code: `${RUN}-${index}-K${n + 1}`, name: `Chi bộ khu ${n + 1}`, kind: 'cell' })));
      if (index === 0) cellId = cells[9];
    }
    for (const [index, fullName] of MEMBERS.entries()) {
      await operator.post('/api/members/registrations', {
        unitId: cellId, effectiveDate: '2025-08-01', admissionDate: '2010-03-01', officialDate: '2011-03-01', status: 'official',
        member: identity({ fullName, sex: index === 1 ? 'female' : 'male', birthDate: `197${index}-05-1${index}` }),
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function pickerShowsPlaces(page: Page, phone: boolean) {
    await page.goto('/members');
    await page.getByTestId('members-page').waitFor();
    if (phone) await page.getByTestId('toggle-filters').click();
    // The words of the cell and of its ward: one unit, shown with where it is.
    await page.getByTestId('filter-unit').click();
    await page.keyboard.type(`khu 10 cam pha ${RUN}`, { delay: 10 });
    const places = page.locator('.ant-select-dropdown:visible [data-testid="unit-option-place"]');
    await expect.poll(() => places.allInnerTexts()).toEqual([[GRASSROOTS, CAMPHA].join(PLACE_SEPARATOR)]);
    await screenshot(page, `unit-places-01-picker-${phone ? 'phone' : 'desktop'}`);
    // Sixty cells match "chi bo": the first fifty, then "more" asks the server for the next.
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-unit').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`chi bo ${RUN}`, { delay: 10 });
    const more = page.getByTestId('unit-picker-more');
    await more.waitFor();
    const larger = page.waitForRequest((request) => request.url().includes('/api/orgs/search') && request.url().includes('limit=100'));
    await more.click();
    await larger;
    await expect.poll(() => more.count()).toBe(0);
    await page.keyboard.press('Escape');
  }

  async function cellPageListsMembers(page: Page) {
    await page.goto(`/units/${cellId}`);
    await page.getByTestId('unit-members-list').waitFor();
    await expect.poll(() => page.getByTestId('unit-members-total').innerText()).toBe(`Tổng số: ${MEMBERS.length}`);
    await expect.poll(() => page.getByTestId('unit-member-link').allInnerTexts()).toEqual(expect.arrayContaining(MEMBERS));
    await expect.poll(() => page.getByTestId('members-total').innerText()).toContain(String(MEMBERS.length));
    await expect.poll(() => page.getByTestId('members-guests').innerText()).toContain('0');
    const list = await operator.get<MemberListResponse>(`/api/members?unitId=${cellId}`);
    expect(list.total).toBe(MEMBERS.length);
  }

  async function memberPageShowsPlace(page: Page) {
    await page.getByTestId('unit-member-link').first().click();
    await expect.poll(() => page.getByTestId('member-unit').innerText()).toBe('Chi bộ khu 10');
    expect(await page.getByTestId('member-unit-place').innerText()).toBe([GRASSROOTS, CAMPHA].join(PLACE_SEPARATOR));
  }

  it('at desktop width: the picker shows places and more, the cell page lists its members with the total', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await pickerShowsPlaces(page, false);
    await cellPageListsMembers(page);
    await screenshot(page, 'unit-places-02-cell-desktop');
    await memberPageShowsPlace(page);
    await context.close();
  });

  it('at phone width: the same', async () => {
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await pickerShowsPlaces(page, true);
    await cellPageListsMembers(page);
    await screenshot(page, 'unit-places-03-cell-phone');
    await memberPageShowsPlace(page);
    await context.close();
  });
});
