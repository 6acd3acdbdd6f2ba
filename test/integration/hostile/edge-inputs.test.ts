/**
 * Edge inputs that once answered 500 or a misleading code, each sent through the real app: the year 0000, cursors
 * hiding an impossible date or unstorable text, a JSON body nested thousands deep, malformed multipart uploads, an
 * over-long path parameter in front of the web app's shell; and the unhandled error's log line, and the validation
 * issues' language. A refused write changes no table (the hostile suite's fingerprint).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { identity } from '../../helpers/member-factories.ts';
import { csvFile, personCells, upload, uploadAndValidate } from '../member-import/helpers.ts';
import { buildHostileWorld, changedTables, fingerprint, type HostileWorld } from './hostile-world.ts';
import { buildApp, MAX_JSON_DEPTH } from '../../../src/http/app.ts';
import { serverLogOptions } from '../../../src/cli/serve.ts';
import { createDb } from '../../../src/db/database.ts';
import { errorMessage, type ErrorCode } from '../../../src/contracts/errors.ts';

const YEAR_ZERO = '0000-01-01';
const YEAR_ZERO_VI = 'Không có năm 0000: ngày phải từ 01/01/0001 trở đi';
const CURSOR_VI = 'Con trỏ phân trang không hợp lệ';

/** The error shape with a declared code and its Vietnamese message; the details, for a closer look. */
function expectRefused(response: LightMyRequestResponse, status: number, code: ErrorCode): { issues?: { path: string; message: string }[] } & Record<string, unknown> {
  expect(response.statusCode, `${code}: ${response.body.slice(0, 500)}`).toBe(status);
  const body = response.json() as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBe(errorMessage(code, 'vi', body.error.details));
  return (body.error.details ?? {}) as never;
}

