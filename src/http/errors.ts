/**
 * The one error handler: every failure leaves as `{ error: { code, message, details } }` with a stable code and a
 * message in the caller's language. Unknown errors are logged and answered as INTERNAL without their text.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { AppError, ERROR_CODES, errorMessage, type ErrorCode, type Locale } from '../contracts/errors.ts';
import { ownCheckOf, validationErrorMap, type LocalizedText } from '../contracts/validation.ts';
import { DocumentsBusyError } from '../lib/documents/render-in-worker.ts';
import { requestLocale } from './locale.ts';

/** A message given in both languages (a service's or a cursor's issue: `{ path, check?, message: { vi, en } }`). */
function isLocalizedText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && typeof (value as LocalizedText).vi === 'string' && typeof (value as LocalizedText).en === 'string';
}

/** How deep in the details issues are looked for: a bulk answer's rows hold their own (`errors[].details.issues`). */
const ISSUES_DEPTH = 4;

/**
 * Details whose validation issues are in the caller's language, each with its code: a service's issue gives its
 * message in both languages and has zod's code of a check of the project's own (`custom`) unless it says another.
 */
function detailsIn(details: unknown, locale: Locale, depth = 0): unknown {
  if (depth > ISSUES_DEPTH || typeof details !== 'object' || details === null) return details;
  if (Array.isArray(details)) {
    const items = details.map((item) => detailsIn(item, locale, depth + 1));
    return items.some((item, index) => item !== details[index]) ? items : details;
  }
  let changed = false;
  const entries = Object.entries(details).map(([key, value]) => {
    const next = key === 'issues' && Array.isArray(value) ? value.map((issue) => issueIn(issue, locale)) : detailsIn(value, locale, depth + 1);
    if (next !== value) changed = true;
    return [key, next];
  });
  return changed ? Object.fromEntries(entries) : details;
}

function issueIn(issue: unknown, locale: Locale): unknown {
  if (typeof issue !== 'object' || issue === null || !('path' in issue)) return issue;
  const { path, code, message, ...rest } = issue as { path: unknown; code?: unknown; message?: unknown };
  return { path, code: code ?? 'custom', ...rest, message: isLocalizedText(message) ? message[locale] : message };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const locale = requestLocale(request);
  return reply.status(ERROR_CODES[code].status).send({
    error: { code, message: errorMessage(code, locale, details), details: detailsIn(details, locale) ?? null },
  });
}

/** One issue of a VALIDATION_FAILED answer's `details.issues`. */
interface ValidationIssue {
  /** The request part, then the field: 'body.units.0.code', 'querystring.q'. */
  path: string;
  /** zod's issue code ('too_small', 'invalid_format', 'custom', …), the same whatever the caller's language. */
  code: string;
  /** A check of the project's own (code 'custom'): its stable key ('parent_exactly_one'). */
  check?: string;
  message: string;
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

  /** Each issue's path (from the request part), zod's code, the key of a check of the project's own, and the message. */
  issuesIn(locale: Locale, part: string): ValidationIssue[] {
    const result = safeParse(this.schema, this.value, { error: validationErrorMap(locale) });
    return (result.error?.issues ?? []).map((issue) => {
      const check = ownCheckOf(issue);
      return { path: [part, ...issue.path.map(String)].join('.'), code: issue.code, ...(check === undefined ? {} : { check }), message: issue.message };
    });
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
    if (error instanceof DocumentsBusyError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return sendError(request, reply, 'DOCUMENTS_BUSY', { retryAfterSeconds: error.retryAfterSeconds });
    }
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
