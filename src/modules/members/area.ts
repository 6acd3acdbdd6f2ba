/** The member registry, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberRoutes } from './members.routes.ts';
import { recordSheetRoutes } from './record-sheet.routes.ts';
import { memberStatistics, memberStatisticsFold } from './statistics.ts';

export const area = { name: 'members', routes: [memberRoutes, recordSheetRoutes], statistics: [memberStatistics], backgroundTasks: [memberStatisticsFold] } satisfies ServerArea;
