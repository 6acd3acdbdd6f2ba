/**
 * Real `cellbase` processes for the engine tests: each runs `node bin/cellbase.mjs …` with its own data folder and
 * port and no DATABASE_URL (so it starts or joins the embedded PostgreSQL). Everything started here is tracked
 * and removed by `cleanUp()` (processes, any PostgreSQL left in the folders, the folders), even after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BIN = path.resolve('bin/cellbase.mjs');

export interface CellbaseProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const processes: CellbaseProcess[] = [];
const folders: string[] = [];

/**
 * A data folder under the system temporary folder, left open (0755) as an operator might: the engine closes it
 * (0700, or 0710 for the server's group when root) and must still reach it.
 */
export function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-engine-'));
  fs.chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

/** A folder holding an empty web build, so `serve` does not try to build the web app. */
function webDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>cellbase</title>');
  folders.push(dir);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', CELLBASE_WEB_DIST: webDist(), ...extra };
  delete env.DATABASE_URL;
  delete env.CELLBASE_LOG;
  return env;
}

/** Runs `cellbase <args>` and tracks it. */
export function startCellbase(args: string[], options: { dataDir: string; port?: number; env?: Record<string, string> }): CellbaseProcess {
  const port = options.port ?? 0;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: baseEnv({ CELLBASE_DATA_DIR: options.dataDir, PORT: String(port), ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const handle: CellbaseProcess = { child, port, dataDir: options.dataDir, stdout: () => stdout, stderr: () => stderr, exited };
  processes.push(handle);
  return handle;
}

export async function startServer(dataDir: string): Promise<CellbaseProcess> {
  return startCellbase(['serve'], { dataDir, port: await freePort() });
}

/** Waits until /api/health answers 200; fails with the process's output if it exits or times out. */
// Limits are generous: they only bound a hung test; a busy machine (2 shared cores) must not fail it.
export async function waitUntilHealthy(server: CellbaseProcess, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void server.exited.then(() => { ended = true; });
  while (Date.now() < deadline) {
    if (ended) throw new Error(`cellbase exited before it was ready:\n${server.stderr()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`cellbase did not become healthy within ${timeoutMs} ms:\n${server.stderr()}`);
}

export async function stop(server: CellbaseProcess, signal: NodeJS.Signals = 'SIGTERM') {
  server.child.kill(signal);
  return server.exited;
}

/** The pid in the folder's `postmaster.pid`, or null when there is no such file. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The one-time passwords printed by the first start (stdout only). */
export function printedPasswords(server: CellbaseProcess): string[] {
  return [...server.stdout().matchAll(/one-time password:\s+(\S+)/g)].map((match) => match[1]);
}

export async function api(server: CellbaseProcess, method: string, url: string, body?: unknown, session?: { cookie: string; csrf: string }) {
  const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function signIn(server: CellbaseProcess, username: string, password: string) {
  const response = await api(server, 'POST', '/api/auth/login', { username, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.json)}`);
  const cookie = String(response.headers.get('set-cookie')).split(';')[0];
  return { cookie, csrf: response.json.csrfToken as string, mustChangePassword: response.json.mustChangePassword as boolean };
}

export async function waitUntilDead(pid: number, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  return !isAlive(pid);
}

/** Kills what is still running and removes the folders. */
export async function cleanUp() {
  for (const server of processes.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  for (const dir of folders.splice(0)) {
    const pid = postmasterPid(dir);
    if (pid && isAlive(pid)) {
      process.kill(pid, 'SIGQUIT');
      if (!(await waitUntilDead(pid, 10_000))) process.kill(pid, 'SIGKILL');
      await waitUntilDead(pid, 10_000);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
