/** Transfers of party activity, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { transferRoutes } from './transfers.routes.ts';
import { workItems } from './work-items.ts';

export const area = { name: 'transfers', routes: [transferRoutes], workItems } satisfies ServerArea;
