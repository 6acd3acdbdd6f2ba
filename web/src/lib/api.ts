/**
 * The one fetch wrapper. It sends the session cookie (same origin), the caller's language and, on writes, the CSRF
 * token; it turns the server's `{ error: { code, message, details } }` into a thrown `ApiError`.
 */
export type Locale = 'vi' | 'en';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let currentLocale: Locale = 'vi';

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function setApiLocale(locale: Locale) {
  currentLocale = locale;
}

type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue | QueryValue[]>;
  /** A JSON body, or a FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: ApiRequest['query']): string {
  const url = path.startsWith('/api') ? path : `/api${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) if (item !== undefined && item !== null && item !== '') params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

async function send(path: string, request: ApiRequest): Promise<Response> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { 'x-locale': currentLocale, accept: 'application/json' };
  let body: BodyInit | undefined;
  if (request.body instanceof FormData) {
    body = request.body;
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, request.query), { method, headers, body, credentials: 'same-origin', signal: request.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', currentLocale === 'vi' ? 'Không kết nối được máy chủ.' : 'Cannot reach the server.', null);
  }
  if (!response.ok) {
    let payload: { error?: { code?: string; message?: string; details?: unknown } } | null = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    const error = payload?.error;
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText, error?.details ?? null);
  }
  return response;
}

/** A JSON request; resolves to the parsed body. */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await send(path, request);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file download through the same checks; resolves to the blob and the server's file name. */
export async function apiDownload(path: string): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send(path, {});
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const filename = star ? decodeURIComponent(star[1]) : plain ? plain[1] : null;
  return { blob: await response.blob(), filename };
}

/** Saves a blob as a file in the browser. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
