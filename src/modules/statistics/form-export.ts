/**
 * A standard form as a file (issue 12, item 4): Excel that keeps the form's layout (its title, the unit, the date or
 * period, then each section: its title, its columns, its rows), and the PDF of a party document (36-HD/VPTW layout,
 * src/lib/documents: the unit's header, the date line, the title, the sections' tables, the signature block).
 */
import ExcelJS from 'exceljs';
import type { StatisticsForm } from '../../contracts/statistics.ts';
import { unitPlaces, type Executor } from '../../kernel/index.ts';
import { formatVietnameseDate, todayInVietnam } from '../../lib/dates.ts';
import { headerFrom, onBehalfOf, placeAndDate, upper, type PartyDocumentContent } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';

const number = new Intl.NumberFormat('vi-VN');

/** "Tính đến ngày 31/12/2025" or "Từ ngày 01/01/2025 đến ngày 31/12/2025". */
function periodLine(form: StatisticsForm): string {
  return form.date ? `Tính đến ngày ${formatVietnameseDate(form.date)}` : `Từ ngày ${formatVietnameseDate(form.from!)} đến ngày ${formatVietnameseDate(form.to!)}`;
}

/** The file's name: the form, the unit's id and the date or period. */
export function formFileName(form: StatisticsForm, format: 'xlsx' | 'pdf'): string {
  return `bieu-${form.key}-${form.unitId}-${form.date ?? `${form.from}_${form.to}`}.${format}`;
}

async function placeOf(db: Executor, form: StatisticsForm) {
  // The report is dated the day it is made; the unit is placed as it stands on the report's date.
  const place = (await unitPlaces(db, [form.unitId], form.date ?? form.to!)).get(form.unitId);
  return { header: headerFrom(place, todayInVietnam()), label: place?.label ?? form.unitName };
}

export async function formWorkbook(db: Executor, form: StatisticsForm): Promise<Buffer> {
  const { header, label } = await placeOf(db, form);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(form.title.vi.slice(0, 31));
  const width = Math.max(...form.sections.map((section) => section.columns.length)) + 1;
  const merged = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow([text]);
    row.font = font;
    sheet.mergeCells(row.number, 1, row.number, width);
    row.alignment = { horizontal: 'center' };
  };
  sheet.addRow([label]).font = { bold: true };
  merged(upper(form.title.vi), { bold: true, size: 14 });
  merged(periodLine(form), { italic: true });
  merged(placeAndDate(header.place, header.date), { italic: true });
  sheet.addRow([]);
  for (const section of form.sections) {
    sheet.addRow([section.title.vi]).font = { bold: true };
    const head = sheet.addRow(['Chỉ tiêu', ...section.columns.map((column) => column.label.vi)]);
    head.font = { bold: true };
    head.eachCell((cell) => { cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }; });
    for (const row of section.rows) {
      const line = sheet.addRow([row.label.vi, ...row.cells.map((cell) => cell.count)]);
      line.eachCell((cell) => { cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }; });
    }
    sheet.addRow([]);
  }
  sheet.addRow([`Căn cứ: ${form.regulation}.`]).font = { italic: true };
  sheet.columns.forEach((column, index) => { column.width = index === 0 ? 46 : 16; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function formPdf(db: Executor, form: StatisticsForm): Promise<Buffer> {
  const { header, label } = await placeOf(db, form);
  const content: PartyDocumentContent = {
    header,
    title: `Biểu thống kê: ${form.title.vi}`,
    subtitle: `${periodLine(form)}${label ? ` · ${label}` : ''}`,
    sections: form.sections.map((section) => ({
      heading: section.title.vi,
      columns: [{ header: 'Chỉ tiêu', width: 4 }, ...section.columns.map((column) => ({ header: column.label.vi, width: 1.3, align: 'right' as const }))],
      rows: section.rows.map((row) => [row.label.vi, ...row.cells.map((cell) => number.format(cell.count))]),
    })),
    closing: [`Căn cứ: ${form.regulation}.`],
    recipients: ['Cấp ủy cấp trên', 'Lưu'],
    signature: { onBehalfOf: onBehalfOf(header.unit), role: 'Bí thư' },
  };
  return renderPartyDocumentInWorker(content);
}
