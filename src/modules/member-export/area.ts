/** The member export, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberExportRoutes } from './member-export.routes.ts';

export const area = { name: 'member-export', routes: [memberExportRoutes] } satisfies ServerArea;
