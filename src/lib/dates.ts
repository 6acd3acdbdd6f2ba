/** Calendar dates as 'yyyy-mm-dd' strings, in Vietnam's time zone (UTC+7, no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A date as 'yyyy-mm-dd' that is real in the calendar and that PostgreSQL can store: years 0001 to 9999 (year 0000
 * does not exist; PostgreSQL refuses it). The one judgement of a date from outside (request and response schemas,
 * cursors, imported cells). No sane floor (say 1800) here: the same schemas check the answers, and rows already
 * stored with an older year (a typing mistake that an earlier import took) would turn every read of them into a 500;
 * a date's plausibility (not in the future, not before birth) is the rules' to judge, with their own codes.
 */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '0001-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * 'yyyy-mm-dd' of a UTC instant, refusing a year outside 0001-9999: `toISOString` writes those as '0000-…' or
 * '+010000-…', which PostgreSQL refuses, and counting working days across year 9999 would never end.
 */
function isoDateOf(value: Date): string {
  const text = value.toISOString();
  if (text.length !== 24 || text.startsWith('0000')) throw new RangeError(`date out of range: ${text}`);
  return text.slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return isoDateOf(value);
}

/** Adds calendar months, clamping to the month's last day (31/1 + 1 month = 28 or 29/2). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  const target = new Date(0);
  target.setUTCFullYear(year, month - 1 + months, 1);
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(day, lastDay.getUTCDate()));
  return isoDateOf(target);
}

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatVietnameseDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}
