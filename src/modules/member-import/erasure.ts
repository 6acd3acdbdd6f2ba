/**
 * The daily erasure of ended imports' staged rows and files (`IMPORT_KEEP_DAYS`, member-import.service.ts), run once
 * a day by the server's daily jobs (src/kernel/daily-jobs.ts), a few jobs a step: a job holds up to 200,000 rows.
 */
import type { DailyJob } from '../../kernel/index.ts';
import { eraseEndedImports } from './member-import.service.ts';

const BATCH = 5;

export const importErasure: DailyJob = {
  key: 'import-erasure',
  batch: BATCH,
  step: (tx, today) => eraseEndedImports(tx, today, BATCH),
};
