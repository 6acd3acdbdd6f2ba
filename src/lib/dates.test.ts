import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isIsoDate } from './dates.ts';

describe('isIsoDate: a calendar date PostgreSQL can store', () => {
  it('takes real dates from the year 0001 to 9999', () => {
    for (const date of ['0001-01-01', '1800-01-01', '2024-02-29', '2000-02-29', '9999-12-31']) expect(isIsoDate(date), date).toBe(true);
  });

  it('refuses the year 0000 (no such year; PostgreSQL refuses it), impossible days and other forms', () => {
    for (const date of ['0000-01-01', '0000-02-29', '2023-02-29', '1900-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '2024-1-01', '+02024-01-01', '2024-01-01T00:00:00Z', '']) {
      expect(isIsoDate(date), date).toBe(false);
    }
  });
});

describe('date arithmetic at the ends of the years PostgreSQL stores', () => {
  it('addMonths keeps the years below 100 (Date.UTC would take them for 19xx) and clamps to the month\u2019s end', () => {
    expect(addMonths('0050-01-31', 1)).toBe('0050-02-28');
    expect(addMonths('0001-12-15', 1)).toBe('0002-01-15');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('a date counted past 9999 or before 0001 is an error, never a string that is no date', () => {
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    expect(() => addMonths('9999-12-01', 1)).toThrow(RangeError);
  });
});
