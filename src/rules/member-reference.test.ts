import { describe, expect, it } from 'vitest';
import {
  ETHNIC_GROUPS, EDUCATION_LEVELS, MEMBER_REFERENCE_LISTS, POLITICAL_THEORY_LEVELS, RELIGIONS, SEXES, ethnicitySchema, matchReference,
  referenceKey, referenceLabel,
} from '../contracts/member-reference.ts';

describe('member reference lists (DOMAIN.md §10)', () => {
  it('has the 54 ethnic groups in the official order with codes 01–54', () => {
    expect(ETHNIC_GROUPS).toHaveLength(54);
    expect(ETHNIC_GROUPS.map((item) => item.code)).toEqual(Array.from({ length: 54 }, (_, index) => String(index + 1).padStart(2, '0')));
    expect(ETHNIC_GROUPS.slice(0, 8).map((item) => item.vi)).toEqual(['Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông']);
    expect(ETHNIC_GROUPS[53].vi).toBe('Ơ Đu');
  });

  it('every list has unique codes, unique matching keys and both labels', () => {
    for (const [name, list] of Object.entries(MEMBER_REFERENCE_LISTS)) {
      const codes = list.map((item) => item.code);
      expect(new Set(codes).size, name).toBe(codes.length);
      const keys = list.map((item) => referenceKey(item.vi));
      expect(new Set(keys).size, name).toBe(keys.length);
      for (const item of list) {
        expect(item.vi.length, `${name} ${item.code}`).toBeGreaterThan(0);
        expect(item.en.length, `${name} ${item.code}`).toBeGreaterThan(0);
        expect(matchReference(list, item.vi), `${name} ${item.vi}`).toBe(item.code);
        expect(matchReference(list, item.code), `${name} ${item.code}`).toBe(item.code);
      }
    }
  });

  it('matches spellings met in spreadsheets, ignoring case, diacritics, hyphens and apostrophes', () => {
    expect(matchReference(ETHNIC_GROUPS, 'gia-rai')).toBe('10');
    expect(matchReference(ETHNIC_GROUPS, "H'Mông")).toBe('08');
    expect(matchReference(ETHNIC_GROUPS, 'KHƠ ME')).toBe('05');
    expect(matchReference(ETHNIC_GROUPS, 'Việt')).toBe('01');
    expect(matchReference(ETHNIC_GROUPS, 'Bru Van Kieu')).toBe('24');
    expect(matchReference(RELIGIONS, 'Thiên Chúa giáo')).toBe('catholicism');
    expect(matchReference(RELIGIONS, 'không')).toBe('none');
    expect(matchReference(EDUCATION_LEVELS, '12/12')).toBe('upper_secondary');
    expect(matchReference(POLITICAL_THEORY_LEVELS, 'cao cap')).toBe('advanced');
    expect(matchReference(SEXES, 'nữ')).toBe('female');
    expect(matchReference(SEXES, 'Female')).toBe('female');
  });

  it('refuses what names no item', () => {
    expect(matchReference(ETHNIC_GROUPS, 'Atlantis')).toBeNull();
    expect(matchReference(ETHNIC_GROUPS, '  ')).toBeNull();
    expect(ethnicitySchema.safeParse('55').success).toBe(false);
    expect(ethnicitySchema.safeParse('08').success).toBe(true);
  });

  it('labels a code in either language', () => {
    expect(referenceLabel(ETHNIC_GROUPS, '11', 'vi')).toBe('Ê Đê');
    expect(referenceLabel(POLITICAL_THEORY_LEVELS, 'intermediate', 'en')).toBe('Intermediate');
    expect(referenceLabel(SEXES, null, 'vi')).toBe('');
  });
});
