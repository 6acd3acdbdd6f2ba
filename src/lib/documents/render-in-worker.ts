/**
 * Lays out a party document in a worker thread: a long list (7,000 badge rows, some 300 pages) is seconds of CPU that
 * would otherwise stop the server answering anyone. Bounded in time and memory; the worker ends with its document.
 *
 * Bounded in number too: at most DOCUMENTS_AT_ONCE workers lay out documents at a time in this process, the others
 * wait their turn (first come, first served). Each worker is a core's worth of CPU and up to MEMORY_MB of heap: four
 * printed lists of 3,000 members asked at once on the 2-core machine each took 42–48 s instead of 10.5 s alone (all of
 * them slower than one after the other), and enough of them at once would all pass the time limit and fail. The time
 * limit counts from the worker's start, not from the wait; a document that waits longer than DOCUMENT_WAIT_MS is
 * refused (`DocumentsBusyError`), so a flood of requests is told to come back rather than queued without end.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Places } from '../places.ts';
import type { PartyDocumentContent } from './party-document.ts';

const WORKER_URL = new URL('./document.worker.mjs', import.meta.url);
/** A document that takes longer than this is abandoned (a province's badge list takes a few seconds). */
export const DOCUMENT_TIME_LIMIT_MS = 120_000;
const MEMORY_MB = 512;
/** Documents laid out at once: a core is left to the server (and at least two, so a letter need not wait for a list). */
export const DOCUMENTS_AT_ONCE = Math.max(2, availableParallelism() - 1);

/** How long a document waits for a place before it is refused (`DocumentsBusyError`: the server answers DOCUMENTS_BUSY). */
export const DOCUMENT_WAIT_MS = 60_000;

const places = new Places(DOCUMENTS_AT_ONCE);

/** All places taken, and none freed within the wait: the caller is told to try again, not queued without end. */
export class DocumentsBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many documents are being laid out');
  }
}

/** How many documents are being laid out now, and how many wait for a place (for tests and diagnostics). */
export function documentWorkers(): { running: number; waiting: number } {
  return { running: places.inUse, waiting: places.waiting };
}

export async function renderPartyDocumentInWorker(content: PartyDocumentContent, timeLimitMs = DOCUMENT_TIME_LIMIT_MS, waitMs = DOCUMENT_WAIT_MS): Promise<Buffer> {
  const release = await places.take(waitMs);
  if (!release) throw new DocumentsBusyError(Math.max(1, Math.ceil(waitMs / 1000)));
  try {
    return await renderNow(content, timeLimitMs);
  } finally {
    release();
  }
}

function renderNow(content: PartyDocumentContent, timeLimitMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: content, resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB }, stdout: false, stderr: false });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the document took longer than ${timeLimitMs} ms`));
    }, timeLimitMs);
    worker.once('message', (message: { ok: true; pdf: Uint8Array } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      else reject(new Error(message.message));
    });
    worker.once('error', (error) => { clearTimeout(timer); reject(error); });
    worker.once('exit', (code) => { clearTimeout(timer); if (code !== 0) reject(new Error(`the document worker stopped (${code})`)); });
  });
}
