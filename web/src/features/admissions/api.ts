/** The admission pipeline: query keys and hooks over `/api/admissions` (shapes from `src/contracts/admissions.ts`). */
import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CalendarOverrideRequest, CandidateCreateRequest, CandidateDetail, CandidateUpdateRequest, DocumentRequest, IntroducerRequest, StepRequest, WaitingOn,
  calendarOverrideSchema, calendarSchema, candidateListSchema,
} from '../../../../src/contracts/admissions.ts';
import type { MemberListResponse } from '../../../../src/contracts/members.ts';
import type {
  CourseCloseRequest, CourseCreateRequest, CourseDetail, CourseList, CourseParticipantsRequest, CourseStatus, CourseVoidRequest,
} from '../../../../src/contracts/admission-courses.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';
import { dayjs, todayInVietnam } from '../../lib/dates.ts';

type CandidateList = z.infer<typeof candidateListSchema>;
type Calendar = z.infer<typeof calendarSchema>;
type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

export type Which = 'open' | 'due' | 'overdue' | 'all';
export interface CandidateFilters {
  unitId?: number;
  which: Which;
  waitingOn?: WaitingOn;
  q?: string;
  memberId?: number;
}

export const admissionKeys = {
  all: ['admissions'] as const,
  list: (filters: CandidateFilters) => [...admissionKeys.all, 'list', filters] as const,
  file: (id: number) => [...admissionKeys.all, 'file', id] as const,
  calendar: (year: number) => [...admissionKeys.all, 'calendar', year] as const,
};

export function useCandidateList(filters: CandidateFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: admissionKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api<CandidateList>('/admissions/candidates', {
      query: { ...filters, q: filters.q?.trim() || undefined, limit: 50, after: pageParam ?? undefined },
      signal,
    }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCandidate(id: number) {
  return useQuery({ queryKey: admissionKeys.file(id), queryFn: () => api<CandidateDetail>(`/admissions/candidates/${id}`) });
}

export function useCalendar(year: number) {
  return useQuery({ queryKey: admissionKeys.calendar(year), queryFn: () => api<Calendar>('/admissions/calendar', { query: { year } }), staleTime: 60_000 });
}

/**
 * Working days from today (exclusive) to `dueBy` (inclusive), negative when it has passed, from the server's calendar
 * of the years between (weekends, public holidays with Tết and the Hùng Kings' day, and the centre's adjustments).
 */
export function useWorkingDaysLeft(dueBy: string | null | undefined): number | null {
  const today = todayInVietnam();
  const [from, to] = !dueBy ? [today, today] : dueBy >= today ? [today, dueBy] : [dueBy, today];
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)) && dueBy; year++) years.push(year);
  const calendars = useQueries({
    queries: years.map((year) => ({ queryKey: admissionKeys.calendar(year), queryFn: () => api<Calendar>('/admissions/calendar', { query: { year } }), staleTime: 60_000 })),
  });
  if (!dueBy || calendars.some((calendar) => !calendar.data)) return null;
  const off = new Set(calendars.flatMap((calendar) => calendar.data!.daysOff));
  let count = 0;
  for (let day = dayjs(from).add(1, 'day'); !day.isAfter(dayjs(to)); day = day.add(1, 'day')) if (!off.has(day.format('YYYY-MM-DD'))) count++;
  return dueBy >= today ? count : -count;
}

function useAdmissionMutation<Input, Output = CandidateDetail>(send: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: admissionKeys.all }); },
    // The form that sent it shows the server's refusal.
    meta: { silent: true },
  });
}

export function useCreateCandidate() {
  return useAdmissionMutation((input: CandidateCreateRequest) => api<CandidateDetail>('/admissions/candidates', { method: 'POST', body: input }));
}

export function useUpdateCandidate(id: number) {
  return useAdmissionMutation((input: CandidateUpdateRequest) => api<CandidateDetail>(`/admissions/candidates/${id}`, { method: 'PATCH', body: input }));
}

export function useRecordDocument(id: number) {
  return useAdmissionMutation((input: DocumentRequest) => api<CandidateDetail>(`/admissions/candidates/${id}/documents`, { method: 'POST', body: input }));
}

export function useAddIntroducer(id: number) {
  return useAdmissionMutation((input: IntroducerRequest) => api<CandidateDetail>(`/admissions/candidates/${id}/introducers`, { method: 'POST', body: input }));
}

