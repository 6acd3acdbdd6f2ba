-- The kept aggregates' first build as a few set-based statements (issue 12, "rebuildable from the raw history", at
-- national scale; src/modules/statistics/NOTES.md, "Speed"). 0032's rebuild passed slices of 200,000 members' facts
-- as arrays through statistics_deltas (the fold's function, written for a few hundred members): about 3 ms a member,
-- hours for the country. Here the facts are written to their table first, then every delta is computed from the
-- table in one statement per unit under the centre (hash joins and aggregates, no array): each fact is intersected with
-- each version of its cell (a stay counts in a version over the days both cover; an event if its day lies in it),
-- and the pieces give the same contributions statistics_deltas gives (0032: +1 on the first day, −1 on the end, the
-- age band moving on the birthdays where it changes; every ancestor by the total, depth ≤ 2 by every dimension; the
-- cell itself only when it is a grassroots cell). The dimensions are summed as grouping sets, so a piece is read once
-- for all of them instead of being copied once per dimension.
-- Two formulations of one rule: the fold's (statistics_deltas, through arrays) and the rebuild's (here, over the
-- tables). kept-aggregates.test.ts compares the sums the folds kept with those a rebuild writes after every step of
-- its story, so the two cannot drift apart unnoticed.

-- The age band in fewer operations, the same values (compared with 0038's on 3 million random date pairs and on every
-- day of forty years after eleven 29 Februaries): whole years through date_part (a double; 0038's extract returns a
-- numeric, several times slower), and the band looked up from the years named once (0038's case named them eight
-- times, and the planner copied the whole expression into each). A rebuild computes it for every stay's birthdays.
create or replace function statistics_whole_years(on_date date, birth date) returns integer language sql immutable as $$
  select (date_part('year', on_date) - date_part('year', birth))::integer
    - case when (date_part('month', on_date), date_part('day', on_date)) < (date_part('month', birth), date_part('day', birth)) then 1 else 0 end
$$;

-- The bands of the edition 11-HD/BTCTW (src/rules/statistics-editions.ts): the band of a whole number of years is the
-- label after the last threshold it reaches.
create or replace function statistics_age_band(on_date date, birth date) returns text language sql immutable as $$
  select (array['to_30', '31_35', '36_40', '41_45', '46_50', '51_55', '56_60', '61_70', 'over_70'])[
    width_bucket(statistics_whole_years(on_date, birth), array[31, 36, 41, 46, 51, 56, 61, 71]) + 1]
$$;

create or replace function statistics_rebuild_stays_unlocked(slice integer default 200000) returns void language plpgsql
security definer set search_path = public set jit = off set work_mem = '512MB' as $$
declare
  last_id bigint := 0;
  ids bigint[];
  roots bigint[];
  top bigint;
begin
  truncate statistics_member_facts, statistics_member_deltas, statistics_member_checkpoints, statistics_checkpoint_marks;
  loop
    ids := array(select id from members where id > last_id order by id limit slice);
    exit when cardinality(ids) = 0;
    insert into statistics_member_facts select * from statistics_member_facts_of(ids);
    last_id := ids[cardinality(ids)];
  end loop;
  analyze statistics_member_facts;

  -- Each non-voided version of a unit with the units its path counts a fact for (the cell itself only when it is a
  -- grassroots cell), the first two (the centre, the unit under it, 0 for none) apart: they are kept by every dimension.
  create temp table statistics_rebuild_versions on commit drop as
    select v.unit_id, v.sector, v.valid_from, v.valid_to, u.units, u.units[1] as u1, coalesce(u.units[2], 0) as u2
    from org_unit_versions v
    cross join lateral (select array(select x.id::bigint from unnest(string_to_array(trim(both '/' from v.path), '/')) x(id)
      where x.id <> '' and not (v.kind = 'cell' and x.id::bigint = v.unit_id)) as units) u
    where v.voided_by_batch_id is null;
  create index on statistics_rebuild_versions (u2);
  analyze statistics_rebuild_versions;
  roots := array(select distinct u1 from statistics_rebuild_versions where u1 is not null);
  -- The centre's rows summed over the units under it, written once at the end.
  create temp table statistics_rebuild_roots (like statistics_member_deltas excluding all) on commit drop;

  -- One statement per unit under the centre (a province, a central bloc): its facts' deltas fit in memory, with no
  -- spill to disk (the whole country in one statement wrote 25 GB of temporary files).
  for top in select distinct u2 from statistics_rebuild_versions order by 1 loop
    with placed as materialized (
      -- Each fact through each version of its cell: the days both cover, [a, b) (b null while open; an event has its
      -- day alone).
      select f.measure, f.is_flow, f.birth_date, f.sex,
        coalesce(f.ethnicity, 'unknown') as ethnicity, coalesce(f.religion, 'unknown') as religion,
        coalesce(f.education_level, 'unknown') as education_level, coalesce(f.professional_level, 'unknown') as professional_level,
        coalesce(f.theory_level, 'unknown') as theory_level, coalesce(f.occupation, 'unknown') as occupation,
        case when not f.is_flow then null when f.occupation = 'student' then 'student' else coalesce(v.sector, 'unknown') end as source,
        greatest(f.valid_from, v.valid_from) as a,
        case when f.is_flow then null else nullif(least(coalesce(f.valid_to, 'infinity'::date), coalesce(v.valid_to, 'infinity'::date)), 'infinity'::date) end as b,
        v.units, v.u1, v.u2
      from statistics_rebuild_versions v
      join statistics_member_facts f on f.cell_id = v.unit_id
      where v.u2 = top and case when f.is_flow then f.valid_from >= v.valid_from and (v.valid_to is null or f.valid_from < v.valid_to)
        else (v.valid_to is null or f.valid_from < v.valid_to) and (f.valid_to is null or f.valid_to > v.valid_from) end
    ), ends as materialized (
      -- The stock's steps (+1 on a, −1 on b) and the event's count.
      select p.*, e.d, e.s from placed p cross join lateral (values (p.a, 1), (p.b, -1)) e(d, s) where e.d is not null
    ), totals as (
      -- Every unit of the path by the total.
      select u.id as unit_id, e.d as on_date, e.measure, '' as dim, null::text as value, sum(e.s) as delta
      from ends e cross join lateral unnest(e.units) u(id)
      group by 1, 2, 3 having sum(e.s) <> 0
    ), dims as materialized (
      -- By each dimension for the pair (centre, unit under it), summed for each of them below; 'source' counts events
      -- alone.
      select e.u1, e.u2, e.d as on_date, e.measure,
        case when grouping(e.sex) = 0 then 'sex' when grouping(e.ethnicity) = 0 then 'ethnicity' when grouping(e.religion) = 0 then 'religion'
          when grouping(e.education_level) = 0 then 'educationLevel' when grouping(e.professional_level) = 0 then 'professionalLevel'
          when grouping(e.theory_level) = 0 then 'theoryLevel' when grouping(e.occupation) = 0 then 'occupation' else 'source' end as dim,
        case when grouping(e.sex) = 0 then e.sex when grouping(e.ethnicity) = 0 then e.ethnicity when grouping(e.religion) = 0 then e.religion
          when grouping(e.education_level) = 0 then e.education_level when grouping(e.professional_level) = 0 then e.professional_level
          when grouping(e.theory_level) = 0 then e.theory_level when grouping(e.occupation) = 0 then e.occupation else e.source end as value,
        sum(e.s) as delta
      from ends e
      group by grouping sets ((e.u1, e.u2, e.d, e.measure, e.sex), (e.u1, e.u2, e.d, e.measure, e.ethnicity), (e.u1, e.u2, e.d, e.measure, e.religion),
        (e.u1, e.u2, e.d, e.measure, e.education_level), (e.u1, e.u2, e.d, e.measure, e.professional_level), (e.u1, e.u2, e.d, e.measure, e.theory_level),
        (e.u1, e.u2, e.d, e.measure, e.occupation), (e.u1, e.u2, e.d, e.measure, e.source))
      union all
      -- The age band: on a, taken back on b (as of its eve), and moved on each birthday inside a stay where it changes.
      select p.u1, p.u2, g.d, p.measure, 'ageBand', g.band, sum(g.s)
      from placed p
      cross join lateral (
        select p.a as d, statistics_age_band(p.a, p.birth_date) as band, 1 as s
        union all select p.b, statistics_age_band(p.b - 1, p.birth_date), -1 where p.b is not null
        union all select y.x, z.band, z.s
          -- (offset 0: the birthday computed once, not inlined into each band's expression)
          from (select statistics_age_from(p.birth_date, n) as x from unnest(array[31, 36, 41, 46, 51, 56, 61, 71]) n offset 0) y
          cross join lateral (values (statistics_age_band(y.x, p.birth_date), 1), (statistics_age_band(y.x - 1, p.birth_date), -1)) z(band, s)
          where not p.is_flow and y.x > p.a and (p.b is null or y.x < p.b)
      ) g
      group by 1, 2, 3, 4, 5, 6
    ), k as (
      select * from totals
      union all
      select d.u2, d.on_date, d.measure, d.dim, d.value, sum(d.delta) from dims d
      where d.u2 <> 0 and (d.dim <> 'source' or d.value is not null) group by 1, 2, 3, 4, 5 having sum(d.delta) <> 0
      union all
      select d.u1, d.on_date, d.measure, d.dim, d.value, sum(d.delta) from dims d
      where d.u1 is not null and (d.dim <> 'source' or d.value is not null) group by 1, 2, 3, 4, 5
    ), at_root as (
      insert into statistics_rebuild_roots (id, unit_id, on_date, measure, dim, value, delta)
      select 0, k.unit_id, k.on_date, k.measure, k.dim, k.value, k.delta from k where k.unit_id = any(roots)
    )
    insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
    select k.unit_id, k.on_date, k.measure, k.dim, k.value, k.delta::integer from k
    where not (k.unit_id = any(roots)) and k.delta <> 0 order by k.unit_id, k.on_date;
  end loop;
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select r.unit_id, r.on_date, r.measure, r.dim, r.value, sum(r.delta)::integer from statistics_rebuild_roots r
  group by 1, 2, 3, 4, 5 having sum(r.delta) <> 0 order by 1, 2;
  -- (The checkpoints are built by statistics_rebuild_unlocked, after the moves.)
end $$;
revoke all on function statistics_rebuild_stays_unlocked(integer) from public;

-- 0032's checkpoints without their grid: 0032 crossed every key with every month since its unit's first and joined the
-- buckets back on an expression of the value, which the planner could only merge on the unit, the measure and the
-- dimension and filter after (403 million rows compared for the province's 145,000 checkpoint rows: 85 s). Here each
-- bucket's running sum is carried to the months up to the next bucket of its key (the same rows: a month with no
-- bucket holds the latest sum, a sum of 0 is left out).
create or replace function statistics_checkpoint_unlocked() returns void language plpgsql security definer set search_path = public
set jit = off set work_mem = '256MB' as $$
declare
  through bigint;
begin
  select coalesce(max(id), 0) into through from statistics_member_deltas;
  truncate statistics_member_checkpoints;
  insert into statistics_member_checkpoints (unit_id, on_date, measure, dim, value, count)
  with b as (
    select d.unit_id, d.on_date, d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
    where d.id <= through and d.measure in ('probationary', 'official', 'exempted') and d.on_date <= current_date
  ), units as (
    -- A month's first day for the units kept by every dimension, a year's first day for the others.
    select b.unit_id, case when bool_or(b.dim <> '') then 'month' else 'year' end as step from b group by b.unit_id
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
  delete from statistics_checkpoint_marks;
  insert into statistics_checkpoint_marks (through_id) values (through);
  analyze statistics_member_checkpoints;
end $$;
revoke all on function statistics_checkpoint_unlocked() from public;

-- 0040's move deltas, the same rows in a quarter of the time (the province's 171,568 moves: 7.1 s → 1.9 s, compared row
-- for row): the other side's path split and the age band computed once a move, not once for each of its units and
-- dimensions, and the dimensions expanded for the units at depth ≤ 2 alone instead of expanded for all and filtered.
create or replace function statistics_move_deltas(ms statistics_member_moves[], sign integer)
returns table (unit_id bigint, on_date date, measure text, dim text, value text, delta integer) language sql immutable set jit = off as $$
  select a.id, m.on_date, m.measure, v.dim, v.value, (count(*) * sign)::integer
  from unnest(ms) m
  cross join lateral (select string_to_array(trim(both '/' from coalesce(m.other_path, '')), '/') as other,
    statistics_age_band(m.on_date, m.birth_date) as band) o
  cross join lateral (select x.id::bigint as id, x.depth from unnest(string_to_array(trim(both '/' from m.path), '/')) with ordinality as x(id, depth)
    where x.id <> '' and not (m.cell_kind = 'cell' and x.id::bigint = m.cell_id) and not (x.id = any(o.other))) a
  cross join lateral (select '' as dim, null::text as value
    union all
    select w.dim, w.value from (values ('sex', m.sex), ('ethnicity', coalesce(m.ethnicity, 'unknown')),
      ('religion', coalesce(m.religion, 'unknown')), ('educationLevel', coalesce(m.education_level, 'unknown')),
      ('professionalLevel', coalesce(m.professional_level, 'unknown')), ('theoryLevel', coalesce(m.theory_level, 'unknown')),
      ('occupation', coalesce(m.occupation, 'unknown')), ('source', null::text), ('ageBand', o.band)) w(dim, value)
    where a.depth <= 2) v
  group by 1, 2, 3, 4, 5
$$;

-- 0040's rebuild, the checkpoints built after the moves and the rewritten tables analyzed at its end. Built before the
-- moves (0032's order), the checkpoints' mark left the 101,775 moves' deltas of the country "late": every stock read
-- then searched them once per unit (690 ms for the 130 units under Hà Nội). With the statistics of the tables as they
-- were before the rebuild (empty, or another size), the planner read a stock's late entries through the unit's index
-- instead of the id's, and the national form took 950 ms instead of 11 on the root's 3.1 million deltas.
create or replace function statistics_rebuild_unlocked(slice integer default 200000) returns void language plpgsql security definer set search_path = public as $$
begin
  perform statistics_rebuild_stays_unlocked(slice);
  perform statistics_rebuild_moves(slice);
  perform statistics_checkpoint();
  analyze statistics_member_facts;
  analyze statistics_member_moves;
  analyze statistics_member_deltas;
  analyze statistics_member_checkpoints;
end $$;
revoke all on function statistics_rebuild_unlocked(integer) from public;
