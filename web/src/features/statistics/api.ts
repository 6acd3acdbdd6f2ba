/**
 * The statistics over `/api/statistics` (shapes from `src/contracts/statistics.ts`): the standard forms, one form for
 * a unit on a date or over a period, the drill-down of one figure (the units directly under the unit, the members it
 * counts) and the form's export.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  FigureRef, Indicator, IndicatorRequest, StatisticsCatalog, StatisticsFigures, StatisticsForm, StatisticsFormSubmission, StatisticsMembers, StatisticsSubmission,
  StatisticsSubmissionDetail, StatisticsSubmissionList, StatisticsSubmitRequest, TargetDashboard, TargetRequest, statisticsFormListSchema,
} from '../../../../src/contracts/statistics.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';

export type StatisticsFormList = z.infer<typeof statisticsFormListSchema>;
export type FormKind = StatisticsForm['kind'];

/** What a form is asked for: the unit and either a date (stock form) or a period (flow form). */
export interface FormAsk {
  unitId: number;
  date?: string;
  from?: string;
  to?: string;
}

/** The members of one figure are listed this many at a time. */
export const MEMBERS_PAGE = 50;
export const SUBMISSIONS_PAGE = 50;

export const statisticsKeys = {
  all: ['statistics'] as const,
  forms: () => [...statisticsKeys.all, 'forms'] as const,
  form: (key: string, ask: FormAsk) => [...statisticsKeys.all, 'form', key, ask] as const,
  children: (figure: FigureRef, ask: FormAsk) => [...statisticsKeys.all, 'children', figure.source, figure.by, ask] as const,
  members: (figure: FigureRef, ask: FormAsk) => [...statisticsKeys.all, 'members', figure, ask] as const,
  submissions: () => [...statisticsKeys.all, 'submissions'] as const,
  submissionList: (unitId: number) => [...statisticsKeys.submissions(), 'list', unitId] as const,
  submission: (id: number) => [...statisticsKeys.submissions(), 'detail', id] as const,
  formSubmission: (key: string, ask: FormAsk) => [...statisticsKeys.submissions(), 'form', key, ask] as const,
  catalog: () => [...statisticsKeys.all, 'catalog'] as const,
  targets: () => [...statisticsKeys.all, 'targets'] as const,
  indicators: (unitId: number) => [...statisticsKeys.targets(), 'indicators', unitId] as const,
  dashboard: (unitId: number, year: number) => [...statisticsKeys.targets(), 'dashboard', unitId, year] as const,
};

/** The period or the date of an ask, as query parameters (the server refuses both at once). */
function whenOf(ask: FormAsk) {
  return ask.from !== undefined ? { from: ask.from, to: ask.to } : { date: ask.date };
}

export function useStatisticsForms() {
  return useQuery({
    queryKey: statisticsKeys.forms(),
    queryFn: ({ signal }) => api<StatisticsFormList>('/statistics/forms', { signal }),
    staleTime: 60 * 60_000,
    meta: { silent: true },
  });
}

/** One standard form for a unit; its errors are shown on the page (the server's message). */
export function useStatisticsForm(key: string | undefined, ask: FormAsk | null) {
  return useQuery({
    queryKey: statisticsKeys.form(key ?? '', ask ?? { unitId: 0 }),
    queryFn: ({ signal }) => api<StatisticsForm>(`/statistics/forms/${encodeURIComponent(key!)}`, { query: { unitId: ask!.unitId, ...whenOf(ask!) }, signal }),
    enabled: !!key && !!ask,
    placeholderData: keepPreviousData,
    retry: false,
    meta: { silent: true },
  });
}

/** The figures of one source for each unit directly under the asked one, broken down as the figure is. */
export function useChildFigures(figure: FigureRef | null, ask: FormAsk) {
  return useQuery({
    queryKey: statisticsKeys.children(figure ?? { source: '', measure: '', by: null, value: null, at: null }, ask),
    queryFn: ({ signal }) => api<StatisticsFigures>('/statistics/figures', {
      query: { source: figure!.source, unitId: ask.unitId, by: figure!.by, breakdown: 'children', ...whenOf(ask) }, signal,
    }),
    enabled: !!figure,
    retry: false,
    meta: { silent: true },
  });
}

