-- One index on the folded name for both its uses, where two stood: `members_name_folded` (the name search's prefix
-- ranges, index-only through its included columns) and `members_name_birth` (the cleaning list's probes for records
-- of the same name and birth date, migration 0011). Every member written paid both; the import's apply writes each
-- index of `members` once a row, about 5 µs each (member-import/NOTES.md, "Sixth pass").
-- With the birth date as the second key the prefix ranges read as before, and the cleaning list's probes
-- (`name_folded = … and birth_date = … and status <> 'merged'`) become index-only: 0.08 ms against 0.22–0.76 ms for a
-- group of 7 (province dataset, 200,000 members). An equality on a `text_pattern_ops` column is served by it too.
create index members_name_folded_birth on members (name_folded text_pattern_ops, birth_date)
  include (name_sort_key, id, status, province_id);
drop index members_name_folded;
drop index members_name_birth;
