/**
 * The layout of a party document, in one place, for every area that prints one (issue 10, item 5). It follows
 * Hướng dẫn 36-HD/VPTW (03/4/2018) of the Central Party Office on the format of the party's documents:
 * - paper A4, portrait; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
 * - top left the issuing body: the superior body's name, below it the issuing unit's name in bold capitals, a "*"
 *   under it, then "Số: …-…/…" (number and symbol);
 * - top right the heading "ĐẢNG CỘNG SẢN VIỆT NAM", bold and underlined, and below it, in italics, the place and the
 *   date in words ("Cẩm Phả, ngày 05 tháng 12 năm 2026");
 * - the title centred in bold capitals, then the body;
 * - the signature block on the right (the form of signing, e.g. "T/M ĐẢNG ỦY", the signer's role, space to sign,
 *   the name) and "Nơi nhận:" on the left;
 * - from page 2 on, the page number in the top margin, centred.
 * The face is Times New Roman in the guide; Noto Serif (OFL, full Vietnamese, from the npm package
 * @expo-google-fonts/noto-serif) is shipped and embedded instead, so diacritics render on a machine with no fonts
 * installed. Fontsource's Tinos (metric-compatible with Times) is split into a Latin and a Vietnamese subset file,
 * and a PDF run cannot fall back from one font file to another per glyph: one full file is what a PDF needs.
 * Pure library code: it knows no area, no database; the areas give it texts and rows.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = dirname(require.resolve('@expo-google-fonts/noto-serif/package.json'));
const FONTS = {
  regular: join(FONT_DIR, '400Regular/NotoSerif_400Regular.ttf'),
  bold: join(FONT_DIR, '700Bold/NotoSerif_700Bold.ttf'),
  italic: join(FONT_DIR, '400Regular_Italic/NotoSerif_400Regular_Italic.ttf'),
  boldItalic: join(FONT_DIR, '700Bold_Italic/NotoSerif_700Bold_Italic.ttf'),
} as const;
type FontName = keyof typeof FONTS;

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
/** 13–14 pt for the body in the guide; tables use 11 pt to fit a list's columns on a portrait page. */
const BODY_SIZE = 13;
const TABLE_SIZE = 10.5;

export interface DocumentHeader {
  /** The superior body, above ("ĐẢNG BỘ PHƯỜNG CẨM PHẢ"); omitted for a unit with none. */
  superior?: string | null;
  /** The issuing unit ("CHI BỘ KHU 1"). */
  unit: string;
  /** "Số: …-DS/CB" or the like; the officer writes the number in by hand when it is left blank. */
  number?: string;
  /** The place in the date line ("Cẩm Phả"); omitted when the unit's place names no locality. */
  place?: string | null;
  /** ISO date of the document. */
  date: string;
}

export interface TableColumn {
  header: string;
  /** Relative width; the columns share the text width in these proportions. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface Signature {
  /** The form of signing, e.g. "T/M ĐẢNG ỦY" or "T/M CHI BỘ"; omitted when the officer signs for themself. */
  onBehalfOf?: string | null;
  /** "BÍ THƯ", or the officer's role. */
  role: string;
  /** The signer's name, printed under the space to sign (left blank to be written in). */
  name?: string | null;
}

export interface PartyDocumentContent {
  header: DocumentHeader;
  title: string;
  /** A line under the title, e.g. what the list holds. */
  subtitle?: string | null;
  /** Paragraphs of the body, or labelled lines ("Họ và tên: …"). */
  body?: (string | { label: string; value: string })[];
  /** A table of rows; an STT column is added in front and its header row repeats on every page. */
  table?: { columns: TableColumn[]; rows: string[][] };
  /**
   * Tables after it, each under its heading (the sections of a statistical form), without the STT column: a form's
   * rows are named by their first cell.
   */
  sections?: { heading: string; columns: TableColumn[]; rows: string[][] }[];
  /** Paragraphs after the table. */
  closing?: string[];
  recipients?: string[];
  signature: Signature;
  /** A wide list is printed on A4 landscape (36-HD/VPTW allows it for tables). */
  landscape?: boolean;
}

