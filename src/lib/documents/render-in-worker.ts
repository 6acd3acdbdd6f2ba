/**
 * Lays out a party document in a worker thread: a long list (7,000 badge rows, some 300 pages) is seconds of CPU that
 * would otherwise stop the server answering anyone. Bounded in time and memory; the worker ends with its document.
 */
import { Worker } from 'node:worker_threads';
import type { PartyDocumentContent } from './party-document.ts';

const WORKER_URL = new URL('./document.worker.mjs', import.meta.url);
/** A document that takes longer than this is abandoned (a province's badge list takes a few seconds). */
export const DOCUMENT_TIME_LIMIT_MS = 120_000;
const MEMORY_MB = 512;

export function renderPartyDocumentInWorker(content: PartyDocumentContent, timeLimitMs = DOCUMENT_TIME_LIMIT_MS): Promise<Buffer> {
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
