/**
 * Stable error codes: the one list. Each code has its HTTP status and its message in Vietnamese and English.
 * Clients branch on `code`, never on the message. Add a code here before throwing it; never rename one.
 */
export type Locale = 'vi' | 'en';

interface ErrorDefinition {
  status: number;
  vi: string;
  en: string;
}

export const ERROR_CODES = {
  // Generic request errors
  VALIDATION_FAILED: { status: 422, vi: 'Dữ liệu không hợp lệ.', en: 'The request data is not valid.' },
  MALFORMED_REQUEST: { status: 400, vi: 'Yêu cầu không đúng định dạng (JSON lỗi).', en: 'The request is malformed (invalid JSON).' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Kiểu dữ liệu gửi lên không được hỗ trợ.', en: 'The content type is not supported.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, vi: 'Không có chức năng này.', en: 'No such endpoint.' },
  CONFLICT: { status: 409, vi: 'Dữ liệu vừa được người khác thay đổi; hãy tải lại và thử lại.', en: 'The data was changed by someone else; reload and try again.' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống. Vui lòng thử lại sau.', en: 'Internal error. Please try again later.' },
  // Authentication and access
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: { status: 403, vi: 'Phiên làm việc không hợp lệ (CSRF). Hãy tải lại trang.', en: 'Invalid CSRF token. Reload the page.' },
  LOGIN_FAILED: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  LOGIN_THROTTLED: { status: 429, vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.', en: 'Too many failed sign-ins. Try again later.' },
  ACCOUNT_LOCKED: { status: 423, vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần.', en: 'The account is temporarily locked after repeated failed sign-ins.' },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  PASSWORD_TOO_WEAK: { status: 422, vi: 'Mật khẩu phải có ít nhất 10 ký tự.', en: 'The password must have at least 10 characters.' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập đã tồn tại.', en: 'The username is already taken.' },
  GRANT_OUTSIDE_SCOPE: { status: 403, vi: 'Không thể phân quyền ngoài phạm vi của bạn.', en: 'You cannot grant access outside your own scope.' },
  DELEGATION_NEEDS_END: { status: 422, vi: 'Ủy quyền phải có ngày kết thúc.', en: 'An acting grant must have an end date.' },
  // Dates and decisions
  DATE_RANGE_INVALID: { status: 422, vi: 'Khoảng ngày không hợp lệ (ngày kết thúc phải sau ngày bắt đầu).', en: 'Invalid date range (the end must be after the start).' },
  DATE_IN_FUTURE: { status: 422, vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' },
  DECISION_NOT_FOUND: { status: 422, vi: 'Quyết định được dẫn chiếu không tồn tại.', en: 'The referenced decision does not exist.' },
  DECISION_DUPLICATE: { status: 409, vi: 'Quyết định này đã được ghi nhận.', en: 'This decision is already recorded.' },
  ATTACHMENT_NOT_PDF: { status: 422, vi: 'Tệp đính kèm phải là PDF.', en: 'The attachment must be a PDF.' },
  // Organization tree
  ORG_CYCLE: { status: 422, vi: 'Không thể chuyển tổ chức vào dưới chính nó hoặc tổ chức cấp dưới của nó.', en: 'A unit cannot be moved under itself or one of its descendants.' },
  ORG_DATE_BEFORE_ESTABLISHED: { status: 422, vi: 'Ngày hiệu lực trước ngày thành lập tổ chức.', en: 'The effective date is before the unit was established.' },
  ORG_UNIT_ENDED: { status: 422, vi: 'Tổ chức đã giải thể hoặc hợp nhất, không thể thao tác.', en: 'The unit has been dissolved or merged and cannot be changed.' },
  ORG_KIND_NOT_ALLOWED: { status: 422, vi: 'Loại tổ chức không được phép đặt dưới cấp trên này.', en: 'This kind of unit is not allowed under that parent.' },
  ORG_CODE_TAKEN: { status: 409, vi: 'Mã tổ chức đã tồn tại.', en: 'The unit code is already in use.' },
  ORG_HAS_CHILDREN: { status: 422, vi: 'Tổ chức còn tổ chức trực thuộc đang hoạt động.', en: 'The unit still has active sub-units.' },
  ORG_HISTORY_LATER_CHANGE: { status: 409, vi: 'Đã có thay đổi sau ngày hiệu lực này; không thể ghi đè lịch sử.', en: 'A later change exists after this effective date; history cannot be rewritten.' },
  ORG_BATCH_ALREADY_UNDONE: { status: 409, vi: 'Đợt sắp xếp này đã được hoàn tác.', en: 'This restructuring batch has already been undone.' },
  ORG_BATCH_NOT_UNDOABLE: { status: 409, vi: 'Không thể hoàn tác vì đã có thay đổi sau đó trên các tổ chức liên quan.', en: 'Cannot undo: later changes exist on the units involved.' },
  ORG_MERGE_INVALID: { status: 422, vi: 'Yêu cầu hợp nhất không hợp lệ.', en: 'Invalid merge request.' },
} as const satisfies Record<string, ErrorDefinition>;

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

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERROR_CODES[code][locale];
}
