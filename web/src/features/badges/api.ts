/** Party badges over `/api/badges` (shapes from `src/contracts/member-import.ts`): who is due, and recording awards. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BadgeAwardRequest, badgeAwardResponseSchema, badgeDueResponseSchema } from '../../../../src/contracts/member-import.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';

type BadgeDue = z.infer<typeof badgeDueResponseSchema>;
type BadgeAwardResponse = z.infer<typeof badgeAwardResponseSchema>;

export const badgeKeys = {
  all: ['badges'] as const,
  due: (presentationDate: string, unitId: number | undefined) => [...badgeKeys.all, 'due', presentationDate, unitId ?? null] as const,
};

/** Every row of the day's list, page after page (a province lists more than any one page holds). */
async function wholeList(presentationDate: string, unitId: number | undefined): Promise<BadgeDue> {
  const first = await api<BadgeDue>('/badges/due', { query: { presentationDate, unitId, limit: 2000 } });
  const items = [...first.items];
  for (let after = first.nextCursor; after;) {
    const next: BadgeDue = await api<BadgeDue>('/badges/due', { query: { presentationDate, unitId, limit: 2000, after } });
    items.push(...next.items);
    after = next.nextCursor;
  }
  return { ...first, items, nextCursor: null };
}

/** Downloads the day's whole list as .xlsx or as a printable PDF. */
export async function exportBadgeList(presentationDate: string, unitId: number | undefined, format: 'xlsx' | 'pdf') {
  const query = new URLSearchParams({ presentationDate, format });
  if (unitId !== undefined) query.set('unitId', String(unitId));
  const { blob, filename } = await apiDownload(`/badges/due/export?${query}`);
  saveBlob(blob, filename ?? `huy-hieu-dang-${presentationDate}.${format}`);
}

export function useBadgesDue(presentationDate: string, unitId: number | undefined) {
  return useQuery({
    queryKey: badgeKeys.due(presentationDate, unitId),
    queryFn: () => wholeList(presentationDate, unitId),
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
