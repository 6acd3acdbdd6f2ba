/** The organization tree through time: query keys and hooks over `/api/orgs` (shapes from `src/contracts/orgs.ts`). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BatchDetail, BatchList, OrgChanges, OrgChildren, OrgCounts, OrgHistory, OrgLineage, OrgNodeList, OrgSearchResult,
  OrgUnitDetail, RestructureRequest, RestructureResult, UndoRequest,
} from '../../../../src/contracts/orgs.ts';
import { api } from '../../lib/api.ts';

export const orgKeys = {
  all: ['orgs'] as const,
  roots: (date: string) => [...orgKeys.all, 'roots', date] as const,
  children: (unitId: number, date: string) => [...orgKeys.all, 'children', unitId, date] as const,
  search: (q: string, date: string, kind?: string) => [...orgKeys.all, 'search', q, date, kind ?? null] as const,
  unit: (unitId: number, date: string) => [...orgKeys.all, 'unit', unitId, date] as const,
  history: (unitId: number) => [...orgKeys.all, 'history', unitId] as const,
  lineage: (unitId: number) => [...orgKeys.all, 'lineage', unitId] as const,
  counts: (unitId: number, date: string) => [...orgKeys.all, 'counts', unitId, date] as const,
  changes: (unitId: number, from: string, to: string) => [...orgKeys.all, 'changes', unitId, from, to] as const,
  unitBatches: (unitId: number) => [...orgKeys.all, 'unit-batches', unitId] as const,
  batch: (batchId: number) => [...orgKeys.all, 'batch', batchId] as const,
};

export function fetchRoots(date: string) {
  return api<OrgNodeList>('/orgs/roots', { query: { date } });
}

/** Every page of a unit's children as of the date (the server pages by keyset). */
export async function fetchAllChildren(unitId: number, date: string): Promise<OrgChildren> {
  let cursor: string | null = null;
  const items: OrgChildren['items'] = [];
  let first: OrgChildren | null = null;
  do {
    const page: OrgChildren = await api<OrgChildren>(`/orgs/units/${unitId}/children`, { query: { date, limit: 500, cursor } });
    first ??= page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { ...first, items };
}

export function useRoots(date: string) {
  // Keeping the previous answer while another date loads keeps the tree (and what is open in it) on screen.
  return useQuery({ queryKey: orgKeys.roots(date), queryFn: () => fetchRoots(date), placeholderData: keepPreviousData });
}

export function useChildren(unitId: number | undefined, date: string) {
  return useQuery({
    queryKey: orgKeys.children(unitId ?? 0, date),
    queryFn: () => fetchAllChildren(unitId!, date),
    enabled: unitId !== undefined,
  });
}

export function useOrgSearch(q: string, date: string, options: { kind?: string; limit?: number } = {}) {
  const text = q.trim();
  return useQuery({
    queryKey: [...orgKeys.search(text, date, options.kind), options.limit ?? 30],
    queryFn: () => api<OrgSearchResult>('/orgs/search', { query: { q: text, date, kind: options.kind, limit: options.limit } }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** One unit as of the date; a unit that is missing or outside the caller's scope answers NOT_FOUND. */
export function useUnit(unitId: number | undefined, date: string) {
  return useQuery({
    queryKey: orgKeys.unit(unitId ?? 0, date),
    queryFn: () => api<OrgUnitDetail>(`/orgs/units/${unitId}`, { query: { date } }),
    enabled: unitId !== undefined,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useUnitHistory(unitId: number | undefined) {
  return useQuery({ queryKey: orgKeys.history(unitId ?? 0), queryFn: () => api<OrgHistory>(`/orgs/units/${unitId}/history`), enabled: unitId !== undefined });
}

export function useUnitLineage(unitId: number | undefined) {
  return useQuery({ queryKey: orgKeys.lineage(unitId ?? 0), queryFn: () => api<OrgLineage>(`/orgs/units/${unitId}/lineage`), enabled: unitId !== undefined });
}

export function useUnitCounts(unitId: number | undefined, date: string) {
  return useQuery({
    queryKey: orgKeys.counts(unitId ?? 0, date),
    queryFn: () => api<OrgCounts>(`/orgs/units/${unitId}/counts`, { query: { date } }),
    enabled: unitId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useUnitChanges(unitId: number | undefined, from: string | null, to: string) {
  return useQuery({
    queryKey: orgKeys.changes(unitId ?? 0, from ?? '', to),
    queryFn: () => api<OrgChanges>(`/orgs/units/${unitId}/changes`, { query: { from, to, limit: 50 } }),
    enabled: unitId !== undefined && !!from && from < to,
  });
}

export function useUnitBatches(unitId: number | undefined, limit = 50) {
  return useQuery({
    queryKey: [...orgKeys.unitBatches(unitId ?? 0), limit],
    queryFn: () => api<BatchList>(`/orgs/units/${unitId}/batches`, { query: { limit } }),
    enabled: unitId !== undefined,
  });
}

export function useBatch(batchId: number | undefined) {
  return useQuery({ queryKey: orgKeys.batch(batchId ?? 0), queryFn: () => api<BatchDetail>(`/orgs/batches/${batchId}`), enabled: batchId !== undefined });
}

/** Runs the restructuring on the server and rolls it back: what would change. */
export function usePreviewRestructure() {
  return useMutation({
    mutationFn: (request: RestructureRequest) => api<RestructureResult>('/orgs/batches/preview', { method: 'POST', body: request }),
  });
}

export function useApplyRestructure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RestructureRequest) => api<RestructureResult>('/orgs/batches', { method: 'POST', body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export function usePreviewUndo() {
  return useMutation({
    mutationFn: ({ batchId, ...body }: UndoRequest & { batchId: number }) => api<RestructureResult>(`/orgs/batches/${batchId}/undo/preview`, { method: 'POST', body }),
    meta: { silent: true }, // the undo modal shows the refusal itself, with the batch that blocks it
  });
}

export function useUndoBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId, ...body }: UndoRequest & { batchId: number }) => api<RestructureResult>(`/orgs/batches/${batchId}/undo`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
    meta: { silent: true },
  });
}
