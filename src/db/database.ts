/** The Kysely instance over a `pg` pool, with the type parsers every module relies on. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';

// date -> 'yyyy-mm-dd' string (no time-zone shifts); int8 -> number (ids and counts stay below 2^53).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** The database: routes and jobs hold it; commands get a transaction on it (`src/kernel/executor.ts`). */
export type Db = Kysely<Database>;

export function createDb(connectionString: string, options: { max?: number; applicationName?: string } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'cellbase',
    // Interactive queries must not fan out to parallel workers: at national scale they cost more than they save.
    options: '-c max_parallel_workers_per_gather=0 -c statement_timeout=60000',
  });
  // An idle pooled connection can be cut by the server (restart, admin shutdown, dropped test database). pg then
  // emits 'error' on the pool, which would crash the process without a listener; the next query reconnects.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') process.stderr.write(`database connection lost: ${error.message}\n`);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
