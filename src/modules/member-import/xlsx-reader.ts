/**
 * A small, streaming reader of the first worksheet of an .xlsx file (ECMA-376 SpreadsheetML in a ZIP container).
 *
 * Why not exceljs's streaming reader: it reads the ZIP entries in the order they are stored and can finish before the
 * last entry is handled, so a file whose `xl/workbook.xml` or `xl/sharedStrings.xml` comes last (exceljs's own files,
 * and Excel's) intermittently fails or loses its strings. Here the ZIP central directory is read first, the small
 * parts (workbook, relationships, shared strings, styles) are parsed whole, and only the worksheet, which can be
 * large, is inflated and parsed as a stream. Cells come out as text; date-formatted numbers as 'yyyy-mm-dd'.
 */
import { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export class XlsxFormatError extends Error {}

/** A file that is a workbook but past one of the reader's bounds; `code` is the error code the upload answers with. */
export class XlsxLimitError extends Error {
  constructor(readonly code: 'IMPORT_FILE_TOO_WIDE' | 'IMPORT_TOO_MANY_ROWS' | 'IMPORT_FILE_UNPACKS_TOO_LARGE', readonly details: Record<string, unknown>) {
    super(code);
  }
}

/**
 * The reader's bounds. A cell reference sizes the row's array, so a reference past the last column is refused before
 * any array is grown by it (`ZZZZZZZZ1` once asked for 2·10¹¹ slots); the template has a few dozen columns.
 */
export const SHEET_MAX_COLUMNS = 256;
/** Excel's own last row: a row number past it comes from no spreadsheet program. */
export const SHEET_MAX_ROW_NUMBER = 1_048_576;
/** Inflated bytes of the whole workbook, of the worksheet, and of any other part (shared strings, styles...). */
export const XLSX_MAX_INFLATED_BYTES = 320 * 1024 * 1024;
export const XLSX_MAX_SHEET_BYTES = 256 * 1024 * 1024;
export const XLSX_MAX_PART_BYTES = 128 * 1024 * 1024;
/**
 * Inflated/compressed ratio past which an entry larger than 1 MB is a zip bomb: spreadsheet XML deflates 5 to 50
 * times, deflate cannot exceed about 1,030.
 */
export const XLSX_MAX_RATIO = 200;
/**
 * Shared strings kept in memory: more than a 200,000-row file of two dozen text columns can use. With the part's byte
 * bound, this keeps the worker's heap far below its limit, which is only a last resort (Node may abort the whole
 * process rather than the worker for some allocation shapes, nodejs/node#47224).
 */
export const XLSX_MAX_SHARED_STRINGS = 2_000_000;
const RATIO_FLOOR_BYTES = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** Counts inflated bytes across the workbook's parts, so that the whole file stays bounded, not each part alone. */
class InflateBudget {
  total = 0;
  /** Adds `bytes` of `entry` (inflated so far: `entrySoFar`) and refuses past a bound. */
  charge(entry: ZipEntry, bytes: number, entrySoFar: number, entryLimit: number): void {
    this.total += bytes;
    const ratioExceeded = entrySoFar > RATIO_FLOOR_BYTES && entrySoFar > XLSX_MAX_RATIO * Math.max(1, entry.compressedSize);
    if (entrySoFar > entryLimit || this.total > XLSX_MAX_INFLATED_BYTES || ratioExceeded) {
      throw new XlsxLimitError('IMPORT_FILE_UNPACKS_TOO_LARGE', {
        part: entry.name, maxBytes: Math.min(entryLimit, XLSX_MAX_INFLATED_BYTES), maxRatio: XLSX_MAX_RATIO,
      });
    }
  }
}

function readCentralDirectory(data: Buffer): Map<string, ZipEntry> {
  const lowest = Math.max(0, data.length - 65_557);
  let end = -1;
  for (let offset = data.length - 22; offset >= lowest; offset--) {
    if (data.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new XlsxFormatError('no end of central directory');
  const count = data.readUInt16LE(end + 10);
  const directoryOffset = data.readUInt32LE(end + 16);
  if (directoryOffset === 0xffffffff || directoryOffset >= data.length) throw new XlsxFormatError('unsupported or damaged zip');
  const entries = new Map<string, ZipEntry>();
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) throw new XlsxFormatError('damaged central directory');
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, {
      name,
      method: data.readUInt16LE(offset + 10),
      compressedSize: data.readUInt32LE(offset + 20),
      uncompressedSize: data.readUInt32LE(offset + 24),
      localOffset: data.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function compressedBytes(data: Buffer, entry: ZipEntry): Buffer {
  const offset = entry.localOffset;
  if (offset + 30 > data.length || data.readUInt32LE(offset) !== 0x04034b50) throw new XlsxFormatError('damaged local header');
  const start = offset + 30 + data.readUInt16LE(offset + 26) + data.readUInt16LE(offset + 28);
  if (start + entry.compressedSize > data.length) throw new XlsxFormatError('truncated entry');
  return data.subarray(start, start + entry.compressedSize);
}

/** Refuses at once a part whose declared size is past the bounds (the sizes are still counted as it inflates). */
function checkDeclaredSize(entry: ZipEntry, limit: number): void {
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limit || (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > XLSX_MAX_RATIO)) {
    throw new XlsxLimitError('IMPORT_FILE_UNPACKS_TOO_LARGE', { part: entry.name, maxBytes: limit, maxRatio: XLSX_MAX_RATIO });
  }
}

/** A small part, inflated whole, with an output limit (never more than the part's own bound is allocated). */
function entryText(data: Buffer, entry: ZipEntry, budget: InflateBudget): string {
  checkDeclaredSize(entry, XLSX_MAX_PART_BYTES);
  const bytes = compressedBytes(data, entry);
  let inflated: Buffer;
  if (entry.method === 0) inflated = bytes;
  else if (entry.method === 8) {
    const limit = Math.min(XLSX_MAX_PART_BYTES, XLSX_MAX_INFLATED_BYTES - budget.total, Math.max(RATIO_FLOOR_BYTES, XLSX_MAX_RATIO * entry.compressedSize)) + 1;
    try {
      inflated = zlib.inflateRawSync(bytes, { maxOutputLength: Math.max(1, limit) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new XlsxLimitError('IMPORT_FILE_UNPACKS_TOO_LARGE', { part: entry.name, maxBytes: XLSX_MAX_PART_BYTES, maxRatio: XLSX_MAX_RATIO });
      }
      throw new XlsxFormatError((error as Error).message);
    }
  } else throw new XlsxFormatError(`compression method ${entry.method}`);
  budget.charge(entry, inflated.length, inflated.length, XLSX_MAX_PART_BYTES);
  return inflated.toString('utf8');
}

/** The worksheet, inflated as a stream; the stream fails as soon as the bytes out pass a bound. */
function entryStream(data: Buffer, entry: ZipEntry, budget: InflateBudget): Readable {
  checkDeclaredSize(entry, XLSX_MAX_SHEET_BYTES);
  const bytes = compressedBytes(data, entry);
  let inflated = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      try {
        budget.charge(entry, chunk.length, inflated, XLSX_MAX_SHEET_BYTES);
      } catch (error) {
        done(error as Error);
        return;
      }
      done(null, chunk);
    },
  });
  const source = Readable.from([bytes]);
  if (entry.method === 0) return source.pipe(counter);
  if (entry.method === 8) {
    const inflate = zlib.createInflateRaw();
    inflate.on('error', (error) => counter.destroy(new XlsxFormatError(error.message)));
    counter.on('close', () => inflate.destroy());
    return source.pipe(inflate).pipe(counter);
  }
  throw new XlsxFormatError(`compression method ${entry.method}`);
}

/** Calls `onTag` for every opening tag and `onText` with the text inside the current element, for a small XML part. */
function parseXml(xml: string, handlers: { open?(tag: SaxesTagPlain): void; text?(text: string): void; close?(tag: SaxesTagPlain): void }): void {
  const parser = new SaxesParser({ xmlns: false });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) parser.on('text', handlers.text);
  parser.on('error', (error) => { throw new XlsxFormatError(error.message); });
  parser.write(xml).close();
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** The path of the first worksheet, in tab order. */
function firstSheetPath(data: Buffer, entries: Map<string, ZipEntry>, budget: InflateBudget): { path: string; date1904: boolean } {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new XlsxFormatError('not a workbook');
  let relationId: string | null = null;
  let date1904 = false;
  parseXml(entryText(data, workbook, budget), {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'sheet' && relationId === null) relationId = String(tag.attributes['r:id'] ?? Object.entries(tag.attributes).find(([key]) => localName(key) === 'id')?.[1] ?? '');
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
    },
  });
  let target: string | null = null;
  parseXml(entryText(data, rels, budget), {
    open(tag) {
      if (localName(tag.name) === 'Relationship' && tag.attributes.Id === relationId) target = String(tag.attributes.Target);
    },
  });
  if (!target) throw new XlsxFormatError('no worksheet');
  const path = (target as string).startsWith('/') ? (target as string).slice(1) : `xl/${(target as string).replace(/^\.\//, '')}`;
  return { path, date1904 };
}

