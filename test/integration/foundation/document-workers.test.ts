/**
 * Printed documents are laid out in worker threads, a bounded number at a time (src/lib/documents/render-in-worker.ts):
 * many asked at once wait their turn instead of each taking a core and its heap (four member lists of 3,000 rows at
 * once on the province dataset took 42–48 s each instead of 10.5 s alone). Every one asked is still printed whole.
 */
import { describe, expect, it } from 'vitest';
import { DOCUMENTS_AT_ONCE, DOCUMENT_TIME_LIMIT_MS, DocumentsBusyError, documentWorkers, renderPartyDocumentInWorker } from '../../../src/lib/documents/render-in-worker.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';

const HEADER = { superior: 'Đảng bộ phường Cẩm Phả', unit: 'Chi bộ Khu 1', place: 'Cẩm Phả', date: '2026-12-06' };

describe('documents laid out in workers', () => {
  it('lays out at most DOCUMENTS_AT_ONCE at a time; the others wait, and each is printed whole', async () => {
    const asked = DOCUMENTS_AT_ONCE + 3;
    let mostRunning = 0;
    let mostWaiting = 0;
    const watch = setInterval(() => {
      const now = documentWorkers();
      mostRunning = Math.max(mostRunning, now.running);
      mostWaiting = Math.max(mostWaiting, now.waiting);
    }, 2);
    try {
      const pdfs = await Promise.all(Array.from({ length: asked }, (_, index) => renderPartyDocumentInWorker({
        header: HEADER, title: `Danh sách số ${index + 1}`,
        table: { columns: [{ header: 'Họ và tên', width: 3 }], rows: Array.from({ length: 150 }, (__, row) => [`Nguyễn Thị Ánh ${index + 1}.${row + 1}`]) },
        signature: { onBehalfOf: 'T/M Chi bộ', role: 'Bí thư' },
      })));
      for (const [index, pdf] of pdfs.entries()) {
        const text = (await pdfPages(pdf)).join('\n');
        expect(text).toContain(`DANH SÁCH SỐ ${index + 1}`);
        expect(text).toContain(`Nguyễn Thị Ánh ${index + 1}.150`);
      }
    } finally {
      clearInterval(watch);
    }
    expect(mostRunning).toBeLessThanOrEqual(DOCUMENTS_AT_ONCE);
    expect(mostRunning).toBeGreaterThan(0);
    expect(mostWaiting).toBeGreaterThan(0);
    expect(documentWorkers()).toEqual({ running: 0, waiting: 0 });
  }, 180_000);

  it('refuses a document that waits longer than its bound for a place, and lays out the others', async () => {
    const content = (title: string) => ({
      header: HEADER, title,
      table: { columns: [{ header: 'Họ và tên', width: 3 }], rows: Array.from({ length: 300 }, (_, row) => [`Trần Văn Bình ${row + 1}`]) },
      signature: { onBehalfOf: 'T/M Chi bộ', role: 'Bí thư' },
    });
    const running = Array.from({ length: DOCUMENTS_AT_ONCE }, (_, index) => renderPartyDocumentInWorker(content(`Danh sách ${index + 1}`)));
    // Every place is taken at once by the documents above (each takes its place before its worker starts).
    expect(documentWorkers().running).toBe(DOCUMENTS_AT_ONCE);
    const refused = await renderPartyDocumentInWorker(content('Danh sách chờ'), DOCUMENT_TIME_LIMIT_MS, 1).then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(DocumentsBusyError);
    expect((refused as DocumentsBusyError).retryAfterSeconds).toBe(1);
    for (const pdf of await Promise.all(running)) expect((await pdfPages(pdf)).join('\n')).toContain('Trần Văn Bình 300');
    expect(documentWorkers()).toEqual({ running: 0, waiting: 0 });
  }, 180_000);
});
