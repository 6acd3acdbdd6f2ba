/**
 * `cellbase statistics rebuild`: writes the statistics' kept aggregates again from the raw history and turns them on
 * (until then the reports count from the raw history); `cellbase statistics checkpoint`: builds their checkpoints
 * again through the deltas written since; `cellbase statistics fold`: folds every member the writers queued (what
 * `cellbase serve` does in the background), in small transactions. Long statements: run without the pool's statement
 * time limit.
 */
import type { Config } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { withoutStatementTimeout } from '../db/database.ts';
import { checkpointMemberStatistics, foldAllMemberStatistics, pendingMemberStatistics, rebuildMemberStatistics } from '../modules/members/index.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const ACTIONS = ['rebuild', 'checkpoint', 'fold'] as const;

export async function runStatisticsCommand(config: Config, args: string[]): Promise<void> {
  const [action] = args;
  if (!(ACTIONS as readonly string[]).includes(action)) {
    log(`Usage: cellbase statistics ${ACTIONS.join('|')}`);
    process.exitCode = 2;
    return;
  }
  const runtime = await openRuntime(config, log);
  try {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    if (action === 'fold') {
      const folded = await foldAllMemberStatistics(runtime.db);
      log(`Statistics: ${folded} queued members folded in ${seconds()} s; ${await pendingMemberStatistics(runtime.db)} left in the queue.`);
      return;
    }
    await withoutStatementTimeout(runtime.db, (connection) => (action === 'rebuild' ? rebuildMemberStatistics(connection) : checkpointMemberStatistics(connection)));
    log(`Statistics ${action === 'rebuild' ? 'rebuilt from the raw history' : 'checkpointed'} in ${seconds()} s.`);
  } finally {
    await runtime.close();
  }
}
