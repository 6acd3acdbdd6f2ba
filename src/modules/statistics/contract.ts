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
} as const satisfies ErrorTable;

export const actions = {
  // The figures of the subtrees where the role reads: the same roles that read members and the tree.
  'statistics.read': ['admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'viewer'],
} as const satisfies ActionTable;
