/** Every area's routes, registered under /api. Add a module here when you add an area. */
import type { RouteModule } from '../http/context.ts';
import { healthRoutes } from './health/health.routes.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { accountsRoutes } from './accounts/accounts.routes.ts';
import { memberRoutes } from './members/members.routes.ts';
import { transferRoutes } from './transfers/transfers.routes.ts';
import { orgsRoutes } from './orgs/orgs.routes.ts';
import { decisionsRoutes } from './decisions/decisions.routes.ts';
import { journalRoutes } from './journal/journal.routes.ts';
import { memberImportRoutes } from './member-import/member-import.routes.ts';
import { memberCleaningRoutes } from './member-cleaning/member-cleaning.routes.ts';
import { badgeRoutes } from './badges/badges.routes.ts';
import { memberExportRoutes } from './member-export/member-export.routes.ts';

export const routeModules: RouteModule[] = [healthRoutes, authRoutes, accountsRoutes, memberRoutes, transferRoutes, orgsRoutes, decisionsRoutes, journalRoutes, memberImportRoutes, memberCleaningRoutes, badgeRoutes, memberExportRoutes];
