/**
 * Keyset paging: a cursor is the sort key of the last row served, opaque to clients (base64url of a JSON array).
 * One codec for every list; a cursor that does not decode to the expected shape is a VALIDATION_FAILED on its field.
 */
import { AppError } from '../contracts/errors.ts';

type Part = 'string' | 'number';
type Value<P extends Part> = P extends 'string' ? string : number;
type Values<S extends readonly Part[]> = { [K in keyof S]: S[K] extends Part ? Value<S[K]> : never };

/** The longest cursor decoded: a real one is well under this. */
const MAX_CURSOR_LENGTH = 2_000;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor of the given shape, e.g. `decodeCursor(after, ['string', 'number'], 'querystring.after')`.
 * Numbers must be safe integers.
 */
export function decodeCursor<const S extends readonly Part[]>(cursor: string, shape: S, field: string): Values<S> {
  const invalid = () => new AppError('VALIDATION_FAILED', { issues: [{ path: field, message: 'invalid cursor' }] });
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
    if (part === 'string' ? typeof value !== 'string' : !Number.isSafeInteger(value)) throw invalid();
  });
  return parsed as Values<S>;
}
