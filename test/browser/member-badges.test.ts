/**
 * A party badge on the member page: an officer records a badge presented on the last presentation day (through the
 * API, as the badges page does), opens the member and finds it in the timeline, in its own colour, after the
 * member's life-cycle events of earlier dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type { JournalPage } from '../../src/contracts/decisions.ts';
import type { MemberPage } from '../../src/contracts/members.ts';
import { addDays, todayInVietnam } from '../../src/lib/dates.ts';
import { isPresentationDay } from '../../src/rules/party-age.ts';
import { ApiSession, DESKTOP, launchBrowser, newContext, screenshot, signInThroughForm } from './helpers.ts';
import { demoDataAvailable, runDemoData } from './scenario-data.ts';

const RUN = Date.now().toString(36).slice(-5);

/** Presentation days on or before a date, latest first. */
function pastPresentationDays(from: string, count: number): string[] {
  const days: string[] = [];
  for (let date = from; days.length < count; date = addDays(date, -1)) if (isPresentationDay(date)) days.push(date);
  return days;
}

describe('a party badge on the member page', () => {
  let browser: Browser;
  let operator: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    operator = await new ApiSession(inject('baseUrl')).signIn(inject('operatorUsername'), inject('operatorPassword'));
    const loaded = await operator.get<JournalPage>('/api/journal?action=demo.generate&limit=1');
    if (loaded.items.length === 0) {
      expect(demoDataAvailable()).toBe(true);
      runDemoData();
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a badge presented on the last presentation day appears in the timeline, after the earlier events', async () => {
    let chosen: { day: string; memberId: number; milestone: number } | undefined;
    for (const day of pastPresentationDays(todayInVietnam(), 4)) {
      const due = await operator.get<{ items: { memberId: number; milestone: number; presentedOn: string | null }[] }>(`/api/badges/due?presentationDate=${day}&limit=200`);
      // The demo has presented most badges already; those are listed with their day and cannot be presented again.
      const pending = due.items.find((item) => item.presentedOn === null);
      if (pending) {
        chosen = { day, memberId: pending.memberId, milestone: pending.milestone };
        break;
      }
    }
    expect(chosen, 'someone in the demo province is due a badge on one of the last four presentation days').toBeTruthy();
    const { day, memberId, milestone } = chosen!;
    const before = await operator.get<MemberPage>(`/api/members/${memberId}`);
    const decision = await operator.post<{ id: number }>('/api/decisions', {
      number: `${RUN}-QĐ/TU-HH`, signedOn: addDays(day, -10), issuingBody: 'Ban Thường vụ Tỉnh ủy', issuingUnitId: before.record.unitId,
    });
    await operator.post('/api/badges/awards', { presentationDate: day, decisionId: decision.id, awards: [{ memberId, milestone }] });

    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInThroughForm(page, inject('operatorUsername'), inject('operatorPassword'));
    await page.goto(`/members/${memberId}`);
    // The member may hold earlier badges (30, 40…): the one presented now is the one of its milestone.
    const badge = page.locator(`[data-testid="timeline-badge"][data-milestone="${milestone}"]`);
    await badge.waitFor();
    expect(await badge.getAttribute('data-milestone')).toBe(String(milestone));
    const text = await badge.innerText();
    expect(text).toContain(`Được trao Huy hiệu ${milestone} năm tuổi Đảng`);
    expect(text).toContain(`${RUN}-QĐ/TU-HH`);
    expect(text).toContain(day.split('-').reverse().join('/'));
    // In date order: every life-cycle event and earlier badge dated on or before the presentation day comes first.
    const milestones = await page.getByTestId('member-timeline').locator('[data-testid="timeline-event"], [data-testid="timeline-badge"]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-milestone')));
    const earlier = before.timeline.filter((event) => event.effectiveDate <= day).length
      + before.badgeAwards.filter((award) => award.presentedOn <= day).length;
    expect(milestones.indexOf(String(milestone))).toBe(earlier);
    expect(milestones.length).toBe(before.timeline.length + before.badgeAwards.length + 1);
    await screenshot(page, 'member-badges-01-timeline');
    await context.close();
  });
});
