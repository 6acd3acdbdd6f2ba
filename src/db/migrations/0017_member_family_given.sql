-- Name search by family and given name with the middle names left out ("nguyen an" finds "Nguyễn Văn An") within a
-- province: one index range, the family name (first word of the folded name) and the beginning of the given name
-- (first word of the reversed name), carrying the sort key, id, status and both name columns (an index-only scan of
-- an expression index needs the columns the expressions read) so the matches are ranked from the index alone. Without it, a common family with a common given name ("tran thanh") read the whole range of the given
-- name in the province (12,000 entries, 7 ms at national scale) to keep one in ten.

create index members_province_family_given on members
  (province_id, split_part(name_folded, ' ', 1), split_part(name_reversed, ' ', 1) text_pattern_ops)
  include (name_sort_key, id, status, name_folded, name_reversed);
