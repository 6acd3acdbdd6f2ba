-- Merging two records of one person (issue 10, item 8): the duplicate record is kept, marked 'merged' and pointing
-- at the record that carries on; its events and placements are voided by the merge event, so no list, count or
-- figure as of any date counts the person twice. Nothing is deleted.
alter table members drop constraint members_status_check;
alter table members add constraint members_status_check
  check (status in ('probationary', 'official', 'exempted', 'removed', 'expelled', 'deceased', 'merged'));
alter table members add column merged_into_id bigint references members(id);
alter table members add constraint members_merged_into check ((status = 'merged') = (merged_into_id is not null) and merged_into_id is distinct from id);
