/** The organization tree's surface for other areas, the command line, the benchmark and the bulk loaders. */
export { listChildrenAsOf, getLineage, countUnitsAsOf, searchUnitsAsOf } from './orgs.service.ts';
export { findVersionsAsOf, type VersionRow } from './orgs.repository.ts';
// A command of another area that needs a unit created (the cleaning list's fix creates the cell for stranded members).
export { commonAncestor, applyRestructure } from './restructure.service.ts';
export { registerRestructureHook, provideHeldMembersCounter, type RestructureHook, type RestructureHookContext, type EndedUnit, type HeldMembersCounter } from './restructure-hooks.ts';
export { reserveUnitIds, reserveBatchIds, insertUnitsFrom, insertUnitVersionsFrom, insertUnitLinksFrom, insertRestructureBatchesFrom } from './bulk.ts';
export { ensureRootUnitIn, type RootUnit } from './root.ts';
/** The set-based writes of an establish batch (the benchmark measures them bare). */
export { insertEstablishedUnits, type EstablishedUnit } from './restructure.repository.ts';
