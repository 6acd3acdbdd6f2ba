/** /api/home: the caller's units and what needs doing there, for the web app's home page. */
import { homeSchema, workItemListSchema, workItemQuerySchema } from '../../contracts/home.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { countWorkItems, readHome } from './home.service.ts';

export const homeRoutes: RouteModule = (app, { db, workItems }) => {
  app.get('/home', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['home'], summary: 'The caller\'s units (with where each is) and the keys of the work items the caller may see',
      response: { 200: homeSchema },
    },
  }, async (request) => readHome(db, callerOf(request), workItems));

  app.get('/home/items', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['home'], summary: 'Counts of work items in the caller\'s scope, by key (comma-separated), with the filtered list each links to',
      querystring: workItemQuerySchema, response: { 200: workItemListSchema },
    },
  }, async (request) => countWorkItems(db, callerOf(request), workItems, request.query.keys?.split(',').map((key) => key.trim())));
};
