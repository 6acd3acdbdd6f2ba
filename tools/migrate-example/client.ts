/**
 * The smallest client of cellbase's public API an integrator needs: sign in (a session cookie and the CSRF token
 * every write sends back), JSON requests, and a file upload. It counts its requests. Any answer that is not a
 * success stops the migration with the API's own error (its stable code and message).
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly body: unknown, readonly request: string) {
    super(`${request} → ${status} ${code}: ${JSON.stringify(body).slice(0, 2000)}`);
  }
}

export class CellbaseClient {
  requests = 0;
  /** Time spent waiting for each kind of request (method and path, ids and query left out): where a migration's time goes. */
  readonly timings = new Map<string, { count: number; ms: number }>();
  private cookie = '';
  private csrf = '';

  constructor(readonly baseUrl: string) {}

  async signIn(username: string, password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    this.requests++;
    const body = await response.json() as { csrfToken?: string; code?: string };
    if (!response.ok || !body.csrfToken) throw new ApiError(response.status, body.code ?? 'SIGN_IN_FAILED', body, 'POST /api/auth/login');
    this.cookie = (response.headers.getSetCookie?.()[0] ?? response.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = body.csrfToken;
  }

  private time(method: string, path: string, started: number): void {
    const key = `${method} ${path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    const entry = this.timings.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    this.timings.set(key, entry);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie, 'x-csrf-token': this.csrf, 'accept-language': 'vi',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.requests++;
    const text = await response.text();
    this.time(method, path, started);
    const parsed = text ? JSON.parse(text) as unknown : null;
    if (!response.ok) throw new ApiError(response.status, (parsed as { code?: string } | null)?.code ?? 'HTTP_ERROR', parsed, `${method} ${path}`);
    return parsed as T;
  }

  get<T>(path: string): Promise<T> { return this.request<T>('GET', path); }
  post<T>(path: string, body: unknown = {}): Promise<T> { return this.request<T>('POST', path, body); }

  /** Uploads a file as the request body (the import takes the file itself, not a form). */
  async upload<T>(path: string, data: string, contentType: string): Promise<T> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': contentType, 'accept-language': 'vi' }, body: data,
    });
    this.requests++;
    const parsed = await response.json() as unknown;
    this.time('POST', path, started);
    if (!response.ok) throw new ApiError(response.status, (parsed as { code?: string }).code ?? 'HTTP_ERROR', parsed, `POST ${path}`);
    return parsed as T;
  }
}
