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

/**
 * A letter's key in two parts: its base (one code unit for an alphabet letter, the letter itself otherwise) and its
 * tone digit. Kept apart so that a letter outside the Basic Multilingual Plane ("𠀀", an emoji: two code units) is
 * never cut between its surrogates, which would leave a lone surrogate that PostgreSQL refuses in json.
 */
function letterKey(char: string): { base: string; tone: string } {
  const decomposed = char.normalize('NFD');
  const tone = [...decomposed].find((mark) => TONE_ORDER.includes(mark) && mark !== '') ?? '';
  const withoutTone = [...decomposed].filter((mark) => !TONE_ORDER.includes(mark) || mark === '').join('').normalize('NFC');
  const index = BASE_ORDER.indexOf(withoutTone);
  const base = index >= 0 ? String.fromCharCode(0x41 + index) : withoutTone;
  return { base, tone: String(TONE_ORDER.indexOf(tone)) };
}

/** A key in which byte order is Vietnamese alphabetical order, for one word. */
export function vietnameseWordKey(word: string): string {
  const letters = [...word.toLowerCase().normalize('NFC')].map(letterKey);
  return letters.map((letter) => letter.base).join('') + '!' + letters.map((letter) => letter.tone).join('');
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
    map.set(folded, [...(map.get(folded) ?? []), letterKey(letter).base]);
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
    const keyLetters = KEY_LETTERS_OF_FOLDED.get(letters[position]) ?? [letterKey(letters[position]).base];
    return keyLetters.every((keyLetter) => spell(position + 1, prefix + keyLetter));
  };
  return spell(0, '') && ranges.length <= maxRanges ? ranges : null;
}

/**
 * At most `maxLength` UTF-16 units of `value`, never ending between the two halves of a character outside the Basic
 * Multilingual Plane (a cut there leaves a lone surrogate, which json refuses and encodeURIComponent throws on).
 */
export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const last = value.charCodeAt(maxLength - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength);
}

/** A lone surrogate: with the `u` flag a well-formed pair is one code point, so only a broken half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** A value still to look at in `findUnstorableText`, with where it sits: its key and the entry holding it. */
interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

function isUnstorable(text: string): boolean {
  return text.includes('\0') || LONE_SURROGATE.test(text);
}

/**
 * The path of the first string in `value` (keys included) that PostgreSQL cannot store: one holding a NUL character
 * (refused in text and json) or a lone surrogate (not Unicode; refused in json). Null when every string is sound.
 * Characters outside the Basic Multilingual Plane, written as a pair, are sound. Walks objects and arrays, not bytes,
 * with a stack of its own rather than recursion: a body nested some thousands deep (a few kB of '[') must not
 * exhaust the call stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: Visit[] = [{ value, key: '', parent: null }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (isUnstorable(current)) return pathOf(visit);
    } else if (Array.isArray(current)) {
      // Pushed last first, so that the first unstorable string found is the first in document order.
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push({ value: current[index], key: String(index), parent: visit });
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current) && typeof (current as { pipe?: unknown }).pipe !== 'function') {
      // Parsed query strings have a prototype of their own; uploads (buffers, streams) hold bytes, not text.
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, entry] = entries[index];
        const child: Visit = { value: entry, key, parent: visit };
        // A key is looked at before its value, as a string of its own at the same path.
        stack.push(child, { value: key, key, parent: visit });
      }
    }
  }
  return null;
}
