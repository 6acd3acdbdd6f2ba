import { useCodeLabel } from '../../i18n/dynamic.ts';

/** A journal action in words when the catalog knows it ('journal.action.org.merge'), else its code. */
export function useActionLabel() {
  return useCodeLabel('journal.action');
}
