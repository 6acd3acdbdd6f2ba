/**
 * The web app's files: hashed assets precompressed (brotli, gzip) by Accept-Encoding and cached for good; index.html
 * and other unhashed files revalidated; a missing asset is a 404, never the app shell; security headers everywhere.
 * A small dist made here, shaped like the build's (the build writes .br and .gz beside each file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { SECURITY_HEADERS } from '../../../src/http/app.ts';

const SCRIPT = `export const greeting = ${JSON.stringify('Xin chào '.repeat(200))};\n`;
const SHELL = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let dist: string;

function write(file: string, content: string, compressed = true) {
  const full = path.join(dist, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  if (!compressed) return;
  fs.writeFileSync(`${full}.br`, zlib.brotliCompressSync(content));
  fs.writeFileSync(`${full}.gz`, zlib.gzipSync(content));
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-dist-'));
  write('index.html', SHELL);
  write('assets/index-AbC123.js', SCRIPT);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  ctx = await createTestApp({ webDist: dist });
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) =>
  ctx.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

function expectSecurityHeaders(headers: Record<string, unknown>) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name]).toBe(value);
}

describe('hashed assets', () => {
  it('answers brotli when the browser takes it, cached for good', async () => {
    const res = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
    expectSecurityHeaders(res.headers);
  });

  it('answers gzip when brotli is not offered', async () => {
    const res = await get('/assets/index-AbC123.js', 'gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('answers the plain file to a client that takes no compression', async () => {
    const res = await get('/assets/index-AbC123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(SCRIPT);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing asset, not the app shell', async () => {
    for (const encoding of [undefined, 'br', 'gzip']) {
      const res = await get('/assets/index-Gone99.js', encoding);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('<div id="root">');
      expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable/);
      expectSecurityHeaders(res.headers);
    }
  });
});

describe('unhashed files', () => {
  it('index.html is revalidated on every load, compressed too', async () => {
    for (const url of ['/', '/index.html']) {
      const res = await get(url, 'br');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(SHELL);
      expectSecurityHeaders(res.headers);
    }
  });

  it('a client-side route gets the shell, revalidated', async () => {
    const res = await get('/members/12', 'gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(SHELL);
    expectSecurityHeaders(res.headers);
  });

  it('other files at the root are revalidated, not cached for good', async () => {
    const res = await get('/favicon.svg', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('the API keeps no-store', async () => {
    const res = await get('/api/health', 'br');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
