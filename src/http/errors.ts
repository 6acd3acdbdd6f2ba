/**
 * The one error handler: every failure leaves as `{ error: { code, message, details } }` with a stable code and a
 * message in the caller's language. Unknown errors are logged and answered as INTERNAL without their text.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, errorMessage, type ErrorCode } from '../contracts/errors.ts';
import { requestLocale } from './locale.ts';

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  return reply.status(ERROR_CODES[code].status).send({
    error: { code, message: errorMessage(code, requestLocale(request), details), details: details ?? null },
  });
}

/** PostgreSQL errors that mean "someone else got there first": unique violation, serialization, deadlock. */
const CONFLICT_SQLSTATES = new Set(['23505', '40001', '40P01', '55P03']);

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, error.code, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...String(issue.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: issue.message,
        code: issue.params?.issue && typeof issue.params.issue === 'object' ? (issue.params.issue as { code?: string }).code : undefined,
      }));
      return sendError(request, reply, 'VALIDATION_FAILED', { issues });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(request, reply, 'PAYLOAD_TOO_LARGE');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || error.statusCode === 400 && !error.code?.startsWith('FST_ERR_VALIDATION')) {
      return sendError(request, reply, 'MALFORMED_REQUEST');
    }
    if (error.validation) return sendError(request, reply, 'VALIDATION_FAILED', { issues: error.validation });
    const sqlState = (error as unknown as { code?: string }).code;
    if (sqlState && CONFLICT_SQLSTATES.has(sqlState)) return sendError(request, reply, 'CONFLICT');
    // The database's last word on members outside cells (migration 0026), should a command's own checks miss a case.
    if (sqlState === '23514' && (error as unknown as { constraint?: string }).constraint === 'member_placement_in_cell') return sendError(request, reply, 'UNIT_NOT_A_CELL');
    // The pool's statement limit cancelled it (57014, query_canceled): a read too large for the time allowed.
    if (sqlState === '57014') return sendError(request, reply, 'QUERY_TOO_LARGE');
    if (error.statusCode === 413) return sendError(request, reply, 'PAYLOAD_TOO_LARGE');
    if (error.statusCode === 415) return sendError(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL');
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'ROUTE_NOT_FOUND'));
}
