/**
 * Reading uploaded spreadsheets off the server's event loop. The inflating and XML parsing of a workbook (and the CSV
 * parsing) run in a worker thread with a memory limit; a worker that does not answer within a time limit is
 * terminated and the file refused (IMPORT_FILE_TOO_COMPLEX). Requests keep being served meanwhile: a hostile file
 * costs one worker, not the server.
 */
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../contracts/errors.ts';
import { Places } from '../../lib/places.ts';
import type { FileKeys, RowsSeenSummary } from './row-validation.ts';
import type { StagedChunk } from './staged-rows.ts';
import type { SheetRow, SpreadsheetFormat } from './spreadsheet.ts';
import type { SpreadsheetJob, StageOptions, WorkerMessage } from './spreadsheet-worker-main.ts';

export type { StageOptions } from './spreadsheet-worker-main.ts';

/** The worker's heap: the largest legitimate workbook (bounded by xlsx-reader.ts's inflate limits) fits with room. */
export const READER_MEMORY_MB = 768;
/** How long the worker may take to answer (the whole check of a file, or one chunk of rows). */
export const READER_TIME_LIMIT_MS = 60_000;
const CHUNK_ROWS = 1_000;
/**
 * Readers running at once in this process, and how long a new one waits for a free place before the upload is
 * refused (IMPORT_READERS_BUSY, 429). Each reader may hold a few hundred MB (the inflate limits), so many hostile
 * uploads at once must queue rather than add up; a long validation holds its place while it reads.
 */
export const READERS_AT_ONCE = 4;
export const READER_WAIT_MS = 30_000;

const readers = new Places(READERS_AT_ONCE);

/** How many readers hold a place now (for tests and diagnostics). */
export function readersInUse(): number {
  return readers.inUse;
}

/** Takes a reader's place, waiting at most `waitMs` (0: refused now if none is free); returns the function that gives it back. */
async function takeReaderPlace(waitMs: number): Promise<() => void> {
  const release = await readers.take(waitMs);
  if (!release) throw new AppError('IMPORT_READERS_BUSY', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  return release;
}

const WORKER_URL = new URL('./spreadsheet.worker.mjs', import.meta.url);

function errorFromWorker(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.code in ERROR_CODES && message.code !== 'INTERNAL') return new AppError(message.code as ErrorCode, message.details);
  return new Error(`spreadsheet worker: ${message.message ?? message.code}`);
}

export interface ReaderLimits {
  memoryMb: number;
  timeMs: number;
  /** How long to wait for a reader's place when all are taken. */
  waitMs: number;
}
const DEFAULT_LIMITS: ReaderLimits = { memoryMb: READER_MEMORY_MB, timeMs: READER_TIME_LIMIT_MS, waitMs: READER_WAIT_MS };

function spawnWorker(memoryMb: number): Worker {
  const worker = new Worker(WORKER_URL, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(32, memoryMb) },
    stdout: false,
    stderr: false,
  });
  // A kept worker that dies while idle is no longer kept. Listened to once per worker, however many files it reads.
  const forget = () => {
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
  };
  worker.on('error', forget).once('exit', forget);
  return worker;
}

/**
 * Workers that read a file to the end, kept for the next files: booting a worker (tsx and the reader's modules) takes
 * about a third of a second of a core, once per file read otherwise, twice per import (the check at upload, the
 * reading at validation), and a spare booted beside a reading took that core from it. A worker that failed, ran out
 * of time or was left before the end is terminated, never given another file; one kept is idle and does not keep the
 * process alive. Only workers with the default limits are kept.
 */
export const IDLE_WORKERS_KEPT = 2;
const idle: Worker[] = [];

/** How many workers are kept for the next files now (for tests and diagnostics). */
export function idleReaders(): number {
  return idle.length;
}

function takeWorker(memoryMb: number): Worker {
  const worker = (memoryMb === READER_MEMORY_MB ? idle.pop() : undefined) ?? spawnWorker(memoryMb);
  worker.ref();
  return worker;
}

/** A worker whose file was answered to the end: kept for the next file, or terminated when enough are kept. */
async function giveBack(worker: Worker, memoryMb: number): Promise<void> {
  if (memoryMb !== READER_MEMORY_MB || idle.length >= IDLE_WORKERS_KEPT) {
    await worker.terminate();
    return;
  }
  worker.unref();
  idle.push(worker);
}

