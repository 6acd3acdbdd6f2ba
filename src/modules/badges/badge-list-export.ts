/**
 * The badge list of a presentation day as a file (issue 10, items 5 and 6): the whole list, every page of
 * `listBadgesDue`, as .xlsx (title, unit with its place, date, STT) or as a party document (36-HD/VPTW layout,
 * src/lib/documents) to send with the proposal for the badges (01-HD/TW point 18).
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../contracts/errors.ts';
import { roleCan } from '../../contracts/permissions.ts';
import { placeLabel, unitPlaces, type Caller, type Executor } from '../../kernel/index.ts';
import { formatVietnameseDate, todayInVietnam } from '../../lib/dates.ts';
import { headerFrom, onBehalfOf, placeAndDate, upper, type PartyDocumentContent } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';
import { listBadgesDue } from './badges.service.ts';

/** At most this many rows in one file: a province's day is about 7,000 (6,715 on the demo). */
export const BADGE_LIST_MAX_ROWS = 10_000;

const TITLE = 'Danh sách đảng viên đề nghị tặng Huy hiệu Đảng';
const COLUMNS = ['Họ và tên', 'Ngày sinh', 'Chi bộ', 'Ngày vào Đảng', 'Tuổi đảng', 'Huy hiệu', 'Ghi chú'];

/** The whole list in one read (`listBadgesDue` computes the day's list whole and pages it; one page of all here). */
async function wholeList(db: Executor, caller: Caller, query: { presentationDate: string; unitId?: number }) {
  const list = await listBadgesDue(db, caller, { ...query, limit: BADGE_LIST_MAX_ROWS });
  if (list.nextCursor) throw new AppError('BADGE_LIST_TOO_LONG', { total: list.total, max: BADGE_LIST_MAX_ROWS });
  return list;
}

async function heading(db: Executor, caller: Caller, query: { presentationDate: string; unitId?: number }) {
  const unitId = query.unitId ?? caller.grants.find((grant) => roleCan(grant.role, 'member.read'))?.unitId;
  const place = unitId === undefined ? undefined : (await unitPlaces(db, [unitId], query.presentationDate)).get(unitId);
  // The proposal is dated the day it is printed; the units are placed as they stand on the presentation day.
  return { header: headerFrom(place, todayInVietnam()), label: place?.label ?? '' };
}

function rowOf(item: Awaited<ReturnType<typeof wholeList>>['items'][number]): string[] {
  const notes = [item.early ? 'Trao sớm (bệnh hiểm nghèo)' : '', item.presentedOn ? `Đã trao ${formatVietnameseDate(item.presentedOn)}` : ''].filter(Boolean).join('; ');
  return [item.fullName, formatVietnameseDate(item.birthDate), placeLabel(item.unitName, item.unitPlace), formatVietnameseDate(item.admissionDate),
    String(item.partyAgeYears), `${item.milestone} năm`, notes];
}

export async function badgeListWorkbook(db: Executor, caller: Caller, query: { presentationDate: string; unitId?: number }): Promise<Buffer> {
  const list = await wholeList(db, caller, query);
  const { header, label } = await heading(db, caller, query);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Huy hiệu Đảng', { views: [{ state: 'frozen', ySplit: 5 }] });
  sheet.addRow([label]).font = { bold: true };
  sheet.addRow([upper(TITLE)]).font = { bold: true, size: 14 };
  sheet.addRow([`Đợt ${formatVietnameseDate(query.presentationDate)}`]).font = { bold: true };
  sheet.addRow([placeAndDate(header.place, header.date)]).font = { italic: true };
  sheet.addRow(['STT', ...COLUMNS]).font = { bold: true };
  list.items.forEach((item, index) => sheet.addRow([index + 1, ...rowOf(item)]));
  sheet.columns.forEach((column, index) => { column.width = [6, 28, 12, 48, 14, 10, 10, 28][index] ?? 14; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function badgeListPdf(db: Executor, caller: Caller, query: { presentationDate: string; unitId?: number }): Promise<Buffer> {
  const list = await wholeList(db, caller, query);
  const { header, label } = await heading(db, caller, query);
  const content: PartyDocumentContent = {
    header,
    title: TITLE,
    subtitle: `Đợt ${formatVietnameseDate(query.presentationDate)}${label ? ` · ${label}` : ''} (${list.items.length} đảng viên)`,
    landscape: true,
    table: {
      columns: [
        { header: COLUMNS[0], width: 3 }, { header: COLUMNS[1], width: 1.4, align: 'center' }, { header: COLUMNS[2], width: 5 },
        { header: COLUMNS[3], width: 1.5, align: 'center' }, { header: COLUMNS[4], width: 1, align: 'center' }, { header: COLUMNS[5], width: 1.1, align: 'center' },
        { header: COLUMNS[6], width: 2 },
      ],
      rows: list.items.map(rowOf),
    },
    closing: [`Căn cứ: ${list.regulation}.`],
    recipients: ['Như trên', 'Lưu'],
    signature: { onBehalfOf: onBehalfOf(header.unit), role: 'Bí thư' },
  };
  // Hundreds of pages take seconds of CPU: laid out in a worker so the server keeps answering.
  return renderPartyDocumentInWorker(content);
}
