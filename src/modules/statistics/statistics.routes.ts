/** Routes of the statistics: the catalog of what the areas count, and one source's figures for a unit. */
import { statisticsCatalogQuerySchema, statisticsCatalogSchema, statisticsFiguresQuerySchema, statisticsFiguresSchema } from '../../contracts/statistics.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { catalogOf, readFigures } from './statistics.service.ts';

export const statisticsRoutes: RouteModule = (app, { db, statisticsSources }) => {
  app.get('/statistics/catalog', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['statistics'],
      summary: 'What the areas count: each source\'s measures (stocks on a date, flows over a period) and the dimensions they break down by, in the forms\' edition in force on the date',
      querystring: statisticsCatalogQuerySchema,
      response: { 200: statisticsCatalogSchema },
    },
  }, async (request) => catalogOf(statisticsSources, request.query.date));

  app.get('/statistics/figures', {
    config: { access: 'statistics.read' },
    schema: {
      tags: ['statistics'],
      summary: 'One source\'s figures for a unit\'s subtree, on the tree as it stood: stocks on a date, or a period\'s flows with the stocks before and after; by a dimension, and per unit directly under it',
      querystring: statisticsFiguresQuerySchema,
      response: { 200: statisticsFiguresSchema },
    },
  }, async (request) => readFigures(db, callerOf(request), statisticsSources, request.query));
};
