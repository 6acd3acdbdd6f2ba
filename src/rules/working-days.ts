/**
 * Working days for deadlines (DOMAIN.md §9): Saturdays and Sundays are not working days for party and state
 * bodies (the 40-hour week of Quyết định 188/1999/QĐ-TTg), nor are the public holidays of the Labour Code.
 *
 * The calendar of a year is built in three layers, each of them data:
 *   1. the statutory holidays in force on the date (versioned: Labour Code 2012 Art. 115 until 31/12/2020,
 *      Labour Code 2019 Art. 112 from 1/1/2021), with the lunar dates (Tết, the Hùng Kings' day) converted to the
 *      solar calendar for Vietnam's time zone (UTC+7);
 *   2. compensatory days: a holiday that falls on a weekend gives the next working day off (Labour Code 2019
 *      Art. 111(3); Labour Code 2012 Art. 115(3));
 *   3. the year's published schedule (`HOLIDAY_YEARS`): the Tết days and the day next to 2/9 the Prime Minister
 *      chose (Labour Code 2019 Art. 112(3)), and the working days swapped to make longer breaks (notices of the
 *      Ministry of Labour, Invalids and Social Affairs, from 3/2025 the Ministry of Home Affairs, for public servants).
 *
 * A year without a published schedule falls back to layers 1 and 2, with the default choices described on
 * `defaultTetDays` and `defaultNationalDayAdjacent`. Add a year's schedule to `HOLIDAY_YEARS` when it is published.
 * All functions are pure; dates are 'yyyy-mm-dd'.
 */
import { addDays } from '../lib/dates.ts';

// ---------------------------------------------------------------------------------------------------------------
// Lunar calendar (Vietnamese, UTC+7). Astronomical new moons and solar terms after J. Meeus, "Astronomical
// Algorithms" (1998), in the formulation widely used for the Vietnamese calendar (Hồ Ngọc Đức). Accurate for
// 1800–2199, which covers every date the registry holds.
// ---------------------------------------------------------------------------------------------------------------

const VIETNAM_TIME_ZONE = 7;

function julianDayFromDate(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

function dateFromJulianDay(jd: number): string {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((b * 146097) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = b * 100 + d - 4800 + Math.floor(m / 10);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The Julian day number (local date) of the k-th new moon after 1/1/1900. */
function newMoonDay(k: number, timeZone: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 -= 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return Math.floor(jd1 + c1 - deltaT + 0.5 + timeZone / 24);
}

/** The sun's longitude at the start of the local day, as a sector 0..11 (30° each). */
function sunLongitudeSector(jdn: number, timeZone: number): number {
  const T = (jdn - 2451545.5 - timeZone / 24) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return Math.floor((L / Math.PI) * 6);
}

/** The first day of the 11th lunar month (the month holding the winter solstice) of the solar year. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = julianDayFromDate(31, 12, year) - 2415021;
  const k = Math.floor(off / 29.530588853);
  let nm = newMoonDay(k, timeZone);
  if (sunLongitudeSector(nm, timeZone) >= 9) nm = newMoonDay(k - 1, timeZone);
  return nm;
}

function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The solar date of a Vietnamese lunar date (`leap` for the intercalary month of that number). */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number, leap = false): string {
  const tz = VIETNAM_TIME_ZONE;
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = lunarMonth11(lunarYear - 1, tz);
    b11 = lunarMonth11(lunarYear, tz);
  } else {
    a11 = lunarMonth11(lunarYear, tz);
    b11 = lunarMonth11(lunarYear + 1, tz);
  }
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) throw new RangeError(`lunar year ${lunarYear} has no leap month ${lunarMonth}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${lunarYear} has no leap month`);
  }
  const k = Math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  const monthStart = newMoonDay(k + off, tz);
  return dateFromJulianDay(monthStart + lunarDay - 1);
}

