/**
 * Authentication and route-level authorization, in one hook. The session cookie (HttpOnly, SameSite=Lax) names a
 * session; writes made with the cookie must carry the session's CSRF token in the `x-csrf-token` header. A session
 * idle longer than `sessionIdleMinutes` or past its lifetime answers 401 like no session (resolveSession).
 *
 * The hook runs before request validation, so a caller who may not use a route learns nothing about its schema:
 * 401 (no session), 403 CSRF_INVALID, 403 PASSWORD_CHANGE_REQUIRED (an account signed in with a one-time password
 * may only use /api/auth/* until it changes it) and 403 FORBIDDEN (no role carries the route's action) come first.
 */
import type { FastifyInstance } from 'fastify';
import { callerMay } from '../access/scope.ts';
import type { AppContext, RouteAccess } from './context.ts';
import { sendError } from './errors.ts';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from '../modules/accounts/index.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes an account that must change its one-time password may still use. */
const PASSWORD_CHANGE_PREFIX = '/api/auth/';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller signed in with a one-time password that is not changed yet. */
    mustChangePassword: boolean;
  }
}

/** Every registered route with its access declaration, for the permission-matrix test and the docs. */
export const routeRegistry: { method: string; url: string; access: RouteAccess | undefined }[] = [];

function registerRoute(method: string, url: string, access: RouteAccess | undefined) {
  // Several apps may be built in one process (tests): keep one entry per route.
  const existing = routeRegistry.find((route) => route.method === method && route.url === url);
  if (existing) existing.access = access;
  else routeRegistry.push({ method, url, access });
}

export function registerAuth(app: FastifyInstance, context: AppContext) {
  app.decorateRequest('caller', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      registerRoute(method, route.url, (route.config as { access?: RouteAccess } | undefined)?.access);
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    if (!request.url.startsWith('/api') || request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      // A route that forgot to declare its access is closed, not open.
      request.log.error({ url: request.routeOptions.url }, 'route without an access declaration');
      return sendError(request, reply, 'FORBIDDEN');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(context.db, token, context.config.sessionIdleMinutes);
      if (session) {
        request.caller = session.caller;
        request.csrfToken = session.csrfToken;
        request.mustChangePassword = session.mustChangePassword;
      }
    }
    if (access === 'public') return;
    if (!request.caller) return sendError(request, reply, 'UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
      return sendError(request, reply, 'CSRF_INVALID');
    }
    if (request.mustChangePassword && !String(request.routeOptions.url).startsWith(PASSWORD_CHANGE_PREFIX)) {
      return sendError(request, reply, 'PASSWORD_CHANGE_REQUIRED');
    }
    if (access !== 'authenticated' && !callerMay(request.caller, access)) return sendError(request, reply, 'FORBIDDEN');
  });
}
