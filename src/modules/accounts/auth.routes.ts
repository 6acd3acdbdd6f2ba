/** Sign-in, sign-out and "who am I" (with the caller's abilities, so the client never reasons about roles). */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { login } from './login.service.ts';
import { endSession, SESSION_COOKIE } from './session.service.ts';
import { describeCaller, meSchema } from './me.ts';

export const authRoutes: RouteModule = (app, { db, config }) => {
  app.post('/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets the session cookie and returns the CSRF token for later writes',
      body: z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(500) }),
      response: { 200: z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() }) },
    },
  }, async (request, reply) => {
    const result = await login(db, config, { ...request.body, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: result.expiresAt,
    });
    return { csrfToken: result.csrfToken, mustChangePassword: result.account.mustChangePassword };
  });

  app.post('/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'End the current session', response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (request, reply) => {
    await endSession(db, request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'The signed-in account, its grants and abilities, and the CSRF token', response: { 200: meSchema } },
  }, async (request) => describeCaller(db, callerOf(request), request.csrfToken!));
};
