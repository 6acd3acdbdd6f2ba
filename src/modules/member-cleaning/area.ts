/** The member-record cleaning, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberCleaningRoutes } from './member-cleaning.routes.ts';
import { workItems } from './work-items.ts';

export const area = { name: 'member-cleaning', routes: [memberCleaningRoutes], workItems } satisfies ServerArea;
