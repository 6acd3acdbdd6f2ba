/** Accounts, their grants and delegations. */
import { TeamOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/accounts', 'account.read', () => import('./AccountsPage.tsx').then((module) => module.AccountsPage)),
    page('/accounts/:id', 'account.read', () => import('./AccountPage.tsx').then((module) => module.AccountPage)),
  ],
  menu: [
    { key: 'accounts', path: '/accounts', label: 'menu.accounts', icon: <TeamOutlined />, ability: 'account.read', order: 100 },
  ],
  texts: { vi, en },
};
