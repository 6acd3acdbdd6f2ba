/** The organization tree and the unit page. */
import { ApartmentOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/tree', 'org.read', () => import('./TreePage.tsx').then((module) => module.TreePage)),
    page('/units/:id', 'org.read', () => import('./UnitPage.tsx').then((module) => module.UnitPage)),
  ],
  menu: [
    { key: 'tree', path: '/tree', label: 'menu.tree', icon: <ApartmentOutlined />, ability: 'org.read', order: 10, alsoSelectedUnder: ['/units'] },
  ],
  texts: { vi, en },
};
