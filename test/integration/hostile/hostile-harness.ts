/**
 * Runs the hostile-input property for every operation of an area, as every role and anonymously: no 5xx, every
 * refusal in the standard error shape with a declared code, and the data's fingerprint unchanged after a refusal.
 * Operations come from the app's own OpenAPI document, checked against the route registry.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { routeRegistry } from '../../../src/http/auth.ts';
import { ROLES } from '../../../src/contracts/permissions.ts';
import { ERROR_CODES } from '../../../src/contracts/errors.ts';
import type { Role } from '../../../src/db/schema.ts';
import { buildHostileWorld, changedTables, fingerprint, sessionHeaders, type HostileWorld } from './hostile-world.ts';
import { bodyValue, encodeHostile, HOSTILE_STRINGS, hostileValue, isFreeText, sneakyValue, validValue, wireText, type IdPoolOf, type JsonSchema } from './schema-arbitraries.ts';

/** HOSTILE_TRACE=FILE appends each operation, request and status to FILE as they go (to find a request that hangs). */
/** Runs per operation and role (anonymous gets fewer: nearly all of it is the same 401). HOSTILE_RUNS overrides. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 5);
const ANONYMOUS_RUNS = Math.max(1, Math.ceil(RUNS / 3));
/** The base seed; each operation × role derives its own from it, so one failure replays alone. HOSTILE_SEED overrides. */
const BASE_SEED = Number(process.env.HOSTILE_SEED ?? 20_251_205);

type Caller = Role | 'anonymous';
const CALLERS: readonly Caller[] = [...ROLES, 'anonymous'];

export interface Operation {
  method: string;
  /** The OpenAPI path, `/api/members/{id}`. */
  path: string;
  /** The Fastify route, `/api/members/:id`, as the registry names it. */
  route: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
  /** Set for the two uploads (spreadsheet, PDF) whose bodies are files, not JSON. */
  upload?: 'spreadsheet' | 'multipart';
}

interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

/** Every operation of the OpenAPI document. */
export function operationsOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const route = path.replace(/\{(\w+)\}/g, ':$1');
      const upload = route === '/api/member-import/jobs' && method === 'post' ? 'spreadsheet' : route === '/api/decisions/:id/attachment' && method === 'put' ? 'multipart' : undefined;
      operations.push({
        method: method.toUpperCase(), path, route, upload,
        params: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, in: parameter.in as 'path' | 'query', required: parameter.required ?? false, schema: parameter.schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** Which id pool a field draws from: the path `id` names the route's object, `xxxId` fields their kind. */
function poolsFor(world: HostileWorld, operation: Operation): IdPoolOf {
  const all = [...new Set(Object.values(world.pools).flat())];
  const pathKind = (): string | undefined => {
    for (const [prefix, kind] of [['/api/members', 'member'], ['/api/accounts', 'account'], ['/api/grants', 'grant'], ['/api/orgs/units', 'unit'], ['/api/decisions', 'decision'], ['/api/admissions/candidates', 'candidate']] as const) {
      if (operation.path.startsWith(prefix)) return kind;
    }
    return undefined;
  };
  return (field) => {
    const name = field.toLowerCase();
    const kind = name === 'id' ? pathKind() : name === 'memberid' ? 'member' : ['unit', 'decision', 'account', 'grant', 'member'].find((candidate) => name.includes(candidate));
    return (kind && world.pools[kind]) || (name.endsWith('id') ? all : undefined);
  };
}

const SPREADSHEET_BODIES: readonly [string, Buffer][] = [
  ['application/octet-stream', Buffer.alloc(0)],
  ['application/octet-stream', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0xff, 0xff])],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('PK\u0003\u0004 not a real zip \u0000\u0000')],
  ['text/csv', Buffer.from('Họ và tên,Ngày sinh\n\u0000\ud800,2024-02-30\n𠀀𠀀,9999-99-99\n', 'utf8')],
  ['text/csv', Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0x00, 0x0a])],
  ['application/json', Buffer.from('{"file": "x"}')],
  ['text/plain', Buffer.from('hello')],
];

