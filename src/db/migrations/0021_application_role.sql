-- The application role (issue 8, finding 4: the database is the application's alone). Migrations and maintenance
-- run as the owner of the schema; the HTTP server connects as a login role that owns nothing, so it cannot alter
-- a table, disable a trigger, truncate, or rewrite the journal. After every migrate run the owner calls this
-- function (src/db/migrate.ts), so tables added by later migrations are granted too; a later migration that needs
-- another table in the delete list replaces the function.
create function cellbase_grant_application_role(app_role name) returns void language plpgsql as $$
declare
  -- The only tables the application deletes rows from (everything else is ended or marked, never deleted):
  --   member_import_rows     an import's staging rows, replaced when its file is read again
  --                          (member-import.repository.ts, deleteStagedRows);
  --   org_unit_count_deltas  a projection kept by the triggers on org_unit_versions (0002), which remove the
  --                          rows whose deltas cancel out; the triggers run as the role that writes the versions.
  deletable constant text[] := array['member_import_rows', 'org_unit_count_deltas'];
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
