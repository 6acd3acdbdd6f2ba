/** Party badges: who is due on a presentation day, and the record of badges presented. */
import { TrophyOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/badges', 'member.read', () => import('./BadgesPage.tsx').then((module) => module.BadgesPage)),
  ],
  menu: [
    { key: 'badges', path: '/badges', label: 'menu.badges', icon: <TrophyOutlined />, ability: 'member.read', order: 80 },
  ],
  texts: { vi, en },
};