/** "ngày 05 tháng 12 năm 2026", as the guide writes dates. */
export function dateInWords(date: string): string {
  const [year, month, day] = date.split('-');
  // 36-HD/VPTW: days below 10 and the months 1 and 2 take a leading 0 ("ngày 05 tháng 02"); months 3-9 do not.
  const monthNumber = Number(month);
  return `ngày ${day} tháng ${monthNumber <= 2 ? month : String(monthNumber)} năm ${year}`;
}

/** The date line: "Cẩm Phả, ngày 05 tháng 12 năm 2026". */
export function placeAndDate(place: string | null | undefined, date: string): string {
  return place ? `${place}, ${dateInWords(date)}` : dateInWords(date).replace(/^n/, 'N');
}

const LOCALITY = /^(?:Đảng bộ|Đảng ủy|Chi bộ)\s+(?:phường|xã|thị trấn|thành phố|thị xã|huyện|quận|tỉnh|đặc khu)\s+(.+)$/iu;

/**
 * The locality a unit's place names, for the date line: the first of the unit and the units above it that is the
 * committee of a commune, ward, district, town, city or province ("Đảng bộ phường Cẩm Phả" → "Cẩm Phả").
 */
export function localityOf(names: readonly string[]): string | null {
  for (const name of names) {
    const match = LOCALITY.exec(name.trim());
    if (match) return match[1].trim();
  }
  return null;
}

/** Upper case the Vietnamese way (the headings of 36-HD/VPTW are in capitals). */
export function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}

type Doc = InstanceType<typeof PDFDocument>;

function font(doc: Doc, name: FontName, size: number): Doc {
  return doc.font(name).fontSize(size);
}

function drawHeader(doc: Doc, header: DocumentHeader): void {
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const leftWidth = width * 0.45;
  const rightX = left + width * 0.42;
  const rightWidth = width * 0.58;
  const top = MARGINS.top;

  // Right: the party's heading, bold and underlined, then the place and date in italics.
  font(doc, 'bold', 14).text('ĐẢNG CỘNG SẢN VIỆT NAM', rightX, top, { width: rightWidth, align: 'center', underline: true });
  const rightBottom = doc.y;
  font(doc, 'italic', BODY_SIZE).text(placeAndDate(header.place, header.date), rightX, rightBottom + 10, { width: rightWidth, align: 'center' });
  const dateBottom = doc.y;

  // Left: the superior above, the unit in bold below, a star, the number and symbol.
  doc.x = left;
  doc.y = top;
  if (header.superior) font(doc, 'regular', 13).text(upper(header.superior), left, top, { width: leftWidth, align: 'center' });
  font(doc, 'bold', 13).text(upper(header.unit), left, doc.y, { width: leftWidth, align: 'center' });
  font(doc, 'regular', 13).text('*', left, doc.y, { width: leftWidth, align: 'center' });
  font(doc, 'regular', BODY_SIZE).text(header.number ?? 'Số:        ', left, doc.y, { width: leftWidth, align: 'center' });
  doc.x = left;
  doc.y = Math.max(doc.y, dateBottom) + 18;
}

function drawTitle(doc: Doc, title: string, subtitle: string | null | undefined): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  font(doc, 'bold', 14).text(upper(title), MARGINS.left, doc.y, { width, align: 'center' });
  if (subtitle) font(doc, 'italic', BODY_SIZE).text(subtitle, MARGINS.left, doc.y + 2, { width, align: 'center' });
  doc.x = MARGINS.left;
  doc.y += 12;
}