function readSharedStrings(data: Buffer, entries: Map<string, ZipEntry>, budget: InflateBudget): string[] {
  const entry = entries.get('xl/sharedStrings.xml');
  if (!entry) return [];
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  parseXml(entryText(data, entry, budget), {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text(text) {
      if (inText) current += text;
    },
    close(tag) {
      const name = localName(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        if (strings.length >= XLSX_MAX_SHARED_STRINGS) throw new XlsxLimitError('IMPORT_FILE_UNPACKS_TOO_LARGE', { part: entry.name, maxStrings: XLSX_MAX_SHARED_STRINGS });
        strings.push(current);
      }
    },
  });
  return strings;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[dy]/i.test(bare) || (/m/i.test(bare) && !/[h#0]/i.test(bare));
}

/** For each cell style index, whether it formats numbers as dates. */
function readDateStyles(data: Buffer, entries: Map<string, ZipEntry>, budget: InflateBudget): boolean[] {
  const entry = entries.get('xl/styles.xml');
  if (!entry) return [];
  const customDates = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(entryText(data, entry, budget), {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'numFmt') customDates.set(Number(tag.attributes.numFmtId), isDateFormatCode(String(tag.attributes.formatCode ?? '')));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        styles.push(customDates.get(id) ?? BUILT_IN_DATE_FORMATS.has(id));
      }
    },
    close(tag) {
      if (localName(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** The 0-based column of a cell reference ('B7' → 1); past SHEET_MAX_COLUMNS it stops counting (Infinity). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
    if (index > SHEET_MAX_COLUMNS) return Number.POSITIVE_INFINITY;
  }
  return index - 1;
}

function refuseWideCell(reference: string | undefined, column: number): never {
  throw new XlsxLimitError('IMPORT_FILE_TOO_WIDE', { maxColumns: SHEET_MAX_COLUMNS, cell: reference?.slice(0, 20) ?? `#${column + 1}` });
}

function serialToDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400) * 1000).toISOString().slice(0, 10);
}

