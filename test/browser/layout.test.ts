/**
 * The frame at the two widths the app must serve (1366×768 and a 390×844 phone), and the language: Vietnamese by
 * default, English on request, kept across reloads and recorded on the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';

describe('layout and language', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('at desktop width the menu is a side bar with every entry the account may use', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(true);
    expect(await page.getByTestId('menu-toggle').count()).toBe(0);
    expect(await page.getByTestId('user-name').innerText()).toBe('Cán bộ vận hành');
    await page.locator('[data-testid="tree-node"]').first().waitFor();
    await context.close();
  });

  it('at phone width the menu collapses into a drawer, and the tree still renders', async () => {
    const context = await newContext(browser, PHONE, { phone: true });
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    const toggle = page.getByTestId('menu-toggle');
    expect(await toggle.isVisible()).toBe(true);
    // The tree: the root is there, and it fits the screen's width.
    const firstNode = page.locator('[data-testid="tree-node"]').first();
    await firstNode.waitFor();
    expect(await firstNode.innerText()).toContain('Ban Chấp hành Trung ương Đảng');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-01-tree');

    await toggle.click();
    const drawer = page.getByTestId('menu-drawer');
    await drawer.waitFor();
    // Fully slid in from the left edge.
    await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
    const entries = await drawer.getByTestId('main-menu').innerText();
    for (const label of ['Cây tổ chức', 'Sắp xếp tổ chức', 'Quyết định', 'Nhật ký thay đổi']) expect(entries).toContain(label);
    expect(await drawer.getByTestId('drawer-user-name').innerText()).toBe('Cán bộ vận hành');
    await screenshot(page, 'phone-02-drawer');
    await drawer.getByText('Nhật ký thay đổi').click();
    await page.getByTestId('journal-page').waitFor();
    await drawer.waitFor({ state: 'hidden' });

    // Wide tables scroll inside themselves instead of widening the page.
    await page.getByTestId('journal-table').locator('.ant-table-row').first().waitFor();
    const table = await page.getByTestId('journal-table').locator('.ant-table-content').evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(table.scroll).toBeGreaterThan(table.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-03-journal');
    await context.close();
  });

  it('the interface is Vietnamese by default and switches to English, kept across reloads and on the account', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Cây tổ chức');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');

    const recorded = page.waitForResponse((response) => response.url().endsWith('/api/auth/me') && response.request().method() === 'PATCH');
    await page.getByTestId('language-switch').getByText('EN').click();
    expect((await recorded).status()).toBe(200);
    expect(await page.getByTestId('page-title').innerText()).toBe('Organization tree');
    expect(await page.getByTestId('main-menu').innerText()).toContain('Decisions');
    // Ant Design's own texts follow (the date picker's placeholder), and dates stay dd/mm/yyyy.
    expect(await page.locator('input[data-testid="compare-date"]').getAttribute('placeholder')).toBe('Select date');
    expect(await page.locator('input[data-testid="as-of-date"]').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    await page.reload();
    await page.getByTestId('tree-page').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Organization tree');
    const me = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword')).then((api) => api.get<{ locale: string }>('/api/auth/me'));
    expect(me.locale).toBe('en');

    await page.goto('/units/987654321');
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('not-found').innerText()).toContain('Not found');
    await screenshot(page, 'english-not-found');

    // Server messages come in the chosen language too (the client sends x-locale).
    const anonymous = await newContext(browser, DESKTOP);
    const login = await anonymous.newPage();
    await login.goto('/login');
    await login.getByTestId('login-language').getByText('EN').click();
    await login.getByTestId('login-username').fill(inject('operatorUsername'));
    await login.getByTestId('login-password').fill('not-the-password');
    await login.getByTestId('login-submit').click();
    await login.getByTestId('login-error').waitFor();
    expect(await login.getByTestId('login-error').innerText()).toBe('Wrong username or password.');
    await anonymous.close();

    await page.getByTestId('language-switch').getByText('VI').click();
    await page.goto('/tree');
    expect(await page.getByTestId('page-title').innerText()).toBe('Cây tổ chức');
    await context.close();
  });

  it('a reader who asks for reduced motion gets the drawer at once, with no animation; one who does not sees it slide', async () => {
    const animationsSeen = async (motion: boolean) => {
      const context = await newContext(browser, PHONE, { phone: true, motion });
      // Every class an element takes while the page runs, from before the app starts: an entering animation shows
      // as antd's `…-enter` / `…-appear` classes.
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { motionSeen: string[] }).motionSeen = seen;
        new MutationObserver((records) => {
          const note = (node: Node) => {
            const name = node instanceof Element ? node.getAttribute('class') ?? '' : '';
            for (const token of name.split(/\s+/)) if (/-(enter|appear)(-active)?$/.test(token)) seen.push(token);
          };
          for (const record of records) {
            note(record.target);
            for (const added of record.addedNodes) {
              note(added);
              if (added instanceof Element) added.querySelectorAll('[class]').forEach(note);
            }
          }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'], childList: true });
      });
      const page = await context.newPage();
      await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
      await page.getByTestId('home-page').waitFor();
      await page.evaluate(() => { (window as unknown as { motionSeen: string[] }).motionSeen.length = 0; });
      await page.getByTestId('menu-toggle').click();
      const drawer = page.getByTestId('menu-drawer');
      await drawer.waitFor();
      await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
      const seen = await page.evaluate(() => [...(window as unknown as { motionSeen: string[] }).motionSeen]);
      await context.close();
      return seen;
    };
    expect(await animationsSeen(false)).toEqual([]);
    // The control: without the preference the same drawer slides in, and the observer sees it.
    expect((await animationsSeen(true)).length).toBeGreaterThan(0);
  });
});