/** The members one figure counts, a page at a time (`after` is the previous page's `nextAfter`). */
export function useFigureMembers(figure: FigureRef | null, ask: FormAsk) {
  return useInfiniteQuery({
    queryKey: statisticsKeys.members(figure ?? { source: '', measure: '', by: null, value: null, at: null }, ask),
    queryFn: ({ pageParam, signal }) => api<StatisticsMembers>('/statistics/members', {
      query: {
        source: figure!.source, unitId: ask.unitId, measure: figure!.measure, by: figure!.by, value: figure!.value, at: figure!.at,
        ...whenOf(ask), limit: MEMBERS_PAGE, after: pageParam,
      },
      signal,
    }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    enabled: !!figure,
    retry: false,
    meta: { silent: true },
  });
}

/** Downloads the form as the server lays it out: .xlsx, or a PDF to print. */
export async function exportStatisticsForm(key: string, ask: FormAsk, format: 'xlsx' | 'pdf') {
  const query = new URLSearchParams({ format, unitId: String(ask.unitId) });
  for (const [name, value] of Object.entries(whenOf(ask))) if (value !== undefined) query.set(name, value);
  const { blob, filename } = await apiDownload(`/statistics/forms/${encodeURIComponent(key)}/export?${query}`);
  saveBlob(blob, filename ?? `${key}-${ask.date ?? `${ask.from}-${ask.to}`}.${format}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Submission to the level above, and its return.

/** Submits a form's figures for a date or a period; refused while the same form and period are locked. */
export function useSubmitForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StatisticsSubmitRequest) => api<StatisticsSubmission>('/statistics/submissions', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statisticsKeys.submissions() }),
    meta: { silent: true },
  });
}

/** Where a form stands for the unit and date or period shown: its latest submission there (standing: locked), or null. */
export function useFormSubmission(key: string | undefined, ask: FormAsk | null) {
  return useQuery({
    queryKey: statisticsKeys.formSubmission(key ?? '', ask ?? { unitId: 0 }),
    queryFn: ({ signal }) => api<StatisticsFormSubmission>(`/statistics/forms/${encodeURIComponent(key!)}/submission`, { query: { unitId: ask!.unitId, ...whenOf(ask!) }, signal }),
    enabled: !!key && !!ask,
    retry: false,
    meta: { silent: true },
  });
}

/** The submissions of a unit and of the units directly under it, newest first, a page at a time. */
export function useSubmissions(unitId: number | undefined) {
  return useInfiniteQuery({
    queryKey: statisticsKeys.submissionList(unitId ?? 0),
    queryFn: ({ pageParam, signal }) => api<StatisticsSubmissionList>('/statistics/submissions', { query: { unitId, limit: SUBMISSIONS_PAGE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: unitId !== undefined,
    retry: false,
    meta: { silent: true },
  });
}

/** One submission beside the live figures of the same form and period, with the cells that differ. */
export function useSubmission(id: number | null) {
  return useQuery({
    queryKey: statisticsKeys.submission(id ?? 0),
    queryFn: ({ signal }) => api<StatisticsSubmissionDetail>(`/statistics/submissions/${id}`, { signal }),
    enabled: id !== null,
    retry: false,
    meta: { silent: true },
  });
}

/** Returns a submission to its unit, with the reason (the level above only). */
export function useReturnSubmission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; reason: string; expectedRowVersion: number }) =>
      api<StatisticsSubmission>(`/statistics/submissions/${input.id}/return`, { method: 'POST', body: { reason: input.reason, expectedRowVersion: input.expectedRowVersion } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statisticsKeys.submissions() }),
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators and targets.

/** The sources, their measures and dimensions: what an indicator may be made of. */
export function useStatisticsCatalog() {
  return useQuery({
    queryKey: statisticsKeys.catalog(),
    queryFn: ({ signal }) => api<StatisticsCatalog>('/statistics/catalog', { signal }),
    staleTime: 60 * 60_000,
    meta: { silent: true },
  });
}

/** The indicators serving a unit: defined at it or above it. */
export function useIndicators(unitId: number | undefined) {
  return useQuery({
    queryKey: statisticsKeys.indicators(unitId ?? 0),
    queryFn: ({ signal }) => api<{ items: Indicator[] }>('/statistics/indicators', { query: { unitId }, signal }),
    enabled: unitId !== undefined,
    retry: false,
    meta: { silent: true },
  });
}

/** A unit's targets for a year with their actuals, the parts of the units beneath and how many are met. */
export function useTargetDashboard(unitId: number | undefined | null, year: number) {
  return useQuery({
    queryKey: statisticsKeys.dashboard(unitId ?? 0, year),
    queryFn: ({ signal }) => api<TargetDashboard>('/statistics/targets', { query: { unitId: unitId!, year }, signal }),
    enabled: unitId !== undefined && unitId !== null,
    retry: false,
    meta: { silent: true },
  });
}

export function useDefineIndicator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IndicatorRequest) => api<Indicator>('/statistics/indicators', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statisticsKeys.targets() }),
    meta: { silent: true },
  });
}

export function useSetTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TargetRequest) => api<{ id: number }>('/statistics/targets', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statisticsKeys.targets() }),
    meta: { silent: true },
  });
}
