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
import { roleCan } from '../../contracts/permissions.ts';
import { AppError } from '../../contracts/errors.ts';
import { unitPlaces, type Caller, type Executor } from '../../kernel/index.ts';
import { formatVietnameseDate, todayInVietnam } from '../../lib/dates.ts';
import { localityOf, placeAndDate, upper } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';
import { listMembers, memberReadScope } from '../members/index.ts';

/** The title an exported or printed member list carries (issue 10, item 6). */
export const TITLE = 'Danh sách đảng viên';
/** Rows above the column headers in the .xlsx: the unit with its place, the title, the place and date, the list's date ("Tính đến ngày …") or a blank. */
const TITLE_ROWS = 4;

export interface ListHeading {
  unitId: number | null;
  /** The unit with where it is ("Chi bộ khu 1 · Đảng bộ phường Cẩm Phả"). */
  unitLabel: string;
  unitName: string;
  superior: string | null;
  place: string | null;
  /** The list's date: the members and their units as they stood then (today unless `asOf`). */
  date: string;
  /** The date asked (`asOf`), printed as "Tính đến ngày …"; the document itself is dated the day it is made. */
  asOf: string | null;
}

/**
 * Whose list it is: the unit filtered on, else the unit of the caller's first grant that reads members; printed with
 * its place (`unitPlaces`) on the list's date. The unit's scope was checked by the list's first page already.
 */
export async function headingOf(db: Executor, caller: Caller, filters: MemberFilter): Promise<ListHeading> {
  const date = filters.asOf ?? todayInVietnam();
  const unitId = filters.unitId ?? caller.grants.find((grant) => roleCan(grant.role, 'member.read'))?.unitId ?? null;
  const place = unitId === null ? undefined : (await unitPlaces(db, [unitId], date)).get(unitId);
  const asOf = filters.asOf ?? null;
  if (!place) return { unitId, unitLabel: '', unitName: '', superior: null, place: null, date, asOf };
  return { unitId, unitLabel: place.label, unitName: place.name, superior: place.above[0] ?? null, place: localityOf([place.name, ...place.above]), date, asOf };
}

/** "Tính đến ngày 30/06/2023" for a list as of a past date (the list's date, apart from the document's own). */
function asOfLine(heading: ListHeading): string | null {
  return heading.asOf ? `Tính đến ngày ${formatVietnameseDate(heading.asOf)}` : null;
}

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

/** The status's label: the list's status on its date (`asOf`), not the record's today. */
function statusLabel(status: string): string {
  return IMPORT_STATUSES.find((entry) => entry.code === status)?.vi ?? MEMBER_STATUS_LABELS[status as keyof typeof MEMBER_STATUS_LABELS]?.vi ?? status;
}

