/**
 * A select's clear button with its name in the user's language: antd's select names it "Clear" whatever the locale
 * (its locale has no entry for it), which a screen reader reads out in English in the Vietnamese app.
 * Use `allowClear={useClearable()}` instead of a bare `allowClear`.
 */
import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function useClearable(): { label: string } {
  const { t } = useI18n();
  return useMemo(() => ({ label: t('common.clear') }), [t]);
}
