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

/** Where the text starts on a page after the first (below the page number in the top margin). */
const PAGE_TOP = MARGINS.top + 14;

/** The bottom of the writable area, keeping room for nothing else: rows break to a new page before it. */
function bottomOf(doc: Doc): number {
  return doc.page.height - MARGINS.bottom;
}

function textWidth(doc: Doc): number {
  return doc.page.width - MARGINS.left - MARGINS.right;
}

function newPage(doc: Doc): void {
  doc.addPage();
  doc.y = PAGE_TOP;
}

/** Whether `height` fits on a new page at all: what cannot is left to flow, since breaking earlier would not help. */
function fitsOnAPage(doc: Doc, height: number): boolean {
  return PAGE_TOP + height <= bottomOf(doc);
}

/**
 * Keeps the next `height` points on one page: starts a new page when they do not fit below the current position (and
 * would on a new page). What must stay together is measured before it is drawn (pdfkit draws as it goes).
 */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc) && fitsOnAPage(doc, height)) newPage(doc);
}

type Paragraph = NonNullable<PartyDocumentContent['body']>[number];

/** A paragraph of the body (`gap` points after it) or a labelled line; measured and drawn with the same options. */
function paragraphLayout(doc: Doc, paragraph: Paragraph, gap: number): { font: FontName; text: string; options: PDFKit.Mixins.TextOptions } {
  const width = textWidth(doc);
  if (typeof paragraph === 'string') return { font: 'regular', text: paragraph, options: { width, align: 'justify', indent: 28, paragraphGap: gap } };
  // Measured all in bold, the label's face: a little wider than the regular value, so never short.
  return { font: 'bold', text: `${paragraph.label}: ${paragraph.value}`, options: { width, paragraphGap: 3 } };
}

function paragraphHeight(doc: Doc, paragraph: Paragraph, gap: number): number {
  const { font: face, text, options } = paragraphLayout(doc, paragraph, gap);
  return font(doc, face, BODY_SIZE).heightOfString(text, options);
}

function drawParagraph(doc: Doc, paragraph: Paragraph, gap: number): void {
  if (typeof paragraph === 'string') {
    const { text, options } = paragraphLayout(doc, paragraph, gap);
    font(doc, 'regular', BODY_SIZE).text(text, MARGINS.left, doc.y, options);
    return;
  }
  // An empty value is not drawn: a continued run with no text would leave the line open and overprint the next.
  font(doc, 'bold', BODY_SIZE).text(`${paragraph.label}: `, MARGINS.left, doc.y, { width: textWidth(doc), continued: paragraph.value !== '', paragraphGap: 3 });
  if (paragraph.value !== '') font(doc, 'regular', BODY_SIZE).text(paragraph.value, { paragraphGap: 3 });
}

/**
 * Paragraphs in turn, the last one kept on the page of the `keep` points that follow it (the signature block): the
 * signature never stands alone on a page.
 */
function drawParagraphs(doc: Doc, paragraphs: readonly Paragraph[], gap: number, keep: number): void {
  paragraphs.forEach((paragraph, index) => {
    if (keep > 0 && index === paragraphs.length - 1) keepTogether(doc, paragraphHeight(doc, paragraph, gap) + keep);
    drawParagraph(doc, paragraph, gap);
  });
}

/** The text width of the STT column: its bold header, or its largest row number, whichever is wider (plus a hair). */
function sttWidth(doc: Doc, rows: number): number {
  font(doc, 'bold', TABLE_SIZE);
  const header = doc.widthOfString('STT');
  font(doc, 'regular', TABLE_SIZE);
  return Math.ceil(Math.max(header, doc.widthOfString(String(Math.max(rows, 1))))) + 2;
}

/** The space left under a table. */
const TABLE_GAP = 10;
/** The rows at the end of a table that go with what must follow it onto its page (the signature block). */
const TAIL_ROWS = 2;

interface TableLayout {
  numbered?: boolean;
  /** A heading over the table, kept with its header row and first row. */
  heading?: string;
  /** The height of what follows the table and must share a page with its last rows (0: nothing). */
  keep?: number;
}

