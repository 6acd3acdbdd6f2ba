/** /api/reviews: the annual review and classification results. Routes only validate and call a service. */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  memberResultsRequestSchema, organizationResultsRequestSchema, resultCorrectionRequestSchema, reviewBatchResponseSchema, reviewListQuerySchema, reviewListSchema,
  reviewResultSchema,
} from '../../contracts/reviews.ts';
import * as service from './reviews.service.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
/** A batch of 1,000 rows with notes fits well within this. */
const BATCH_BODY_LIMIT = 1024 * 1024;
const TAGS = ['reviews'];

export const reviewRoutes: RouteModule = (app, { db }) => {
  app.get('/reviews', {
    config: { access: 'review.read' },
    schema: {
      tags: TAGS, summary: 'A unit\'s members (or the organizations beneath it) on 31/12 of a year, with their results and the totals by level',
      querystring: reviewListQuerySchema, response: { 200: reviewListSchema },
    },
  }, async (request) => service.listResults(db, callerOf(request), request.query));

  app.post('/reviews/members', {
    config: { access: 'review.write' }, bodyLimit: BATCH_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Record a year\'s results of many members of a unit under a decision (all or nothing)', body: memberResultsRequestSchema, response: { 201: reviewBatchResponseSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.recordMemberResults(tx, actorOf(request), request.body))));

  app.post('/reviews/organizations', {
    config: { access: 'review.write' }, bodyLimit: BATCH_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Record a year\'s results of the organizations beneath a committee under a decision (all or nothing)', body: organizationResultsRequestSchema, response: { 201: reviewBatchResponseSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.recordOrganizationResults(tx, actorOf(request), request.body))));

  app.post('/reviews/results/:id/correct', {
    config: { access: 'review.write' },
    schema: { tags: TAGS, summary: 'Correct a result: the standing one is voided with the reason (kept) and a new one recorded', params: idParams, body: resultCorrectionRequestSchema, response: { 201: reviewResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.correctResult(tx, actorOf(request), request.params.id, request.body))));
};
