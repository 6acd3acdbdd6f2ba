import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  api, cleanUp, isAlive, makeDataDir, postmasterPid, printedPasswords, signIn, startServer, stop, waitUntilDead, waitUntilHealthy,
} from './processes.ts';

const NEW_PASSWORD = 'mat-khau-quan-tri-2026';
/**
 * Each test starts, kills and restarts real processes and PostgreSQL servers: on a busy machine (2 cores shared)
 * one took over 60 s. The tests wait for conditions; this limit only ends a test that hangs.
 */
const PROCESS_TEST_TIMEOUT_MS = 600_000;

/** Signs in as the first administrator with its one-time password and replaces it (data to find again later). */
async function claimAdministrator(server: Awaited<ReturnType<typeof startServer>>, oneTimePassword: string) {
  const session = await signIn(server, 'admin', oneTimePassword);
  expect(session.mustChangePassword).toBe(true);
  const changed = await api(server, 'POST', '/api/auth/password', { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD }, session);
  expect(changed.status).toBe(200);
}

describe('the embedded PostgreSQL across cellbase processes', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  afterAll(async () => { await cleanUp(); }, 120_000);

  it('keeps data across a restart, and SIGTERM shuts PostgreSQL down cleanly', async () => {
    const dataDir = makeDataDir();
    const first = await startServer(dataDir);
    await waitUntilHealthy(first);
    const health = await api(first, 'GET', '/api/health');
    expect(health.json.database).toMatch(/^PostgreSQL 18\./);
    expect(first.stderr()).toContain('Applied migration 0001_foundation');
    const [oneTimePassword] = printedPasswords(first);
    expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    await claimAdministrator(first, oneTimePassword);

    const postmaster = postmasterPid(dataDir)!;
    expect(isAlive(postmaster)).toBe(true);
    expect(await stop(first, 'SIGTERM')).toEqual({ code: 0, signal: null });
    // The server is gone, it removed its lock file, and it logged a clean shutdown.
    expect(isAlive(postmaster)).toBe(false);
    expect(postmasterPid(dataDir)).toBeNull();
    expect(fs.readFileSync(path.join(dataDir, 'postgres.log'), 'utf8')).toContain('database system is shut down');
    expect(fs.existsSync(path.join(dataDir, 'cellbase-engine.json'))).toBe(false);

    const second = await startServer(dataDir);
    await waitUntilHealthy(second);
    // Nothing to migrate and no new administrator: the first start's data is there.
    expect(second.stderr()).not.toContain('Applied migration');
    expect(printedPasswords(second)).toEqual([]);
    expect((await signIn(second, 'admin', NEW_PASSWORD)).mustChangePassword).toBe(false);
    const restarted = postmasterPid(dataDir)!;
    expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await waitUntilDead(restarted)).toBe(true);
  });

  it('after SIGKILL, the next start adopts the orphaned PostgreSQL, works, and stops it on exit', async () => {
    const dataDir = makeDataDir();
    const killed = await startServer(dataDir);
    await waitUntilHealthy(killed);
    const [oneTimePassword] = printedPasswords(killed);
    await claimAdministrator(killed, oneTimePassword);
    const orphan = postmasterPid(dataDir)!;
    expect(await stop(killed, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // SIGKILL gave cellbase no chance to stop its server: it is still running.
    expect(isAlive(orphan)).toBe(true);

    const next = await startServer(dataDir);
    await waitUntilHealthy(next);
    expect(next.stderr()).toContain('Adopting the embedded PostgreSQL');
    expect(postmasterPid(dataDir)).toBe(orphan);
    expect((await signIn(next, 'admin', NEW_PASSWORD)).mustChangePassword).toBe(false);
    expect(await stop(next, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await waitUntilDead(orphan)).toBe(true);
    expect(postmasterPid(dataDir)).toBeNull();
  });

  it('a second process on the same folder works beside the first; stopping it leaves the first running', async () => {
    const dataDir = makeDataDir();
    const owner = await startServer(dataDir);
    await waitUntilHealthy(owner);
    const guest = await startServer(dataDir);
    await waitUntilHealthy(guest);
    expect(guest.stderr()).toContain('Using the embedded PostgreSQL already started');
    const postmaster = postmasterPid(dataDir)!;

    // A change made through one process is seen through the other.
    const [oneTimePassword] = printedPasswords(owner);
    expect(printedPasswords(guest)).toEqual([]);
    await claimAdministrator(owner, oneTimePassword);
    const onGuest = await signIn(guest, 'admin', NEW_PASSWORD);
    expect(onGuest.mustChangePassword).toBe(false);
    const me = await api(guest, 'GET', '/api/auth/me', undefined, onGuest);
    expect(me.json.username).toBe('admin');

    expect(await stop(guest, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(isAlive(postmaster)).toBe(true);
    expect((await api(owner, 'GET', '/api/health')).status).toBe(200);
    expect((await signIn(owner, 'admin', NEW_PASSWORD)).mustChangePassword).toBe(false);

    expect(await stop(owner, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await waitUntilDead(postmaster)).toBe(true);
  });

  it('two processes starting together on an empty folder initialise it once, print the first administrator once, and either may leave first', async () => {
    const dataDir = makeDataDir();
    const [a, b] = [await startServer(dataDir), await startServer(dataDir)];
    await Promise.all([waitUntilHealthy(a), waitUntilHealthy(b)]);
    const passwords = [...printedPasswords(a), ...printedPasswords(b)];
    expect(passwords).toHaveLength(1);
    expect([a, b].filter((server) => server.stderr().includes('Initialising the embedded PostgreSQL'))).toHaveLength(1);
    expect([a, b].filter((server) => server.stderr().includes('Applied migration 0001_foundation'))).toHaveLength(1);
    await claimAdministrator(a, passwords[0]);
    expect((await signIn(b, 'admin', NEW_PASSWORD)).mustChangePassword).toBe(false);
    // The process that started the server leaves first: the server stays for the other, which stops it last.
    const [starter, joiner] = a.stderr().includes('Initialising the embedded PostgreSQL') ? [a, b] : [b, a];
    const postmaster = postmasterPid(dataDir)!;
    expect(await stop(starter, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(isAlive(postmaster)).toBe(true);
    expect((await api(joiner, 'GET', '/api/health')).status).toBe(200);
    expect(await stop(joiner, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await waitUntilDead(postmaster)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((entry) => entry.startsWith('pg.init-'))).toEqual([]);
  });
});
