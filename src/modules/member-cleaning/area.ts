/** The member-record cleaning, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberCleaningRoutes } from './member-cleaning.routes.ts';

export const area = { name: 'member-cleaning', routes: [memberCleaningRoutes] } satisfies ServerArea;
