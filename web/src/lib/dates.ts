/** Dates travel as 'yyyy-mm-dd' and are shown and entered as dd/mm/yyyy. "Today" is Vietnam's date (UTC+7). */
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';

dayjs.extend(customParseFormat);

export const DISPLAY_DATE = 'DD/MM/YYYY';
export const ISO_DATE = 'YYYY-MM-DD';

export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = dayjs(value.slice(0, 10), ISO_DATE, true);
  return parsed.isValid() ? parsed.format(DISPLAY_DATE) : value;
}

/** A moment as Vietnam's wall-clock time (UTC+7, no daylight saving), whatever the browser's time zone. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) return String(value);
  const shifted = new Date(moment.getTime() + 7 * 3600 * 1000).toISOString();
  return `${shifted.slice(8, 10)}/${shifted.slice(5, 7)}/${shifted.slice(0, 4)} ${shifted.slice(11, 16)}`;
}

/** The day of a moment in Vietnam (dd/mm/yyyy), whatever the browser's time zone. */
export function formatDay(value: string | Date | null | undefined): string {
  if (!value) return '';
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? String(value) : formatDate(todayInVietnam(moment));
}

export function toDayjs(value: string | null | undefined): Dayjs | null {
  if (!value) return null;
  const parsed = dayjs(value.slice(0, 10), ISO_DATE, true);
  return parsed.isValid() ? parsed : null;
}

export function toIsoDate(value: Dayjs | null | undefined): string | null {
  return value && value.isValid() ? value.format(ISO_DATE) : null;
}

export { dayjs };
