/** The admission pipeline, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { admissionRoutes } from './admissions.routes.ts';
import { admissionDocumentRoutes } from './admission-documents.routes.ts';
import { courseRoutes } from './courses.routes.ts';
import { workItems } from './work-items.ts';
import { admissionStatistics } from './statistics.ts';
import { admissionReminders } from './reminders.ts';

export const area = {
  name: 'admissions', routes: [admissionRoutes, admissionDocumentRoutes, courseRoutes], workItems, statistics: [admissionStatistics], dailyJobs: [admissionReminders],
} satisfies ServerArea;
