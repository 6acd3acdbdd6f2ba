/**
 * Starts one real cellbase server for the browser suite: builds the web app when its sources are newer than the
 * build, starts `cellbase serve` on a free port with a temporary data folder (embedded PostgreSQL), or with a fresh
 * database on the server named by CELLBASE_TEST_DATABASE_URL, reads the first administrator's one-time password
 * from its output, and stops it (SIGTERM) at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminUsername: string;
    adminPassword: string;
    /** A second administrator on the root, with a final password, for the files that do not test the first start. */
    operatorUsername: string;
    operatorPassword: string;
    dataDir: string;
    databaseUrl: string;
    screenshotDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: ChildProcess | undefined;
let dataDir: string | undefined;
let externalDatabase: { adminUrl: string; name: string } | undefined;
let screenshotDirOfRun: string | undefined;
const output: string[] = [];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the web sources or the shared contracts. */
function ensureWebBuild() {
  const index = path.join(ROOT, 'web/dist/index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'web/src')),
    newestMtime(path.join(ROOT, 'src/contracts')),
    fs.statSync(path.join(ROOT, 'web/index.html')).mtimeMs,
    fs.statSync(path.join(ROOT, 'web/vite.config.ts')).mtimeMs,
  );
  if (built >= sources) return;
  // The test runner sets NODE_ENV=test, which would give a development build of React and Ant Design.
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('the web app build failed');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function createExternalDatabase(url: string): Promise<string> {
  const name = `cellbase_browser_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  externalDatabase = { adminUrl: url, name };
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function setup(project: TestProject) {
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium');
  ensureWebBuild();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-browser-'));
  // The embedded PostgreSQL runs as its own user, which must be able to reach the folder.
  fs.chmodSync(dataDir, 0o755);
  // Screenshots outlive the run (the data folder does not), for a person to look at.
  const screenshotDir = process.env.CELLBASE_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'cellbase-browser-screenshots');
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  screenshotDirOfRun = screenshotDir;
  const port = await freePort();
  const external = process.env.CELLBASE_TEST_DATABASE_URL;
  const databaseUrl = external ? await createExternalDatabase(external) : '';
  const env: NodeJS.ProcessEnv = { ...process.env, CELLBASE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;

  server = spawn(process.execPath, [path.join(ROOT, 'bin/cellbase.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  server.stderr!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  let password: string | undefined;
  let username = 'admin';
  for (;;) {
    const text = output.join('');
    const passwordMatch = /one-time password:\s+(\S+)/.exec(text);
    const userMatch = /username:\s+(\S+)/.exec(text);
    if (passwordMatch) password = passwordMatch[1];
    if (userMatch) username = userMatch[1];
    if (password) {
      try {
        const health = await fetch(`${baseUrl}/api/health`);
        if (health.ok) break;
      } catch {
        // not listening yet
      }
    }
    const code = await Promise.race([exited, sleep(250).then(() => 'running' as const)]);
    if (code !== 'running') throw new Error(`cellbase serve exited (${code}):\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`cellbase serve did not become ready:\n${output.join('')}`);
  }

  // A second process against the same data folder (or database), as an operator would run it.
  const operatorPassword = 'mat-khau-van-hanh-2026';
  const created = spawnSync(process.execPath, [path.join(ROOT, 'bin/cellbase.mjs'), 'accounts', 'create', '--username', 'vanhanh', '--role', 'admin', '--unit', 'TW',
    '--password', operatorPassword, '--display-name', 'Cán bộ vận hành'], { cwd: ROOT, env, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`cellbase accounts create failed:\n${created.stdout}\n${created.stderr}`);

  project.provide('baseUrl', baseUrl);
  project.provide('operatorUsername', 'vanhanh');
  project.provide('operatorPassword', operatorPassword);
  project.provide('adminUsername', username);
  project.provide('adminPassword', password!);
  project.provide('dataDir', dataDir);
  project.provide('databaseUrl', databaseUrl);
  project.provide('screenshotDir', screenshotDir);
}

export async function teardown() {
  // The server's own output, kept beside the screenshots: what a failed run needs to be understood.
  if (screenshotDirOfRun) fs.writeFileSync(path.join(screenshotDirOfRun, 'server.log'), output.join(''));
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000, undefined, { ref: false })]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
  if (externalDatabase) {
    const admin = new pg.Client({ connectionString: externalDatabase.adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${externalDatabase.name} with (force)`);
    await admin.end();
  }
  if (dataDir && !process.env.CELLBASE_KEEP_BROWSER_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
}
