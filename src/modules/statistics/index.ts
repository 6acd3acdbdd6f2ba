/** The statistics' surface: the catalog and the figures, for the benchmark and the tools (routes are in `area.ts`). */
export { catalogOf, readFigures, readForm, readFigureMembers, listForms } from './statistics.service.ts';
export { FORMS, checkForms } from './forms.ts';
