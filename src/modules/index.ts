/**
 * Every area the server runs, one line each, in the order their routes are registered under /api (that order is also
 * the OpenAPI document's). An area declares its routes in its own `area.ts`; adding one adds one line here.
 */
import type { ServerArea } from '../http/context.ts';
import { area as health } from './health/area.ts';
import { area as accounts } from './accounts/area.ts';
import { area as members } from './members/area.ts';
import { area as transfers } from './transfers/area.ts';
import { area as orgs } from './orgs/area.ts';
import { area as decisions } from './decisions/area.ts';
import { area as journal } from './journal/area.ts';
import { area as memberImport } from './member-import/area.ts';
import { area as memberCleaning } from './member-cleaning/area.ts';
import { area as badges } from './badges/area.ts';
import { area as memberExport } from './member-export/area.ts';
import { area as notifications } from './notifications/area.ts';
import { area as home } from './home/area.ts';
import { area as statistics } from './statistics/area.ts';
import { area as admissions } from './admissions/area.ts';
import { area as reviews } from './reviews/area.ts';

export const areas: readonly ServerArea[] = [
  health,
  accounts,
  members,
  transfers,
  orgs,
  decisions,
  journal,
  memberImport,
  memberCleaning,
  badges,
  memberExport,
  notifications,
  home,
  statistics,
  admissions,
  reviews,
];
