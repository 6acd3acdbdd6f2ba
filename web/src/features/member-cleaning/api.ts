/** The data-cleaning worklist over `/api/member-cleaning` (shapes from `src/contracts/member-import.ts`). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CleaningFixRequest, CleaningFixResult, CleaningIssue, CleaningIssueKind, CleaningResolveRequest, cleaningListResponseSchema,
} from '../../../../src/contracts/member-import.ts';
import type { CommandResult, MergeRequest } from '../../../../src/contracts/members.ts';
import { api } from '../../lib/api.ts';

type CleaningList = z.infer<typeof cleaningListResponseSchema>;

export interface CleaningFilters {
  unitId?: number;
  kind?: CleaningIssueKind;
  state: 'open' | 'resolved' | 'all';
  offset: number;
  limit: number;
}

export const cleaningKeys = {
  all: ['member-cleaning'] as const,
  list: (filters: CleaningFilters) => [...cleaningKeys.all, 'list', filters] as const,
};

export function useCleaningIssues(filters: CleaningFilters) {
  return useQuery({
    queryKey: cleaningKeys.list(filters),
    queryFn: () => api<CleaningList>('/member-cleaning/issues', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export function useResolveIssue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CleaningResolveRequest) => api<CleaningIssue>('/member-cleaning/resolutions', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cleaningKeys.all }),
    meta: { silent: true },
  });
}

/** The one-click fix of an issue that has one (members in a unit that is not a cell): the worklist and the registry refresh. */
export function useFixIssue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CleaningFixRequest) => api<CleaningFixResult>('/member-cleaning/fixes', { method: 'POST', body: input }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cleaningKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['members'] });
    },
    meta: { silent: true },
  });
}

/** Merges a duplicate record into the one that carries on (POST /api/members/:id/merge): the worklist and the registry refresh. */
export function useMergeMembers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ keepId, body }: { keepId: number; body: MergeRequest }) => api<CommandResult>(`/members/${keepId}/merge`, { method: 'POST', body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cleaningKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['members'] });
    },
    meta: { silent: true },
  });
}
