/** Party badges' surface for the benchmark and the bulk loaders (the routes are declared in `area.ts`). */
export { listBadgesDue } from './badges.service.ts';
export { insertBadgeAwardsFrom } from './bulk.ts';
