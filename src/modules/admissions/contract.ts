/**
 * The admission pipeline's declarations for the gatherers (issue 13).
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  ADMISSION_STEP_OUT_OF_ORDER: { status: 409, vi: 'Bước này không đúng thứ tự của quy trình kết nạp (hoặc đã được ghi nhận).', en: 'This step is out of the admission procedure\'s order (or already recorded).' },
  ADMISSION_FILE_CLOSED: { status: 409, vi: 'Hồ sơ kết nạp này đã kết thúc.', en: 'This admission file is closed.' },
  ADMISSION_FILE_INCOMPLETE: { status: 422, vi: 'Hồ sơ chưa đủ: thiếu biểu mẫu, người giới thiệu hoặc giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng.', en: 'The file is incomplete: a form, an introducer or the awareness course certificate is missing.' },
  ADMISSION_CERTIFICATE_INVALID: { status: 422, vi: 'Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng không còn giá trị vào ngày này.', en: 'The awareness course certificate is not valid on this date.' },
  ADMISSION_INTRODUCER_INVALID: { status: 422, vi: 'Người giới thiệu phải là đảng viên chính thức vào ngày giới thiệu và đã cùng công tác với người vào Đảng ít nhất 12 tháng.', en: 'An introducer must be an official member on the date and have worked with the candidate for at least 12 months.' },
  ADMISSION_INTRODUCERS_FULL: { status: 422, vi: 'Hồ sơ đã đủ người giới thiệu (hai đảng viên chính thức, hoặc nghị quyết của đoàn và một đảng viên).', en: 'The file already has its introducers (two official members, or the youth union\'s resolution and one member).' },
  ADMISSION_VOTES_EXCEED_MEMBERS: { status: 422, vi: 'Số phiếu nhiều hơn số đảng viên chính thức của chi bộ vào ngày biểu quyết.', en: 'More votes than the cell\'s official members on the vote\'s date.' },
  ADMISSION_VOTE_BELOW_TWO_THIRDS: { status: 422, vi: 'Dưới hai phần ba số đảng viên chính thức của chi bộ tán thành: không thể ghi là thông qua.', en: 'Fewer than two thirds of the cell\'s official members voted in favour: it cannot be recorded as passed.' },
  ADMISSION_DATE_ORDER: { status: 422, vi: 'Ngày của bước này trước ngày của bước trước đó.', en: 'This step is dated before the previous step.' },
  ADMISSION_LATE_WITHOUT_REASON: { status: 422, vi: 'Bước này quá thời hạn (tính theo ngày làm việc): cần ghi lý do.', en: 'This step is past its working-day deadline: give the reason.' },
  ADMISSION_DOCUMENT_INVALID: { status: 422, vi: 'Tệp đính kèm không hợp lệ (chỉ nhận PDF, JPEG, PNG, tối đa 2 MB).', en: 'The attached file is not valid (PDF, JPEG or PNG only, at most 2 MB).' },
  ADMISSION_CANDIDATE_DUPLICATE: { status: 409, vi: 'Người này đang có một hồ sơ kết nạp khác đang xem xét.', en: 'This person already has an admission file in progress.' },
  ADMISSION_DECISION_NOT_RECORDED: { status: 409, vi: 'Hồ sơ chưa có quyết định kết nạp của cấp có thẩm quyền: chưa thể in quyết định.', en: 'The file has no admission decision recorded yet: there is nothing to print.' },
  ADMISSION_INTRODUCER_NOT_FOUND: { status: 422, vi: 'Không tìm thấy đảng viên này trong phạm vi bạn được xem. Với người giới thiệu sinh hoạt ở nơi khác, hãy ghi thêm số thẻ đảng viên của họ.', en: 'This member is not among those you may see. For an introducer who belongs elsewhere, give their party card number too.' },
  ADMISSION_HELPER_INVALID: { status: 422, vi: 'Đảng viên giúp đỡ phải là đảng viên chính thức trong phạm vi bạn được xem.', en: 'The helper must be an official member among those you may see.' },
  CALENDAR_DAY_TAKEN: { status: 409, vi: 'Ngày này đã có điều chỉnh lịch làm việc.', en: 'This day already has an adjustment.' },
  CALENDAR_OVERRIDE_INVALID: { status: 422, vi: 'Điều chỉnh không thay đổi gì: ngày này vốn đã là ngày nghỉ (hoặc ngày làm việc).', en: 'The adjustment changes nothing: the day already is a day off (or a working day).' },
  COURSE_UNIT_INVALID: { status: 422, vi: 'Lớp bồi dưỡng nhận thức về Đảng do đảng ủy cơ sở hoặc cấp trên tổ chức, không do chi bộ tổ chức.', en: 'An awareness course is organized by a grassroots committee or a level above, not by a cell.' },
  COURSE_CODE_TAKEN: { status: 409, vi: 'Đơn vị đã có một lớp bồi dưỡng mang số hiệu này.', en: 'The organizing unit already has a course with this number.' },
  COURSE_DATE_ORDER: { status: 422, vi: 'Ngày bế giảng lớp bồi dưỡng trước ngày khai giảng.', en: 'The course closes before it opens.' },
  COURSE_NOT_OPEN: { status: 409, vi: 'Lớp bồi dưỡng này đã bế giảng hoặc đã bị hủy.', en: 'This course is already closed or cancelled.' },
  COURSE_PARTICIPANT_OUTSIDE: { status: 422, vi: 'Quần chúng này thuộc chi bộ không trực thuộc đơn vị tổ chức lớp.', en: 'This candidate\'s cell is not under the unit that organizes the course.' },
  COURSE_CANDIDATE_INELIGIBLE: { status: 422, vi: 'Chỉ quần chúng có hồ sơ đang xem xét, chưa qua chi bộ biểu quyết, mới được học lớp bồi dưỡng.', en: 'Only candidates whose file is open and not yet voted on by the cell can take the course.' },
  COURSE_PARTICIPANT_DUPLICATE: { status: 409, vi: 'Quần chúng này đã có tên trong lớp này hoặc trong một lớp bồi dưỡng khác đang học.', en: 'This candidate is already in this course or in another open course.' },
  COURSE_RESULTS_INVALID: { status: 422, vi: 'Kết quả phải ghi cho mỗi học viên của lớp đúng một lần, số giấy chứng nhận không trùng nhau.', en: 'Give one result for each participant of the course, with no certificate number repeated.' },
} as const satisfies ErrorTable;

/**
 * Its actions: reading and working the admission files of one's subtrees; adjusting the working-day calendar, which
 * serves the whole country, is done by the centre's officers (a grant on the root unit).
 */
export const actions = {
  'admission.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  'admission.write': ['admin', 'org_officer', 'cell_secretary'],
  'calendar.write': ['admin', 'org_officer'],
} as const satisfies ActionTable;
