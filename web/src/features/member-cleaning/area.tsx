/** Data cleaning: the problems found in the member records, and their resolution. */
import { ClearOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/member-cleaning', 'member.read', () => import('./CleaningPage.tsx').then((module) => module.CleaningPage)),
  ],
  menu: [
    { key: 'member-cleaning', path: '/member-cleaning', label: 'menu.memberCleaning', icon: <ClearOutlined />, ability: 'member.read', order: 70 },
  ],
  texts: { vi, en },
};
