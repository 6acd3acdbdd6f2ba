/** Sign-in, the signed-in account ("me"), sign-out, password change and the account's language. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../lib/api.ts';
import type { Locale } from '../../lib/api.ts';

export interface MeGrant {
  id: number;
  role: string;
  unitId: number;
  unitName: string;
  validFrom: string;
  validTo: string | null;
  isDelegation: boolean;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  locale: Locale;
  memberId: number | null;
  csrfToken: string;
  abilities: string[];
  grants: MeGrant[];
  /** Signed in with a one-time password: only the password change answers until it is changed. */
  mustChangePassword: boolean;
}

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in account, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: async () => {
      try {
        const me = await api<Me>('/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      api<{ csrfToken: string; mustChangePassword: boolean }>('/auth/login', { method: 'POST', body: input }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      await queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
    meta: { silent: true },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(authKeys.me(), null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<{ ok: true }>('/auth/password', { method: 'POST', body: input }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
    meta: { silent: true },
  });
}
