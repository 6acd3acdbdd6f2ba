/**
 * Backup and restore of the application database, made by cellbase itself (see NOTES.md beside this file for why
 * not pg_dump): one consistent snapshot read while the server keeps running, every table's rows as PostgreSQL's COPY
 * text, and the schema version as the list of migrations applied. Restore rebuilds the schema from the migrations up
 * to that version, loads every table in one transaction, checks each table's row count and checksum, sets the
 * sequences, and then applies any newer migrations.
 *
 * The file is gzip over lines:
 *   {"format":"cellbase-backup","version":1,"createdAt":…,"migrations":[…]}
 *   {"table":"members","columns":[…]}        then the table's COPY text rows, then the line `\.`
 *   {"tableEnd":"members","rows":N,"sha256":…}
 *   … one section per table …
 *   {"sequences":[{"name":…,"lastValue":…,"isCalled":…}]}
 *   {"end":true,"tables":T,"rows":R}
 * COPY text escapes newlines and backslashes inside values, so a row is one line and no row is the line `\.`.
 * A file without its last line is truncated and is refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Transform, type Writable } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { listMigrations, migrate } from './migrate.ts';

const FORMAT = 'cellbase-backup';
const FORMAT_VERSION = 1;
const END_OF_TABLE = '\\.';

export interface BackupSummary {
  tables: number;
  rows: number;
  bytes: number;
  migrations: string[];
  /** Per table: rows and the sha256 of its COPY text, as written. */
  checksums: Record<string, { rows: number; sha256: string }>;
}

