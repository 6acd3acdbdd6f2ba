/**
 * Export of any member list as .xlsx (or CSV), streamed: the same filters and scope as the member list
 * (`listMembers`), read page by page in the list's order while the file is written, so memory stays flat however
 * long the list. The columns are the import template's, so an exported file can be corrected and imported elsewhere.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { IMPORT_FIELDS, IMPORT_STATUSES } from '../../contracts/member-import.ts';
import { MEMBER_REFERENCE_LISTS, referenceLabel } from '../../contracts/member-reference.ts';
import { MEMBER_STATUS_LABELS, type MemberFilter } from '../../contracts/members.ts';
import type { Caller, Executor } from '../../kernel/index.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';
import { listMembers, memberReadScope } from '../members/index.ts';

const PAGE_SIZE = 1_000;

interface ExportRow {
  id: number;
  full_name: string;
  sex: string;
  birth_date: string;
  citizen_id: string | null;
  birthplace: string | null;
  hometown: string | null;
  ethnicity: string | null;
  religion: string | null;
  education_level: string | null;
  professional_level: string | null;
  theory_level: string | null;
  occupation: string | null;
  party_card_number: string | null;
  admission_date: string | null;
  probation_start: string | null;
  official_date: string | null;
  status: string;
}

async function fullRows(db: Executor, ids: readonly number[]): Promise<Map<number, ExportRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('members as m')
    .select(['m.id', 'm.full_name', 'm.sex', 'm.birth_date', 'm.citizen_id', 'm.birthplace', 'm.hometown', 'm.ethnicity', 'm.religion',
      'm.education_level', 'm.professional_level', 'm.theory_level', 'm.occupation', 'm.party_card_number', 'm.admission_date',
      'm.probation_start', 'm.official_date', 'm.status'])
    .where('m.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** The list's members in the list's order, a page at a time, with their full records and their unit's name. */
async function* pages(db: Executor, caller: Caller, filters: MemberFilter) {
  const scope = memberReadScope(caller);
  let after: string | undefined;
  for (;;) {
    const page = await listMembers(db, scope, { ...filters, limit: PAGE_SIZE, after });
    const rows = await fullRows(db, page.items.map((item) => item.id));
    const unitIds = [...new Set(page.items.map((item) => item.unitId))];
    const codes = new Map(unitIds.length === 0 ? [] : (await db.selectFrom('org_units').select(['id', 'code']).where('id', 'in', unitIds).execute()).map((unit) => [unit.id, unit.code]));
    yield page.items.filter((item) => rows.has(item.id)).map((item) => ({ item, row: rows.get(item.id)!, unitCode: codes.get(item.unitId) ?? '' }));
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

const HEADERS = [...IMPORT_FIELDS.map((field) => field.vi), 'Tên chi bộ'];

function cells(row: ExportRow, unitName: string, unitCode: string): (string | Date | null)[] {
  const label = (list: keyof typeof MEMBER_REFERENCE_LISTS, code: string | null) => (code ? referenceLabel(MEMBER_REFERENCE_LISTS[list], code, 'vi') : null);
  const date = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);
  const values: Record<string, string | Date | null> = {
    fullName: row.full_name, sex: label('sex', row.sex), birthDate: date(row.birth_date), citizenId: row.citizen_id, birthplace: row.birthplace,
    hometown: row.hometown, ethnicity: label('ethnicity', row.ethnicity), religion: label('religion', row.religion),
    educationLevel: label('educationLevel', row.education_level), professionalLevel: label('professionalLevel', row.professional_level),
    theoryLevel: label('politicalTheoryLevel', row.theory_level), occupation: label('occupation', row.occupation),
    partyCardNumber: row.party_card_number, unitCode, admissionDate: date(row.admission_date), probationStart: date(row.probation_start),
    officialDate: date(row.official_date),
    status: IMPORT_STATUSES.find((status) => status.code === row.status)?.vi ?? MEMBER_STATUS_LABELS[row.status as keyof typeof MEMBER_STATUS_LABELS]?.vi ?? row.status,
    joinedUnitOn: null,
  };
  return [...IMPORT_FIELDS.map((field) => values[field.key] ?? null), unitName];
}

function csvCell(value: string | Date | null): string {
  if (value === null) return '';
  // A text starting like a formula would be run by a spreadsheet opening the file: keep it text.
  const text = value instanceof Date ? formatVietnameseDate(value.toISOString().slice(0, 10)) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams the list as a file. The first page is read before the stream is returned, so a bad filter or an
 * out-of-scope unit fails the request with its error code instead of a broken file.
 */
export async function exportMembers(db: Executor, caller: Caller, filters: MemberFilter, format: 'xlsx' | 'csv'): Promise<Readable> {
  const iterator = pages(db, caller, filters);
  const first = await iterator.next();
  const output = new PassThrough();
  async function* all() {
    if (!first.done) yield first.value;
    yield* iterator;
  }
  if (format === 'csv') {
    (async () => {
      output.write('\uFEFF' + HEADERS.map(csvCell).join(',') + '\r\n');
      for await (const page of all()) {
        const text = page.map(({ item, row, unitCode }) => cells(row, item.unitName, unitCode).map(csvCell).join(',')).join('\r\n');
        if (text && !output.write(text + '\r\n')) await new Promise((resolve) => output.once('drain', resolve));
      }
      output.end();
    })().catch((error: unknown) => output.destroy(error as Error));
    return output;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Danh sách đảng viên', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HEADERS.map((header, index) => {
    const field = IMPORT_FIELDS[index];
    return { header, width: Math.max(14, header.length + 4), style: field?.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : field && (field.type === 'citizen_id' || field.key === 'unitCode' || field.key === 'partyCardNumber') ? { numFmt: '@' } : {} };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    for await (const page of all()) {
      for (const { item, row, unitCode } of page) sheet.addRow(cells(row, item.unitName, unitCode)).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
