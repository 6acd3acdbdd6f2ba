/** The change journal: every change, who made it, when, and on which decision. */
import { HistoryOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/journal', 'journal.read', () => import('./JournalPage.tsx').then((module) => module.JournalPage)),
  ],
  menu: [
    { key: 'journal', path: '/journal', label: 'menu.journal', icon: <HistoryOutlined />, ability: 'journal.read', order: 110 },
  ],
  texts: { vi, en },
};
