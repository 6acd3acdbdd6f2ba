/** Accounts, grants (a role on a unit's subtree for a period) and acting grants; shapes from `src/contracts/accounts.ts`. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AccountDetail, GrantView, accountListSchema, createAccountBodySchema, createdAccountSchema, createGrantBodySchema,
  delegateGrantBodySchema, resetPasswordResultSchema,
} from '../../../../src/contracts/accounts.ts';
import { api } from '../../lib/api.ts';
import { authKeys } from '../auth/api.ts';

export type AccountList = z.infer<typeof accountListSchema>;
export type AccountListItem = AccountList['items'][number];
export type CreateAccountBody = z.infer<typeof createAccountBodySchema>;
export type CreatedAccount = z.infer<typeof createdAccountSchema>;
export type CreateGrantBody = z.infer<typeof createGrantBodySchema>;
export type DelegateGrantBody = z.infer<typeof delegateGrantBodySchema>;
export type ResetPasswordResult = z.infer<typeof resetPasswordResultSchema>;
export type { AccountDetail, GrantView };

export interface AccountFilters {
  q?: string;
  unitId?: number | null;
  page: number;
  pageSize: number;
}

export const accountKeys = {
  all: ['accounts'] as const,
  list: (filters: AccountFilters) => [...accountKeys.all, 'list', filters] as const,
  detail: (id: number) => [...accountKeys.all, 'detail', id] as const,
  grants: (accountId: number, includeInactive: boolean) => [...accountKeys.all, 'grants', accountId, includeInactive] as const,
  delegations: () => [...accountKeys.all, 'delegations'] as const,
};

export function useAccountList(filters: AccountFilters) {
  return useQuery({
    queryKey: accountKeys.list(filters),
    queryFn: () => api<AccountList>('/accounts', { query: { q: filters.q?.trim() || undefined, unitId: filters.unitId, page: filters.page, pageSize: filters.pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: number | undefined) {
  return useQuery({
    queryKey: accountKeys.detail(id ?? 0),
    queryFn: () => api<AccountDetail>(`/accounts/${id}`),
    enabled: id !== undefined,
    meta: { silent: true },
  });
}

/** Every grant of an account inside the caller's subtrees, past ones included when asked. */
export function useAccountGrants(accountId: number | undefined, includeInactive: boolean) {
  return useQuery({
    queryKey: accountKeys.grants(accountId ?? 0, includeInactive),
    queryFn: () => api<{ items: GrantView[]; total: number }>('/grants', { query: { accountId, includeInactive: String(includeInactive), pageSize: 200 } }),
    enabled: accountId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDelegations() {
  return useQuery({ queryKey: accountKeys.delegations(), queryFn: () => api<{ given: GrantView[]; received: GrantView[] }>('/grants/delegations') });
}

function useInvalidateAccounts() {
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: accountKeys.all }),
    queryClient.invalidateQueries({ queryKey: authKeys.me() }),
  ]);
}

export function useCreateAccount() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: (body: CreateAccountBody) => api<CreatedAccount>('/accounts', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateAccount() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; expectedRowVersion: number; displayName?: string; locale?: 'vi' | 'en' }) =>
      api<AccountDetail>(`/accounts/${id}`, { method: 'PATCH', body }),
    onSuccess: () => invalidate(),
  });
}

export function useSetAccountDisabled() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ id, disabled, ...body }: { id: number; disabled: boolean; expectedRowVersion: number; reason?: string }) =>
      api<AccountDetail>(`/accounts/${id}/${disabled ? 'disable' : 'enable'}`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; expectedRowVersion: number; reason?: string }) =>
      api<ResetPasswordResult>(`/accounts/${id}/reset-password`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useCreateGrant() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: (body: CreateGrantBody) => api<GrantView>('/grants', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useRevokeGrant() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason?: string }) => api<GrantView>(`/grants/${id}/revoke`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: () => invalidate(),
  });
}

export function useDelegateGrant() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ sourceGrantId, ...body }: DelegateGrantBody & { sourceGrantId: number }) =>
      api<GrantView>(`/grants/${sourceGrantId}/delegate`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useEndDelegation() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason?: string }) => api<GrantView>(`/grants/${id}/end-delegation`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: () => invalidate(),
  });
}
