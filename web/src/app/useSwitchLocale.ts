import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, type Locale } from '../lib/api.ts';
import { useI18n } from '../i18n/index.tsx';
import { authKeys, type Me } from '../features/auth/api.ts';

/**
 * Switches the language at once (kept in the browser) and records it on the account, so server messages and the
 * next sign-in elsewhere follow it. Queries are refetched: their server messages and labels are in the old language.
 */
export function useSwitchLocale() {
  const { setLocale } = useI18n();
  const queryClient = useQueryClient();
  return useCallback((locale: Locale) => {
    setLocale(locale);
    const me = queryClient.getQueryData<Me | null>(authKeys.me());
    if (me) {
      queryClient.setQueryData(authKeys.me(), (current: Me | null | undefined) => (current ? { ...current, locale } : current));
      void api<Me>('/auth/me', { method: 'PATCH', body: { locale } }).catch(() => undefined);
    }
    // Server messages and labels in cached answers are in the old language.
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
  }, [queryClient, setLocale]);
}
