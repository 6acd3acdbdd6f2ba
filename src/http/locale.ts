import type { FastifyRequest } from 'fastify';
import type { Locale } from '../contracts/errors.ts';

/** The caller's language: explicit header, then the account's setting, then Accept-Language; Vietnamese by default. */
export function requestLocale(request: FastifyRequest): Locale {
  const explicit = request.headers['x-locale'];
  if (explicit === 'en' || explicit === 'vi') return explicit;
  if (request.caller) return request.caller.locale;
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase();
  return accept.startsWith('en') ? 'en' : 'vi';
}
