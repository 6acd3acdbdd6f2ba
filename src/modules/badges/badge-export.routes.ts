/** Route of the badge list's files: the whole list of a presentation day as .xlsx or as a printable PDF. */
import { z } from 'zod';
import { badgeDueQuerySchema } from '../../contracts/member-import.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { badgeListPdf, badgeListWorkbook } from './badge-list-export.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const badgeExportRoutes: RouteModule = (app, { db }) => {
  app.get('/badges/due/export', {
    config: { access: 'member.read' },
    schema: {
      tags: ['badges'],
      summary: 'The whole badge list of a presentation day, as .xlsx (title, unit with its place, date, STT) or as a printable PDF',
      querystring: badgeDueQuerySchema.pick({ presentationDate: true, unitId: true }).extend({ format: z.enum(['xlsx', 'pdf']).optional() }),
      response: { 200: z.any().describe('file') },
    },
  }, async (request, reply) => {
    const { format = 'xlsx', ...query } = request.query;
    const name = `huy-hieu-dang-${query.presentationDate}.${format}`;
    const file = format === 'pdf' ? await badgeListPdf(db, callerOf(request), query) : await badgeListWorkbook(db, callerOf(request), query);
    return reply.type(format === 'pdf' ? 'application/pdf' : XLSX_MIME).header('content-disposition', `attachment; filename="${name}"`).send(file);
  });
};