/** Small multipart bodies for the PDF attachment: no file, a non-PDF, a PDF header with garbage, a hostile name. */
function multipartBodies(): [string, Buffer][] {
  const boundary = 'hostileBoundary42';
  const part = (name: string, filename: string, data: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${data}\r\n`;
  const type = `multipart/form-data; boundary=${boundary}`;
  return [
    [type, Buffer.from(`--${boundary}--\r\n`)],
    [type, Buffer.from(`${part('file', 'a.pdf', 'not a pdf at all')}--${boundary}--\r\n`)],
    [type, Buffer.from(`${part('file', '\u0000\ud800𠀀.pdf', '%PDF-1.4\n\u0000garbage')}--${boundary}--\r\n`, 'utf8')],
    [type, Buffer.from(`${part('other', 'x.pdf', '%PDF-1.7')}--${boundary}--\r\n`)],
    [type, Buffer.from(`--${boundary}\r\nbroken`)],
    ['application/pdf', Buffer.from('%PDF-1.4 raw body')],
    ['application/json', Buffer.from('{}')],
  ];
}

/** The arbitrary of whole requests for one operation. */
export function requestArbitrary(world: HostileWorld, operation: Operation): fc.Arbitrary<Omit<HostileRequest, 'headers'> & { contentType?: string }> {
  const pools = poolsFor(world, operation);
  // Parameters: each valid or absent, then one of them (if any) replaced by a hostile or sneaky value.
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of operation.params) params[`${parameter.in}:${parameter.name}`] = validValue(parameter.schema, pools, parameter.name);
  const required = operation.params.filter((parameter) => parameter.in === 'path').map((parameter) => `path:${parameter.name}`);
  const validParams = fc.record(params, { requiredKeys: required });
  const paramsArbitrary = operation.params.length === 0 ? validParams : fc.tuple(validParams, fc.constantFrom(...operation.params, ...operation.params.filter((parameter) => isFreeText(parameter.schema)).flatMap((parameter) => [parameter, parameter, parameter])), fc.nat({ max: 3 })).chain(([values, parameter, dice]) => {
    if (dice === 0) return fc.constant(values);
    const bad = dice === 1 ? hostileValue(parameter.schema, pools, parameter.name) : sneakyValue(parameter.schema, pools, parameter.name);
    return bad.map((value) => ({ ...values, [`${parameter.in}:${parameter.name}`]: value }));
  });
  let bodyArbitrary: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }>;
  if (operation.upload) {
    bodyArbitrary = fc.constantFrom(...(operation.upload === 'spreadsheet' ? SPREADSHEET_BODIES : multipartBodies())).map(([contentType, payload]) => ({ contentType, payload }));
  } else if (operation.body) {
    bodyArbitrary = fc.oneof(
      { weight: 12, arbitrary: bodyValue(operation.body, pools).map((value) => ({ payload: JSON.stringify(value), contentType: 'application/json' })) },
      { weight: 1, arbitrary: fc.constantFrom('{"a":', '{"a": 1}}', '\u0000', '', '[', '{"a":"\\ud800"}', `{"x": ${'['.repeat(5000)}`).map((payload) => ({ payload, contentType: 'application/json' })) },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16').map((contentType) => ({ payload: 'a=1', contentType })) },
    );
  } else {
    bodyArbitrary = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ payload: '{"unexpected": "\\u0000"}', contentType: 'application/json' }) });
  }
  const extraQuery = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom('&unitId=1&unitId=2', '&zzz=%00', '&q=%E0%A4%A', '&%ZZ=1', '&limit[]=1', `&pad=${'a'.repeat(9000)}`));
  return fc.tuple(paramsArbitrary, bodyArbitrary, extraQuery, fc.constantFrom(...HOSTILE_STRINGS)).map(([values, body, extra]) => {
    let url = operation.path;
    const query: string[] = [];
    for (const parameter of operation.params) {
      const key = `${parameter.in}:${parameter.name}`;
      if (!(key in values)) continue;
      const text = encodeHostile(wireText(values[key]));
      if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, text);
      else query.push(`${parameter.name}=${text}`);
    }
    const search = query.join('&') + extra;
    return { method: operation.method, url: search ? `${url}?${search.replace(/^&/, '')}` : url, ...body };
  });
}

const shown = (text: string | Buffer | undefined, size = 600) => {
  const value = text === undefined ? '' : typeof text === 'string' ? text : `<${text.length} bytes> ${text.toString('latin1')}`;
  return value.length > size ? `${value.slice(0, size)}… (${value.length} chars)` : value;
};

/** What a failure shows: route, role, the request and the answer. */
function describeFailure(problem: string, operation: Operation, caller: Caller, request: HostileRequest, response: LightMyRequestResponse): string {
  return [
    `${problem}`, `  operation: ${operation.method} ${operation.path} as ${caller}`,
    `  request:   ${request.method} ${shown(request.url, 400)}`, `  content:   ${request.headers['content-type'] ?? '-'}`,
    `  body:      ${shown(request.payload)}`, `  status:    ${response.statusCode}`, `  answer:    ${shown(response.body, 1500)}`,
  ].join('\n');
}

/** The standard error shape with a declared code, or the reason it is not. */
function errorShapeProblem(response: LightMyRequestResponse): string | undefined {
  let body: unknown;
  try { body = response.json(); } catch { return 'the refusal is not JSON'; }
  const error = (body as { error?: unknown })?.error as { code?: unknown; message?: unknown } | undefined;
  if (!error || typeof error !== 'object') return 'the refusal has no error object';
  if (typeof error.code !== 'string' || typeof error.message !== 'string') return 'error.code and error.message must be strings';
  if (!(error.code in ERROR_CODES)) return `error code ${error.code} is not declared in src/contracts/errors.ts`;
  const extra = Object.keys(body as object).filter((key) => key !== 'error');
  if (extra.length > 0) return `the refusal carries more than the error: ${extra.join(', ')}`;
  const errorExtra = Object.keys(error).filter((key) => !['code', 'message', 'details'].includes(key));
  if (errorExtra.length > 0) return `the error carries unknown fields: ${errorExtra.join(', ')}`;
  return undefined;
}

const tally = { operations: new Set<string>(), callers: new Set<string>(), requests: 0, refused: 0, fingerprints: 0, fingerprintMs: 0, requestMs: 0, succeeded: 0, byStatus: new Map<number, number>() };

/** Declares the hostile suite for the operations whose path starts with one of the prefixes. */
export function describeHostileArea(area: string, prefixes: readonly string[]): void {
  describe(`hostile input: ${area}`, () => {
    let world: HostileWorld;
    let operations: Operation[] = [];
    const started = performance.now();

    beforeAll(async () => {
      world = await buildHostileWorld();
      const response = await world.ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      operations = operationsOf(response.json());
    });
    afterAll(async () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
      console.log(`hostile input (${area}): ${tally.operations.size} operations × ${tally.callers.size} callers, ${tally.requests} requests `
        + `(${tally.succeeded} succeeded, ${tally.refused} refused; ${statuses}) in ${seconds} s; `
        + `mean request ${(tally.requestMs / Math.max(tally.requests, 1)).toFixed(1)} ms, mean fingerprint ${(tally.fingerprintMs / Math.max(tally.fingerprints, 1)).toFixed(1)} ms; runs ${RUNS}, seed ${BASE_SEED}`);
      await world?.ctx.close();
    });

    it('the OpenAPI document lists every registered /api route of the area, and nothing else', () => {
      const documented = new Set(operations.map((operation) => `${operation.method} ${operation.route}`));
      const registered = routeRegistry.filter((route) => prefixes.some((prefix) => route.url.startsWith(prefix)) && route.url !== '/api/openapi.json')
        .map((route) => `${route.method} ${route.url}`);
      expect(registered.length).toBeGreaterThan(0);
      expect(registered.filter((route) => !documented.has(route)), 'registered routes missing from the OpenAPI document').toEqual([]);
    });

    // The operations are known only once the app is built: one test per operation walks every caller.
    const wanted = (operation: Operation) => prefixes.some((prefix) => operation.path.startsWith(prefix));
    it.each(CALLERS.map((caller) => ({ caller })))('every operation as $caller', async ({ caller }) => {
      const failures: string[] = [];
      for (const operation of operations.filter(wanted)) {
        const key = `${operation.method} ${operation.path}`;
        tally.operations.add(key);
        tally.callers.add(caller);
        const seed = BASE_SEED + hashText(`${key} ${caller}`);
        if (process.env.HOSTILE_TRACE) appendFileSync(process.env.HOSTILE_TRACE, `== ${key} as ${caller}, seed ${seed}\n`);
        const seen = new Set<string>();
        // Every failing request is kept (one per kind of problem), so one root cause does not hide another.
        const fail = (problem: string, request: HostileRequest, response: LightMyRequestResponse) => {
          const kind = `${problem.replace(/\d+/g, '#')} ${response.statusCode} ${response.body.match(/"code":"(\w+)"/)?.[1] ?? ''}`;
          if (seen.has(kind)) return;
          seen.add(kind);
          failures.push(`${describeFailure(problem, operation, caller, request, response)}\n  replay:    HOSTILE_SEED=${BASE_SEED} (seed ${seed} for this operation and caller)`);
        };
        try {
          await fc.assert(fc.asyncProperty(requestArbitrary(world, operation), async (built) => {
            const headers: Record<string, string> = { ...(await sessionHeaders(world, caller)) };
            if (built.contentType) headers['content-type'] = built.contentType;
            const request: HostileRequest = { method: built.method, url: built.url, headers, payload: built.payload };
            let clock = performance.now();
            const before = await fingerprint(world);
            tally.fingerprintMs += performance.now() - clock;
            tally.fingerprints++;
            clock = performance.now();
            if (process.env.HOSTILE_TRACE) appendFileSync(process.env.HOSTILE_TRACE, `${caller} ${request.method} ${request.url.slice(0, 300)} ${String(request.payload ?? '').slice(0, 300)}\n`);
            const response = await world.ctx.app.inject({ method: request.method as never, url: request.url, headers, payload: request.payload });
            tally.requestMs += performance.now() - clock;
            if (process.env.HOSTILE_TRACE) appendFileSync(process.env.HOSTILE_TRACE, `   -> ${response.statusCode}\n`);
            tally.requests++;
            tally.byStatus.set(response.statusCode, (tally.byStatus.get(response.statusCode) ?? 0) + 1);
            if (response.statusCode >= 500) return fail('a 5xx answer', request, response);
            if (response.statusCode < 400) { tally.succeeded++; return; }
            tally.refused++;
            const shape = errorShapeProblem(response);
            if (shape) fail(shape, request, response);
            const changed = changedTables(before, await fingerprint(world));
            if (changed.length > 0) fail(`a refused request changed data in ${changed.join(', ')}`, request, response);
          }), { seed, numRuns: caller === 'anonymous' ? ANONYMOUS_RUNS : RUNS });
        } catch (error) {
          failures.push(`${key} as ${caller}: the run itself failed: ${(error as Error).stack ?? String(error)}\n  replay:    HOSTILE_SEED=${BASE_SEED} (seed ${seed})`);
        }
      }
      expect(failures, `${failures.length} failure(s) as ${caller}:\n\n${failures.join('\n\n')}`).toEqual([]);
    }, 600_000);
  });
}

/** A small stable hash, so each operation × caller has its own seed. */
function hashText(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) % 1_000_003;
  return hash;
}
