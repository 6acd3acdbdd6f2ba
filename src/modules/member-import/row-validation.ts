/**
 * One row of an import, checked on its own: cells to a registration record, with every problem of the row (not just
 * the first). The checks are those of a single registration (`registerMember` in the member registry): the identity
 * schema, the citizen ID against sex and birth year, dates not in the future and not before birth, admission ≤
 * ceremony, admission ≤ official date and ≤ the date recorded at the cell, and the status against the official date.
 * Checks that need the database (the cell, duplicates) run afterwards on the whole file in SQL.
 */
import { IMPORT_FIELDS, IMPORT_STATUSES, type ImportFieldKey, type ImportMapping, type ImportRowErrorCode } from '../../contracts/member-import.ts';
import { MEMBER_REFERENCE_LISTS, matchReference } from '../../contracts/member-reference.ts';
import { memberIdentityInputSchema, type MemberStatus } from '../../contracts/members.ts';
import { citizenIdProblems, memberNameKeys } from '../members/index.ts';
import { isIsoDate } from '../../lib/dates.ts';

export interface RowProblem {
  field: ImportFieldKey | 'row';
  code: ImportRowErrorCode;
}

/** A row as it will be registered. Codes for list fields; dates as 'yyyy-mm-dd'. */
export interface ImportRecord {
  fullName: string;
  nameFolded: string;
  nameSortKey: string;
  sex: 'male' | 'female';
  birthDate: string;
  birthplace: string | null;
  hometown: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizenId: string | null;
  partyCardNumber: string | null;
  educationLevel: string | null;
  professionalLevel: string | null;
  theoryLevel: string | null;
  occupation: string | null;
  unitCode: string;
  admissionDate: string;
  probationStart: string;
  officialDate: string | null;
  status: Extract<MemberStatus, 'probationary' | 'official' | 'exempted'>;
  /** The date from which the member is recorded at the cell. */
  effectiveDate: string;
}

export interface RowResult {
  record: ImportRecord | null;
  problems: RowProblem[];
  /** Keys for the checks across rows, present even when the row has other problems. */
  unitCode: string | null;
  citizenId: string | null;
  partyCardNumber: string | null;
}

