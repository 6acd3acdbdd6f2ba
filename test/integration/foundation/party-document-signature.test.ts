/**
 * The signature block of a printed party document (36-HD/VPTW: "Nơi nhận" on the left, the form of signing, the role,
 * the space to sign and the name on the right) is never alone on a page, nor split: when the content ends near the
 * foot of a page, its end goes over with the signature. Each document is printed with one row or paragraph more at a
 * time, so that its content ends at every height of the page, and the real PDF is read page by page.
 */
import { describe, expect, it } from 'vitest';
import { renderPartyDocument, type PartyDocumentContent } from '../../../src/lib/documents/party-document.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';

const HEADER = { superior: 'Đảng bộ phường Cẩm Phả', unit: 'Chi bộ Khu 1', place: 'Cẩm Phả', date: '2026-12-06' };
const SIGNATURE = { onBehalfOf: 'T/M Đảng ủy', role: 'Bí thư', name: 'Nguyễn Văn Ký' };
const RECIPIENTS = ['Như trên', 'Lưu văn phòng'];
/** Every part of the signature block, as a reader extracts it. */
const SIGNATURE_PARTS = ['Nơi nhận:', '- Như trên', '- Lưu văn phòng', 'T/M ĐẢNG ỦY', 'BÍ THƯ', 'Nguyễn Văn Ký'];

/**
 * Prints the document with 1, 2, … items until it has run to two pages a few times over, and checks each: the whole signature block is
 * on the last page and on no other, together with the last item of the content. Returns the page counts seen.
 */
async function everyEnding(content: (items: number) => PartyDocumentContent, lastItem: (items: number) => string, expectedOnLastPage: string[] = []) {
  const seen: { items: number; pages: string[] }[] = [];
  for (let items = 1; items <= 80; items++) {
    const pages = await pdfPages(await renderPartyDocument(content(items)));
    seen.push({ items, pages });
    const last = pages.at(-1)!;
    for (const part of SIGNATURE_PARTS) {
      expect(last, `${items} items: "${part}" on the last page`).toContain(part);
      for (const page of pages.slice(0, -1)) expect(page, `${items} items: "${part}" only on the last page`).not.toContain(part);
    }
    expect(last, `${items} items: the end of the content on the signature's page`).toContain(lastItem(items));
    for (const text of expectedOnLastPage) expect(last, `${items} items`).toContain(text);
    if (seen.filter((entry) => entry.pages.length > 1).length === 8) break;
  }
  return seen;
}

describe('the signature block of a party document', () => {
  it('takes the last rows of a table with it to the next page', async () => {
    const seen = await everyEnding((items) => ({
      header: HEADER, title: 'Danh sách đảng viên', subtitle: 'Chi bộ Khu 1',
      table: { columns: [{ header: 'Họ và tên', width: 3 }, { header: 'Ngày sinh', width: 1.5, align: 'center' }], rows: Array.from({ length: items }, (_, index) => [`Đảng viên số ${index + 1}`, '01/01/1980']) },
      recipients: RECIPIENTS, signature: SIGNATURE,
    }), (items) => `Đảng viên số ${items}`, ['STT']);
    // The lengths where the rows would have ended near the foot of page 1 with no room left for the signature: the
    // last rows moved, so page 2 holds rows but not the first, and page 1 ends before the last row.
    const row = (page: string, number: number) => new RegExp(`Đảng viên số ${number}(?!\\d)`).test(page);
    const moved = seen.filter(({ items, pages }) => pages.length === 2 && !row(pages[1], 1) && row(pages[0], items - 2));
    expect(moved.length).toBeGreaterThan(0);
    for (const { items, pages } of moved) {
      expect(row(pages[0], items - 1)).toBe(false);
      expect(row(pages[1], items - 1)).toBe(true);
    }
  });

  it('takes the last paragraph of the body with it (a decision with no table)', async () => {
    const seen = await everyEnding((items) => ({
      header: { ...HEADER, number: 'Số: 12-QĐ/ĐU' }, title: 'Quyết định kết nạp đảng viên',
      body: Array.from({ length: items }, (_, index) => `Điều ${index + 1}. Chi ủy, chi bộ và đồng chí có tên trên chịu trách nhiệm thi hành quyết định này kể từ ngày ký, theo Điều lệ Đảng.`),
      recipients: RECIPIENTS, signature: SIGNATURE,
    }), (items) => `Điều ${items}.`);
    expect(seen.some(({ pages }) => pages.length === 2)).toBe(true);
  });

  it('takes the closing and the last rows of the last section with it (a statistical form)', async () => {
    const section = (name: string, rows: number) => ({
      heading: name, columns: [{ header: 'Chỉ tiêu', width: 4 }, { header: 'Số lượng', width: 1.3, align: 'right' as const }],
      rows: Array.from({ length: rows }, (_, index) => [`${name} dòng ${index + 1}`, String(index)]),
    });
    const seen = await everyEnding((items) => ({
      header: HEADER, title: 'Biểu thống kê: Đảng viên', subtitle: 'Tính đến ngày 31/12/2026',
      sections: [section('Phần I', 5), section('Phần II', items)],
      closing: ['Căn cứ: Hướng dẫn số 12-HD/BTCTW.'],
      recipients: RECIPIENTS, signature: SIGNATURE,
    }), (items) => `Phần II dòng ${items}`, ['Căn cứ: Hướng dẫn số 12-HD/BTCTW.', 'Chỉ tiêu']);
    expect(seen.some(({ pages }) => pages.length === 2)).toBe(true);
  });
});
