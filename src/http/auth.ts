/**
 * Authentication and route-level authorization, in one hook. The session cookie (HttpOnly, SameSite=Lax) names a
 * session; writes made with the cookie must carry the session's CSRF token in the `x-csrf-token` header.
 */
import type { FastifyInstance } from 'fastify';
import { callerMay } from '../access/scope.ts';
import type { AppContext, RouteAccess } from './context.ts';
import { sendError } from './errors.ts';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from '../modules/accounts/session.service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every registered route with its access declaration, for the permission-matrix test and the docs. */
export const routeRegistry: { method: string; url: string; access: RouteAccess | undefined }[] = [];

export function registerAuth(app: FastifyInstance, context: AppContext) {
  app.decorateRequest('caller', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeRegistry.push({ method, url: route.url, access: (route.config as { access?: RouteAccess } | undefined)?.access });
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/api') || request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      // A route that forgot to declare its access is closed, not open.
      request.log.error({ url: request.routeOptions.url }, 'route without an access declaration');
      return sendError(request, reply, 'FORBIDDEN');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(context.db, token);
      if (session) {
        request.caller = session.caller;
        request.csrfToken = session.csrfToken;
      }
    }
    if (access === 'public') return;
    if (!request.caller) return sendError(request, reply, 'UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
      return sendError(request, reply, 'CSRF_INVALID');
    }
    if (access !== 'authenticated' && !callerMay(request.caller, access)) return sendError(request, reply, 'FORBIDDEN');
  });
}
