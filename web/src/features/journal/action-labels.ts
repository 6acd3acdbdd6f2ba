import { useCallback } from 'react';
import { MEMBER_EVENT_LABELS, type MemberEventKind } from '../../../../src/contracts/members.ts';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { useI18n } from '../../i18n/index.tsx';

/**
 * A journal action in words: a member's life event ('member.admission') by the registry's own event labels, any
 * other action by the catalog ('journal.action.org.merge'), else its code.
 */
export function useActionLabel() {
  const { locale } = useI18n();
  const fromCatalog = useCodeLabel('journal.action');
  return useCallback((code: string) => {
    const event = code.startsWith('member.') ? MEMBER_EVENT_LABELS[code.slice('member.'.length) as MemberEventKind] : undefined;
    return event ? event[locale] : fromCatalog(code);
  }, [locale, fromCatalog]);
}

/** An object type in words ('journal.type.member'), else the code. */
export function useObjectTypeLabel() {
  return useCodeLabel('journal.type');
}
