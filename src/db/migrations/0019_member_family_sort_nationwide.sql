-- Name search of two words across the whole country (an officer of the centre): the family's members in name order,
-- as migration 0018 gives them within a province. A family and middle name ("nguyen van") is tested there; a family
-- and given name ("nguyen an") is read as ranges of it, one per spelling of the given name, which begins the sort key.
-- Nationwide these took 200-300 ms ("nguyen van", "nguyen thi": the given name's range held 50,000 entries).
--
-- The same ranges within a province read migration 0018's index, so the family-and-given index of migration 0017
-- is no longer read: dropped (an index only; no data).

create index members_family_sort on members
  (split_part(name_folded, ' ', 1), name_sort_key, id)
  include (name_folded, status);

drop index members_province_family_given;
