/** The member registry: the list, admission, a member's page, and the member's own record. */
import { IdcardOutlined, SolutionOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/members', 'member.read', () => import('./MembersPage.tsx').then((module) => module.MembersPage)),
    page('/members/new', 'member.write', () => import('./AdmissionPage.tsx').then((module) => module.AdmissionPage)),
    page('/members/:id', 'member.read', () => import('./MemberPage.tsx').then((module) => module.MemberPage)),
    page('/me', 'member.self', () => import('./SelfPage.tsx').then((module) => module.SelfPage)),
  ],
  menu: [
    { key: 'members', path: '/members', label: 'menu.members', icon: <IdcardOutlined />, ability: 'member.read', order: 40 },
    { key: 'self', path: '/me', label: 'menu.self', icon: <SolutionOutlined />, ability: 'member.self', order: 120 },
  ],
  texts: { vi, en },
};
