/** The member-record cleaning's surface (its routes are declared in `area.ts`): the worklist, for the benchmark. */
export { listCleaningIssues } from './member-cleaning.service.ts';
