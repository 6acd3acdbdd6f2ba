/** The Kysely instance over a `pg` pool, with the type parsers every module relies on. */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
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
    // Interactive queries must not fan out to parallel workers: at national scale they cost more than they save. Nor
    // be compiled (an external server built with JIT): a district's headcount on the machine's PostgreSQL 15 took
    // 190–444 ms compiled, 97 ms not (the embedded engine has no JIT).
    options: '-c max_parallel_workers_per_gather=0 -c statement_timeout=60000 -c jit=off',
  });
  // An idle pooled connection can be cut by the server (restart, admin shutdown, dropped test database). pg then
  // emits 'error' on the pool, which would crash the process without a listener; the next query reconnects.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') process.stderr.write(`database connection lost: ${error.message}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * Runs `work` on one connection of the database's own pool, for what Kysely cannot send: COPY (the import's staging,
 * through pg-copy-streams). The connection goes back to the pool afterwards, or is discarded if `work` failed.
 */
export async function withPoolClient<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool) throw new Error('withPoolClient: a database made by createDb is needed');
  const client = await pool.connect();
  let failed = false;
  try {
    return await work(client);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A COPY that failed midway may leave the connection in an unknown state: it is closed rather than reused.
    client.release(failed);
  }
}

/**
 * Runs long maintenance (a vacuum, a big load's final statements) on one connection without the pool's statement
 * limit, which is for interactive requests: at national scale a vacuum takes minutes, and on a busy machine it
 * was cancelled by the 60-second limit ("canceling statement due to statement timeout … while scanning relation
 * members"). The limit is restored before the connection goes back to the pool.
 */
export async function withoutStatementTimeout<T>(db: Db, work: (connection: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      return await work(connection as unknown as Db);
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
}
