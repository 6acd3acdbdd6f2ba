/**
 * Reading uploaded spreadsheets: the format from the file's first bytes (never from its name), then the rows of the
 * first worksheet (.xlsx, streamed with exceljs) or of a CSV file (csv-parse: quotes, embedded newlines, UTF-8 BOM,
 * comma or semicolon). Every cell comes out as text; dates as 'yyyy-mm-dd'.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse';
import { AppError } from '../../contracts/errors.ts';

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

function toIsoDate(value: Date): string {
  // Excel stores local dates; exceljs gives them at UTC midnight, sometimes a few ms off: round to the day.
  const day = Math.round(value.getTime() / 86_400_000) * 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return toIsoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof (value as { text: unknown }).text === 'string') return (value as { text: string }).text;
    if ('error' in value) return '';
  }
  return String(value);
}

async function* readXlsxRows(data: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let index = 1; index < values.length; index++) cells.push(cellText(values[index]).trim());
        yield { rowNumber: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'unreadable_xlsx' });
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

async function* readCsvRows(data: Buffer): AsyncGenerator<SheetRow> {
  const parser = Readable.from([data]).pipe(parseCsv({
    bom: true, delimiter: detectDelimiter(data), relax_column_count: true, skip_empty_lines: false, trim: true, info: true,
  }));
  try {
    let rowNumber = 0;
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      rowNumber = record.info.records;
      yield { rowNumber, cells: record.record };
    }
  } catch (error) {
    throw new AppError('IMPORT_FILE_NOT_SPREADSHEET', { reason: 'csv', message: (error as Error).message });
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
