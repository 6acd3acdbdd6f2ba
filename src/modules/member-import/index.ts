/**
 * The member import's surface: its routes for the gatherer (`src/modules/index.ts`); the import's real steps for the
 * benchmark, which drives them without HTTP (`bench/import.ts`).
 */
export { memberImportRoutes } from './member-import.routes.ts';
export {
  IMPORT_BATCH_ROWS, applyJob, checkImportFile, claimValidation, requireJob, uploadImportFile, validateJob, writeValidRows,
  type CheckedImportFile,
} from './member-import.service.ts';
export { proposeMapping } from './mapping.ts';
