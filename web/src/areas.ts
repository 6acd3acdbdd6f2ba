/**
 * The areas of the web app, one line each: each declares its pages, menu entries and texts in its folder
 * (`features/<area>/area.tsx`); the router, the menu and the catalogs are built from this list.
 */
import { area as auth } from './features/auth/area.tsx';
import { area as orgs } from './features/orgs/area.tsx';
import { area as restructure } from './features/restructure/area.tsx';
import { area as members } from './features/members/area.tsx';
import { area as transfers } from './features/transfers/area.tsx';
import { area as memberImport } from './features/member-import/area.tsx';
import { area as memberCleaning } from './features/member-cleaning/area.tsx';
import { area as badges } from './features/badges/area.tsx';
import { area as decisions } from './features/decisions/area.tsx';
import { area as accounts } from './features/accounts/area.tsx';
import { area as journal } from './features/journal/area.tsx';
import { area as home } from './features/home/area.tsx';
import { area as notifications } from './features/notifications/area.tsx';
import { area as statistics } from './features/statistics/area.tsx';
import { area as admissions } from './features/admissions/area.tsx';
import { area as reviews } from './features/reviews/area.tsx';

export const AREAS = [
  auth,
  orgs,
  restructure,
  members,
  transfers,
  memberImport,
  memberCleaning,
  badges,
  decisions,
  accounts,
  journal,
  home,
  notifications,
  statistics,
  admissions,
  reviews,
] as const;
