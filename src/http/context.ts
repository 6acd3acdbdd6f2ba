/** What every route module receives, and the request fields the auth hook fills in. */
import type { FastifyInstance, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../kernel/executor.ts';
import type { Config } from '../config.ts';
import type { Caller } from '../access/scope.ts';
import type { Action } from '../contracts/permissions.ts';

export interface AppContext {
  db: Db;
  config: Config;
}

/**
 * Every route declares who may call it: 'public' (no session), 'authenticated' (any signed-in account), or the
 * action it performs, which the caller's roles must carry somewhere (else 403). Whether the object is inside the
 * caller's subtrees is then decided in SQL by the service (else 404).
 */
export type RouteAccess = 'public' | 'authenticated' | Action;

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
export type RouteModule = (app: App, context: AppContext) => Promise<void> | void;

/**
 * An area as the server sees it, declared in its `area.ts` and gathered by `src/modules/index.ts`: its route modules,
 * registered in this order under /api (the order is also the OpenAPI document's).
 */
export interface ServerArea {
  name: string;
  routes: readonly RouteModule[];
}

/** The signed-in caller; the auth hook guarantees it on every route that is not 'public'. */
export function callerOf(request: { caller: Caller | null }): Caller {
  if (!request.caller) throw new Error('route declared public but reads the caller');
  return request.caller;
}
