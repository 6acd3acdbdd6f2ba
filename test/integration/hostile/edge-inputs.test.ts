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
/** The issues of a date in the year 0000 and of a cursor that does not decode, at a path. */
const yearZeroIssue = (path: string, message = YEAR_ZERO_VI) => ({ path, code: 'custom', check: 'no_year_zero', message });
const cursorIssue = (path: string, message = CURSOR_VI) => ({ path, code: 'custom', message });

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
        expect(details.issues, url).toContainEqual(yearZeroIssue(`querystring.${field}`));
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
          expect(details.issues, url).toEqual([yearZeroIssue(field)]);
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
          expect(details.issues, url).toEqual([cursorIssue('querystring.cursor')]);
        }
      }
    });

    it('a NUL or a lone surrogate in a text key', async () => {
      for (const text of ['\u0000', 'An\ud800']) {
        const members = expectRefused(await admin.get(`/api/members?unitId=${cellId}&after=${cursorOf([text, 1])}`), 422, 'VALIDATION_FAILED');
        expect(members.issues).toEqual([cursorIssue('querystring.after')]);
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
        // A second file is refused, not dropped unseen after the first is stored.
        const twoFiles = `${part('XB', 'file', 'a.pdf')}${pdf}\r\n${part('XB', 'file2', 'b.pdf')}${pdf}\r\n--XB--\r\n`;
        expect(expectRefused(await attach(decision.id, twoFiles, multipart), 400, 'UPLOAD_TOO_MANY_PARTS')).toEqual({ limit: 'files' });
      });
      expect((await admin.get(`/api/decisions/${decision.id}`)).json().attachment).toBeNull();
      // The route still takes a well-formed upload, a text field after the file included.
      expect((await attach(decision.id, `${part('XB', 'file', 'a.pdf')}${pdf}\r\n${part('XB', 'note')}x\r\n--XB--\r\n`, multipart)).statusCode).toBe(200);
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
      expect(issuesOf(await inLocale('vi', 'GET', nan))).toEqual([{ path: 'querystring.unitId', code: 'invalid_type', message: 'Đầu vào không hợp lệ: mong đợi số, nhận được NaN' }]);
      expect(issuesOf(await inLocale('en', 'GET', nan))).toEqual([{ path: 'querystring.unitId', code: 'invalid_type', message: 'Invalid input: expected number, received NaN' }]);
      const long = { number: 'x'.repeat(101), signedOn: YEAR_ZERO, issuingBody: 'Ban Thường vụ Đảng ủy', issuingUnitId: communeId };
      expect(issuesOf(await inLocale('vi', 'POST', '/api/decisions', long))).toEqual([
        { path: 'body.number', code: 'too_big', message: 'Quá lớn: mong đợi string có <=100 ký tự' }, yearZeroIssue('body.signedOn'),
      ]);
      expect(issuesOf(await inLocale('en', 'POST', '/api/decisions', long))).toEqual([
        { path: 'body.number', code: 'too_big', message: 'Too big: expected string to have <=100 characters' },
        yearZeroIssue('body.signedOn', 'There is no year 0000: the date must be 0001-01-01 or later'),
      ]);
      const cursor = `/api/decisions?cursor=${cursorOf(['2024-02-31', 1])}`;
      expect(issuesOf(await inLocale('en', 'GET', cursor))).toEqual([cursorIssue('querystring.cursor', 'Invalid paging cursor')]);
      expect((await inLocale('en', 'GET', cursor)).json().error.message).toBe('The request data is not valid.');
    });

    /** The issues of a request in each language: the same paths, codes and keys, the message in the caller's language. */
    async function issuesIn(method: string, url: string, body?: unknown): Promise<Record<'vi' | 'en', Issue[]>> {
      const answers = { vi: await inLocale('vi', method, url, body), en: await inLocale('en', method, url, body) };
      for (const [locale, answer] of Object.entries(answers)) {
        expect(answer.statusCode, `${locale} ${url}: ${answer.body.slice(0, 300)}`).toBe(422);
        expect(answer.json().error.code).toBe('VALIDATION_FAILED');
      }
      return { vi: answers.vi.json().error.details.issues, en: answers.en.json().error.details.issues };
    }
    type Issue = { path: string; code: string; check?: string; message: string };

    it('the project\u2019s own messages of its schemas: Vietnamese to a Vietnamese caller, English to an English one, with zod\u2019s code', async () => {
      const samples: { method: string; url: string; body?: unknown; issue: Omit<Issue, 'message'>; vi: string; en: string }[] = [
        {
          method: 'POST', url: '/api/accounts',
          body: { username: '.x', displayName: 'Nguyễn Văn A', grant: { role: 'reader', unitId: communeId, decisionId } },
          issue: { path: 'body.username', code: 'invalid_format' },
          vi: 'Tên đăng nhập dài 3 đến 64 ký tự, chỉ gồm chữ cái không dấu, chữ số và các ký tự . _ @ - (bắt đầu bằng chữ cái hoặc chữ số)',
          en: 'A username is 3 to 64 characters: unaccented letters, digits and . _ @ - (starting with a letter or a digit)',
        },
        {
          method: 'GET', url: '/api/transfers/destinations?q=a',
          issue: { path: 'querystring.q', code: 'too_small' },
          vi: 'Hãy gõ ít nhất 2 ký tự của tên hoặc mã để tìm', en: 'Type at least 2 characters of the name or the code to search',
        },
        {
          // Two characters sent, one letter once folded: the search's own check says the same as the schema's.
          method: 'GET', url: `/api/transfers/destinations?q=${encodeURIComponent('a\u0301')}`,
          issue: { path: 'querystring.q', code: 'too_small' },
          vi: 'Hãy gõ ít nhất 2 ký tự của tên hoặc mã để tìm', en: 'Type at least 2 characters of the name or the code to search',
        },
        {
          method: 'POST', url: '/api/orgs/batches',
          body: { operation: 'establish', effectiveDate: '2024-01-02', decisionId, units: [{ code: 'CB-01', name: 'Chi bộ Một', kind: 'cell' }] },
          issue: { path: 'body.units.0.parentId', code: 'custom', check: 'parent_exactly_one' },
          vi: 'Cần chỉ rõ tổ chức cấp trên bằng đúng một trong hai trường: parentId hoặc parentCode (mã của tổ chức cấp trên)',
          en: 'Give the parent unit by exactly one of parentId and parentCode',
        },
        {
          method: 'POST', url: '/api/orgs/batches',
          body: { operation: 'establish', effectiveDate: '2024-01-02', decisionId, units: [{ code: '-01', name: 'Chi bộ Một', kind: 'cell', parentId: communeId }] },
          issue: { path: 'body.units.0.code', code: 'invalid_format' },
          vi: 'Mã tổ chức chỉ gồm chữ cái, chữ số và các ký tự . _ - /, bắt đầu bằng chữ cái hoặc chữ số',
          en: 'A unit code holds only letters, digits and . _ - /, starting with a letter or a digit',
        },
        {
          method: 'POST', url: '/api/orgs/batches', body: { operation: 'rename', effectiveDate: '2024-01-02', decisionId, unitId: cellId },
          issue: { path: 'body.name', code: 'custom', check: 'name_or_code_required' },
          vi: 'Cần nhập tên mới hoặc mã mới của tổ chức', en: 'Give a new name or a new code',
        },
        {
          method: 'GET', url: `/api/statistics/figures?source=Members&unitId=${communeId}`,
          issue: { path: 'querystring.source', code: 'invalid_format' },
          vi: 'Mã nguồn số liệu không hợp lệ: tối đa 40 ký tự, gồm chữ thường không dấu và dấu _, bắt đầu bằng chữ cái',
          en: 'Not a source key: at most 40 lower-case unaccented letters and _, starting with a letter',
        },
        {
          method: 'GET', url: '/api/statistics/forms/Form1',
          issue: { path: 'params.key', code: 'invalid_format' },
          vi: 'Mã biểu báo cáo không hợp lệ: tối đa 40 ký tự, gồm chữ thường không dấu và dấu -, bắt đầu bằng chữ cái',
          en: 'Not a form key: at most 40 lower-case unaccented letters and -, starting with a letter',
        },
      ];
      for (const { method, url, body, issue, vi, en } of samples) {
        const issues = await issuesIn(method, url, body);
        expect(issues.vi, url).toContainEqual({ ...issue, message: vi });
        expect(issues.en, url).toContainEqual({ ...issue, message: en });
      }
    });

    it('every issue carries its code, and a check of the project\u2019s own its key, whoever raised it', async () => {
      const body = { operation: 'establish', effectiveDate: YEAR_ZERO, decisionId, units: [{ code: '', name: 'x'.repeat(301), kind: 'cell', parentId: 1.5 }] };
      const { vi, en } = await issuesIn('POST', '/api/orgs/batches', body);
      expect(vi.map(({ path, code, check }) => ({ path, code, check }))).toEqual(en.map(({ path, code, check }) => ({ path, code, check })));
      expect(vi).toContainEqual(yearZeroIssue('body.effectiveDate'));
      expect(vi).toContainEqual(expect.objectContaining({ path: 'body.units.0.name', code: 'too_big' }));
      expect(vi).toContainEqual(expect.objectContaining({ path: 'body.units.0.parentId', code: 'invalid_type' }));
      for (const issue of [...vi, ...en]) {
        expect(Object.keys(issue).filter((key) => key !== 'check')).toEqual(['path', 'code', 'message']);
        expect(typeof issue.code).toBe('string');
      }
      // An unknown key: zod's code names it.
      expect((await issuesIn('GET', `/api/transfers/destinations?q=chi&extra=1`)).en).toEqual([expect.objectContaining({ path: 'querystring', code: 'unrecognized_keys' })]);
    });
  });

  describe('a JSON body holding a key that could reach a prototype', () => {
    const post = (url: string, payload: string, locale: 'vi' | 'en' = 'vi') =>
      world.ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'x-locale': locale } });

    it('is 400 JSON_FORBIDDEN_KEY naming where, in the caller\u2019s language, and changes nothing', async () => {
      const bodies: [string, string, string][] = [
        ['/api/decisions', '{"number":"7-QĐ/ĐU","__proto__":{"polluted":true}}', 'body.__proto__'],
        // Written with escapes, it is the same key once parsed.
        ['/api/decisions', '{"number":"7-QĐ/ĐU","\\u005f_proto__":{"polluted":true}}', 'body.__proto__'],
        ['/api/decisions/bulk', '{"rows":[{"number":"1"},{"constructor":{"prototype":{"polluted":true}}}]}', 'body.rows.1.constructor.prototype'],
        ['/api/orgs/batches', '[{"a":{"__proto__":null}}]', 'body.0.a.__proto__'],
      ];
      await withoutChanges(async () => {
        for (const [url, payload, field] of bodies) {
          expect(expectRefused(await post(url, payload), 400, 'JSON_FORBIDDEN_KEY'), payload).toEqual({ field });
          const english = (await post(url, payload, 'en')).json().error;
          expect(english.code).toBe('JSON_FORBIDDEN_KEY');
          expect(english.message).toBe(`The JSON body holds a key that is not allowed at ${field} ("__proto__" or "constructor.prototype"); remove it and send again.`);
        }
      });
      const vi = (await post('/api/decisions', '{"__proto__":{}}')).json().error.message;
      expect(vi).toBe('Dữ liệu JSON có khóa không được phép tại body.__proto__ ("__proto__" hoặc "constructor.prototype"); hãy bỏ khóa này rồi gửi lại.');
      expect(vi).not.toContain('JSON lỗi');
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('keys that only look like one are validated as usual; malformed JSON is still MALFORMED_REQUEST', async () => {
      for (const payload of ['{"__proto__x":1}', '{"constructor":"x"}', '{"constructor":{"name":"x"}}']) {
        const details = expectRefused(await post('/api/decisions', payload), 422, 'VALIDATION_FAILED');
        expect(details.issues, payload).toContainEqual(expect.objectContaining({ path: 'body', code: 'unrecognized_keys' }));
      }
      expect(expectRefused(await post('/api/decisions', '{"__proto__":'), 400, 'MALFORMED_REQUEST')).toEqual({});
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
