/** English texts of the sign-in and password change: exactly the keys of `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'login.title': 'Sign in',
  'login.password': 'Password',
  'login.submit': 'Sign in',

  'password.title': 'Change password',
  'password.mustChange': 'You are using a one-time password. Choose a new password before you continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Repeat the new password',
  'password.submit': 'Change password',
  'password.changed': 'Your password was changed.',
  'password.hint': 'At least 10 characters, not a common password, not containing the username. Use a long phrase that is easy to remember and hard to guess.',
};
