/** Labels of the member vocabulary (statuses, events, reference lists) in the current language. */
import { useCallback, useMemo } from 'react';
import {
  MEMBER_EVENT_LABELS, MEMBER_STATUS_LABELS, SEX_LABELS, type MemberEventKind, type MemberStatus,
} from '../../../../src/contracts/members.ts';
import { MEMBER_REFERENCE_LISTS, referenceLabel, type MemberReferenceListName } from '../../../../src/contracts/member-reference.ts';
import { foldText } from '../../../../src/lib/text.ts';
import { useI18n } from '../../i18n/index.tsx';

export const STATUS_COLORS: Record<MemberStatus, string> = {
  probationary: 'gold',
  official: 'green',
  exempted: 'blue',
  removed: 'default',
  expelled: 'red',
  deceased: 'default',
  merged: 'default',
};

export function useMemberLabels() {
  const { locale } = useI18n();
  const status = useCallback((code: MemberStatus | null | undefined) => (code ? MEMBER_STATUS_LABELS[code]?.[locale] ?? code : ''), [locale]);
  const event = useCallback((kind: MemberEventKind | string) => MEMBER_EVENT_LABELS[kind as MemberEventKind]?.[locale] ?? kind, [locale]);
  const sex = useCallback((code: string | null | undefined) => (code ? SEX_LABELS[code as 'male' | 'female']?.[locale] ?? code : ''), [locale]);
  const reference = useCallback((list: MemberReferenceListName, code: string | null | undefined) => referenceLabel(MEMBER_REFERENCE_LISTS[list], code, locale), [locale]);
  const options = useCallback((list: MemberReferenceListName) => MEMBER_REFERENCE_LISTS[list].map((item) => ({ value: item.code, label: item[locale] })), [locale]);
  return useMemo(() => ({ status, event, sex, reference, options }), [status, event, sex, reference, options]);
}

/** A select's search that ignores diacritics and case: typing "thai" finds "Thái". */
export function foldedOptionFilter(input: string, option?: { label?: unknown }): boolean {
  return foldText(String(option?.label ?? '')).includes(foldText(input));
}
