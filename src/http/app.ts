/** Assembles the Fastify application: parsers, errors, auth, OpenAPI, every area's routes, and the web app. */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { registerErrorHandling, sendError, validatorCompiler } from './errors.ts';
import { AppError, ERROR_CODES, errorMessage, type ErrorCode } from '../contracts/errors.ts';
import { registerAuth } from './auth.ts';
import { areas } from '../modules/index.ts';
import { findUnstorableText } from '../lib/text.ts';

export const JSON_BODY_LIMIT = 1024 * 1024; // 1 MiB; file uploads have their own limits

/** The deepest a JSON body may nest arrays and objects: real requests stay within a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return false;
}

/**
 * Where a JSON body holds a key that could reach an object's prototype, as Fastify's parser (secure-json-parse)
 * judges one: an own `__proto__`, or an own `constructor` object with its own `prototype` ('body.items.0.__proto__');
 * null when it holds none or is not JSON at all. Looked for only in a body that parser refused, to tell this refusal
 * from malformed JSON: `JSON.parse` itself makes such keys plain own properties, never prototypes.
 */
function forbiddenKeyField(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  const find = (node: unknown, path: string): string | null => {
    if (typeof node !== 'object' || node === null) return null;
    if (!Array.isArray(node)) {
      if (Object.hasOwn(node, '__proto__')) return `${path}.__proto__`;
      const constructor = Object.hasOwn(node, 'constructor') ? (node as { constructor: unknown }).constructor : null;
      if (typeof constructor === 'object' && constructor !== null && Object.hasOwn(constructor, 'prototype')) return `${path}.constructor.prototype`;
    }
    for (const [key, child] of Object.entries(node)) {
      const found = find(child, `${path}.${key}`);
      if (found !== null) return found;
    }
    return null;
  };
  return find(value, 'body');
}

/** The longest path parameter the router takes (Fastify's default, said here because the app shell's route needs it). */
const MAX_PARAM_LENGTH = 100;

/**
 * An /api path with a segment longer than any parameter the router takes. Such a path fails every /api route, so in
 * the GET method's tree it falls to the app shell's wildcard instead of the router's too-long answer (which comes
 * only when nothing matches at all): that route tells the two apart with this.
 */
function hasOverlongSegment(url: string): boolean {
  return url.split('?', 1)[0].split('/').some((segment) => {
    if (segment.length <= MAX_PARAM_LENGTH) return false;
    try {
      return decodeURIComponent(segment).length > MAX_PARAM_LENGTH;
    } catch {
      return true;
    }
  });
}

/**
 * The web app runs under this policy: scripts only from the server's own files (Vite emits no inline script); styles
 * also inline, because Ant Design injects its CSS-in-JS as <style> elements at run time; no framing by anyone.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
].join('; ');

/** Sent on every answer (API, web app, static files, errors, 404s). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Node's own answers to a request it could not parse, rewritten in the error shape, with the security headers. */
const CLIENT_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * Fastify's `clientErrorHandler`: the request's headers were never parsed, so the language is the default one
 * (Vietnamese) and the connection is closed after the answer, as Node itself does.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = CLIENT_ERROR_CODES[error.code ?? ''] ?? 'MALFORMED_REQUEST';
  const status = ERROR_CODES[code].status;
  const body = JSON.stringify({ error: { code, message: errorMessage(code, 'vi'), details: null } });
  const headers = {
    ...SECURITY_HEADERS, 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)), connection: 'close',
  };
  if (socket.writable) {
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Files under assets/ carry a content hash in their name (Vite): a new build gives new names, so they are cached for
 * good. Everything else (index.html, favicon) is revalidated on every load so that a release is seen at once.
 */
export function staticCacheControl(relativePath: string): string {
  return relativePath.split(path.sep)[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** `logger`: Fastify's (`cellbase serve` gives `serverLogOptions`); none when absent (tests, the benchmark). */
export async function buildApp(context: AppContext, options: { logger?: FastifyServerOptions['logger'] } = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: context.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    // Node answers some malformed requests (431: headers too large) before Fastify sees them: same shape, same headers.
    clientErrorHandler: answerClientError,
    // The router refuses a path it cannot decode or a parameter over maxParamLength before any route runs: the same
    // error shape as everything else.
    frameworkErrors: (error, request, reply) => {
      // Answered outside any route, so without the onSend hooks: the headers are set here.
      reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendError(request, reply, 'URL_TOO_LONG');
      return sendError(request, reply, 'URL_INVALID');
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // JSON.parse builds a body nested a million deep (a few MB of '[') at some cost before anything could refuse it:
  // such a body is refused first, for a scan of its text; then Fastify's own parser. That one refuses a key that could
  // reach a prototype (`__proto__`, `constructor.prototype`): the body is refused whole as JSON_FORBIDDEN_KEY naming
  // where, rather than the key dropped (the schemas refuse unknown keys; a dropped one would change the request unseen).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) return done(new AppError('MALFORMED_REQUEST', { maxDepth: MAX_JSON_DEPTH }), undefined);
    parseJson(request, body as string, (error, value) => {
      if (!error) return done(null, value);
      const field = forbiddenKeyField(body as string);
      done(field === null ? error : new AppError('JSON_FORBIDDEN_KEY', { field }), undefined);
    });
  });
  // One hook rather than @fastify/helmet (not a dependency): a fixed set of headers needs no per-route options.
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // Every /api answer carries personal data or depends on the session (downloads included): never stored by a
    // browser or a proxy. Static files keep their own caching.
    if (request.url.startsWith('/api')) reply.header('cache-control', 'no-store');
    return payload;
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'cellbase API', version: '0.1.0', description: 'Hệ thống thông tin công tác xây dựng Đảng / party-building information system' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cellbase_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, context);
  // After the access check, before validation and every handler: a string PostgreSQL cannot store (NUL, a lone
  // surrogate) is refused here, for every route, instead of failing deep in a query as a 500.
  app.addHook('preValidation', async (request, reply) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const path = findUnstorableText(value);
      if (path !== null) return sendError(request, reply, 'TEXT_INVALID_CHARACTERS', { field: path ? `${part}.${path}` : part });
    }
  });

  await app.register(async (api) => {
    const routeContext = { ...context, workItems: areas.flatMap((area) => area.workItems ?? []), statisticsSources: areas.flatMap((area) => area.statistics ?? []) };
    for (const area of areas) for (const register of area.routes) await register(api as never, routeContext);
  }, { prefix: '/api' });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const webDist = context.config.webDist;
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist, wildcard: false,
      // The build writes .br and .gz beside each file (vite-plugin-compression2): chosen by Accept-Encoding, no CPU
      // per request.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', staticCacheControl(path.relative(webDist, filePath)));
        res.setHeader('vary', 'accept-encoding');
      },
    });
    // Client-side routes: any other GET outside /api gets the app shell. (A route, not a second not-found handler:
    // the error handling already owns that one, and Fastify allows one per prefix.) A missing hashed asset is a 404:
    // the shell in its place would be run as a script and cached.
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api')) return sendError(request, reply, hasOverlongSegment(request.url) ? 'URL_TOO_LONG' : 'ROUTE_NOT_FOUND');
      if (request.url.startsWith('/assets/')) return sendError(request, reply, 'ROUTE_NOT_FOUND');
      return reply.type('text/html').sendFile('index.html');
    });
  }
  await app.ready();
  return app;
}
