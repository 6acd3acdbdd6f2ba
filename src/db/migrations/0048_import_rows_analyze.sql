-- The import's staged rows analyzed on every server (member-import.repository.ts, analyzeStagedRows).
--
-- Before PostgreSQL 17 only a table's owner may analyze it (17 has MAINTAIN, granted by 0022), so on older servers
-- the validation's `analyze member_import_rows` was skipped with a warning and a new file's rows were planned on no
-- statistics at all where autovacuum is off or has not come round yet: on PostgreSQL 15 a join of a batch with its
-- staged rows was planned as a nested loop that rescanned the batch for every row (5.3 s of a 6.5 s batch). The
-- owner's function does it for the application's role, whatever the server's version; it analyzes nothing else.
create function member_import_rows_analyze() returns void language plpgsql security definer set search_path = public as $$
begin
  analyze member_import_rows;
end $$;
