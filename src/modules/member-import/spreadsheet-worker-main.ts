/**
 * The work of the spreadsheet worker thread: reads each file the server gives it and posts what the server asked for
 * (the worker is started before a file is there, so that a file's reading does not wait for it to boot). `check`
 * reads the whole file (every bound checked, data rows counted) and posts the header; `rows` posts the rows in
 * chunks, one chunk per request from the server, so a fast reader never queues the whole file in messages; `stage`
 * checks every data row as a registration (row-validation.ts) and posts batches of staged rows already encoded for
 * COPY (staged-rows.ts), one batch per request, then what the rows showed (`RowsSeen`): the validation's work per row
 * runs here, off the server's event loop, while the server writes the batch before. */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../contracts/errors.ts';
import type { RowContext, RowsSeenSummary } from './row-validation.ts';
import { HEADER_SEARCH_ROWS, isBlankRow, isHeaderRow, readRows, type SheetRow, type SpreadsheetFormat } from './spreadsheet.ts';

/** What a `stage` reading needs besides the file: the job's id and header row, the rows' context, the bounds. */
export interface StageOptions {
  jobId: string;
  headerRow: number;
  context: RowContext;
  batchRows: number;
  maxRows: number;
}

export interface SpreadsheetJob {
  data: Uint8Array;
  format: SpreadsheetFormat;
  mode: 'check' | 'rows' | 'stage' | 'warm';
  maxDataRows: number;
  chunkRows: number;
  stage?: StageOptions;
}

export type WorkerMessage =
  | { type: 'header'; headerRow: number; headers: string[]; dataRows: number }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'end' }
  | { type: 'staged'; data: Uint8Array; rows: number }
  | { type: 'warmed' }
  | { type: 'staged-end'; rows: number; seen: RowsSeenSummary }
  | { type: 'error'; code: string; details: unknown; message?: string };

const port = parentPort!;

// The server's messages: a file to read (a job), or 'more' (the next chunk of rows). A job arrives only once the
// previous one is answered to the end, so one queue of each is enough.
const jobs: SpreadsheetJob[] = [];
let jobWaiter: (() => void) | null = null;
let moreWaiter: (() => void) | null = null;
port.on('message', (message: SpreadsheetJob | 'more') => {
  if (message === 'more') {
    moreWaiter?.();
    moreWaiter = null;
  } else {
    jobs.push(message);
    jobWaiter?.();
    jobWaiter = null;
  }
});

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

function nextRequest(): Promise<void> {
  return new Promise((resolve) => { moreWaiter = resolve; });
}

async function nextJob(): Promise<SpreadsheetJob> {
  while (jobs.length === 0) await new Promise<void>((resolve) => { jobWaiter = resolve; });
  return jobs.shift()!;
}

/** One reading of the file: the header row found among the first rows, then every data row counted. */
async function checkWholeFile(job: SpreadsheetJob, data: Buffer): Promise<void> {
  let header: { headerRow: number; headers: string[] } | null = null;
  let seen = 0;
  let dataRows = 0;
  for await (const row of readRows(data, job.format)) {
    if (header === null) {
      if (isHeaderRow(row.cells)) header = { headerRow: row.rowNumber, headers: row.cells };
      else if (++seen >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (isBlankRow(row.cells)) continue;
    if (++dataRows > job.maxDataRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: job.maxDataRows });
  }
  if (header === null) throw new AppError('IMPORT_NO_HEADER');
  post({ type: 'header', ...header, dataRows });
}

async function streamRows(job: SpreadsheetJob, data: Buffer): Promise<void> {
  let chunk: SheetRow[] = [];
  for await (const row of readRows(data, job.format)) {
    chunk.push(row);
    if (chunk.length >= job.chunkRows) {
      post({ type: 'rows', rows: chunk });
      chunk = [];
      await nextRequest();
    }
  }
  if (chunk.length > 0) {
    post({ type: 'rows', rows: chunk });
    await nextRequest();
  }
  post({ type: 'end' });
}

/** The validation's checks and encoding, loaded on the first file to stage or when the server warms the worker. */
function stagingModules() {
  return Promise.all([import('./row-validation.ts'), import('./staged-rows.ts')]);
}

async function stageRows(job: SpreadsheetJob, data: Buffer): Promise<void> {
  const options = job.stage!;
  const [{ RowsSeen, rowValidator }, { StagedBatch, stagedRowLine }] = await stagingModules();
  const validate = rowValidator(options.context);
  const seen = new RowsSeen();
  const batch = new StagedBatch();
  let read = 0;
  const postBatch = () => {
    const { data: encoded, rows } = batch.take();
    // Handed over, not copied: the batch's buffer is the worker's no more (a new one is taken for the next rows).
    port.postMessage({ type: 'staged', data: encoded, rows } satisfies WorkerMessage, [encoded.buffer as ArrayBuffer]);
  };
  for await (const row of readRows(data, job.format)) {
    if (row.rowNumber <= options.headerRow || isBlankRow(row.cells)) continue;
    if (++read > options.maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: options.maxRows });
    const checked = validate(row.cells);
    seen.note(checked);
    batch.add(stagedRowLine(options.jobId, row.rowNumber, row.cells, checked));
    if (batch.rows >= options.batchRows) {
      postBatch();
      await nextRequest();
    }
  }
  if (batch.rows > 0) {
    postBatch();
    await nextRequest();
  }
  post({ type: 'staged-end', rows: read, seen: seen.summary });
}

// One file after another: the server gives a worker that answered a file to the end the next file (a worker that
// failed or ran out of time is terminated instead, never given another).
for (;;) {
  const job = await nextJob();
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  try {
    if (job.mode === 'warm') {
      await stagingModules();
      post({ type: 'warmed' });
    } else {
      await (job.mode === 'check' ? checkWholeFile(job, data) : job.mode === 'stage' ? stageRows(job, data) : streamRows(job, data));
    }
  } catch (error) {
    if (error instanceof AppError) post({ type: 'error', code: error.code, details: error.details ?? null });
    else post({ type: 'error', code: 'INTERNAL', details: null, message: (error as Error).message });
  }
}
