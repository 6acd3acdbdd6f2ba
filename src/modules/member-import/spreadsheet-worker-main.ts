/**
 * The work of the spreadsheet worker thread: reads each file the server gives it and posts what the server asked for
 * (the worker is started before a file is there, so that a file's reading does not wait for it to boot). `check`
 * reads the whole file (every bound checked, data rows counted) and posts the header; `rows` posts the rows in
 * chunks, one chunk per request from the server, so a fast reader never queues the whole file in messages; `stage`
 * checks every data row as a registration (row-validation.ts) and posts batches of staged rows already encoded for
 * COPY (staged-rows.ts), each with the keys its rows held first in the file, one batch per request, then what the rows showed (`RowsSeen`): the validation's work per row
 * runs here, off the server's event loop, while the server writes the batch before. */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../contracts/errors.ts';
import type { FileKeys, RowContext, RowsSeenSummary } from './row-validation.ts';
import type { StagedChunk } from './staged-rows.ts';
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
  | { type: 'header'; headerRow: number; headers: string[]; dataRows: number; sha256: string }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'end' }
  | { type: 'staged'; data: Uint8Array; rows: number; keys: FileKeys }
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

/**
 * One reading of the file: the header row found among the first rows, then every data row counted; and the file's
 * SHA-256 (the job's fingerprint), here rather than on the server's event loop (35–50 ms for a 56 MB file).
 */
async function checkWholeFile(job: Pick<SpreadsheetJob, 'format' | 'maxDataRows'>, data: Buffer): Promise<WorkerMessage & { type: 'header' }> {
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
  return { type: 'header', ...header, dataRows, sha256: createHash('sha256').update(data).digest('hex') };
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

/**
 * Checks and encodes every data row, handing each batch to `emit` (which posts it and waits for the server's next
 * request); returns the rows read and what they showed.
 */
async function stageRows(job: Pick<SpreadsheetJob, 'format' | 'stage'>, data: Buffer, emit: (batch: StagedChunk, keys: FileKeys) => Promise<void>,
): Promise<WorkerMessage & { type: 'staged-end' }> {
  const options = job.stage!;
  const [{ RowsSeen, rowValidator }, { StagedBatch, stagedRowLine }] = await stagingModules();
  const validate = rowValidator(options.context);
  const seen = new RowsSeen();
  const batch = new StagedBatch();
  let read = 0;
  for await (const row of readRows(data, job.format)) {
    if (row.rowNumber <= options.headerRow || isBlankRow(row.cells)) continue;
    if (++read > options.maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: options.maxRows });
    const checked = validate(row.cells);
    seen.note(checked);
    batch.add(stagedRowLine(options.jobId, row.rowNumber, row.cells, checked));
    if (batch.rows >= options.batchRows) await emit(batch.take(), seen.takeNewKeys());
  }
  if (batch.rows > 0) await emit(batch.take(), seen.takeNewKeys());
  return { type: 'staged-end', rows: read, seen: seen.summary };
}

/** Posts a batch of staged rows, with the keys its rows held first, and waits for the server to ask for the next. */
async function postBatch(batch: StagedChunk, keys: FileKeys): Promise<void> {
  // Handed over, not copied: the batch's buffer is the worker's no more (a new one is taken for the next rows).
  port.postMessage({ type: 'staged', data: batch.data, rows: batch.rows, keys } satisfies WorkerMessage, [batch.data.buffer as ArrayBuffer]);
  await nextRequest();
}

/** Registrations in the made-up file a worker reads when it is warmed (`warm`). */
const WARM_ROWS = 5_000;

/**
 * Loads the validation's checks, then reads, checks and stages a made-up file of WARM_ROWS registrations, nothing
 * posted: the first file a fresh worker read ran the parser and the checks before V8 had compiled them (the check at
 * upload of 50,000 rows 0.22–0.34 s against 0.14–0.19 s for the next file; member-import/NOTES.md, "Fifth pass").
 */
async function warm(): Promise<void> {
  const [{ proposeMapping }] = await Promise.all([import('./mapping.ts'), stagingModules()]);
  const header = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên'];
  const lines = [header.join(',')];
  for (let index = 0; index < WARM_ROWS; index++) {
    const year = 1950 + (index % 50);
    lines.push([`Trần Văn Ấm ${index}`, index % 2 ? 'Nữ' : 'Nam', `0${1 + (index % 9)}/0${1 + (index % 9)}/${year}`,
      `001${index % 2}${String(year % 100).padStart(2, '0')}${String(index).padStart(6, '0')}`, `CB-${index % 7}`, '03/02/2010', '03/02/2011', `T-${index}`].join(','));
  }
  const data = Buffer.from(lines.join('\r\n'), 'utf8');
  await checkWholeFile({ format: 'csv', maxDataRows: WARM_ROWS }, data);
  const context = { mapping: proposeMapping(header), effectiveDate: '2025-01-02', today: '2025-06-01' };
  await stageRows({ format: 'csv', stage: { jobId: '0', headerRow: 1, context, batchRows: 1_000, maxRows: WARM_ROWS } }, data, async () => {});
}

// One file after another: the server gives a worker that answered a file to the end the next file (a worker that
// failed or ran out of time is terminated instead, never given another).
for (;;) {
  const job = await nextJob();
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  try {
    if (job.mode === 'warm') {
      await warm();
      post({ type: 'warmed' });
    } else if (job.mode === 'check') {
      post(await checkWholeFile(job, data));
    } else if (job.mode === 'stage') {
      post(await stageRows(job, data, postBatch));
    } else {
      await streamRows(job, data);
    }
  } catch (error) {
    if (error instanceof AppError) post({ type: 'error', code: error.code, details: error.details ?? null });
    else post({ type: 'error', code: 'INTERNAL', details: null, message: (error as Error).message });
  }
}
