/** Transfers of party membership between cells. */
import { SwapOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/transfers', 'member.read', () => import('./TransfersPage.tsx').then((module) => module.TransfersPage)),
  ],
  menu: [
    { key: 'transfers', path: '/transfers', label: 'menu.transfers', icon: <SwapOutlined />, ability: 'member.read', order: 50 },
  ],
  texts: { vi, en },
};
