/**
 * /api/members: lists and search, the member page, self-service, headcounts, saved filters, and the life-cycle
 * commands. Routes only validate and call a service.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction, type Actor, type Tx } from '../../kernel/index.ts';
import {
  admissionRequestSchema, commandResultSchema, correctionRequestSchema, mergeRequestSchema, deathRequestSchema, exemptionEndRequestSchema,
  exemptionRequestSchema, expulsionRequestSchema, fieldChangeRequestSchema, headcountSchema, isoDateSchema, memberListQuerySchema,
  memberListResponseSchema, memberPageSchema, probationRefusalRequestSchema, readmissionRequestSchema,
  recognitionExtensionRequestSchema, recognitionRequestSchema, registrationRequestSchema, removalRequestSchema,
  savedFilterInputSchema, savedFilterSchema, savedFilterUpdateSchema,
} from '../../contracts/members.ts';
import { bulkAdmissionRequestSchema, bulkLeaveRequestSchema, bulkRecognitionRequestSchema, bulkResultSchema } from '../../contracts/members.ts';
import { requestLocale } from '../../http/locale.ts';
import * as bulk from './bulk-commands.ts';
import * as commands from './members.service.ts';
import * as queries from './members-query.service.ts';
import './members-restructure.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
/** A bulk request may carry up to BULK_MAX_ROWS rows (an admission row with its identity is ~0.5 kB). */
const BULK_BODY_LIMIT = 8 * 1024 * 1024;
const TAGS = ['members'];

