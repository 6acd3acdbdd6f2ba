/** Decisions, the legal basis of every change: list, search, create, attach a PDF, download. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Decision, DecisionCreate, DecisionList } from '../../../../src/contracts/decisions.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';

export interface DecisionFilters {
  q?: string;
  from?: string | null;
  to?: string | null;
  issuingUnitId?: number | null;
}

export const decisionKeys = {
  all: ['decisions'] as const,
  list: (filters: DecisionFilters) => [...decisionKeys.all, 'list', filters] as const,
  search: (q: string) => [...decisionKeys.all, 'search', q] as const,
  detail: (id: number) => [...decisionKeys.all, 'detail', id] as const,
};

function listDecisions(filters: DecisionFilters, cursor: string | null, limit = 50) {
  return api<DecisionList>('/decisions', { query: { q: filters.q?.trim() || undefined, from: filters.from, to: filters.to, issuingUnitId: filters.issuingUnitId, limit, cursor } });
}

export function useDecisionList(filters: DecisionFilters) {
  return useInfiniteQuery({
    queryKey: decisionKeys.list(filters),
    queryFn: ({ pageParam }) => listDecisions(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** For pickers: the newest decisions, or those matching the text. */
export function useDecisionSearch(q: string) {
  return useQuery({
    queryKey: decisionKeys.search(q.trim()),
    queryFn: () => listDecisions({ q }, null, 20),
    placeholderData: keepPreviousData,
  });
}

export function useDecision(id: number | null | undefined) {
  return useQuery({ queryKey: decisionKeys.detail(id ?? 0), queryFn: () => api<Decision>(`/decisions/${id}`), enabled: !!id });
}

export function useCreateDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DecisionCreate) => api<Decision>('/decisions', { method: 'POST', body: input }),
    onSuccess: (decision) => {
      queryClient.setQueryData(decisionKeys.detail(decision.id), decision);
      return queryClient.invalidateQueries({ queryKey: [...decisionKeys.all, 'list'] }).then(() => queryClient.invalidateQueries({ queryKey: [...decisionKeys.all, 'search'] }));
    },
  });
}

export function useAttachDecisionPdf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: number; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<Decision>(`/decisions/${id}/attachment`, { method: 'PUT', body: form });
    },
    onSuccess: (decision) => {
      queryClient.setQueryData(decisionKeys.detail(decision.id), decision);
      return queryClient.invalidateQueries({ queryKey: decisionKeys.all });
    },
  });
}

export async function downloadDecisionPdf(decision: Decision) {
  const { blob, filename } = await apiDownload(`/decisions/${decision.id}/attachment`);
  saveBlob(blob, filename ?? decision.attachment?.filename ?? `${decision.number}.pdf`);
}
