-- The source of an admission (nguồn kết nạp) by the sector of the grassroots organization that admitted the member
-- (src/modules/statistics/NOTES.md, "What a figure means").
--
-- 0032 took the sector of the admitting cell's own version. Sectors are recorded on grassroots organizations (a
-- grassroots committee, a grassroots cell: ORG_SECTORS, the organizations form counts them so); a cell under a
-- grassroots committee has none, so every admission in such a cell was counted "not recorded" (the province dataset's
-- 2025: 2,798 of 2,981). The sector is now the unit's own, else its nearest ancestor's that has one, on the day
-- (org_grassroots_sector), for the admissions and re-admissions, the only flows the forms break down by source (the
-- other flows' 'source' rows, never read, keep the cell's own sector, so their kept rows need no correction). The
-- raw count (src/modules/members/statistics.ts) and the admissions' source (src/modules/admissions/statistics.ts,
-- by sector) use the same function.
--
-- Both formulations change together (the fold's statistics_deltas, the rebuild's statement: kept-aggregates.test.ts
-- compares them), and the deltas kept so far are corrected in place of a rebuild: for every admission fact in a cell
-- without a sector of its own, -1 on 'unknown' and +1 on the sector found, for the centre and the unit under it (the
-- units kept by source), appended under the folds' lock like any fold's deltas. They are late entries for the
-- checkpoints (exact, slower until the next build: `cellbase statistics checkpoint`, or the daily job).
--
-- Known limit: a change of a grassroots organization's own sector (a new version of the committee) is not carried
-- into the kept 'source' rows of the admissions already folded in its cells (committees' versions have no facts, so
-- their triggers append nothing); `cellbase statistics rebuild` after such a change, as after a new edition.

-- The sector of the grassroots organization a unit of `unit_path` lay in on the day: its own, else its nearest
-- ancestor's. (The parameters are named apart from the table's columns: in an SQL function a column wins.)
create function org_grassroots_sector(unit_path text, on_day date) returns text language sql stable parallel safe as $$
  select a.sector from org_unit_versions a
  where a.unit_id = any(string_to_array(trim(both '/' from org_grassroots_sector.unit_path), '/')::bigint[])
    and a.voided_by_batch_id is null and a.sector is not null
    and a.valid_from <= org_grassroots_sector.on_day and (a.valid_to is null or a.valid_to > org_grassroots_sector.on_day)
  order by a.depth desc limit 1
$$;