/** The Vietnamese lunar date of a solar date. */
export function solarToLunar(date: string): { day: number; month: number; year: number; leap: boolean } {
  const tz = VIETNAM_TIME_ZONE;
  const [yy, mm, dd] = date.split('-').map(Number);
  const dayNumber = julianDayFromDate(dd, mm, yy);
  const k = Math.floor((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = leapMonthOffset(a11, tz);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      if (diff === leapMonthDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/** The first day of the lunar year (mùng 1 Tết) that begins in the given solar year. */
export function lunarNewYear(year: number): string {
  return lunarToSolar(1, 1, year);
}

// ---------------------------------------------------------------------------------------------------------------
// Statutory holidays, versioned by the law in force.
// ---------------------------------------------------------------------------------------------------------------

export interface HolidayLaw {
  /** The law and article, as cited. */
  regulation: string;
  effectiveFrom: string;
  /** Days of Tết (lunar new year). */
  tetDays: number;
  /** Days for National Day: 1 (2/9 only) or 2 (2/9 and one adjacent day). */
  nationalDayDays: 1 | 2;
}

/** Ordered by `effectiveFrom`. */
export const HOLIDAY_LAWS: readonly HolidayLaw[] = [
  { regulation: 'Bộ luật Lao động 2012, Điều 115', effectiveFrom: '2013-05-01', tetDays: 5, nationalDayDays: 1 },
  { regulation: 'Bộ luật Lao động 2019, Điều 112', effectiveFrom: '2021-01-01', tetDays: 5, nationalDayDays: 2 },
];

export function holidayLawFor(date: string): HolidayLaw {
  let chosen = HOLIDAY_LAWS[0];
  for (const law of HOLIDAY_LAWS) if (law.effectiveFrom <= date) chosen = law;
  return chosen;
}

/** A year's schedule as published. Every field is optional: what is absent falls back to the default rule. */
export interface HolidayYear {
  year: number;
  /** The notice that fixed the schedule for public servants. */
  source: string;
  /** The weekdays given off for Tết as decided; weekends inside the break are weekends and are not compensated. */
  tetDays?: readonly string[];
  /** The day next to 2/9 (1/9 or 3/9) chosen for National Day, under the 2019 Labour Code. */
  nationalDayAdjacent?: string;
  /** Weekdays given off in a swap (hoán đổi ngày làm việc). */
  swappedDaysOff?: readonly string[];
  /** Weekend days worked in return for a swap. */
  makeUpWorkingDays?: readonly string[];
  /** Compensatory days the schedule replaced by something else (a computed compensatory day that is worked). */
  cancelledCompensatoryDays?: readonly string[];
}

/**
 * Published schedules, 2020–2027, for public servants (cán bộ, công chức, viên chức): the yearly notices of the
 * Ministry of Labour, Invalids and Social Affairs (from 3/2025 the Ministry of Home Affairs) implementing the Prime
 * Minister's decisions. `tetDays` lists the weekdays given for Tết as decided (the decision already accounts for
 * weekends, so no compensatory day is added for them). Fields not yet published follow the default rule; complete
 * them when the notice appears.
 */
export const HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2020,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Canh Tý nghỉ từ thứ Năm 23/01 (29 tháng Chạp) đến hết thứ Tư 29/01/2020',
    tetDays: ['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29'],
  },
  {
    year: 2021,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Tân Sửu nghỉ từ 10/02 đến hết 16/02/2021; Quốc khánh 02–03/9/2021',
    tetDays: ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16'],
    nationalDayAdjacent: '2021-09-03',
  },
  {
    year: 2022,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Nhâm Dần nghỉ từ 29/01 đến hết 06/02/2022; Quốc khánh 01–04/9/2022',
    tetDays: ['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04'],
    nationalDayAdjacent: '2022-09-01',
  },
  {
    year: 2023,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Quý Mão nghỉ từ 20/01 đến hết 26/01/2023; Quốc khánh 01–04/9/2023',
    tetDays: ['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26'],
    nationalDayAdjacent: '2023-09-01',
  },
  {
    year: 2024,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Giáp Thìn nghỉ từ 08/02 đến hết 14/02/2024; hoán đổi thứ Hai 29/4 với thứ Bảy '
      + '04/5/2024; Quốc khánh 31/8–03/9/2024',
    tetDays: ['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14'],
    swappedDaysOff: ['2024-04-29'],
    makeUpWorkingDays: ['2024-05-04'],
    nationalDayAdjacent: '2024-09-03',
  },
  {
    year: 2025,
    source: 'Thông báo Bộ LĐ-TB&XH: Tết Ất Tỵ nghỉ từ 25/01 đến hết 02/02/2025, hoán đổi thứ Hai 27/01 với thứ Bảy 08/02; '
      + 'hoán đổi thứ Sáu 02/5 với thứ Bảy 26/4/2025; Quốc khánh 30/8–02/9/2025',
    tetDays: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
    swappedDaysOff: ['2025-01-27', '2025-05-02'],
    makeUpWorkingDays: ['2025-02-08', '2025-04-26'],
    nationalDayAdjacent: '2025-09-01',
  },
  {
    year: 2026,
    source: 'Văn bản 12729/VPCP-KGVX (25/12/2025): Tết Dương lịch 01–04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy '
      + '10/01/2026; Bộ Nội vụ: Tết Bính Ngọ nghỉ từ 14/02 đến hết 22/02/2026. Quốc khánh: default rule until published',
    swappedDaysOff: ['2026-01-02'],
    makeUpWorkingDays: ['2026-01-10'],
    tetDays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
  },
  {
    year: 2027,
    source: 'not yet published: default rule (last day of the lunar year and the first four days of the new one)',
  },
];

function holidayYear(year: number): HolidayYear | undefined {
  return HOLIDAY_YEARS.find((entry) => entry.year === year);
}

/** The default Tết: the last day of the lunar year and the first four of the new one (DOMAIN.md §9). */
export function defaultTetDays(year: number, days = 5): string[] {
  const newYear = lunarNewYear(year);
  return Array.from({ length: days }, (_, index) => addDays(newYear, index - 1));
}

/**
 * The default day next to 2/9: the one that joins the weekend (Monday 1/9 when 2/9 is a Tuesday, Friday 3/9 when
 * it is a Thursday); otherwise 3/9, or 1/9 when 3/9 is a weekend day.
 */
export function defaultNationalDayAdjacent(year: number): string {
  const before = `${year}-09-01`;
  const after = `${year}-09-03`;
  const weekday = dayOfWeek(`${year}-09-02`);
  if (weekday === 2 || weekday === 5 || weekday === 6) return before; // Tue, Fri, Sat: Monday/Thursday/Friday before
  return isWeekend(after) ? before : after;
}

export type DayKind = 'working' | 'weekend' | 'holiday' | 'compensatory' | 'swapped_off' | 'make_up_working';

interface YearCalendar {
  /** Days that are not working days although they are weekdays, with why. */
  offWeekdays: Map<string, DayKind>;
  /** Holidays by date (weekend ones included), with their names. */
  holidays: Map<string, string>;
  /** Weekend days that are working days. */
  workingWeekends: Set<string>;
}

const calendarCache = new Map<number, YearCalendar>();

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isWeekend(date: string): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

function buildYear(year: number): YearCalendar {
  const law = holidayLawFor(`${year}-01-01`);
  const published = holidayYear(year);
  const holidays = new Map<string, string>();
  holidays.set(`${year}-01-01`, 'Tết Dương lịch');
  const publishedTet = published?.tetDays;
  for (const day of publishedTet ?? defaultTetDays(year, law.tetDays)) holidays.set(day, 'Tết Nguyên đán');
  holidays.set(lunarToSolar(10, 3, year), 'Giỗ Tổ Hùng Vương');
  holidays.set(`${year}-04-30`, 'Ngày Chiến thắng');
  holidays.set(`${year}-05-01`, 'Ngày Quốc tế lao động');
  holidays.set(`${year}-09-02`, 'Quốc khánh');
  if (law.nationalDayDays === 2) holidays.set(published?.nationalDayAdjacent ?? defaultNationalDayAdjacent(year), 'Quốc khánh');

  const offWeekdays = new Map<string, DayKind>();
  for (const day of holidays.keys()) if (!isWeekend(day)) offWeekdays.set(day, 'holiday');
  for (const day of published?.swappedDaysOff ?? []) offWeekdays.set(day, 'swapped_off');
  // A holiday on a weekend gives the next working day off (in date order, so two such days give two).
  const cancelled = new Set(published?.cancelledCompensatoryDays ?? []);
  for (const day of [...holidays.keys()].sort()) {
    if (!isWeekend(day)) continue;
    if (publishedTet && holidays.get(day) === 'Tết Nguyên đán') continue;
    let candidate = addDays(day, 1);
    while (isWeekend(candidate) || offWeekdays.has(candidate)) candidate = addDays(candidate, 1);
    if (!cancelled.has(candidate)) offWeekdays.set(candidate, 'compensatory');
  }
  return { offWeekdays, holidays, workingWeekends: new Set(published?.makeUpWorkingDays ?? []) };
}

function calendarOf(year: number): YearCalendar {
  let calendar = calendarCache.get(year);
  if (!calendar) {
    calendar = buildYear(year);
    calendarCache.set(year, calendar);
  }
  return calendar;
}

/** Why a day is or is not a working day. A compensatory day may spill into the next year (e.g. 31/12 → 2/1). */
export function dayKind(date: string): DayKind {
  const year = Number(date.slice(0, 4));
  for (const calendar of [calendarOf(year), calendarOf(year - 1)]) {
    if (calendar.workingWeekends.has(date)) return 'make_up_working';
    const off = calendar.offWeekdays.get(date);
    if (off) return off;
  }
  if (isWeekend(date)) return calendarOf(year).holidays.has(date) ? 'holiday' : 'weekend';
  return 'working';
}

/** Whether the date is a working day for party and state bodies. */
export function isWorkingDay(date: string): boolean {
  const kind = dayKind(date);
  return kind === 'working' || kind === 'make_up_working';
}

/** The public holidays of a year (date → name), weekend ones included; compensatory days are not holidays. */
export function holidaysOf(year: number): { date: string; name: string }[] {
  return [...calendarOf(year).holidays.entries()].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The date `n` working days after `date` (`date` itself is not counted), or before it when `n` is negative.
 * "Within 60 working days of the cell resolution" ends on `addWorkingDays(resolutionDate, 60)`.
 */
export function addWorkingDays(date: string, n: number): string {
  return addWorkingDaysBy(isWorkingDay, date, n);
}

function addWorkingDaysBy(working: (date: string) => boolean, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError('n must be an integer');
  const step = n >= 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (working(current)) remaining--;
  }
  return current;
}

/**
 * The number of working days after `a` up to and including `b` (negative when `b` is before `a`), so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
 */
export function workingDaysBetween(a: string, b: string): number {
  return workingDaysBetweenBy(isWorkingDay, a, b);
}

function workingDaysBetweenBy(working: (date: string) => boolean, a: string, b: string): number {
  if (a === b) return 0;
  // `|| 0`: no working day between gives 0, never -0.
  if (b < a) return -workingDaysBetweenBy(working, b, a) || 0;
  let count = 0;
  for (let current = addDays(a, 1); current <= b; current = addDays(current, 1)) if (working(current)) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-year adjustments kept as data (issue 13): the days the government moves after the schedules above were written
// (Labour Code 2019 Art. 112(3): the Prime Minister fixes the Tết and National Day days each year; the notices of the
// Ministry of Home Affairs swap working days for public servants). The centre's officers record them in the
// `working_day_overrides` table; `workingCalendarOf` (src/kernel) loads them and builds the calendar every deadline counts on.
// ---------------------------------------------------------------------------------------------------------------

/** One adjusted day: a weekday given off (`day_off`) or a weekend day worked (`working_day`). */
export interface WorkingDayOverride {
  date: string;
  kind: 'day_off' | 'working_day';
}

/** The working-day functions of the statutory calendar with a set of adjustments laid over it. */
export interface WorkingCalendar {
  /** Names the adjustments laid over the statutory calendar: two calendars with the same key count the same. */
  key: string;
  isWorkingDay(date: string): boolean;
  addWorkingDays(date: string, n: number): string;
  workingDaysBetween(a: string, b: string): number;
}

/** The statutory calendar alone (no adjustment recorded). */
export const STATUTORY_CALENDAR: WorkingCalendar = { key: 'statutory', isWorkingDay, addWorkingDays, workingDaysBetween };

/**
 * The calendar with `overrides` laid over the statutory one: an override decides its day, every other day is as
 * `isWorkingDay` says. Pure: the same overrides give the same calendar.
 */
export function workingCalendar(overrides: readonly WorkingDayOverride[]): WorkingCalendar {
  if (overrides.length === 0) return STATUTORY_CALENDAR;
  const byDate = new Map(overrides.map((override) => [override.date, override.kind === 'working_day']));
  const working = (date: string) => byDate.get(date) ?? isWorkingDay(date);
  return {
    key: overrides.map((override) => `${override.date}:${override.kind}`).sort().join(','),
    isWorkingDay: working,
    addWorkingDays: (date, n) => addWorkingDaysBy(working, date, n),
    workingDaysBetween: (a, b) => workingDaysBetweenBy(working, a, b),
  };
}
