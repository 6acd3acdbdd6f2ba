import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../areas.ts';
import { vi as sharedVi } from './vi.ts';
import { en as sharedEn } from './en.ts';
import { CATALOGS } from './catalogs.ts';
import type { WebArea } from '../app/web-area.tsx';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** The areas' folders (those with an area.tsx) and what each declares. */
const featuresUrl = new URL('../features/', import.meta.url);
const folders = readdirSync(featuresUrl, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(new URL(`${entry.name}/`, featuresUrl)).includes('area.tsx'))
  .map((entry) => entry.name);
const areas = await Promise.all(folders.map(async (name) => {
  const { area } = await import(`../features/${name}/area.tsx`);
  return { name, area: area as WebArea };
}));

/** The shared texts, then each area's. */
const declared: { name: string; vi: Record<string, string>; en: Record<string, string> }[] = [
  { name: 'shared', vi: sharedVi, en: sharedEn },
  ...areas.map(({ name, area }) => ({ name, ...area.texts })),
];

describe('the interface catalogs', () => {
  it('every area folder is listed in web/src/areas.ts, once', () => {
    expect(AREAS.length).toBe(areas.length);
    for (const { name, area } of areas) expect(AREAS, name).toContain(area);
  });

  it('Vietnamese and English have exactly the same keys, in the shared texts and in each area', () => {
    for (const { name, vi, en } of declared) {
      const viKeys = Object.keys(vi).sort();
      const enKeys = Object.keys(en).sort();
      expect(enKeys.filter((key) => !viKeys.includes(key)), name).toEqual([]);
      expect(viKeys.filter((key) => !enKeys.includes(key)), name).toEqual([]);
    }
  });

  it('no key is declared twice (by two areas, or by an area and the shared texts)', () => {
    const owners = new Map<string, string[]>();
    for (const { name, vi } of declared) for (const key of Object.keys(vi)) owners.set(key, [...(owners.get(key) ?? []), name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
    expect(Object.keys(CATALOGS.vi).length).toBe(owners.size);
    expect(Object.keys(CATALOGS.en).sort()).toEqual(Object.keys(CATALOGS.vi).sort());
  });

  it('every message is filled in, in both languages', () => {
    for (const [key, text] of Object.entries(CATALOGS.vi)) expect(text.trim(), `vi ${key}`).not.toBe('');
    for (const [key, text] of Object.entries(CATALOGS.en)) expect(text.trim(), `en ${key}`).not.toBe('');
  });

  it('a message has the same {placeholders} in both languages', () => {
    for (const key of Object.keys(CATALOGS.vi) as (keyof typeof CATALOGS.vi)[]) {
      expect(placeholders(CATALOGS.en[key]), key).toEqual(placeholders(CATALOGS.vi[key]));
    }
  });

  it('the Vietnamese catalog is in Vietnamese', () => {
    expect(CATALOGS.vi['login.submit']).toBe('Đăng nhập');
    expect(CATALOGS.en['login.submit']).toBe('Sign in');
  });
});
