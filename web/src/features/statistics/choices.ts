/**
 * What the statistics page shows, kept in the URL (`?form=&unitId=&date=` or `&from=&to=`) so that a link can be
 * shared, a reload keeps it and the back button returns to the previous choice. Left out, a choice takes its default:
 * a stock form is as of 31/12 of last year (what officers report), a flow form over this year up to today. Choosing
 * a form of the other kind carries the date or period shown over to it (`formChoice`).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { todayInVietnam } from '../../lib/dates.ts';
import { formatNumber } from '../../lib/numbers.ts';
import type { FormAsk, FormKind } from './api.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export interface StatisticsChoices {
  tab: StatisticsTab;
  form?: string;
  unitId?: number;
  date: string;
  from: string;
  to: string;
}

export type ChoicePatch = Partial<Record<'form' | 'unitId' | 'date' | 'from' | 'to' | 'tab', string | number | null>>;

/** The page's tabs: the forms, the submissions to the level above, the term's targets. */
export const TABS = ['forms', 'submissions', 'targets'] as const;
export type StatisticsTab = typeof TABS[number];

/** The report date officers use by default: the last day of last year. */
export function defaultReportDate(today = todayInVietnam()): string {
  return `${Number(today.slice(0, 4)) - 1}-12-31`;
}

/** The default period: from the first of January of this year to today. */
export function defaultPeriod(today = todayInVietnam()): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

function dateParam(params: URLSearchParams, name: string, fallback: string): string {
  const value = params.get(name);
  return value && ISO.test(value) ? value : fallback;
}

export function readChoices(params: URLSearchParams): StatisticsChoices {
  const period = defaultPeriod();
  const unitId = Number(params.get('unitId'));
  const tab = params.get('tab');
  return {
    tab: TABS.find((item) => item === tab) ?? 'forms',
    form: params.get('form') || undefined,
    unitId: Number.isInteger(unitId) && unitId > 0 ? unitId : undefined,
    date: dateParam(params, 'date', defaultReportDate()),
    from: dateParam(params, 'from', period.from),
    to: dateParam(params, 'to', period.to),
  };
}

/**
 * The choices another form is opened with: a form of the other kind takes over the moment shown, so that the
 * officer's choice stays. A date D gives the period of D's year up to D, unless the period shown already ends on D
 * (a period chosen before, kept); a period gives its last day.
 */
export function formChoice(choices: StatisticsChoices, shown: FormKind, form: string, kind: FormKind): ChoicePatch {
  if (kind === shown) return { form };
  if (kind === 'stock') return { form, date: choices.to };
  return choices.to === choices.date ? { form } : { form, from: `${choices.date.slice(0, 4)}-01-01`, to: choices.date };
}

/** The ask of a form of this kind: a stock form on its date, a flow form over its period. */
export function askOf(kind: FormKind, unitId: number, choices: StatisticsChoices): FormAsk {
  return kind === 'flow' ? { unitId, from: choices.from, to: choices.to } : { unitId, date: choices.date };
}

/** The page's link with some choices changed (e.g. another unit, the same form and date). */
export function statisticsLink(current: URLSearchParams, patch: ChoicePatch): string {
  return `/statistics?${patchParams(current, patch)}`;
}

function patchParams(current: URLSearchParams, patch: ChoicePatch): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') next.delete(name);
    else next.set(name, String(value));
  }
  return next;
}

/** The choices, and a setter that pushes a history entry (so the back button undoes a choice). */
export function useStatisticsChoices(): [StatisticsChoices, (patch: ChoicePatch) => void, URLSearchParams] {
  const [params, setParams] = useSearchParams();
  const choices = useMemo(() => readChoices(params), [params]);
  const choose = useCallback((patch: ChoicePatch) => setParams((current) => patchParams(current, patch)), [setParams]);
  return [choices, choose, params];
}

/** A count as officers write it: Vietnamese thousands separators (1.234). */
export function formatCount(count: number): string {
  return formatNumber(count);
}
