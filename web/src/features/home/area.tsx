/** The home page: what needs doing, and the units the caller works on. It is "/", chosen by `app/HomeRedirect.tsx`. */
import { HomeOutlined } from '@ant-design/icons';
import type { WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  // "/" is the app's index route (HomeRedirect), which shows the home page to officers.
  routes: [],
  menu: [
    { key: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, ability: 'member.read', order: 1 },
  ],
  texts: { vi, en },
};
