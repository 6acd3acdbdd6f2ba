-- The import's staged rows in typed columns, written with COPY (issue 11: ≥ 10,000 validated rows a second).
--
-- Until now a staged row carried its registration as one jsonb document (`record`), written through
-- jsonb_to_recordset and read back field by field (`record->>'…'`) by the checks and the apply. Now each field of
-- the registration has its column with its type, the rows arrive through COPY, and the checks and the apply read
-- the columns as they are. The original cells stay as the file had them (`raw`, json: stored as written, not
-- reparsed into jsonb), for the rows page, the error report and the lookup by a key column.
--
-- The table holds working data only (unlogged, rebuilt from the stored file): it is made again empty. A job that was
-- validated before finds no staged rows at apply and goes back to 'uploaded' to be validated again
-- (member-import.service.ts, startApply), as after a crash.
--
-- No foreign key to the job: its check ran once per row staged (a trigger per row), and only the import writes
-- this table, always for a job it holds. Jobs are never deleted.
drop table member_import_rows;

create unlogged table member_import_rows (
  job_id             bigint not null,
  row_number         integer not null,        -- the row's number in the sheet (1-based, header included)
  raw                json not null,           -- the original cells, as text
  -- The keys of the checks across the file and against the registry, present even when the row has other problems.
  unit_code          text,
  citizen_id         text,
  party_card_number  text,
  -- The registration, when the row passed its own checks (else null).
  full_name          text,
  name_folded        text,
  name_sort_key      text,
  sex                text,
  birth_date         date,
  birthplace         text,
  hometown           text,
  ethnicity          text,
  religion           text,
  education_level    text,
  professional_level text,
  theory_level       text,
  occupation         text,
  admission_date     date,
  probation_start    date,
  official_date      date,
  status             text,
  effective_date     date,                    -- from when the member is recorded at the cell
  errors             jsonb not null default '[]'::jsonb,   -- [{ field, code }]: the row itself and the file
  registry_errors    jsonb not null default '[]'::jsonb,   -- [{ field, code }]: against the registry
  is_valid           boolean not null default false,       -- both lists empty
  member_id          bigint,                  -- set when applied
  primary key (job_id, row_number)
);
-- No index beyond the key: every check reads one job's rows at once (hash joins), and each index would slow staging.

-- The staged rows are analyzed once a file is staged (member-import.service.ts, analyzeStagedRows). The counts the
-- planner needs come from a small sample as well: the default one (30,000 rows, the table holding earlier jobs' rows
-- too) took 0.4 s a file.
alter table member_import_rows
  alter column job_id set statistics 10,
  alter column row_number set statistics 10,
  alter column raw set statistics 10,
  alter column unit_code set statistics 10,
  alter column citizen_id set statistics 10,
  alter column party_card_number set statistics 10,
  alter column full_name set statistics 10,
  alter column name_folded set statistics 10,
  alter column name_sort_key set statistics 10,
  alter column sex set statistics 10,
  alter column birth_date set statistics 10,
  alter column birthplace set statistics 10,
  alter column hometown set statistics 10,
  alter column ethnicity set statistics 10,
  alter column religion set statistics 10,
  alter column education_level set statistics 10,
  alter column professional_level set statistics 10,
  alter column theory_level set statistics 10,
  alter column occupation set statistics 10,
  alter column admission_date set statistics 10,
  alter column probation_start set statistics 10,
  alter column official_date set statistics 10,
  alter column status set statistics 10,
  alter column effective_date set statistics 10,
  alter column errors set statistics 10,
  alter column registry_errors set statistics 10,
  alter column is_valid set statistics 10,
  alter column member_id set statistics 10;
