/** The statistics, as the server registers them: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { statisticsRoutes } from './statistics.routes.ts';

export const area = { name: 'statistics', routes: [statisticsRoutes] } satisfies ServerArea;
