/**
 * Party badges' declarations for the gatherers. Its routes act under the members' actions ('member.read',
 * 'member.write').
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  BADGE_LIST_TOO_LONG: { status: 422, vi: 'Danh sách quá dài để xuất (tối đa 10.000 đảng viên): hãy chọn một đơn vị nhỏ hơn.', en: 'The list is too long to export (at most 10,000 members): choose a smaller unit.' },
  BADGE_NOT_PRESENTATION_DAY: { status: 422, vi: 'Huy hiệu Đảng chỉ trao vào các ngày 3/2, 19/5, 2/9, 7/11.', en: 'Party badges are presented only on 3 Feb, 19 May, 2 Sep and 7 Nov.' },
  BADGE_NOT_DUE: { status: 422, vi: 'Đảng viên chưa đủ tuổi đảng cho mốc Huy hiệu này.', en: 'The member does not have the party age for this badge.' },
  BADGE_ALREADY_AWARDED: { status: 409, vi: 'Đảng viên đã được trao Huy hiệu mốc này hoặc mốc cao hơn.', en: 'The member already has this badge or a higher one.' },
  SERIOUS_ILLNESS_ALREADY_OPEN: { status: 409, vi: 'Đảng viên đang được ghi nhận bệnh nặng.', en: 'The member is already recorded as seriously ill.' },
  SERIOUS_ILLNESS_NOT_OPEN: { status: 409, vi: 'Đảng viên không được ghi nhận bệnh nặng.', en: 'The member is not recorded as seriously ill.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {} as const satisfies ActionTable;
