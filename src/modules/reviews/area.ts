/** The annual review and classification, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { reviewRoutes } from './reviews.routes.ts';
import { reviewStatistics } from './statistics.ts';

export const area = { name: 'reviews', routes: [reviewRoutes], statistics: [reviewStatistics] } satisfies ServerArea;
