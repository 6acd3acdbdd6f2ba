/** The home page, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { homeRoutes } from './home.routes.ts';

export const area = { name: 'home', routes: [homeRoutes] } satisfies ServerArea;