/** A worker reading `data`, with its messages as a queue that `next()` takes from, under the time limit. */
function startReader(data: Buffer, format: SpreadsheetFormat, mode: SpreadsheetJob['mode'], maxDataRows: number, limits: ReaderLimits, stage?: StageOptions) {
  const worker = takeWorker(limits.memoryMb);
  // The buffer is cloned into the worker once (a Buffer arrives as a Uint8Array).
  const job: SpreadsheetJob = { data, format, mode, maxDataRows, chunkRows: CHUNK_ROWS, stage };
  // A file staged is the caller's own copy, read back for the validation: handed over rather than copied when it fills
  // its memory alone (copying a 50 MB file held the event loop a tenth of a second). The caller cannot read it after.
  // A file in shared memory (an upload's body, `joinIntoSharedBuffer`) is shared with the worker as it is, never copied.
  const handOver = mode === 'stage' && data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  worker.postMessage(job, handOver ? [data.buffer as ArrayBuffer] : []);
  const queue: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { wake?.(); wake = null; };
  const onMessage = (message: WorkerMessage) => { queue.push(message); notify(); };
  const onError = (error: Error & { code?: string }) => {
    failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new AppError('IMPORT_FILE_TOO_COMPLEX', { reason: 'memory', limitMb: limits.memoryMb })
      : error;
    notify();
  };
  const onExit = () => {
    failure ??= new Error('spreadsheet worker stopped');
    notify();
  };
  worker.on('message', onMessage).on('error', onError).on('exit', onExit);

  async function next(): Promise<WorkerMessage> {
    while (queue.length === 0 && !failure) {
      let timedOut = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { timedOut = true; resolve(); }, limits.timeMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
      if (timedOut) {
        await worker.terminate();
        throw new AppError('IMPORT_FILE_TOO_COMPLEX', { reason: 'time', limitSeconds: limits.timeMs / 1000 });
      }
    }
    if (queue.length > 0) return queue.shift()!;
    throw failure!;
  }

  /** Ends this reading: the worker given back when its file was answered to the end (`finished`), else terminated. */
  async function close(finished: boolean): Promise<void> {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    const keep = finished && !failure && queue.length === 0;
    // A reading still waited for (the caller left before its answer) ends now rather than at the time limit.
    failure ??= new Error('spreadsheet worker: the reading was left');
    notify();
    if (keep) await giveBack(worker, limits.memoryMb);
    else await worker.terminate();
  }
  return { worker, next, close };
}

/**
 * One reading under a reader's place: `use` reads the worker's messages and calls `done()` once the file was answered
 * to the end; the worker is then kept for the next file, else terminated (failed, timed out or left early).
 */
async function inReader<T>(
  data: Buffer, format: SpreadsheetFormat, mode: SpreadsheetJob['mode'], maxDataRows: number, limits: ReaderLimits, stage: StageOptions | undefined,
  use: (reader: ReturnType<typeof startReader>, done: () => void) => Promise<T>,
): Promise<T> {
  const release = await takeReaderPlace(limits.waitMs);
  try {
    const reader = startReader(data, format, mode, maxDataRows, limits, stage);
    let finished = false;
    try {
      return await use(reader, () => { finished = true; });
    } finally {
      await reader.close(finished);
    }
  } finally {
    release();
  }
}

/** What the check of a whole file found: its header row and headers, its data rows, its SHA-256. */
export interface SpreadsheetCheck {
  headerRow: number;
  headers: string[];
  dataRows: number;
  sha256: string;
}

/**
 * Checks a whole uploaded file in a worker (format, bounds, data row count, header row, SHA-256) and meanwhile runs
 * `use` with the check's answer to come (it rejects with the AppError that refuses the file): work that needs the file but not its header,
 * such as storing it, is done while the worker reads. `use` starts once the reader's place is held, so whatever it
 * holds (a transaction) is not held while the upload waits for a place. The worker is kept for the next file once it
 * has answered; left before (`use` ended first), it is terminated.
 */
export async function withSpreadsheetCheck<T>(data: Buffer, format: SpreadsheetFormat, maxDataRows: number,
  use: (check: Promise<SpreadsheetCheck>) => Promise<T>, limits: ReaderLimits = DEFAULT_LIMITS): Promise<T> {
  return inReader(data, format, 'check', maxDataRows, limits, undefined, async (reader, done) => {
    const check = (async () => {
      const message = await reader.next();
      if (message.type === 'error') throw errorFromWorker(message);
      if (message.type !== 'header') throw new Error(`spreadsheet worker: unexpected ${message.type}`);
      done();
      return { headerRow: message.headerRow, headers: message.headers, dataRows: message.dataRows, sha256: message.sha256 };
    })();
    // Answered whether or not `use` waits for it (a `use` that failed first leaves it).
    check.catch(() => undefined);
    return use(check);
  });
}

