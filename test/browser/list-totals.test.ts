/**
 * Lists that are whole and show their total (issue 10, items 1 and 6), in the browser at desktop and phone width: the
 * transfers list shows the server's total and reaches every row; an import job of more than 200 rows shows the
 * invalid ones with their count, and every one of its rows once "all rows" is chosen and more are loaded; the import
 * jobs list shows its total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import type { ImportJob, ImportJobList } from '../../src/contracts/member-import.ts';
import type { TransferList } from '../../src/contracts/members.ts';
import { todayInVietnam } from '../../src/lib/dates.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { seedProvince, type SeededProvince } from './province.ts';
import { CSV_HEADER } from '../integration/member-import/helpers.ts';

const RUN = Date.now() % 100000;
const SUFFIX = `LT${RUN}`;
const BIG_ROWS = 230;
const BAD_EVERY = 10;

/** A citizen ID that matches a man born in `year` (12 digits: province 001, century and sex, year, serial). */
function citizenId(year: number, serial: number): string {
  return `0010${String(year % 100).padStart(2, '0')}${String((RUN * 1000 + serial) % 1_000_000).padStart(6, '0')}`;
}

function csv(rows: string[][]): Buffer {
  const text = [CSV_HEADER, ...rows].map((row) => row.join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

function person(index: number, unitCode: string, serialBase: number): string[] {
  const year = 1960 + (index % 40);
  const day = String(1 + (index % 28)).padStart(2, '0');
  return [`Trần Văn Dòng ${index + 1}`, 'Nam', `${day}/05/${year}`, citizenId(year, serialBase + index), 'Kinh', 'Không', 'Sơ cấp', unitCode, '03/02/2010', '03/02/2011'];
}

/** Upload (the file itself as the body) → validate with the proposed mapping → wait for the end. */
async function importFile(api: ApiSession, session: { cookie: string; csrf: string }, unitId: number, filename: string, data: Buffer): Promise<ImportJob> {
  const response = await fetch(`${inject('baseUrl')}/api/member-import/jobs?unitId=${unitId}&filename=${encodeURIComponent(filename)}`, {
    method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream' }, body: new Uint8Array(data),
  });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  const uploaded = (await response.json()) as ImportJob;
  await api.post(`/api/member-import/jobs/${uploaded.id}/validate`, { mapping: uploaded.proposedMapping, expectedRowVersion: uploaded.rowVersion });
  for (;;) {
    const job = await api.get<ImportJob>(`/api/member-import/jobs/${uploaded.id}`);
    if (job.status !== 'validating' && job.status !== 'applying') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitApplied(api: ApiSession, id: number): Promise<ImportJob> {
  for (;;) {
    const job = await api.get<ImportJob>(`/api/member-import/jobs/${id}`);
    if (job.status !== 'applying') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clicks "load more" until the list has no more pages. */
async function loadAll(page: Page, testId: string) {
  const more = page.getByTestId(testId);
  for (let round = 0; round < 100 && await more.count() > 0; round += 1) {
    await more.click();
    await page.waitForTimeout(50);
    await expect.poll(async () => (await more.count()) === 0 || !(await more.getAttribute('class'))?.includes('ant-btn-loading')).toBe(true);
  }
}

describe('whole lists with their totals: transfers and imports', () => {
  let browser: Browser;
  let api: ApiSession;
  let province: SeededProvince;
  let big: ImportJob;
  const cellCode = () => `TN${SUFFIX}-AB-HTX-D`;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    province = await seedProvince(api, SUFFIX);
    const login = await fetch(`${inject('baseUrl')}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: inject('operatorUsername'), password: inject('operatorPassword') }),
    });
    const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await login.json()) as { csrfToken: string }).csrfToken };

    // Five members through an import applied whole, then three of them sent to the neighbouring cell.
    const small = await importFile(api, session, province.communes[0].id, `nho-${RUN}.csv`, csv(Array.from({ length: 5 }, (_, index) => person(index, cellCode(), 900))));
    expect(small).toMatchObject({ status: 'validated', validRows: 5, invalidRows: 0 });
    await api.post(`/api/member-import/jobs/${small.id}/apply`, { mode: 'all', expectedRowVersion: small.rowVersion });
    expect(await waitApplied(api, small.id)).toMatchObject({ status: 'applied', appliedRows: 5 });
    const members = (await api.get<{ items: { id: number; rowVersion: number }[] }>(`/api/members?unitId=${province.cellA.id}&limit=10`)).items;
    const today = todayInVietnam();
    const decision = await api.post<Decision>('/api/decisions', {
      number: `${RUN}-QĐ/ĐU`, signedOn: today, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: province.communes[0].id,
    });
    for (const member of members.slice(0, 3)) {
      await api.post('/api/transfers', { kind: 'official', purpose: 'residence', decisionId: decision.id, issuedOn: today, memberId: member.id, toUnitId: province.cellB.id, expectedRowVersion: member.rowVersion });
    }

    // A job of more than 200 rows, every tenth naming a cell that does not exist.
    big = await importFile(api, session, province.communes[0].id, `lon-${RUN}.csv`,
      csv(Array.from({ length: BIG_ROWS }, (_, index) => person(index, index % BAD_EVERY === BAD_EVERY - 1 ? 'KHONG-CO' : cellCode(), 0))));
    expect(big).toMatchObject({ status: 'validated', validRows: BIG_ROWS - BIG_ROWS / BAD_EVERY, invalidRows: BIG_ROWS / BAD_EVERY });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const totalText = (count: number) => new RegExp(`Tổng số: ${new Intl.NumberFormat('vi-VN').format(count)}$`);

  for (const [name, viewport, phone] of [['desktop', DESKTOP, false], ['phone', PHONE, true]] as const) {
    it(`transfers: the total shown is the server's, and every row is reached (${name})`, async () => {
      const context = await newContext(browser, viewport, { phone });
      const page = await context.newPage();
      await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
      const expected = (await api.get<TransferList>('/api/transfers?direction=incoming&status=issued&limit=1')).total!;
      expect(expected).toBeGreaterThanOrEqual(3);
      await page.goto('/transfers?tab=incoming');
      const total = page.getByTestId('transfers-total-incoming');
      await expect.poll(() => total.innerText().catch(() => '')).toMatch(totalText(expected));
      await loadAll(page, 'transfers-load-more');
      const rows = page.locator('[data-testid="transfers-table-incoming"] tr[data-transfer-id]');
      await expect.poll(() => rows.count()).toBe(expected);
      await screenshot(page, `list-totals-transfers-${name}`);
      await context.close();
    });

    it(`an import job of ${BIG_ROWS} rows: the invalid ones with their count, then every row (${name})`, async () => {
      const context = await newContext(browser, viewport, { phone });
      const page = await context.newPage();
      await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
      await page.goto(`/member-import?job=${big.id}`);
      const rows = page.locator('[data-testid="import-bad-rows"] tr[data-row-number]');
      const total = page.getByTestId('import-rows-total');
      // Invalid only, by default: 23 rows, all on the first page.
      await expect.poll(() => total.innerText().catch(() => '')).toMatch(totalText(BIG_ROWS / BAD_EVERY));
      await expect.poll(() => rows.count()).toBe(BIG_ROWS / BAD_EVERY);
      expect(await rows.first().getAttribute('data-row-number')).toBe(String(BAD_EVERY + 1));
      // Every row: the first page of 200, then the rest.
      await page.getByTestId('import-rows-all').click();
      await expect.poll(() => total.innerText().catch(() => '')).toMatch(totalText(BIG_ROWS));
      await expect.poll(() => rows.count()).toBe(200);
      await loadAll(page, 'import-rows-more');
      await expect.poll(() => rows.count()).toBe(BIG_ROWS);
      expect(await rows.last().getAttribute('data-row-number')).toBe(String(BIG_ROWS + 1));
      const numbers = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-number'))));
      expect(numbers).toEqual(Array.from({ length: BIG_ROWS }, (_, index) => index + 2));
      await screenshot(page, `list-totals-import-rows-${name}`);
      // The jobs list below: its total is the server's.
      const jobs = (await api.get<ImportJobList>('/api/member-import/jobs?limit=1')).total!;
      await expect.poll(() => page.getByTestId('import-jobs-total').innerText().catch(() => '')).toMatch(totalText(jobs));
      await context.close();
    });
  }
});
