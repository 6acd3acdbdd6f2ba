/** Transfers of party activity, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { transferRoutes } from './transfers.routes.ts';

export const area = { name: 'transfers', routes: [transferRoutes] } satisfies ServerArea;