function drawBody(doc: Doc, body: PartyDocumentContent['body']): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  for (const paragraph of body ?? []) {
    if (typeof paragraph === 'string') {
      font(doc, 'regular', BODY_SIZE).text(paragraph, MARGINS.left, doc.y, { width, align: 'justify', indent: 28, paragraphGap: 4 });
    } else {
      // An empty value is not drawn: a continued run with no text would leave the line open and overprint the next.
      font(doc, 'bold', BODY_SIZE).text(`${paragraph.label}: `, MARGINS.left, doc.y, { width, continued: paragraph.value !== '', paragraphGap: 3 });
      if (paragraph.value !== '') font(doc, 'regular', BODY_SIZE).text(paragraph.value, { paragraphGap: 3 });
    }
  }
}

/** The bottom of the writable area, keeping room for nothing else: rows break to a new page before it. */
function bottomOf(doc: Doc): number {
  return doc.page.height - MARGINS.bottom;
}

/** The text width of the STT column: its bold header, or its largest row number, whichever is wider (plus a hair). */
function sttWidth(doc: Doc, rows: number): number {
  font(doc, 'bold', TABLE_SIZE);
  const header = doc.widthOfString('STT');
  font(doc, 'regular', TABLE_SIZE);
  return Math.ceil(Math.max(header, doc.widthOfString(String(Math.max(rows, 1))))) + 2;
}

function drawTable(doc: Doc, table: NonNullable<PartyDocumentContent['table']>, numbered = true): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const padding = 3;
  // The STT column is as wide as its header and its largest number need, never a share that wraps "STT" or "1000";
  // the other columns share the rest by their relative widths.
  const numberWidth = numbered ? sttWidth(doc, table.rows.length) + 2 * padding : 0;
  const columns: TableColumn[] = numbered ? [{ header: 'STT', width: 0, align: 'center' }, ...table.columns] : table.columns;
  const total = table.columns.reduce((sum, column) => sum + column.width, 0);
  const widths = [...(numbered ? [numberWidth] : []), ...table.columns.map((column) => (column.width / total) * (width - numberWidth))];

  const heightOf = (cells: string[], bold: boolean) => {
    font(doc, bold ? 'bold' : 'regular', TABLE_SIZE);
    return Math.max(...cells.map((cell, index) => doc.heightOfString(cell || ' ', { width: widths[index] - 2 * padding }))) + 2 * padding;
  };
  const drawRow = (cells: string[], bold: boolean, height: number) => {
    let x = MARGINS.left;
    const y = doc.y;
    font(doc, bold ? 'bold' : 'regular', TABLE_SIZE);
    cells.forEach((cell, index) => {
      doc.rect(x, y, widths[index], height).lineWidth(0.5).stroke();
      doc.text(cell, x + padding, y + padding, { width: widths[index] - 2 * padding, align: bold ? 'center' : columns[index].align ?? 'left' });
      x += widths[index];
    });
    doc.x = MARGINS.left;
    doc.y = y + height;
  };
  const headers = columns.map((column) => column.header);
  const headerHeight = heightOf(headers, true);
  drawRow(headers, true, headerHeight);
  table.rows.forEach((row, index) => {
    const cells = numbered ? [String(index + 1), ...row] : row;
    const height = heightOf(cells, false);
    if (doc.y + height > bottomOf(doc)) {
      doc.addPage();
      doc.y = MARGINS.top + 14;
      // The header row repeats on every page of the table.
      drawRow(headers, true, headerHeight);
    }
    drawRow(cells, false, height);
  });
  doc.y += 10;
}

