/** Every area's routes, registered under /api. Add a module here when you add an area. */
import type { RouteModule } from '../http/context.ts';
import { healthRoutes } from './health/health.routes.ts';
import { authRoutes } from './accounts/auth.routes.ts';

export const routeModules: RouteModule[] = [healthRoutes, authRoutes];
