import { useMemo } from 'react';
import { ROLES } from '../../../../src/contracts/permissions.ts';
import { useVocabulary } from '../../components/labels.ts';

/** The roles one may grant, labelled in the current language (the server decides who may give which). */
export function useRoleOptions() {
  const vocabulary = useVocabulary();
  return useMemo(() => ROLES.map((role) => ({ value: role, label: vocabulary.role(role) })), [vocabulary]);
}
