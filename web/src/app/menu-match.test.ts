import { describe, expect, it } from 'vitest';
import { selectedEntry } from './menu-match.ts';

describe('the menu entry of a page', () => {
  const entries = [
    { key: 'home', path: '/' },
    { key: 'admissions', path: '/admissions' },
    { key: 'calendar', path: '/admissions/calendar' },
    { key: 'courses', path: '/admissions/courses' },
    { key: 'tree', path: '/tree', alsoSelectedUnder: ['/units'] },
  ];
  const keyOn = (pathname: string) => selectedEntry(entries, pathname)?.key;

  it('is the entry whose path matches longest, whatever their order', () => {
    expect(keyOn('/admissions/courses/7')).toBe('courses');
    expect(keyOn('/admissions/calendar')).toBe('calendar');
    expect(keyOn('/admissions/12')).toBe('admissions');
    expect(selectedEntry([...entries].reverse(), '/admissions/courses')?.key).toBe('courses');
  });

  it('follows the paths an entry also selects, and nothing by a shared prefix of letters', () => {
    expect(keyOn('/units/42')).toBe('tree');
    expect(keyOn('/')).toBe('home');
    expect(keyOn('/admissionsx')).toBeUndefined();
    expect(keyOn('/members')).toBeUndefined();
  });
});
