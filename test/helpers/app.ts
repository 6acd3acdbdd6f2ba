/**
 * The real application on a fresh database, driven through HTTP with `inject`, plus signed-in clients. The app runs
 * on the application role, which owns nothing, exactly as `cellbase serve` does.
 */
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/kernel/executor.ts';
import { createTestDatabase } from './database.ts';
import { ensureRootUnit } from '../../src/modules/accounts/bootstrap.ts';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export async function createTestApp(overrides: Partial<Config> = {}) {
  const database = await createTestDatabase();
  const config: Config = { ...loadConfig({}), webDist: '/nonexistent', ...overrides };
  const app = await buildApp({ db: database.db, config });
  const rootUnitId = await ensureRootUnit(database.db);
  return {
    app,
    /** The application role's pool, the one the app uses (as in production). */
    db: database.db,
    /** The owner's connection string, for what the application may not do. */
    ownerUrl: database.url,
    config,
    rootUnitId,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface ApiClient {
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  csrfToken: string;
  cookie: string;
}

function makeClient(app: TestApp, cookie: string, csrfToken: string): ApiClient {
  const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as never,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as never }),
    });
  return {
    request, csrfToken, cookie,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url, body) => request('DELETE', url, body),
  };
}

export const anonymousClient = (app: TestApp) => makeClient(app, '', '');

export async function signIn(app: TestApp, username: string, password: string): Promise<ApiClient> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed for ${username}: ${response.statusCode} ${response.body}`);
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : String(setCookie)).split(';')[0];
  return makeClient(app, cookie, response.json().csrfToken);
}

export type { Db };
