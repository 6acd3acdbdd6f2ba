/** Which menu entry a page belongs to: pure, so the rule is tested without a browser. */

export interface MatchableEntry {
  path: string;
  /** Paths whose pages below also select this entry. */
  alsoSelectedUnder?: string[];
}

/** How closely an entry matches the page: the length of its path the page lies at or under (0: not at all). */
function matchOn(entry: MatchableEntry, pathname: string): number {
  return Math.max(0, ...[entry.path, ...(entry.alsoSelectedUnder ?? [])]
    .filter((path) => pathname === path || pathname.startsWith(`${path}/`)).map((path) => path.length));
}

/** The entry of the page: the one whose path matches it longest (/admissions/courses/7 is the courses', not the admissions'). */
export function selectedEntry<E extends MatchableEntry>(entries: readonly E[], pathname: string): E | undefined {
  let best: E | undefined;
  let bestLength = 0;
  for (const entry of entries) {
    const length = matchOn(entry, pathname);
    if (length > bestLength) [best, bestLength] = [entry, length];
  }
  return best;
}