function drawSignature(doc: Doc, signature: Signature, recipients: string[] | undefined): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const lines = (recipients?.length ?? 0) + 1;
  const needed = Math.max(120, lines * 16 + 20);
  if (doc.y + needed > bottomOf(doc)) {
    doc.addPage();
    doc.y = MARGINS.top + 14;
  }
  const top = doc.y + 8;
  const rightX = MARGINS.left + width * 0.45;
  const rightWidth = width * 0.55;
  doc.y = top;
  if (signature.onBehalfOf) font(doc, 'bold', BODY_SIZE).text(upper(signature.onBehalfOf), rightX, doc.y, { width: rightWidth, align: 'center' });
  font(doc, signature.onBehalfOf ? 'regular' : 'bold', BODY_SIZE).text(upper(signature.role), rightX, doc.y, { width: rightWidth, align: 'center' });
  doc.y += 60;
  if (signature.name) font(doc, 'bold', BODY_SIZE).text(signature.name, rightX, doc.y, { width: rightWidth, align: 'center' });

  if (recipients?.length) {
    doc.y = top;
    font(doc, 'boldItalic', 12).text('Nơi nhận:', MARGINS.left, top, { width: width * 0.42, underline: true });
    for (const recipient of recipients) font(doc, 'regular', 11).text(`- ${recipient}`, MARGINS.left, doc.y, { width: width * 0.42 });
  }
}

function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  // 36-HD/VPTW: the number from page 2 on, centred in the top margin.
  for (let index = 1; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const previousMargin = doc.page.margins.top;
    doc.page.margins.top = 0;
    font(doc, 'regular', 12).text(String(index + 1), 0, MARGINS.top / 2 - 4, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.page.margins.top = previousMargin;
  }
}

/** At most this many table rows in one document: past it the caller is asked to narrow the list or use Excel. */
export const DOCUMENT_MAX_ROWS = 10_000;

/** Lays out a party document and returns the PDF's bytes. */
export async function renderPartyDocument(content: PartyDocumentContent): Promise<Buffer> {
  const rows = (content.table?.rows.length ?? 0) + (content.sections ?? []).reduce((sum, section) => sum + section.rows.length, 0);
  if (rows > DOCUMENT_MAX_ROWS) throw new RangeError(`a document holds at most ${DOCUMENT_MAX_ROWS} rows`);
  const doc = new PDFDocument({ size: 'A4', layout: content.landscape ? 'landscape' : 'portrait', margins: MARGINS, bufferPages: true, info: { Title: content.title, Creator: 'cellbase' }, lang: 'vi-VN' });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, content.header);
  drawTitle(doc, content.title, content.subtitle);
  drawBody(doc, content.body);
  if (content.table) drawTable(doc, content.table);
  for (const section of content.sections ?? []) {
    // A heading is not left alone at the foot of a page.
    if (doc.y + 60 > bottomOf(doc)) {
      doc.addPage();
      doc.y = MARGINS.top + 14;
    }
    font(doc, 'bold', BODY_SIZE).text(section.heading, MARGINS.left, doc.y, { width: doc.page.width - MARGINS.left - MARGINS.right });
    doc.y += 4;
    drawTable(doc, section, false);
  }
  for (const paragraph of content.closing ?? []) font(doc, 'regular', BODY_SIZE).text(paragraph, MARGINS.left, doc.y, { width: doc.page.width - MARGINS.left - MARGINS.right, align: 'justify', indent: 28 });
  drawSignature(doc, content.signature, content.recipients);
  numberPages(doc);
  doc.end();
  return done;
}

/**
 * The header of a document issued by a unit, from its place (`unitPlaces` in the kernel): the superior is the
 * nearest unit above, the locality of the date line the commune/ward/district/province the place names.
 */
export function headerFrom(place: { name: string; above: readonly string[] } | undefined, date: string): DocumentHeader {
  if (!place) return { superior: null, unit: '', place: null, date };
  return { superior: place.above[0] ?? null, unit: place.name, place: localityOf([place.name, ...place.above]), date };
}

/** "T/M CHI BỘ" for a cell, "T/M ĐẢNG ỦY" for a committee: the secretary signs on behalf of the collective. */
export function onBehalfOf(unitName: string): string | null {
  if (!unitName) return null;
  return /^chi bộ/iu.test(unitName) ? 'T/M Chi bộ' : 'T/M Đảng ủy';
}
