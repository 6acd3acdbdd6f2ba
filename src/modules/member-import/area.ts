/** The member import, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberImportRoutes } from './member-import.routes.ts';

export const area = { name: 'member-import', routes: [memberImportRoutes] } satisfies ServerArea;
