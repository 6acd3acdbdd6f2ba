/**
 * Opens what every command needs: the engine (embedded or external), migrated as the owner, and a Kysely pool on
 * the application role (`db`), which owns nothing. Commands that must own things (demo data's bulk path, which
 * sets indexes aside and vacuums) open the owner's pool with `ownerDb()`.
 */
import type { Config } from './config.ts';
import { applicationRoleOf, startEngine, type Engine } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { createDb, type Db } from './db/database.ts';

export interface Runtime {
  engine: Engine;
  /** The application role's pool: what the HTTP server and every request use. */
  db: Db;
  /** The owner's pool, opened on first use and closed with the runtime. */
  ownerDb(): Db;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: (line: string) => void = () => {}): Promise<Runtime> {
  const engine = await startEngine({ databaseUrl: config.databaseUrl, appDatabaseUrl: config.appDatabaseUrl, dataDir: config.dataDir, log });
  try {
    await migrate(engine.url, log, { applicationRole: applicationRoleOf(engine) });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const db = createDb(engine.appUrl, { max: 20 });
  let owner: Db | undefined;
  let closed = false;
  return {
    engine,
    db,
    ownerDb() {
      owner ??= createDb(engine.url, { max: 4, applicationName: 'cellbase maintenance' });
      return owner;
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await owner?.destroy();
      await engine.stop();
    },
  };
}
