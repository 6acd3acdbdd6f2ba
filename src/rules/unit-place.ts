/**
 * Where a unit is, as people tell units apart (issue 10, item 4): the unit's name followed by the names of the units
 * above it, nearest first, up to the first committee above the grassroots (commune/ward, district or bloc) or the
 * province, never the centre. Shared by the server (`unitPlaces` in the kernel reads the tree for it) and the web.
 */
import { levelOfKind } from '../contracts/org-kinds.ts';

/** The separator between a unit and the units above it, on screen, in letters and in exports. */
export const PLACE_SEPARATOR = ' · ';

/** At most this many units above are named (cell · grassroots · commune). */
const MAX_ABOVE = 3;

/** Picks, from the ancestors nearest first, those that name the place (pure: shared by the SQL reader and tests). */
export function placeAbove(ancestors: readonly { name: string; kind: string }[]): string[] {
  const above: string[] = [];
  for (const ancestor of ancestors) {
    const level = levelOfKind(ancestor.kind);
    if (level === 'central') break;
    above.push(ancestor.name);
    if (level === 'superior' || level === 'provincial' || above.length === MAX_ABOVE) break;
  }
  return above;
}

export function placeLabel(name: string, above: readonly string[]): string {
  return [name, ...above].join(PLACE_SEPARATOR);
}

