-- An import's staged rows and its file are copies of personal data made to check and write a file, not records:
-- they are erased some time after the job ends (member-import/NOTES.md, "How long a file is kept"). The job stays,
-- with its counts and who uploaded what and when; the members written are in the registry and the journal.
alter table member_import_jobs add column erased_at timestamptz;

-- The daily erasure finds the ended jobs not yet erased.
create index member_import_jobs_to_erase on member_import_jobs (greatest(updated_at, finished_at)) where erased_at is null;

-- The erasure deletes the file's parts: the application role's list of deletable tables (0022) gains them.
create or replace function cellbase_grant_application_role(app_role name) returns void language plpgsql as $$
declare
  -- The only tables the application deletes rows from (everything else is ended or marked, never deleted):
  --   member_import_rows     an import's staging rows, replaced when its file is read again
  --                          (member-import.repository.ts, deleteStagedRows);
  --   org_unit_count_deltas  a projection kept by the triggers on org_unit_versions (0002), which remove the
  --                          rows whose deltas cancel out; the triggers run as the role that writes the versions;
  --   login_failures         failed sign-ins, which only count within the throttle's window (login.service.ts);
  --   member_import_file_parts  an import's uploaded file, erased with its staging rows some time after the job
  --                          ended (member-import.service.ts, eraseEndedImports; 0058).
  deletable constant text[] := array['member_import_rows', 'org_unit_count_deltas', 'login_failures', 'member_import_file_parts'];
  name text;
begin
  execute format('grant usage on schema public to %I', app_role);
  execute format('grant select, insert, update on all tables in schema public to %I', app_role);
  execute format('grant usage, select on all sequences in schema public to %I', app_role);
  foreach name in array deletable loop
    execute format('grant delete on %I to %I', name, app_role);
  end loop;
  -- The journal is append-only (ARCHITECTURE.md, Journal): read and add, nothing else, whatever its triggers.
  execute format('revoke update, delete, truncate on journal from %I', app_role);
  -- Which migrations ran is the owner's business.
  execute format('revoke all on schema_migrations from %I', app_role);
  -- An import analyzes its staging rows; from PostgreSQL 17 that takes MAINTAIN (older servers skip it with a warning).
  if current_setting('server_version_num')::int >= 170000 then
    execute format('grant maintain on member_import_rows to %I', app_role);
  end if;
end $$;

revoke all on function cellbase_grant_application_role(name) from public;
