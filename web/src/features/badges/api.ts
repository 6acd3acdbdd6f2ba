/** Party badges over `/api/badges` (shapes from `src/contracts/member-import.ts`): who is due, and recording awards. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BadgeAwardRequest, badgeAwardResponseSchema, badgeDueResponseSchema } from '../../../../src/contracts/member-import.ts';
import { api } from '../../lib/api.ts';

type BadgeDue = z.infer<typeof badgeDueResponseSchema>;
type BadgeAwardResponse = z.infer<typeof badgeAwardResponseSchema>;

export const badgeKeys = {
  all: ['badges'] as const,
  due: (presentationDate: string, unitId: number | undefined) => [...badgeKeys.all, 'due', presentationDate, unitId ?? null] as const,
};

export function useBadgesDue(presentationDate: string, unitId: number | undefined) {
  return useQuery({
    queryKey: badgeKeys.due(presentationDate, unitId),
    queryFn: () => api<BadgeDue>('/badges/due', { query: { presentationDate, unitId, limit: 5000 } }),
    placeholderData: keepPreviousData,
  });
}

export function useAwardBadges() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BadgeAwardRequest) => api<BadgeAwardResponse>('/badges/awards', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: badgeKeys.all }),
    meta: { silent: true },
  });
}
