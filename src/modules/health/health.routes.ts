import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';

export const healthRoutes: RouteModule = (app, { db }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['health'],
      summary: 'Ready when the database answers',
      response: { 200: z.object({ status: z.literal('ok'), database: z.string(), time: z.string() }) },
    },
  }, async () => {
    const row = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);
    return { status: 'ok' as const, database: `PostgreSQL ${row.rows[0].version}`, time: new Date().toISOString() };
  });
};
