/** Notifications of the signed-in account: the bell in the top bar (`NotificationBell`) and the page of them all. */
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/notifications', 'member.self', () => import('./NotificationsPage.tsx').then((module) => module.NotificationsPage)),
  ],
  // Reached from the bell, not the menu.
  menu: [],
  texts: { vi, en },
};
