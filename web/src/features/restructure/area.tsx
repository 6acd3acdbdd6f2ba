/** Restructuring: the wizard, the batches and their undo. */
import { BranchesOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/restructure', 'org.restructure', () => import('./WizardPage.tsx').then((module) => module.WizardPage)),
    page('/batches', 'org.read', () => import('./BatchesPage.tsx').then((module) => module.BatchesPage)),
    page('/batches/:id', 'org.read', () => import('./BatchPage.tsx').then((module) => module.BatchPage)),
  ],
  menu: [
    { key: 'restructure', path: '/restructure', label: 'menu.restructure', icon: <BranchesOutlined />, ability: 'org.restructure', order: 20 },
    { key: 'batches', path: '/batches', label: 'menu.batches', icon: <UnorderedListOutlined />, ability: 'org.read', order: 30 },
  ],
  texts: { vi, en },
};
