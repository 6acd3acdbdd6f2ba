/**
 * Column mapping: which column of the file holds which field. The server proposes one from the header texts
 * (labels and aliases, ignoring case, diacritics and punctuation); the client confirms or changes it.
 */
import { AppError } from '../../contracts/errors.ts';
import { IMPORT_FIELDS, type ImportFieldKey, type ImportMapping } from '../../contracts/member-import.ts';
import { referenceKey } from '../../contracts/member-reference.ts';

/** Proposes a mapping: exact label matches first, then headers that start with or contain a label (longest wins). */
export function proposeMapping(headers: readonly string[]): ImportMapping {
  const candidates: { field: ImportFieldKey; column: number; score: number }[] = [];
  headers.forEach((header, column) => {
    const key = referenceKey(header);
    if (key === '') return;
    for (const field of IMPORT_FIELDS) {
      let best = 0;
      for (const label of [field.vi, field.en, field.key, ...field.aliases]) {
        const labelKey = referenceKey(label);
        if (labelKey === '') continue;
        if (key === labelKey) best = Math.max(best, 10_000 + labelKey.length);
        else if (key.startsWith(labelKey)) best = Math.max(best, 1_000 + labelKey.length - (key.length - labelKey.length));
        else if (labelKey.length >= 4 && key.includes(labelKey)) best = Math.max(best, labelKey.length);
      }
      if (best > 0) candidates.push({ field: field.key, column, score: best });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: ImportMapping = {};
  const usedColumns = new Set<number>();
  for (const candidate of candidates) {
    if (mapping[candidate.field] !== undefined || usedColumns.has(candidate.column)) continue;
    mapping[candidate.field] = candidate.column;
    usedColumns.add(candidate.column);
  }
  for (const field of IMPORT_FIELDS) if (mapping[field.key] === undefined) mapping[field.key] = null;
  return mapping;
}

/** Refuses a mapping with a missing required field, a column the file does not have, or a column used twice. */
export function assertMappingUsable(mapping: ImportMapping, columnCount: number): void {
  const missing = IMPORT_FIELDS.filter((field) => field.required && (mapping[field.key] === undefined || mapping[field.key] === null)).map((field) => field.key);
  if (missing.length > 0) throw new AppError('IMPORT_MAPPING_INCOMPLETE', { missing });
  const seen = new Map<number, string>();
  for (const [field, column] of Object.entries(mapping)) {
    if (column === null || column === undefined) continue;
    if (column >= columnCount) throw new AppError('IMPORT_MAPPING_INVALID', { field, column, reason: 'no_such_column' });
    if (seen.has(column)) throw new AppError('IMPORT_MAPPING_INVALID', { field, column, reason: 'mapped_twice', otherField: seen.get(column) });
    seen.set(column, field);
  }
}
