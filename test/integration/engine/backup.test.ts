/**
 * Backup and restore: a backup restores to identical tables and sequences, also when it is taken while other
 * transactions keep writing (it holds exactly those committed before it began); the real command restores into a
 * new embedded data folder; a damaged file is refused and leaves the target empty.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';
import { insertDecision, insertProvinceTree, registerTestMember } from '../../helpers/member-factories.ts';
import { ensureRootUnit } from '../../../src/modules/accounts/bootstrap.ts';
import { startEngine, withDatabase } from '../../../src/db/engine.ts';
import { BackupError, backupDatabase, isDatabaseEmpty, restoreDatabase } from '../../../src/db/backup.ts';

const run = promisify(execFile);

/** Every table's rows (in a stable order) and every sequence, as text: equal fingerprints mean equal data. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations' order by 1`)).rows;
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const row = (await client.query<{ n: string; digest: string }>(`select count(*)::text as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from "${name}" t`)).rows[0];
      result[name] = `${row.n}:${row.digest}`;
    }
    const sequences = (await client.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = 'public' order by 1`)).rows;
    for (const { name } of sequences) {
      const row = (await client.query<{ v: string }>(`select last_value::text || '/' || is_called::text as v from "${name}"`)).rows[0];
      result[`sequence ${name}`] = row.v;
    }
    return result;
  } finally {
    await client.end();
  }
}

async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `cellbase_test_${process.pid}_${Date.now()}_restore${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

describe('backup and restore', () => {
  let source: Awaited<ReturnType<typeof createTestDatabase>>;
  let folder: string;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-backup-'));
    source = await createTestDatabase();
    const rootUnitId = await ensureRootUnit(source.db);
    const tree = await insertProvinceTree(source.db, rootUnitId, 'Sao Lưu');
    await insertDecision(source.db, { signedOn: '2024-05-02', issuingUnitId: tree.province.id, number: '12-QĐ/TU' });
    for (let index = 0; index < 12; index++) {
      await registerTestMember(source.db, rootUnitId, { unitId: index % 2 ? tree.cellA.id : tree.cellB.id, fullName: `Phạm Thị Sao ${index} 𠀀`, birthDate: `198${index % 10}-0${1 + (index % 9)}-1${index % 10}` });
    }
  });

  afterAll(async () => {
    await source?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('restores every table and sequence as they were when the backup was taken, not as they are now', async () => {
    const before = await fingerprint(source.url);
    expect(Number(before.members.split(':')[0])).toBe(12);
    const file = path.join(folder, 'a.cellbase.gz');
    const summary = await backupDatabase(source.url, file);
    expect(summary.rows).toBeGreaterThan(12);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // Changes after the backup are not in it.
    const rootUnitId = await ensureRootUnit(source.db);
    const tree = await insertProvinceTree(source.db, rootUnitId, 'Sau Sao Lưu');
    await registerTestMember(source.db, rootUnitId, { unitId: tree.cellA.id, fullName: 'Lê Văn Mới' });
    expect(await fingerprint(source.url)).not.toEqual(before);

    const target = await createEmptyDatabase();
    try {
      const restored = await restoreDatabase(target.url, file);
      expect(restored.rows).toBe(summary.rows);
      expect(await fingerprint(target.url)).toEqual(before);
      // A second restore into the now full database is refused and changes nothing.
      await expect(restoreDatabase(target.url, file)).rejects.toBeInstanceOf(BackupError);
      expect(await fingerprint(target.url)).toEqual(before);
    } finally {
      await target.drop();
    }
  });

  it('taken while another connection keeps writing, holds exactly the transactions committed before it began', async () => {
    const writer = new pg.Client({ connectionString: source.url });
    await writer.connect();
    let stop = false;
    let committed = 0;
    // Each transaction writes a pair of rows: a consistent snapshot has both rows of a pair or neither.
    const writing = (async () => {
      while (!stop) {
        const pair = committed;
        await writer.query('begin');
        await writer.query(`insert into login_failures (username, ip) values ($1, '127.0.0.9'), ($2, '127.0.0.9')`, [`load-${pair}-a`, `load-${pair}-b`]);
        await writer.query('commit');
        committed++;
      }
    })();
    try {
      while (committed < 20) await new Promise((resolve) => setTimeout(resolve, 5));
      const committedBefore = committed;
      const file = path.join(folder, 'under-load.cellbase.gz');
      await backupDatabase(source.url, file);
      while (committed < committedBefore + 40) await new Promise((resolve) => setTimeout(resolve, 5));
      stop = true;
      await writing;
      const committedAfter = committed;

      const target = await createEmptyDatabase();
      try {
        await restoreDatabase(target.url, file);
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        const names = (await client.query<{ username: string }>(`select username from login_failures where username like 'load-%'`)).rows.map((row) => row.username);
        await client.end();
        const pairs = new Map<number, string[]>();
        for (const name of names) {
          const [, pair, side] = /^load-(\d+)-([ab])$/.exec(name)!;
          pairs.set(Number(pair), [...(pairs.get(Number(pair)) ?? []), side]);
        }
        // Whole pairs only, the first N in order with no gap, at least those committed before, and not all.
        for (const sides of pairs.values()) expect(sides.sort()).toEqual(['a', 'b']);
        const numbers = [...pairs.keys()].sort((a, b) => a - b);
        expect(numbers).toEqual(numbers.map((_, index) => index));
        expect(numbers.length).toBeGreaterThanOrEqual(committedBefore);
        expect(numbers.length).toBeLessThan(committedAfter);
      } finally {
        await target.drop();
      }
    } finally {
      stop = true;
      await writing.catch(() => {});
      await writer.end();
    }
  });

  it('refuses a truncated or foreign file and leaves the target empty', async () => {
    const file = path.join(folder, 'whole.cellbase.gz');
    await backupDatabase(source.url, file);
    const whole = fs.readFileSync(file);
    // Cut at several places, so one of them falls inside a table's rows (the load must fail its COPY, not hang).
    const cuts = [0.2, 0.4, 0.6, 0.8, 0.95].map((fraction) => {
      const cut = path.join(folder, `cut-${fraction}.cellbase.gz`);
      fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * fraction)));
      return cut;
    });
    const foreign = path.join(folder, 'foreign.gz');
    fs.writeFileSync(foreign, (await import('node:zlib')).gzipSync('{"format":"other"}\n'));
    const target = await createEmptyDatabase();
    try {
      for (const cut of cuts) {
        await expect(restoreDatabase(target.url, cut)).rejects.toBeInstanceOf(BackupError);
        expect(await isDatabaseEmpty(target.url)).toBe(true);
      }
      await expect(restoreDatabase(target.url, foreign)).rejects.toThrow(/Not a cellbase backup/);
      expect(await isDatabaseEmpty(target.url)).toBe(true);
      // The same target takes the sound file afterwards.
      await restoreDatabase(target.url, file);
      expect(await isDatabaseEmpty(target.url)).toBe(false);
    } finally {
      await target.drop();
    }
  });

  it('`cellbase restore FILE` rebuilds a new embedded data folder that then serves the same data', async () => {
    const file = path.join(folder, 'cli.cellbase.gz');
    await backupDatabase(source.url, file);
    const expected = await fingerprint(source.url);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-restored-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CELLBASE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.CELLBASE_APP_DATABASE_URL;
    try {
      const result = await run(process.execPath, ['bin/cellbase.mjs', 'restore', file], { env, cwd: process.cwd() });
      expect(result.stderr).toMatch(/Restored: \d+ tables/);
      const engine = await startEngine({ dataDir, database: 'cellbase' });
      try {
        expect(await fingerprint(engine.url)).toEqual(expected);
      } finally {
        await engine.stop();
      }
      // A second restore into that folder is refused with a message and a non-zero exit.
      await expect(run(process.execPath, ['bin/cellbase.mjs', 'restore', file], { env, cwd: process.cwd() })).rejects.toMatchObject({ stderr: expect.stringMatching(/not empty/) });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
