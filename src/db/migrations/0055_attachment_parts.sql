-- An attachment (a decision's signed PDF) is stored in parts of at most 1 MB, as the import's files are since 0053:
-- written a part per statement and read back with one binary COPY of the parts in order (src/db/file-parts.ts). Stored
-- as one value, a 20 MB PDF was one bind message built in one turn of the server's event loop.
-- The attachments already stored move as they are, each as its part 0; the column goes.
create table attachment_parts (
  attachment_id  bigint not null references attachments(id),
  part           integer not null check (part >= 0),
  data           bytea not null,
  primary key (attachment_id, part)
);

insert into attachment_parts (attachment_id, part, data)
select id, 0, data from attachments where length(data) > 0;

alter table attachments drop column data;
