/**
 * Page loads in a real browser: the server (the built web app and the API, in this process) on the benchmark's
 * dataset, Debian's Chromium through playwright-core (as the browser suite drives it), signed in as an administrator
 * of the whole tree. For each main page: the time from navigation until its content is shown, first with an empty
 * cache (a new browser context: nothing cached, only the session cookie), then again in the same context (repeat
 * load: hashed assets come from the cache), and the bytes that crossed the network each time (compressed sizes).
 * Measured, not asserted (bench/README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Config } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createDb, type Db } from '../src/db/database.ts';
import { inTransaction, systemScope } from '../src/kernel/index.ts';
import { todayInVietnam } from '../src/lib/dates.ts';
import { createAccountWithGrant, findUnitByCode, ROOT_UNIT } from '../src/modules/accounts/index.ts';

/** A figure of the benchmark's table (the shape of bench.ts's `Measurement`, which imports this file). */
export interface PageMeasurement {
  issue: 'pages';
  name: string;
  runs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  note?: string;
  value?: number;
  unit?: string;
}

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 768 };
const CONTENT_TIMEOUT_MS = 30_000;

interface PageToLoad {
  name: string;
  url: string;
}

interface PageLoad {
  ms: number;
  bytes: number;
}

/**
 * Shown = the page's own content is on screen: the layout's content area has text, no skeleton or spinner is left
 * in it, and a table on it has rows or its empty state. Checked on every animation frame.
 */
async function waitForContent(page: Page) {
  await page.waitForFunction(() => {
    const content = document.querySelector('.ant-layout-content');
    if (!content || (content as HTMLElement).innerText.trim().length === 0) return false;
    // Only what is on screen counts (a hidden tab keeps its table). No named helper in here: the function runs in
    // the page, without the helpers tsx adds around named functions.
    if ([...content.querySelectorAll('.ant-skeleton, .ant-spin-spinning')].some((element) => element.getClientRects().length > 0)) return false;
    return [...content.querySelectorAll('.ant-table')].filter((table) => table.getClientRects().length > 0).every((table) => table.querySelector('.ant-table-row, .ant-table-placeholder'));
  }, undefined, { polling: 'raf', timeout: CONTENT_TIMEOUT_MS });
}

/** What the page still shows when it was not ready in time: for the table's note. */
async function stillWaitingFor(page: Page): Promise<string> {
  return page.evaluate(() => {
    const content = document.querySelector('.ant-layout-content');
    if (!content) return `no content area at ${location.pathname}: "${document.body.innerText.replace(/\s+/g, ' ').slice(0, 120)}"`;
    const busy = [...content.querySelectorAll('.ant-skeleton, .ant-spin-spinning')].find((element) => element.getClientRects().length > 0);
    if (busy) return `${busy.className.split(' ')[0]} still shown`;
    const empty = [...content.querySelectorAll('.ant-table')].filter((table) => table.getClientRects().length > 0).find((table) => !table.querySelector('.ant-table-row, .ant-table-placeholder'));
    if (empty) return 'a table with neither rows nor its empty state';
    return 'no text';
  }).catch((error: Error) => error.message.split('\n')[0]);
}

/** Loads `url` in `page`, counting the bytes received (encoded: as compressed on the wire) until the content shows. */
async function load(context: BrowserContext, page: Page, url: string, shown: (page: Page) => Promise<unknown> = waitForContent): Promise<PageLoad> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => { bytes += event.encodedDataLength; });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await shown(page);
  const ms = performance.now() - started;
  await cdp.detach();
  return { ms, bytes };
}

/** The pages measured, with real objects of the dataset for the unit and member pages. */
async function pagesToLoad(db: Db): Promise<PageToLoad[]> {
  const commune = (await sql<{ id: number }>`
    select v.unit_id as id from org_unit_versions v
    where v.kind = 'commune_committee' and v.valid_to is null and v.voided_by_batch_id is null
    order by (select count(*) from org_unit_versions c where c.parent_id = v.unit_id and c.valid_to is null) desc, v.unit_id limit 1`.execute(db)).rows[0];
  const member = (await sql<{ id: number }>`
    select id from members where status = 'official' order by id limit 1 offset 1000`.execute(db)).rows[0];
  return [
    { name: 'home', url: '/' },
    { name: 'tree', url: '/tree' },
    ...(commune ? [{ name: 'unit page (a commune committee)', url: `/units/${commune.id}` }] : []),
    { name: 'members list', url: '/members' },
    ...(member ? [{ name: 'member page', url: `/members/${member.id}` }] : []),
    { name: 'transfers', url: '/transfers' },
    { name: 'badges', url: '/badges' },
    { name: 'import', url: '/member-import' },
    { name: 'cleaning', url: '/member-cleaning' },
    { name: 'journal', url: '/journal' },
    { name: 'accounts', url: '/accounts' },
  ];
}

