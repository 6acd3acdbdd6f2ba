/** Opens what every command needs: the engine (embedded or external), migrated, and a Kysely pool on it. */
import type { Config } from './config.ts';
import { startEngine, type Engine } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { createDb, type Db } from './db/database.ts';

export interface Runtime {
  engine: Engine;
  db: Db;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: (line: string) => void = () => {}): Promise<Runtime> {
  const engine = await startEngine({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    await migrate(engine.url, log);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const db = createDb(engine.url, { max: 20 });
  let closed = false;
  return {
    engine,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await engine.stop();
    },
  };
}
