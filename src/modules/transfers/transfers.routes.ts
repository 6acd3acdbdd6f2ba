/** /api/transfers: transfers of party activity between any two units. Routes only validate and call a service. */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  transferAcceptRequestSchema, transferCloseRequestSchema, transferIssueRequestSchema, transferListQuerySchema,
  transferListResponseSchema, transferPresentRequestSchema, transferSchema,
} from '../../contracts/members.ts';
import { transferDestinationListSchema, transferDestinationQuerySchema } from '../../contracts/transfer-destinations.ts';
import { bulkResultSchema, bulkTransferAcceptRequestSchema, bulkTransferIssueRequestSchema } from '../../contracts/members.ts';
import { requestLocale } from '../../http/locale.ts';
import * as bulk from './bulk-commands.ts';
import * as service from './transfers.service.ts';
import { printTransferLetter } from './transfer-letter.ts';
import './transfers-restructure.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
/** A bulk request may carry up to BULK_MAX_ROWS rows. */
const BULK_BODY_LIMIT = 8 * 1024 * 1024;
const TAGS = ['transfers'];

export const transferRoutes: RouteModule = (app, { db }) => {
  app.get('/transfers', {
    config: { access: 'member.read' },
    schema: {
      tags: TAGS,
      summary: 'Transfers incoming to or outgoing from the caller\'s subtrees; `late=true` lists those past a deadline',
      querystring: transferListQuerySchema,
      response: { 200: transferListResponseSchema },
    },
  }, async (request) => service.listTransfersForCaller(db, callerOf(request), request.query));

  app.get('/transfers/destinations', {
    config: { access: 'member.write' },
    schema: {
      tags: TAGS,
      summary: 'Units anywhere in the country a member can be sent to, by name (diacritics ignored) or exact code: names and codes only',
      querystring: transferDestinationQuerySchema,
      response: { 200: transferDestinationListSchema },
    },
  }, async (request) => service.searchTransferDestinations(db, request.query));

  app.post('/transfers/bulk/issue', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Issue transfers for many members under one decision (up to 5,000 rows; all or nothing, every bad row named)', body: bulkTransferIssueRequestSchema, response: { 201: bulkResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => bulk.issueTransfersInBulk(tx, actorOf(request), request.body, requestLocale(request)))));

  app.post('/transfers/bulk/accept', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Accept many incoming transfers, received on one date (all or nothing, every bad row named)', body: bulkTransferAcceptRequestSchema, response: { 200: bulkResultSchema } },
  }, async (request) => inTransaction(db, (tx) => bulk.acceptTransfersInBulk(tx, actorOf(request), request.body, requestLocale(request))));

  app.get('/transfers/:id', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'One transfer, seen from either side', params: idParams, response: { 200: transferSchema } },
  }, async (request) => service.getTransfer(db, callerOf(request), request.params.id));

  app.get('/transfers/:id/letter', {
    config: { access: 'member.read' },
    schema: {
      tags: TAGS, summary: 'The transfer introduction letter (giấy giới thiệu sinh hoạt đảng) as a printable PDF, for either side',
      params: idParams, response: { 200: z.any().describe('file') },
    },
  }, async (request, reply) => {
    const pdf = await printTransferLetter(db, callerOf(request), request.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="giay-gioi-thieu-${request.params.id}.pdf"`).send(pdf);
  });

  app.post('/transfers', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Issue a transfer (sending side)', body: transferIssueRequestSchema, response: { 201: transferSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.issueTransfer(tx, actorOf(request), request.body))));

  app.post('/transfers/:id/accept', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Accept a transfer into a cell (receiving side)', params: idParams, body: transferAcceptRequestSchema, response: { 200: transferSchema } },
  }, async (request) => inTransaction(db, (tx) => service.acceptTransfer(tx, actorOf(request), request.params.id, request.body)));

  app.post('/transfers/:id/present', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Record the presentation to the new cell (receiving side)', params: idParams, body: transferPresentRequestSchema, response: { 200: transferSchema } },
  }, async (request) => inTransaction(db, (tx) => service.presentTransfer(tx, actorOf(request), request.params.id, request.body)));

  app.post('/transfers/:id/return', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Return a transfer not accepted (receiving side)', params: idParams, body: transferCloseRequestSchema, response: { 200: transferSchema } },
  }, async (request) => inTransaction(db, (tx) => service.returnTransfer(tx, actorOf(request), request.params.id, request.body)));

  app.post('/transfers/:id/cancel', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Withdraw a transfer not yet received (sending side)', params: idParams, body: transferCloseRequestSchema, response: { 200: transferSchema } },
  }, async (request) => inTransaction(db, (tx) => service.cancelTransfer(tx, actorOf(request), request.params.id, request.body)));

  app.post('/transfers/:id/end', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'End a temporary transfer (either side)', params: idParams, body: transferCloseRequestSchema, response: { 200: transferSchema } },
  }, async (request) => inTransaction(db, (tx) => service.endTemporaryTransfer(tx, actorOf(request), request.params.id, request.body)));
};
