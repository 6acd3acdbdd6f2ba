/**
 * The web app under its Content-Security-Policy: sign in and open several pages with no violation reported (neither
 * a `securitypolicyviolation` event nor a console message), the security headers on the app shell, on a hashed
 * static file (which is not marked no-store) and on the API; and a control showing a violation would be seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newContext, signInThroughForm } from './helpers.ts';

declare global {
  interface Window { cspViolations?: string[] }
}

/** Records every CSP violation the page reports, from the first script on. */
async function watchViolations(page: Page, consoleViolations: string[]) {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) consoleViolations.push(message.text());
  });
}

const violationsOf = (page: Page) => page.evaluate(() => window.cspViolations ?? []);

describe('the web app under its Content-Security-Policy', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('signs in and opens pages with no violation, and every answer carries the headers', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    const consoleViolations: string[] = [];
    await watchViolations(page, consoleViolations);
    const answers: { url: string; headers: Record<string, string> }[] = [];
    page.on('response', (response) => { answers.push({ url: response.url(), headers: response.headers() }); });

    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    // Everyone lands on the home page (what needs doing); the tree is a page of the menu.
    await page.getByTestId('home-page').waitFor();
    await page.goto('/tree');
    await page.getByTestId('tree-page').waitFor();
    await page.locator('[data-testid="tree-node"]').first().waitFor();
    for (const [path, testId] of [['/members', 'members-page'], ['/decisions', 'decisions-page'], ['/accounts', 'accounts-page'], ['/journal', 'journal-page'], ['/member-import', 'import-page'], ['/badges', 'badges-page'], ['/transfers', 'transfers-page'], ['/member-cleaning', 'cleaning-page']]) {
      await page.goto(path);
      await page.getByTestId(testId).waitFor();
      expect(await violationsOf(page), path).toEqual([]);
    }
    expect(consoleViolations).toEqual([]);

    const shell = answers.find((answer) => new URL(answer.url).pathname === '/login');
    const asset = answers.find((answer) => /\/assets\/.+\.js$/.test(new URL(answer.url).pathname));
    const api = answers.find((answer) => new URL(answer.url).pathname === '/api/auth/me');
    for (const answer of [shell, asset, api]) {
      expect(answer).toBeDefined();
      expect(answer!.headers['content-security-policy']).toContain("script-src 'self'");
      expect(answer!.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer!.headers['x-frame-options']).toBe('DENY');
      expect(answer!.headers['x-content-type-options']).toBe('nosniff');
      expect(answer!.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(api!.headers['cache-control']).toBe('no-store');
    expect(asset!.headers['cache-control'] ?? '').not.toContain('no-store');
    await context.close();
  });

  it('control: an inline script is refused, and the refusal is seen', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    const consoleViolations: string[] = [];
    await watchViolations(page, consoleViolations);
    await page.goto('/login');
    await page.getByTestId('login-username').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.body.append(script);
    });
    await expect.poll(() => violationsOf(page)).toEqual([expect.stringContaining('script-src')]);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan ?? false)).toBe(false);
    await context.close();
  });
});
