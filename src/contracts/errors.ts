/**
 * Stable error codes: the one list. Each code has its HTTP status and its message in Vietnamese and English.
 * Clients branch on `code`, never on the message. Add a code before throwing it; never rename one.
 * The codes every area may answer are declared here; an area's own codes are declared in its `contract.ts` (`errors`)
 * and gathered below, one line per area. A code is declared once: a spread would silently keep the last declaration,
 * so test/integration/foundation/area-contracts.test.ts refuses a code declared twice.
 */
import type { ErrorDefinition, ErrorTable, Locale } from './error-table.ts';
import * as accounts from '../modules/accounts/contract.ts';
import * as badges from '../modules/badges/contract.ts';
import * as decisions from '../modules/decisions/contract.ts';
import * as health from '../modules/health/contract.ts';
import * as journal from '../modules/journal/contract.ts';
import * as memberCleaning from '../modules/member-cleaning/contract.ts';
import * as memberExport from '../modules/member-export/contract.ts';
import * as memberImport from '../modules/member-import/contract.ts';
import * as members from '../modules/members/contract.ts';
import * as orgs from '../modules/orgs/contract.ts';
import * as transfers from '../modules/transfers/contract.ts';
import * as notifications from '../modules/notifications/contract.ts';
import * as home from '../modules/home/contract.ts';
import * as statistics from '../modules/statistics/contract.ts';
import * as admissions from '../modules/admissions/contract.ts';
import * as reviews from '../modules/reviews/contract.ts';

export type { ErrorDefinition, ErrorTable, Locale };

