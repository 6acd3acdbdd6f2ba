/** Party badges, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { badgeExportRoutes } from './badge-export.routes.ts';
import { badgeRoutes } from './badges.routes.ts';
import { workItems } from './work-items.ts';

export const area = { name: 'badges', routes: [badgeRoutes, badgeExportRoutes], workItems } satisfies ServerArea;
