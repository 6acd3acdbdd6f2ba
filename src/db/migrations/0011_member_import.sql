-- Member import (Excel/CSV) and the data-cleaning worklist.
--
-- An import is a job: the uploaded file is kept (so any cellbase process can read it), its rows are staged with
-- their problems, and the client polls the job's status and progress. Applying a job inserts members, their
-- registration events and placements in one transaction, with one journal entry per batch and unit.

create table member_import_jobs (
  id                bigserial primary key,
  account_id        bigint references accounts(id),   -- who uploaded it (null for jobs run by the system)
  -- The unit the file is for: every row must name a cell in its subtree; officers whose scope covers it see the job.
  unit_id           bigint not null references org_units(id),
  status            text not null check (status in ('uploaded', 'validating', 'validated', 'applying', 'applied', 'failed')),
  filename          text not null,
  format            text not null check (format in ('xlsx', 'csv')),
  size_bytes        integer not null,
  sha256            text not null,
  file_data         bytea not null,
  headers           jsonb not null,          -- the header row as read: [{ index, text }]
  header_row        integer not null,        -- its row number in the sheet (1-based)
  proposed_mapping  jsonb not null,          -- field -> column index, as proposed by the server
  mapping           jsonb,                   -- field -> column index, as confirmed by the client
  options           jsonb not null default '{}'::jsonb,  -- effective date, decision, default unit
  total_rows        integer not null default 0,
  processed_rows    integer not null default 0,
  valid_rows        integer not null default 0,
  invalid_rows      integer not null default 0,
  applied_rows      integer not null default 0,
  apply_mode        text check (apply_mode in ('all', 'valid_only')),
  error             jsonb,                   -- { code, details } when status = 'failed'
  heartbeat_at      timestamptz,             -- refreshed while a process works on the job
  row_version       integer not null default 0,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  finished_at       timestamptz
);
create index member_import_jobs_account on member_import_jobs (account_id, id);
create index member_import_jobs_unit on member_import_jobs (unit_id, id);

-- Staged rows are working data, rebuilt from the stored file whenever the job is validated again: the table is
-- unlogged (no WAL for 100,000-row files; emptied after a crash, when the interrupted job is failed anyway).
create unlogged table member_import_rows (
  job_id            bigint not null references member_import_jobs(id),
  row_number        integer not null,        -- the row's number in the sheet (1-based, header included)
  raw               jsonb not null,          -- the original cells, as text
  record            jsonb,                   -- the normalized registration, when the row parsed
  unit_code         text,
  citizen_id        text,
  party_card_number text,
  errors            jsonb not null default '[]'::jsonb,   -- [{ field, code }]: the row itself and the file
  registry_errors   jsonb not null default '[]'::jsonb,   -- [{ field, code }]: against the registry, checked again on apply
  is_valid          boolean not null default false,       -- record is not null and both lists are empty
  member_id         bigint,                  -- set when applied
  primary key (job_id, row_number)
);
-- No index beyond the key: every check reads one job's rows at once (hash joins), and each index would slow staging.

-- The data-cleaning worklist: what an officer decided about a detected problem. The problems themselves are computed
-- in SQL from the live data; a decision is kept by (kind, key) so it survives recomputation.
create table member_cleaning_resolutions (
  id                bigserial primary key,
  kind              text not null,           -- duplicate_citizen_id, duplicate_name_birth, missing_fields, dissolved_unit, ...
  issue_key         text not null,           -- stable key of the problem (member ids, sorted)
  member_id         bigint not null references members(id),  -- the member the issue is listed under (lowest id)
  resolution        text not null check (resolution in ('resolved', 'not_a_problem')),
  note              text not null,
  -- The facts the decision was made on: when they change, the issue comes back.
  fingerprint       text not null,
  resolved_by       bigint references accounts(id),
  resolved_at       timestamptz not null default now(),
  superseded_at     timestamptz
);
create unique index member_cleaning_resolutions_current on member_cleaning_resolutions (kind, issue_key) where superseded_at is null;
create index member_cleaning_resolutions_member on member_cleaning_resolutions (member_id);

-- Folded name + birth date: finding likely duplicates in bulk.
create index members_name_birth on members (name_folded, birth_date);
