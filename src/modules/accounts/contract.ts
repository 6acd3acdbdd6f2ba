/**
 * Accounts' declarations for the gatherers: sign-in and passwords, accounts, grants and acting grants.
 * Pure: imports only src/contracts, src/lib and other areas' contract.ts (the web may read it).
 */
import type { ErrorTable } from '../../contracts/error-table.ts';
import type { ActionTable } from '../../contracts/action-table.ts';

/** Its error codes, with their status and messages (gathered into `ERROR_CODES`, src/contracts/errors.ts). */
export const errors = {
  LOGIN_FAILED: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  LOGIN_THROTTLED: { status: 429, vi: 'Đăng nhập sai nhiều lần. Vui lòng chờ ít phút rồi thử lại.', en: 'Too many failed sign-ins. Wait a few minutes and try again.' },
  // No longer answered by sign-in (failures throttle, never lock: login.service.ts); kept so the code stays known.
  ACCOUNT_LOCKED: { status: 423, vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần.', en: 'The account is temporarily locked after repeated failed sign-ins.' },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  PASSWORD_TOO_WEAK: { status: 422, vi: 'Mật khẩu quá yếu: cần ít nhất 10 ký tự, không phải mật khẩu phổ biến hay dễ đoán, không chứa tên đăng nhập. Nên dùng một câu dài dễ nhớ.', en: 'The password is too weak: it needs at least 10 characters, must not be a common or easily guessed password, and must not contain the username. A long, memorable phrase works well.' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập đã tồn tại.', en: 'The username is already taken.' },
  GRANT_OUTSIDE_SCOPE: { status: 403, vi: 'Không thể phân quyền ngoài phạm vi của bạn.', en: 'You cannot grant access outside your own scope.' },
  DELEGATION_NEEDS_END: { status: 422, vi: 'Ủy quyền phải có ngày kết thúc.', en: 'An acting grant must have an end date.' },
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
  GRANT_DUPLICATE: { status: 409, vi: 'Tài khoản đã có vai trò này trên đơn vị này trong thời gian đó.', en: 'The account already holds this role on this unit for that period.' },
  GRANT_ALREADY_REVOKED: { status: 409, vi: 'Quyền này đã bị thu hồi.', en: 'This grant has already been revoked.' },
  DELEGATION_BEYOND_SOURCE: { status: 422, vi: 'Thời hạn ủy quyền vượt quá thời hạn của quyền được ủy quyền.', en: 'The acting grant cannot start before or end after the grant it is delegated from.' },
  DELEGATION_INVALID: { status: 422, vi: 'Không thể ủy quyền trường hợp này: quyền được ủy quyền không ủy quyền tiếp, không tự ủy quyền cho mình, không ủy quyền vai trò đảng viên tự phục vụ.', en: 'This cannot be delegated: not an acting grant again, not to yourself, and not the self-service member role.' },
  DELEGATION_ROLE_NOT_DELEGABLE: { status: 422, vi: 'Chỉ ủy quyền được vai trò có nhiệm vụ cập nhật hoặc quản lý (bí thư chi bộ, cán bộ tổ chức, quản trị); vai trò chỉ xem, cán bộ kiểm tra và đảng viên tự phục vụ không ủy quyền được.', en: 'Only a role with a duty to change or manage records (cell secretary, organization officer, administrator) can be delegated; read-only, inspection and self-service member roles cannot.' },
  DELEGATION_STARTS_IN_PAST: { status: 422, vi: 'Ủy quyền không được bắt đầu trước ngày hôm nay.', en: 'An acting grant cannot start before today.' },
  DELEGATION_TOO_LONG: { status: 422, vi: 'Thời hạn ủy quyền vượt quá mức tối đa cho phép; vắng lâu hơn cần phân công người khác bằng quyết định.', en: 'The acting period is longer than allowed; a longer absence needs someone assigned by a decision.' },
  DELEGATION_EXISTS: { status: 409, vi: 'Tài khoản này đã được ủy quyền từ quyền này trong khoảng thời gian đó.', en: 'This account already acts for this grant during that period.' },
} as const satisfies ErrorTable;

/** Its actions, each with the roles that carry it (gathered into the matrix, src/contracts/permissions.ts). */
export const actions = {
  'account.read': ['admin', 'org_officer'],
  // create accounts, grant and revoke roles inside one's subtree
  'account.manage': ['admin'],
} as const satisfies ActionTable;
