/** Sign-in (outside the frame) and the password change every account can reach. */
import type { WebArea } from '../../app/web-area.tsx';
import { LoginPage } from './LoginPage.tsx';
import { ChangePasswordPage } from './ChangePasswordPage.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  publicRoutes: [{ path: '/login', element: <LoginPage /> }],
  routes: [{ path: '/change-password', element: <ChangePasswordPage /> }],
  menu: [],
  texts: { vi, en },
};