export function useRecordStep(id: number) {
  return useAdmissionMutation((input: StepRequest) => api<CandidateDetail>(`/admissions/candidates/${id}/steps`, { method: 'POST', body: input }));
}

export function useAddOverride() {
  return useAdmissionMutation((input: CalendarOverrideRequest) => api<CalendarOverride>('/admissions/calendar/overrides', { method: 'POST', body: input }));
}

export function useVoidOverride() {
  return useAdmissionMutation(({ id, reason }: { id: number; reason: string }) => api<CalendarOverride>(`/admissions/calendar/overrides/${id}/void`, { method: 'POST', body: { reason } }));
}

/** Official members by name, in a unit's subtree (introducers and helpers are official members). */
export function useOfficialMembers(q: string, unitId?: number) {
  const text = q.trim();
  return useQuery({
    queryKey: ['admissions', 'members', text, unitId],
    queryFn: () => api<MemberListResponse>('/members', { query: { q: text, unitId, status: 'official', limit: 20 } }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** Downloads a printed document of the file (the admission decision or the checklist), built by the server. */
export async function printAdmissionDocument(id: number, document: 'decision' | 'checklist') {
  const { blob, filename } = await apiDownload(`/admissions/candidates/${id}/${document}.pdf`);
  saveBlob(blob, filename ?? `${document}-${id}.pdf`);
}

/** Downloads a form's scan. */
export async function downloadScan(id: number, documentId: number, name: string | null) {
  const { blob, filename } = await apiDownload(`/admissions/candidates/${id}/documents/${documentId}`);
  saveBlob(blob, name ?? filename ?? `ho-so-${documentId}`);
}

/** A file picked in the browser as the request's `{ name, contentType, base64 }`. */
export async function fileToUpload(file: File): Promise<{ name: string; contentType: string; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return { name: file.name, contentType: file.type || 'application/octet-stream', base64: btoa(binary) };
}

// ---------------------------------------------------------------------------------------------------------------
// Awareness courses (`/api/admissions/courses`; shapes from `src/contracts/admission-courses.ts`). Their keys sit
// under the area's, so a course's change (a closing fills the candidates' certificates) refreshes the files too.

export interface CourseFilters {
  unitId?: number;
  status?: CourseStatus;
  q?: string;
  candidateId?: number;
}

export const courseKeys = {
  all: [...admissionKeys.all, 'courses'] as const,
  list: (filters: CourseFilters) => [...courseKeys.all, 'list', filters] as const,
  course: (id: number) => [...courseKeys.all, 'course', id] as const,
};

export function useCourseList(filters: CourseFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: courseKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api<CourseList>('/admissions/courses', {
      query: { ...filters, q: filters.q?.trim() || undefined, limit: 50, cursor: pageParam ?? undefined },
      signal,
    }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCourse(id: number) {
  return useQuery({ queryKey: courseKeys.course(id), queryFn: () => api<CourseDetail>(`/admissions/courses/${id}`) });
}

/** The courses a candidate took part in (the candidate's page links to them). */
export function useCandidateCourses(candidateId: number) {
  return useQuery({
    queryKey: courseKeys.list({ candidateId }),
    queryFn: () => api<CourseList>('/admissions/courses', { query: { candidateId, limit: 20 } }),
  });
}

export function useCreateCourse() {
  return useAdmissionMutation((input: CourseCreateRequest) => api<CourseDetail>('/admissions/courses', { method: 'POST', body: input }));
}

export function useAddParticipants(id: number) {
  return useAdmissionMutation((input: CourseParticipantsRequest) => api<CourseDetail>(`/admissions/courses/${id}/participants`, { method: 'POST', body: input }));
}

export function useVoidParticipant(id: number) {
  return useAdmissionMutation(({ participantId, ...input }: CourseVoidRequest & { participantId: number }) =>
    api<CourseDetail>(`/admissions/courses/${id}/participants/${participantId}/void`, { method: 'POST', body: input }));
}

export function useCloseCourse(id: number) {
  return useAdmissionMutation((input: CourseCloseRequest) => api<CourseDetail>(`/admissions/courses/${id}/close`, { method: 'POST', body: input }));
}

export function useCancelCourse(id: number) {
  return useAdmissionMutation((input: CourseVoidRequest) => api<CourseDetail>(`/admissions/courses/${id}/cancel`, { method: 'POST', body: input }));
}
