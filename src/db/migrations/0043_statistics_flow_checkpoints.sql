-- Checkpoints for the flows, so that a period's changes read two checkpoints instead of every delta of the period.
--
-- A changes form over a year summed a year of the unit's flow deltas by every dimension: for the centre, every event
-- of the country's year (326 ms nationally for 2025; issue 12's goal is 200 ms). A flow checkpoint on day c holds,
-- for each key (measure, dimension, value), the sum of the key's deltas before c, as the stocks' checkpoints do; the
-- flows over [from, to] are then C(ct) − C(cf) + the deltas of [ct, to] − those of [cf, from) + the late entries of
-- [cf, ct), where ct is the last checkpoint on or before to + 1 and cf the last on or before from (bench/README.md,
-- "Statistics"). They are kept for the units kept by every dimension (a month's first day), where a period's deltas
-- are many; the others' flows are summed from their deltas (a year of a unit below a province is a few hundred rows).
-- A cumulative sum rarely returns to zero, so the rows are those of the month units' keys for every month: about 2.6
-- million nationally beside the stocks' 4.8 million (measured in the benchmark).
create table statistics_member_flow_checkpoints (
  unit_id  bigint not null,
  on_date  date not null,
  measure  text not null,
  dim      text not null,
  value    text,
  count    integer not null
);
create index statistics_member_flow_checkpoints_unit on statistics_member_flow_checkpoints (unit_id, on_date);

-- A read from the kept aggregates by a caller whose scope is a subtree checks that no unit under the asked one on the
-- date lies outside the scope now (a unit moved out since): by the paths' prefix, which the (path, valid_from) index
-- cannot serve under every collation. Without it the check scanned every version (700,000 nationally).
create index org_unit_versions_path_pattern on org_unit_versions (path text_pattern_ops) where voided_by_batch_id is null;

-- The stocks' checkpoints as 0042 builds them, and monthly for the units at depth 3 too (a province's breakdown by the
-- units under it); then the flows' for the units kept by every dimension (their month checkpoints); one mark for
-- both, so a read adds the same late entries to either.
create or replace function statistics_checkpoint_unlocked() returns void language plpgsql security definer set search_path = public
set jit = off set work_mem = '256MB' as $$
declare
  through bigint;
begin
  select coalesce(max(id), 0) into through from statistics_member_deltas;
  truncate statistics_member_checkpoints, statistics_member_flow_checkpoints;
  insert into statistics_member_checkpoints (unit_id, on_date, measure, dim, value, count)
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
  select r.unit_id, c::date, r.measure, r.dim, r.value, r.count::integer
  from runs r
  cross join lateral generate_series(r.on_date, least(coalesce(r.next - ('1 ' || r.step)::interval, 'infinity'::timestamp),
    date_trunc(r.step, current_date::timestamp)), ('1 ' || r.step)::interval) c
  where r.count <> 0;
  -- The flows of the units with deltas by a dimension (the centre and the units under it), on each month's first day.
  insert into statistics_member_flow_checkpoints (unit_id, on_date, measure, dim, value, count)
  with units as (
    select distinct k.unit_id from statistics_member_checkpoints k where k.dim <> ''
  ), buckets as (
    select d.unit_id, d.measure, d.dim, d.value, date_trunc('month', d.on_date) + interval '1 month' as on_date, sum(d.delta) as n
    from statistics_member_deltas d join units u on u.unit_id = d.unit_id
    where d.id <= through and d.measure not in ('probationary', 'official', 'exempted') and d.on_date <= current_date
    group by 1, 2, 3, 4, 5
  ), runs as (
    select k.*, sum(k.n) over w as count, lead(k.on_date) over w as next
    from buckets k window w as (partition by k.unit_id, k.measure, k.dim, k.value order by k.on_date)
  )
  select r.unit_id, c::date, r.measure, r.dim, r.value, r.count::integer
  from runs r
  cross join lateral generate_series(r.on_date, least(coalesce(r.next - interval '1 month', 'infinity'::timestamp),
    date_trunc('month', current_date::timestamp)), interval '1 month') c
  where r.count <> 0;
  delete from statistics_checkpoint_marks;
  insert into statistics_checkpoint_marks (through_id) values (through);
  analyze statistics_member_checkpoints;
  analyze statistics_member_flow_checkpoints;
end $$;
revoke all on function statistics_checkpoint_unlocked() from public;

create or replace function statistics_unbuild() returns void language plpgsql security definer set search_path = public as $$
begin
  perform pg_advisory_xact_lock(statistics_fold_lock());
  truncate statistics_member_facts, statistics_member_moves, statistics_member_deltas, statistics_member_checkpoints,
    statistics_member_flow_checkpoints, statistics_checkpoint_marks, statistics_pending_members;
end $$;
revoke all on function statistics_unbuild() from public;

-- A database already built gets its flows' checkpoints from the daily job (`memberStatisticsCheckpoints`), not here:
-- nationally the build takes minutes, and a flow read without them sums the period's deltas, exact either way.
