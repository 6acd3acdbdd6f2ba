/**
 * The `cellbase` command.
 *   serve                         start the API and web app (default)
 *   migrate                       apply migrations and exit
 *   accounts create ...           create an account and grant it a role on a unit (for scripts)
 *   demo-data --scale province|national
 *   bench [--json]
 *   statistics rebuild|checkpoint the statistics' kept aggregates written from the raw history (turns them on)
 *   backup FILE / restore FILE    a consistent backup while the server runs; restore into an empty data folder
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.ts');
      return serve(config);
    }
    case 'migrate': {
      const runtime = await openRuntime(config, log);
      await runtime.close();
      log('Migrations are up to date.');
      return;
    }
    case 'accounts': {
      const { runAccountsCommand } = await import('./accounts.command.ts');
      return runAccountsCommand(config, rest);
    }
    case 'demo-data': {
      const { runDemoDataCommand } = await import('./demo-data.command.ts');
      return runDemoDataCommand(config, rest);
    }
    case 'backup': {
      const { runBackupCommand } = await import('./backup.command.ts');
      return runBackupCommand(config, rest);
    }
    case 'restore': {
      const { runRestoreCommand } = await import('./backup.command.ts');
      return runRestoreCommand(config, rest);
    }
    case 'statistics': {
      const { runStatisticsCommand } = await import('./statistics.command.ts');
      return runStatisticsCommand(config, rest);
    }
    case 'bench': {
      const { runBenchCommand } = await import('../../bench/bench.ts');
      return runBenchCommand(config, rest);
    }
    case 'help':
    case '--help':
      process.stdout.write('Usage: cellbase [serve|migrate|accounts create|demo-data --scale province|national|bench [--json]|statistics rebuild|checkpoint|backup FILE|restore FILE]\n');
      return;
    default:
      log(`Unknown command: ${command}. Try: cellbase help`);
      process.exitCode = 2;
  }
}

export { parseArgs };