function numberText(value: string): string {
  if (!/e/i.test(value)) return value;
  const number = Number(value);
  return Number.isInteger(number) && Math.abs(number) < Number.MAX_SAFE_INTEGER ? number.toFixed(0) : value;
}

export interface XlsxRow {
  rowNumber: number;
  cells: string[];
}

/** The rows of the first worksheet, streamed. Throws `XlsxFormatError` for anything that is not a readable workbook. */
export async function* readXlsxSheet(data: Buffer): AsyncGenerator<XlsxRow> {
  const entries = readCentralDirectory(data);
  const budget = new InflateBudget();
  const { path, date1904 } = firstSheetPath(data, entries, budget);
  const sheet = entries.get(path);
  if (!sheet) throw new XlsxFormatError(`missing ${path}`);
  const shared = readSharedStrings(data, entries, budget);
  const dateStyles = readDateStyles(data, entries, budget);

  const parser = new SaxesParser({ xmlns: false });
  const ready: XlsxRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let column = 0;
  let type = '';
  let style = 0;
  let value = '';
  let collecting = false;
  let reference: string | undefined;
  let failure: Error | null = null;
  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row':
        rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
        if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw new XlsxFormatError('bad row number');
        if (rowNumber > SHEET_MAX_ROW_NUMBER) throw new XlsxLimitError('IMPORT_TOO_MANY_ROWS', { maxRowNumber: SHEET_MAX_ROW_NUMBER });
        cells = [];
        column = 0;
        break;
      case 'c':
        reference = tag.attributes.r ? String(tag.attributes.r) : undefined;
        column = reference ? columnIndex(reference) : column;
        type = String(tag.attributes.t ?? 'n');
        style = Number(tag.attributes.s ?? 0);
        value = '';
        break;
      case 'v':
      case 't':
        collecting = true;
        break;
    }
  });
  parser.on('text', (text) => {
    if (collecting) value += text;
  });
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        collecting = false;
        break;
      case 'c': {
        let text: string;
        if (type === 's') text = shared[Number(value)] ?? '';
        else if (type === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
        else if (type === 'e') text = '';
        else if (type === 'str' || type === 'inlineStr' || value === '') text = value;
        else if (dateStyles[style]) text = serialToDate(Number(value), date1904);
        else text = numberText(value);
        // An empty cell far right (a style applied to a whole row) is no data; a value there is refused.
        if (column >= SHEET_MAX_COLUMNS) {
          if (text.trim() !== '') refuseWideCell(reference, column);
          column++;
          break;
        }
        while (cells.length < column) cells.push('');
        cells[column] = text.trim();
        column++;
        break;
      }
      case 'row':
        ready.push({ rowNumber, cells });
        break;
    }
  });
  parser.on('error', (error) => { failure = new XlsxFormatError(error.message); });

  const stream = entryStream(data, sheet, budget);
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      try {
        parser.write(chunk);
      } catch (error) {
        // A bound refused inside a handler: the parser rethrows it from write().
        failure = error as Error;
      }
      if (failure) throw failure;
      while (ready.length > 0) yield ready.shift()!;
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof XlsxFormatError || error instanceof XlsxLimitError) throw error;
    throw new XlsxFormatError((error as Error).message);
  }
  parser.close();
  if (failure) throw failure;
  while (ready.length > 0) yield ready.shift()!;
}
