import { useCallback } from 'react';
import { useI18n } from './index.tsx';

/**
 * A label for a code sent by the server (an operation, a change, a link kind): `prefix.code` from the catalog when
 * it is there, else the code itself, so a new code on the server still shows something readable.
 */
export function useCodeLabel(prefix: string) {
  const { t, has } = useI18n();
  return useCallback((code: string | null | undefined) => {
    if (!code) return '';
    const key = `${prefix}.${code}`;
    return has(key) ? t(key) : code;
  }, [prefix, t, has]);
}
