/**
 * Routes of the member import: template, upload, validation, progress, rows, error report, apply.
 * The upload body is the file itself (.xlsx or .csv), read as a stream with a hard size limit: a declared length
 * over the limit is refused before anything is read, and a stream that grows past it is cut off there.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../contracts/errors.ts';
import {
  IMPORT_MAX_BYTES, importApplyRequestSchema, importJobListQuerySchema, importJobListSchema, importJobSchema, importRowKeysQuerySchema, importRowKeysResponseSchema, importRowLookupQuerySchema, importRowLookupResponseSchema, importRowsQuerySchema, importRowsResponseSchema,
  importValidateRequestSchema,
} from '../../contracts/member-import.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { requestLocale } from '../../http/locale.ts';
import { joinIntoSharedBuffer } from '../../lib/buffers.ts';
import { actorOf } from '../../kernel/index.ts';
import { waitForBackgroundWork } from './background.ts';
import {
  buildImportTemplate, findImportRows, getImportJob, listImportJobs, listImportRowKeys, listImportRows, startApply, startValidation, streamImportReport, uploadImportFile,
} from './member-import.service.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const UPLOAD_CONTENT_TYPES = ['application/octet-stream', XLSX_MIME, 'text/csv'];

const jobParams = z.strictObject({ id: z.coerce.number().int().positive() });
const binary = z.any().describe('file');

/**
 * Reads a request body into memory up to `limit` bytes; past that, stops reading and fails with PAYLOAD_TOO_LARGE.
 * The body is joined in shared memory a few MB per turn (`joinIntoSharedBuffer`): the reader worker then reads it in
 * place, and no turn copies the whole.
 */
export function readBodyWithLimit(stream: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(stream.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new AppError('PAYLOAD_TOO_LARGE', { limitBytes: limit }));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.off('data', onData);
        stream.pause();
        chunks.length = 0;
        reject(new AppError('PAYLOAD_TOO_LARGE', { limitBytes: limit }));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(joinIntoSharedBuffer(chunks, size)));
    stream.once('error', reject);
  });
}

function attachmentName(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^\w.-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const memberImportRoutes: RouteModule = async (app, { db }) => {
  app.addHook('onClose', async () => { await waitForBackgroundWork(); });

  app.get('/member-import/template.xlsx', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'], summary: 'The import template (.xlsx): Vietnamese headers, drop-down lists, instructions, the cells of the caller (or of the chosen unit) with where each is',
      querystring: z.strictObject({ unitId: z.coerce.number().int().positive().optional() }),
      response: { 200: binary },
    },
  }, async (request, reply) => {
    const buffer = await buildImportTemplate(db, callerOf(request), request.query.unitId);
    return reply.type(XLSX_MIME).header('content-disposition', attachmentName('mau-nhap-dang-vien.xlsx')).send(buffer);
  });

  app.get('/member-import/jobs', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'], summary: 'Import jobs of units in the caller\u2019s scope, newest first, a page at a time, with their total',
      querystring: importJobListQuerySchema, response: { 200: importJobListSchema },
    },
  }, async (request) => listImportJobs(db, callerOf(request), request.query, requestLocale(request)));

  // The upload has its own body parser, in its own scope, so other routes keep the default limits.
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(UPLOAD_CONTENT_TYPES, (request, payload, done) => {
      readBodyWithLimit(payload as IncomingMessage, IMPORT_MAX_BYTES).then((body) => done(null, body), (error: Error) => done(error, undefined));
    });
    scope.post('/member-import/jobs', {
      config: { access: 'member.write' },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags: ['member-import'],
        summary: 'Upload a file (.xlsx or .csv, at most 50 MB, the file itself as the body) for a unit; returns the job with the headers and a proposed mapping',
        querystring: z.strictObject({ unitId: z.coerce.number().int().positive(), filename: z.string().trim().min(1).max(255) }),
        response: { 201: importJobSchema },
      },
    }, async (request, reply) => {
      const data = request.body;
      if (!Buffer.isBuffer(data)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const actor = actorOf(request);
      const job = await uploadImportFile(db, actor, { unitId: request.query.unitId, filename: request.query.filename, data }, requestLocale(request));
      return reply.status(201).send(job);
    });
  });

  app.get('/member-import/jobs/:id', {
    config: { access: 'member.write' },
    schema: { tags: ['member-import'], summary: 'An import job: status and progress (poll while validating or applying)', params: jobParams, response: { 200: importJobSchema } },
  }, async (request) => getImportJob(db, callerOf(request), request.params.id, requestLocale(request)));

  app.post('/member-import/jobs/:id/validate', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'], summary: 'Confirm the column mapping and validate every row (runs in the background)',
      params: jobParams, body: importValidateRequestSchema, response: { 202: importJobSchema },
    },
  }, async (request, reply) => {
    const job = await startValidation(db, actorOf(request), request.params.id, request.body, requestLocale(request));
    return reply.status(202).send(job);
  });

  app.get('/member-import/jobs/:id/rows', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'], summary: 'The rows of a validated job with their problems', params: jobParams, querystring: importRowsQuerySchema,
      response: { 200: importRowsResponseSchema },
    },
  }, async (request) => listImportRows(db, callerOf(request), request.params.id, request.query, requestLocale(request)));

  app.get('/member-import/jobs/:id/rows/lookup', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'],
      summary: 'The rows of a job whose cell in a key column holds a value (key: a header of the file or a mapped field such as citizenId, partyCardNumber; an external id column): which member each became, or why it failed',
      params: jobParams, querystring: importRowLookupQuerySchema, response: { 200: importRowLookupResponseSchema },
    },
  }, async (request) => findImportRows(db, callerOf(request), request.params.id, request.query, requestLocale(request)));

  app.get('/member-import/jobs/:id/rows/keys', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'],
      summary: 'Every row\'s cell in a key column (a header of the file or a mapped field, as for a lookup) and the member the row became, up to 10,000 rows a page: an integrator\'s map from its ids to members after an import',
      params: jobParams, querystring: importRowKeysQuerySchema, response: { 200: importRowKeysResponseSchema },
    },
  }, async (request) => listImportRowKeys(db, callerOf(request), request.params.id, request.query));

  app.get('/member-import/jobs/:id/report.xlsx', {
    config: { access: 'member.write' },
    schema: { tags: ['member-import'], summary: 'The bad rows as they were, with an error column (.xlsx), to fix and re-import', params: jobParams, response: { 200: binary } },
  }, async (request, reply) => {
    const report = await streamImportReport(db, callerOf(request), request.params.id, requestLocale(request));
    return reply.type(XLSX_MIME).header('content-disposition', attachmentName(report.filename)).send(report.stream);
  });

  app.post('/member-import/jobs/:id/apply', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-import'], summary: 'Apply a validated job: all rows (refused if any is bad) or only the valid ones (runs in the background)',
      params: jobParams, body: importApplyRequestSchema, response: { 202: importJobSchema },
    },
  }, async (request, reply) => {
    const job = await startApply(db, actorOf(request), request.params.id, request.body, requestLocale(request));
    return reply.status(202).send(job);
  });
};
