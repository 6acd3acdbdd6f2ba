/**
 * Applies the numbered SQL files in `migrations/` in order, each in its own transaction, under an advisory lock
 * so that several processes starting at once apply each migration exactly once. Runs as the owner of the schema;
 * then grants the application role what it may do (re-granted after every run, so tables added by later
 * migrations are covered).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 727_001; // arbitrary, fixed: the advisory lock that serializes migrators

export function listMigrations(): { name: string; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name: name.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, name) }));
}

export async function migrate(
  connectionString: string,
  log: (line: string) => void = () => {},
  /** upTo: stop after this migration (a restore brings the schema to its backup's version before loading). */
  options: { applicationRole?: string | null; upTo?: string } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query('select name from schema_migrations')).rows.map((row) => row.name as string));
    for (const migration of listMigrations()) {
      if (options.upTo !== undefined && migration.name > options.upTo) break;
      if (done.has(migration.name)) continue;
      const sql = fs.readFileSync(migration.file, 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (name) values ($1)', [migration.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
      log(`Applied migration ${migration.name}`);
    }
    // Still under the lock: concurrent GRANTs on one table fail with "tuple concurrently updated".
    if (options.applicationRole) await grantApplicationRole(client, options.applicationRole);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}

/**
 * The application role's privileges (migration 0021_application_role): reads and writes, deletes only where the
 * code deletes, nothing on the journal but select and insert (ARCHITECTURE.md: the journal is append-only).
 */
async function grantApplicationRole(client: pg.Client, role: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select cellbase_grant_application_role($1)', [role]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw new Error(`Granting the application role ${role} failed: ${(error as Error).message}`);
  }
}
