/** Transfers of party activity: query keys and hooks over `/api/transfers` (shapes from `src/contracts/members.ts`). */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Transfer, TransferAcceptRequest, TransferCloseRequest, TransferIssueRequest, TransferPresentRequest, TransferStatus,
  transferListResponseSchema,
} from '../../../../src/contracts/members.ts';
import { TRANSFER_DESTINATION_QUERY_MIN, type TransferDestinationList } from '../../../../src/contracts/transfer-destinations.ts';
import { api, apiDownload, saveBlob } from '../../lib/api.ts';
import { memberKeys } from '../members/api.ts';

type TransferList = z.infer<typeof transferListResponseSchema>;

export interface TransferFilters {
  direction: 'incoming' | 'outgoing' | 'all';
  status?: TransferStatus[];
  late?: boolean;
}

export const transferKeys = {
  all: ['transfers'] as const,
  list: (filters: TransferFilters) => [...transferKeys.all, 'list', filters] as const,
  destinations: (q: string, limit: number) => [...transferKeys.all, 'destinations', q, limit] as const,
};

/** Units anywhere in the country a member can be sent to; asks only once the text is long enough. */
export function useTransferDestinations(q: string, limit = 20) {
  const text = q.trim();
  return useQuery({
    queryKey: transferKeys.destinations(text, limit),
    queryFn: () => api<TransferDestinationList>('/transfers/destinations', { query: { q: text, limit } }),
    enabled: text.length >= TRANSFER_DESTINATION_QUERY_MIN,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useTransferList(filters: TransferFilters) {
  return useInfiniteQuery({
    queryKey: transferKeys.list(filters),
    queryFn: ({ pageParam }) => api<TransferList>('/transfers', {
      query: {
        direction: filters.direction,
        status: filters.status && filters.status.length > 0 ? filters.status.join(',') : undefined,
        late: filters.late === undefined ? undefined : String(filters.late),
        limit: 50,
        after: pageParam ?? undefined,
      },
    }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

function useTransferMutation<Input>(send: (input: Input) => Promise<Transfer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: transferKeys.all });
      await queryClient.invalidateQueries({ queryKey: memberKeys.all });
    },
    // The form that sent it shows the server's refusal.
    meta: { silent: true },
  });
}

export function useIssueTransfer() {
  return useTransferMutation((input: TransferIssueRequest) => api<Transfer>('/transfers', { method: 'POST', body: input }));
}

export function useAcceptTransfer() {
  return useTransferMutation(({ id, ...body }: TransferAcceptRequest & { id: number }) => api<Transfer>(`/transfers/${id}/accept`, { method: 'POST', body }));
}

export function usePresentTransfer() {
  return useTransferMutation(({ id, ...body }: TransferPresentRequest & { id: number }) => api<Transfer>(`/transfers/${id}/present`, { method: 'POST', body }));
}

/** Return (receiving side), cancel (sending side) or end a temporary transfer (either side). */
export function useCloseTransfer() {
  return useTransferMutation(({ id, action, ...body }: TransferCloseRequest & { id: number; action: 'return' | 'cancel' | 'end' }) =>
    api<Transfer>(`/transfers/${id}/${action}`, { method: 'POST', body }));
}

/** Downloads the transfer introduction letter (giấy giới thiệu sinh hoạt đảng), a printable PDF built by the server. */
export async function printTransferLetter(transferId: number) {
  const { blob, filename } = await apiDownload(`/transfers/${transferId}/letter`);
  saveBlob(blob, filename ?? `giay-gioi-thieu-${transferId}.pdf`);
}
