/** The health check, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { healthRoutes } from './health.routes.ts';

export const area = { name: 'health', routes: [healthRoutes] } satisfies ServerArea;
