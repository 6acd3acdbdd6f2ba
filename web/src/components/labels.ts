/** Labels of the shared vocabulary (kinds, levels, sectors) in the current language. */
import { useCallback } from 'react';
import { ORG_KINDS, ORG_LEVEL_LABELS, ORG_SECTORS } from '../../../src/contracts/org-kinds.ts';
import { ROLE_LABELS } from '../../../src/contracts/permissions.ts';
import { useI18n } from '../i18n/index.tsx';

type Bilingual = { vi: string; en: string };

export function useVocabulary() {
  const { locale } = useI18n();
  const pick = useCallback((table: Record<string, Bilingual>, key: string | null | undefined) => (key ? table[key]?.[locale] ?? key : ''), [locale]);
  return {
    kind: useCallback((kind: string | null | undefined) => pick(ORG_KINDS, kind), [pick]),
    level: useCallback((level: string | null | undefined) => pick(ORG_LEVEL_LABELS, level), [pick]),
    sector: useCallback((sector: string | null | undefined) => pick(ORG_SECTORS, sector), [pick]),
    role: useCallback((role: string | null | undefined) => pick(ROLE_LABELS, role), [pick]),
  };
}

/** Colours of kind tags by level, so the tree reads at a glance. */
export const LEVEL_COLORS: Record<string, string> = {
  central: 'red',
  provincial: 'volcano',
  superior: 'orange',
  grassroots: 'blue',
  sub_grassroots: 'geekblue',
  cell: 'green',
  group: 'cyan',
};
