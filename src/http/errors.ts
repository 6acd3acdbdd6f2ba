/**
 * The one error handler: every failure leaves as `{ error: { code, message, details } }` with a stable code and a
 * message in the caller's language. Unknown errors are logged and answered as INTERNAL without their text.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { AppError, ERROR_CODES, errorMessage, type ErrorCode, type Locale } from '../contracts/errors.ts';
import { validationErrorMap, type LocalizedText } from '../contracts/validation.ts';
import { requestLocale } from './locale.ts';

/** A message given in both languages (a cursor's issue, src/kernel/paging.ts). */
function isLocalizedText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && typeof (value as LocalizedText).vi === 'string' && typeof (value as LocalizedText).en === 'string';
}

/** Details whose issues carry a message in both languages, with the caller's in its place. */
function detailsIn(details: unknown, locale: Locale): unknown {
  const issues = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues) || !issues.some((issue) => isLocalizedText(issue?.message))) return details;
  return {
    ...(details as object),
    issues: issues.map((issue) => (isLocalizedText(issue?.message) ? { ...issue, message: issue.message[locale] } : issue)),
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const locale = requestLocale(request);
  return reply.status(ERROR_CODES[code].status).send({
    error: { code, message: errorMessage(code, locale, details), details: detailsIn(details, locale) ?? null },
  });
}

/**
 * A request part that failed its route's schema. The validator sees neither the request nor its language, so it
 * keeps the schema and the value, and the handler parses them again with the error map of the caller's language
 * (zod's locales, and the project's own messages in both languages): a second parse, only for a refused request.
 */
class RequestValidationError extends Error {
  constructor(readonly schema: $ZodType, readonly value: unknown) {
    super('The request does not match its schema');
  }

  issuesIn(locale: Locale, part: string): { path: string; message: string }[] {
    const result = safeParse(this.schema, this.value, { error: validationErrorMap(locale) });
    return (result.error?.issues ?? []).map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
  }
}

/** The routes' zod schemas as Fastify's validator (in place of fastify-type-provider-zod's, whose messages are English). */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> = ({ schema }) => (value) => {
  const result = safeParse(schema, value);
  return result.success ? { value: result.data } : { error: new RequestValidationError(schema, value) };
};

/** PostgreSQL errors that mean "someone else got there first": unique violation, serialization, deadlock. */
const CONFLICT_SQLSTATES = new Set(['23505', '40001', '40P01', '55P03']);

/** @fastify/multipart's limits on an upload's parts (the route's `limits`): too many parts, not too many bytes. */
const MULTIPART_LIMITS: Readonly<Record<string, string>> = { FST_PARTS_LIMIT: 'parts', FST_FILES_LIMIT: 'files', FST_FIELDS_LIMIT: 'fields' };

/**
 * busboy's (under @fastify/multipart) refusals of a body that is not well-formed multipart: no boundary, a boundary
 * it cannot search for, a body cut short or written with another boundary. They carry no code, so their text names
 * them; test/integration/hostile/edge-inputs.test.ts sends each, so an upgrade that rewords one fails there.
 */
const MULTIPART_MALFORMED = [
  /^Multipart: Boundary not found$/, /^Unexpected end of multipart data$/, /terminated early due to unexpected end of multipart data$/,
  /^The needle cannot (be an empty String\/Buffer|have a length bigger than \d+)\.$/,
];

function isMalformedMultipart(request: FastifyRequest, error: Error): boolean {
  return request.isMultipart?.() === true && MULTIPART_MALFORMED.some((pattern) => pattern.test(error.message));
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, error.code, error.details);
    if (error instanceof RequestValidationError) {
      return sendError(request, reply, 'VALIDATION_FAILED', { issues: error.issuesIn(requestLocale(request), error.validationContext ?? 'body') });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(request, reply, 'PAYLOAD_TOO_LARGE');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (MULTIPART_LIMITS[error.code]) return sendError(request, reply, 'UPLOAD_TOO_MANY_PARTS', { limit: MULTIPART_LIMITS[error.code] });
    if (isMalformedMultipart(request, error)) return sendError(request, reply, 'MALFORMED_REQUEST', { format: 'multipart' });
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
