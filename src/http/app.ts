/** Assembles the Fastify application: parsers, errors, auth, OpenAPI, every area's routes, and the web app. */
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { registerErrorHandling } from './errors.ts';
import { registerAuth } from './auth.ts';
import { routeModules } from '../modules/index.ts';

export const JSON_BODY_LIMIT = 1024 * 1024; // 1 MiB; file uploads have their own limits

export async function buildApp(context: AppContext, options: { logger?: boolean } = {}) {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: true,
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
    // Client-side routes: any non-API GET that is not a file gets the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api')) return reply.type('text/html').sendFile('index.html');
      return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không có chức năng này.', details: null } });
    });
  }
  await app.ready();
  return app;
}
