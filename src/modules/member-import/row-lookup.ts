/**
 * Which column of an import file a lookup key names (issue 11, "an import row found by a key column of the file"):
 * an integrator finds the row of a citizen ID, a party card number or its own external id column without paging
 * through the whole file. Pure: the job's headers and mapping in, a column out.
 */
import { AppError } from '../../contracts/errors.ts';
import { IMPORT_FIELDS, type ImportMapping } from '../../contracts/member-import.ts';
import { referenceKey } from '../../contracts/member-reference.ts';

export interface LookupColumn {
  index: number;
  header: string;
  /** The field mapped to the column (the confirmed mapping, else the proposed one), if any. */
  field: string | null;
}

/**
 * Resolves `key` in this order: a header exactly as written; `#n` (the n-th column, as unnamed headers are shown);
 * a field's key or label (the column mapped to it); a header ignoring case, diacritics and punctuation. The first
 * column wins where two headers read the same. An unknown key, or a field no column is mapped to, is
 * IMPORT_LOOKUP_KEY_UNKNOWN with the headers the file has.
 */
export function resolveLookupColumn(headers: readonly { index: number; text: string }[], mapping: ImportMapping | null, key: string): LookupColumn {
  const fieldOf = (index: number): string | null => {
    if (!mapping) return null;
    for (const [field, column] of Object.entries(mapping)) if (column === index) return field;
    return null;
  };
  const headerText = (index: number) => headers.find((header) => header.index === index)?.text || `#${index + 1}`;
  const trimmed = key.trim();
  const exact = headers.find((header) => header.text.trim() === trimmed);
  if (exact) return { index: exact.index, header: headerText(exact.index), field: fieldOf(exact.index) };
  const numbered = /^#(\d{1,3})$/.exec(trimmed);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    if (headers.some((header) => header.index === index)) return { index, header: headerText(index), field: fieldOf(index) };
  }
  const folded = referenceKey(trimmed);
  const field = IMPORT_FIELDS.find((candidate) => candidate.key === trimmed
    || (folded !== '' && [candidate.key, candidate.vi, candidate.en].some((label) => referenceKey(label) === folded)));
  if (field) {
    const column = mapping?.[field.key];
    if (column === null || column === undefined || !headers.some((header) => header.index === column)) {
      throw new AppError('IMPORT_LOOKUP_KEY_UNKNOWN', { key: trimmed, field: field.key, reason: 'field_not_mapped' });
    }
    return { index: column, header: headerText(column), field: field.key };
  }
  const loose = folded === '' ? undefined : headers.find((header) => referenceKey(header.text) === folded);
  if (loose) return { index: loose.index, header: headerText(loose.index), field: fieldOf(loose.index) };
  throw new AppError('IMPORT_LOOKUP_KEY_UNKNOWN', { key: trimmed, headers: headers.slice(0, 256).map((header) => header.text || `#${header.index + 1}`) });
}
