import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumber } from './numbers.ts';

describe('numbers as Vietnamese officers write them', () => {
  it('reads a decimal comma, and a decimal dot where it cannot be thousands', () => {
    expect(parseNumber('3,2')).toBe(3.2);
    expect(parseNumber('3.2')).toBe(3.2);
    expect(parseNumber('0,25')).toBe(0.25);
    expect(parseNumber('0.125')).toBe(0.125);
    expect(parseNumber(' 15 ')).toBe(15);
    expect(parseNumber('3,')).toBe(3);
    expect(parseNumber(',5')).toBe(0.5);
  });

  it('reads thousands as formatNumber writes them, and either way when both marks appear', () => {
    expect(parseNumber('1.500')).toBe(1500);
    expect(parseNumber('1.234.567')).toBe(1234567);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('1\u00a0234,5')).toBe(1234.5);
    for (const value of [0, 3.2, 15, 1500, 1234.56, 1234567]) expect(parseNumber(formatNumber(value, 2))).toBe(value);
  });

  it('has no number in empty text or in text that is not one', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('  ')).toBeNull();
    for (const text of ['abc', '3,2,1.5', '1.2.3,4,5', '-', '3,2%', '1e5']) expect(parseNumber(text)).toBeNull();
  });

  it('writes counts whole and decimals with a comma', () => {
    expect(formatNumber(15)).toBe('15');
    expect(formatNumber(15.4)).toBe('15');
    expect(formatNumber(1234)).toBe('1.234');
    expect(formatNumber(3.2, 2)).toBe('3,2');
    expect(formatNumber(3.256, 2)).toBe('3,26');
    expect(formatNumber(15, 2)).toBe('15');
  });
});
