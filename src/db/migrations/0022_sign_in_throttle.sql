-- Sign-in throttle (issue 8, finding 10): failed sign-ins are counted per (username, address), per username and per
-- address within a window (src/modules/accounts/login.service.ts). Rows older than the window mean nothing any more
-- and are pruned by the application, so the table does not grow without bound; a successful sign-in clears its own
-- (username, address) failures. That needs DELETE on login_failures for the application role: the function of
-- 0021 is replaced with login_failures added to its list (everything else unchanged).

-- Pruning reads by age alone.
create index login_failures_at on login_failures (at);

create or replace function cellbase_grant_application_role(app_role name) returns void language plpgsql as $$
declare
  -- The only tables the application deletes rows from (everything else is ended or marked, never deleted):
  --   member_import_rows     an import's staging rows, replaced when its file is read again
  --                          (member-import.repository.ts, deleteStagedRows);
  --   org_unit_count_deltas  a projection kept by the triggers on org_unit_versions (0002), which remove the
  --                          rows whose deltas cancel out; the triggers run as the role that writes the versions;
  --   login_failures         failed sign-ins, which only count within the throttle's window (login.service.ts).
  deletable constant text[] := array['member_import_rows', 'org_unit_count_deltas', 'login_failures'];
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