function summarize(name: string, samples: PageLoad[], note: string): PageMeasurement {
  const times = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const bytes = samples.map((sample) => sample.bytes).sort((a, b) => a - b);
  const median = (values: number[]) => values[Math.floor((values.length - 1) / 2)];
  return {
    issue: 'pages', name, runs: samples.length, p50Ms: median(times), p95Ms: times[times.length - 1], maxMs: times[times.length - 1],
    value: Math.round(median(bytes) / 1024), unit: 'kB transferred', note,
  };
}

/**
 * Runs the page loads on the benchmark's database (`ownerUrl` to create the account, `appUrl` for the server, as
 * `cellbase serve` runs). Returns one "first load" and one "repeat load" figure per page.
 */
export async function measurePageLoads(options: { config: Config; ownerDb: Db; appUrl: string; runs: number; log: (line: string) => void }): Promise<PageMeasurement[]> {
  const { config, ownerDb, log } = options;
  const skipped = (why: string): PageMeasurement[] => [{ issue: 'pages', name: 'page loads in the browser', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: `not measured: ${why}` }];
  if (!fs.existsSync(path.join(config.webDist, 'index.html'))) return skipped(`no web build in ${config.webDist} (npm run build)`);
  if (!fs.existsSync(CHROMIUM)) return skipped(`no ${CHROMIUM} (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');

  // An administrator of the whole tree, with a final password (no forced change), made for this run.
  const username = `bench-pages-${Date.now()}`;
  const password = `bench-${Date.now()}-tai-trang`;
  const root = await findUnitByCode(ownerDb, ROOT_UNIT.code, systemScope('bench: page loads'));
  if (!root) return skipped('no root unit');
  await inTransaction(ownerDb, (tx) => createAccountWithGrant(tx, {
    username, displayName: 'Đo tải trang', password,
    grant: { role: 'admin', unit: root, validFrom: todayInVietnam(), validTo: null },
  }, { accountId: null, reason: 'bench' }));

  const appDb = createDb(options.appUrl, { max: 10, applicationName: 'cellbase bench pages' });
  const app = await buildApp({ db: appDb, config });
  let browser: Browser | undefined;
  const results: PageMeasurement[] = [];
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const contextOptions = { baseURL: address, viewport: VIEWPORT, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };
    // Sign in once through the form; every measured context starts from its cookie alone (an empty cache).
    const signIn = await browser.newContext(contextOptions);
    const signInPage = await signIn.newPage();
    const signInLoad = await load(signIn, signInPage, '/login', (page) => page.getByTestId('login-submit').waitFor({ timeout: CONTENT_TIMEOUT_MS }));
    await signInPage.getByTestId('login-username').fill(username);
    await signInPage.getByTestId('login-password').fill(password);
    await signInPage.getByTestId('login-submit').click();
    const refused = signInPage.getByTestId('login-error');
    await Promise.race([signInPage.waitForURL((url) => !url.pathname.startsWith('/login')), refused.waitFor()]);
    if (await refused.isVisible()) throw new Error(`sign-in refused: ${await refused.innerText()}`);
    const storageState = await signIn.storageState();
    await signIn.close();

    results.push(summarize('sign-in page, first load', [signInLoad], '/login, empty cache'));
    for (const target of await pagesToLoad(ownerDb)) {
      const first: PageLoad[] = [];
      const repeat: PageLoad[] = [];
      let failure: string | null = null;
      for (let run = 0; run < options.runs && !failure; run++) {
        const context = await browser.newContext({ ...contextOptions, storageState });
        try {
          const page = await context.newPage();
          try {
            first.push(await load(context, page, target.url));
            repeat.push(await load(context, page, target.url));
          } catch (error) {
            failure = `not shown within ${CONTENT_TIMEOUT_MS / 1000} s (${await stillWaitingFor(page)}): ${(error as Error).message.split('\n')[0]}`;
          }
        } finally {
          await context.close();
        }
      }
      if (failure) {
        results.push({ issue: 'pages', name: target.name, runs: 0, p50Ms: null, p95Ms: null, maxMs: null, note: failure });
        log(`  ${target.name}: ${failure}`);
        continue;
      }
      const firstFigure = summarize(`${target.name}, first load`, first, target.url);
      const repeatFigure = summarize(`${target.name}, repeat load`, repeat, 'same browser, warm cache');
      results.push(firstFigure, repeatFigure);
      log(`  ${target.name}: first ${firstFigure.p50Ms!.toFixed(0)} ms (${firstFigure.value} kB), repeat ${repeatFigure.p50Ms!.toFixed(0)} ms (${repeatFigure.value} kB)`);
    }
    return results;
  } catch (error) {
    return [...results, ...skipped((error as Error).message.split('\n')[0])];
  } finally {
    await browser?.close();
    await app.close();
    await appDb.destroy();
  }
}
