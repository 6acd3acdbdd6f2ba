/** The home page: query keys and hooks over `/api/home`, and a cell's first members through the members list API. */
import { useQuery } from '@tanstack/react-query';
import type { Home, WorkItemList } from '../../../../src/contracts/home.ts';
import type { MemberListResponse } from '../../../../src/contracts/members.ts';
import { api } from '../../lib/api.ts';

export const homeKeys = {
  all: ['home'] as const,
  home: () => [...homeKeys.all, 'home'] as const,
  item: (key: string) => [...homeKeys.all, 'item', key] as const,
  cellMembers: (unitId: number, limit: number) => [...homeKeys.all, 'cell-members', unitId, limit] as const,
};

export function useHome() {
  return useQuery({ queryKey: homeKeys.home(), queryFn: ({ signal }) => api<Home>('/home', { signal }) });
}

/** One work item's count, asked on its own: a slow count does not hold the other cards. */
export function useWorkItem(key: string) {
  return useQuery({
    queryKey: homeKeys.item(key),
    queryFn: async ({ signal }) => (await api<WorkItemList>('/home/items', { query: { keys: key }, signal })).items[0] ?? null,
  });
}

/** The first members of a unit, in the list's order (Vietnamese name order). */
export function useCellMembers(unitId: number, limit: number) {
  return useQuery({
    queryKey: homeKeys.cellMembers(unitId, limit),
    queryFn: ({ signal }) => api<MemberListResponse>('/members', { query: { unitId, limit }, signal }),
  });
}
