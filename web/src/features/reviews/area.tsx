/** The review and classification: a unit's members (or the organizations beneath it) and their results for a year. */
import { AuditOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/reviews', 'review.read', () => import('./ReviewsPage.tsx').then((module) => module.ReviewsPage)),
  ],
  menu: [
    { key: 'reviews', path: '/reviews', label: 'menu.reviews', icon: <AuditOutlined />, ability: 'review.read', order: 57 },
  ],
  texts: { vi, en },
};
