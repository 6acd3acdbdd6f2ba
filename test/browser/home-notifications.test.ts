/**
 * The officer's day (issue 10): a commune officer signs in to the home page, sees the incoming transfer counted and
 * as a notification in the bell, opens it, and accepts the transfer from there; the counts link to the filtered
 * lists; a cell secretary lands on their cell, with where it is, its members and what is due. Desktop and phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Home, WorkItemList } from '../../src/contracts/home.ts';
import type { NotificationList } from '../../src/contracts/notifications.ts';
import type { OrgNode, OrgNodeList } from '../../src/contracts/orgs.ts';
import type { MemberListItem, MemberListResponse, MemberPage } from '../../src/contracts/members.ts';
import { ApiSession, DESKTOP, PHONE, changePasswordThroughForm, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { children, ensureDemoProvince } from './scenario-data.ts';

const RUN = Date.now().toString(36).slice(-5);
const todayInVietnam = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);


/** The first live cell under a unit (breadth first) that passes the check. */
async function findCell(api: ApiSession, unit: OrgNode, accept: (cell: OrgNode) => Promise<boolean>): Promise<OrgNode | null> {
  const queue = [unit];
  while (queue.length) {
    const below = await children(api, queue.shift()!.id);
    for (const child of below) if (child.kind === 'cell' && !child.endedOn && await accept(child)) return child;
    queue.push(...below.filter((child) => child.childCount > 0));
  }
  return null;
}

interface Scenario { communeB: OrgNode; cellA: OrgNode; cellB: OrgNode; member: MemberListItem }

/** Two communes of the demo province: a cell with members free to move in the first, a destination cell in the last. */
async function prepare(api: ApiSession): Promise<Scenario> {
  await ensureDemoProvince(api);
  const roots = await api.get<OrgNodeList>('/api/orgs/roots');
  const provinces = (await children(api, roots.items[0].id)).filter((unit) => unit.kind === 'provincial_committee');
  for (const province of provinces) {
    const communes = (await children(api, province.id)).filter((unit) => unit.kind === 'commune_committee' && !unit.endedOn);
    if (communes.length < 2) continue;
    // The last communes: the other files of the suite take theirs from the first ones.
    let member: MemberListItem | undefined;
    const cellA = await findCell(api, communes[communes.length - 1], async (cell) => {
      const list = await api.get<MemberListResponse>(`/api/members?unitId=${cell.id}&status=official&limit=20`);
      if (list.items.length < 3) return false;
      for (const item of list.items.filter((candidate) => !candidate.inTransit)) {
        if ((await api.get<MemberPage>(`/api/members/${item.id}`)).openTransfers.length === 0) {
          member = item;
          return true;
        }
      }
      return false;
    });
    const communeB = communes[communes.length - 2];
    const cellB = await findCell(api, communeB, async (cell) => cell.name !== cellA?.name);
    if (cellA && cellB && member) return { communeB, cellA, cellB, member };
  }
  throw new Error('no province with two communes, a cell with members and a destination cell');
}

/** Creates an account granted one role on one unit and signs it in through the forms (the first password is changed). */
async function newOfficer(operator: ApiSession, page: Page, role: string, unitId: number, name: string) {
  const username = `${role.replace('_', '.')}.home.${RUN}`;
  const password = `mat-khau-${role}-${RUN}-2026`;
  const created = await operator.post<{ oneTimePassword: string }>('/api/accounts', { username, displayName: name, grant: { role, unitId } });
  await signInThroughForm(page, username, created.oneTimePassword);
  await changePasswordThroughForm(page, created.oneTimePassword, password);
  return new ApiSession(inject('baseUrl')).signIn(username, password);
}