-- 0032's statistics_deltas (with 0038's jit = off, which a replacement would drop), the admissions' source as above.
create or replace function statistics_deltas(fs statistics_member_facts[], vs org_unit_versions[], sign integer)
returns table (unit_id bigint, on_date date, measure text, dim text, value text, delta integer) language sql stable
-- The planner takes an array for a few rows: without this, the facts' rows would be joined to the versions' in a loop.
set enable_nestloop = off set work_mem = '64MB' set jit = off as $$
  with f as (
    select * from unnest(fs)
  ), cell as (
    select x.cell_id, x.d, x.measure, x.is_flow, x.dim, x.value, sum(x.s) as n from (
      select f.cell_id, p.d, f.measure, f.is_flow, v.dim, v.value, p.s
      from f
      cross join lateral (values (f.valid_from, 1), (f.valid_to, -1)) p(d, s)
      cross join lateral (values ('', null::text), ('sex', f.sex), ('ethnicity', coalesce(f.ethnicity, 'unknown')),
        ('religion', coalesce(f.religion, 'unknown')), ('educationLevel', coalesce(f.education_level, 'unknown')),
        ('professionalLevel', coalesce(f.professional_level, 'unknown')), ('theoryLevel', coalesce(f.theory_level, 'unknown')),
        ('occupation', coalesce(f.occupation, 'unknown')), ('source', case when f.occupation = 'student' then 'student' else '' end)) v(dim, value)
      where p.d is not null and (v.dim <> 'source' or f.is_flow)
      union all
      select f.cell_id, a.d, f.measure, f.is_flow, 'ageBand', statistics_age_band(a.at, f.birth_date), a.s
      from f
      cross join lateral (
        select f.valid_from as d, f.valid_from as at, 1 as s
        union all select f.valid_to, f.valid_to - 1, -1 where f.valid_to is not null
        union all select b.x, b.at, b.s from (select statistics_age_from(f.birth_date, e) as x from unnest(array[31, 36, 41, 46, 51, 56, 61, 71]) e) y
          cross join lateral (values (y.x, y.x, 1), (y.x, y.x - 1, -1)) b(x, at, s)
          where not f.is_flow and y.x > f.valid_from and (f.valid_to is null or y.x < f.valid_to)
      ) a
    ) x
    group by 1, 2, 3, 4, 5, 6 having sum(x.s) <> 0
  ), placed as (
    select v.unit_id, v.path, v.kind, e.d, c.measure, c.dim,
      case when c.dim = 'source' and c.value = '' then
        coalesce(case when c.measure in ('admitted', 'readmitted') then org_grassroots_sector(v.path, e.d) else v.sector end, 'unknown')
        else c.value end as value, e.n
    from cell c
    join unnest(vs) v on v.unit_id = c.cell_id and v.voided_by_batch_id is null
    cross join lateral (
      select greatest(c.d, v.valid_from) as d, c.n where not c.is_flow and (v.valid_to is null or c.d < v.valid_to)
      union all select v.valid_to, -c.n where not c.is_flow and v.valid_to is not null and c.d < v.valid_to
      union all select c.d, c.n where c.is_flow and c.d >= v.valid_from and (v.valid_to is null or c.d < v.valid_to)
    ) e
  )
  select a.id::bigint, p.d, p.measure, p.dim, p.value, (sum(p.n) * sign)::integer
  from placed p
  cross join lateral unnest(string_to_array(trim(both '/' from p.path), '/')) with ordinality as a(id, depth)
  where a.id <> '' and not (p.kind = 'cell' and a.id::bigint = p.unit_id) and (a.depth <= 2 or p.dim = '')
  group by 1, 2, 3, 4, 5 having sum(p.n) <> 0
$$;


-- 0042's rebuild of the stays and events, the admissions' source as above (the versions carry their path for it).
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
    select v.unit_id, v.sector, v.path, v.valid_from, v.valid_to, u.units, u.units[1] as u1, coalesce(u.units[2], 0) as u2
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
        case when not f.is_flow then null when f.occupation = 'student' then 'student'
          when f.measure in ('admitted', 'readmitted') then coalesce(org_grassroots_sector(v.path, f.valid_from), 'unknown')
          else coalesce(v.sector, 'unknown') end as source,
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

-- The deltas kept so far: each admission fact (not a student's) through the version of its cell on its day, where the
-- cell has no sector of its own and an ancestor has one, moved from 'unknown' to that sector for the centre and the
-- unit under it (the cell itself only when it is a grassroots cell, which has a sector of its own: none here).
do $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return; end if;
  perform pg_advisory_xact_lock(statistics_fold_lock());
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select a.id::bigint, f.valid_from, f.measure, 'source', x.value, sum(x.s)::integer
  from statistics_member_facts f
  join org_unit_versions v on v.unit_id = f.cell_id and v.voided_by_batch_id is null
    and f.valid_from >= v.valid_from and (v.valid_to is null or f.valid_from < v.valid_to)
  cross join lateral (select org_grassroots_sector(v.path, f.valid_from) as sector) g
  cross join lateral (values ('unknown', -1), (g.sector, 1)) x(value, s)
  cross join lateral unnest(string_to_array(trim(both '/' from v.path), '/')) with ordinality as a(id, depth)
  where f.is_flow and f.measure in ('admitted', 'readmitted') and f.occupation is distinct from 'student'
    and v.sector is null and g.sector is not null
    and a.id <> '' and a.depth <= 2 and not (v.kind = 'cell' and a.id::bigint = v.unit_id)
  group by 1, 2, 3, 4, 5 having sum(x.s) <> 0
  order by 1, 2;
end $$;
