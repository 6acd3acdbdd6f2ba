import { useCallback } from 'react';
import { useI18n, type MessageKey } from './index.tsx';
import { vi } from './vi.ts';

/**
 * A label for a code sent by the server (an operation, a change, a link kind): `prefix.code` from the catalog when
 * it is there, else the code itself, so a new code on the server still shows something readable.
 */
export function useCodeLabel(prefix: string) {
  const { t } = useI18n();
  return useCallback((code: string | null | undefined) => {
    if (!code) return '';
    const key = `${prefix}.${code}`;
    return key in vi ? t(key as MessageKey) : code;
  }, [prefix, t]);
}
