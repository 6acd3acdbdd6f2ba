/**
 * The areas' daily jobs (src/kernel/daily-jobs.ts): each runs once per day however many server processes check at
 * once, in steps of one transaction until a step handles less than a batch; a failed run is kept with its error and
 * taken up again an hour later; another day runs again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../helpers/database.ts';
import { runDueJobs, type DailyJob, type Db } from '../../../src/kernel/index.ts';

describe('daily jobs', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(async () => { await database?.drop(); });

  /** A job with `items` to work through, `batch` a step, each step writing in its transaction what it saw. */
  function countingJob(key: string, items: number, batch: number): DailyJob & { steps: number[] } {
    let left = items;
    const steps: number[] = [];
    return {
      key, batch, steps,
      async step(tx, today) {
        const count = Math.min(batch, left);
        left -= count;
        steps.push(count);
        // Inside the step's own transaction: the run's row is there, not yet finished.
        const row = await sql<{ finished_at: Date | null }>`select finished_at from daily_job_runs where job_key = ${key} and run_on = ${today}`.execute(tx);
        expect(row.rows[0].finished_at).toBeNull();
        return count;
      },
    };
  }

  it('runs a job in steps until a step handles less than a batch, once a day', async () => {
    const job = countingJob('steps-job', 25, 10);
    expect(await runDueJobs(db, [job], '2026-03-01')).toEqual({ 'steps-job': 25 });
    expect(job.steps).toEqual([10, 10, 5]);
    expect(await runDueJobs(db, [job], '2026-03-01')).toEqual({});
    expect(job.steps).toEqual([10, 10, 5]);
    const row = await sql<{ done: number; finished_at: Date | null }>`select done, finished_at from daily_job_runs where job_key = 'steps-job' and run_on = '2026-03-01'`.execute(db);
    expect(row.rows[0].done).toBe(25);
    expect(row.rows[0].finished_at).not.toBeNull();
    // The next day: again.
    expect(await runDueJobs(db, [job], '2026-03-02')).toEqual({ 'steps-job': 0 });
  });

  it('several processes checking at once: one runs the day\'s job', async () => {
    const jobs = [1, 2, 3, 4].map(() => countingJob('shared-job', 3, 10));
    const answers = await Promise.all(jobs.map((job) => runDueJobs(db, [job], '2026-03-05')));
    expect(answers.filter((answer) => 'shared-job' in answer)).toHaveLength(1);
    expect(jobs.flatMap((job) => job.steps)).toEqual([3]);
  });

  it('a failing job keeps its error, does not stop the others, and is taken up again after an hour', async () => {
    const failing: DailyJob = { key: 'failing-job', batch: 10, step: async () => { throw new Error('không đọc được'); } };
    const other = countingJob('after-failing', 1, 10);
    expect(await runDueJobs(db, [failing, other], '2026-03-07')).toEqual({ 'after-failing': 1 });
    const kept = await sql<{ error: string | null; finished_at: Date | null }>`select error, finished_at from daily_job_runs where job_key = 'failing-job'`.execute(db);
    expect(kept.rows[0]).toEqual({ error: 'không đọc được', finished_at: null });
    // Within the hour: not again. An hour on: claimed again.
    const retried = countingJob('failing-job', 2, 10);
    expect(await runDueJobs(db, [retried], '2026-03-07')).toEqual({});
    await sql`update daily_job_runs set started_at = now() - interval '61 minutes' where job_key = 'failing-job'`.execute(db);
    expect(await runDueJobs(db, [retried], '2026-03-07')).toEqual({ 'failing-job': 2 });
  });
});
