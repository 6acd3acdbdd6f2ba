/** Route of the member's record sheet: the member's page printed as a party document (PDF). */
import { z } from 'zod';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { memberReadScope } from './members-query.service.ts';
import { printMemberRecord } from './record-sheet.ts';

export const recordSheetRoutes: RouteModule = (app, { db }) => {
  app.get('/members/:id/record-sheet', {
    config: { access: 'member.read' },
    schema: {
      tags: ['members'], summary: 'The member\u2019s record sheet as a printable PDF (identity, party dates, unit with its place, timeline, badges, transfers)',
      params: z.strictObject({ id: z.coerce.number().int().positive() }), response: { 200: z.any().describe('file') },
    },
  }, async (request, reply) => {
    const pdf = await printMemberRecord(db, memberReadScope(callerOf(request)), request.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="ly-lich-dang-vien-${request.params.id}.pdf"`).send(pdf);
  });
};
