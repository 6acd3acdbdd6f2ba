/**
 * Transfers' declarations for the gatherers. Its routes act under the members' actions ('member.read', 'member.write').
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  TRANSFER_DESTINATION_CANNOT_RECEIVE: { status: 422, vi: 'Không thể giới thiệu sinh hoạt đến tổ đảng: hãy chọn chi bộ hoặc đảng bộ tiếp nhận.', en: 'A transfer cannot be addressed to a party group: choose the receiving cell or party committee.' },
  TRANSFER_SAME_UNIT: { status: 422, vi: 'Nơi chuyển đến trùng với nơi đang sinh hoạt.', en: 'The destination is the member\'s own unit.' },
  TRANSFER_ALREADY_OPEN: { status: 409, vi: 'Đảng viên đang có một giấy giới thiệu sinh hoạt chưa hoàn tất.', en: 'The member already has a transfer in progress.' },
  TRANSFER_NOT_OPEN: { status: 409, vi: 'Việc chuyển sinh hoạt không ở trạng thái cho phép thao tác này.', en: 'The transfer is not in a state that allows this.' },
  TRANSFER_CELL_OUTSIDE_DESTINATION: { status: 422, vi: 'Chi bộ tiếp nhận không thuộc tổ chức được giới thiệu đến.', en: 'The receiving cell is not under the transfer\'s destination.' },
  TRANSFER_DURATION_INVALID: { status: 422, vi: 'Thời hạn sinh hoạt tạm thời không hợp lệ (công tác: 3 tháng đến dưới 1 năm; học tập: 3 tháng đến 2 năm).', en: 'Invalid temporary duration (work: 3 months to under 1 year; study: 3 months to 2 years).' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
