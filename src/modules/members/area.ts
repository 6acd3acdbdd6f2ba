/** The member registry, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { memberRoutes } from './members.routes.ts';
import { recordSheetRoutes } from './record-sheet.routes.ts';
import { memberStatistics, memberStatisticsCheckpoints, memberStatisticsFold } from './statistics.ts';

export const area = { name: 'members', routes: [memberRoutes, recordSheetRoutes], statistics: [memberStatistics], backgroundTasks: [memberStatisticsFold], dailyJobs: [memberStatisticsCheckpoints] } satisfies ServerArea;
