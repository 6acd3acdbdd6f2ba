import { describe, expect, it } from 'vitest';
import type { MemberBadgeAward, MemberEvent, MemberSeriousIllness } from '../../../../src/contracts/members.ts';
import { mergeMemberTimeline, recordedLateOn } from './timeline.ts';

function event(id: number, kind: MemberEvent['kind'], effectiveDate: string): MemberEvent {
  return {
    id, kind, effectiveDate, unitId: 1, unitName: 'Chi bộ 1', statusAfter: null, decision: null, payload: {}, reason: null,
    transferId: null, correctsEventId: null, voidedByEventId: null, recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

function award(id: number, milestone: number, presentedOn: string, early = false): MemberBadgeAward {
  return {
    id, milestone, presentedOn, early, unitId: 1, unitName: 'Chi bộ 1',
    decision: { id: 9, number: '12-QĐ/TU', signedOn: presentedOn, issuingBody: 'Ban Thường vụ Tỉnh ủy' }, recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

function illness(id: number, since: string, until: string | null): MemberSeriousIllness {
  return { id, since, until, note: 'Bệnh nặng', decision: null, recordedAt: '2026-01-01T00:00:00.000Z' };
}

const labelsOf = (entries: ReturnType<typeof mergeMemberTimeline>) => entries.map((entry) => `${entry.date} ${entry.type === 'event' ? entry.event.kind : entry.type}`);

describe('the member timeline', () => {
  it('merges badges and the start and end of serious illness with the life-cycle events, by date', () => {
    const entries = mergeMemberTimeline({
      timeline: [event(1, 'admission', '1990-05-01'), event(2, 'recognition', '1991-05-01'), event(3, 'transfer_received', '2024-03-01')],
      badgeAwards: [award(10, 30, '2020-09-02'), award(11, 35, '2025-09-02', true)],
      seriousIllness: [illness(20, '2022-01-10', '2023-06-01'), illness(21, '2025-01-10', null)],
    });
    expect(labelsOf(entries)).toEqual([
      '1990-05-01 admission', '1991-05-01 recognition', '2020-09-02 badge', '2022-01-10 illnessStart', '2023-06-01 illnessEnd',
      '2024-03-01 transfer_received', '2025-01-10 illnessStart', '2025-09-02 badge',
    ]);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(entries.length);
  });

  it('on one day: life-cycle events, then an illness that ends, one that starts, then the badge; events keep their order', () => {
    const entries = mergeMemberTimeline({
      timeline: [event(2, 'field_change', '2026-09-02'), event(1, 'correction', '2026-09-02')],
      badgeAwards: [award(10, 30, '2026-09-02', true)],
      seriousIllness: [illness(20, '2026-01-01', '2026-09-02'), illness(21, '2026-09-02', null)],
    });
    expect(labelsOf(entries)).toEqual([
      '2026-01-01 illnessStart', '2026-09-02 field_change', '2026-09-02 correction', '2026-09-02 illnessEnd', '2026-09-02 illnessStart', '2026-09-02 badge',
    ]);
  });

  it('is empty for a page with nothing to show', () => {
    expect(mergeMemberTimeline({ timeline: [], badgeAwards: [], seriousIllness: [] })).toEqual([]);
  });
});

describe('late entries', () => {
  it('marks an event recorded late with the day it was recorded, and nothing else', () => {
    expect(recordedLateOn({ ...event(1, 'removal', '2024-03-10'), payload: { recordedLate: true, recordedOn: '2024-06-02' } })).toBe('2024-06-02');
    expect(recordedLateOn({ ...event(2, 'exemption', '2024-02-01'), payload: { recordedLate: true }, recordedAt: '2024-06-03T01:00:00.000Z' })).toBe('2024-06-03');
    expect(recordedLateOn(event(3, 'removal', '2024-03-10'))).toBeNull();
    expect(recordedLateOn({ ...event(4, 'removal', '2024-03-10'), payload: { recordedLate: 'yes' } })).toBeNull();
  });

  it('keeps a late entry at its effective date among the events recorded before it', () => {
    const late = { ...event(9, 'exemption', '2024-02-01'), payload: { recordedLate: true, recordedOn: '2024-06-02' } };
    const merged = mergeMemberTimeline({ timeline: [event(1, 'registration', '2016-02-01'), late, event(5, 'transfer_issued', '2024-04-01')], badgeAwards: [], seriousIllness: [] });
    expect(merged.map((entry) => entry.key)).toEqual(['event-1', 'event-9', 'event-5']);
  });
});
