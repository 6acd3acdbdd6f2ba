/** The member import: upload, column mapping, validation, apply. */
import { ImportOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/member-import', 'member.write', () => import('./ImportPage.tsx').then((module) => module.ImportPage)),
  ],
  menu: [
    { key: 'member-import', path: '/member-import', label: 'menu.memberImport', icon: <ImportOutlined />, ability: 'member.write', order: 60 },
  ],
  texts: { vi, en },
};
