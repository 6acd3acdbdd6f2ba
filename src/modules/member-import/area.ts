/** The member import, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberImportRoutes } from './member-import.routes.ts';
import { warmReaders } from './spreadsheet-in-worker.ts';
import { workItems } from './work-items.ts';
import { importErasure } from './erasure.ts';

export const area = { name: 'member-import', routes: [memberImportRoutes], workItems, warmUp: warmReaders, dailyJobs: [importErasure] } satisfies ServerArea;
