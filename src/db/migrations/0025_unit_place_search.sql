-- Search that matches the names of a unit's ancestors too (issue 10, item 4: "khu 10 cam pha" finds "Chi bộ khu 10"
-- under "Đảng bộ phường Cẩm Phả"). Each unit version keeps a folded "place text": its own folded name followed by the
-- folded names of every version of every unit above it that overlaps its interval (the centre excepted: it is above
-- every unit and tells none apart, as in src/rules/unit-place.ts). The text is a superset of the
-- names on any one date (an ancestor renamed during the interval contributes both names), so it only finds the
-- candidates through a trigram index; the search then checks each candidate exactly on the tree as it stood on the
-- date (src/modules/orgs/orgs.repository.ts, searchVersionsAsOf).
--
-- Kept in its own table, not a column of org_unit_versions: appending a renamed ancestor's name to descendants would
-- otherwise fire the count-delta triggers of 0002 on every descendant row.
create table org_unit_version_places (
  version_id   bigint primary key references org_unit_versions(id),
  place_folded text not null,
  -- Every ancestor had one version through the whole interval: the text is then exactly the names on any date of it,
  -- and the search needs no second look (most versions: the tree changes rarely under a unit's version).
  exact        boolean not null
);

-- The place text of one version: its folded name and the names of every version of every unit above it (the centre
-- excepted) that overlaps its interval.
create function org_unit_version_place_text(p_unit_id bigint, p_path text, p_from date, p_to date, p_name text)
returns text language sql stable as $$
  select concat_ws(' ', p_name, (
    select string_agg(distinct a.name_folded, ' ')
      from org_unit_versions a
     where a.unit_id = any (string_to_array(trim(both '/' from p_path), '/')::bigint[])
       and a.unit_id <> p_unit_id and a.kind <> 'central'
       and a.voided_by_batch_id is null
       and a.valid_from < coalesce(p_to, 'infinity'::date)
       and coalesce(a.valid_to, 'infinity'::date) > p_from))
$$;

create function org_unit_version_place_exact(p_unit_id bigint, p_path text, p_from date, p_to date)
returns boolean language sql stable as $$
  select count(*) = count(distinct a.unit_id)
    from org_unit_versions a
   where a.unit_id = any (string_to_array(trim(both '/' from p_path), '/')::bigint[])
     and a.unit_id <> p_unit_id and a.kind <> 'central'
     and a.voided_by_batch_id is null
     and a.valid_from < coalesce(p_to, 'infinity'::date)
     and coalesce(a.valid_to, 'infinity'::date) > p_from
$$;

-- Inserts change places: restructuring writes a new version for every rename, move (and descendants'
-- `ancestor_moved` versions) or kind change. Closing or voiding a version only narrows what was true, and a superset
-- stays a correct filter; an undo's re-opening is handled below. Statement triggers, so every writer (restructuring,
-- bulk loads, fixtures) keeps it right.
create function org_unit_version_places_insert() returns trigger language plpgsql as $$
begin
  -- The new versions' own place text, from the ancestors' versions overlapping each one (the table already holds
  -- the whole statement's rows, so a bulk load of a tree places every unit under ancestors loaded with it).
  -- Set-based, not a function per row: during a bulk load the table's statistics still say "empty", and a per-row
  -- lookup would then scan the whole table for every row; here the planner can hash the ancestors' versions.
  insert into org_unit_version_places (version_id, place_folded, exact)
  select r.id, concat_ws(' ', r.name_folded, string_agg(distinct a.name_folded, ' ')), count(a.id) = count(distinct a.unit_id)
  from new_rows r
  left join lateral unnest(string_to_array(trim(both '/' from r.path), '/')::bigint[]) as anc(id) on anc.id <> r.unit_id
  left join org_unit_versions a
    on a.unit_id = anc.id and a.kind <> 'central' and a.voided_by_batch_id is null
   and a.valid_from < coalesce(r.valid_to, 'infinity'::date)
   and coalesce(a.valid_to, 'infinity'::date) > r.valid_from
  group by r.id, r.name_folded
  on conflict (version_id) do nothing;

  -- A new version of a unit that had versions before this statement (a rename, a move, a kind change) adds its name
  -- to the versions under it written before this statement that overlap it. A bulk load of new units skips this: their
  -- descendants came in the same statement and were placed above. Descendants' paths start with the ancestor's
  -- path: a range on the "C"-collated path index. Rows of this statement have ids from `first_id` up (one sequence).
  -- Cheap test first: a bulk load of new units (every version new) has nothing to add and skips the join below.
  if not exists (select 1 from (select min(id) as first_id from new_rows) b
                   join new_rows r on true
                   join org_unit_versions o on o.unit_id = r.unit_id and o.id < b.first_id) then
    return null;
  end if;
  update org_unit_version_places p
     set place_folded = p.place_folded || ' ' || added.names, exact = false
    from (
      select d.id, string_agg(distinct r.name_folded, ' ') as names
        from (select min(id) as first_id from new_rows) b
        join new_rows r on r.voided_by_batch_id is null and r.kind <> 'central'
         and exists (select 1 from org_unit_versions o where o.unit_id = r.unit_id and o.id < b.first_id)
        join org_unit_versions d
          on d.path > r.path and d.path < r.path || ':'   -- '/1/2/…': digits and '/' sort below ':'
         and d.id < b.first_id
         and d.voided_by_batch_id is null
         and d.valid_from < coalesce(r.valid_to, 'infinity'::date)
         and coalesce(d.valid_to, 'infinity'::date) > r.valid_from
       group by d.id
    ) added
   where p.version_id = added.id
     and position(added.names in p.place_folded) = 0;  -- a name already there (a kind change) changes nothing
  return null;
end $$;

create trigger org_unit_versions_places_insert after insert on org_unit_versions
  referencing new table as new_rows for each statement execute function org_unit_version_places_insert();

-- An undo re-opens closed versions and un-voids others: a version's interval may grow, so its text is made again,
-- and its name is added to the versions under it that overlap it (they may have been written while it was voided).
create function org_unit_version_places_update() returns trigger language plpgsql as $$
begin
  -- Most updates close or void versions (nothing to do): only a version re-opened or un-voided needs work.
  if not exists (select 1 from new_rows r join old_rows o on o.id = r.id
                  where (o.voided_by_batch_id is not null and r.voided_by_batch_id is null)
                     or (o.valid_to is not null and (r.valid_to is null or r.valid_to > o.valid_to))) then
    return null;
  end if;
  update org_unit_version_places p
     set place_folded = org_unit_version_place_text(r.unit_id, r.path, r.valid_from, r.valid_to, r.name_folded),
         exact = org_unit_version_place_exact(r.unit_id, r.path, r.valid_from, r.valid_to)
    from new_rows r join old_rows o on o.id = r.id
   where p.version_id = r.id
     and ((o.voided_by_batch_id is not null and r.voided_by_batch_id is null)
          or (o.valid_to is not null and (r.valid_to is null or r.valid_to > o.valid_to)));

  update org_unit_version_places p
     set place_folded = p.place_folded || ' ' || added.names, exact = false
    from (
      select d.id, string_agg(distinct r.name_folded, ' ') as names
        from new_rows r
        join old_rows o on o.id = r.id
         and ((o.voided_by_batch_id is not null and r.voided_by_batch_id is null)
              or (o.valid_to is not null and (r.valid_to is null or r.valid_to > o.valid_to)))
        join org_unit_versions d
          on d.path > r.path and d.path < r.path || ':'
         and d.voided_by_batch_id is null
         and d.valid_from < coalesce(r.valid_to, 'infinity'::date)
         and coalesce(d.valid_to, 'infinity'::date) > r.valid_from
       where r.voided_by_batch_id is null and r.kind <> 'central'
       group by d.id
    ) added
   where p.version_id = added.id
     and position(added.names in p.place_folded) = 0;  -- a name already there (a kind change) changes nothing
  return null;
end $$;

create trigger org_unit_versions_places_update after update on org_unit_versions
  referencing old table as old_rows new table as new_rows for each statement execute function org_unit_version_places_update();

-- Versions that exist already (the same set-based form).
insert into org_unit_version_places (version_id, place_folded, exact)
select r.id, concat_ws(' ', r.name_folded, string_agg(distinct a.name_folded, ' ')), count(a.id) = count(distinct a.unit_id)
from org_unit_versions r
left join lateral unnest(string_to_array(trim(both '/' from r.path), '/')::bigint[]) as anc(id) on anc.id <> r.unit_id
left join org_unit_versions a
  on a.unit_id = anc.id and a.kind <> 'central' and a.voided_by_batch_id is null
 and a.valid_from < coalesce(r.valid_to, 'infinity'::date)
 and coalesce(a.valid_to, 'infinity'::date) > r.valid_from
group by r.id, r.name_folded;

-- The trigram index that makes a search an index lookup (pg_trgm, as in 0002); without it the query still runs.
do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index org_unit_version_places_trgm on org_unit_version_places using gin (place_folded gin_trgm_ops)';
  end if;
end $$;
