/** The organization tree, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { orgsRoutes } from './orgs.routes.ts';
import { orgStatistics } from './statistics.ts';

export const area = { name: 'orgs', routes: [orgsRoutes], statistics: [orgStatistics] } satisfies ServerArea;
