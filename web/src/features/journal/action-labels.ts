import { useCallback } from 'react';
import { ADMISSION_STEP_LABELS, type AdmissionStep } from '../../../../src/contracts/admissions.ts';
import { MEMBER_EVENT_LABELS, type MemberEventKind } from '../../../../src/contracts/members.ts';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { useI18n } from '../../i18n/index.tsx';

/**
 * A journal action in words: a member's life event ('member.admission') by the registry's own event labels, an
 * admission file's step ('admission.cell_vote') by the pipeline's step labels, any other action by the catalog
 * ('journal.action.org.merge'), else its code.
 */
export function useActionLabel() {
  const { locale } = useI18n();
  const fromCatalog = useCodeLabel('journal.action');
  return useCallback((code: string) => {
    const event = code.startsWith('member.') ? MEMBER_EVENT_LABELS[code.slice('member.'.length) as MemberEventKind] : undefined;
    if (event) return event[locale];
    const step = code.startsWith('admission.') ? ADMISSION_STEP_LABELS[code.slice('admission.'.length) as AdmissionStep] : undefined;
    return step ? step[locale] : fromCatalog(code);
  }, [locale, fromCatalog]);
}

/** An object type in words ('journal.type.member'), else the code. */
export function useObjectTypeLabel() {
  return useCodeLabel('journal.type');
}
