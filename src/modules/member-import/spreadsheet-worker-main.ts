/**
 * The work of the spreadsheet worker thread: reads each file the server gives it and posts what the server asked for
 * (the worker is started before a file is there, so that a file's reading does not wait for it to boot). `check`
 * reads the whole file (every bound checked, data rows counted) and posts the header; `rows` posts the rows in
 * chunks, one chunk per request from the server, so a fast reader never queues the whole file in messages. */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../contracts/errors.ts';
import { isBlankRow, readHeader, readRows, type SheetRow, type SpreadsheetFormat } from './spreadsheet.ts';

export interface SpreadsheetJob {
  data: Uint8Array;
  format: SpreadsheetFormat;
  mode: 'check' | 'rows';
  maxDataRows: number;
  chunkRows: number;
}

export type WorkerMessage =
  | { type: 'header'; headerRow: number; headers: string[]; dataRows: number }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'end' }
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

async function checkWholeFile(job: SpreadsheetJob, data: Buffer): Promise<void> {
  const { headerRow, headers } = await readHeader(data, job.format);
  let dataRows = 0;
  for await (const row of readRows(data, job.format)) {
    if (row.rowNumber <= headerRow || isBlankRow(row.cells)) continue;
    if (++dataRows > job.maxDataRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: job.maxDataRows });
  }
  post({ type: 'header', headerRow, headers, dataRows });
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

// One file after another: the server gives a worker that answered a file to the end the next file (a worker that
// failed or ran out of time is terminated instead, never given another).
for (;;) {
  const job = await nextJob();
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  try {
    await (job.mode === 'check' ? checkWholeFile(job, data) : streamRows(job, data));
  } catch (error) {
    if (error instanceof AppError) post({ type: 'error', code: error.code, details: error.details ?? null });
    else post({ type: 'error', code: 'INTERNAL', details: null, message: (error as Error).message });
  }
}
