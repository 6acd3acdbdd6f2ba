/**
 * The database is the application's alone (issue 8, finding 4): the embedded cluster's password is a random secret
 * per data folder that only the folder's owner can read, a folder made by an earlier version is upgraded, and the
 * application connects as a role that owns nothing (it cannot disable the journal's triggers or rewrite it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  APPLICATION_ROLE, LEGACY_PASSWORD, SECRET_FILE, applicationRoleOf, createRoleIfMissing, startEngine, type Engine,
} from '../../../src/db/engine.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { loadConfig } from '../../../src/config.ts';
import { openRuntime } from '../../../src/runtime.ts';
import { writeJournal } from '../../../src/kernel/journal.ts';
import { ensureFirstAdministrator } from '../../../src/modules/accounts/bootstrap.ts';
import { createTestApp, signIn } from '../../helpers/app.ts';
import { createTestDatabase } from '../../helpers/database.ts';

const isRoot = process.getuid?.() === 0;
/** Starting clusters (initdb) on a busy machine: the limit only ends a test that hangs; nothing is timed. */
const ENGINE_TIMEOUT_MS = 600_000;

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Connects and disconnects; resolves with the error code when the server refuses, null when it accepts. */
async function connectError(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Runs a command as the OS user `nobody` (the tests run as root on the machine and in CI). */
function runAsNobody(command: string[], env: Record<string, string> = {}) {
  return spawnSync('runuser', ['-u', 'nobody', '--', ...command], {
    encoding: 'utf8', env: { ...process.env, PGCONNECT_TIMEOUT: '30', ...env }, timeout: 120_000,
  });
}

describe('the embedded engine keeps its database to itself', { timeout: ENGINE_TIMEOUT_MS }, () => {
  const folders: string[] = [];
  const engines: Engine[] = [];
  const lines: string[] = [];
  let dataDir: string;
  let engine: Engine;

  /** A data folder as a careless operator leaves it: readable by everyone. */
  function makeOpenFolder(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-roles-'));
    fs.chmodSync(dir, 0o755);
    folders.push(dir);
    return dir;
  }

  async function start(dir: string): Promise<Engine> {
    const started = await startEngine({ dataDir: dir, database: 'cellbase', log: (line) => lines.push(line) });
    engines.push(started);
    return started;
  }

  beforeAll(async () => {
    dataDir = makeOpenFolder();
    engine = await start(dataDir);
  }, ENGINE_TIMEOUT_MS);

  afterAll(async () => {
    for (const started of engines.splice(0)) await started.stop().catch(() => {});
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }, ENGINE_TIMEOUT_MS);

  it('has a random superuser password kept in a file only its owner reads, and refuses the former constant', async () => {
    const secretFile = path.join(dataDir, SECRET_FILE);
    expect(modeOf(secretFile)).toBe(0o600);
    const secret = JSON.parse(fs.readFileSync(secretFile, 'utf8')) as { superuser: string; application: string };
    expect(secret.superuser).not.toBe(LEGACY_PASSWORD);
    expect(secret.superuser.length).toBeGreaterThanOrEqual(40);
    expect(secret.application).not.toBe(secret.superuser);
    expect(decodeURIComponent(new URL(engine.url).password)).toBe(secret.superuser);
    expect(decodeURIComponent(new URL(engine.appUrl).password)).toBe(secret.application);
    expect(new URL(engine.appUrl).username).toBe(APPLICATION_ROLE);

    expect(await connectError(engine.url)).toBeNull();
    expect(await connectError(engine.appUrl)).toBeNull();
    expect(await connectError(withPassword(engine.url, LEGACY_PASSWORD))).toBe('28P01');
    expect(await connectError(withPassword(engine.appUrl, LEGACY_PASSWORD))).toBe('28P01');
  });

  it('closes the folder and its files to other OS users', () => {
    const folderMode = modeOf(dataDir);
    // Others get nothing; when root, the server's group may only pass through (to reach pg/), never list.
    expect(folderMode & 0o007).toBe(0);
    expect(folderMode & 0o060).toBe(0);
    if (isRoot) expect(folderMode).toBe(0o710);
    else expect(folderMode).toBe(0o700);
    for (const name of ['cellbase-engine.json', 'postgres.log', SECRET_FILE]) expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it.runIf(isRoot)('as the OS user nobody: the secret, the state file and the database are all out of reach', async () => {
    const port = new URL(engine.url).port;
    const secretFile = path.join(dataDir, SECRET_FILE);
    // The reproduction of the finding: the port from the state file, then psql with the known password.
    expect(runAsNobody(['cat', secretFile]).status).not.toBe(0);
    expect(runAsNobody(['cat', path.join(dataDir, 'cellbase-engine.json')]).status).not.toBe(0);
    expect(runAsNobody(['ls', dataDir]).status).not.toBe(0);
    for (const role of ['postgres', APPLICATION_ROLE]) {
      const attempt = runAsNobody(['psql', '-h', '127.0.0.1', '-p', port, '-U', role, '-d', 'cellbase', '-Atc', 'select 1'], { PGPASSWORD: LEGACY_PASSWORD });
      expect(attempt.status, attempt.stdout).not.toBe(0);
      expect(attempt.stderr).toMatch(/password authentication failed/);
    }
    // The same psql, given the secret, gets in: the refusals above are the password's, not the tool's.
    const secret = JSON.parse(fs.readFileSync(secretFile, 'utf8')) as { superuser: string };
    const granted = runAsNobody(['psql', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', 'cellbase', '-Atc', 'select 1'], { PGPASSWORD: secret.superuser });
    expect(granted.stdout.trim(), granted.stderr).toBe('1');
  });

  it('upgrades a folder made by an earlier version (password "cellbase", no secret, open files) at its next start', async () => {
    const oldDir = makeOpenFolder();
    const first = await start(oldDir);
    const firstSecret = fs.readFileSync(path.join(oldDir, SECRET_FILE), 'utf8');
    // A secret per folder.
    expect(firstSecret).not.toBe(fs.readFileSync(path.join(dataDir, SECRET_FILE), 'utf8'));
    // Made the old way: the constant password, no secret file, the folder and its files readable by everyone.
    await query(first.adminUrl, `alter role postgres password '${LEGACY_PASSWORD}'`);
    await first.stop();
    fs.rmSync(path.join(oldDir, SECRET_FILE));
    fs.chmodSync(oldDir, 0o755);
    fs.chmodSync(path.join(oldDir, 'postgres.log'), 0o644);

    lines.length = 0;
    const upgraded = await start(oldDir);
    expect(lines.filter((line) => line.includes('Replaced the embedded PostgreSQL'))).toHaveLength(1);
    const secretFile = path.join(oldDir, SECRET_FILE);
    expect(modeOf(secretFile)).toBe(0o600);
    expect(modeOf(path.join(oldDir, 'postgres.log'))).toBe(0o600);
    expect(modeOf(oldDir) & 0o077 & ~0o010).toBe(0);
    const secret = JSON.parse(fs.readFileSync(secretFile, 'utf8')) as { superuser: string };
    expect(secret.superuser).not.toBe(LEGACY_PASSWORD);
    expect(fs.readFileSync(secretFile, 'utf8')).not.toBe(firstSecret);
    expect(await connectError(withPassword(upgraded.url, LEGACY_PASSWORD))).toBe('28P01');
    expect(await connectError(upgraded.url)).toBeNull();
    expect(await connectError(upgraded.appUrl)).toBeNull();
    expect(fs.existsSync(`${secretFile}.pending`)).toBe(false);
  });

  // Last: the runtime is this process's second use of the folder, and its close stops the server for both.
  it('serves the application as the application role and keeps the owner for maintenance (openRuntime)', async () => {
    const runtime = await openRuntime({ ...loadConfig({}), dataDir });
    try {
      const user = async (db: typeof runtime.db) => (await sql<{ user: string }>`select current_user as user`.execute(db)).rows[0].user;
      expect(await user(runtime.db)).toBe(APPLICATION_ROLE);
      expect(await user(runtime.ownerDb())).toBe('postgres');
      const denied = await sql`alter table journal disable trigger all`.execute(runtime.db).then(() => null, (caught: unknown) => (caught as { code?: string }).code);
      expect(denied).toBe('42501');
    } finally {
      await runtime.close();
    }
  });
});

describe('the application role', () => {
  let testApp: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => { testApp = await createTestApp(); });
  afterAll(async () => { await testApp?.close(); });

  const journalCount = async () => (await sql<{ n: number }>`select count(*)::int as n from journal`.execute(testApp.db)).rows[0].n;

  it('is what the app connects as, on either engine: a login that is no superuser and owns nothing', async () => {
    const me = (await sql<{ user: string; su: boolean; owned: number }>`
      select current_user as user, (select rolsuper from pg_roles where rolname = current_user) as su,
             (select count(*)::int from pg_class where relowner = (select oid from pg_roles where rolname = current_user)) as owned`
      .execute(testApp.db)).rows[0];
    expect(me).toEqual({ user: APPLICATION_ROLE, su: false, owned: 0 });
  });

  it('cannot disable the journal\'s triggers, rewrite or empty it, drop a table or create one', async () => {
    await writeJournal(testApp.db, { accountId: null, action: 'test.roles', objectType: 'test', objectId: 1, reason: 'probe' });
    const before = await journalCount();
    for (const statement of [
      'alter table journal disable trigger all',
      'update journal set action = \'forged\'',
      'delete from journal',
      'truncate journal',
      'drop table members',
      'create table x ()',
      'alter table members add column forged text',
    ]) {
      const error = await sql.raw(statement).execute(testApp.db).then(() => null, (caught: unknown) => caught as { code?: string });
      expect([statement, error?.code]).toEqual([statement, '42501']);
    }
    expect(await journalCount()).toBe(before);
    // Nor can it hand itself more: a grant by a role without the grant option gives nothing.
    await sql`grant all on journal to public`.execute(testApp.db);
    const update = await sql<{ may: boolean }>`select has_table_privilege('journal', 'update') as may`.execute(testApp.db);
    expect(update.rows[0].may).toBe(false);
  });

  it('reads and writes as the application needs: signs in, journals, clears an import\'s staging rows and file', async () => {
    const admin = await ensureFirstAdministrator(testApp.db);
    expect(admin).not.toBeNull();
    const client = await signIn(testApp.app, admin!.username, admin!.password);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    const before = await journalCount();
    await writeJournal(testApp.db, { accountId: null, action: 'test.roles', objectType: 'test', objectId: 2, reason: 'probe' });
    expect(await journalCount()).toBe(before + 1);
    await sql`delete from member_import_rows where job_id = -1`.execute(testApp.db);
    await sql`delete from member_import_file_parts where job_id = -1`.execute(testApp.db);
    // Records are ended or marked, never deleted.
    const denied = await sql`delete from members where id = -1`.execute(testApp.db).then(() => null, (caught: unknown) => (caught as { code?: string }).code);
    expect(denied).toBe('42501');
  });

  it('is granted tables added by later migrations, since every migrate run grants again', async () => {
    await query(testApp.ownerUrl, 'create table later_table (id int)');
    const denied = await sql`select * from later_table`.execute(testApp.db).then(() => null, (caught: unknown) => (caught as { code?: string }).code);
    expect(denied).toBe('42501');
    await migrate(testApp.ownerUrl, () => {}, { applicationRole: APPLICATION_ROLE });
    expect((await sql`select * from later_table`.execute(testApp.db)).rows).toEqual([]);
    await query(testApp.ownerUrl, 'drop table later_table');
  });

  it('is created once however many processes race to create it', async () => {
    const role = `cellbase_t_race_${process.pid}`;
    const clients = await Promise.all(Array.from({ length: 6 }, async () => {
      const client = new pg.Client({ connectionString: inject('adminUrl') });
      await client.connect();
      return client;
    }));
    try {
      await Promise.all(clients.map((client) => createRoleIfMissing(client, role)));
      const found = await clients[0].query('select count(*)::int as n from pg_roles where rolname = $1', [role]);
      expect(found.rows[0].n).toBe(1);
    } finally {
      await clients[0].query(`drop role if exists ${role}`);
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

describe('an external server (DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => { await database?.drop(); });

  it('is the owner; the application gets its own role, or the owner with one warning when the role needs a password', async () => {
    const lines: string[] = [];
    const engine = await startEngine({ databaseUrl: database.url, dataDir: '', log: (line) => lines.push(line) });
    expect(engine.url).toBe(database.url);
    if (inject('engineKind') === 'external') {
      // A trust-auth server (CI's): the role is found or made and used without a password.
      expect(new URL(engine.appUrl).username).toBe(APPLICATION_ROLE);
      expect(applicationRoleOf(engine)).toBe(APPLICATION_ROLE);
      expect(lines).toEqual([]);
    } else {
      // The embedded server asks every role for its password: without CELLBASE_APP_DATABASE_URL, the owner, said once.
      expect(engine.appUrl).toBe(engine.url);
      expect(applicationRoleOf(engine)).toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/CELLBASE_APP_DATABASE_URL/);
    }
  });

  it('with CELLBASE_APP_DATABASE_URL, runs the application on that role and keeps the owner for maintenance', async () => {
    const config = { ...loadConfig({ DATABASE_URL: database.url, CELLBASE_APP_DATABASE_URL: database.appUrl }) };
    const runtime = await openRuntime(config);
    try {
      expect(runtime.engine.appUrl).toBe(database.appUrl);
      const user = async (db: typeof runtime.db) => (await sql<{ user: string }>`select current_user as user`.execute(db)).rows[0].user;
      expect(await user(runtime.db)).toBe(APPLICATION_ROLE);
      expect(await user(runtime.ownerDb())).toBe(decodeURIComponent(new URL(database.url).username));
    } finally {
      await runtime.close();
    }
  });
});
