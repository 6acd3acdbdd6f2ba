/**
 * The member registry: query keys and hooks over `/api/members` (shapes from `src/contracts/members.ts`): lists with
 * keyset paging, the member page, the caller's own record, saved filters, the life-cycle commands and the export.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdmissionRequest, CommandResult, CorrectionRequest, DeathRequest, ExemptionEndRequest, ExemptionRequest, ExpulsionRequest,
  FieldChangeRequest, MemberFilter, MemberListResponse, MemberPage, ProbationRefusalRequest, ReadmissionRequest,
  RecognitionExtensionRequest, RecognitionRequest, RemovalRequest, SavedFilter, SavedFilterValue,
} from '../../../../src/contracts/members.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';

/** The list's filters as the page keeps them: the parsed form of GET /api/members' query (arrays as arrays). */
export type MemberListFilters = MemberFilter;

export const PAGE_SIZE = 50;

export const memberKeys = {
  all: ['members'] as const,
  list: (filters: MemberListFilters) => [...memberKeys.all, 'list', filters] as const,
  page: (id: number) => [...memberKeys.all, 'page', id] as const,
  self: () => [...memberKeys.all, 'self'] as const,
  savedFilters: () => [...memberKeys.all, 'saved-filters'] as const,
};

/** The filters as query-string values (arrays joined by commas, empty values left out). */
export function toQuery(filters: MemberListFilters): Record<string, string | number | undefined> {
  return {
    unitId: filters.unitId,
    status: filters.status && filters.status.length > 0 ? filters.status.join(',') : undefined,
    sex: filters.sex,
    ethnicity: filters.ethnicity,
    religion: filters.religion,
    theoryLevel: filters.theoryLevel,
    educationLevel: filters.educationLevel,
    birthYearFrom: filters.birthYearFrom,
    birthYearTo: filters.birthYearTo,
    admittedFrom: filters.admittedFrom,
    admittedTo: filters.admittedTo,
    inTransit: filters.inTransit === undefined ? undefined : String(filters.inTransit),
    placement: filters.placement,
    q: filters.q?.trim() || undefined,
    asOf: filters.asOf,
  };
}

/** A saved filter's stored form: the list filters without the as-of date (a saved list is always "today"). */
export function toSavedValue(filters: MemberListFilters): SavedFilterValue {
  const { asOf: _asOf, ...rest } = filters;
  const value: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(rest)) {
    if (item === undefined || item === '' || (Array.isArray(item) && item.length === 0)) continue;
    value[key] = typeof item === 'string' ? item.trim() : item;
  }
  return value as SavedFilterValue;
}

export function useMemberList(filters: MemberListFilters) {
  return useInfiniteQuery({
    queryKey: memberKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api<MemberListResponse>('/members', { query: { ...toQuery(filters), limit: PAGE_SIZE, after: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** One member's page; a member that is missing or outside the caller's scope answers NOT_FOUND. */
export function useMemberPage(id: number | undefined) {
  return useQuery({
    queryKey: memberKeys.page(id ?? 0),
    queryFn: () => api<MemberPage>(`/members/${id}`),
    enabled: id !== undefined,
    meta: { silent: true },
  });
}

export function useOwnMemberPage() {
  return useQuery({ queryKey: memberKeys.self(), queryFn: () => api<MemberPage>('/members/self'), meta: { silent: true }, retry: false });
}

export function useSavedFilters() {
  return useQuery({ queryKey: memberKeys.savedFilters(), queryFn: () => api<{ items: SavedFilter[] }>('/members/saved-filters') });
}

export function useCreateSavedFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filters: SavedFilterValue }) => api<SavedFilter>('/members/saved-filters', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.savedFilters() }),
  });
}

export function useDeleteSavedFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ ok: true }>(`/members/saved-filters/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.savedFilters() }),
  });
}

/** The life-cycle commands on one member, by the path segment of `POST /api/members/:id/<command>`. */
export interface CommandBodies {
  recognition: RecognitionRequest;
  'recognition-extension': RecognitionExtensionRequest;
  'probation-refusal': ProbationRefusalRequest;
  exemption: ExemptionRequest;
  'exemption-end': ExemptionEndRequest;
  removal: RemovalRequest;
  expulsion: ExpulsionRequest;
  death: DeathRequest;
  readmission: ReadmissionRequest;
  corrections: CorrectionRequest;
}
export type MemberCommand = keyof CommandBodies;

export type CommandCall =
  | { [K in MemberCommand]: { memberId: number; command: K; body: CommandBodies[K] } }[MemberCommand]
  | { memberId: number; command: 'fields'; body: FieldChangeRequest };

/** Runs a command; errors are shown by the form that sent it (the rules' refusal, in the caller's language). */
export function useMemberCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (call: CommandCall) => call.command === 'fields'
      ? api<CommandResult>(`/members/${call.memberId}`, { method: 'PATCH', body: call.body })
      : api<CommandResult>(`/members/${call.memberId}/${call.command}`, { method: 'POST', body: call.body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.all }),
    meta: { silent: true },
  });
}

export function useAdmitMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AdmissionRequest) => api<CommandResult>('/members/admissions', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.all }),
    meta: { silent: true },
  });
}

/** Downloads the member's record sheet, a printable PDF built by the server. */
export async function printMemberRecord(memberId: number) {
  const { blob, filename } = await apiDownload(`/members/${memberId}/record-sheet`);
  saveBlob(blob, filename ?? `ly-lich-dang-vien-${memberId}.pdf`);
}

/** Downloads the list (same filters) as an .xlsx file, or a printable PDF, built by the server. */
export async function exportMemberList(filters: MemberListFilters, format: 'xlsx' | 'pdf' = 'xlsx') {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(toQuery(filters))) if (value !== undefined && value !== '') query.set(key, String(value));
  query.set('format', format);
  const { blob, filename } = await apiDownload(`/member-export?${query}`);
  saveBlob(blob, filename ?? `danh-sach-dang-vien.${format}`);
}
