/** A fresh database per test file, cloned from the migrated template: tests share nothing and need no clean-up. */
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from '../../src/db/engine.ts';
import { createDb, type Db } from '../../src/db/database.ts';

let counter = 0;

/**
 * `db` and `appUrl` are the application role's (as the HTTP server connects in production); `url` is the owner's
 * (migrations, maintenance, command-line runs with DATABASE_URL).
 */
export async function createTestDatabase(): Promise<{ db: Db; url: string; appUrl: string; name: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  const name = `cellbase_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // CREATE DATABASE ... TEMPLATE fails if another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const appUrl = withDatabase(inject('appAdminUrl'), name);
  const db = createDb(appUrl, { max: 10 });
  return {
    db, url, appUrl, name,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
