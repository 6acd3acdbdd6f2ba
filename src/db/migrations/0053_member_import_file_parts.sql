-- An uploaded file is stored in parts of at most 1 MB (`member_import_file_parts`), no longer as one bytea in its
-- job's row: written a part per statement, and read back with one binary COPY of the parts in order, no turn of the
-- server's event loop handles more than a part. Stored as one value, a 56 MB file was one bind message, built in one
-- turn (0.36–0.44 s in which no other request was answered), and the server compressed and decompressed it whole.
-- Each part is compressed on its own as any toasted value.
-- The files already stored move as they are, each as its job's part 0 (a part may be larger than 1 MB; the reader
-- takes parts of any size); the job's column goes.
create table member_import_file_parts (
  job_id  bigint not null references member_import_jobs(id),
  part    integer not null check (part >= 0),
  data    bytea not null,
  primary key (job_id, part)
);

insert into member_import_file_parts (job_id, part, data)
select id, 0, file_data from member_import_jobs where length(file_data) > 0;

alter table member_import_jobs drop column file_data;
