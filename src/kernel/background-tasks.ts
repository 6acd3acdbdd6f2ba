/**
 * The areas' background tasks: work `cellbase serve` repeats every few seconds, for as long as it runs (the members'
 * statistics fold what writers queued, src/modules/statistics/NOTES.md, "Speed"). A run is one call of `run`, which
 * keeps its own transactions small; the next run starts `everyMs` after the last one ended, so runs never overlap in
 * one process. Several processes may run the same task at once: a task must be safe to run side by side (the fold
 * takes its members `for update skip locked`).
 */
import type { Db } from './executor.ts';

export interface BackgroundTask {
  /** Stable key, e.g. 'statistics-fold'. */
  key: string;
  /** The pause between the end of a run and the start of the next. */
  everyMs: number;
  /** One run; returns how many items it handled (logged when it fails, never thrown to the server). */
  run(db: Db): Promise<number>;
}

/** Starts every task (the first run after one pause); returns the function that stops them and waits for the runs under way. */
export function startBackgroundTasks(db: Db, tasks: readonly BackgroundTask[], log: (line: string) => void): () => Promise<void> {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const schedule = (task: BackgroundTask) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const run = task.run(db).catch((error: unknown) => log(`Background task ${task.key}: ${(error as Error).message}`));
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        schedule(task);
      });
    }, task.everyMs);
    timer.unref();
    timers.add(timer);
  };
  for (const task of tasks) schedule(task);
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await Promise.all([...running]);
  };
}
