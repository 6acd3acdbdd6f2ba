/** The statistics' surface: the catalog and the figures, for the benchmark and the tools (routes are in `area.ts`). */
export { catalogOf, readFigures } from './statistics.service.ts';
