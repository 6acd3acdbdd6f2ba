/** Reading the journal (`journal.read`), scoped to the caller's subtrees by each entry's unit. */
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { journalPageSchema, journalQuery } from '../../contracts/decisions.ts';
import { readJournal } from './journal.service.ts';

export const journalRoutes: RouteModule = (app, { db }) => {
  app.get('/journal', {
    config: { access: 'journal.read' },
    schema: {
      tags: ['journal'],
      summary: 'Journal entries, newest first: per object (objectType + objectId) or filtered by unit subtree, action, dates and account',
      querystring: journalQuery,
      response: { 200: journalPageSchema },
    },
  }, async (request) => readJournal(db, callerOf(request), request.query));
};
