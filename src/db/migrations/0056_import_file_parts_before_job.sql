-- An uploaded file's parts are written while the reader worker checks the file, before the job's row exists: the job
-- is inserted once the check has given its header, in the same transaction (member-import/NOTES.md, "Seventh pass").
-- The parts' reference to their job is checked at commit, where a part without its job still refuses the commit.
alter table member_import_file_parts
  alter constraint member_import_file_parts_job_id_fkey deferrable initially deferred;
