-- Restructuring batches in disjoint subtrees no longer wait on each other (issue 11, item 4).
--
-- Until now the count-delta triggers of 0002 kept one row per (ancestor, date, kind, sector) and added to it in place
-- (`on conflict … do update`). Every batch writes deltas for every ancestor of the units it touches, so two batches in
-- different districts of one province, dated the same day, updated the same rows of the province and of the centre:
-- the second waited on the first's row lock until it committed, and 8 clients ran at the speed of one.
--
-- Now each statement appends its own rows (still summed per key within the statement, and only where the sum is not
-- zero): no row is ever updated, so no two batches wait on one another here. A read sums the rows of one ancestor up
-- to the date, as it did (orgs.repository.ts, sumCountDeltas): a few more rows per ancestor, the same range scan.
alter table org_unit_count_deltas drop constraint org_unit_count_deltas_pkey;
create index org_unit_count_deltas_ancestor on org_unit_count_deltas (ancestor_id, on_date);

create or replace function org_count_delta_rows_insert() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas (ancestor_id, on_date, kind, sector, delta)
  select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
  from (
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta as delta
    from new_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) c
  group by c.ancestor_id, c.on_date, c.kind, c.sector
  having sum(c.delta) <> 0;
  return null;
end $$;

create or replace function org_count_delta_rows_update() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas (ancestor_id, on_date, kind, sector, delta)
  select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
  from (
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta as delta
    from new_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
    union all
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta * -1 as delta
    from old_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) c
  group by c.ancestor_id, c.on_date, c.kind, c.sector
  having sum(c.delta) <> 0;
  return null;
end $$;

create or replace function org_count_delta_rows_delete() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas (ancestor_id, on_date, kind, sector, delta)
  select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
  from (
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta * -1 as delta
    from old_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) c
  group by c.ancestor_id, c.on_date, c.kind, c.sector
  having sum(c.delta) <> 0;
  return null;
end $$;
