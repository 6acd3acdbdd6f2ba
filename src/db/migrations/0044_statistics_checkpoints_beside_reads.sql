-- The checkpoints built beside the reads, and the reads waiting a moment for a change of the tree instead of counting
-- raw (src/modules/statistics/NOTES.md, "A build beside the reads").
--
-- Until now the build held the folds' lock alone for its whole run (316 s nationally, once a month) and truncated the
-- checkpoints, and a read that could not take the lock at once counted from the raw history, which for the country
-- takes 94–194 s: past the 60 s statement limit, so a national form failed while a month's checkpoints were built, and
-- whenever a change of a cell anywhere in the country was being committed.
--
-- Now every checkpoint row carries its build's generation, which the mark names beside the last delta the build
-- holds. A read takes the mark first and then the rows of its generation only, so whatever a build does meanwhile, the
-- rows it reads and the late entries it adds (ids past the mark) belong together. A build:
--   1. takes the builders' lock (one build at a time; another build under way: nothing to do);
--   2. takes the folds' lock alone for a moment, to fix the mark: every writer of a delta holds that lock until it
--      commits, so once it is held every delta up to the mark is committed, and none below it can come later;
--   3. drops the rows of the generations before the current one (a read holds its mark for a few statements; the
--      current generation's rows stay until the next build);
--   4. writes a new generation's rows while folds and reads go on, and sets the mark: reads see the new rows and the
--      new mark together at its commit.
-- The rebuild holds the folds' lock for its whole run already and writes its checkpoints directly.

-- A build's rows are told apart by their generation, which the mark names beside the last delta they hold; the rows
-- there are form the first.
create sequence statistics_checkpoint_generations start 2;
alter table statistics_checkpoint_marks add column generation bigint not null default 1;
alter table statistics_checkpoint_marks alter column generation drop default;
alter table statistics_member_checkpoints add column generation bigint not null default 1;
alter table statistics_member_checkpoints alter column generation drop default;
alter table statistics_member_flow_checkpoints add column generation bigint not null default 1;
alter table statistics_member_flow_checkpoints alter column generation drop default;

-- A read asks for its generation's rows of one unit up to a date.
drop index statistics_member_checkpoints_unit;
drop index statistics_member_flow_checkpoints_unit;
create index statistics_member_checkpoints_unit on statistics_member_checkpoints (generation, unit_id, on_date);
create index statistics_member_flow_checkpoints_unit on statistics_member_flow_checkpoints (generation, unit_id, on_date);

-- The builders' lock: one checkpoint build at a time.
create function statistics_checkpoint_lock() returns bigint language sql immutable as $$ select 727044::bigint $$;

-- 0043's checkpoints through the delta given, written as a new generation beside the others, then the mark set.
create function statistics_checkpoint_write(through bigint) returns void language plpgsql security definer set search_path = public
set jit = off set work_mem = '256MB' as $$
declare
  gen bigint := nextval('statistics_checkpoint_generations');
begin
  insert into statistics_member_checkpoints (generation, unit_id, on_date, measure, dim, value, count)
  with b as (
    select d.unit_id, d.on_date, d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
    where d.id <= through and d.measure in ('probationary', 'official', 'exempted') and d.on_date <= current_date
  ), shallow as (
    -- The units directly under those kept by every dimension (a province's districts and communes): a breakdown of a
    -- province by them reads each one's stock, which a year's checkpoint left up to eleven months of deltas behind.
    select distinct v.unit_id from org_unit_versions v
    where v.voided_by_batch_id is null and length(v.path) - length(replace(v.path, '/', '')) <= 4
  ), units as (
    -- A month's first day for the units kept by every dimension and those just under them, a year's for the others.
    select b.unit_id, case when bool_or(b.dim <> '') or b.unit_id in (select unit_id from shallow) then 'month' else 'year' end as step
    from b group by b.unit_id
  ), buckets as (
    -- The deltas of each key summed by the first checkpoint day after them.
    select b.unit_id, u.step, b.measure, b.dim, b.value, (date_trunc(u.step, b.on_date) + ('1 ' || u.step)::interval) as on_date, sum(b.delta) as n
    from b join units u on u.unit_id = b.unit_id group by 1, 2, 3, 4, 5, 6
  ), runs as (
    select k.*, sum(k.n) over w as count, lead(k.on_date) over w as next
    from buckets k window w as (partition by k.unit_id, k.measure, k.dim, k.value order by k.on_date)
  )
  select gen, r.unit_id, c::date, r.measure, r.dim, r.value, r.count::integer
  from runs r
  cross join lateral generate_series(r.on_date, least(coalesce(r.next - ('1 ' || r.step)::interval, 'infinity'::timestamp),
    date_trunc(r.step, current_date::timestamp)), ('1 ' || r.step)::interval) c
  where r.count <> 0;
  -- The flows of the units with deltas by a dimension (the centre and the units under it), on each month's first day.
  insert into statistics_member_flow_checkpoints (generation, unit_id, on_date, measure, dim, value, count)
  with units as (
    select distinct k.unit_id from statistics_member_checkpoints k where k.generation = gen and k.dim <> ''
  ), buckets as (
    select d.unit_id, d.measure, d.dim, d.value, date_trunc('month', d.on_date) + interval '1 month' as on_date, sum(d.delta) as n
    from statistics_member_deltas d join units u on u.unit_id = d.unit_id
    where d.id <= through and d.measure not in ('probationary', 'official', 'exempted') and d.on_date <= current_date
    group by 1, 2, 3, 4, 5
  ), runs as (
    select k.*, sum(k.n) over w as count, lead(k.on_date) over w as next
    from buckets k window w as (partition by k.unit_id, k.measure, k.dim, k.value order by k.on_date)
  )
  select gen, r.unit_id, c::date, r.measure, r.dim, r.value, r.count::integer
  from runs r
  cross join lateral generate_series(r.on_date, least(coalesce(r.next - interval '1 month', 'infinity'::timestamp),
    date_trunc('month', current_date::timestamp)), interval '1 month') c
  where r.count <> 0;
  delete from statistics_checkpoint_marks;
  insert into statistics_checkpoint_marks (through_id, generation) values (through, gen);
  analyze statistics_member_checkpoints;
  analyze statistics_member_flow_checkpoints;
end $$;
revoke all on function statistics_checkpoint_write(bigint) from public;

-- Under the folds' lock, held by the caller (the rebuild): every checkpoint written again through the last delta.
create or replace function statistics_checkpoint_unlocked() returns void language plpgsql security definer set search_path = public as $$
declare
  through bigint := (select coalesce(max(id), 0) from statistics_member_deltas);
begin
  delete from statistics_member_checkpoints;
  delete from statistics_member_flow_checkpoints;
  perform statistics_checkpoint_write(through);
end $$;
revoke all on function statistics_checkpoint_unlocked() from public;

-- The build beside the reads (steps 1–4 above).
create or replace function statistics_checkpoint() returns void language plpgsql security definer set search_path = public as $$
declare
  through bigint;
  current_gen bigint;
begin
  if not pg_try_advisory_xact_lock(statistics_checkpoint_lock()) then return; end if;
  -- A lock of the session, released here (whatever interrupts it: a lock kept by a pooled session would keep every
  -- fold out): a lock of the transaction would keep the folds out until the build commits.
  begin
    perform pg_advisory_lock(statistics_fold_lock());
    -- A statement of its own, after the lock: its snapshot holds every delta the writers before it committed.
    through := (select coalesce(max(id), 0) from statistics_member_deltas);
    current_gen := (select max(generation) from statistics_checkpoint_marks);
  exception when others then
    perform pg_advisory_unlock(statistics_fold_lock());
    raise;
  end;
  perform pg_advisory_unlock(statistics_fold_lock());
  -- Not built: nothing is kept (the rebuild builds it).
  if current_gen is null then return; end if;
  delete from statistics_member_checkpoints where generation <> current_gen;
  delete from statistics_member_flow_checkpoints where generation <> current_gen;
  perform statistics_checkpoint_write(through);
end $$;

-- 0042's rebuild, its checkpoints written under the lock it holds.
create or replace function statistics_rebuild_unlocked(slice integer default 200000) returns void language plpgsql security definer set search_path = public as $$
begin
  perform statistics_rebuild_stays_unlocked(slice);
  perform statistics_rebuild_moves(slice);
  perform statistics_checkpoint_unlocked();
  analyze statistics_member_facts;
  analyze statistics_member_moves;
  analyze statistics_member_deltas;
  analyze statistics_member_checkpoints;
end $$;
revoke all on function statistics_rebuild_unlocked(integer) from public;

-- 0038's read check, waiting up to 5 s for the lock (a change of the tree or the build's moment at its mark) and for
-- the folds under way, instead of counting raw at once: the raw count of a large subtree takes longer than any wait.
create or replace function statistics_fold_for_read(max_members integer) returns boolean language plpgsql security definer
set search_path = public set lock_timeout = '5s' as $$
declare
  ids bigint[];
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return false; end if;
  begin
    perform pg_advisory_xact_lock_shared(statistics_fold_lock());
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
  exception when lock_not_available then
    return false;
  end;
end $$;
