/**
 * The member import's declarations for the gatherers. Its routes act under 'member.write'; the row-level problems of a
 * file are `IMPORT_ROW_ERRORS` (src/contracts/member-import.ts), not error codes.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  IMPORT_FILE_EMPTY: { status: 422, vi: 'Tệp tải lên rỗng.', en: 'The uploaded file is empty.' },
  IMPORT_FILE_NOT_SPREADSHEET: { status: 422, vi: 'Tệp không phải bảng tính Excel (.xlsx) hoặc CSV (UTF-8).', en: 'The file is not an Excel (.xlsx) or CSV (UTF-8) spreadsheet.' },
  IMPORT_FILE_LEGACY_XLS: { status: 422, vi: 'Định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx.', en: 'The old Excel format (.xls) is not supported; save the file as .xlsx.' },
  IMPORT_NO_HEADER: { status: 422, vi: 'Không tìm thấy dòng tiêu đề cột trong 20 dòng đầu của tệp.', en: 'No header row was found in the first 20 rows of the file.' },
  IMPORT_NO_ROWS: { status: 422, vi: 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.', en: 'The file has no data rows below the header.' },
  IMPORT_TOO_MANY_ROWS: { status: 422, vi: 'Tệp có quá nhiều dòng cho một lần nhập.', en: 'The file has too many rows for one import.' },
  IMPORT_FILE_TOO_WIDE: { status: 422, vi: 'Tệp có dữ liệu ở cột quá xa (tối đa 256 cột); hãy xóa các cột thừa.', en: 'The file has data too far to the right (at most 256 columns); remove the extra columns.' },
  IMPORT_FILE_UNPACKS_TOO_LARGE: { status: 422, vi: 'Tệp .xlsx khi giải nén quá lớn hoặc nén bất thường; không thể đọc.', en: 'The .xlsx file unpacks to too much data or is abnormally compressed; it cannot be read.' },
  IMPORT_FILE_TOO_COMPLEX: { status: 422, vi: 'Tệp cần quá nhiều thời gian hoặc bộ nhớ để đọc; hãy chia nhỏ hoặc lưu lại tệp.', en: 'The file takes too much time or memory to read; split it or save it again.' },
  IMPORT_READERS_BUSY: { status: 429, vi: 'Máy chủ đang đọc nhiều tệp cùng lúc; hãy thử lại sau ít phút.', en: 'The server is reading many files at once; try again in a few minutes.' },
  IMPORT_MAPPING_INCOMPLETE: { status: 422, vi: 'Chưa ghép đủ các cột bắt buộc.', en: 'Required columns are not mapped.' },
  IMPORT_MAPPING_INVALID: { status: 422, vi: 'Ghép cột không hợp lệ (cột không tồn tại hoặc một cột ghép cho hai trường).', en: 'Invalid column mapping (a column does not exist or is mapped twice).' },
  IMPORT_JOB_BUSY: { status: 409, vi: 'Đợt nhập đang được xử lý; hãy chờ hoàn tất.', en: 'The import is being processed; wait until it finishes.' },
  IMPORT_NOT_VALIDATED: { status: 409, vi: 'Đợt nhập chưa được kiểm tra dữ liệu.', en: 'The import has not been validated.' },
  IMPORT_ALREADY_APPLIED: { status: 409, vi: 'Đợt nhập đã được ghi vào hồ sơ.', en: 'The import has already been applied.' },
  IMPORT_HAS_INVALID_ROWS: { status: 422, vi: 'Có dòng dữ liệu lỗi; không ghi dòng nào. Hãy sửa theo báo cáo lỗi, hoặc chọn chỉ ghi các dòng hợp lệ.', en: 'Some rows are invalid; nothing was applied. Fix them from the error report, or choose to apply the valid rows only.' },
  IMPORT_LOOKUP_KEY_UNKNOWN: { status: 422, vi: 'Không có cột nào của tệp (hoặc trường đã ghép cột) mang tên này.', en: 'No column of the file (nor mapped field) has this name.' },
  IMPORT_JOB_ERASED: {
    status: 410,
    vi: 'Dữ liệu tệp của đợt nhập này đã được xóa khi hết thời hạn lưu; hãy tải tệp lên lại nếu cần.',
    en: 'This import\'s file and rows were erased when their keeping period ended; upload the file again if needed.',
    explain: (details, locale) => {
      const { erasedOn, keptDays } = (details ?? {}) as { erasedOn?: unknown; keptDays?: unknown };
      if (typeof erasedOn !== 'string' || typeof keptDays !== 'number') return null;
      const day = formatVietnameseDate(erasedOn);
      return locale === 'vi'
        ? `Dữ liệu tệp của đợt nhập này đã được xóa ngày ${day}, sau ${keptDays} ngày kể từ khi đợt nhập kết thúc (dữ liệu cá nhân chỉ được lưu trong thời hạn cần thiết); hãy tải tệp lên lại nếu cần.`
        : `This import's file and rows were erased on ${day}, ${keptDays} days after the import ended (personal data is kept no longer than needed); upload the file again if needed.`;
    },
  },
  IMPORT_NO_VALID_ROWS: { status: 422, vi: 'Không có dòng hợp lệ nào để ghi.', en: 'There is no valid row to apply.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