function cells(row: ExportRow, status: string, unitName: string, unitCode: string): (string | Date | null)[] {
  const label = (list: keyof typeof MEMBER_REFERENCE_LISTS, code: string | null) => (code ? referenceLabel(MEMBER_REFERENCE_LISTS[list], code, 'vi') : null);
  const date = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);
  const values: Record<string, string | Date | null> = {
    fullName: row.full_name, sex: label('sex', row.sex), birthDate: date(row.birth_date), citizenId: row.citizen_id, birthplace: row.birthplace,
    hometown: row.hometown, ethnicity: label('ethnicity', row.ethnicity), religion: label('religion', row.religion),
    educationLevel: label('educationLevel', row.education_level), professionalLevel: label('professionalLevel', row.professional_level),
    theoryLevel: label('politicalTheoryLevel', row.theory_level), occupation: label('occupation', row.occupation),
    partyCardNumber: row.party_card_number, unitCode, admissionDate: date(row.admission_date), probationStart: date(row.probation_start),
    officialDate: date(row.official_date),
    status: statusLabel(status),
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
        const text = page.map(({ item, row, unitCode }) => cells(row, item.status, item.unitName, unitCode).map(csvCell).join(',')).join('\r\n');
        if (text && !output.write(text + '\r\n')) await new Promise((resolve) => output.once('drain', resolve));
      }
      output.end();
    })().catch((error: unknown) => output.destroy(error as Error));
    return output;
  }
  const heading = await headingOf(db, caller, filters);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Danh sách đảng viên', { views: [{ state: 'frozen', ySplit: TITLE_ROWS + 1 }] });
  // The title rows each hold one cell, so the import still finds the column headers (the first row with two cells).
  // The document is dated the day it is made; a list as of another date says so on the row under it.
  const titles = [heading.unitLabel, upper(TITLE), placeAndDate(heading.place, todayInVietnam())];
  titles.forEach((text, index) => {
    const row = sheet.addRow([text]);
    row.font = { bold: index < 2, italic: index === 2, size: index === 1 ? 14 : 12 };
    row.commit();
  });
  const asOf = asOfLine(heading);
  const fourth = sheet.addRow(asOf ? [asOf] : []);
  if (asOf) fourth.font = { italic: true, size: 12 };
  fourth.commit();
  sheet.columns = [{ key: 'stt', width: 6 }, ...HEADERS.map((header, index) => {
    const field = IMPORT_FIELDS[index];
    return { key: `c${index}`, width: Math.max(14, header.length + 4), style: field?.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : field && (field.type === 'citizen_id' || field.key === 'unitCode' || field.key === 'partyCardNumber') ? { numFmt: '@' } : {} };
  })];
  const headerRow = sheet.addRow(['STT', ...HEADERS]);
  headerRow.font = { bold: true };
  headerRow.commit();
  let number = 0;
  (async () => {
    for await (const page of all()) {
      for (const { item, row, unitCode } of page) sheet.addRow([++number, ...cells(row, item.status, item.unitName, unitCode)]).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

/** At most this many members in a printed list: a longer list is exported to Excel (measured in NOTES.md). */
export const MEMBER_PDF_MAX_ROWS = 5_000;

/**
 * The list printed as a party document (36-HD/VPTW layout, src/lib/documents): the unit with its place, the title,
 * one row per member with STT, the member's cell with its place, and the signature block of the unit's secretary.
 */
export async function printMembers(db: Executor, caller: Caller, filters: MemberFilter): Promise<Buffer> {
  const heading = await headingOf(db, caller, filters);
  const rows: string[][] = [];
  for await (const page of pages(db, caller, filters)) {
    if (rows.length + page.length > MEMBER_PDF_MAX_ROWS) throw new AppError('MEMBER_PRINT_TOO_LONG', { max: MEMBER_PDF_MAX_ROWS });
    const places = await unitPlaces(db, page.map(({ item }) => item.unitId), heading.date);
    for (const { item, row } of page) {
      const status = statusLabel(item.status);
      rows.push([row.full_name, formatVietnameseDate(row.birth_date), row.sex === 'female' ? 'Nữ' : 'Nam', places.get(item.unitId)?.label ?? item.unitName,
        row.admission_date ? formatVietnameseDate(row.admission_date) : '', row.official_date ? formatVietnameseDate(row.official_date) : '', status]);
    }
  }
  // Thousands of rows are seconds of CPU: laid out in a worker so the server keeps answering.
  return renderPartyDocumentInWorker({
    header: { superior: heading.superior, unit: heading.unitName, place: heading.place, date: todayInVietnam() },
    title: TITLE,
    subtitle: [asOfLine(heading), heading.unitLabel ? `${heading.unitLabel} (${rows.length} đảng viên)` : `${rows.length} đảng viên`].filter(Boolean).join(' · '),
    landscape: true,
    table: {
      columns: [
        { header: 'Họ và tên', width: 3 }, { header: 'Ngày sinh', width: 1.5, align: 'center' }, { header: 'Giới tính', width: 1, align: 'center' },
        { header: 'Chi bộ', width: 5 }, { header: 'Ngày vào Đảng', width: 1.5, align: 'center' }, { header: 'Ngày chính thức', width: 1.5, align: 'center' },
        { header: 'Diện đảng viên', width: 1.6 },
      ],
      rows,
    },
    recipients: ['Như trên', 'Lưu'],
    // A cell's secretary signs for the cell; a committee's for the committee (36-HD/VPTW: "T/M", on behalf of).
    signature: { onBehalfOf: heading.unitName ? (/^chi bộ/iu.test(heading.unitName) ? 'T/M Chi bộ' : 'T/M Đảng ủy') : null, role: 'Bí thư' },
  });
}
