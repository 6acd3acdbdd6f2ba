/** The worker's work: one document's content in, its PDF bytes (or the error) out. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderPartyDocument, type PartyDocumentContent } from './party-document.ts';

try {
  const pdf = await renderPartyDocument(workerData as PartyDocumentContent);
  parentPort!.postMessage({ ok: true, pdf }, [pdf.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
