-- The members' kept aggregates (0032) folded after the writer's transaction, not inside it (issue 12: "recording an
-- event costs the writer ≤ 10% more"; src/modules/statistics/NOTES.md, "Speed").
--
-- Writers only enqueue: the statement triggers on member_placements, member_events and members (0032's, replaced
-- here) add the members a statement touched to statistics_pending_members, one insert … select from the transition
-- table, nothing per row. The fold (statistics_fold, statistics_fold_for_read) takes queued members, recomputes their
-- facts from the raw rows and appends only the difference to the deltas (0032's statistics_refresh_members, as the
-- triggers did), and removes them from the queue, in one transaction:
-- - the queue holds a member once (primary key; a writer's insert of a member already queued does nothing, or waits
--   for a fold that is removing it, then queues it again: the fold may not have seen that writer's rows);
-- - a fold removes its members from the queue first, then recomputes them (a later statement, so it sees every
--   write committed before the removal); two folds never take the same member (`for update skip locked`, or, before
--   a read, `for update`: a read waits for a fold under way so that it sees its result);
-- - a change of the tree (0032's triggers on org_unit_versions, still in the writer's transaction: rare, small) and
--   a fold exclude each other through one advisory lock (folds share it, the tree change takes it alone): each sees
--   the other's facts or versions, which closes 0032's known limit of a tree change and a member change of the same
--   cell committed at once. The rebuild and the checkpoints take it alone too, so no delta is appended under them.
-- A read folds the queue first when it holds a few members (statistics_fold_for_read), else answers from the raw
-- history, as before the aggregates were built; `cellbase serve` folds in the background.

create table statistics_pending_members (
  member_id bigint primary key,
  queued_at timestamptz not null default now()
);

-- Whole years from birth to on_date, as date_part('year', age(on_date, birth)) counts them (29 February: a year is
-- complete on 1 March in a common year), in arithmetic the planner inlines: age() is only stable (it goes through
-- timestamptz), which kept 0032's functions from being inlined and made the age bands most of a fold's time.
create function statistics_whole_years(on_date date, birth date) returns integer language sql immutable as $$
  select (extract(year from on_date) - extract(year from birth))::integer
    - case when (extract(month from on_date), extract(day from on_date)) < (extract(month from birth), extract(day from birth)) then 1 else 0 end
$$;

create or replace function statistics_age_band(on_date date, birth date) returns text language sql immutable as $$
  select case when statistics_whole_years(on_date, birth) <= 30 then 'to_30' when statistics_whole_years(on_date, birth) <= 35 then '31_35'
    when statistics_whole_years(on_date, birth) <= 40 then '36_40' when statistics_whole_years(on_date, birth) <= 45 then '41_45'
    when statistics_whole_years(on_date, birth) <= 50 then '46_50' when statistics_whole_years(on_date, birth) <= 55 then '51_55'
    when statistics_whole_years(on_date, birth) <= 60 then '56_60' when statistics_whole_years(on_date, birth) <= 70 then '61_70' else 'over_70' end
$$;

create or replace function statistics_age_from(birth date, years integer) returns date language sql immutable as $$
  select case when statistics_whole_years((birth + make_interval(years => years))::date, birth) >= years
    then (birth + make_interval(years => years))::date else (birth + make_interval(years => years))::date + 1 end
$$;

-- The deltas' statement costs far more than jit_above_cost once nested loops are off, and compiling it took longer
-- than running it (about 2 s a call, with no fact at all): no JIT for it, nor for the refresh around it.
alter function statistics_deltas(statistics_member_facts[], org_unit_versions[], integer) set jit = off;

-- 0032's refresh, the members' old facts found through their index (`= any`, not `in (select unnest(…))`, which
-- the planner read as a join over the whole table).
create or replace function statistics_refresh_members(ids bigint[]) returns void language plpgsql security definer set search_path = public set jit = off as $$
begin
  if ids is null or cardinality(ids) = 0 then return; end if;
  with fresh as (
    select * from statistics_member_facts_of(ids)
  ), old as (
    delete from statistics_member_facts f where f.member_id = any(ids) returning f.*
  ), ins as (
    insert into statistics_member_facts select * from fresh
  ), removed as (
    select array(select row(c.*)::statistics_member_facts from (select * from old except all select * from fresh) c) as fs
  ), added as (
    select array(select row(c.*)::statistics_member_facts from (select * from fresh except all select * from old) c) as fs
  )
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select k.* from removed cross join lateral statistics_deltas(removed.fs, statistics_versions_of(removed.fs), -1) k
  union all
  select k.* from added cross join lateral statistics_deltas(added.fs, statistics_versions_of(added.fs), 1) k;
end $$;

-- The advisory lock folds share and a change of the tree, the rebuild and the checkpoints take alone.
create function statistics_fold_lock() returns bigint language sql immutable as $$ select 727038::bigint $$;

-- Writers: the members a statement on placements or events touched, queued (in member order, so that two writers
-- queueing the same members wait for each other in one order).
create or replace function statistics_member_rows_changed() returns trigger language plpgsql as $$
begin
  -- Not built (statistics_checkpoint_marks empty): nothing kept, the reads count from the raw history.
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  if TG_OP = 'INSERT' then
    insert into statistics_pending_members (member_id) select distinct member_id from new_rows order by 1 on conflict do nothing;
  elsif TG_OP = 'UPDATE' then
    insert into statistics_pending_members (member_id) select member_id from new_rows union select member_id from old_rows order by 1 on conflict do nothing;
  else
    insert into statistics_pending_members (member_id) select distinct member_id from old_rows order by 1 on conflict do nothing;
  end if;
  return null;
end $$;

-- Writers: the members whose counted fields a statement on members changed, queued.
create or replace function statistics_member_record_changed() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  insert into statistics_pending_members (member_id)
  select n.id from new_rows n join old_rows o on o.id = n.id
  where (n.sex, n.birth_date, n.ethnicity, n.religion, n.education_level, n.professional_level, n.theory_level, n.occupation)
    is distinct from (o.sex, o.birth_date, o.ethnicity, o.religion, o.education_level, o.professional_level, o.theory_level, o.occupation)
  order by 1 on conflict do nothing;
  return null;
end $$;

-- A change of the tree: as in 0032, after waiting for the folds under way (and keeping new ones out until it
-- commits), so that it moves the facts they wrote and they see its versions. Only a change of units that are or were
-- cells waits: members are placed in cells alone (0026), so the facts of the others' versions are none (establishing
-- committees, renaming a district… do not wait; the moves of the cells beneath them do).
create or replace function statistics_unit_versions_changed() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  if TG_OP = 'INSERT' then
    if not exists (select 1 from org_unit_versions v where v.unit_id in (select n.unit_id from new_rows n) and v.kind in ('cell', 'grassroots_cell')) then
      return null;
    end if;
  elsif not exists (select 1 from org_unit_versions v where v.unit_id in (select o.unit_id from old_rows o) and v.kind in ('cell', 'grassroots_cell'))
    and not exists (select 1 from old_rows o where o.kind in ('cell', 'grassroots_cell')) then
    return null;
  end if;
  perform pg_advisory_xact_lock(statistics_fold_lock());
  if TG_OP in ('UPDATE', 'DELETE') then
    perform statistics_append_versions(array(select row(o.*)::org_unit_versions from old_rows o), -1);
  end if;
  if TG_OP in ('INSERT', 'UPDATE') then
    perform statistics_append_versions(array(select row(n.*)::org_unit_versions from new_rows n), 1);
  end if;
  return null;
end $$;

-- Folds up to max_members queued members, skipping those another fold holds; returns how many it folded (0 when a
-- change of the tree, a rebuild or the checkpoints hold the lock: the next fold takes them).
create function statistics_fold(max_members integer default 500) returns integer language plpgsql security definer set search_path = public as $$
declare
  ids bigint[];
begin
  if not pg_try_advisory_xact_lock_shared(statistics_fold_lock()) then return 0; end if;
  with taken as (
    delete from statistics_pending_members q
    where q.member_id in (select p.member_id from statistics_pending_members p order by p.member_id limit max_members for update skip locked)
    returning q.member_id
  )
  select array_agg(t.member_id order by t.member_id) into ids from taken t;
  -- A statement of its own: its snapshot holds every write committed before the members left the queue.
  perform statistics_refresh_members(ids);
  return coalesce(cardinality(ids), 0);
end $$;

-- Before a read from the kept aggregates: true when they are built and nothing is left queued (the queue folded here
-- if it held at most max_members, waiting for the folds under way); false when the raw history must answer (not
-- built, too many queued, or a change of the tree, a rebuild or the checkpoints under way).
create function statistics_fold_for_read(max_members integer) returns boolean language plpgsql security definer set search_path = public as $$
declare
  ids bigint[];
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return false; end if;
  if not pg_try_advisory_xact_lock_shared(statistics_fold_lock()) then return false; end if;
  if not exists (select 1 from statistics_pending_members) then return true; end if;
  if (select count(*) from (select 1 from statistics_pending_members limit max_members + 1) x) > max_members then return false; end if;
  with taken as (
    delete from statistics_pending_members q
    where q.member_id in (select p.member_id from statistics_pending_members p order by p.member_id limit max_members for update)
    returning q.member_id
  )
  select array_agg(t.member_id order by t.member_id) into ids from taken t;
  perform statistics_refresh_members(ids);
  return true;
end $$;

-- 0032's checkpoints and rebuild, under the lock taken alone: no fold or tree change appends a delta meanwhile (a
-- delta of an id below the checkpoint's mark committed after it would be counted by neither). The rebuild leaves the
-- queue as it is (emptying it would make a writer queueing one of its members wait for the whole rebuild): what is
-- queued is folded after it, against the rebuilt facts (nothing to add for what the rebuild saw).
alter function statistics_checkpoint() rename to statistics_checkpoint_unlocked;
create function statistics_checkpoint() returns void language plpgsql security definer set search_path = public as $$
begin
  perform pg_advisory_xact_lock(statistics_fold_lock());
  perform statistics_checkpoint_unlocked();
end $$;

alter function statistics_rebuild(integer) rename to statistics_rebuild_unlocked;
create function statistics_rebuild(slice integer default 200000) returns void language plpgsql security definer set search_path = public as $$
begin
  perform pg_advisory_xact_lock(statistics_fold_lock());
  perform statistics_rebuild_unlocked(slice);
end $$;

revoke all on function statistics_checkpoint_unlocked() from public;
revoke all on function statistics_rebuild_unlocked(integer) from public;

-- Turns the kept aggregates off (the reads count from the raw history until `cellbase statistics rebuild`): after a
-- load too large to rebuild at once (the national demo data, tools/demo).
create function statistics_unbuild() returns void language plpgsql security definer set search_path = public as $$
begin
  perform pg_advisory_xact_lock(statistics_fold_lock());
  truncate statistics_member_facts, statistics_member_deltas, statistics_member_checkpoints, statistics_checkpoint_marks, statistics_pending_members;
end $$;
revoke all on function statistics_unbuild() from public;

-- On by default in a new database: with no member yet there is nothing to build (no fact, no delta), so it is marked
-- built here and kept from its first member on. A database that has members stays not built (the reads count from
-- the raw history) until `cellbase statistics rebuild`.
insert into statistics_checkpoint_marks (through_id)
select 0 where not exists (select 1 from statistics_checkpoint_marks) and not exists (select 1 from members);
