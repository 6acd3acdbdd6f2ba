/** Local option filtering that ignores diacritics and case, like the server's search ("truc thuoc" finds "trực thuộc"). */
import { foldText } from '../../../src/lib/text.ts';

export function matchesFolded(input: string, option?: { label?: unknown }): boolean {
  return foldText(String(option?.label ?? '')).includes(foldText(input));
}

/** `showSearch` for antd Selects whose options are all loaded. */
export const foldedSearch = { filterOption: matchesFolded } as const;
