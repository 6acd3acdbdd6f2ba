-- The day's runs of the areas' daily jobs (src/kernel/daily-jobs.ts): one row per job and day, claimed by the
-- first server process that inserts it, so several processes on one database run each job once a day. A run
-- left unfinished by a process that died is claimed again after an hour. Rows are never deleted.
create table daily_job_runs (
  job_key     text        not null check (job_key ~ '^[a-z][a-z0-9-]{1,59}$'),
  run_on      date        not null,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  done        integer     not null default 0 check (done >= 0),
  error       text,
  primary key (job_key, run_on)
);
