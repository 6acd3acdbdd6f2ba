/**
 * Reading uploaded spreadsheets: the format from the file's first bytes (never from its name), then the rows of the
 * first worksheet (.xlsx, streamed by `xlsx-reader.ts`) or of a CSV file (csv-parse: quotes, embedded newlines, UTF-8 BOM,
 * comma or semicolon). Every cell comes out as text; dates as 'yyyy-mm-dd'.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { AppError } from '../../contracts/errors.ts';
import { SHEET_MAX_COLUMNS, SHEET_MAX_ROW_NUMBER, XlsxFormatError, XlsxLimitError, readXlsxSheet } from './xlsx-reader.ts';

export type SpreadsheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** 1-based row number in the sheet (CSV: the record's number). */
  rowNumber: number;
  cells: string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The format named by the file's first bytes: a ZIP container (.xlsx) or text (CSV: valid UTF-8 without NUL bytes).
 * The legacy .xls format and anything else is refused.
 */
export function detectFormat(head: Buffer): SpreadsheetFormat {
  if (head.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) throw new AppError('IMPORT_FILE_LEGACY_XLS');
  const sample = head.subarray(0, 64 * 1024);
  if (sample.includes(0)) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET');
  // A cut in the middle of a multi-byte character at the end of the sample is not an error.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0 && replacement < text.length - 3) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'not_utf8' });
  // Binary formats that happen to be valid UTF-8 (PDF, PNG headers are not; these are cheap to name).
  if (/^%PDF-|^\{\\rtf|^<\?xml|^<!DOCTYPE|^<html/i.test(text.slice(0, 20))) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET');
  return 'csv';
}

async function* readXlsxRows(data: Buffer): AsyncGenerator<SheetRow> {
  try {
    yield* readXlsxSheet(data);
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'unreadable_xlsx' });
    if (error instanceof XlsxLimitError) throw new AppError(error.code, error.details);
    throw error;
  }
}

/** Comma or semicolon, whichever the first line uses more outside quotes. */
function detectDelimiter(data: Buffer): string {
  const head = data.subarray(0, 8192).toString('utf8');
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The cells of a CSV record within the column bound: empty cells past it (a row padded by the program that wrote it)
 * are dropped, a value past it is refused, as in an .xlsx file.
 */
function boundedCells(cells: string[]): string[] {
  if (cells.length <= SHEET_MAX_COLUMNS) return cells;
  const beyond = cells.findIndex((cell, index) => index >= SHEET_MAX_COLUMNS && cell !== '');
  if (beyond >= 0) throw new AppError('IMPORT_FILE_TOO_WIDE', { maxColumns: SHEET_MAX_COLUMNS, cell: `#${beyond + 1}` });
  return cells.slice(0, SHEET_MAX_COLUMNS);
}

/** The file in slices: the parser works (and yields rows) a slice at a time, not the whole file in one call. */
function* slicesOf(data: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < data.length; start += size) yield data.subarray(start, start + size);
}

async function* readCsvRows(data: Buffer): AsyncGenerator<SheetRow> {
  const parser = Readable.from(slicesOf(data, 64 * 1024)).pipe(parseCsv({
    bom: true, delimiter: detectDelimiter(data), relax_column_count: true, skip_empty_lines: false, trim: true,
    // One record holds at most a few hundred short cells; a longer one is not a member list.
    max_record_size: 1024 * 1024,
  }));
  let rowNumber = 0;
  const records = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string[]>;
    try {
      next = await records.next();
    } catch (error) {
      throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'csv', message: (error as Error).message });
    }
    if (next.done) return;
    if (++rowNumber > SHEET_MAX_ROW_NUMBER) {
      parser.destroy();
      throw new AppError('IMPORT_TOO_MANY_ROWS', { maxRowNumber: SHEET_MAX_ROW_NUMBER });
    }
    let cells: string[];
    try {
      cells = boundedCells(next.value);
    } catch (error) {
      parser.destroy();
      throw error;
    }
    yield { rowNumber, cells };
  }
}

/** Every row of the first worksheet (empty rows included as empty cell lists, so numbering stays true). */
export function readRows(data: Buffer, format: SpreadsheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsxRows(data) : readCsvRows(data);
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '');
}

/**
 * The header row: the first row among the first 20 with at least two non-empty cells. Returns its cells and the
 * rows that follow it are data.
 */
export async function readHeader(data: Buffer, format: SpreadsheetFormat): Promise<{ headerRow: number; headers: string[] }> {
  let seen = 0;
  for await (const row of readRows(data, format)) {
    if (row.cells.filter((cell) => cell !== '').length >= 2) return { headerRow: row.rowNumber, headers: row.cells };
    if (++seen >= 20) break;
  }
  throw new AppError('IMPORT_NO_HEADER');
}