async function noHorizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the home page and notifications', () => {
  let browser: Browser;
  let operator: ApiSession;
  let scenario: Scenario;
  let transferId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    scenario = await prepare(operator);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a commune officer sees the incoming transfer on the home page and in the bell, opens it and accepts it from there', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    const officer = await newOfficer(operator, page, 'org_officer', scenario.communeB.id, 'Hoàng Thị Nhận');
    await page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Việc cần làm');
    expect(await page.getByTestId('main-menu').innerText()).toContain('Trang chủ');

    // The province's officer (the operator here) sends a member of the other commune to a cell of this one.
    const today = todayInVietnam();
    const decision = await operator.post<{ id: number }>('/api/decisions', {
      number: `${RUN}-QĐ/ĐU`, signedOn: today, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: scenario.cellA.id,
    });
    const { record } = await operator.get<MemberPage>(`/api/members/${scenario.member.id}`);
    const transfer = await operator.post<{ id: number }>('/api/transfers', {
      kind: 'official', purpose: 'residence', decisionId: decision.id, issuedOn: today, memberId: scenario.member.id,
      toUnitId: scenario.cellB.id, expectedRowVersion: record.rowVersion,
    });
    transferId = transfer.id;

    // Counted on the home page (after a navigation refreshes it), the same number as the API's, linking to the list.
    const [expected] = (await officer.get<WorkItemList>('/api/home/items?keys=transfers.incoming')).items;
    expect(expected.count).toBeGreaterThanOrEqual(1);
    await page.reload();
    const card = page.getByTestId('work-item-transfers.incoming');
    await expect.poll(() => card.getAttribute('data-count')).toBe(String(expected.count));
    expect(await card.innerText()).toContain('Giấy giới thiệu chuyển đến chờ tiếp nhận');
    await screenshot(page, 'home-01-officer-desktop');

    // The bell counts it unread; its text names the member, the sending cell and the receiving one.
    const bell = page.getByTestId('notification-bell');
    await expect.poll(async () => Number(await bell.getAttribute('data-unread'))).toBeGreaterThanOrEqual(1);
    await bell.click();
    const item = page.getByTestId('notification-item').filter({ hasText: scenario.member.fullName }).first();
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    const text = await item.innerText();
    expect(text).toContain(scenario.cellB.name);
    expect(text).toContain('chờ tiếp nhận');
    await screenshot(page, 'home-02-bell');
    const unreadBefore = (await officer.get<NotificationList>('/api/notifications')).unread;
    await item.click();

    // Opened: it is read, and the transfer is there, focused, with its "accept" button.
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('focus') === String(transferId));
    await expect.poll(async () => (await officer.get<NotificationList>('/api/notifications')).unread).toBe(unreadBefore - 1);
    const row = page.locator(`[data-testid="transfers-table-incoming"] tr[data-transfer-id="${transferId}"]`);
    await row.waitFor();
    await row.getByTestId('transfer-accept').click();
    await page.getByTestId('accept-submit').waitFor();
    await page.getByTestId('accept-submit').click();
    await page.getByTestId('accept-submit').waitFor({ state: 'detached' });
    await expect.poll(() => row.innerText()).toContain('Đã tiếp nhận');
    const members = await officer.get<MemberListResponse>(`/api/members?unitId=${scenario.cellB.id}&limit=500`);
    expect(members.items.map((member) => member.id)).toContain(scenario.member.id);

    // Back home, one fewer awaiting acceptance; the card's link opens the incoming list.
    await page.goto('/');
    await expect.poll(() => page.getByTestId('work-item-transfers.incoming').getAttribute('data-count')).toBe(String(expected.count - 1));
    await page.getByTestId('work-item-transfers.incoming').click();
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('tab') === 'incoming');
    await page.getByTestId('transfers-table-incoming').waitFor();
    await context.close();
  });

  it('the issuer is told it was accepted; every card links to its filtered list', async () => {
    const told = (await operator.get<NotificationList>('/api/notifications?limit=100')).items;
    expect(told.find((item) => item.objectId === transferId && item.kind === 'transfer.accepted')).toBeDefined();

    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
    const home = await operator.get<Home>('/api/home');
    expect(home.workItems).toEqual(expect.arrayContaining(['transfers.incoming', 'transfers.late', 'badges.due', 'member-cleaning.open', 'member-import.finished']));
    // Each card is counted on its own: the quick ones show while the province's cleaning worklist is still counted.
    const items = (await operator.get<WorkItemList>(`/api/home/items?keys=${home.workItems.join(',')}`)).items;
    for (const item of items) {
      await expect.poll(() => page.getByTestId(`work-item-${item.key}`).getAttribute('data-count'), { timeout: 120_000 }).toBe(String(item.count));
    }
    await screenshot(page, 'home-02b-operator-desktop');
    const targets: Record<string, string> = {
      'transfers.late': 'transfers-page', 'badges.due': 'badges-page', 'member-cleaning.open': 'cleaning-page', 'member-import.finished': 'import-page',
    };
    for (const [key, testId] of Object.entries(targets)) {
      await page.getByTestId(`work-item-${key}`).click();
      await page.getByTestId(testId).waitFor();
      const link = items.find((item) => item.key === key)!.link;
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(link);
      await page.goBack();
      await page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
    }
    // The badge list opens on the day of the card.
    const badges = items.find((item) => item.key === 'badges.due')!;
    await page.goto(badges.link);
    await page.getByTestId('badges-page').waitFor();
    expect(await page.getByTestId('badges-date').innerText()).toContain(String(badges.params.date).split('-').reverse().join('/'));
    await context.close();
  });

  it('at phone width, a cell secretary lands on their cell: where it is, its members, what is due; the bell fits', async () => {
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    const secretary = await newOfficer(operator, page, 'cell_secretary', scenario.cellA.id, 'Vi Văn Bí Thư');
    await page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
    const home = await secretary.get<Home>('/api/home');
    const unit = page.getByTestId('home-unit');
    expect(await unit.getByTestId('home-unit-name').innerText()).toBe(scenario.cellA.name);
    expect(await unit.getByTestId('home-unit-place').innerText()).toBe(home.units[0].above.join(' · '));
    expect(home.units[0].above.length).toBeGreaterThan(0);
    expect(await unit.getByTestId('home-unit-headcount').innerText()).toBe(`${home.units[0].headcount} đảng viên`);
    const first = await secretary.get<MemberListResponse>(`/api/members?unitId=${scenario.cellA.id}&limit=10`);
    await expect.poll(() => unit.getByTestId('home-cell-members').locator('a').allInnerTexts()).toEqual(first.items.map((item) => item.fullName));
    expect(await page.getByTestId('work-item-badges.due').isVisible()).toBe(true);
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'home-03-secretary-phone');

    // The bell and the notifications page work at this width too.
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor();
    await page.getByTestId('notifications-see-all').click();
    await page.getByTestId('notifications-page').waitFor();
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'home-04-notifications-phone');

    await page.goto('/');
    await page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
    await page.getByTestId('home-all-members').click();
    await page.waitForURL((url) => url.pathname === '/members' && url.searchParams.get('unitId') === String(scenario.cellA.id));
    await context.close();
  });
});
