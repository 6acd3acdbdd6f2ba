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
  TEXT_INVALID_CHARACTERS: { status: 422, vi: 'Dữ liệu chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode hỏng).', en: 'The request contains invalid characters (a NUL character or broken Unicode).' },
  REQUEST_TIMEOUT: { status: 408, vi: 'Yêu cầu gửi đến quá chậm; hãy thử lại.', en: 'The request took too long to arrive; try again.' },
  HEADERS_TOO_LARGE: { status: 431, vi: 'Phần đầu của yêu cầu quá lớn (thường do cookie quá dài); hãy xóa cookie của trang và thử lại.', en: 'The request headers are too large (often an oversized cookie); clear the site\'s cookies and try again.' },
  URL_INVALID: { status: 400, vi: 'Đường dẫn yêu cầu không hợp lệ.', en: 'The request path is not valid.' },
  URL_TOO_LONG: { status: 414, vi: 'Đường dẫn yêu cầu quá dài.', en: 'The request path is too long.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, vi: 'Không có chức năng này.', en: 'No such endpoint.' },
  CONFLICT: { status: 409, vi: 'Dữ liệu vừa được người khác thay đổi; hãy tải lại và thử lại.', en: 'The data was changed by someone else; reload and try again.' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống. Vui lòng thử lại sau.', en: 'Internal error. Please try again later.' },
  // Authentication and access
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: { status: 403, vi: 'Phiên làm việc không hợp lệ (CSRF). Hãy tải lại trang.', en: 'Invalid CSRF token. Reload the page.' },
  LOGIN_FAILED: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  LOGIN_THROTTLED: { status: 429, vi: 'Đăng nhập sai nhiều lần. Vui lòng chờ ít phút rồi thử lại.', en: 'Too many failed sign-ins. Wait a few minutes and try again.' },
  // No longer answered by sign-in (failures throttle, never lock: login.service.ts); kept so the code stays known.
  ACCOUNT_LOCKED: { status: 423, vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần.', en: 'The account is temporarily locked after repeated failed sign-ins.' },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  PASSWORD_TOO_WEAK: { status: 422, vi: 'Mật khẩu quá yếu: cần ít nhất 10 ký tự, không phải mật khẩu phổ biến hay dễ đoán, không chứa tên đăng nhập. Nên dùng một câu dài dễ nhớ.', en: 'The password is too weak: it needs at least 10 characters, must not be a common or easily guessed password, and must not contain the username. A long, memorable phrase works well.' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập đã tồn tại.', en: 'The username is already taken.' },
  GRANT_OUTSIDE_SCOPE: { status: 403, vi: 'Không thể phân quyền ngoài phạm vi của bạn.', en: 'You cannot grant access outside your own scope.' },
  DELEGATION_NEEDS_END: { status: 422, vi: 'Ủy quyền phải có ngày kết thúc.', en: 'An acting grant must have an end date.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn cần đổi mật khẩu một lần trước khi tiếp tục.', en: 'You must change your one-time password before continuing.' },
  CURRENT_PASSWORD_WRONG: { status: 422, vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  PASSWORD_UNCHANGED: { status: 422, vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.', en: 'The new password must differ from the current one.' },
  ACCOUNT_OUTSIDE_SCOPE: { status: 403, vi: 'Tài khoản này còn được phân quyền ngoài phạm vi của bạn; chỉ cấp có phạm vi rộng hơn mới được thay đổi.', en: 'This account also holds grants outside your scope; only a wider-scoped administrator can change it.' },
  ACCOUNT_SELF_CHANGE: { status: 422, vi: 'Không thể tự khóa, tự cấp lại mật khẩu hoặc tự thu hồi quyền của chính mình.', en: 'You cannot disable your own account, reset your own password or revoke your own grants.' },
  ACCOUNT_ALREADY_DISABLED: { status: 409, vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is already disabled.' },
  ACCOUNT_NOT_DISABLED: { status: 409, vi: 'Tài khoản đang hoạt động.', en: 'The account is not disabled.' },
  MEMBER_LINK_REQUIRED: { status: 422, vi: 'Quyền đảng viên (tự phục vụ) cần gắn tài khoản với hồ sơ đảng viên.', en: 'The member (self-service) role needs the account linked to a member record.' },
  MEMBER_RECORD_NOT_FOUND: { status: 422, vi: 'Không tìm thấy hồ sơ đảng viên được dẫn chiếu.', en: 'The referenced member record does not exist.' },
  MEMBER_ALREADY_LINKED: { status: 409, vi: 'Hồ sơ đảng viên hoặc tài khoản này đã được gắn với một đối tượng khác.', en: 'The member record or the account is already linked to another one.' },
  GRANT_ROLE_NOT_ALLOWED: { status: 403, vi: 'Không thể giao vai trò rộng hơn quyền của chính bạn.', en: 'You cannot give a role wider than your own.' },
  GRANT_ALREADY_REVOKED: { status: 409, vi: 'Quyền này đã bị thu hồi.', en: 'This grant has already been revoked.' },
  DELEGATION_BEYOND_SOURCE: { status: 422, vi: 'Thời hạn ủy quyền vượt quá thời hạn của quyền được ủy quyền.', en: 'The acting grant cannot start before or end after the grant it is delegated from.' },
  DELEGATION_INVALID: { status: 422, vi: 'Không thể ủy quyền trường hợp này: quyền được ủy quyền không ủy quyền tiếp, không tự ủy quyền cho mình, không ủy quyền vai trò đảng viên tự phục vụ.', en: 'This cannot be delegated: not an acting grant again, not to yourself, and not the self-service member role.' },
  DELEGATION_ROLE_NOT_DELEGABLE: { status: 422, vi: 'Chỉ ủy quyền được vai trò có nhiệm vụ cập nhật hoặc quản lý (bí thư chi bộ, cán bộ tổ chức, quản trị); vai trò chỉ xem, cán bộ kiểm tra và đảng viên tự phục vụ không ủy quyền được.', en: 'Only a role with a duty to change or manage records (cell secretary, organization officer, administrator) can be delegated; read-only, inspection and self-service member roles cannot.' },
  DELEGATION_STARTS_IN_PAST: { status: 422, vi: 'Ủy quyền không được bắt đầu trước ngày hôm nay.', en: 'An acting grant cannot start before today.' },
  DELEGATION_TOO_LONG: { status: 422, vi: 'Thời hạn ủy quyền vượt quá mức tối đa cho phép; vắng lâu hơn cần phân công người khác bằng quyết định.', en: 'The acting period is longer than allowed; a longer absence needs someone assigned by a decision.' },
  DELEGATION_EXISTS: { status: 409, vi: 'Tài khoản này đã được ủy quyền từ quyền này trong khoảng thời gian đó.', en: 'This account already acts for this grant during that period.' },
  // Dates and decisions
  DATE_RANGE_INVALID: { status: 422, vi: 'Khoảng ngày không hợp lệ (ngày kết thúc phải sau ngày bắt đầu).', en: 'Invalid date range (the end must be after the start).' },
  DATE_IN_FUTURE: { status: 422, vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' },
  DECISION_NOT_FOUND: { status: 422, vi: 'Không tìm thấy quyết định được dẫn chiếu trong số các quyết định bạn được dùng làm căn cứ.', en: 'The referenced decision was not found among those you may cite as legal basis.' },
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
  // Members: the record and its life cycle
  CITIZEN_ID_INVALID: { status: 422, vi: 'Số định danh cá nhân (CCCD) không hợp lệ hoặc không khớp giới tính, năm sinh.', en: 'The citizen ID is not valid or does not match the sex and birth year.' },
  CITIZEN_ID_DUPLICATE: { status: 409, vi: 'Số định danh cá nhân (CCCD) đã có trong hồ sơ đảng viên khác.', en: 'Another member record already has this citizen ID.' },
  PARTY_CARD_DUPLICATE: { status: 409, vi: 'Số thẻ đảng viên đã được dùng cho đảng viên khác.', en: 'Another member already has this party card number.' },
  DATE_BEFORE_BIRTH: { status: 422, vi: 'Ngày không được trước ngày sinh.', en: 'The date cannot be before the birth date.' },
  DATE_BEFORE_LAST_EVENT: { status: 422, vi: 'Ngày hiệu lực trước sự kiện gần nhất của đảng viên; hãy dùng đính chính.', en: 'The effective date is before the member\'s latest event; use a correction instead.' },
  DATE_ORDER_INVALID: { status: 422, vi: 'Thứ tự các ngày không hợp lệ (biểu quyết, quyết định, lễ kết nạp).', en: 'The dates are out of order (vote, decision, ceremony).' },
  AGE_OUT_OF_RANGE: { status: 422, vi: 'Tuổi đời không nằm trong giới hạn kết nạp (từ đủ 18 đến 60 tuổi, trên 60 cần ý kiến của tỉnh ủy).', en: 'The age is outside the admission limits (18 to 60; over 60 needs the provincial committee\'s consent).' },
  UNIT_DISSOLVED: { status: 422, vi: 'Tổ chức đảng đã giải thể hoặc đã kết thúc hoạt động.', en: 'The party unit has been dissolved or has ended.' },
  UNIT_NOT_A_CELL: { status: 422, vi: 'Đảng viên phải sinh hoạt tại một chi bộ.', en: 'A member must belong to a cell.' },
  MEMBER_NOT_PROBATIONARY: { status: 422, vi: 'Đảng viên không ở diện dự bị.', en: 'The member is not probationary.' },
  MEMBER_NOT_OFFICIAL: { status: 422, vi: 'Đảng viên chưa là đảng viên chính thức.', en: 'The member is not an official member.' },
  MEMBER_NOT_EXEMPTED: { status: 422, vi: 'Đảng viên không ở diện miễn sinh hoạt.', en: 'The member is not exempted from activity.' },
  MEMBER_NOT_ACTIVE: { status: 422, vi: 'Người này không còn là đảng viên.', en: 'This person is no longer a member.' },
  MEMBER_DECEASED: { status: 422, vi: 'Đảng viên đã từ trần.', en: 'The member is deceased.' },
  MEMBER_NOT_FORMER: { status: 422, vi: 'Chỉ kết nạp lại người đã bị xóa tên hoặc khai trừ.', en: 'Only someone removed from the list or expelled can be re-admitted.' },
  MEMBER_IN_TRANSIT: { status: 409, vi: 'Đảng viên đang chuyển sinh hoạt đảng; hãy hoàn tất hoặc trả lại việc chuyển trước.', en: 'The member is being transferred; finish or return the transfer first.' },
  PROBATION_NOT_ENDED: { status: 422, vi: 'Chưa hết thời gian dự bị 12 tháng.', en: 'The 12-month probation has not ended.' },
  RECOGNITION_EXTENSION_TOO_LONG: { status: 422, vi: 'Thời gian gia hạn xét công nhận vượt mức cho phép.', en: 'The recognition extension is longer than allowed.' },
  READMISSION_ALREADY_USED: { status: 422, vi: 'Người này đã được kết nạp lại một lần; không xem xét kết nạp lại lần nữa.', en: 'This person has already been re-admitted once.' },
  READMISSION_TOO_EARLY: { status: 422, vi: 'Chưa đủ 36 tháng kể từ khi ra khỏi Đảng.', en: 'Less than 36 months have passed since leaving the party.' },
  READMISSION_BARRED: { status: 422, vi: 'Lý do ra khỏi Đảng thuộc trường hợp không xem xét kết nạp lại.', en: 'The ground on which this person left bars re-admission.' },
  CORRECTION_NOT_ALLOWED: { status: 422, vi: 'Không thể đính chính sự kiện này (chỉ đính chính sự kiện gần nhất, chưa bị đính chính).', en: 'This event cannot be corrected (only the latest event that was not corrected already).' },
  // Transfers of party activity
  TRANSFER_DESTINATION_CANNOT_RECEIVE: { status: 422, vi: 'Không thể giới thiệu sinh hoạt đến tổ đảng: hãy chọn chi bộ hoặc đảng bộ tiếp nhận.', en: 'A transfer cannot be addressed to a party group: choose the receiving cell or party committee.' },
  TRANSFER_SAME_UNIT: { status: 422, vi: 'Nơi chuyển đến trùng với nơi đang sinh hoạt.', en: 'The destination is the member\'s own unit.' },
  TRANSFER_ALREADY_OPEN: { status: 409, vi: 'Đảng viên đang có một giấy giới thiệu sinh hoạt chưa hoàn tất.', en: 'The member already has a transfer in progress.' },
  TRANSFER_NOT_OPEN: { status: 409, vi: 'Việc chuyển sinh hoạt không ở trạng thái cho phép thao tác này.', en: 'The transfer is not in a state that allows this.' },
  TRANSFER_CELL_OUTSIDE_DESTINATION: { status: 422, vi: 'Chi bộ tiếp nhận không thuộc tổ chức được giới thiệu đến.', en: 'The receiving cell is not under the transfer\'s destination.' },
  TRANSFER_DURATION_INVALID: { status: 422, vi: 'Thời hạn sinh hoạt tạm thời không hợp lệ (công tác: 3 tháng đến dưới 1 năm; học tập: 3 tháng đến 2 năm).', en: 'Invalid temporary duration (work: 3 months to under 1 year; study: 3 months to 2 years).' },
  MEMBERS_REMAIN_IN_UNIT: { status: 422, vi: 'Tổ chức còn đảng viên sinh hoạt chính thức; cần chuyển đảng viên trước khi giải thể.', en: 'Official members still belong to the unit; transfer them before dissolving it.' },
  SAVED_FILTER_NAME_TAKEN: { status: 409, vi: 'Tên bộ lọc đã tồn tại.', en: 'A saved filter with this name already exists.' },
  // Member import, export, data cleaning, party badges
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
  IMPORT_NO_VALID_ROWS: { status: 422, vi: 'Không có dòng hợp lệ nào để ghi.', en: 'There is no valid row to apply.' },
  BADGE_NOT_PRESENTATION_DAY: { status: 422, vi: 'Huy hiệu Đảng chỉ trao vào các ngày 3/2, 19/5, 2/9, 7/11.', en: 'Party badges are presented only on 3 Feb, 19 May, 2 Sep and 7 Nov.' },
  BADGE_NOT_DUE: { status: 422, vi: 'Đảng viên chưa đủ tuổi đảng cho mốc Huy hiệu này.', en: 'The member does not have the party age for this badge.' },
  BADGE_ALREADY_AWARDED: { status: 409, vi: 'Đảng viên đã được trao Huy hiệu mốc này hoặc mốc cao hơn.', en: 'The member already has this badge or a higher one.' },
  SERIOUS_ILLNESS_ALREADY_OPEN: { status: 409, vi: 'Đảng viên đang được ghi nhận bệnh nặng.', en: 'The member is already recorded as seriously ill.' },
  SERIOUS_ILLNESS_NOT_OPEN: { status: 409, vi: 'Đảng viên không được ghi nhận bệnh nặng.', en: 'The member is not recorded as seriously ill.' },
  // Demo data
  DEMO_DATA_EXISTS: { status: 409, vi: 'Cơ sở dữ liệu đã có dữ liệu mẫu; hãy dùng một thư mục dữ liệu (hoặc cơ sở dữ liệu) trống để tạo lại.', en: 'Demo data already exists in this database; use an empty data directory (or database) to generate it again.' },
  DEMO_SCALE_INVALID: { status: 422, vi: 'Quy mô dữ liệu mẫu không hợp lệ (province hoặc national).', en: 'Invalid demo data scale (province or national).' },
  DEMO_PROVINCE_UNKNOWN: { status: 422, vi: 'Không có tỉnh, thành phố này trong danh sách 63 tỉnh, thành phố trước năm 2025.', en: 'No such province among the 63 provinces before 2025.' },
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
