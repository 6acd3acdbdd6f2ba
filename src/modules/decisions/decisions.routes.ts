/** Decisions: record, search, read, and attach or download the signed PDF. */
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { AppError } from '../../contracts/errors.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  DECISION_ATTACHMENT_MAX_BYTES, decisionBulkCreateSchema, decisionBulkResultSchema, decisionCreateSchema, decisionIdParams, decisionListQuery, decisionListSchema, decisionSchema,
} from '../../contracts/decisions.ts';
import { requestLocale } from '../../http/locale.ts';
import { readIntoSharedBuffer } from '../../lib/buffers.ts';
import { attachDecisionPdf, createDecision, createDecisionsInBulk, getDecision, listDecisions, readDecisionPdf } from './decisions.service.ts';

/** A bulk request's body: 5,000 decisions of a few hundred bytes each. */
const BULK_BODY_LIMIT = 4 * 1024 * 1024;

export const decisionsRoutes: RouteModule = async (app, { db }) => {
  app.post('/decisions', {
    config: { access: 'decision.write' },
    schema: { tags: ['decisions'], summary: 'Record a decision (the legal basis changes refer to)', body: decisionCreateSchema, response: { 201: decisionSchema } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const decision = await inTransaction(db, (tx) => createDecision(tx, actor, request.body));
    return reply.status(201).send(decision);
  });

  app.post('/decisions/bulk', {
    config: { access: 'decision.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: {
      tags: ['decisions'], summary: 'Record many decisions at once (all or nothing; every bad row named)',
      body: decisionBulkCreateSchema, response: { 201: decisionBulkResultSchema },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const result = await inTransaction(db, (tx) => createDecisionsInBulk(tx, actor, request.body, requestLocale(request)));
    return reply.status(201).send(result);
  });

  app.get('/decisions', {
    config: { access: 'decision.read' },
    schema: { tags: ['decisions'], summary: 'Search decisions by number, text, signing dates and issuing unit (newest first)', querystring: decisionListQuery, response: { 200: decisionListSchema } },
  }, async (request) => listDecisions(db, callerOf(request), request.query));

  app.get('/decisions/:id', {
    config: { access: 'decision.read' },
    schema: { tags: ['decisions'], summary: 'One decision', params: decisionIdParams, response: { 200: decisionSchema } },
  }, async (request) => getDecision(db, callerOf(request), request.params.id));

  app.get('/decisions/:id/attachment', {
    config: { access: 'decision.read' },
    schema: {
      tags: ['decisions'], summary: 'Download the decision\'s PDF', params: decisionIdParams,
      response: { 200: z.any().describe('application/pdf') },
    },
  }, async (request, reply) => {
    const file = await readDecisionPdf(db, callerOf(request), request.params.id);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .send(file.data);
  });

  // The upload lives in its own encapsulated context so the multipart parser applies to it alone.
  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<ZodTypeProvider>();
    await upload.register(multipart, { limits: { fileSize: DECISION_ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    upload.put('/decisions/:id/attachment', {
      config: { access: 'decision.write' },
      schema: {
        tags: ['decisions'], summary: 'Attach the signed PDF (multipart/form-data, field "file", at most 20 MB)', consumes: ['multipart/form-data'],
        params: decisionIdParams, response: { 200: decisionSchema },
      },
    }, async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      // Every part is read, so that a second file is refused (the parser's `files` limit) rather than dropped unseen.
      let file: { filename: string; data: Buffer } | null = null;
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        // Joined a few MB per turn (`toBuffer` joins the whole file in one); the parser stops reading at the limit.
        const data = await readIntoSharedBuffer(part.file);
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: DECISION_ATTACHMENT_MAX_BYTES });
        file = { filename: part.filename, data };
      }
      if (!file) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.file', check: 'required', message: { vi: 'Cần đính kèm tệp PDF của quyết định', en: 'A PDF file is required' } }] });
      const actor = actorOf(request);
      const { filename, data } = file;
      return inTransaction(db, (tx) => attachDecisionPdf(tx, actor, request.params.id, { filename, data }));
    });
  });
};
