/** The organization tree through time: browse, search, details, history, lineage, counts, and restructuring. */
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction, scopeOf, type Caller } from '../../kernel/index.ts';
import { AppError } from '../../contracts/errors.ts';
import {
  ORG_BATCH_BODY_LIMIT, asOfQuery, batchDetailSchema, batchSizeExcess, batchIdParams, batchListSchema, changesQuery, childrenQuery, orgChangesSchema, orgChildrenSchema, orgCountsSchema,
  orgHistorySchema, orgLineageSchema, orgNodeListSchema, orgSearchResultSchema, orgUnitDetailSchema, pageQuery, restructureRequestSchema,
  restructureResultSchema, searchQuery, undoRequestSchema, unitCodeParams, unitIdParams,
} from '../../contracts/orgs.ts';
import {
  countUnitsAsOf, getBatch, getChangesBetween, getLineage, getUnitAsOf, getUnitByCode, getUnitHistory, listBatchesOfUnit, listChildrenAsOf, listRootsAsOf, searchUnitsAsOf,
} from './orgs.service.ts';
import { applyRestructure, inPreviewTransaction, undoBatch } from './restructure.service.ts';

/**
 * A batch longer than its documented limit (`ORG_BATCH_LIMITS`) is refused with its own code before the schema is
 * checked, so the integrator reads ORG_BATCH_TOO_LARGE with the limit, not a generic validation error.
 */
async function refuseOversizedBatch(request: { body: unknown }) {
  const excess = batchSizeExcess(request.body);
  if (excess) throw new AppError('ORG_BATCH_TOO_LARGE', excess);
}

export const orgsRoutes: RouteModule = (app, { db }) => {
  const readScope = (request: { caller: Caller | null }) => scopeOf(callerOf(request), 'org.read');

  app.get('/orgs/roots', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'The units the caller is granted, as of a date: where browsing the tree starts', querystring: asOfQuery, response: { 200: orgNodeListSchema } },
  }, async (request) => listRootsAsOf(db, readScope(request), request.query));

  app.get('/orgs/search', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Search units by name (diacritics ignored) or code, as of a date', querystring: searchQuery, response: { 200: orgSearchResultSchema } },
  }, async (request) => searchUnitsAsOf(db, readScope(request), request.query));

  app.get('/orgs/units/by-code/:code', {
    config: { access: 'org.read' },
    schema: {
      tags: ['orgs'],
      summary: 'One unit by its exact code: with `date`, the unit that bore the code on that date (shown as of it); without, the unit whose code it is now',
      description: 'Codes are kept on each dated version (a rename may change a code). Case matters. A unit outside the caller\'s subtrees is 404 like a missing code.',
      params: unitCodeParams, querystring: asOfQuery, response: { 200: orgUnitDetailSchema },
    },
  }, async (request) => getUnitByCode(db, readScope(request), { code: request.params.code, date: request.query.date }));

  app.get('/orgs/units/:id', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'One unit as of a date', params: unitIdParams, querystring: asOfQuery, response: { 200: orgUnitDetailSchema } },
  }, async (request) => getUnitAsOf(db, readScope(request), { unitId: request.params.id, date: request.query.date }));

  app.get('/orgs/units/:id/children', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Children of a unit as of a date, with their child counts', params: unitIdParams, querystring: childrenQuery, response: { 200: orgChildrenSchema } },
  }, async (request) => listChildrenAsOf(db, readScope(request), { unitId: request.params.id, ...request.query }));

  app.get('/orgs/units/:id/history', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Every version of a unit (voided ones marked) with batch and decision', params: unitIdParams, response: { 200: orgHistorySchema } },
  }, async (request) => getUnitHistory(db, readScope(request), { unitId: request.params.id }));

  app.get('/orgs/units/:id/lineage', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Predecessors and successors across merges, splits and upgrades', params: unitIdParams, response: { 200: orgLineageSchema } },
  }, async (request) => getLineage(db, readScope(request), { unitId: request.params.id }));

  app.get('/orgs/units/:id/counts', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Units under a unit by level, kind and sector as of a date', params: unitIdParams, querystring: asOfQuery, response: { 200: orgCountsSchema } },
  }, async (request) => countUnitsAsOf(db, readScope(request), { unitId: request.params.id, date: request.query.date }));

  app.get('/orgs/units/:id/changes', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Counts at two dates and the units established, ended, merged, split, upgraded and moved between', params: unitIdParams, querystring: changesQuery, response: { 200: orgChangesSchema } },
  }, async (request) => getChangesBetween(db, readScope(request), { unitId: request.params.id, ...request.query }));

  app.get('/orgs/units/:id/batches', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'Restructuring batches that touched a unit, newest first', params: unitIdParams, querystring: pageQuery, response: { 200: batchListSchema } },
  }, async (request) => listBatchesOfUnit(db, readScope(request), { unitId: request.params.id, ...request.query }));

  app.get('/orgs/batches/:batchId', {
    config: { access: 'org.read' },
    schema: { tags: ['orgs'], summary: 'One restructuring batch with its request and summary', params: batchIdParams, response: { 200: batchDetailSchema } },
  }, async (request) => getBatch(db, readScope(request), { batchId: request.params.batchId }));

  app.post('/orgs/batches/preview', {
    config: { access: 'org.restructure' },
    bodyLimit: ORG_BATCH_BODY_LIMIT,
    preValidation: refuseOversizedBatch,
    schema: { tags: ['orgs'], summary: 'Preview a restructuring batch: what it would change (nothing is saved)', body: restructureRequestSchema, response: { 200: restructureResultSchema } },
  }, async (request) => inPreviewTransaction(db, (tx) => applyRestructure(tx, actorOf(request), request.body, { preview: true })));

  app.post('/orgs/batches', {
    config: { access: 'org.restructure' },
    bodyLimit: ORG_BATCH_BODY_LIMIT,
    preValidation: refuseOversizedBatch,
    schema: { tags: ['orgs'], summary: 'Apply a restructuring batch (establish, rename, move, merge, split, upgrade, change kind, dissolve)',
      description: 'One batch, one transaction. Limits per batch: establish 10,000 units, move and dissolve 5,000 units, merge 2,000 sources, split 50 parts of up to 5,000 children each (ORG_BATCH_LIMITS); a larger one is refused with ORG_BATCH_TOO_LARGE (413), details { operation, field, limit, count }. An establish batch may name a parent by code, also one created earlier in the same batch.', body: restructureRequestSchema, response: { 201: restructureResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => applyRestructure(tx, actorOf(request), request.body))));

  app.post('/orgs/batches/:batchId/undo/preview', {
    config: { access: 'org.restructure' },
    schema: { tags: ['orgs'], summary: 'Preview undoing a batch (nothing is saved)', params: batchIdParams, body: undoRequestSchema, response: { 200: restructureResultSchema } },
  }, async (request) => inPreviewTransaction(db, (tx) => undoBatch(tx, actorOf(request), request.params.batchId, request.body, { preview: true })));

  app.post('/orgs/batches/:batchId/undo', {
    config: { access: 'org.restructure' },
    schema: { tags: ['orgs'], summary: 'Undo a batch with a compensating batch (history stays readable)', params: batchIdParams, body: undoRequestSchema, response: { 201: restructureResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => undoBatch(tx, actorOf(request), request.params.batchId, request.body))));
};
