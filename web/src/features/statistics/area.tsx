/**
 * Statistics and reports: the standard forms of a unit, their charts, the drill-down of a figure and the downloads;
 * the submissions to the level above and their return; the term's targets with their actuals (tabs of one page).
 */
import { BarChartOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/statistics', 'statistics.read', () => import('./StatisticsPage.tsx').then((module) => module.StatisticsPage)),
  ],
  menu: [
    { key: 'statistics', path: '/statistics', label: 'menu.statistics', icon: <BarChartOutlined />, ability: 'statistics.read', order: 85 },
  ],
  texts: { vi, en },
};
