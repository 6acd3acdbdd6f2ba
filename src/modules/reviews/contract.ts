/**
 * The review and classification area's declarations for the gatherers.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  REVIEW_MEMBER_NOT_CLASSIFIED: { status: 422, vi: 'Đảng viên này không xếp loại chất lượng năm đó (miễn sinh hoạt, bị đình chỉ sinh hoạt, mới kết nạp chưa đủ 6 tháng tính đến 31/12, hoặc không còn là đảng viên).', en: 'This member is not classified for the year (exempted, suspended, admitted less than 6 months before 31/12, or no longer a member).' },
  REVIEW_MEMBER_NOT_IN_UNIT: { status: 422, vi: 'Đảng viên này không sinh hoạt chính thức trong đơn vị đã chọn vào ngày 31/12 của năm đánh giá.', en: 'This member was not an official member of the chosen unit on 31/12 of the year reviewed.' },
  REVIEW_ORGANIZATION_NOT_CLASSIFIED: { status: 422, vi: 'Chỉ xếp loại tổ chức cơ sở đảng, đảng bộ bộ phận và chi bộ trực thuộc nằm dưới đơn vị đã chọn vào ngày 31/12 của năm đánh giá.', en: 'Only grassroots organizations, sub-committees and cells beneath the chosen unit on 31/12 of the year are classified here.' },
  REVIEW_RESULT_EXISTS: { status: 409, vi: 'Đã có kết quả xếp loại năm này; muốn sửa, hãy dùng chức năng điều chỉnh kết quả.', en: 'A result for this year is already recorded; correct it instead.' },
  REVIEW_EXCELLENT_QUOTA: { status: 422, vi: 'Số được xếp loại "Hoàn thành xuất sắc nhiệm vụ" vượt quá tỷ lệ cho phép so với số được xếp loại "Hoàn thành tốt nhiệm vụ" trở lên.', en: 'Too many "excellent" results for the number rated good or better.' },
  REVIEW_YEAR_NOT_ENDED: { status: 422, vi: 'Năm đánh giá chưa đến: chỉ ghi nhận kết quả từ năm nay trở về trước.', en: 'The year has not come yet: results are recorded for this year or earlier ones.' },
  REVIEW_DECISION_BEFORE_PERIOD: { status: 422, vi: 'Quyết định được ký trước khi năm đánh giá bắt đầu.', en: 'The decision was signed before the year reviewed began.' },
  REVIEW_RESULT_VOIDED: { status: 409, vi: 'Kết quả này đã được điều chỉnh; hãy tải lại để xem kết quả hiện hành.', en: 'This result has already been corrected; reload to see the standing one.' },
} as const satisfies ErrorTable;

/**
 * Its actions. Organization officers record and correct results in their subtrees; a cell secretary records and
 * corrects the results of the cell's own members (the grant's subtree is the cell: organizations are classified by
 * the committee above, which a secretary's grant does not reach); inspection officers and viewers read.
 */
export const actions = {
  'review.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  'review.write': ['admin', 'org_officer', 'cell_secretary'],
} as const satisfies ActionTable;
