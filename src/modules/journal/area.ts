/** The journal, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { journalRoutes } from './journal.routes.ts';

export const area = { name: 'journal', routes: [journalRoutes] } satisfies ServerArea;
