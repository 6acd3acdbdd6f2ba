/** /api/admissions/courses: the awareness courses and their participants. Routes only validate and call a service. */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  courseCloseRequestSchema, courseCreateRequestSchema, courseDetailSchema, courseListQuerySchema, courseListSchema, courseParticipantsRequestSchema,
  courseVoidRequestSchema,
} from '../../contracts/admission-courses.ts';
import * as service from './courses.service.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const participantParams = z.strictObject({ id: z.coerce.number().int().positive(), participantId: z.coerce.number().int().positive() });
const TAGS = ['admissions'];

export const courseRoutes: RouteModule = (app, { db }) => {
  app.get('/admissions/courses', {
    config: { access: 'admission.read' },
    schema: {
      tags: TAGS, summary: 'Awareness courses organized in a subtree, the latest first, with their participants counted (cursor paging, a total with the first page)',
      querystring: courseListQuerySchema, response: { 200: courseListSchema },
    },
  }, async (request) => service.listCourses(db, callerOf(request), request.query));

  app.post('/admissions/courses', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'An awareness course opened by a grassroots committee or a level above', body: courseCreateRequestSchema, response: { 201: courseDetailSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => service.createCourse(tx, actorOf(request), request.body))));

  app.get('/admissions/courses/:id', {
    config: { access: 'admission.read' },
    schema: { tags: TAGS, summary: 'One awareness course with its participants and their results', params: idParams, response: { 200: courseDetailSchema } },
  }, async (request) => service.getCourse(db, callerOf(request), request.params.id));

  app.post('/admissions/courses/:id/participants', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Add candidates of the cells under the organizing unit to a running course', params: idParams, body: courseParticipantsRequestSchema, response: { 200: courseDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.addParticipants(tx, actorOf(request), request.params.id, request.body)));

  app.post('/admissions/courses/:id/participants/:participantId/void', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Take a participant off a running course (kept, voided, with the reason)', params: participantParams, body: courseVoidRequestSchema, response: { 200: courseDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.voidParticipant(tx, actorOf(request), request.params.id, request.params.participantId, request.body)));

  app.post('/admissions/courses/:id/close', {
    config: { access: 'admission.write' },
    schema: {
      tags: TAGS, summary: 'Close a course with every participant\'s result; a completion fills the candidate\'s certificate', params: idParams,
      body: courseCloseRequestSchema, response: { 200: courseDetailSchema },
    },
  }, async (request) => inTransaction(db, (tx) => service.closeCourse(tx, actorOf(request), request.params.id, request.body)));

  app.post('/admissions/courses/:id/cancel', {
    config: { access: 'admission.write' },
    schema: { tags: TAGS, summary: 'Cancel a running course (kept, with the reason)', params: idParams, body: courseVoidRequestSchema, response: { 200: courseDetailSchema } },
  }, async (request) => inTransaction(db, (tx) => service.cancelCourse(tx, actorOf(request), request.params.id, request.body)));
};
