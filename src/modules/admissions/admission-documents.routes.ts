/** /api/admissions/candidates/:id/…: the admission file's printed documents (PDF party documents). */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { printAdmissionChecklist, printAdmissionDecision } from './admission-documents.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });

const DOCUMENTS = [
  {
    path: 'decision.pdf', file: 'quyet-dinh-ket-nap', print: printAdmissionDecision,
    summary: 'The admission decision (9-KNĐ) of a file whose competent level has decided, as a printable PDF',
  },
  {
    path: 'checklist.pdf', file: 'danh-muc-ho-so', print: printAdmissionChecklist,
    summary: 'The admission file\'s checklist: its forms, introducers and steps with their deadlines, as a printable PDF',
  },
] as const;

export const admissionDocumentRoutes: RouteModule = (app, { db }) => {
  for (const document of DOCUMENTS) {
    app.get(`/admissions/candidates/:id/${document.path}`, {
      config: { access: 'admission.read' },
      schema: { tags: ['admissions'], summary: document.summary, params: idParams, response: { 200: z.any().describe('file') } },
    }, async (request, reply) => {
      const pdf = await document.print(db, callerOf(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${document.file}-${request.params.id}.pdf"`).send(pdf);
    });
  }
};
