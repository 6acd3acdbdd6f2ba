import { execFile } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../src/db/engine.ts';
import { listMigrations, migrate } from '../../../src/db/migrate.ts';

const BIN = path.resolve('bin/cellbase.mjs');

function runMigrate(url: string): Promise<{ code: number; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'migrate'], { env, timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('migrations at start', () => {
  const adminUrl = inject('adminUrl');
  // Named like the other test databases, so the run's teardown removes it even if this file crashes.
  const name = `cellbase_test_${process.pid}_${Date.now()}_migrations`;
  const url = withDatabase(adminUrl, name);

  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => { await admin((client) => client.query(`create database ${name}`)); });
  afterAll(async () => { await admin((client) => client.query(`drop database if exists ${name} with (force)`)); });

  it('two processes migrating an empty database at once apply each migration exactly once; a third run applies nothing', async () => {
    const [first, second] = await Promise.all([runMigrate(url), runMigrate(url)]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    const expected = listMigrations().map((migration) => migration.name);
    const appliedLines = [...(first.stderr + second.stderr).matchAll(/Applied migration (\S+)/g)].map((match) => match[1]);
    expect(appliedLines.sort()).toEqual([...expected].sort());

    const rows = await admin(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query('select name from schema_migrations order by name')).rows.map((row) => row.name as string);
      } finally {
        await client.end();
      }
    });
    expect(rows).toEqual(expected);

    const third = await runMigrate(url);
    expect(third.code).toBe(0);
    expect(third.stderr).not.toContain('Applied migration');
    expect(third.stderr).toContain('Migrations are up to date.');
    expect(await migrate(url)).toEqual([]);
  });
});
