/**
 * The areas' daily jobs (reminders of overdue steps and the like): `cellbase serve` looks every quarter of an hour
 * for jobs that have not run on Vietnam's today and runs each once, in steps of one transaction each, so a long
 * day's work never holds one transaction or a lock for long. The day's row in `daily_job_runs` is claimed with an
 * insert, so two server processes on one database never run a job twice on the same day; a run left unfinished
 * (the process died) is claimed again after an hour. A job's steps must be safe to repeat: each marks what it did.
 */
import { sql } from 'kysely';
import { todayInVietnam } from '../lib/dates.ts';
import { inTransaction, type Db, type Tx } from './executor.ts';

export interface DailyJob {
  /** Stable key, e.g. 'admission-reminders'. */
  key: string;
  /** How many items a full step handles: a step that handles fewer ends the day's run. */
  batch: number;
  /** One step of the day's work, in its own transaction; returns how many items it handled. */
  step(tx: Tx, today: string): Promise<number>;
}

/** The most steps a job takes in one day's run: a bound, should a step keep reporting a full batch. */
const MAX_STEPS = 10_000;
const CHECK_EVERY_MS = 15 * 60_000;

/** Claims today's run of a job: true for the one process whose insert (or retry of an hour-old unfinished run) wins. */
async function claim(db: Db, key: string, today: string): Promise<boolean> {
  const claimed = await sql<{ job_key: string }>`
    insert into daily_job_runs (job_key, run_on) values (${key}, ${today})
    on conflict (job_key, run_on) do update set started_at = now(), error = null
      where daily_job_runs.finished_at is null and daily_job_runs.started_at < now() - interval '1 hour'
    returning job_key`.execute(db);
  return claimed.rows.length === 1;
}

/** Runs every job not yet run today; returns what each claimed job handled (jobs another process ran are absent). */
export async function runDueJobs(db: Db, jobs: readonly DailyJob[], today = todayInVietnam()): Promise<Record<string, number>> {
  const handled: Record<string, number> = {};
  for (const job of jobs) {
    if (!await claim(db, job.key, today)) continue;
    let done = 0;
    try {
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const count = await inTransaction(db, (tx) => job.step(tx, today));
        done += count;
        await sql`update daily_job_runs set done = ${done} where job_key = ${job.key} and run_on = ${today}`.execute(db);
        if (count < job.batch) break;
      }
      await sql`update daily_job_runs set finished_at = now(), done = ${done} where job_key = ${job.key} and run_on = ${today}`.execute(db);
      handled[job.key] = done;
    } catch (error) {
      // Kept for the next check an hour on; one job's failure does not stop the others.
      await sql`update daily_job_runs set error = ${String((error as Error).message).slice(0, 2000)} where job_key = ${job.key} and run_on = ${today}`.execute(db);
    }
  }
  return handled;
}

/** Starts the checks (the first a few seconds after start); returns the function that stops them and waits. */
export function startDailyJobs(db: Db, jobs: readonly DailyJob[], log: (line: string) => void): () => Promise<void> {
  if (jobs.length === 0) return async () => {};
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const check = () => {
    if (stopped) return;
    running = runDueJobs(db, jobs).then((handled) => {
      for (const [key, count] of Object.entries(handled)) log(`Daily job ${key}: ${count} handled`);
    }, (error: unknown) => log(`Daily jobs: ${(error as Error).message}`));
  };
  const first = setTimeout(check, 5_000);
  const timer = setInterval(check, CHECK_EVERY_MS);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
