/** Decisions, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { decisionsRoutes } from './decisions.routes.ts';

export const area = { name: 'decisions', routes: [decisionsRoutes] } satisfies ServerArea;
