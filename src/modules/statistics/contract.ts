/**
 * The statistics' declarations for the gatherers.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

export const errors = {
  STATISTICS_SOURCE_UNKNOWN: { status: 422, vi: 'Không có nguồn số liệu thống kê này.', en: 'There is no such statistics source.' },
  STATISTICS_DIMENSION_UNKNOWN: { status: 422, vi: 'Số liệu này không phân tổ được theo tiêu chí đã chọn.', en: 'These figures cannot be broken down by the dimension asked.' },
  STATISTICS_DATE_BEFORE_RECORDS: { status: 422, vi: 'Ngày báo cáo trước ngày bắt đầu có dữ liệu (ngày thành lập tổ chức đảng được hỏi).', en: 'The date is before the records begin (before the unit asked was established).' },
  STATISTICS_DATE_MIXED: { status: 422, vi: 'Chỉ chọn một ngày báo cáo, hoặc một khoảng thời gian (từ ngày, đến ngày).', en: 'Give either one date, or a period (from, to), not both.' },
  STATISTICS_PERIOD_LOCKED: { status: 409, vi: 'Số liệu của biểu này cho kỳ này đã được gửi lên cấp trên và đã khóa; chỉ gửi lại được khi cấp trên trả lại.', en: 'This form\'s figures for this period have been submitted and are locked; they can be submitted again only once returned by the level above.' },
  STATISTICS_NOT_ABOVE: { status: 422, vi: 'Chỉ cấp ủy cấp trên của đơn vị gửi báo cáo mới được trả lại báo cáo.', en: 'Only the level above the submitting unit may return its submission.' },
  STATISTICS_SUBMISSION_RETURNED: { status: 409, vi: 'Báo cáo này đã được trả lại.', en: 'This submission has already been returned.' },
  STATISTICS_FIGURE_UNKNOWN: { status: 422, vi: 'Chỉ tiêu dùng một số liệu không có (nguồn, số đo, tiêu chí phân tổ hoặc giá trị): xem danh mục số liệu.', en: 'The indicator names a figure that does not exist (source, measure, dimension or value): see the catalog.' },
  STATISTICS_INDICATOR_KEY_TAKEN: { status: 409, vi: 'Mã chỉ tiêu đã được dùng.', en: 'The indicator key is already in use.' },
  STATISTICS_TARGET_PARTS_EXCEED: { status: 422, vi: 'Tổng các phần giao cho các đơn vị trực thuộc vượt quá chỉ tiêu của cấp trên.', en: 'The parts given to the units beneath add up to more than the target they split.' },
  STATISTICS_TARGET_PARENT_INVALID: { status: 422, vi: 'Chỉ tiêu cấp trên không khớp: phải cùng chỉ tiêu, cùng nhiệm kỳ, cùng năm, của đơn vị cấp trên trực tiếp.', en: 'The parent target does not match: same indicator, term and year, set for the unit directly above.' },
  STATISTICS_TARGET_EXISTS: { status: 409, vi: 'Đơn vị đã có chỉ tiêu này cho nhiệm kỳ và năm này.', en: 'The unit already has this target for this term and year.' },
} as const satisfies ErrorTable;

export const actions = {
  // The figures of the subtrees where the role reads: the same roles that read members and the tree.
  'statistics.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
  // Submitting a level's figures, and returning a submission from the level above.
  'statistics.submit': ['admin', 'org_officer', 'cell_secretary'],
} as const satisfies ActionTable;
