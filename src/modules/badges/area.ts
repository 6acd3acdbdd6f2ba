/** Party badges, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { badgeRoutes } from './badges.routes.ts';

export const area = { name: 'badges', routes: [badgeRoutes] } satisfies ServerArea;
