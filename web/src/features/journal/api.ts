/** The journal: every change, newest first, filtered by unit (and its subtree), object, action or dates. */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { JournalPage } from '../../../../src/contracts/decisions.ts';
import { api } from '../../lib/api.ts';

export interface JournalFilters {
  unitId?: number | null;
  objectType?: string | null;
  objectId?: string | null;
  action?: string | null;
  from?: string | null;
  to?: string | null;
  accountId?: number | null;
}

export const journalKeys = {
  all: ['journal'] as const,
  list: (filters: JournalFilters) => [...journalKeys.all, 'list', filters] as const,
};

export function useJournal(filters: JournalFilters, options: { enabled?: boolean; limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: [...journalKeys.list(filters), options.limit ?? 50],
    queryFn: ({ pageParam }) => api<JournalPage>('/journal', { query: { ...filters, limit: options.limit ?? 50, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}
