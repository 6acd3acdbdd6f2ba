/** The review and classification: query keys and hooks over `/api/reviews` (shapes from `src/contracts/reviews.ts`). */
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  MemberResultsRequest, OrganizationResultsRequest, ResultCorrectionRequest, ReviewBatchResponse, ReviewList, ReviewResult, ReviewSubject,
} from '../../../../src/contracts/reviews.ts';
import { api } from '../../lib/api.ts';
import { statisticsKeys } from '../statistics/api.ts';

export const reviewKeys = {
  all: ['reviews'] as const,
  list: (unitId: number | undefined, year: number, subject: ReviewSubject) => [...reviewKeys.all, 'list', unitId, year, subject] as const,
};

export function useReviewList(unitId: number | undefined, year: number, subject: ReviewSubject) {
  return useInfiniteQuery({
    queryKey: reviewKeys.list(unitId, year, subject),
    queryFn: ({ pageParam, signal }) => api<ReviewList>('/reviews', { query: { unitId, year, subject, limit: 100, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled: unitId !== undefined,
  });
}

function useReviewMutation<I, O>(send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    // The figures and the targets' actuals count the results too.
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: reviewKeys.all }); await queryClient.invalidateQueries({ queryKey: statisticsKeys.all }); },
    // The form that sent it shows the server's refusal.
    meta: { silent: true },
  });
}

export type BatchInput = { subject: 'member'; body: MemberResultsRequest } | { subject: 'organization'; body: OrganizationResultsRequest };

export function useRecordResults() {
  return useReviewMutation((input: BatchInput) => api<ReviewBatchResponse>(input.subject === 'member' ? '/reviews/members' : '/reviews/organizations', { method: 'POST', body: input.body }));
}

export function useCorrectResult() {
  return useReviewMutation(({ id, body }: { id: number; body: ResultCorrectionRequest }) => api<ReviewResult>(`/reviews/results/${id}/correct`, { method: 'POST', body }));
}
