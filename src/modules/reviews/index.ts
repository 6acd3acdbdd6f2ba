/**
 * The review and classification area's surface (the routes and the statistics source are declared in `area.ts`):
 * the batch commands, for an import or the demo data that records a year's results through the area's own rules.
 */
export { recordMemberResults, recordOrganizationResults } from './reviews.service.ts';
