/**
 * Vietnamese text helpers kept portable (no collation or extension needed): a folded form for search that ignores
 * diacritics and case, and a sort key that orders names the Vietnamese way.
 */

/** "Nguyễn Văn Ân" -> "nguyen van an". đ/Đ are letters of their own in Unicode, so they are mapped by hand. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; then tones
// (none, grave, hook, tilde, acute, dot below).
const BASE_ORDER = 'aăâbcdđeêghiklmnoôơpqrstuưvxy';
const TONE_ORDER = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

function letterKey(char: string): string {
  const decomposed = char.normalize('NFD');
  const tone = [...decomposed].find((mark) => TONE_ORDER.includes(mark) && mark !== '') ?? '';
  const withoutTone = [...decomposed].filter((mark) => !TONE_ORDER.includes(mark) || mark === '').join('').normalize('NFC');
  const index = BASE_ORDER.indexOf(withoutTone);
  const base = index >= 0 ? String.fromCharCode(0x41 + index) : withoutTone;
  return base + String(TONE_ORDER.indexOf(tone));
}

/** A key in which byte order is Vietnamese alphabetical order, for one word. */
export function vietnameseWordKey(word: string): string {
  const letters = [...word.toLowerCase().normalize('NFC')];
  return letters.map((char) => letterKey(char)[0]).join('') + '!' + letters.map((char) => letterKey(char).slice(1)).join('');
}

/**
 * Sort key for a person's full name: given name first, then middle names, then family name
 * ("Nguyễn Văn An" sorts under "An"), each word in Vietnamese alphabetical order.
 */
export function vietnameseNameSortKey(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const given = words[words.length - 1];
  const ordered = [given, ...words.slice(1, -1), words[0]].slice(0, words.length);
  return ordered.map(vietnameseWordKey).join(' ');
}

/** Above every character of a sort key: the end of a range of keys that begin with a given prefix. */
const KEY_END = '\u{10FFFF}';

/** For a folded letter, the sort-key letters of the Vietnamese letters that fold to it ("a" → a, ă, â). */
const KEY_LETTERS_OF_FOLDED: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const letter of BASE_ORDER) {
    const folded = foldText(letter);
    map.set(folded, [...(map.get(folded) ?? []), letterKey(letter)[0]]);
  }
  return map;
})();

/**
 * The ranges of name sort keys (`vietnameseNameSortKey`, byte order) holding every name whose given name, folded,
 * begins with `foldedPrefix` ("an" → the keys beginning with the letters of a/ă/â + n): one range per way of spelling
 * the prefix with Vietnamese letters, and, at each position, one range for a letter from outside the Vietnamese
 * alphabet ("ü" folds to "u" but keeps a key of its own, above every ASCII key letter). The ranges hold more than the
 * matches (the other letters outside the alphabet): the caller tests the folded name too. Within a range keys are in
 * name order, so a search reads each range from its start and stops at a page. Null when the prefix has more
 * spellings than `maxRanges` ranges can hold.
 */
export function givenNameKeyRanges(foldedPrefix: string, maxRanges: number): { from: string; to: string }[] | null {
  const letters = [...foldedPrefix];
  const ranges: { from: string; to: string }[] = [];
  const spell = (position: number, prefix: string): boolean => {
    if (ranges.length > maxRanges) return false;
    if (position === letters.length) {
      ranges.push({ from: prefix, to: prefix + KEY_END });
      return true;
    }
    ranges.push({ from: `${prefix}\u0080`, to: prefix + KEY_END });
    const keyLetters = KEY_LETTERS_OF_FOLDED.get(letters[position]) ?? [letterKey(letters[position])[0]];
    return keyLetters.every((keyLetter) => spell(position + 1, prefix + keyLetter));
  };
  return spell(0, '') && ranges.length <= maxRanges ? ranges : null;
}
