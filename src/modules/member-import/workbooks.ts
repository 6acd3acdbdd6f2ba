/**
 * The workbooks the import hands out: the template (Vietnamese headers, drop-down lists for the reference fields,
 * text columns for numbers that must keep their leading zeros, an instructions sheet, the reference lists and the
 * caller's cells), and the error report (the bad rows as they were, with an error column, to fix and re-import).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { IMPORT_FIELDS, IMPORT_MAX_BYTES, IMPORT_STATUSES } from '../../contracts/member-import.ts';
import { MEMBER_REFERENCE_LISTS } from '../../contracts/member-reference.ts';

/** Rows of the template's data sheet that carry the drop-down lists. */
export const TEMPLATE_VALIDATED_ROWS = 5_000;
export const TEMPLATE_DATA_SHEET = 'Danh sách đảng viên';
const LISTS_SHEET = 'Danh mục';

interface DataValidationModel {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

/** The import template, with the caller's cells (code, name, where it is) listed on their own sheet. */
export async function buildTemplate(cells: readonly { code: string; name: string; place?: string }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cellbase';
  workbook.created = new Date();

  const data = workbook.addWorksheet(TEMPLATE_DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const instructions = workbook.addWorksheet('Hướng dẫn');
  const lists = workbook.addWorksheet(LISTS_SHEET);
  const cellSheet = workbook.addWorksheet('Chi bộ');

  // Reference lists, one per column, Vietnamese labels (what the drop-downs show and the import reads).
  const listColumns = new Map<string, string>();
  const listSources: { name: string; title: string; labels: string[] }[] = [
    ...IMPORT_FIELDS.filter((field) => field.list).map((field) => ({ name: field.key, title: field.vi, labels: MEMBER_REFERENCE_LISTS[field.list!].map((item) => item.vi) })),
    { name: 'status', title: 'Diện đảng viên', labels: IMPORT_STATUSES.map((item) => item.vi) },
  ];
  listSources.forEach((source, index) => {
    const letter = columnLetter(index);
    lists.getCell(`${letter}1`).value = source.title;
    lists.getCell(`${letter}1`).font = { bold: true };
    source.labels.forEach((label, row) => { lists.getCell(`${letter}${row + 2}`).value = label; });
    lists.getColumn(index + 1).width = 28;
    listColumns.set(source.name, `'${LISTS_SHEET}'!$${letter}$2:$${letter}$${source.labels.length + 1}`);
  });

  data.columns = IMPORT_FIELDS.map((field) => ({
    header: field.required ? `${field.vi} (*)` : field.vi,
    key: field.key,
    width: Math.max(14, field.vi.length + 6),
    style: field.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : field.type === 'citizen_id' || field.key === 'partyCardNumber' || field.key === 'unitCode' ? { numFmt: '@' } : {},
  }));
  const header = data.getRow(1);
  header.eachCell((cell) => { cell.fill = HEADER_FILL; cell.font = HEADER_FONT; cell.alignment = { vertical: 'middle', wrapText: true }; });
  header.height = 30;
  const validations = (data as unknown as { dataValidations: DataValidationModel }).dataValidations;
  IMPORT_FIELDS.forEach((field, index) => {
    const range = `${columnLetter(index)}2:${columnLetter(index)}${TEMPLATE_VALIDATED_ROWS + 1}`;
    const source = listColumns.get(field.key);
    if (source) {
      validations.add(range, {
        type: 'list', allowBlank: !field.required, formulae: [source], showErrorMessage: true, errorStyle: 'warning',
        errorTitle: field.vi, error: `Chọn một giá trị trong danh sách "${field.vi}".`,
      });
    } else if (field.type === 'date') {
      validations.add(range, {
        type: 'date', operator: 'between', allowBlank: true, formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        showErrorMessage: true, errorStyle: 'warning', errorTitle: field.vi, error: 'Nhập ngày dạng dd/mm/yyyy.',
      });
    }
  });

  instructions.columns = [{ width: 30 }, { width: 12 }, { width: 90 }];
  const lines: (string | [string, string, string])[] = [
    'HƯỚNG DẪN NHẬP DANH SÁCH ĐẢNG VIÊN',
    '',
    `1. Nhập mỗi đảng viên trên một dòng của trang "${TEMPLATE_DATA_SHEET}", bắt đầu từ dòng 2; không sửa dòng tiêu đề.`,
    '2. Cột có dấu (*) là bắt buộc. Ngày ghi theo dạng dd/mm/yyyy.',
    `3. Các cột có danh sách chọn (dân tộc, tôn giáo, trình độ...) lấy giá trị ở trang "${LISTS_SHEET}".`,
    '4. Mã chi bộ lấy ở trang "Chi bộ" (các chi bộ thuộc phạm vi được phân quyền).',
    '5. Số CCCD, số thẻ đảng viên, mã chi bộ là cột văn bản: giữ nguyên các chữ số 0 ở đầu.',
    `6. Tệp .xlsx hoặc .csv (UTF-8), tối đa ${Math.round(IMPORT_MAX_BYTES / 1024 / 1024)} MB. Khi có dòng lỗi, tải báo cáo lỗi, sửa và nhập lại.`,
    '',
    ['Cột', 'Bắt buộc', 'Ghi chú'],
    ...IMPORT_FIELDS.map((field): [string, string, string] => [field.vi, field.required ? 'Có' : '', field.hintVi]),
  ];
  lines.forEach((line, index) => {
    const row = instructions.getRow(index + 1);
    if (typeof line === 'string') row.getCell(1).value = line;
    else line.forEach((value, column) => { row.getCell(column + 1).value = value; });
    if (index === 0 || (Array.isArray(line) && line[0] === 'Cột')) row.font = { bold: true };
  });

  cellSheet.columns = [
    { header: 'Mã chi bộ', key: 'code', width: 20, style: { numFmt: '@' } }, { header: 'Tên chi bộ', key: 'name', width: 40 },
    // Where the cell is: a province holds dozens of "Chi bộ khu 1".
    { header: 'Thuộc', key: 'place', width: 70 },
  ];
  cellSheet.getRow(1).font = { bold: true };
  for (const cell of cells) cellSheet.addRow({ code: cell.code, name: cell.name, place: cell.place ?? '' });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Streams the error report: the original header plus an error column, then each bad row's cells as they were read
 * and its problems. Rows come from `pages`, fetched as the file is written.
 */
export function streamErrorReport(headers: readonly string[], pages: AsyncIterable<{ cells: readonly string[]; problems: string }[]>): PassThrough {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Dòng lỗi', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [...headers.map((header) => ({ header, width: Math.max(12, header.length + 4), style: { numFmt: '@' } })), { header: 'Lỗi', width: 80 }];
  const headerRow = sheet.getRow(1);
  headerRow.font = { bold: true };
  headerRow.commit();
  (async () => {
    for await (const page of pages) {
      for (const row of page) {
        const values = headers.map((_, index) => row.cells[index] ?? '');
        sheet.addRow([...values, row.problems]).commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
