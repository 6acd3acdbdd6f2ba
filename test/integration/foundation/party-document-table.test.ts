/**
 * A printed list's STT column (36-HD/VPTW tables): as wide as its header and its largest number need, whatever the
 * other columns ask, so neither "STT" nor a row number wraps onto two lines.
 */
import { describe, expect, it } from 'vitest';
import { renderPartyDocument } from '../../../src/lib/documents/party-document.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';

describe('the STT column of a printed table', () => {
  it('keeps "STT" and a four-digit row number whole beside twelve wide columns', async () => {
    const columns = Array.from({ length: 12 }, (_, index) => ({ header: `Cột ${index + 1}`, width: 3 }));
    const rows = Array.from({ length: 1000 }, (_, index) => columns.map((_, column) => `ô ${index + 1}.${column + 1}`));
    const pdf = await renderPartyDocument({
      header: { unit: 'CHI BỘ KHU 1', date: '2026-12-06' }, title: 'DANH SÁCH', table: { columns, rows }, signature: { role: 'BÍ THƯ' }, landscape: true,
    });
    const pages = await pdfPages(pdf);
    // Each cell's text is one item of the page: a wrapped cell would be two ("ST" then "T", "10" then "00").
    expect(pages[0].split(/\s+/)).toContain('STT');
    expect(pages.at(-1)!.split(/\s+/)).toContain('1000');
    expect(pages.at(-1)!.split(/\s+/)).not.toContain('100');
  });
});
