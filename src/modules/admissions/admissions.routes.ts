/** /api/admissions: the admission pipeline's files and the working-day calendar. Routes only validate and call a service. */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  ADMISSION_DOCUMENT_MAX_BYTES, calendarOverrideRequestSchema, calendarOverrideSchema, calendarQuerySchema, calendarSchema, calendarVoidRequestSchema,
  candidateCreateRequestSchema, candidateDetailSchema, candidateListQuerySchema, candidateListSchema, candidateUpdateRequestSchema,
  documentRequestSchema, introducerRequestSchema, stepRequestSchema,
} from '../../contracts/admissions.ts';
import * as service from './admissions.service.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const documentParams = z.strictObject({ id: z.coerce.number().int().positive(), documentId: z.coerce.number().int().positive() });
/** A form's scan travels as base64 (4/3 of its bytes) inside JSON. */
const DOCUMENT_BODY_LIMIT = Math.ceil((ADMISSION_DOCUMENT_MAX_BYTES * 4) / 3) + 64 * 1024;
const TAGS = ['admissions'];

export const admissionRoutes: RouteModule = (app, { db }) => {
  app.get('/admissions/candidates', {
    config: { access: 'admission.read' },
    schema: {
      tags: TAGS, summary: 'Admission files of a subtree: in progress, due this week, overdue, or all, with whom each waits on',
      querystring: candidateListQuerySchema, response: { 200: candidateListSchema },
    },
  }, async (request) => service.listCandidatesForCaller(db, callerOf(request), request.query));

  app.post('/admissions/candidates', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'A candidate proposed by a cell (opens the admission file)', body: candidateCreateRequestSchema, response: { 201: candidateDetailSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.createCandidate(tx, actorOf(request), request.body))));

  app.get('/admissions/candidates/:id', {
    config: { access: 'admission.read' },
    schema: { tags: TAGS, summary: 'One admission file: the candidate, the checklist of forms, the introducers, the steps and what comes next', params: idParams, response: { 200: candidateDetailSchema } },
  }, async (request) => service.getCandidate(db, callerOf(request), request.params.id));

  app.patch('/admissions/candidates/:id', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Change the course, certificate, helper or age consent of an open file', params: idParams, body: candidateUpdateRequestSchema, response: { 200: candidateDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.updateCandidate(tx, actorOf(request), request.params.id, request.body)));

  app.post('/admissions/candidates/:id/documents', {
    config: { access: 'admission.write' }, bodyLimit: DOCUMENT_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Record a form of the file (1-KNĐ … 15-KNĐ), optionally with its scan (PDF, JPEG, PNG; at most 2 MB)', params: idParams, body: documentRequestSchema, response: { 200: candidateDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.recordDocument(tx, actorOf(request), request.params.id, request.body)));

  app.get('/admissions/candidates/:id/documents/:documentId', {
    config: { access: 'admission.read' },
    schema: { tags: TAGS, summary: 'The scan of a recorded form', params: documentParams, response: { 200: z.any().describe('file') } },
  }, async (request, reply) => {
    const file = await service.getDocumentFile(db, callerOf(request), request.params.id, request.params.documentId);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="ho-so-${request.params.documentId}"`).send(file.content);
  });

  app.post('/admissions/candidates/:id/introducers', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Add an introducer (an official member, checked against the registry on the date) or the youth union\'s resolution', params: idParams, body: introducerRequestSchema, response: { 200: candidateDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.addIntroducer(tx, actorOf(request), request.params.id, request.body)));

  app.post('/admissions/candidates/:id/steps', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Record the next step of the procedure (vote, resolution, decision, ceremony, review, extension, recognition, refusal, withdrawal)', params: idParams, body: stepRequestSchema, response: { 200: candidateDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.recordStep(tx, actorOf(request), request.params.id, request.body)));

  app.get('/admissions/calendar', {
    config: { access: 'authenticated' },
    schema: { tags: TAGS, summary: 'The working-day calendar of a year: public holidays, the centre\'s adjustments and every day off', querystring: calendarQuerySchema, response: { 200: calendarSchema } },
  }, async (request) => service.getCalendar(db, request.query.year));

  app.post('/admissions/calendar/overrides', {
    config: { access: 'calendar.write' },
    schema: { tags: TAGS, summary: 'Adjust a day of the calendar (a weekday off or a weekend day worked), by the centre', body: calendarOverrideRequestSchema, response: { 201: calendarOverrideSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.addCalendarOverride(tx, actorOf(request), request.body))));

  app.post('/admissions/calendar/overrides/:id/void', {
    config: { access: 'calendar.write' },
    schema: { tags: TAGS, summary: 'Withdraw an adjustment of the calendar (kept, voided), by the centre', params: idParams, body: calendarVoidRequestSchema, response: { 200: calendarOverrideSchema } },
  }, async (request) => inTransaction(db, (tx) => service.voidCalendarOverride(tx, actorOf(request), request.params.id, request.body)));
};
