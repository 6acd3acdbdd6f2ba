/** Vietnamese texts of the sign-in and password change; `texts.en.ts` has exactly the same keys. */
export const vi = {
  'login.title': 'Đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',

  'password.title': 'Đổi mật khẩu',
  'password.mustChange': 'Bạn đang dùng mật khẩu một lần. Hãy đặt mật khẩu mới trước khi tiếp tục.',
  'password.current': 'Mật khẩu hiện tại',
  'password.new': 'Mật khẩu mới',
  'password.confirm': 'Nhập lại mật khẩu mới',
  'password.submit': 'Đổi mật khẩu',
  'password.changed': 'Đã đổi mật khẩu.',
  'password.hint': 'Ít nhất 10 ký tự, không phải mật khẩu phổ biến, không chứa tên đăng nhập. Nên dùng một cụm từ dài, dễ nhớ, khó đoán.',
} as const satisfies Record<string, string>;

// The keys join the app's MessageKey; the area's line in web/src/areas.ts puts the texts in the catalogs.
declare module '../../i18n/messages.ts' {
  interface Messages extends Record<keyof typeof vi, string> {}
}
