/** The admission pipeline: the worklist of candidates, a candidate's file, and the working-day calendar. */
import { CalendarOutlined, ReadOutlined, UserAddOutlined } from '@ant-design/icons';
import { page, type WebArea } from '../../app/web-area.tsx';
import { vi } from './texts.vi.ts';
import { en } from './texts.en.ts';

export const area: WebArea<keyof typeof vi> = {
  routes: [
    page('/admissions', 'admission.read', () => import('./AdmissionsPage.tsx').then((module) => module.AdmissionsPage)),
    page('/admissions/calendar', 'admission.read', () => import('./CalendarPage.tsx').then((module) => module.CalendarPage)),
    page('/admissions/courses', 'admission.read', () => import('./CoursesPage.tsx').then((module) => module.CoursesPage)),
    page('/admissions/courses/:id', 'admission.read', () => import('./CoursePage.tsx').then((module) => module.CoursePage)),
    page('/admissions/:id', 'admission.read', () => import('./CandidatePage.tsx').then((module) => module.CandidatePage)),
  ],
  menu: [
    { key: 'admissions', path: '/admissions', label: 'menu.admissions', icon: <UserAddOutlined />, ability: 'admission.read', order: 55 },
    { key: 'admission-courses', path: '/admissions/courses', label: 'menu.admissionCourses', icon: <ReadOutlined />, ability: 'admission.read', order: 55.5 },
    { key: 'admission-calendar', path: '/admissions/calendar', label: 'menu.admissionCalendar', icon: <CalendarOutlined />, ability: 'admission.read', order: 56 },
  ],
  texts: { vi, en },
};