export interface RowContext {
  mapping: ImportMapping;
  /** The job's effective date, for rows that do not say when the member joined the cell. */
  effectiveDate: string;
  today: string;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function isoOf(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DMY_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const SERIAL_DATE = /^\d{4,6}(\.\d+)?$/;

/**
 * A date cell as 'yyyy-mm-dd': ISO, dd/mm/yyyy (also with - or .), or an Excel serial number. A date the registry
 * would refuse (31/02, the year 0000: `isIsoDate`) reads as no date, so the row says `invalid_date`.
 */
export function parseDateCell(text: string): string | null {
  const value = text.trim();
  if (ISO_DATE.test(value)) return isIsoDate(value) ? value : null;
  const dmy = DMY_DATE.exec(value);
  if (dmy) {
    const date = isoOf(dmy[3], dmy[2], dmy[1]);
    return isIsoDate(date) ? date : null;
  }
  if (SERIAL_DATE.test(value)) {
    const serial = Math.floor(Number(value));
    if (serial < 1 || serial > 2_958_465) return null;
    const date = new Date(EXCEL_EPOCH + serial * 86_400_000).toISOString().slice(0, 10);
    return date >= '1850-01-01' ? date : null;
  }
  return null;
}

/** Spaces and dots are dropped; a number that lost its leading zeros in a spreadsheet is padded back to 12 digits. */
export function normalizeCitizenId(text: string): string {
  const digits = text.replace(/[\s.\-]/g, '');
  return /^\d{9,11}$/.test(digits) ? digits.padStart(12, '0') : digits;
}

const FIELD_BY_KEY = new Map(IMPORT_FIELDS.map((field) => [field.key, field]));

function columnOf(mapping: ImportMapping, key: ImportFieldKey): number {
  const column = mapping[key];
  return column === null || column === undefined ? -1 : column;
}

function cellAt(cells: readonly string[], column: number): string {
  return column < 0 ? '' : (cells[column] ?? '').trim();
}

function listCode(key: ImportFieldKey, text: string, problems: RowProblem[]): string | null {
  if (text === '') {
    if (FIELD_BY_KEY.get(key)?.required) problems.push({ field: key, code: 'required' });
    return null;
  }
  const list = FIELD_BY_KEY.get(key)?.list;
  const code = key === 'status' ? matchReference(IMPORT_STATUSES, text) : list ? matchReference(MEMBER_REFERENCE_LISTS[list], text) : null;
  if (code === null) problems.push({ field: key, code: 'unknown_value' });
  return code;
}

/**
 * Date cells read before, with what they read as: a file's dates repeat from row to row (the admissions of one
 * ceremony, a century of birth dates at most), and a lookup costs a fraction of the two patterns tried on each.
 */
const parsedDates = new Map<string, string | null>();

function parseDateRemembered(text: string): string | null {
  let date = parsedDates.get(text);
  if (date === undefined) {
    date = parseDateCell(text);
    // Room for every birth date of a century and more, as the identity checks' answers (`compileFieldCheck`).
    if (parsedDates.size >= 50_000) parsedDates.clear();
    parsedDates.set(text, date);
  }
  return date;
}

function dateOf(key: ImportFieldKey, text: string, today: string, problems: RowProblem[]): string | null {
  if (text === '') {
    if (FIELD_BY_KEY.get(key)?.required) problems.push({ field: key, code: 'required' });
    return null;
  }
  const date = parseDateRemembered(text);
  if (date === null) problems.push({ field: key, code: 'invalid_date' });
  else if (date > today) problems.push({ field: key, code: 'date_in_future' });
  return date;
}

function textOf(key: ImportFieldKey, raw: string, problems: RowProblem[]): string | null {
  const text = raw.includes('  ') || raw.includes('\n') || raw.includes('\t') ? raw.replace(/\s+/g, ' ') : raw;
  if (text === '') {
    if (FIELD_BY_KEY.get(key)?.required) problems.push({ field: key, code: 'required' });
    return null;
  }
  return text;
}

/** An issue the identity schema finds in a field: too long, or any other (a value outside its list, too short). */
export interface IdentityIssue {
  field: string;
  code: 'too_big' | 'other';
}

type FieldCheck = (value: unknown) => readonly IdentityIssue['code'][];
// Shared answers: a check runs for every field of every row, and a new array each time kept the collector busy.
const NO_CODES: readonly IdentityIssue['code'][] = Object.freeze([]);
const OTHER: readonly IdentityIssue['code'][] = Object.freeze(['other'] as const);
type ZodInternals = { _zod: { def: { type: string; innerType?: unknown; checks?: { _zod: { def: Record<string, unknown> } }[]; entries?: Record<string, unknown> } } };

/**
 * One field of the identity schema as a plain function: a string's own steps in order (zod's trim, its length
 * bounds), a code among its enum's values, null where the schema allows it. Any other shape (a format, a refinement)
 * keeps the field's own schema, with its answers remembered per value (dates and codes repeat from row to row).
 */
function compileFieldCheck(schema: unknown): FieldCheck {
  let inner = schema as ZodInternals;
  let nullable = false;
  let optional = false;
  while (inner._zod.def.type === 'optional' || inner._zod.def.type === 'nullable') {
    if (inner._zod.def.type === 'optional') optional = true;
    else nullable = true;
    inner = inner._zod.def.innerType as ZodInternals;
  }
  const { def } = inner._zod;
  const absent = (value: unknown) => (value === null && nullable) || (value === undefined && optional);
  const steps = (def.checks ?? []).map((check) => check._zod.def);
  if (def.type === 'enum' && def.entries) {
    const values = new Set(Object.values(def.entries));
    return (value) => (absent(value) || values.has(value) ? NO_CODES : OTHER);
  }
  if (def.type === 'string' && steps.every((step) => ['overwrite', 'min_length', 'max_length'].includes(step.check as string))) {
    return (value) => {
      if (absent(value)) return NO_CODES;
      if (typeof value !== 'string') return OTHER;
      let text = value;
      let issues: IdentityIssue['code'][] | null = null;
      for (const step of steps) {
        if (step.check === 'overwrite') text = (step.tx as (input: string) => string)(text);
        else if (step.check === 'min_length' && text.length < (step.minimum as number)) (issues ??= []).push('other');
        else if (step.check === 'max_length' && text.length > (step.maximum as number)) (issues ??= []).push('too_big');
      }
      return issues ?? NO_CODES;
    };
  }
  const parse = (schema as { safeParse(value: unknown): { success: boolean; error?: { issues: { code: string }[] } } }).safeParse.bind(schema);
  const remembered = new Map<unknown, readonly IdentityIssue['code'][]>();
  return (value) => {
    let issues = remembered.get(value);
    if (issues === undefined) {
      const result = parse(value);
      issues = result.success ? NO_CODES : result.error!.issues.map((issue) => (issue.code === 'too_big' ? 'too_big' : 'other'));
      // Room for every birth date of a century and more (≈ 36,500): a national file holds nearly all of them, and a
      // memory that forgot them every 10,000 sent most rows through a zod parse again.
      if (remembered.size >= 50_000) remembered.clear();
      remembered.set(value, issues);
    }
    return issues;
  };
}

/**
 * The issues `memberIdentityInputSchema` (the schema of a single registration) finds in an identity, field by field,
 * without a zod parse per row: the schema compiled once into plain checks (`compileFieldCheck`). The import leaves
 * out the citizen ID (checked with precise codes). `identityIssuesBySchema` in the tests proves they agree.
 */
export const identityIssues: (identity: Record<string, unknown>) => IdentityIssue[] = (() => {
  const checks = Object.entries(memberIdentityInputSchema.shape)
    .filter(([field]) => field !== 'citizenId')
    .map(([field, schema]) => [field, compileFieldCheck(schema)] as const);
  return (identity) => {
    let issues: IdentityIssue[] | null = null;
    for (const [field, check] of checks) {
      for (const code of check(identity[field])) (issues ??= []).push({ field, code });
    }
    return issues ?? NO_ISSUES;
  };
})();
const NO_ISSUES: IdentityIssue[] = [];

const CITIZEN_PROBLEM_CODES: Record<string, ImportRowErrorCode> = {
  province: 'citizen_id_province', sex: 'citizen_id_sex', birth_year: 'citizen_id_birth_year', format: 'citizen_id_format',
};

export type RowValidator = (cells: readonly string[]) => RowResult;

/** Compiles the checks of one row for a mapping; the returned function checks a row's cells. */
export function rowValidator(context: RowContext): RowValidator {
  const { mapping, today } = context;
  const col = Object.fromEntries(IMPORT_FIELDS.map((field) => [field.key, columnOf(mapping, field.key)])) as Record<ImportFieldKey, number>;
  return (cells) => {
    const problems: RowProblem[] = [];
    const fullName = textOf('fullName', cellAt(cells, col.fullName), problems);
    const sex = listCode('sex', cellAt(cells, col.sex), problems) as 'male' | 'female' | null;
    const birthDate = dateOf('birthDate', cellAt(cells, col.birthDate), today, problems);
    const citizenText = cellAt(cells, col.citizenId);
    const citizenId = citizenText === '' ? null : normalizeCitizenId(citizenText);
    const partyCardNumber = textOf('partyCardNumber', cellAt(cells, col.partyCardNumber), problems);
    const unitCode = textOf('unitCode', cellAt(cells, col.unitCode), problems);
    const admissionDate = dateOf('admissionDate', cellAt(cells, col.admissionDate), today, problems);
    const probationStartCell = dateOf('probationStart', cellAt(cells, col.probationStart), today, problems);
    const officialDate = dateOf('officialDate', cellAt(cells, col.officialDate), today, problems);
    const joinedUnitOn = dateOf('joinedUnitOn', cellAt(cells, col.joinedUnitOn), today, problems);
    const statusCode = listCode('status', cellAt(cells, col.status), problems) as ImportRecord['status'] | null;
    const identity = {
      fullName: fullName ?? '',
      sex: sex ?? 'male',
      birthDate: birthDate ?? '1900-01-01',
      birthplace: textOf('birthplace', cellAt(cells, col.birthplace), problems),
      hometown: textOf('hometown', cellAt(cells, col.hometown), problems),
      ethnicity: listCode('ethnicity', cellAt(cells, col.ethnicity), problems),
      religion: listCode('religion', cellAt(cells, col.religion), problems),
      citizenId,
      partyCardNumber,
      educationLevel: listCode('educationLevel', cellAt(cells, col.educationLevel), problems),
      professionalLevel: listCode('professionalLevel', cellAt(cells, col.professionalLevel), problems),
      theoryLevel: listCode('theoryLevel', cellAt(cells, col.theoryLevel), problems),
      occupation: listCode('occupation', cellAt(cells, col.occupation), problems),
    };

    // The identity schema of a single record: lengths and formats not covered above.
    for (const issue of identityIssues(identity)) {
      const field = issue.field as ImportFieldKey;
      if (problems.some((problem) => problem.field === field)) continue; // reported with a precise code
      problems.push({ field, code: issue.code === 'too_big' ? 'too_long' : 'unknown_value' });
    }
    if (citizenId !== null) {
      if (!/^\d{12}$/.test(citizenId)) problems.push({ field: 'citizenId', code: 'citizen_id_format' });
      else if (sex && birthDate) for (const problem of citizenIdProblems(citizenId, sex, birthDate)) problems.push({ field: 'citizenId', code: CITIZEN_PROBLEM_CODES[problem] });
    }

    const effectiveDate = joinedUnitOn ?? context.effectiveDate;
    const probationStart = probationStartCell ?? admissionDate;
    if (birthDate) {
      if (admissionDate && admissionDate < birthDate) problems.push({ field: 'admissionDate', code: 'date_before_birth' });
      if (probationStartCell && probationStartCell < birthDate) problems.push({ field: 'probationStart', code: 'date_before_birth' });
      if (officialDate && officialDate < birthDate) problems.push({ field: 'officialDate', code: 'date_before_birth' });
      if (joinedUnitOn && joinedUnitOn < birthDate) problems.push({ field: 'joinedUnitOn', code: 'date_before_birth' });
    }
    if (admissionDate) {
      if (probationStartCell && probationStartCell < admissionDate) problems.push({ field: 'probationStart', code: 'date_order' });
      if (officialDate && officialDate < admissionDate) problems.push({ field: 'officialDate', code: 'date_order' });
      if (effectiveDate < admissionDate) problems.push({ field: joinedUnitOn ? 'joinedUnitOn' : 'admissionDate', code: 'date_order' });
    }
    const status = statusCode ?? (officialDate ? 'official' : 'probationary');
    if (status === 'probationary' && officialDate) problems.push({ field: 'officialDate', code: 'official_date_for_probationary' });
    if (status !== 'probationary' && !officialDate && !problems.some((problem) => problem.field === 'officialDate')) {
      problems.push({ field: 'officialDate', code: 'official_date_missing' });
    }

    const keyCitizenId = citizenId && /^\d{12}$/.test(citizenId) ? citizenId : null;
    if (problems.length > 0 || !fullName || !sex || !birthDate || !unitCode || !admissionDate || !probationStart) {
      return { record: null, problems, unitCode, citizenId: keyCitizenId, partyCardNumber };
    }
    const { nameFolded, nameSortKey } = memberNameKeys(fullName);
    // Every field named, in one literal: built by spreads, the record changed shape field by field, and the rows'
    // records were the better part of the checks' time and of the collector's.
    return {
      record: {
        fullName, nameFolded, nameSortKey, sex, birthDate,
        birthplace: identity.birthplace, hometown: identity.hometown, ethnicity: identity.ethnicity, religion: identity.religion,
        citizenId, partyCardNumber, educationLevel: identity.educationLevel, professionalLevel: identity.professionalLevel,
        theoryLevel: identity.theoryLevel, occupation: identity.occupation,
        unitCode, admissionDate, probationStart, officialDate, status, effectiveDate,
      },
      problems, unitCode, citizenId: keyCitizenId, partyCardNumber,
    };
  };
}

/**
 * The citizen IDs and party card numbers a file holds more than once, noted row by row as the rows are checked: every
 * row holding one of them is then marked (`markDuplicatesInFile`). The keys are those the rows are staged with
 * (`RowResult`: a citizen ID normalized to 12 digits, a party card number as written), so that the marking finds them.
 */
export class KeysSeenTwice {
  private readonly citizenIds = new Set<string>();
  private readonly partyCardNumbers = new Set<string>();
  private readonly twiceCitizenIds = new Set<string>();
  private readonly twicePartyCardNumbers = new Set<string>();
  private newKeys: FileKeys = { citizenIds: [], partyCardNumbers: [] };

  note(row: Pick<RowResult, 'citizenId' | 'partyCardNumber'>): void {
    if (row.citizenId !== null) noteKey(row.citizenId, this.citizenIds, this.twiceCitizenIds, this.newKeys.citizenIds);
    if (row.partyCardNumber !== null) noteKey(row.partyCardNumber, this.partyCardNumbers, this.twicePartyCardNumbers, this.newKeys.partyCardNumbers);
  }

  /** The keys first seen since the last call (each key of the file is given once, by the call after its first row). */
  takeNewKeys(): FileKeys {
    const taken = this.newKeys;
    this.newKeys = { citizenIds: [], partyCardNumbers: [] };
    return taken;
  }

  get twice(): { citizenIds: string[]; partyCardNumbers: string[] } {
    return { citizenIds: [...this.twiceCitizenIds], partyCardNumbers: [...this.twicePartyCardNumbers] };
  }
}

/** One key seen: new, or held twice. One lookup of the set (its size tells), not two: every row notes two keys. */
function noteKey(key: string, seen: Set<string>, twice: Set<string>, fresh: string[]): void {
  const size = seen.size;
  seen.add(key);
  if (seen.size === size) twice.add(key);
  else fresh.push(key);
}

/** Citizen IDs and party card numbers of a file (the keys the registry is probed with), each once. */
export interface FileKeys {
  citizenIds: string[];
  partyCardNumbers: string[];
}

/** A row that passed its own checks: staged valid (`is_valid`), until a check across rows or the registry marks it. */
export function passedOwnChecks(row: Pick<RowResult, 'record' | 'problems'>): boolean {
  return row.record !== null && row.problems.length === 0;
}

/** A unit code the rows name, with the earliest date a row with a registration is recorded there (null: none). */
export interface UnitCodeNamed {
  code: string;
  earliest: string | null;
}

/** What a file's rows showed as they were checked: what the checks across the file and against the registry need. */
export interface RowsSeenSummary {
  twice: { citizenIds: string[]; partyCardNumbers: string[] };
  unitCodes: UnitCodeNamed[];
  /** Rows that passed their own checks (`passedOwnChecks`). */
  validRows: number;
}

/**
 * The keys held twice (`KeysSeenTwice`) and the keys each batch saw first (`takeNewKeys`: the registry is probed with
 * them batch by batch), and besides them what lets the validation check a file against the registry without reading
 * its staged rows back: each statement that did took a scan of the staging table, about 0.1 s for
 * 50,000 rows, six of them for a file (member-import/NOTES.md, "Fifth pass").
 */
export class RowsSeen extends KeysSeenTwice {
  private readonly units = new Map<string, string | null>();
  private valid = 0;

  override note(row: RowResult): void {
    super.note(row);
    if (passedOwnChecks(row)) this.valid++;
    if (row.unitCode === null) return;
    const date = row.record?.effectiveDate ?? null;
    const earliest = this.units.get(row.unitCode);
    if (earliest === undefined) this.units.set(row.unitCode, date);
    else if (date !== null && (earliest === null || date < earliest)) this.units.set(row.unitCode, date);
  }

  get summary(): RowsSeenSummary {
    return { twice: this.twice, unitCodes: [...this.units].map(([code, earliest]) => ({ code, earliest })), validRows: this.valid };
  }
}

/** Checks one row on its own (see `rowValidator`, which compiles the mapping once for many rows). */
export function validateRow(cells: readonly string[], context: RowContext): RowResult {
  return rowValidator(context)(cells);
}
