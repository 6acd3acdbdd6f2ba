/**
 * `cellbase statistics rebuild`: writes the statistics' kept aggregates again from the raw history and turns them on
 * (until then the reports count from the raw history); `cellbase statistics checkpoint`: builds their checkpoints
 * again through the deltas written since. Long statements: run without the pool's statement time limit.
 */
import type { Config } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { withoutStatementTimeout } from '../db/database.ts';
import { checkpointMemberStatistics, rebuildMemberStatistics } from '../modules/members/index.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function runStatisticsCommand(config: Config, args: string[]): Promise<void> {
  const [action] = args;
  if (action !== 'rebuild' && action !== 'checkpoint') {
    log('Usage: cellbase statistics rebuild|checkpoint');
    process.exitCode = 2;
    return;
  }
  const runtime = await openRuntime(config, log);
  try {
    const started = performance.now();
    await withoutStatementTimeout(runtime.db, (connection) => (action === 'rebuild' ? rebuildMemberStatistics(connection) : checkpointMemberStatistics(connection)));
    log(`Statistics ${action === 'rebuild' ? 'rebuilt from the raw history' : 'checkpointed'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await runtime.close();
  }
}