export class BackupError extends Error {}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The application's tables (schema_migrations excepted: the migrations rebuild it) and their copyable columns. */
async function listTables(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where c.relkind in ('r', 'p') and c.relname <> 'schema_migrations' and not c.relispartition
    group by c.relname
    order by c.relname`);
  return rows;
}

async function listSequences(client: pg.Client): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const names = (await client.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    where c.relkind = 'S' order by c.relname`)).rows.map((row) => row.name);
  const sequences = [];
  for (const name of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${quoteIdent(name)}`);
    sequences.push({ name, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
  }
  return sequences;
}

/** Counts a stream's lines and hashes its bytes as they pass. */
function meter() {
  const hash = crypto.createHash('sha256');
  let rows = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) rows++;
      done(null, chunk);
    },
  });
  return { transform, result: () => ({ rows, sha256: hash.digest('hex') }) };
}

async function write(stream: Writable, text: string | Buffer) {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Writes a backup of the database at `ownerUrl` to `file` (0600: it holds personal data), through `file.partial`
 * renamed at the end, so a file with the name is always whole. Reads one repeatable-read snapshot: the server keeps
 * serving, and the file holds exactly the transactions committed before the backup began.
 */
export async function backupDatabase(ownerUrl: string, file: string, log: (line: string) => void = () => {}): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'cellbase backup' });
  await client.connect();
  const gzip = zlib.createGzip({ level: 6 });
  const output = fs.createWriteStream(partial, { mode: 0o600 });
  const written = pipeline(gzip, output);
  written.catch(() => {}); // awaited below; a failure surfaces there
  try {
    await client.query('begin isolation level repeatable read, read only');
    const migrations = (await client.query<{ name: string }>('select name from schema_migrations order by name')).rows.map((row) => row.name);
    if (migrations.length === 0) throw new BackupError('The database has no migration applied: nothing to back up.');
    await write(gzip, `${JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), migrations })}\n`);
    const tables = await listTables(client);
    const checksums: BackupSummary['checksums'] = {};
    let totalRows = 0;
    for (const table of tables) {
      await write(gzip, `${JSON.stringify({ table: table.name, columns: table.columns })}\n`);
      const measured = meter();
      const source = client.query(copyTo(`copy ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) to stdout`));
      const relay = new PassThrough();
      const done = pipeline(source, measured.transform, relay);
      for await (const chunk of relay) await write(gzip, chunk as Buffer);
      await done;
      const { rows, sha256 } = measured.result();
      await write(gzip, `${END_OF_TABLE}\n${JSON.stringify({ tableEnd: table.name, rows, sha256 })}\n`);
      checksums[table.name] = { rows, sha256 };
      totalRows += rows;
      if (rows > 0) log(`  ${table.name}: ${rows.toLocaleString('en')} rows`);
    }
    await write(gzip, `${JSON.stringify({ sequences: await listSequences(client) })}\n`);
    await write(gzip, `${JSON.stringify({ end: true, tables: tables.length, rows: totalRows })}\n`);
    await client.query('commit');
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    return { tables: tables.length, rows: totalRows, bytes: fs.statSync(file).size, migrations, checksums };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Lines of a gzip file, one at a time. readline does not pass on its input's errors (a truncated gzip stream, an
 * unreadable file): they are caught here, end the lines, and are thrown as a BackupError.
 */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  const lines = readline.createInterface({ input: gunzip, crlfDelay: Infinity });
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    lines.close();
  };
  source.on('error', fail);
  gunzip.on('error', fail);
  source.pipe(gunzip);
  try {
    for await (const line of lines) {
      if (failure) break;
      yield line;
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  if (failure) throw new BackupError(`The backup file is damaged or truncated (${(failure as Error).message}).`);
}

function parseJsonLine<T>(line: string | undefined, what: string): T {
  if (line === undefined) throw new BackupError(`The backup file ends before ${what}: it is truncated.`);
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`The backup file is damaged: ${what} expected.`);
  }
}

/** Whether the database at `ownerUrl` holds nothing yet (no migration applied). */
export async function isDatabaseEmpty(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = (await client.query(`select 1 from pg_class where relname = 'schema_migrations' and relnamespace = 'public'::regnamespace`)).rowCount;
    if (!exists) return true;
    return Number((await client.query('select count(*) as n from schema_migrations')).rows[0].n) === 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores `file` into the empty database at `ownerUrl`: migrations up to the backup's version, every table loaded in
 * one transaction (triggers and foreign-key checks off meanwhile: `session_replication_role = replica`, which needs a
 * superuser; the embedded engine's owner is one), each table's row count and checksum checked, sequences set; then
 * the newer migrations of this version of cellbase. Anything wrong rolls the load back and says why.
 */
export async function restoreDatabase(
  ownerUrl: string,
  file: string,
  options: { applicationRole?: string | null; log?: (line: string) => void } = {},
): Promise<BackupSummary> {
  const log = options.log ?? (() => {});
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  if (!(await isDatabaseEmpty(ownerUrl))) throw new BackupError('The target database is not empty: restore only into a new, empty data folder or database.');
  const lines = readLines(file);
  const next = async () => (await lines.next()).value as string | undefined;
  const header = parseJsonLine<{ format?: string; version?: number; migrations?: string[] }>(await next(), 'the header');
  if (header.format !== FORMAT || header.version !== FORMAT_VERSION || !Array.isArray(header.migrations) || header.migrations.length === 0) {
    throw new BackupError('Not a cellbase backup file (or one of an unknown format version).');
  }
  const known = new Set(listMigrations().map((migration) => migration.name));
  const unknown = header.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new BackupError(`The backup was made by a newer cellbase (migrations ${unknown.join(', ')}); restore it with that version.`);
  const upTo = header.migrations[header.migrations.length - 1];
  await migrate(ownerUrl, log, { upTo });
  try {
    return await loadTables(ownerUrl, file, header.migrations, next, lines, options.applicationRole ?? null, log);
  } catch (error) {
    // Leave the target as it was found, empty, so the restore can be tried again with a sound file.
    await resetSchema(ownerUrl).catch(() => {});
    throw error;
  }
}

async function resetSchema(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('drop schema public cascade; create schema public');
  } finally {
    await client.end();
  }
}

async function loadTables(
  ownerUrl: string, file: string, migrations: string[], next: () => Promise<string | undefined>,
  lines: AsyncGenerator<string>, applicationRole: string | null, log: (line: string) => void,
): Promise<BackupSummary> {

  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'cellbase restore' });
  await client.connect();
  const checksums: BackupSummary['checksums'] = {};
  let totalRows = 0;
  let tableCount = 0;
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const tables = await listTables(client);
    // Migrations may have written rows (reference lists): the backup's rows replace them.
    if (tables.length > 0) await client.query(`truncate ${tables.map((table) => quoteIdent(table.name)).join(', ')}`);
    const expected = new Set(tables.map((table) => table.name));
    for (;;) {
      const line = await next();
      const section = parseJsonLine<{ table?: string; columns?: string[]; sequences?: { name: string; lastValue: string; isCalled: boolean }[] }>(line, 'a table');
      if (section.sequences) {
        for (const sequence of section.sequences) {
          await client.query('select setval($1::regclass, $2::bigint, $3)', [quoteIdent(sequence.name), sequence.lastValue, sequence.isCalled]);
        }
        const end = parseJsonLine<{ end?: boolean; tables?: number; rows?: number }>(await next(), 'the end of the file');
        if (!end.end || end.tables !== tableCount || end.rows !== totalRows) throw new BackupError('The backup file is damaged: its totals do not match its tables.');
        break;
      }
      if (!section.table || !Array.isArray(section.columns) || !expected.has(section.table)) {
        throw new BackupError(`The backup file holds a table this schema does not have: ${section.table ?? '?'}`);
      }
      const measured = meter();
      const sink = client.query(copyFrom(`copy ${quoteIdent(section.table)} (${section.columns.map(quoteIdent).join(', ')}) from stdin`));
      const loaded = pipeline(measured.transform, sink);
      loaded.catch(() => {});
      let ended = false;
      try {
        for (;;) {
          const row = await next();
          if (row === undefined) break;
          if (row === END_OF_TABLE) { ended = true; break; }
          if (!measured.transform.write(`${row}\n`)) await once(measured.transform, 'drain');
        }
      } catch (error) {
        // The COPY must be failed (CopyFail) before the connection can roll back; a COPY left open waits for ever.
        measured.transform.destroy(error as Error);
        await loaded.catch(() => {});
        throw error;
      }
      measured.transform.end();
      await loaded;
      if (!ended) throw new BackupError(`The backup file ends inside the table ${section.table}: it is truncated.`);
      const tableEnd = parseJsonLine<{ tableEnd?: string; rows?: number; sha256?: string }>(await next(), `the end of ${section.table}`);
      const { rows, sha256 } = measured.result();
      if (tableEnd.tableEnd !== section.table || tableEnd.rows !== rows || tableEnd.sha256 !== sha256) {
        throw new BackupError(`The table ${section.table} in the backup file does not match its checksum: the file is damaged.`);
      }
      checksums[section.table] = { rows, sha256 };
      totalRows += rows;
      tableCount++;
      if (rows > 0) log(`  ${section.table}: ${rows.toLocaleString('en')} rows`);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
    await lines.return(undefined);
  }
  await migrate(ownerUrl, log, { applicationRole });
  return { tables: tableCount, rows: totalRows, bytes: fs.statSync(file).size, migrations, checksums };
}
