/**
 * `cellbase backup FILE` and `cellbase restore FILE`: a consistent backup of the registry taken while the server runs,
 * and its restore into an empty data folder (embedded engine, CELLBASE_DATA_DIR) or an empty database (DATABASE_URL).
 * The format and its checks are in src/db/backup.ts.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { applicationRoleOf, startEngine } from '../db/engine.ts';
import { BackupError, backupDatabase, restoreDatabase, type BackupSummary } from '../db/backup.ts';

const BACKUP_USAGE = `Usage: cellbase backup FILE
  Writes a consistent backup of the database (the embedded one in CELLBASE_DATA_DIR, or DATABASE_URL) to FILE
  (gzip, readable by its owner only), while the server keeps running. FILE holds personal data: keep it safe.
`;
const RESTORE_USAGE = `Usage: cellbase restore FILE
  Restores a backup into an empty data folder (CELLBASE_DATA_DIR) or an empty database (DATABASE_URL: its owner
  must be a superuser). Refuses a target that already holds data, and a damaged or truncated file.
`;

const log = (line: string) => process.stderr.write(`${line}\n`);

function fileArgument(argv: string[], usage: string): string | null {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === 'help' || argv[0].startsWith('-')) {
    process.stdout.write(usage);
    if (!(argv.length === 1 && (argv[0] === '--help' || argv[0] === 'help'))) process.exitCode = 2;
    return null;
  }
  return path.resolve(argv[0]);
}

function describe(summary: BackupSummary, seconds: number): string {
  const megabytes = (summary.bytes / 1024 / 1024).toFixed(1);
  return `${summary.tables} tables, ${summary.rows.toLocaleString('en')} rows, ${megabytes} MB, ${seconds.toFixed(1)} s (schema ${summary.migrations.at(-1)})`;
}

/** Opens the engine, runs one of the two commands, reports a BackupError as a message and exit status 1. */
async function withEngine(config: Config, what: string, work: (ownerUrl: string, applicationRole: string | null) => Promise<BackupSummary>) {
  const engine = await startEngine({ databaseUrl: config.databaseUrl, appDatabaseUrl: config.appDatabaseUrl, dataDir: config.dataDir, log });
  const started = Date.now();
  try {
    const summary = await work(engine.url, applicationRoleOf(engine));
    log(`${what}: ${describe(summary, (Date.now() - started) / 1000)}`);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    log(error.message);
    process.exitCode = 1;
  } finally {
    await engine.stop();
  }
}

export async function runBackupCommand(config: Config, argv: string[]): Promise<void> {
  const file = fileArgument(argv, BACKUP_USAGE);
  if (!file) return;
  log(`Backing up to ${file}`);
  await withEngine(config, 'Backup written', (ownerUrl) => backupDatabase(ownerUrl, file, log));
}

export async function runRestoreCommand(config: Config, argv: string[]): Promise<void> {
  const file = fileArgument(argv, RESTORE_USAGE);
  if (!file) return;
  log(`Restoring ${file}`);
  await withEngine(config, 'Restored', (ownerUrl, applicationRole) => restoreDatabase(ownerUrl, file, { applicationRole, log }));
}
