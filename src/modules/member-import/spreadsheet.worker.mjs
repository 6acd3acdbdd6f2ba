// Entry of the worker thread that reads uploaded spreadsheets (spreadsheet-in-worker.ts). A worker starts with
// plain Node, whatever loaded the server (tsx through bin/cellbase.mjs, or vitest), so it registers tsx itself
// before loading the TypeScript that does the work.
import { register } from 'tsx/esm/api';

register();
await import('./spreadsheet-worker-main.ts');
