/**
 * Issue 10's smaller things, in the browser at desktop and phone width: "undo" offered only where the server says it
 * can work (otherwise the blocking batch is named and linked); a refusal shown in the user's language with the
 * batch that blocks it, never the raw code; a successor's lineage read in time order with its own words; the pinned
 * name column of a list stays under the sticky top bar when the page scrolls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Decision } from '../../src/contracts/decisions.ts';
import type { RestructureResult } from '../../src/contracts/orgs.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { seedProvince, type SeededProvince } from './province.ts';
import { ensureDemoProvince } from './scenario-data.ts';

const SUFFIX = `HT${Date.now() % 100000}`;

describe('undo, lineage and the pinned column', () => {
  let browser: Browser;
  let api: ApiSession;
  let province: SeededProvince;
  let decisionId: number;
  let renamed: RestructureResult;
  let merged: RestructureResult;

  const apply = (body: Record<string, unknown>) => api.post<RestructureResult>('/api/orgs/batches', { decisionId, ...body });

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    province = await seedProvince(api, SUFFIX);
    decisionId = (await api.post<Decision>('/api/decisions', {
      number: `300-QĐ/TU-${SUFFIX}`, signedOn: '2025-09-20', issuingBody: 'Ban Thường vụ Tỉnh ủy Thử Nghiệm', issuingUnitId: province.provinceId, subject: 'Kiện toàn chi bộ',
    })).id;
    renamed = await apply({ operation: 'rename', effectiveDate: '2025-10-01', unitId: province.cellA.id, name: 'Chi bộ Thôn Đông Mới' });
    merged = await apply({ operation: 'merge', effectiveDate: '2025-11-01', sourceIds: [province.cellA.id], intoUnitId: province.cellB.id });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function signedIn(viewport = DESKTOP, phone = false): Promise<Page> {
    const context = await newContext(browser, viewport, { phone });
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    return page;
  }

  async function batchesTab(page: Page, unitId: number) {
    await page.goto(`/units/${unitId}`);
    // On a phone the tab bar scrolls: a click during its movement may not take, so click until the tab is selected.
    const tab = page.getByRole('tab', { name: 'Các đợt sắp xếp' });
    await expect.poll(async () => {
      await tab.click();
      return tab.getAttribute('aria-selected');
    }).toBe('true');
    const table = page.getByTestId('batches-table');
    await table.locator('.ant-table-row').first().waitFor({ timeout: 10_000 }).catch(async (error) => {
      await screenshot(page, 'small-fixes-batches-tab-not-shown');
      throw error;
    });
    return table;
  }

  for (const [label, viewport, phone] of [['desktop', DESKTOP, false], ['phone', PHONE, true]] as const) {
    it(`offers undo only where it can work, and names the batch that blocks it (${label})`, async () => {
      const page = await signedIn(viewport, phone);
      const table = await batchesTab(page, province.cellA.id);
      // The rename is followed by the merge: no undo, a link to the merge instead.
      await table.getByTestId(`undo-blocked-${renamed.batch.id}`).waitFor();
      expect(await table.getByTestId(`undo-batch-${renamed.batch.id}`).count()).toBe(0);
      expect(await table.getByTestId(`undo-blocked-${renamed.batch.id}`).innerText()).toBe(`Chặn bởi đợt #${merged.batch.id}`);
      expect(await table.getByTestId(`undo-batch-${merged.batch.id}`).isVisible()).toBe(true);
      // The batch's own page says the same.
      await page.goto(`/batches/${renamed.batch.id}`);
      await page.getByTestId('batch-undo-blocked').waitFor();
      expect(await page.getByTestId('batch-undo').count()).toBe(0);
      await page.getByTestId('batch-undo-blocked').click();
      await page.waitForURL(`**/batches/${merged.batch.id}`);
      await page.getByTestId('batch-undo').waitFor();
      await screenshot(page, `small-fixes-${label}-undo-offer`);
      await page.context().close();
    });
  }

  it('a refusal says why in Vietnamese and links the blocking batch, never the raw code', async () => {
    const page = await signedIn();
    const table = await batchesTab(page, province.cellB.id);
    await table.getByTestId(`undo-batch-${merged.batch.id}`).click();
    const modal = page.getByTestId('undo-modal');
    await modal.getByTestId('undo-reason').fill('Quyết định hợp nhất bị thu hồi');
    // Meanwhile another officer changes the merged cell: the undo can no longer work.
    const later = await apply({ operation: 'rename', effectiveDate: '2025-12-01', unitId: province.cellB.id, name: 'Chi bộ Thôn Tây Mới' });
    await modal.getByTestId('undo-preview').click();
    const refusal = modal.getByTestId('undo-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Không thể hoàn tác vì đã có thay đổi sau đó');
    const link = modal.getByTestId('undo-blocking-batch');
    expect(await link.innerText()).toBe(`đợt #${later.batch.id}`);
    expect(await link.getAttribute('href')).toBe(`/batches/${later.batch.id}`);
    expect(await page.locator('body').innerText()).not.toContain('ORG_BATCH_NOT_UNDOABLE');
    expect(await page.locator('.ant-notification-notice').count()).toBe(0);
    await screenshot(page, 'small-fixes-undo-refused');
    await link.click();
    await page.waitForURL(`**/batches/${later.batch.id}`);
    await page.context().close();
  });

  it('a successor reads its predecessors in time order, in its own words', async () => {
    const page = await signedIn();
    await page.goto(`/units/${province.cellB.id}`);
    await page.getByRole('tab', { name: 'Kế thừa' }).click();
    // A cell merged into a living cell is absorbed by it.
    const predecessors = page.getByTestId('lineage-predecessors');
    await expect.poll(() => predecessors.innerText()).toContain('sáp nhập vào');
    // On the predecessor's page, the successor says where it came from.
    await page.goto(`/units/${province.cellA.id}?date=2025-10-15`);
    await page.getByRole('tab', { name: 'Kế thừa' }).click();
    const successors = page.getByTestId('lineage-successors');
    await expect.poll(() => successors.innerText()).toContain('tiếp nhận sáp nhập Chi bộ Thôn Đông Mới');
    expect(await successors.innerText()).not.toContain('sáp nhập vào');
    await screenshot(page, 'small-fixes-lineage-successor');
    await page.context().close();
  });

  for (const [label, viewport, phone] of [['desktop', DESKTOP, false], ['phone', PHONE, true]] as const) {
    it(`the pinned name column passes under the sticky top bar (${label})`, async () => {
      await ensureDemoProvince(api);
      const page = await signedIn(viewport, phone);
      await page.goto('/members');
      const pinned = page.locator('.ant-table-tbody .ant-table-cell-fix-start, .ant-table-tbody .ant-table-cell-fix-left').first();
      await pinned.waitFor();
      const header = page.locator('.ant-layout-header');
      const headerBox = (await header.boundingBox())!;
      // Scroll until rows of the list sit under the top bar.
      const pinnedBox = (await pinned.boundingBox())!;
      await page.evaluate((by) => window.scrollBy(0, by), pinnedBox.y + 200);
      const rowsUnder = await page.evaluate(({ x, y }) => {
        const cells = [...document.querySelectorAll('.ant-table-tbody .ant-table-cell-fix-start, .ant-table-tbody .ant-table-cell-fix-left')];
        return cells.some((cell) => { const box = cell.getBoundingClientRect(); return box.left <= x && box.right >= x && box.top <= y && box.bottom >= y; });
      }, { x: pinnedBox.x + 8, y: headerBox.y + headerBox.height / 2 });
      expect(rowsUnder).toBe(true);
      const topmost = await page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest('.ant-layout-header'), { x: pinnedBox.x + 8, y: headerBox.y + headerBox.height / 2 });
      await screenshot(page, `small-fixes-${label}-sticky-column`);
      expect(topmost).toBe(true);
      // The control, at desktop width: without the content area's own stacking context, the pinned cell would draw
      // over the bar. (At phone width what lies under the bar after the scroll depends on the rows' heights, so the
      // control proves nothing there; the assertion above is the one that matters at both widths.)
      if (!phone) {
        const withoutFix = await page.evaluate(({ x, y }) => {
          (document.querySelector('.ant-layout-content') as HTMLElement).style.isolation = 'auto';
          return !!document.elementFromPoint(x, y)?.closest('.ant-layout-header');
        }, { x: pinnedBox.x + 8, y: headerBox.y + headerBox.height / 2 });
        expect(withoutFix).toBe(false);
      }
      await page.context().close();
    });
  }
});