const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('edge inputs through the real app', () => {
  let world: HostileWorld;
  let admin: ApiClient;
  let communeId: number;
  let cellId: number;
  let accountId: number;
  let decisionId: number;

  beforeAll(async () => {
    world = await buildHostileWorld();
    const { db, rootUnitId } = world.ctx;
    const account = await createAccount(db, { role: 'admin', unitId: rootUnitId });
    admin = await signIn(world.ctx.app, account.username, account.password);
    communeId = world.communeId;
    // The units' pool: the root, then the callers' province, commune, grassroots committee and cells.
    cellId = world.pools.unit[4];
    accountId = account.id;
    decisionId = world.pools.decision[0];
  });
  afterAll(async () => { await world?.ctx.close(); });

  /** Sends the requests and checks that none changed a table. */
  async function withoutChanges(send: () => Promise<void>): Promise<void> {
    const before = await fingerprint(world);
    await send();
    expect(changedTables(before, await fingerprint(world))).toEqual([]);
  }

  describe('the year 0000 (PostgreSQL refuses it) is an impossible date, 422 on its field', () => {
    it('in every query that takes a date', async () => {
      const urls = [
        `/api/members?unitId=${cellId}&asOf=${YEAR_ZERO}`, `/api/members?unitId=${cellId}&admittedFrom=${YEAR_ZERO}`,
        `/api/members?unitId=${cellId}&admittedTo=${YEAR_ZERO}`, `/api/members/headcount?unitId=${cellId}&asOf=${YEAR_ZERO}`,
        `/api/member-export?unitId=${cellId}&asOf=${YEAR_ZERO}`, `/api/orgs/roots?date=${YEAR_ZERO}`, `/api/orgs/search?q=thu&date=${YEAR_ZERO}`,
        `/api/orgs/units/${communeId}/children?date=${YEAR_ZERO}`, `/api/orgs/units/${communeId}/counts?date=${YEAR_ZERO}`,
        `/api/orgs/units/${communeId}/changes?from=${YEAR_ZERO}`, `/api/decisions?from=${YEAR_ZERO}`, `/api/badges/due?presentationDate=0000-02-03`,
      ];
      for (const url of urls) {
        const field = [...new URL(url, 'http://x').searchParams].find(([, value]) => value.startsWith('0000'))![0];
        const details = expectRefused(await admin.get(url), 422, 'VALIDATION_FAILED');
        expect(details.issues, url).toContainEqual({ path: `querystring.${field}`, message: YEAR_ZERO_VI });
      }
    });

    it('in every body that takes a date, and the refused writes change nothing', async () => {
      const job = (await upload(admin, communeId, 'ds.csv', csvFile([personCells({ name: 'Lê Văn Sáu', unitCode: 'x' })]))).json();
      const person = identity({ birthDate: YEAR_ZERO, citizenId: null });
      const decision = { number: '7-QĐ/ĐU', signedOn: YEAR_ZERO, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: communeId };
      const writes: [string, unknown, string][] = [
        ['/api/grants', { accountId, role: 'org_officer', unitId: communeId, validFrom: YEAR_ZERO, decisionId }, 'body.validFrom'],
        ['/api/decisions', decision, 'body.signedOn'],
        ['/api/decisions/bulk', { rows: [decision] }, 'body.rows.0.signedOn'],
        ['/api/members/registrations', { unitId: cellId, effectiveDate: '2020-01-01', admissionDate: '2019-01-01', officialDate: '2020-01-01', status: 'official', member: person }, 'body.member.birthDate'],
        ['/api/admissions/candidates', { unitId: cellId, person, candidateSince: '2024-01-02', source: 'village' }, 'body.person.birthDate'],
        ['/api/admissions/calendar/overrides', { date: YEAR_ZERO, kind: 'day_off', name: 'Nghỉ bù' }, 'body.date'],
        ['/api/admissions/courses', { unitId: communeId, name: 'Lớp bồi dưỡng', code: 'L-01', opensOn: YEAR_ZERO, closesOn: '2024-02-01' }, 'body.opensOn'],
        [`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, expectedRowVersion: job.rowVersion, effectiveDate: YEAR_ZERO }, 'body.effectiveDate'],
      ];
      await withoutChanges(async () => {
        for (const [url, body, field] of writes) {
          const details = expectRefused(await admin.post(url, body), 422, 'VALIDATION_FAILED');
          // The date is the only thing wrong with each body.
          expect(details.issues, url).toEqual([{ path: field, message: YEAR_ZERO_VI }]);
        }
      });
    });

    it('an imported birth date 01/01/0000 is an invalid date, not a value missing from a list', async () => {
      const job = await uploadAndValidate(admin, communeId, 'nam-khong.csv', csvFile([personCells({ name: 'Đỗ Văn Bảy', birth: '01/01/0000', citizenId: '', unitCode: 'x' })]));
      const rows = (await admin.get(`/api/member-import/jobs/${job.id}/rows?invalidOnly=true&limit=10`)).json();
      const birthProblems = rows.items[0].problems.filter((problem: { field: string }) => problem.field === 'birthDate');
      expect(birthProblems.map((problem: { code: string }) => problem.code)).toEqual(['invalid_date']);
    });
  });

  describe('a cursor is checked inside: 422 on its parameter, never a 500', () => {
    it('an impossible date or the year 0000 in a date-keyed cursor', async () => {
      for (const date of ['2024-02-31', YEAR_ZERO]) {
        for (const url of [`/api/decisions?cursor=`, `/api/admissions/courses?cursor=`, `/api/statistics/submissions?unitId=${communeId}&cursor=`]) {
          const details = expectRefused(await admin.get(url + cursorOf([date, 1])), 422, 'VALIDATION_FAILED');
          expect(details.issues, url).toEqual([{ path: 'querystring.cursor', message: CURSOR_VI }]);
        }
      }
    });

    it('a NUL or a lone surrogate in a text key', async () => {
      for (const text of ['\u0000', 'An\ud800']) {
        const members = expectRefused(await admin.get(`/api/members?unitId=${cellId}&after=${cursorOf([text, 1])}`), 422, 'VALIDATION_FAILED');
        expect(members.issues).toEqual([{ path: 'querystring.after', message: CURSOR_VI }]);
        expectRefused(await admin.get(`/api/orgs/units/${communeId}/children?cursor=${cursorOf([text, 1])}`), 422, 'VALIDATION_FAILED');
      }
    });

    it('a cursor the server gave still pages', async () => {
      const first = await admin.get('/api/decisions?limit=1');
      expect(first.statusCode).toBe(200);
      const second = await admin.get(`/api/decisions?limit=1&cursor=${first.json().nextCursor}`);
      expect(second.statusCode).toBe(200);
      expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
    });
  });

  describe('a JSON body nested thousands deep', () => {
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      world.ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    const nested = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);

    it('is 400 MALFORMED_REQUEST naming the limit, signed in or not, whatever the route’s body limit', async () => {
      const signedIn = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
      await withoutChanges(async () => {
        for (const depth of [MAX_JSON_DEPTH + 1, 9_000, 150_000]) {
          for (const payload of [nested(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]) {
            const response = await post('/api/auth/login', payload);
            expect(expectRefused(response, 400, 'MALFORMED_REQUEST')).toEqual({ maxDepth: MAX_JSON_DEPTH });
            expect(response.json().error.message).toBe(`Dữ liệu JSON lồng nhau quá sâu (tối đa ${MAX_JSON_DEPTH} cấp).`);
          }
        }
        // The restructuring batches take bodies of 16 MB: 8 million levels.
        expectRefused(await post('/api/orgs/batches', nested(4_000_000), signedIn), 400, 'MALFORMED_REQUEST');
        expectRefused(await post('/api/decisions', `{"number":${nested(50_000)}}`, signedIn), 400, 'MALFORMED_REQUEST');
      });
    });

    it('at the limit it is parsed and checked as usual: brackets inside strings do not count, a NUL is found deep down', async () => {
      expectRefused(await post('/api/auth/login', nested(MAX_JSON_DEPTH)), 422, 'VALIDATION_FAILED');
      expectRefused(await post('/api/auth/login', JSON.stringify({ username: 'khong.ai', password: '[{'.repeat(200) })), 401, 'LOGIN_FAILED');
      const details = expectRefused(await post('/api/auth/login', nested(MAX_JSON_DEPTH, '"\\u0000"')), 422, 'TEXT_INVALID_CHARACTERS');
      expect(details.field).toBe(['body', ...Array(MAX_JSON_DEPTH).fill('0')].join('.'));
    });
  });

  describe('a malformed upload (PUT /api/decisions/:id/attachment)', () => {
    const attach = (id: number, payload: string | Buffer, contentType: string) =>
      admin.request('PUT', `/api/decisions/${id}/attachment`, payload, { 'content-type': contentType });
    const part = (boundary: string, name: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: application/pdf\r\n' : ''}\r\n`;
    const pdf = '%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n';

    it('is 400 MALFORMED_REQUEST whatever is broken, and too many parts say so; the decision keeps no file', async () => {
      const decision = (await admin.post('/api/decisions', { number: '9-QĐ/ĐU', signedOn: '2024-06-01', issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: communeId })).json();
      const multipart = 'multipart/form-data; boundary=XB';
      await withoutChanges(async () => {
        const malformed: [string | Buffer, string][] = [
          [`${part('XB', 'file', 'a.pdf')}${pdf}`, multipart], // no closing --XB--
          [`--XB\r\nContent-Disposition: form-da`, multipart], // cut inside the part's headers
          [`${part('YB', 'file', 'a.pdf')}${pdf}\r\n--YB--\r\n`, multipart], // another boundary
          [`${part('XB', 'file', 'a.pdf')}${pdf}\r\n--XB--\r\n`, 'multipart/form-data'], // no boundary
          [`${part('XB', 'file', 'a.pdf')}${pdf}\r\n--XB--\r\n`, 'multipart/form-data; boundary='], // an empty one
        ];
        for (const [payload, contentType] of malformed) {
          const response = await attach(decision.id, payload, contentType);
          expectRefused(response, 400, 'MALFORMED_REQUEST');
          expect(response.json().error.details).toEqual({ format: 'multipart' });
          expect(response.json().error.message).toContain('multipart/form-data');
        }
        const fields = Array.from({ length: 10 }, (_, index) => `${part('XB', `note${index}`)}x\r\n`).join('');
        const tooMany = expectRefused(await attach(decision.id, `${fields}${part('XB', 'file', 'a.pdf')}${pdf}\r\n--XB--\r\n`, multipart), 400, 'UPLOAD_TOO_MANY_PARTS');
        expect(tooMany).toEqual({ limit: 'fields' });
      });
      expect((await admin.get(`/api/decisions/${decision.id}`)).json().attachment).toBeNull();
      // The route still takes a well-formed upload.
      expect((await attach(decision.id, `${part('XB', 'file', 'a.pdf')}${pdf}\r\n--XB--\r\n`, multipart)).statusCode).toBe(200);
    });
  });

  describe('a path parameter over the router\u2019s length limit, with the web app built', () => {
    let shellApp: Awaited<ReturnType<typeof buildApp>>;
    let webDist: string;
    beforeAll(async () => {
      webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-web-'));
      fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>cellbase</title>');
      shellApp = await buildApp({ db: world.ctx.db, config: { ...world.ctx.config, webDist } });
    });
    afterAll(async () => {
      await shellApp?.close();
      fs.rmSync(webDist, { recursive: true, force: true });
    });
    const get = (url: string) => shellApp.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });

    it('is 414 URL_TOO_LONG, not the app shell\u2019s 404; shorter ones reach their route\u2019s own validation', async () => {
      expectRefused(await get(`/api/orgs/units/by-code/${'a'.repeat(101)}`), 414, 'URL_TOO_LONG');
      expectRefused(await get(`/api/members/${'9'.repeat(101)}`), 414, 'URL_TOO_LONG');
      expect(expectRefused(await get(`/api/orgs/units/by-code/${'a'.repeat(100)}`), 422, 'VALIDATION_FAILED').issues?.[0].path).toBe('params.code');
      expectRefused(await get(`/api/members/${'9'.repeat(100)}`), 422, 'VALIDATION_FAILED');
      expectRefused(await get('/api/no-such-route'), 404, 'ROUTE_NOT_FOUND');
      const shell = await get(`/members/${'9'.repeat(101)}`);
      expect(shell.statusCode).toBe(200);
      expect(shell.headers['content-type']).toContain('text/html');
    });
  });

  describe('validation issues in the caller\u2019s language', () => {
    const inLocale = (locale: 'vi' | 'en', method: string, url: string, body?: unknown) => admin.request(method, url, body, { 'x-locale': locale });

    it('zod\u2019s own messages from its locales, the project\u2019s own in both languages', async () => {
      const issuesOf = (response: LightMyRequestResponse) => response.json().error.details.issues as { path: string; message: string }[];
      const nan = `/api/members?unitId=abc`;
      expect(issuesOf(await inLocale('vi', 'GET', nan))).toEqual([{ path: 'querystring.unitId', message: 'Đầu vào không hợp lệ: mong đợi số, nhận được NaN' }]);
      expect(issuesOf(await inLocale('en', 'GET', nan))).toEqual([{ path: 'querystring.unitId', message: 'Invalid input: expected number, received NaN' }]);
      const long = { number: 'x'.repeat(101), signedOn: YEAR_ZERO, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: communeId };
      expect(issuesOf(await inLocale('vi', 'POST', '/api/decisions', long))).toEqual([
        { path: 'body.number', message: 'Quá lớn: mong đợi string có <=100 ký tự' }, { path: 'body.signedOn', message: YEAR_ZERO_VI },
      ]);
      expect(issuesOf(await inLocale('en', 'POST', '/api/decisions', long))).toEqual([
        { path: 'body.number', message: 'Too big: expected string to have <=100 characters' },
        { path: 'body.signedOn', message: 'There is no year 0000: the date must be 0001-01-01 or later' },
      ]);
      const cursor = `/api/decisions?cursor=${cursorOf(['2024-02-31', 1])}`;
      expect(issuesOf(await inLocale('en', 'GET', cursor))).toEqual([{ path: 'querystring.cursor', message: 'invalid cursor' }]);
      expect((await inLocale('en', 'GET', cursor)).json().error.message).toBe('The request data is not valid.');
    });
  });

  describe('the log of a server started without CELLBASE_LOG', () => {
    async function logOf(env: NodeJS.ProcessEnv): Promise<{ answer: LightMyRequestResponse; lines: { level: number; msg: string; err?: { message: string } }[] }> {
      const lines: string[] = [];
      const stream = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
      // A database already closed: the health check's query fails, an error nobody handles.
      const closed = createDb('postgres://cellbase@127.0.0.1:1/none', { max: 1 });
      await closed.destroy();
      const app = await buildApp({ db: closed, config: world.ctx.config }, { logger: { ...serverLogOptions(env), stream } });
      try {
        return { answer: await app.inject({ method: 'GET', url: '/api/health' }), lines: lines.map((line) => JSON.parse(line)) };
      } finally {
        await app.close();
      }
    }

    it('holds every unhandled error, and every request only with CELLBASE_LOG=1', async () => {
      const quiet = await logOf({});
      expectRefused(quiet.answer, 500, 'INTERNAL');
      expect(quiet.lines.map((line) => [line.level, line.msg])).toEqual([[50, 'unhandled error']]);
      expect(quiet.lines[0].err?.message).toBeTruthy();
      const verbose = await logOf({ CELLBASE_LOG: '1' });
      expect(verbose.lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'unhandled error', 'request completed']));
    });
  });
});
