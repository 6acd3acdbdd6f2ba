/**
 * Sign-in, sign-out, "who am I" (with the caller's abilities, so the client never reasons about roles), and what
 * an account changes on itself: its password and its language.
 */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { changePasswordBodySchema, updateMeBodySchema } from '../../contracts/accounts.ts';
import { AppError } from '../../contracts/errors.ts';
import { login } from './login.service.ts';
import { dummyPasswordHash } from './password.ts';
import { endSession, SESSION_COOKIE } from './session.service.ts';
import { describeCaller, meSchema } from './me.ts';
import { changeOwnPassword, confirmOwnPassword, updateOwnLocale } from './self.service.ts';

const okSchema = z.object({ ok: z.literal(true) });

/** A throttled answer also says when to come back in the standard header (RFC 9110, Retry-After). */
async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'LOGIN_THROTTLED') {
      reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    throw error;
  }
}

export const authRoutes: RouteModule = (app, { db, config }) => {
  // The fixed hash an unknown name is verified against is made now, so the first unknown name costs no more.
  void dummyPasswordHash();
  app.post('/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets the session cookie and returns the CSRF token for later writes',
      body: z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(500) }),
      response: { 200: z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() }) },
    },
  }, async (request, reply) => {
    const result = await withRetryAfter(reply, () => login(db, config, { ...request.body, ip: request.ip }));
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: result.expiresAt,
    });
    return { csrfToken: result.csrfToken, mustChangePassword: result.account.mustChangePassword };
  });

  app.post('/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'End the current session', response: { 200: okSchema } },
  }, async (request, reply) => {
    await endSession(db, request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'The signed-in account, its grants and abilities, and the CSRF token', response: { 200: meSchema } },
  }, async (request) => describeCaller(db, callerOf(request), request.csrfToken!, request.mustChangePassword));

  app.patch('/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Set the signed-in account\'s language (vi or en)', body: updateMeBodySchema, response: { 200: meSchema } },
  }, async (request) => {
    const caller = callerOf(request);
    const actor = actorOf(request);
    await inTransaction(db, (tx) => updateOwnLocale(tx, actor, request.body.locale));
    return describeCaller(db, { ...caller, locale: request.body.locale }, request.csrfToken!, request.mustChangePassword);
  });

  app.post('/auth/password', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: 'Change one\'s own password (the current one is required); ends the account\'s other sessions',
      body: changePasswordBodySchema,
      response: { 200: okSchema },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await withRetryAfter(reply, async () => {
      const confirmed = await confirmOwnPassword(db, config, actor.caller, { currentPassword: request.body.currentPassword, ip: request.ip });
      await inTransaction(db, (tx) => changeOwnPassword(tx, actor, confirmed, {
        newPassword: request.body.newPassword, sessionToken: request.cookies[SESSION_COOKIE]!,
      }));
    });
    return { ok: true as const };
  });
};
