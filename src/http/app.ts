/** Assembles the Fastify application: parsers, errors, auth, OpenAPI, every area's routes, and the web app. */
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { registerErrorHandling, sendError } from './errors.ts';
import { registerAuth } from './auth.ts';
import { routeModules } from '../modules/index.ts';

export const JSON_BODY_LIMIT = 1024 * 1024; // 1 MiB; file uploads have their own limits

export async function buildApp(context: AppContext, options: { logger?: boolean } = {}) {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: context.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'cellbase API', version: '0.1.0', description: 'Hệ thống thông tin công tác xây dựng Đảng / party-building information system' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cellbase_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, context);

  await app.register(async (api) => {
    for (const register of routeModules) await register(api as never, context);
  }, { prefix: '/api' });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const webDist = context.config.webDist;
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    // Client-side routes: any other GET outside /api gets the app shell. (A route, not a second not-found handler:
    // the error handling already owns that one, and Fastify allows one per prefix.)
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api')) return sendError(request, reply, 'ROUTE_NOT_FOUND');
      return reply.type('text/html').sendFile('index.html');
    });
  }
  await app.ready();
  return app;
}
