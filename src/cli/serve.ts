/** `cellbase serve`: build the web app if it is missing, open the database, print first-run credentials, listen. */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Config } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { buildApp } from '../http/app.ts';
import { ensureFirstAdministrator } from '../modules/accounts/index.ts';
import { areas } from '../modules/index.ts';
import { startBackgroundTasks, startDailyJobs } from '../kernel/index.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

function ensureWebBuilt(config: Config) {
  if (fs.existsSync(path.join(config.webDist, 'index.html'))) return;
  const viteConfig = path.resolve('web/vite.config.ts');
  if (!fs.existsSync(viteConfig)) return;
  log('Building the web app (first start)…');
  const result = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', viteConfig, '--logLevel', 'warn'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The web app build failed');
}

/**
 * What the server logs, as JSON lines on standard output: always its unhandled errors (level error, each with its
 * request), which nobody could find otherwise; with CELLBASE_LOG=1 every request as well.
 */
export function serverLogOptions(env: NodeJS.ProcessEnv = process.env): { level: 'error' | 'info' } {
  return { level: env.CELLBASE_LOG === '1' ? 'info' : 'error' };
}

export async function serve(config: Config): Promise<void> {
  ensureWebBuilt(config);
  const runtime = await openRuntime(config, log);
  let stopping = false;
  let stopJobs = async () => {};
  let stopTasks = async () => {};
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`Received ${signal}, shutting down…`);
    try {
      await stopJobs();
      await stopTasks();
      await app.close();
    } finally {
      await runtime.close();
      process.exit(0);
    }
  };
  const app = await buildApp({ db: runtime.db, config }, { logger: serverLogOptions() });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));

  const firstAdmin = await ensureFirstAdministrator(runtime.db);
  if (firstAdmin) {
    process.stdout.write([
      '',
      '================================================================',
      ' Tài khoản quản trị đầu tiên / first administrator account',
      `   tên đăng nhập / username:  ${firstAdmin.username}`,
      `   mật khẩu một lần / one-time password:  ${firstAdmin.password}`,
      ' Mật khẩu này chỉ hiển thị một lần; hãy đổi ngay khi đăng nhập.',
      ' This password is shown once; change it at first sign-in.',
      '================================================================',
      '',
    ].join('\n'));
  }
  await app.listen({ port: config.port, host: config.host });
  stopJobs = startDailyJobs(runtime.db, areas.flatMap((area) => area.dailyJobs ?? []), log);
  stopTasks = startBackgroundTasks(runtime.db, areas.flatMap((area) => area.backgroundTasks ?? []), log);
  for (const area of areas) area.warmUp?.().catch((error: unknown) => log(`${area.name}: warming up failed: ${(error as Error).message}`));
  log(`cellbase is ready on http://localhost:${config.port} (database: ${runtime.engine.kind})`);
}
