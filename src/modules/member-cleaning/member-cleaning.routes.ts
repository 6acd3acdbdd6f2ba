/** Routes of the data-cleaning worklist. */
import { cleaningFixRequestSchema, cleaningFixResultSchema, cleaningIssueSchema, cleaningListQuerySchema, cleaningListResponseSchema, cleaningResolveRequestSchema } from '../../contracts/member-import.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { requestLocale } from '../../http/locale.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { fixCleaningIssue, listCleaningIssues, resolveCleaningIssue } from './member-cleaning.service.ts';

export const memberCleaningRoutes: RouteModule = (app, { db }) => {
  app.get('/member-cleaning/issues', {
    config: { access: 'member.read' },
    schema: {
      tags: ['member-cleaning'],
      summary: 'The data-cleaning worklist of a unit (or the whole scope): duplicates, missing fields, dissolved units, contradictory dates',
      querystring: cleaningListQuerySchema,
      response: { 200: cleaningListResponseSchema },
    },
  }, async (request) => listCleaningIssues(db, callerOf(request), request.query, requestLocale(request)));

  app.post('/member-cleaning/resolutions', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-cleaning'],
      summary: 'Clear an issue of the worklist: resolved or not a problem, with a note',
      body: cleaningResolveRequestSchema,
      response: { 200: cleaningIssueSchema },
    },
  }, async (request) => inTransaction(db, (tx) => resolveCleaningIssue(tx, actorOf(request), request.body, requestLocale(request))));

  app.post('/member-cleaning/fixes', {
    config: { access: 'member.write' },
    schema: {
      tags: ['member-cleaning'],
      summary: 'Fix an issue in one step: members placed in a unit that is not a cell go into one of its cells (created when missing), on the day it stopped being one',
      body: cleaningFixRequestSchema,
      response: { 200: cleaningFixResultSchema },
    },
  }, async (request) => inTransaction(db, (tx) => fixCleaningIssue(tx, actorOf(request), request.body)));
};
