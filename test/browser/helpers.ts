/** Shared by the browser tests: Debian's Chromium through playwright-core, sign-in, an API client, screenshots. */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh browser context (its own cookies) on the test server, in Vietnamese unless told otherwise. It asks for
 * reduced motion, which the app honours: no click lands on a dialog or a list still opening on a loaded machine.
 */
export async function newContext(browser: Browser, viewport = DESKTOP, options: { phone?: boolean; motion?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: inject('baseUrl'),
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
    acceptDownloads: true,
    reducedMotion: options.motion ? 'no-preference' : 'reduce',
  });
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(inject('screenshotDir'), `${name}.png`), fullPage: true });
}

/** Signs in through the form; resolves once the app has left the sign-in page. */
export async function signInThroughForm(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A new page in its own context at the viewport, signed in through the form. */
export async function signedInPage(browser: Browser, username: string, password: string, viewport = DESKTOP, phone = false): Promise<Page> {
  const context = await newContext(browser, viewport, { phone });
  const page = await context.newPage();
  await signInThroughForm(page, username, password);
  return page;
}

/** Fills the forced password change and waits for the app's first page. */
export async function changePasswordThroughForm(page: Page, current: string, next: string) {
  await page.getByTestId('change-password').waitFor();
  await page.getByTestId('current-password').fill(current);
  await page.getByTestId('new-password').fill(next);
  await page.getByTestId('confirm-password').fill(next);
  await page.getByTestId('change-password-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/change-password'));
}

/** Types a date (dd/mm/yyyy) into an antd DatePicker found by its test id, and confirms it. */
export async function pickDate(page: Page, testId: string, ddmmyyyy: string) {
  const input = page.locator(`input[data-testid="${testId}"]`);
  await input.click();
  await input.fill(ddmmyyyy);
  await input.press('Enter');
  // Enter confirms and closes the calendar. Escape only if it is still open: pressed after it closed, Escape would
  // close the dialog the field is in.
  const open = () => page.locator('.ant-picker-dropdown:visible').count();
  try {
    await expect.poll(open, { timeout: 2_000 }).toBe(0);
  } catch {
    await input.press('Escape');
    await expect.poll(open).toBe(0);
  }
}

/** Opens an antd Select found by its test id, types, and picks the option whose text contains `option`. */
export async function chooseInSelect(page: Page, testId: string, typed: string, option: string | RegExp) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(typed, { delay: 20 });
  await clickOption(page, option);
}

/** Opens an antd Select by its test id and picks the option whose text matches; waits for the list to close. */
export async function pickInSelect(page: Page, testId: string, option: string | RegExp) {
  await pickInSelectAt(page, page.getByTestId(testId), option);
}

/** `pickInSelect` for a select found otherwise (e.g. one of a table's rows). */
export async function pickInSelectAt(page: Page, select: Locator, option: string | RegExp) {
  await select.click();
  await clickOption(page, option);
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/**
 * Clicks an option of the open list, and makes sure it took: a single select's list closes, a multiple select's
 * option shows as chosen. A click lost on a loaded machine is made again; a chosen option is never clicked twice
 * (on a multiple select that would take it back).
 */
async function clickOption(page: Page, option: string | RegExp) {
  const choice = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await choice.waitFor();
  await choice.click();
  const took = async () => (await page.locator('.ant-select-dropdown:visible').count()) === 0
    || /\bant-select-item-option-selected\b/.test(await choice.getAttribute('class', { timeout: 1_000 }).catch(() => '') ?? '');
  try {
    await expect.poll(took, { timeout: 5_000 }).toBe(true);
  } catch {
    if (await choice.isVisible()) await choice.click();
    await expect.poll(took).toBe(true);
  }
}

/** A minimal JSON client for setting up data through the real API (cookie + CSRF header). */
export class ApiSession {
  private cookie = '';
  private csrf = '';
  constructor(private readonly baseUrl: string) {}

  async signIn(username: string, password: string) {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const send = () => fetch(`${this.baseUrl}${url}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // A kept-alive connection the server closed while this client was idle (a demo generation takes minutes) fails
    // the next request before it reaches the server: a read is sent again once, on a new connection.
    const response = await send().catch((error: Error & { cause?: { code?: string } }) => {
      if (method === 'GET' && ['UND_ERR_SOCKET', 'EPIPE', 'ECONNRESET'].includes(error.cause?.code ?? '')) return send();
      throw error;
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(url: string) {
    return this.request<T>('GET', url);
  }

  post<T>(url: string, body: unknown = {}) {
    return this.request<T>('POST', url, body);
  }
}

/**
 * The root's id and a founding decision of the centre, with a function that establishes one unit under a parent on
 * 1/1/2020 under it (codes are `prefix` + the code given), for files that build their own small tree.
 */
export async function unitFounder(api: ApiSession, prefix: string) {
  const rootId = (await api.get<{ items: { id: number }[] }>('/api/orgs/roots')).items[0].id;
  const founding = await api.post<{ id: number }>('/api/decisions', { number: `${prefix}-02-QĐ/TW`, signedOn: '2019-12-20', issuingBody: 'Ban Tổ chức Trung ương', issuingUnitId: rootId, subject: 'Thành lập' });
  const establish = async (parentId: number, code: string, name: string, kind: string): Promise<number> => {
    const result = await api.post<{ summary: { unitsCreated: { unitId: number }[] } }>('/api/orgs/batches', {
      operation: 'establish', effectiveDate: '2020-01-01', decisionId: founding.id, units: [{ code: `${prefix}${code}`, name, kind, parentId }],
    });
    return result.summary.unitsCreated[0].unitId;
  };
  return { rootId, establish };
}
