/**
 * Keyset paging: a cursor is the sort key of the last row served, opaque to clients (base64url of a JSON array).
 * One codec for every list; a cursor that does not decode to the expected shape is a VALIDATION_FAILED on its field.
 */
import { AppError } from '../contracts/errors.ts';
import { INVALID_CURSOR_TEXT, type LocalizedText } from '../contracts/validation.ts';
import { isIsoDate } from '../lib/dates.ts';
import { findUnstorableText } from '../lib/text.ts';

type Part = 'string' | 'number';
type Value<P extends Part> = P extends 'string' ? string : number;
type Values<S extends readonly Part[]> = { [K in keyof S]: S[K] extends Part ? Value<S[K]> : never };

/** The longest cursor decoded: a real one is well under this. */
const MAX_CURSOR_LENGTH = 2_000;

const INVALID_CURSOR: LocalizedText = INVALID_CURSOR_TEXT;

/** The form of a date key: the lists paged by a date (decisions, courses, submissions) hold their date as a string. */
const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A string part the database can take as a key. The cursor's JSON hides its strings from the request's own text
 * check, so they are checked here: text PostgreSQL cannot store (NUL, a lone surrogate), or a string in a date's form
 * that is no date ('2024-02-31', year 0000), would fail in the query as a 500. The lists paged by a date decode it as
 * a string part, so the date is judged by its form. Of the others' keys, sort keys never have that form; a folded
 * unit name could, were a unit named '2024-02-31', and its children's paging would then stop before it.
 */
function isStorableKey(value: string): boolean {
  return findUnstorableText(value) === null && (!DATE_FORM.test(value) || isIsoDate(value));
}

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor of the given shape, e.g. `decodeCursor(after, ['string', 'number'], 'querystring.after')`.
 * Numbers must be safe integers; strings keys the database can take (`isStorableKey`).
 */
export function decodeCursor<const S extends readonly Part[]>(cursor: string, shape: S, field: string): Values<S> {
  const invalid = () => new AppError('VALIDATION_FAILED', { issues: [{ path: field, message: INVALID_CURSOR }] });
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) throw invalid();
  shape.forEach((part, index) => {
    const value = parsed[index];
    if (part === 'string' ? typeof value !== 'string' || !isStorableKey(value) : !Number.isSafeInteger(value)) throw invalid();
  });
  return parsed as Values<S>;
}
