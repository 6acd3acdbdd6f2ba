/** Query client, antd theme and language, and the error notifier. */
import { useEffect, useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { ApiError } from '../lib/api.ts';
import { useReducedMotion } from '../lib/use-reduced-motion.ts';
import { I18nProvider, storedLocale, useI18n } from '../i18n/index.tsx';
import { CATALOGS } from '../i18n/catalogs.ts';
import { authKeys, useMe } from '../features/auth/api.ts';
import { bindNotifier, notifyError } from './notify.ts';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401) {
          client.setQueryData(authKeys.me(), null);
          return;
        }
        if (!query.meta?.silent) notifyError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (error instanceof ApiError && error.status === 401) {
          client.setQueryData(authKeys.me(), null);
          return;
        }
        if (!mutation.meta?.silent) notifyError(error);
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
  return client;
}

function NotifierBinding() {
  const { notification } = AntApp.useApp();
  const { t } = useI18n();
  useEffect(() => {
    bindNotifier(notification, (code) => t('error.code', { code }));
    return () => bindNotifier(null);
  }, [notification, t]);
  return null;
}

/** A browser that never chose a language takes the account's. */
function AccountLocale() {
  const me = useMe().data;
  const { locale, setLocale } = useI18n();
  useEffect(() => {
    if (me && storedLocale() === null && me.locale !== locale) setLocale(me.locale, false);
  }, [me, locale, setLocale]);
  return null;
}

function ThemedApp({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  // A reader who asks for reduced motion gets none: dialogs, lists and drawers open and close at once.
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider
      locale={locale === 'vi' ? viVN : enUS}
      theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 6, motion: !reducedMotion, fontFamily: "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif" } }}
    >
      <AntApp>
        <NotifierBinding />
        <AccountLocale />
        {children}
      </AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <I18nProvider catalogs={CATALOGS}>
        <ThemedApp>{children}</ThemedApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
