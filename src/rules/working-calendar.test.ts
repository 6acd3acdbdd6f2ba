/**
 * Properties of the working-day calendar (DOMAIN.md §9; Labour Code 2019 Arts. 111–112; Quyết định 188/1999/QĐ-TTg for
 * the five-day week of party and state bodies), with the per-year adjustments the centre records as data.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../lib/dates.ts';
import {
  addWorkingDays, isWorkingDay, lunarNewYear, lunarToSolar, workingCalendar, workingDaysBetween, type WorkingDayOverride,
} from './working-days.ts';

const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((offset) => addDays('2000-01-01', offset));
const stepsArb = fc.integer({ min: -400, max: 400 });
const overridesArb = fc.uniqueArray(
  fc.record({ date: fc.integer({ min: 0, max: 365 * 30 }).map((offset) => addDays('2000-01-01', offset)), kind: fc.constantFrom<WorkingDayOverride['kind']>('day_off', 'working_day') }),
  { selector: (override) => override.date, maxLength: 40 },
);

describe('working days as properties (Labour Code 2019 Art. 112; DOMAIN.md §9)', () => {
  it('the lunar new year matches the known dates (Tết 2024, 2025, 2026, 2027)', () => {
    expect([2024, 2025, 2026, 2027].map(lunarNewYear)).toEqual(['2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06']);
    // The Hùng Kings' day, 10/3 lunar (Art. 112.1.c).
    expect(lunarToSolar(10, 3, 2027)).toBe('2027-04-16');
  });

  it('Tết and the Hùng Kings\u2019 day are never working days, in any year 1990–2099', () => {
    fc.assert(fc.property(fc.integer({ min: 1990, max: 2099 }), (year) => {
      const newYear = lunarNewYear(year);
      // The first three days of the lunar year are off under every schedule (the 2012 and 2019 codes alike).
      for (let day = 0; day < 3; day++) expect(isWorkingDay(addDays(newYear, day))).toBe(false);
      expect(isWorkingDay(lunarToSolar(10, 3, year))).toBe(false);
    }));
  });

  it('addWorkingDays lands on a working day, and workingDaysBetween counts the steps back', () => {
    fc.assert(fc.property(dateArb, stepsArb, overridesArb, (date, n, overrides) => {
      const calendar = workingCalendar(overrides);
      const end = calendar.addWorkingDays(date, n);
      if (n !== 0) expect(calendar.isWorkingDay(end)).toBe(true);
      // Counting after `date` up to and including `end`: exact going forward, and backward from a working day.
      if (n >= 0 || calendar.isWorkingDay(date)) expect(calendar.workingDaysBetween(date, end)).toBe(n);
      expect(end.localeCompare(date) > 0).toBe(n > 0);
      expect(end === date).toBe(n === 0);
    }), { numRuns: 200 });
  });

  it('workingDaysBetween is additive and antisymmetric', () => {
    // Three dates within three years of each other: what a file's deadlines span, and counted day by day it stays cheap.
    const nearArb = fc.tuple(dateArb, fc.integer({ min: -1100, max: 1100 }), fc.integer({ min: -1100, max: 1100 }))
      .map(([a, toB, toC]) => [a, addDays(a, toB), addDays(a, toC)] as const);
    fc.assert(fc.property(nearArb, ([a, b, c]) => {
      expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      expect(workingDaysBetween(b, a) + workingDaysBetween(a, b)).toBe(0);
    }), { numRuns: 100 });
  });

  it('the five-day week: 7 days hold at most 6 working days (a Saturday worked in a swap), a plain week 5', () => {
    fc.assert(fc.property(dateArb, (date) => {
      let count = 0;
      for (let day = 0; day < 7; day++) if (isWorkingDay(addDays(date, day))) count++;
      expect(count).toBeLessThanOrEqual(6);
    }), { numRuns: 100 });
    expect(addWorkingDays('2027-03-01', 5)).toBe('2027-03-08');
  });

  it('an adjustment decides its own day and leaves the others as the statute says', () => {
    fc.assert(fc.property(overridesArb, dateArb, (overrides, date) => {
      const calendar = workingCalendar(overrides);
      const override = overrides.find((entry) => entry.date === date);
      expect(calendar.isWorkingDay(date)).toBe(override ? override.kind === 'working_day' : isWorkingDay(date));
    }), { numRuns: 200 });
  });

  it('without adjustments the calendar is the statutory one', () => {
    expect(workingCalendar([]).addWorkingDays('2026-02-10', 10)).toBe(addWorkingDays('2026-02-10', 10));
    // A weekday given off pushes a deadline one working day later; a Saturday worked pulls it one earlier.
    const dayOff = workingCalendar([{ date: '2027-03-03', kind: 'day_off' }]);
    expect(dayOff.addWorkingDays('2027-03-01', 5)).toBe('2027-03-09');
    const saturday = workingCalendar([{ date: '2027-03-06', kind: 'working_day' }]);
    expect(saturday.addWorkingDays('2027-03-01', 5)).toBe('2027-03-06');
  });
});
