import { describe, expect, it } from 'vitest';
import {
  addWorkingDays, dayKind, defaultTetDays, holidayLawFor, holidaysOf, isWorkingDay, lunarNewYear, lunarToSolar, solarToLunar,
  workingDaysBetween,
} from './working-days.ts';
import { addDays } from '../lib/dates.ts';

/** Every weekday that was not a working day in the range, as published for public servants. */
function offWeekdays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !isWorkingDay(day)) days.push(day);
  }
  return days;
}

describe('lunar calendar', () => {
  it('finds the lunar new year (mùng 1 Tết) of 2020–2030', () => {
    const expected: Record<number, string> = {
      2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
      2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
      // The new moon of 2/2/2030 falls at 23:07 in Vietnam (00:07 on 3/2 in China): Vietnam's Tết is a day earlier.
      2030: '2030-02-02',
    };
    for (const [year, date] of Object.entries(expected)) expect(lunarNewYear(Number(year))).toBe(date);
  });

  it('finds the Hùng Kings\u2019 day (10/3 lunar), including after the leap second month of 2023', () => {
    expect(lunarToSolar(10, 3, 2020)).toBe('2020-04-02');
    expect(lunarToSolar(10, 3, 2021)).toBe('2021-04-21');
    expect(lunarToSolar(10, 3, 2022)).toBe('2022-04-10');
    expect(lunarToSolar(10, 3, 2023)).toBe('2023-04-29');
    expect(lunarToSolar(10, 3, 2024)).toBe('2024-04-18');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });

  it('converts both ways and knows the leap months', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(() => lunarToSolar(1, 5, 2023, true)).toThrow(RangeError);
    for (let day = '2019-12-01'; day < '2027-12-31'; day = addDays(day, 17)) {
      const lunar = solarToLunar(day);
      expect(lunarToSolar(lunar.day, lunar.month, lunar.year, lunar.leap)).toBe(day);
    }
  });

  it('the default Tết is the last day of the lunar year and the first four of the new one', () => {
    expect(defaultTetDays(2027)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
  });
});

describe('public holidays (Labour Code 2019 Art. 112; 2012 Art. 115 before 2021)', () => {
  it('picks the law in force by date', () => {
    expect(holidayLawFor('2020-09-02').nationalDayDays).toBe(1);
    expect(holidayLawFor('2021-01-01').regulation).toContain('2019');
  });

  it('lists the holidays of 2027 by name', () => {
    const names = holidaysOf(2027).map((holiday) => `${holiday.date} ${holiday.name}`);
    expect(names).toContain('2027-01-01 Tết Dương lịch');
    expect(names).toContain('2027-04-30 Ngày Chiến thắng');
    expect(names).toContain('2027-09-02 Quốc khánh');
    expect(names).toContain('2027-09-03 Quốc khánh');
    expect(names.filter((name) => name.endsWith('Tết Nguyên đán'))).toHaveLength(5);
    expect(names).toContain(`${lunarToSolar(10, 3, 2027)} Giỗ Tổ Hùng Vương`);
  });

  it('matches the published schedule of 2020 (one day for National Day)', () => {
    expect(offWeekdays('2020-01-01', '2020-12-31')).toEqual([
      '2020-01-01', '2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29', '2020-04-02', '2020-04-30', '2020-05-01', '2020-09-02',
    ]);
  });

  it('matches the published schedule of 2022 (weekend holidays compensated)', () => {
    expect(offWeekdays('2022-01-01', '2022-12-31')).toEqual([
      '2022-01-03', '2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04', '2022-04-11', '2022-05-02', '2022-05-03',
      '2022-09-01', '2022-09-02',
    ]);
    expect(dayKind('2022-01-03')).toBe('compensatory');
    expect(dayKind('2022-01-01')).toBe('holiday');
  });

  it('matches the published schedule of 2023 (Hùng Kings on a Saturday, 2/9 on a Saturday)', () => {
    expect(offWeekdays('2023-01-01', '2023-12-31')).toEqual([
      '2023-01-02', '2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26', '2023-05-01', '2023-05-02', '2023-05-03',
      '2023-09-01', '2023-09-04',
    ]);
  });

  it('matches the published schedule of 2024 with its swapped working day', () => {
    expect(offWeekdays('2024-04-01', '2024-09-30')).toEqual(['2024-04-18', '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03']);
    expect(isWorkingDay('2024-05-04')).toBe(true);
    expect(dayKind('2024-05-04')).toBe('make_up_working');
    expect(dayKind('2024-04-29')).toBe('swapped_off');
  });

  it('matches the published schedule of 2025 (nine days of Tết with a swap)', () => {
    expect(offWeekdays('2025-01-20', '2025-02-14')).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(isWorkingDay('2025-02-03')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(offWeekdays('2025-04-01', '2025-09-30')).toEqual(['2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02']);
    expect(isWorkingDay('2025-04-26')).toBe(true);
  });

  it('knows 2026: New Year swap, Tết Bính Ngọ, Hùng Kings on a Sunday', () => {
    expect(offWeekdays('2026-01-01', '2026-05-31')).toEqual([
      '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01',
    ]);
    expect(isWorkingDay('2026-01-10')).toBe(true);
  });
});

describe('counting working days', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2024-03-01', 1)).toBe('2024-03-04'); // Friday + 1 = Monday
    expect(addWorkingDays('2024-03-04', 5)).toBe('2024-03-11');
    expect(addWorkingDays('2024-03-11', -5)).toBe('2024-03-04');
    expect(addWorkingDays('2024-03-04', 0)).toBe('2024-03-04');
  });

  it('skips Tết: 3 working days after the last working day before Tết 2024 land after the break', () => {
    expect(addWorkingDays('2024-02-07', 1)).toBe('2024-02-15');
    expect(addWorkingDays('2024-02-07', 3)).toBe('2024-02-19');
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(addWorkingDays('2024-05-03', 1)).toBe('2024-05-04');
  });

  it('workingDaysBetween is the inverse of addWorkingDays', () => {
    expect(workingDaysBetween('2024-03-01', '2024-03-04')).toBe(1);
    expect(workingDaysBetween('2024-03-04', '2024-03-01')).toBe(-1);
    expect(workingDaysBetween('2024-03-04', '2024-03-04')).toBe(0);
    for (const start of ['2023-12-29', '2024-02-01', '2025-01-24', '2025-04-25']) {
      for (const n of [1, 7, 30, 60, 90]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });

  it('a 60-working-day deadline from a cell resolution before Tết 2025', () => {
    const deadline = addWorkingDays('2025-01-15', 60);
    // 7 working days before Tết, the five weekdays 27–31/1 off, the make-up Saturday 8/2 counted, 7/4 off.
    expect(deadline).toBe('2025-04-16');
    expect(workingDaysBetween('2025-01-15', deadline)).toBe(60);
  });

  it('refuses a fractional count', () => {
    expect(() => addWorkingDays('2024-01-01', 1.5)).toThrow(RangeError);
  });
});
