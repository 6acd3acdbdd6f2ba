/** Routes of the data-cleaning worklist. */
import { cleaningIssueSchema, cleaningListQuerySchema, cleaningListResponseSchema, cleaningResolveRequestSchema } from '../../contracts/member-import.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { requestLocale } from '../../http/locale.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { listCleaningIssues, resolveCleaningIssue } from './member-cleaning.service.ts';

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
};