export const memberRoutes: RouteModule = (app, { db }) => {
  // ---- Reading -------------------------------------------------------------------------------------------------
  app.get('/members', {
    config: { access: 'member.read' },
    schema: {
      tags: TAGS,
      summary: 'List and search members in the caller\'s scope (Vietnamese order, keyset paging with `after`, optionally as of a date)',
      querystring: memberListQuerySchema,
      response: { 200: memberListResponseSchema },
    },
  }, async (request) => queries.listMembers(db, queries.memberReadScope(callerOf(request)), request.query, { total: true }));

  app.get('/members/self', {
    config: { access: 'member.self' },
    schema: { tags: TAGS, summary: 'The signed-in member\'s own record and timeline', response: { 200: memberPageSchema } },
  }, async (request) => queries.getOwnMemberPage(db, callerOf(request)));

  app.get('/members/headcount', {
    config: { access: 'member.read' },
    schema: {
      tags: TAGS,
      summary: 'Members counted at a unit and its subtree on a date (temporary guests apart, not counted)',
      querystring: z.strictObject({ unitId: z.coerce.number().int().positive(), asOf: isoDateSchema.optional() }),
      response: { 200: headcountSchema },
    },
  }, async (request) => queries.getHeadcount(db, queries.memberReadScope(callerOf(request)), request.query.unitId, request.query.asOf));

  app.get('/members/saved-filters', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'The caller\'s saved list filters', response: { 200: z.object({ items: z.array(savedFilterSchema) }) } },
  }, async (request) => ({ items: await queries.listSavedFilters(db, callerOf(request)) }));

  app.post('/members/saved-filters', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'Save a list filter under a name', body: savedFilterInputSchema, response: { 201: savedFilterSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => queries.createSavedFilter(tx, actorOf(request), request.body))));

  app.patch('/members/saved-filters/:id', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'Rename or change a saved filter', params: idParams, body: savedFilterUpdateSchema, response: { 200: savedFilterSchema } },
  }, async (request) => inTransaction(db, (tx) => queries.updateSavedFilter(tx, actorOf(request), request.params.id, request.body)));

  app.delete('/members/saved-filters/:id', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'Delete a saved filter', params: idParams, response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (request) => {
    await inTransaction(db, (tx) => queries.deleteSavedFilter(tx, actorOf(request), request.params.id));
    return { ok: true as const };
  });

  app.get('/members/:id', {
    config: { access: 'member.read' },
    schema: { tags: TAGS, summary: 'A member\'s record, placements and whole timeline across units', params: idParams, response: { 200: memberPageSchema } },
  }, async (request) => queries.getMemberPage(db, queries.memberReadScope(callerOf(request)), request.params.id));

  // ---- New records ---------------------------------------------------------------------------------------------
  app.post('/members/admissions', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Admit a new (probationary) member into a cell', body: admissionRequestSchema, response: { 201: commandResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => commands.admitMember(tx, actorOf(request), request.body))));

  app.post('/members/registrations', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Register an existing member whose earlier history is on paper', body: registrationRequestSchema, response: { 201: commandResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => commands.registerMember(tx, actorOf(request), request.body))));

  // ---- Life-cycle commands on one member ---------------------------------------------------------------------
  // Each runs in the transaction the route opens.
  const command = <S extends z.ZodType>(path: string, summary: string, body: S, run: (tx: Tx, actor: Actor, id: number, input: z.infer<S>) => Promise<z.infer<typeof commandResultSchema>>) => {
    app.post(`/members/:id/${path}`, {
      config: { access: 'member.write' },
      schema: { tags: TAGS, summary, params: idParams, body, response: { 200: commandResultSchema } },
    }, async (request) => inTransaction(db, (tx) => run(tx, actorOf(request), (request.params as { id: number }).id, request.body as z.infer<S>)));
  };
  command('recognition', 'Recognize a probationary member as official (from the end of probation)', recognitionRequestSchema, (tx, actor, id, input) => commands.recognizeMember(tx, actor, id, input));
  command('recognition-extension', 'Extend the recognition decision deadline', recognitionExtensionRequestSchema, (tx, actor, id, input) => commands.extendRecognition(tx, actor, id, input));
  command('probation-refusal', 'Not recognized at the end of probation: removed from the list', probationRefusalRequestSchema, (tx, actor, id, input) => commands.refuseProbation(tx, actor, id, input));
  command('exemption', 'Exempt an official member from activity', exemptionRequestSchema, (tx, actor, id, input) => commands.exemptMember(tx, actor, id, input));
  command('exemption-end', 'End an exemption', exemptionEndRequestSchema, (tx, actor, id, input) => commands.endExemption(tx, actor, id, input));
  command('removal', 'Remove a member from the list', removalRequestSchema, (tx, actor, id, input) => commands.removeMember(tx, actor, id, input));
  command('expulsion', 'Expel a member', expulsionRequestSchema, (tx, actor, id, input) => commands.expelMember(tx, actor, id, input));
  command('death', 'Record a member\'s death', deathRequestSchema, (tx, actor, id, input) => commands.recordDeath(tx, actor, id, input));
  command('readmission', 'Re-admit a former member (once, after 36 months, with provincial consent)', readmissionRequestSchema, (tx, actor, id, input) => commands.readmitMember(tx, actor, id, input));
  command('corrections', 'Correct a wrong life-cycle event (annul or re-date it), with a reason', correctionRequestSchema, (tx, actor, id, input) => commands.correctMemberEvent(tx, actor, id, input));
  command('merge', 'Merge a duplicate record of the same person into this one (both kept; the duplicate marked merged)', mergeRequestSchema, (tx, actor, id, input) => commands.mergeMemberRecords(tx, actor, id, input));

  // ---- Bulk life-cycle commands (many members under one decision, all or nothing) -----------------------------
  app.post('/members/bulk/admissions', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Admit many applicants under one decision (up to 5,000 rows; all or nothing, every bad row named)', body: bulkAdmissionRequestSchema, response: { 201: bulkResultSchema } },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => bulk.admitMembersInBulk(tx, actorOf(request), request.body, requestLocale(request)))));

  app.post('/members/bulk/recognitions', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Recognize many probationary members as official under one decision (all or nothing)', body: bulkRecognitionRequestSchema, response: { 200: bulkResultSchema } },
  }, async (request) => inTransaction(db, (tx) => bulk.recognizeMembersInBulk(tx, actorOf(request), request.body, requestLocale(request))));

  app.post('/members/bulk/removals', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Remove many members from the list (xóa tên) under one decision (all or nothing)', body: bulkLeaveRequestSchema, response: { 200: bulkResultSchema } },
  }, async (request) => inTransaction(db, (tx) => bulk.leaveInBulk(tx, actorOf(request), 'removal', request.body, requestLocale(request))));

  app.post('/members/bulk/expulsions', {
    config: { access: 'member.write' }, bodyLimit: BULK_BODY_LIMIT,
    schema: { tags: TAGS, summary: 'Expel many members under one decision (all or nothing)', body: bulkLeaveRequestSchema, response: { 200: bulkResultSchema } },
  }, async (request) => inTransaction(db, (tx) => bulk.leaveInBulk(tx, actorOf(request), 'expulsion', request.body, requestLocale(request))));

  app.patch('/members/:id', {
    config: { access: 'member.write' },
    schema: { tags: TAGS, summary: 'Change record fields (a dated change, or a correction with a reason)', params: idParams, body: fieldChangeRequestSchema, response: { 200: commandResultSchema } },
  }, async (request) => inTransaction(db, (tx) => commands.changeMemberFields(tx, actorOf(request), request.params.id, request.body)));
};
