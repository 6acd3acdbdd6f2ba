-- The organization tree through time: what restructuring needs beyond the foundation tables.

-- A unit's code is part of each dated version (a rename may change it); org_units.code stays the current code.
-- Rows written without a code (fixtures, bulk loaders) take the unit's current code.
alter table org_unit_versions add column code text;
update org_unit_versions v set code = u.code from org_units u where u.id = v.unit_id and v.code is null;
create function org_unit_versions_fill_code() returns trigger language plpgsql as $$
begin
  if new.code is null then
    select code into new.code from org_units where id = new.unit_id;
  end if;
  return new;
end $$;
create trigger org_unit_versions_code before insert on org_unit_versions
  for each row execute function org_unit_versions_fill_code();
alter table org_unit_versions alter column code set not null;

-- The batch that set valid_to on a version (closed it). Undo re-opens exactly these.
alter table org_unit_versions add column closed_by_batch_id bigint references restructure_batches(id);
create index org_unit_versions_closed_by on org_unit_versions (closed_by_batch_id) where closed_by_batch_id is not null;
create index org_unit_versions_voided_by on org_unit_versions (voided_by_batch_id) where voided_by_batch_id is not null;
create index org_unit_versions_open_path on org_unit_versions (path) where valid_to is null and voided_by_batch_id is null;
create index org_unit_versions_code on org_unit_versions (lower(code) text_pattern_ops) where voided_by_batch_id is null;
create index org_unit_links_batch on org_unit_links (batch_id);

-- A unit created by a batch that was undone never existed: it ends with reason 'voided' (kept, not deleted).
alter table org_units drop constraint if exists org_units_end_reason_check;
alter table org_units add constraint org_units_end_reason_check check (end_reason in ('merged', 'dissolved', 'split', 'voided'));
create index org_units_scope_path_pattern on org_units (scope_path text_pattern_ops);

alter table restructure_batches add column reason text;
create index restructure_batches_decision on restructure_batches (decision_id);

-- Counts as of any date without scanning the tree: for every unit version and every ancestor on its path (the unit
-- itself excluded), +1 on valid_from and -1 on valid_to, summed per (ancestor, date, kind, sector). The number of
-- units of each kind under X on date D is then sum(delta) over rows with ancestor_id = X and on_date <= D: a range
-- scan of one ancestor's few hundred rows, whatever the size of the subtree. Maintained by statement triggers on
-- org_unit_versions, so every writer (restructuring, bulk loads, fixtures) keeps it right.
create table org_unit_count_deltas (
  ancestor_id bigint not null,
  on_date     date not null,
  kind        text not null,
  sector      text not null default '',   -- '' for no sector
  delta       integer not null,
  primary key (ancestor_id, on_date, kind, sector)
);

create function org_count_delta_rows_insert() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas as d (ancestor_id, on_date, kind, sector, delta)
  select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
  from (
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta as delta
    from new_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) c
  group by c.ancestor_id, c.on_date, c.kind, c.sector
  having sum(c.delta) <> 0
  order by 1, 2, 3, 4  -- a fixed order: concurrent batches lock shared keys (the root's) in the same order
  on conflict (ancestor_id, on_date, kind, sector) do update set delta = d.delta + excluded.delta;
  -- A key whose contributions cancel out (a rename: -1 and +1 on one date) is removed.
  delete from org_unit_count_deltas d
  using (
    select a.id::bigint, e.on_date
    from new_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from), (r.valid_to)) as e(on_date)
    where a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) as k(ancestor_id, on_date)
  where d.ancestor_id = k.ancestor_id and d.on_date = k.on_date and d.delta = 0;
  return null;
end $$;

create function org_count_delta_rows_update() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas as d (ancestor_id, on_date, kind, sector, delta)
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
  having sum(c.delta) <> 0
  order by 1, 2, 3, 4  -- a fixed order: concurrent batches lock shared keys (the root's) in the same order
  on conflict (ancestor_id, on_date, kind, sector) do update set delta = d.delta + excluded.delta;
  -- A key whose contributions cancel out (a rename: -1 and +1 on one date) is removed.
  delete from org_unit_count_deltas d
  using (
    select a.id::bigint, e.on_date
    from new_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from), (r.valid_to)) as e(on_date)
    where a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
    union
    select a.id::bigint, e.on_date
    from old_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from), (r.valid_to)) as e(on_date)
    where a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) as k(ancestor_id, on_date)
  where d.ancestor_id = k.ancestor_id and d.on_date = k.on_date and d.delta = 0;
  return null;
end $$;

create function org_count_delta_rows_delete() returns trigger language plpgsql as $$
begin
  insert into org_unit_count_deltas as d (ancestor_id, on_date, kind, sector, delta)
  select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
  from (
    select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta * -1 as delta
    from old_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
    where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) c
  group by c.ancestor_id, c.on_date, c.kind, c.sector
  having sum(c.delta) <> 0
  order by 1, 2, 3, 4  -- a fixed order: concurrent batches lock shared keys (the root's) in the same order
  on conflict (ancestor_id, on_date, kind, sector) do update set delta = d.delta + excluded.delta;
  -- A key whose contributions cancel out (a rename: -1 and +1 on one date) is removed.
  delete from org_unit_count_deltas d
  using (
    select a.id::bigint, e.on_date
    from old_rows r
    cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
    cross join lateral (values (r.valid_from), (r.valid_to)) as e(on_date)
    where a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
  ) as k(ancestor_id, on_date)
  where d.ancestor_id = k.ancestor_id and d.on_date = k.on_date and d.delta = 0;
  return null;
end $$;

create trigger org_unit_versions_counts_insert after insert on org_unit_versions
  referencing new table as new_rows for each statement execute function org_count_delta_rows_insert();
create trigger org_unit_versions_counts_update after update on org_unit_versions
  referencing old table as old_rows new table as new_rows for each statement execute function org_count_delta_rows_update();
create trigger org_unit_versions_counts_delete after delete on org_unit_versions
  referencing old table as old_rows for each statement execute function org_count_delta_rows_delete();

-- Rows that exist already (a database migrated after units were loaded).
insert into org_unit_count_deltas (ancestor_id, on_date, kind, sector, delta)
select c.ancestor_id, c.on_date, c.kind, c.sector, sum(c.delta)::integer
from (
  select a.id::bigint as ancestor_id, e.on_date, r.kind, coalesce(r.sector, '') as sector, e.delta
  from org_unit_versions r
  cross join lateral unnest(string_to_array(trim(both '/' from r.path), '/')) as a(id)
  cross join lateral (values (r.valid_from, 1), (r.valid_to, -1)) as e(on_date, delta)
  where r.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> r.unit_id and e.on_date is not null
) c
group by c.ancestor_id, c.on_date, c.kind, c.sector
having sum(c.delta) <> 0;

-- Name search as of a date: a trigram index when the server has pg_trgm (both engines we test on do); without it,
-- the same LIKE query still runs, inside the caller's subtree.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
    begin
      create extension if not exists pg_trgm;
      execute 'create index org_unit_versions_name_trgm on org_unit_versions using gin (name_folded gin_trgm_ops) where voided_by_batch_id is null';
    exception when insufficient_privilege then
      raise notice 'pg_trgm not installed (insufficient privilege); name search runs without a trigram index';
    end;
  end if;
end $$;
