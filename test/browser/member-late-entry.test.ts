/**
 * A fact entered late on the member page (issue 11, item 2): an officer records in June an exemption decided in
 * February, after a transfer accepted in April was recorded; the timeline shows the exemption in its place, between
 * the registration and the transfer, marked "recorded late on" the day it was entered. A death dated before that
 * transfer is refused, and the form names the transfer (its label on the timeline, its date and id). Units and member
 * are made through the API (no demo data needed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommandResult, MemberPage } from '../../src/contracts/members.ts';
import type { OrgNodeList } from '../../src/contracts/orgs.ts';
import { ApiSession, DESKTOP, PHONE, launchBrowser, newContext, pickDate, screenshot, signInThroughForm } from './helpers.ts';

const RUN = Date.now().toString(36).slice(-5);
const todayInVietnam = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('a late entry on the member page', () => {
  let browser: Browser;
  let operator: ApiSession;
  let memberId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const roots = await operator.get<OrgNodeList>('/api/orgs/roots');
    const rootId = roots.items[0].id;
    const decision = await operator.post<{ id: number }>('/api/decisions', {
      number: `${RUN}-QĐ/TW-GM`, signedOn: '2015-01-01', issuingBody: 'Ban Chấp hành Trung ương', issuingUnitId: rootId, subject: 'Ghi bổ sung',
    });
    const establish = async (parentId: number, kind: string, name: string) => {
      const result = await operator.post<{ summary: { unitsCreated: { unitId: number }[] } }>('/api/orgs/batches', {
        decisionId: decision.id, operation: 'establish', effectiveDate: '2015-01-01', units: [{ parentId, kind, code: `GM${RUN}${kind.slice(0, 3)}${name.length}`, name }],
      });
      return result.summary.unitsCreated[0].unitId;
    };
    const province = await establish(rootId, 'provincial_committee', `Tỉnh Ghi Muộn ${RUN}`);
    const district = await establish(province, 'district_committee', `Huyện Ghi Muộn ${RUN}`);
    const grassroots = await establish(district, 'grassroots_committee', `Đảng bộ cơ sở Ghi Muộn ${RUN}`);
    const from = await establish(grassroots, 'cell', `Chi bộ Đi ${RUN}`);
    const to = await establish(grassroots, 'cell', `Chi bộ Đến Ghi Muộn ${RUN}`);
    const registered = await operator.post<CommandResult>('/api/members/registrations', {
      unitId: from, status: 'official', effectiveDate: '2016-02-01', admissionDate: '2016-02-01', officialDate: '2017-02-01',
      member: { fullName: `Lý Văn Muộn ${RUN}`, sex: 'male', birthDate: '1975-03-04' },
    });
    memberId = registered.member.id;
    const transfer = await operator.post<{ id: number }>('/api/transfers', {
      memberId, kind: 'official', purpose: 'work', toUnitId: to, decisionId: decision.id, issuedOn: '2024-04-01', expectedRowVersion: registered.member.rowVersion,
    });
    await operator.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2024-04-15', cellId: to, expectedRowVersion: 0 });
    const page = await operator.get<{ record: { rowVersion: number } }>(`/api/members/${memberId}`);
    const late = await operator.post<CommandResult>(`/api/members/${memberId}/exemption`, {
      decisionId: decision.id, effectiveDate: '2024-02-01', ground: 'age', expectedRowVersion: page.record.rowVersion,
    });
    expect(late.member).toMatchObject({ status: 'exempted', statusSince: '2024-02-01', unitId: to });
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows the exemption at its date, marked recorded late, at ${width} width`, async () => {
      const context = await newContext(browser, viewport, { phone: width === 'phone' });
      const page = await context.newPage();
      await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
      await page.goto(`/members/${memberId}`);
      const timeline = page.getByTestId('member-timeline');
      await timeline.locator('[data-testid="timeline-event"][data-kind="exemption"]').waitFor();
      const kinds = await timeline.locator('[data-testid="timeline-event"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')));
      expect(kinds).toEqual(['registration', 'exemption', 'transfer_issued', 'transfer_received']);
      const exemption = timeline.locator('[data-testid="timeline-event"][data-kind="exemption"]');
      expect(await exemption.innerText()).toContain('01/02/2024');
      // In the cell the member belonged to on that date, not the one they belong to now.
      expect(await exemption.innerText()).toContain(`Chi bộ Đi ${RUN}`);
      expect(await exemption.innerText()).not.toContain('Chi bộ Đến');
      expect(await exemption.getByTestId('timeline-recorded-late').innerText()).toBe(`Ghi bổ sung ngày ${ddmmyyyy(todayInVietnam())}`);
      // Facts recorded in turn carry no such mark.
      expect(await timeline.getByTestId('timeline-recorded-late').count()).toBe(1);
      await screenshot(page, `member-late-entry-${width}`);
      await context.close();
    });
  }

  it('refuses a death dated before the later transfer, naming the transfer with its date in the form', async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto(`/members/${memberId}`);
    await page.getByTestId('member-actions').click();
    await page.getByTestId('command-death').click();
    await page.getByTestId('command-form').waitFor();
    await pickDate(page, 'command-effective-date', '01/03/2024');
    await page.getByTestId('command-submit').click();
    const error = page.getByTestId('command-error');
    await error.waitFor();
    // The later fact as the timeline names it, with its date: what the officer corrects first.
    const transfer = (await operator.get<MemberPage>(`/api/members/${memberId}`)).timeline.find((event) => event.kind === 'transfer_issued')!;
    expect(await error.innerText()).toContain(`mâu thuẫn với sự kiện sau đó trong lịch sử đảng viên: “Giới thiệu chuyển sinh hoạt đảng” ngày 01/04/2024 (mã sự kiện ${transfer.id})`);
    await screenshot(page, 'member-late-entry-conflict');
    await page.getByTestId('command-modal').getByRole('button', { name: 'Hủy' }).click();
    await page.getByTestId('command-form').waitFor({ state: 'detached' });
    // Nothing changed.
    const after = await operator.get<MemberPage>(`/api/members/${memberId}`);
    expect(after.record.status).toBe('exempted');
    expect(after.timeline.some((event) => event.kind === 'death')).toBe(false);
    await context.close();
  });
});