/** The codes that belong to no area: request, access, dates, the demo-data tool. */
export const GENERIC_ERRORS = {
  // Generic request errors
  VALIDATION_FAILED: { status: 422, vi: 'Dữ liệu không hợp lệ.', en: 'The request data is not valid.' },
  MALFORMED_REQUEST: {
    status: 400, vi: 'Yêu cầu không đúng định dạng (JSON lỗi).', en: 'The request is malformed (invalid JSON).',
    // Said precisely when the details tell: an upload's body is multipart, not JSON; a JSON body nested too deep.
    explain: (details, locale) => {
      const { format, maxDepth } = details as { format?: unknown; maxDepth?: unknown };
      if (format === 'multipart') {
        return locale === 'vi'
          ? 'Dữ liệu tải lên không đúng định dạng multipart/form-data (thiếu ranh giới hoặc bị cắt ngang); hãy gửi lại.'
          : 'The upload is not well-formed multipart/form-data (no boundary, or cut short); send it again.';
      }
      if (typeof maxDepth === 'number') {
        return locale === 'vi' ? `Dữ liệu JSON lồng nhau quá sâu (tối đa ${maxDepth} cấp).` : `The JSON body is nested too deep (at most ${maxDepth} levels).`;
      }
      return null;
    },
  },
  // A well-formed JSON body with a key that could reach an object's prototype (`__proto__`, or `constructor` holding
  // `prototype`): refused whole, never dropped, at the parser (src/http/app.ts); details.field names where.
  JSON_FORBIDDEN_KEY: {
    status: 400,
    vi: 'Dữ liệu JSON có khóa "__proto__" hoặc "constructor.prototype", là khóa không được phép; hãy bỏ khóa này rồi gửi lại.',
    en: 'The JSON body holds a "__proto__" or "constructor.prototype" key, which is not allowed; remove it and send again.',
    explain: (details, locale) => {
      const { field } = details as { field?: unknown };
      if (typeof field !== 'string') return null;
      return locale === 'vi'
        ? `Dữ liệu JSON có khóa không được phép tại ${field} ("__proto__" hoặc "constructor.prototype"); hãy bỏ khóa này rồi gửi lại.`
        : `The JSON body holds a key that is not allowed at ${field} ("__proto__" or "constructor.prototype"); remove it and send again.`;
    },
  },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Kiểu dữ liệu gửi lên không được hỗ trợ.', en: 'The content type is not supported.' },
  // An upload (multipart/form-data) with more parts than its route takes, however small: details.limit names which.
  UPLOAD_TOO_MANY_PARTS: { status: 400, vi: 'Biểu mẫu tải lên có quá nhiều phần (trường hoặc tệp); chỉ gửi tệp và các trường được yêu cầu.', en: 'The upload has too many parts (fields or files); send only the file and the fields asked for.' },
  TEXT_INVALID_CHARACTERS: { status: 422, vi: 'Dữ liệu chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode hỏng).', en: 'The request contains invalid characters (a NUL character or broken Unicode).' },
  REQUEST_TIMEOUT: { status: 408, vi: 'Yêu cầu gửi đến quá chậm; hãy thử lại.', en: 'The request took too long to arrive; try again.' },
  HEADERS_TOO_LARGE: { status: 431, vi: 'Phần đầu của yêu cầu quá lớn (thường do cookie quá dài); hãy xóa cookie của trang và thử lại.', en: 'The request headers are too large (often an oversized cookie); clear the site\'s cookies and try again.' },
  URL_INVALID: { status: 400, vi: 'Đường dẫn yêu cầu không hợp lệ.', en: 'The request path is not valid.' },
  URL_TOO_LONG: { status: 414, vi: 'Đường dẫn yêu cầu quá dài.', en: 'The request path is too long.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, vi: 'Không có chức năng này.', en: 'No such endpoint.' },
  CONFLICT: { status: 409, vi: 'Dữ liệu vừa được người khác thay đổi; hãy tải lại và thử lại.', en: 'The data was changed by someone else; reload and try again.' },
  // A read that ran past the pool's statement limit (60 s): refused, never left to run, and not a server fault.
  // A printed document waited longer than its bound for a place (src/lib/documents/render-in-worker.ts).
  DOCUMENTS_BUSY: { status: 429, vi: 'Máy chủ đang in nhiều văn bản cùng lúc; hãy thử lại sau ít phút.', en: 'The server is laying out many documents at once; try again in a few minutes.' },
  QUERY_TOO_LARGE: { status: 422, vi: 'Yêu cầu cần tính quá nhiều dữ liệu trong thời gian cho phép; hãy chọn phạm vi hoặc khoảng thời gian nhỏ hơn, hoặc thử lại sau.', en: 'The request needs more computing than the time allowed; choose a narrower unit or period, or try again later.' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống. Vui lòng thử lại sau.', en: 'Internal error. Please try again later.' },
  // Authentication and access (the auth hook, src/http/auth.ts)
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: { status: 403, vi: 'Phiên làm việc không hợp lệ (CSRF). Hãy tải lại trang.', en: 'Invalid CSRF token. Reload the page.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn cần đổi mật khẩu một lần trước khi tiếp tục.', en: 'You must change your one-time password before continuing.' },
  // Dates, checked by several areas
  DATE_RANGE_INVALID: { status: 422, vi: 'Khoảng ngày không hợp lệ (ngày kết thúc phải sau ngày bắt đầu).', en: 'Invalid date range (the end must be after the start).' },
  DATE_IN_FUTURE: { status: 422, vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' },
  // Demo data (the demo-data command: a tool, not an area)
  DEMO_DATA_EXISTS: { status: 409, vi: 'Cơ sở dữ liệu đã có dữ liệu mẫu; hãy dùng một thư mục dữ liệu (hoặc cơ sở dữ liệu) trống để tạo lại.', en: 'Demo data already exists in this database; use an empty data directory (or database) to generate it again.' },
  DEMO_SCALE_INVALID: { status: 422, vi: 'Quy mô dữ liệu mẫu không hợp lệ (province hoặc national).', en: 'Invalid demo data scale (province or national).' },
  DEMO_PROVINCE_UNKNOWN: { status: 422, vi: 'Không có tỉnh, thành phố này trong danh sách 63 tỉnh, thành phố trước năm 2025.', en: 'No such province among the 63 provinces before 2025.' },
} as const satisfies ErrorTable;

/** Every code: the generic ones, then each area's. */
export const ERROR_CODES = {
  ...GENERIC_ERRORS,
  ...accounts.errors,
  ...badges.errors,
  ...decisions.errors,
  ...health.errors,
  ...journal.errors,
  ...memberCleaning.errors,
  ...memberExport.errors,
  ...memberImport.errors,
  ...members.errors,
  ...orgs.errors,
  ...transfers.errors,
  ...notifications.errors,
  ...home.errors,
  ...statistics.errors,
  ...admissions.errors,
  ...reviews.errors,
} as const satisfies ErrorTable;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type services throw. The HTTP layer turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, details?: unknown) {
    super(ERROR_CODES[code].en);
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** The code's message in `locale`, naming what its details hold when its declaration says how (`explain`). */
export function errorMessage(code: ErrorCode, locale: Locale, details?: unknown): string {
  const definition: ErrorDefinition = ERROR_CODES[code];
  return (details === undefined || details === null ? null : definition.explain?.(details, locale)) ?? definition[locale];
}
