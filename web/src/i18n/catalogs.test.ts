import { describe, expect, it } from 'vitest';
import { vi as viCatalog } from './vi.ts';
import { en } from './en.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the interface catalogs', () => {
  it('Vietnamese and English have exactly the same keys', () => {
    const viKeys = Object.keys(viCatalog).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys.filter((key) => !viKeys.includes(key))).toEqual([]);
    expect(viKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(enKeys).toEqual(viKeys);
  });

  it('every message is filled in, in both languages', () => {
    for (const [key, text] of Object.entries(viCatalog)) expect(text.trim(), `vi ${key}`).not.toBe('');
    for (const [key, text] of Object.entries(en)) expect(text.trim(), `en ${key}`).not.toBe('');
  });

  it('a message has the same {placeholders} in both languages', () => {
    for (const key of Object.keys(viCatalog) as (keyof typeof viCatalog)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(viCatalog[key]));
    }
  });

  it('the Vietnamese catalog is in Vietnamese', () => {
    expect(viCatalog['login.submit']).toBe('Đăng nhập');
    expect(en['login.submit']).toBe('Sign in');
  });
});
