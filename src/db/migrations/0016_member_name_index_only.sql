-- Name search at national scale, answered from the indexes alone (index-only scans): only the page's rows are read
-- from the table.
--
-- The sort key begins with the given name, then the middle names, then the family name. The matches of a family and
-- middle name ("nguyen van", "tran thi") are spread through name order, so walking the order finds a page of them
-- at once, if the walk can test the name without reading the table: the name-order indexes now carry the folded
-- and reversed names and the status. The matches of a given name ("huong", "nguyen van hung") sit together in name
-- order, far from its start, so they are found through the name indexes and ranked by sort key: these now carry the
-- sort key, id and status (the nationwide ones also the province: the planner sometimes takes them for a province's
-- search, and the province test then needs no table read either). Before, each member tested or ranked cost a table read: 60-100 ms for such a search in
-- a province of 400,000 members, up to half a second when the planner walked the order for a given name.

drop index members_province_sort;
drop index members_superior_sort;
drop index members_sort;
drop index members_province_name;
drop index members_province_name_reversed;
drop index members_name_folded;
drop index members_name_reversed;

create index members_province_sort on members (province_id, name_sort_key, id) include (name_folded, name_reversed, status);
create index members_superior_sort on members (superior_id, name_sort_key, id) include (name_folded, name_reversed, status);
create index members_sort on members (name_sort_key, id) include (name_folded, name_reversed, status);
create index members_province_name on members (province_id, name_folded text_pattern_ops) include (name_sort_key, id, status);
create index members_province_name_reversed on members (province_id, name_reversed text_pattern_ops) include (name_sort_key, id, status);
create index members_name_folded on members (name_folded text_pattern_ops) include (name_sort_key, id, status, province_id);
create index members_name_reversed on members (name_reversed text_pattern_ops) include (name_sort_key, id, status, province_id);

-- The plans of name search no longer rest on the planner's guess of how many members a name matches (the code
-- counts them from the index); the detailed histograms that guess needed cost 3-4 ms of planning per statement.
alter table members alter column name_folded set statistics -1;
alter table members alter column name_reversed set statistics -1;
alter table members alter column name_sort_key set statistics -1;
analyze members (name_folded, name_reversed, name_sort_key);
