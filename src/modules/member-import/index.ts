/**
 * The member import's surface for others (its routes are gathered through `area.ts`): the import's real steps, which
 * the benchmark drives without HTTP (`bench/import.ts`).
 */
export {
  applyJob, claimValidation, recheckBeforeApply, requireJob, uploadImportFile, validateJob, writeValidRows,
} from './member-import.service.ts';
export { proposeMapping } from './mapping.ts';
// The benchmark's floor of a validation: reading a file, checking its rows, staging them.
export { readRowsInWorker, warmReaders } from './spreadsheet-in-worker.ts';
export { rowValidator } from './row-validation.ts';
export { copyStagedText } from './member-import.repository.ts';
export { stagedRowsAsCopyText } from './staged-rows.ts';
