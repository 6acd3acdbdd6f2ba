/** Route of the member export: the member list's filters, as a streamed .xlsx or CSV file. */
import { z } from 'zod';
import { memberFilterSchema } from '../../contracts/members.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { exportMembers, printMembers } from './member-export.service.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const memberExportRoutes: RouteModule = (app, { db }) => {
  app.get('/member-export', {
    config: { access: 'member.read' },
    schema: {
      tags: ['member-export'],
      summary: 'Export a member list (the filters of GET /api/members) as a streamed .xlsx file with its title, CSV with format=csv, or a printable PDF with format=pdf',
      querystring: memberFilterSchema.extend({ format: z.enum(['xlsx', 'csv', 'pdf']).optional() }),
      response: { 200: z.any().describe('file') },
    },
  }, async (request, reply) => {
    const { format = 'xlsx', ...filters } = request.query;
    if (format === 'pdf') {
      const pdf = await printMembers(db, callerOf(request), filters);
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="danh-sach-dang-vien.pdf"').send(pdf);
    }
    const stream = await exportMembers(db, callerOf(request), filters, format);
    const name = `danh-sach-dang-vien.${format}`;
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME)
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(stream);
  });
};
