/**
 * The admission pipeline's surface (the routes are declared in `area.ts`): the reminder job for a scheduler, and the
 * calendar in force (the statutory one with the centre's adjustments) for any area that counts working days; the
 * bulk writer of synthetic files, the worklist and the home page's items for the benchmark.
 */
export { sendAdmissionReminders, calendarOf } from './admissions.service.ts';
export { insertSyntheticFiles, insertDemoPipelines, type DemoPipelineOptions, type DemoPipelineStats } from './bulk.ts';
export { listCandidatesForCaller } from './admissions.service.ts';
export { workItems } from './work-items.ts';
