/** Routes of the statistics: the catalog, one source's figures, the standard forms and their files, a figure's members. */
import { z } from 'zod';
import {
  statisticsCatalogQuerySchema, statisticsCatalogSchema, statisticsFiguresQuerySchema, statisticsFiguresSchema, statisticsFormExportQuerySchema,
  statisticsFormListSchema, statisticsFormQuerySchema, statisticsFormSchema, statisticsFormSubmissionSchema, statisticsMembersQuerySchema, statisticsMembersSchema,
  statisticsReturnRequestSchema, statisticsSubmissionDetailSchema, statisticsSubmissionListQuerySchema, statisticsSubmissionListSchema,
  statisticsSubmissionSchema, statisticsSubmitRequestSchema, indicatorListQuerySchema, indicatorListSchema, indicatorRequestSchema, indicatorSchema,
  targetDashboardQuerySchema, targetDashboardSchema, targetRequestSchema, formKeySchema,
} from '../../contracts/statistics.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { formSubmission, getSubmission, listSubmissions, returnSubmission, submitForm } from './submissions.ts';
import { defineIndicator, listIndicators, setTarget, targetDashboard } from './targets.ts';
import { formFileName, formPdf, formWorkbook } from './form-export.ts';
import { catalogOf, listForms, readFigureMembers, readFigures, readForm } from './statistics.service.ts';

const TAGS = ['statistics'];
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const formParams = z.strictObject({ key: formKeySchema });
const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const statisticsRoutes: RouteModule = (app, { db, statisticsSources }) => {
  app.get('/statistics/catalog', {
    config: { access: 'authenticated' },
    schema: {
      tags: TAGS,
      summary: 'What the areas count: each source\'s measures (stocks on a date, flows over a period) and the dimensions they break down by, in the forms\' edition in force on the date',
      querystring: statisticsCatalogQuerySchema,
      response: { 200: statisticsCatalogSchema },
    },
  }, async (request) => catalogOf(statisticsSources, request.query.date));

  app.get('/statistics/figures', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'One source\'s figures for a unit\'s subtree, on the tree as it stood: stocks on a date, or a period\'s flows with the stocks before and after; by a dimension, and per unit directly under it',
      querystring: statisticsFiguresQuerySchema,
      response: { 200: statisticsFiguresSchema },
    },
  }, async (request) => readFigures(db, callerOf(request), statisticsSources, request.query));

  app.get('/statistics/forms', {
    config: { access: 'authenticated' },
    schema: { tags: TAGS, summary: 'The standard statistical forms (11-HD/BTCTW)', response: { 200: statisticsFormListSchema } },
  }, async () => listForms());

  app.get('/statistics/forms/:key', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'A standard form for a unit: on a date (a stock form) or over a period (a flow form, default the year so far); each cell with the figure to drill into',
      params: formParams,
      querystring: statisticsFormQuerySchema,
      response: { 200: statisticsFormSchema },
    },
  }, async (request) => readForm(db, callerOf(request), statisticsSources, request.params.key, request.query));

  app.get('/statistics/forms/:key/export', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'A standard form as .xlsx (the form\'s layout) or as a printable PDF (the unit\'s header, the date, the signature block)',
      params: formParams,
      querystring: statisticsFormExportQuerySchema,
      response: { 200: z.any().describe('file') },
    },
  }, async (request, reply) => {
    const { format, ...query } = request.query;
    const form = await readForm(db, callerOf(request), statisticsSources, request.params.key, query);
    const file = format === 'pdf' ? await formPdf(db, form) : await formWorkbook(db, form);
    return reply.type(format === 'pdf' ? 'application/pdf' : XLSX_MIME).header('content-disposition', `attachment; filename="${formFileName(form, format)}"`).send(file);
  });

  app.get('/statistics/forms/:key/submission', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'Where a form stands for a unit and a date or period (as the form reads them): its latest submission (standing: locked until returned), or null',
      params: formParams,
      querystring: statisticsFormQuerySchema,
      response: { 200: statisticsFormSubmissionSchema },
    },
  }, async (request) => formSubmission(db, callerOf(request), request.params.key, request.query));

  app.get('/statistics/members', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'The members one figure counts, a page at a time (drill-down from a figure to people)',
      querystring: statisticsMembersQuerySchema,
      response: { 200: statisticsMembersSchema },
    },
  }, async (request) => readFigureMembers(db, callerOf(request), statisticsSources, request.query));

  app.post('/statistics/submissions', {
    config: { access: 'statistics.submit' },
    schema: {
      tags: TAGS,
      summary: 'Submit a form\'s figures for a date or a period to the level above: kept as submitted, and locked until returned',
      body: statisticsSubmitRequestSchema,
      response: { 201: statisticsSubmissionSchema },
    },
  }, async (request, reply) => reply.code(201).send(await inTransaction(db, (tx) => submitForm(tx, actorOf(request), statisticsSources, request.body))));

  app.get('/statistics/submissions', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'The submissions of a unit and of the units directly under it, newest first',
      querystring: statisticsSubmissionListQuerySchema,
      response: { 200: statisticsSubmissionListSchema },
    },
  }, async (request) => listSubmissions(db, callerOf(request), request.query));

  app.get('/statistics/submissions/:id', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'A submission beside the live figures of the same form and period, with every cell that differs',
      params: idParams,
      response: { 200: statisticsSubmissionDetailSchema },
    },
  }, async (request) => getSubmission(db, callerOf(request), statisticsSources, request.params.id));

  app.post('/statistics/submissions/:id/return', {
    config: { access: 'statistics.submit' },
    schema: {
      tags: TAGS,
      summary: 'Return a submission to the unit, with a reason (the level above only)',
      params: idParams,
      body: statisticsReturnRequestSchema,
      response: { 200: statisticsSubmissionSchema },
    },
  }, async (request) => inTransaction(db, (tx) => returnSubmission(tx, actorOf(request), request.params.id, request.body)));

  app.post('/statistics/indicators', {
    config: { access: 'statistics.submit' },
    schema: {
      tags: TAGS,
      summary: 'Define an indicator from the sources\' figures: a count, or a ratio shown as a percentage (a figure that does not exist is refused)',
      body: indicatorRequestSchema,
      response: { 201: indicatorSchema },
    },
  }, async (request, reply) => reply.code(201).send(await inTransaction(db, (tx) => defineIndicator(tx, actorOf(request), statisticsSources, request.body))));

  app.get('/statistics/indicators', {
    config: { access: 'statistics.read' },
    schema: { tags: TAGS, summary: 'The indicators serving a unit: defined at it or above it', querystring: indicatorListQuerySchema, response: { 200: indicatorListSchema } },
  }, async (request) => listIndicators(db, callerOf(request), request.query.unitId));

  app.post('/statistics/targets', {
    config: { access: 'statistics.submit' },
    schema: {
      tags: TAGS,
      summary: 'Set a target for a unit, for a year of a term or the whole term; a part of the level above\'s target names it (the parts of a count never exceed the whole)',
      body: targetRequestSchema,
      response: { 201: z.object({ id: z.number() }) },
    },
  }, async (request, reply) => reply.code(201).send(await inTransaction(db, (tx) => setTarget(tx, actorOf(request), request.body))));

  app.get('/statistics/targets', {
    config: { access: 'statistics.read' },
    schema: {
      tags: TAGS,
      summary: 'A unit\'s targets for a year with their actuals counted from the data, the parts given to the units beneath, and how many are met',
      querystring: targetDashboardQuerySchema,
      response: { 200: targetDashboardSchema },
    },
  }, async (request) => targetDashboard(db, callerOf(request), statisticsSources, request.query));
};
