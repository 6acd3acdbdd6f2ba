/**
 * Staged rows as COPY's text format writes them into `member_import_rows` (migration 0030: typed columns, the
 * original cells as json). Pure: the reader worker encodes the rows it checks (spreadsheet-worker-main.ts), and the
 * repository writes what it is given.
 */
import { passedOwnChecks, type ImportRecord, type RowProblem } from './row-validation.ts';

export interface StagedRow {
  rowNumber: number;
  raw: readonly string[];
  record: ImportRecord | null;
  unitCode: string | null;
  citizenId: string | null;
  partyCardNumber: string | null;
  problems: RowProblem[];
}

/** The staged columns COPY writes, in order, after `job_id` (`recordColumns` writes the record's, in this order). */
export const STAGED_RECORD_COLUMNS = [
  'full_name', 'name_folded', 'name_sort_key', 'sex', 'birth_date', 'birthplace', 'hometown', 'ethnicity', 'religion', 'education_level',
  'professional_level', 'theory_level', 'occupation', 'admission_date', 'probation_start', 'official_date', 'status', 'effective_date',
] as const;
export const COPY_STAGED_ROWS = `copy member_import_rows (job_id, row_number, raw, unit_code, citizen_id, party_card_number, ${
  STAGED_RECORD_COLUMNS.join(', ')}, errors, is_valid) from stdin`;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const COPY_ESCAPED = /[\\\t\n\r]/;

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_ESCAPED.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]) : value;
}

/** JSON in COPY's text format: JSON.stringify writes tabs and line breaks as escapes, so only backslashes double. */
function copyJson(json: string): string {
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

/**
 * One staged row as a line of COPY's text format. The validation encodes each row as soon as it is checked and keeps
 * only the text: the row's objects die young (held in a batch of thousands until written, they outlived the young
 * generation and the collector copied them, 1.5 s of 6 for 50,000 rows).
 */
export function stagedRowLine(jobId: string, rowNumber: number, raw: readonly string[], row: Omit<StagedRow, 'rowNumber' | 'raw'>): string {
  const line = `${jobId}\t${rowNumber}\t${copyJson(JSON.stringify(raw))}\t${copyValue(row.unitCode)}\t${copyValue(row.citizenId)}\t${copyValue(row.partyCardNumber)}`;
  const record = row.record === null ? NO_RECORD : recordColumns(row.record);
  return `${line}${record}\t${row.problems.length === 0 ? '[]' : copyJson(JSON.stringify(row.problems))}\t${passedOwnChecks(row) ? 't' : 'f'}\n`;
}

const NO_RECORD = '\t\\N'.repeat(STAGED_RECORD_COLUMNS.length);

/**
 * A record's columns, in the order of `STAGED_RECORD_COLUMNS` (a test holds the two to the same order), each field
 * named: read in a loop by a name held in a variable, the fields cost a sixth of a row's staging. Fields of a fixed
 * form (a date as yyyy-mm-dd, a code of a list or an enum) never hold a character COPY escapes, so they are not looked
 * at for one (a test holds every list's codes to it).
 */
function recordColumns(r: ImportRecord): string {
  return `\t${copyValue(r.fullName)}\t${copyValue(r.nameFolded)}\t${copyValue(r.nameSortKey)}\t${r.sex}\t${r.birthDate}`
    + `\t${copyValue(r.birthplace)}\t${copyValue(r.hometown)}\t${fixed(r.ethnicity)}\t${fixed(r.religion)}\t${fixed(r.educationLevel)}`
    + `\t${fixed(r.professionalLevel)}\t${fixed(r.theoryLevel)}\t${fixed(r.occupation)}\t${r.admissionDate}\t${r.probationStart}`
    + `\t${fixed(r.officialDate)}\t${r.status}\t${r.effectiveDate}`;
}

function fixed(value: string | null): string {
  return value === null ? '\\N' : value;
}

/** Rows as COPY's text format expects them, one line each. */
export function stagedRowsAsCopyText(jobId: number, rows: readonly StagedRow[]): string {
  const job = String(jobId);
  let text = '';
  for (const row of rows) text += stagedRowLine(job, row.rowNumber, row.raw, row);
  return text;
}

/** A batch of staged rows encoded for COPY: what the reader worker posts and the validation writes. */
export interface StagedChunk {
  data: Buffer;
  rows: number;
}

/**
 * A batch of staged rows being encoded: each line is written into one growing buffer as soon as it is made, so the
 * line's pieces die young (a batch kept as one string would keep every piece of every line alive until written).
 */
export class StagedBatch {
  // At least 4 MB, so never a slice of Node's shared pool of small buffers: a batch taken may be handed over whole to
  // another thread (the reader worker posts it with its memory).
  private buffer = Buffer.allocUnsafe(1 << 22);
  private length = 0;
  rows = 0;

  add(line: string): void {
    const room = this.buffer.length - this.length;
    if (room < line.length * 3) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + line.length * 3));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(line, this.length, 'utf8');
    this.rows++;
  }

  /** The encoded rows, and the batch emptied for the next ones. */
  take(): StagedChunk {
    const taken = { data: this.buffer.subarray(0, this.length), rows: this.rows };
    this.buffer = Buffer.allocUnsafe(this.buffer.length);
    this.length = 0;
    this.rows = 0;
    return taken;
  }
}

