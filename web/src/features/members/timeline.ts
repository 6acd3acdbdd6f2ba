/**
 * The member page's timeline: the life-cycle events, with the party badges presented and the start and end of each
 * serious-illness record merged in by date. Badges and illness are not life-cycle events (they live in their own
 * tables and change no status), so they are entries of their own kinds here, never `MemberEvent`s.
 */
import type { MemberBadgeAward, MemberEvent, MemberPage, MemberSeriousIllness } from '../../../../src/contracts/members.ts';

export type MemberTimelineEntry =
  | { type: 'event'; key: string; date: string; event: MemberEvent }
  | { type: 'illnessEnd'; key: string; date: string; illness: MemberSeriousIllness }
  | { type: 'illnessStart'; key: string; date: string; illness: MemberSeriousIllness }
  | { type: 'badge'; key: string; date: string; award: MemberBadgeAward };

/**
 * On one date: life-cycle events first, then an illness that ends (no longer in force that day: `[since, until)`),
 * then one that starts (in force that day, so it comes before an early badge presented the same day), then badges.
 */
const RANK: Record<MemberTimelineEntry['type'], number> = { event: 0, illnessEnd: 1, illnessStart: 2, badge: 3 };

/** Every entry of the member's timeline in date order; entries of one kind keep the server's order. */
export function mergeMemberTimeline(page: Pick<MemberPage, 'timeline' | 'badgeAwards' | 'seriousIllness'>): MemberTimelineEntry[] {
  const entries: MemberTimelineEntry[] = page.timeline.map((event) => ({ type: 'event', key: `event-${event.id}`, date: event.effectiveDate, event }));
  for (const illness of page.seriousIllness) {
    entries.push({ type: 'illnessStart', key: `illness-${illness.id}`, date: illness.since, illness });
    if (illness.until) entries.push({ type: 'illnessEnd', key: `illness-end-${illness.id}`, date: illness.until, illness });
  }
  for (const award of page.badgeAwards) entries.push({ type: 'badge', key: `badge-${award.id}`, date: award.presentedOn, award });
  // Array.prototype.sort is stable, so the server's order holds within a date and a kind.
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : RANK[a.type] - RANK[b.type]));
}

/**
 * The day a fact was recorded when it was entered late, in its place among facts recorded before it (issue 11, item
 * 2: the server marks such an event `recordedLate` with `recordedOn`, Vietnam's date); null for an event recorded in
 * turn. The timeline shows it at its effective date with a "recorded late on …" mark.
 */
export function recordedLateOn(event: Pick<MemberEvent, 'payload' | 'recordedAt'>): string | null {
  const payload = (event.payload ?? {}) as { recordedLate?: unknown; recordedOn?: unknown };
  if (payload.recordedLate !== true) return null;
  return typeof payload.recordedOn === 'string' ? payload.recordedOn : event.recordedAt.slice(0, 10);
}
