/** Helpers of the import suites: files built the way officers' spreadsheets look, and polling a job to its end. */
import ExcelJS from 'exceljs';
import type { ApiClient } from '../../helpers/app.ts';
import { validCitizenId } from '../../helpers/member-factories.ts';

export const CSV_HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Dân tộc', 'Tôn giáo', 'Lý luận chính trị', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày chính thức'];

export interface PersonRow {
  name: string;
  sex?: 'Nam' | 'Nữ';
  birth?: string;          // dd/mm/yyyy
  citizenId?: string;
  ethnicity?: string;
  religion?: string;
  theory?: string;
  unitCode: string;
  admitted?: string;       // dd/mm/yyyy
  official?: string;       // dd/mm/yyyy
}

function isoOf(dmy: string): string {
  const [d, m, y] = dmy.split('/');
  return `${y}-${m}-${d}`;
}

export function personCells(person: PersonRow): string[] {
  const sex = person.sex ?? 'Nam';
  const birth = person.birth ?? '15/06/1985';
  return [
    person.name, sex, birth, person.citizenId ?? validCitizenId(sex === 'Nam' ? 'male' : 'female', isoOf(birth)), person.ethnicity ?? 'Kinh',
    person.religion ?? 'Không', person.theory ?? 'Sơ cấp', person.unitCode, person.admitted ?? '03/02/2010', person.official ?? '03/02/2011',
  ];
}

function csvCell(value: string): string {
  return /[",;\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV file as Excel writes it for Vietnamese users: UTF-8 with a BOM, CRLF line ends. */
export function csvFile(rows: readonly (readonly string[])[], header: readonly string[] = CSV_HEADER): Buffer {
  const text = [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** An .xlsx file with typed cells: real dates, and citizen IDs as numbers (losing their leading zeros). */
export async function xlsxFile(rows: readonly PersonRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DS');
  sheet.addRow(['STT', ...CSV_HEADER]);
  rows.forEach((person, index) => {
    const cells = personCells(person);
    const toDate = (dmy: string) => new Date(`${isoOf(dmy)}T00:00:00Z`);
    sheet.addRow([index + 1, cells[0], cells[1], toDate(cells[2]), Number(cells[3]), cells[4], cells[5], cells[6], cells[7], toDate(cells[8]), toDate(cells[9])]);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

export function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value == null ? '' : String(value))));
  });
  return rows;
}

export async function upload(client: ApiClient, unitId: number, filename: string, data: Buffer, contentType = 'application/octet-stream') {
  return client.request('POST', `/api/member-import/jobs?unitId=${unitId}&filename=${encodeURIComponent(filename)}`, data, { 'content-type': contentType });
}

/** Polls a job until it is no longer validating or applying. */
export async function waitForJob(client: ApiClient, jobId: number): Promise<Record<string, any>> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const response = await client.get(`/api/member-import/jobs/${jobId}`);
    if (response.statusCode !== 200) throw new Error(`job ${jobId}: ${response.statusCode} ${response.body}`);
    const job = response.json();
    if (job.status !== 'validating' && job.status !== 'applying') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** Upload → validate with the proposed mapping → wait. */
export async function uploadAndValidate(client: ApiClient, unitId: number, filename: string, data: Buffer, extra: Record<string, unknown> = {}) {
  const uploaded = await upload(client, unitId, filename, data);
  if (uploaded.statusCode !== 201) throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  const job = uploaded.json();
  const started = await client.post(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion, ...extra });
  if (started.statusCode !== 202) throw new Error(`validate: ${started.statusCode} ${started.body}`);
  return waitForJob(client, job.id);
}

export async function applyJob(client: ApiClient, job: { id: number; rowVersion: number }, mode: 'all' | 'valid_only') {
  return client.post(`/api/member-import/jobs/${job.id}/apply`, { mode, expectedRowVersion: job.rowVersion });
}
