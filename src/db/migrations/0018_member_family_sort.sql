-- Name search by a family name and the start of the middle name ("tran thi", "nguyen van") within a province. Its
-- matches are spread through name order (which begins with the given name), so they were found by testing the
-- province's members in name order: at national scale 10,000 entries read for a page of "tran thi". Within the
-- family (the first word of the folded name, which such a query names in full) the same members in name order are
-- dense with matches: a page reads a few dozen entries. It carries the folded name and the status, so the test needs
-- no table access.

create index members_province_family_sort on members
  (province_id, split_part(name_folded, ' ', 1), name_sort_key, id)
  include (name_folded, status);
