/**
 * Reading uploaded spreadsheets: the format from the file's first bytes (never from its name), then the rows of the
 * first worksheet (.xlsx, streamed by `xlsx-reader.ts`) or of a CSV file (PapaParse: quotes, embedded newlines, UTF-8 BOM,
 * comma or semicolon). Every cell comes out as text; dates as 'yyyy-mm-dd'.
 */
import Papa from 'papaparse';
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

/** One record holds at most a few hundred short cells; a longer one is not a member list. */
const CSV_MAX_RECORD_CHARS = 1024 * 1024;

/**
 * The cells of a CSV record, trimmed, within the column bound: empty cells past it (a row padded by the program that
 * wrote it) are dropped, a value past it is refused, as in an .xlsx file; a record longer than CSV_MAX_RECORD_CHARS
 * is refused.
 */
function boundedCells(record: string[]): string[] {
  let chars = 0;
  const cells = record.map((cell) => {
    chars += cell.length;
    return cell.trim();
  });
  if (chars > CSV_MAX_RECORD_CHARS) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'csv', message: 'record_too_long' });
  if (cells.length <= SHEET_MAX_COLUMNS) return cells;
  const beyond = cells.findIndex((cell, index) => index >= SHEET_MAX_COLUMNS && cell !== '');
  if (beyond >= 0) throw new AppError('IMPORT_FILE_TOO_WIDE', { maxColumns: SHEET_MAX_COLUMNS, cell: `#${beyond + 1}` });
  return cells.slice(0, SHEET_MAX_COLUMNS);
}

/** Characters PapaParse reads (and hands over as rows) at a time: the file is never held as rows whole. */
const CSV_CHUNK_CHARS = 64 * 1024;

/**
 * The records of a CSV file, through PapaParse (quotes, embedded newlines, \n, \r\n or \r), a chunk at a time: the
 * parser pauses after each chunk and goes on when the reader has taken its rows. A quote left open or closed in the
 * middle of a field makes the file unreadable, as it would be for a spreadsheet program.
 */
async function* readCsvRows(data: Buffer): AsyncGenerator<SheetRow> {
  // Decoded at once (off the server's thread: this runs in the reader worker), without the UTF-8 byte-order mark.
  let text = data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // What the parser's callbacks hand over: the chunk's rows, the parser (to go on), and whether the file is read.
  const state: { chunk: Papa.ParseResult<string[]> | null; parser: Papa.Parser | null; complete: boolean } = { chunk: null, parser: null, complete: false };
  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(data), chunkSize: CSV_CHUNK_CHARS, skipEmptyLines: false,
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
      state.chunk = results;
      state.parser = parser;
      parser.pause();
    },
    complete() { state.complete = true; },
  });
  let rowNumber = 0;
  // Characters read since the last record ended. PapaParse reads a record cut by a chunk's end again from its start
  // with the next chunk: a record that never ends (a quote left open at the start of a 50 MB file) would be read
  // again and again, for as long as the file. It is refused once it is longer than any record may be.
  let sinceRecord = 0;
  try {
    for (;;) {
      const taken = state.chunk;
      state.chunk = null;
      if (taken) {
        sinceRecord = taken.data.length === 0 ? sinceRecord + CSV_CHUNK_CHARS : 0;
        if (sinceRecord > CSV_MAX_RECORD_CHARS) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'csv', message: 'record_too_long' });
        const broken = taken.errors.find((error) => error.type === 'Quotes');
        if (broken) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'csv', message: `${broken.code} (row ${rowNumber + 1 + (broken.row ?? 0)})` });
        for (const record of taken.data) {
          if (++rowNumber > SHEET_MAX_ROW_NUMBER) throw new AppError('IMPORT_TOO_MANY_ROWS', { maxRowNumber: SHEET_MAX_ROW_NUMBER });
          yield { rowNumber, cells: boundedCells(record) };
        }
      }
      if (state.complete || state.parser === null) return;
      state.parser.resume();
    }
  } finally {
    if (!state.complete) state.parser?.abort();
  }
}

/** Every row of the first worksheet (empty rows included as empty cell lists, so numbering stays true). */
export function readRows(data: Buffer, format: SpreadsheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsxRows(data) : readCsvRows(data);
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '');
}

/** Rows read, at most, to find the header row. */
export const HEADER_SEARCH_ROWS = 20;

/** The header row is the first row among the first HEADER_SEARCH_ROWS with at least two non-empty cells. */
export function isHeaderRow(cells: readonly string[]): boolean {
  let filled = 0;
  for (const cell of cells) if (cell !== '' && ++filled >= 2) return true;
  return false;
}