/**
 * The rows of the first worksheet, read in a worker a chunk at a time (the next chunk is read while this one is used).
 * A chunk is handed over whole: a caller that loops over it pays no promise per row.
 */
export async function* readRowChunksInWorker(data: Buffer, format: SpreadsheetFormat, limits: ReaderLimits = DEFAULT_LIMITS): AsyncGenerator<SheetRow[]> {
  const release = await takeReaderPlace(limits.waitMs);
  try {
    const reader = startReader(data, format, 'rows', Number.MAX_SAFE_INTEGER, limits);
    let finished = false;
    try {
      for (;;) {
        const message = await reader.next();
        if (message.type === 'error') throw errorFromWorker(message);
        if (message.type === 'end') {
          finished = true;
          return;
        }
        if (message.type !== 'rows') throw new Error(`spreadsheet worker: unexpected ${message.type}`);
        reader.worker.postMessage('more');
        yield message.rows;
      }
    } finally {
      // Left before the end (the caller stopped reading), the worker still holds the rest of the file: terminated.
      await reader.close(finished);
    }
  } finally {
    release();
  }
}

/** Every row of the first worksheet, read in a worker a chunk at a time (see `readRowChunksInWorker`). */
export async function* readRowsInWorker(data: Buffer, format: SpreadsheetFormat, limits: ReaderLimits = DEFAULT_LIMITS): AsyncGenerator<SheetRow> {
  for await (const rows of readRowChunksInWorker(data, format, limits)) yield* rows;
}

/**
 * Checks every data row of a file in a worker and hands the staged rows, encoded for COPY, to `write` a batch at a
 * time, each with the keys (citizen IDs, party card numbers) its rows held first in the file; the worker checks and
 * encodes the next batch while `write` runs. Returns the data rows read and what they showed (`RowsSeen`: the keys
 * held twice, the unit codes, the rows valid on their own). The checks are the validation's own (`rowValidator`): run
 * here, a 200,000-row file costs the server's event loop nothing but the writes. Throws the AppError that refuses the file (IMPORT_TOO_MANY_ROWS past `options.maxRows`, the reader's
 * bounds), or whatever `write` threw; either way the worker is terminated. `data` is handed over to the worker when it
 * fills its memory alone (as `readJobFile`'s does): the caller must not read it afterwards.
 */
export async function stageRowsInWorker(
  data: Buffer, format: SpreadsheetFormat, options: StageOptions, write: (chunk: StagedChunk & { keys: FileKeys }) => Promise<void>, limits: ReaderLimits = DEFAULT_LIMITS,
): Promise<{ rows: number; seen: RowsSeenSummary }> {
  return inReader(data, format, 'stage', options.maxRows, limits, options, async (reader, done) => {
    for (;;) {
      const message = await reader.next();
      if (message.type === 'error') throw errorFromWorker(message);
      if (message.type === 'staged-end') {
        done();
        return { rows: message.rows, seen: message.seen };
      }
      if (message.type !== 'staged') throw new Error(`spreadsheet worker: unexpected ${message.type}`);
      reader.worker.postMessage('more');
      await write({ data: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength), rows: message.rows, keys: message.keys });
    }
  });
}

/**
 * Boots a reader worker ahead of the first file and has it load the validation's checks, then keeps it idle as a
 * worker that read a file: the first upload and validation after the server starts do not wait for it (booting takes
 * about a third of a second of a core, loading the checks about a second more). Called once when `cellbase serve`
 * starts. Does nothing when a worker is kept already or every reader's place is taken; a worker that fails to warm is
 * terminated, and the next file boots its own.
 */
export async function warmReaders(): Promise<void> {
  if (idle.length > 0) return;
  try {
    await inReader(Buffer.alloc(0), 'csv', 'warm', 0, { ...DEFAULT_LIMITS, waitMs: 0 }, undefined, async (reader, done) => {
      if ((await reader.next()).type === 'warmed') done();
    });
  } catch {
    // Every place taken, or the worker failed or timed out (terminated): the next file boots its own.
  }
}
