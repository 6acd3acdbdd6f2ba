/** Decisions, the legal basis of every change. */
import { FileTextOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/decisions', 'decision.read', () => import('./DecisionsPage.tsx').then((module) => module.DecisionsPage)),
  ],
  menu: [
    { key: 'decisions', path: '/decisions', label: 'menu.decisions', icon: <FileTextOutlined />, ability: 'decision.read', order: 90 },
  ],
  texts: { vi, en },
};