function drawTable(doc: Doc, table: NonNullable<PartyDocumentContent['table']>, { numbered = true, heading, keep = 0 }: TableLayout = {}): void {
  const width = textWidth(doc);
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
  const rows = table.rows.map((row, index) => (numbered ? [String(index + 1), ...row] : row));
  const heights = rows.map((cells) => heightOf(cells, false));
  // What row `index` needs below it on its page: itself, and for the last rows, the rows after it, the gap and what
  // follows the table, so that the signature's page carries the end of the table (unless that is more than a page).
  const tailFrom = keep > 0 ? Math.max(0, rows.length - TAIL_ROWS) : rows.length;
  const needOf = (index: number) => {
    if (index < tailFrom) return heights[index];
    const tail = heights.slice(index).reduce((sum, height) => sum + height, 0) + TABLE_GAP + keep;
    return fitsOnAPage(doc, headerHeight + tail) ? tail : heights[index] ?? 0;
  };
  const headingHeight = heading ? font(doc, 'bold', BODY_SIZE).heightOfString(heading, { width }) + 4 : 0;
  // A heading and a header row are not left alone at the foot of a page: they go with the first row.
  keepTogether(doc, headingHeight + headerHeight + needOf(0));
  if (heading) {
    font(doc, 'bold', BODY_SIZE).text(heading, MARGINS.left, doc.y, { width });
    doc.y += 4;
  }
  drawRow(headers, true, headerHeight);
  rows.forEach((cells, index) => {
    if (doc.y + needOf(index) > bottomOf(doc)) {
      newPage(doc);
      // The header row repeats on every page of the table.
      drawRow(headers, true, headerHeight);
    }
    drawRow(cells, false, heights[index]);
  });
  doc.y += TABLE_GAP;
}

/** A line of the signature block: its face and size, and the space above it. */
interface SignatureLine { font: FontName; size: number; text: string; underline?: boolean; above?: number }

/** The space to sign, between the role and the name. */
const SIGNING_SPACE = 60;
/** The space above the signature block. */
const SIGNATURE_GAP = 8;

/** The block's two columns: the form of signing, the role, the space to sign and the name; "Nơi nhận" on the left. */
function signatureColumns(doc: Doc, signature: Signature, recipients: string[] | undefined) {
  const width = textWidth(doc);
  const right: SignatureLine[] = [
    ...(signature.onBehalfOf ? [{ font: 'bold' as const, size: BODY_SIZE, text: upper(signature.onBehalfOf) }] : []),
    { font: signature.onBehalfOf ? 'regular' : 'bold', size: BODY_SIZE, text: upper(signature.role) },
    ...(signature.name ? [{ font: 'bold' as const, size: BODY_SIZE, text: signature.name, above: SIGNING_SPACE }] : []),
  ];
  const left: SignatureLine[] = recipients?.length
    ? [{ font: 'boldItalic', size: 12, text: 'Nơi nhận:', underline: true }, ...recipients.map((recipient) => ({ font: 'regular' as const, size: 11, text: `- ${recipient}` }))]
    : [];
  return [
    { x: MARGINS.left + width * 0.45, width: width * 0.55, align: 'center' as const, lines: right, after: signature.name ? 0 : SIGNING_SPACE },
    { x: MARGINS.left, width: width * 0.42, align: 'left' as const, lines: left, after: 0 },
  ];
}

/** The height of the signature block, the space above it included: what the end of the content is kept with. */
function signatureHeight(doc: Doc, signature: Signature, recipients: string[] | undefined): number {
  const heights = signatureColumns(doc, signature, recipients).map((column) => column.lines.reduce(
    (sum, line) => sum + (line.above ?? 0) + font(doc, line.font, line.size).heightOfString(line.text, { width: column.width }), column.after));
  return SIGNATURE_GAP + Math.max(...heights);
}

function drawSignature(doc: Doc, signature: Signature, recipients: string[] | undefined): void {
  // Whole, on one page (the content before it has already kept its end on this page for it).
  keepTogether(doc, signatureHeight(doc, signature, recipients));
  const top = doc.y + SIGNATURE_GAP;
  for (const column of signatureColumns(doc, signature, recipients)) {
    doc.y = top;
    for (const line of column.lines) {
      doc.y += line.above ?? 0;
      font(doc, line.font, line.size).text(line.text, column.x, doc.y, { width: column.width, align: column.align, underline: line.underline });
    }
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
  // The signature block is not left alone on a page: the end of the content goes with it. Measured first, it is
  // kept with the closing paragraphs, and both with the end of what comes before them (the last rows of the last
  // table, or the last paragraph of the body).
  const signature = signatureHeight(doc, content.signature, content.recipients);
  const closing = content.closing ?? [];
  const closingHeight = closing.reduce((sum, paragraph) => sum + paragraphHeight(doc, paragraph, 0), 0);
  const keep = closing.length === 0 ? signature : fitsOnAPage(doc, closingHeight + signature) ? closingHeight + signature : 0;
  const sections = content.sections ?? [];
  const tables = [...(content.table ? [{ table: content.table, layout: { numbered: true } }] : []),
    ...sections.map((section) => ({ table: section, layout: { numbered: false, heading: section.heading } }))];
  drawParagraphs(doc, content.body ?? [], 4, tables.length === 0 ? keep : 0);
  tables.forEach(({ table, layout }, index) => drawTable(doc, table, { ...layout, keep: index === tables.length - 1 ? keep : 0 }));
  drawParagraphs(doc, closing, 0, signature);
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
