/**
 * The HTTP layer seen from outside: security headers on every answer, strings PostgreSQL cannot store refused in one
 * place before any handler, names outside the Basic Multilingual Plane stored and read back, Node's own 431 in the
 * error shape, malformed bodies in the error shape, and the default listen address.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import { registerTestMember } from '../../helpers/member-factories.ts';
import { loadConfig } from '../../../src/config.ts';
import { vietnameseNameSortKey, findUnstorableText, truncateText } from '../../../src/lib/text.ts';
import { buildApp } from '../../../src/http/app.ts';

const LONE_SURROGATE = /\p{Cs}/u;

function expectErrorShape(response: { json(): unknown }, code: string) {
  const body = response.json() as { error: { code: string; message: string; details: unknown } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error).toHaveProperty('details');
}

function expectSecurityHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'", "connect-src 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['permissions-policy']).toBeTruthy();
}

describe('the HTTP layer', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let officer: ApiClient;
  let cellId: number;
  let provinceId: number;
  beforeAll(async () => {
    ctx = await createTestApp();
    const province = await insertUnit(ctx.db, { parentId: ctx.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Rào', validFrom: '2000-01-01' });
    provinceId = province.id;
    const cell = await insertUnit(ctx.db, { parentId: province.id, kind: 'grassroots_cell', name: 'Chi bộ Rào', validFrom: '2000-01-01' });
    cellId = cell.id;
    const account = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx?.close(); });

  describe('security headers (finding 7)', () => {
    it('every API answer carries them, with no-store: success, error, 404, public', async () => {
      const answers = [
        await officer.get('/api/auth/me'),
        await officer.get(`/api/members?unitId=${cellId}`),
        await officer.get('/api/members/999999999'),
        await officer.get('/api/no-such-route'),
        await anonymousClient(ctx.app).get('/api/health'),
        await anonymousClient(ctx.app).get('/api/auth/me'),
        await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' }),
      ];
      for (const answer of answers) {
        expectSecurityHeaders(answer.headers);
        expect(answer.headers['cache-control']).toBe('no-store');
      }
    });

    it('a path the router cannot decode or a parameter over its length limit answers in the error shape, with the headers', async () => {
      const badUrl = await officer.get('/api/accounts/%ED%A0%80/disable');
      expect(badUrl.statusCode).toBe(400);
      expect(badUrl.json().error).toMatchObject({ code: 'URL_INVALID', message: expect.any(String) });
      const longParam = await officer.get(`/api/members/${'9'.repeat(200)}`);
      expect(longParam.statusCode).toBe(414);
      expect(longParam.json().error.code).toBe('URL_TOO_LONG');
      for (const answer of [badUrl, longParam]) expectSecurityHeaders(answer.headers);
    });

    it('downloads (the import template, an export) are not stored either', async () => {
      for (const url of ['/api/member-import/template.xlsx', `/api/member-export?unitId=${cellId}&format=csv`]) {
        const answer = await officer.get(url);
        expect(answer.statusCode, url).toBe(200);
        expectSecurityHeaders(answer.headers);
        expect(answer.headers['cache-control']).toBe('no-store');
      }
    });
  });

  describe('strings PostgreSQL cannot store (finding 8)', () => {
    it('a NUL byte in a query string answers 422 TEXT_INVALID_CHARACTERS in the caller\'s language', async () => {
      const vi = await officer.get('/api/members?q=a%00b');
      expect(vi.statusCode).toBe(422);
      expectErrorShape(vi, 'TEXT_INVALID_CHARACTERS');
      expect(vi.json().error.details).toEqual({ field: 'querystring.q' });
      expect(vi.json().error.message).toMatch(/ký tự/);
      const en = await officer.request('GET', '/api/members?q=a%00b', undefined, { 'x-locale': 'en' });
      expect(en.json().error.message).toMatch(/invalid characters/);
    });

    it('a NUL byte in a path parameter is refused the same way', async () => {
      const answer = await officer.get('/api/members/1%00');
      expect(answer.statusCode).toBe(422);
      expectErrorShape(answer, 'TEXT_INVALID_CHARACTERS');
    });

    it('a NUL byte or a lone surrogate in a decision\'s subject changes nothing', async () => {
      const before = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      const journalBefore = await ctx.db.selectFrom('journal').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      for (const subject of ['Kết nạp\u0000đảng viên', 'Kết nạp \ud800', 'Kết nạp \udc00 x']) {
        const answer = await officer.post('/api/decisions', { number: `1${subject.length}-QĐ/TU`, signedOn: '2024-01-02', issuingBody: 'Ban Thường vụ', issuingUnitId: provinceId, subject });
        expect(answer.statusCode).toBe(422);
        expectErrorShape(answer, 'TEXT_INVALID_CHARACTERS');
        expect(answer.json().error.details).toEqual({ field: 'body.subject' });
      }
      const after = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      const journalAfter = await ctx.db.selectFrom('journal').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      expect(after.count).toBe(before.count);
      expect(journalAfter.count).toBe(journalBefore.count);
    });

    it('the sign-in form: a NUL byte or a lone surrogate in the username or the password', async () => {
      const account = await createAccount(ctx.db);
      for (const payload of [
        { username: `${account.username}\u0000`, password: account.password },
        { username: account.username, password: `${account.password}\u0000` },
        { username: '\ud800', password: account.password },
        { username: account.username, password: 'x\udfff' },
      ]) {
        const answer = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload });
        expect(answer.statusCode).toBe(422);
        expectErrorShape(answer, 'TEXT_INVALID_CHARACTERS');
      }
      // A lone surrogate written as a JSON escape, as a client would send it.
      const escaped = await ctx.app.inject({
        method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' },
        payload: `{"username":"\\ud800","password":"${account.password}"}`,
      });
      expect(escaped.statusCode).toBe(422);
      expectErrorShape(escaped, 'TEXT_INVALID_CHARACTERS');
    });

    it('the check names the first bad string, keys included, and lets well-formed pairs through', () => {
      expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }] })).toBe('a.1.b');
      expect(findUnstorableText({ ['k\ud800']: 1 })).toBe('k\ud800');
      expect(findUnstorableText({ name: 'Nguyễn Văn 𠀀 😀' })).toBeNull();
      expect(findUnstorableText('\ud83d')).toBe('');
    });
  });

  describe('names outside the Basic Multilingual Plane (finding 8)', () => {
    it('a sort key never cuts a character between its surrogates', () => {
      for (const name of ['Nguyễn Văn 𠀀', 'Trần Thị 😀', '𠀀 𠀁 𠀂', 'Lê Ảnh']) {
        expect(LONE_SURROGATE.test(vietnameseNameSortKey(name)), name).toBe(false);
      }
      expect(truncateText('ab😀c', 3)).toBe('ab');
      expect(truncateText('ab😀c', 4)).toBe('ab😀');
      expect(truncateText('abc', 10)).toBe('abc');
      // Keys of Vietnamese names are unchanged: "An" still sorts before "Ân" and "Bình".
      const keys = ['Nguyễn Văn Bình', 'Nguyễn Văn Ân', 'Nguyễn Văn An'].map(vietnameseNameSortKey).sort();
      expect(keys).toEqual(['Nguyễn Văn An', 'Nguyễn Văn Ân', 'Nguyễn Văn Bình'].map(vietnameseNameSortKey));
    });

    it('a member named "Nguyễn Văn 𠀀" or with an emoji is stored, journaled, read back and found', async () => {
      for (const fullName of ['Nguyễn Văn 𠀀', 'Trần Thị Mai 😀']) {
        const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: cellId, fullName });
        const read = await officer.get(`/api/members/${member.id}`);
        expect(read.statusCode).toBe(200);
        expect(JSON.stringify(read.json())).toContain(fullName);
      }
      const found = await officer.get(`/api/members?unitId=${cellId}&q=${encodeURIComponent('𠀀')}`);
      expect(found.statusCode).toBe(200);
      expect(JSON.stringify(found.json())).toContain('Nguyễn Văn 𠀀');
    });
    it('a PDF whose file name is cut at its limit inside an emoji is stored, journaled and downloaded', async () => {
      const decision = await officer.post('/api/decisions', { number: '7-QĐ/TU', signedOn: '2024-01-02', issuingBody: 'Ban Thường vụ', issuingUnitId: provinceId });
      expect(decision.statusCode).toBe(201);
      // The name is kept to 200 UTF-16 units: the emoji sits on units 200 and 201.
      const filename = `${'a'.repeat(199)}😀.pdf`;
      const boundary = `----cellbase${crypto.randomBytes(8).toString('hex')}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.from('%PDF-1.7\n%%EOF\n'), Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const upload = await officer.request('PUT', `/api/decisions/${decision.json().id}/attachment`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      expect(upload.statusCode).toBe(200);
      expect(LONE_SURROGATE.test(upload.json().attachment.filename)).toBe(false);
      const download = await officer.get(`/api/decisions/${decision.json().id}/attachment`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['cache-control']).toBe('no-store');
    });
  });

  describe('malformed requests answer in the error shape', () => {
    it('malformed JSON, a wrong content type and an oversize body', async () => {
      const malformed = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
      expect(malformed.statusCode).toBe(400);
      expectErrorShape(malformed, 'MALFORMED_REQUEST');
      const wrongType = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
      expect(wrongType.statusCode).toBe(415);
      expectErrorShape(wrongType, 'UNSUPPORTED_MEDIA_TYPE');
      const oversize = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) });
      expect(oversize.statusCode).toBe(413);
      expectErrorShape(oversize, 'PAYLOAD_TOO_LARGE');
      for (const answer of [malformed, wrongType, oversize]) expectSecurityHeaders(answer.headers);
    });
  });
});

describe('Node\'s own answers (finding 11)', () => {
  it('request headers too large: 431 HEADERS_TOO_LARGE in the error shape, with the security headers', async () => {
    const ctx = await createTestApp();
    try {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = ctx.app.server.address() as net.AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('connect', () => socket.write(`GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(64 * 1024)}\r\n\r\n`, (error) => error && reject(error)));
      });
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 431 /);
      const headers = Object.fromEntries(head.split('\r\n').slice(1).map((line) => {
        const at = line.indexOf(':');
        return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
      }));
      expectSecurityHeaders(headers);
      expect(headers['cache-control']).toBe('no-store');
      const parsed = JSON.parse(body) as { error: { code: string; message: string; details: unknown } };
      expect(parsed.error.code).toBe('HEADERS_TOO_LARGE');
      expect(parsed.error.message).toMatch(/quá lớn/);
      expect(parsed.error.details).toBeNull();
    } finally {
      await ctx.close();
    }
  });

  it('the server listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(typeof buildApp).toBe('function');
  });
});

describe('dependencies run on the Node the project supports (finding 11)', () => {
  /**
   * Whether a version satisfies an npm engines range, for the forms the lock file holds: `*`, `>=`/`>` bounds, `^`
   * ranges, bare majors, space-joined conjunctions and `||`. Any other form does not satisfy (and shows in the list).
   */
  function satisfies(version: [number, number, number], range: string): boolean {
    const compare = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    return range.split('||').some((alternative) => alternative.trim().replace(/([<>]=?)\s+/g, '$1').split(/\s+/).every((comparator) => {
      const match = /^(>=|>|\^)?(\d+|\*|x)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(comparator);
      if (!match) return false;
      const [, op, major, minor, patch] = match;
      if (major === '*' || major === 'x') return true;
      const bound = [Number(major), Number(minor ?? 0) || 0, Number(patch ?? 0) || 0];
      if (op === '>=') return compare(version, bound) >= 0;
      if (op === '>') return compare(version, bound) > 0;
      if (op === '^') return version[0] === bound[0] && compare(version, bound) >= 0;
      return version[0] === bound[0] && (minor === undefined || minor === 'x' || version[1] === bound[1]);
    }));
  }

  it('no installed package asks for a newer Node than package.json\'s engines (cookie for light-my-request included)', () => {
    const root = new URL('../../../', import.meta.url);
    const manifest = JSON.parse(fs.readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
    const lowest = /^>=(\d+)\.(\d+)$/.exec(manifest.engines.node)!;
    const supported: [number, number, number] = [Number(lowest[1]), Number(lowest[2]), 0];
    const lock = JSON.parse(fs.readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const tooNew: string[] = [];
    for (const [name, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (range && name !== '' && !satisfies(supported, range)) tooNew.push(`${name} ${range}`);
    }
    expect(tooNew).toEqual([]);
  });

  it('the cookies option of inject (light-my-request on the overridden cookie) still signs a request in', async () => {
    const ctx = await createTestApp();
    try {
      const account = await createAccount(ctx.db);
      const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: account.username, password: account.password } });
      const session = login.cookies.find((cookie) => cookie.name === 'cellbase_session');
      expect(session).toBeDefined();
      const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { cellbase_session: session!.value } });
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe(account.username);
    } finally {
      await ctx.close();
    }
  });
});
