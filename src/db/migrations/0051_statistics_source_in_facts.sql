-- The source of an admission (nguồn kết nạp: the sector of the grassroots organization that admitted the member on
-- the day, 0046) is now resolved once, when the member's facts are folded, and kept in the fact. A change of a sector
-- then reaches the kept figures like any other change: the members it concerns are queued and folded again.
--
-- Before, the kept rows resolved the sector when they were appended, through the tree as it stood at that moment.
-- A sector changed from a day before admissions already folded (a grassroots committee's sector corrected with
-- `change_kind` from its establishment, entered late) left them counted under the old sector for the centre and the
-- province until `cellbase statistics rebuild`, while the raw count said the new one; and a grassroots cell's own
-- sector changed that way took back, through its closed version, under the new sector what it had added under the
-- old. Adding through a version and taking back through it now use the fact's own value, always the same.
--
-- The rebuild (0046's statistics_rebuild_stays_unlocked) resolves the sector through the same function in the same
-- transaction as the facts it folds, so it writes what the facts say (kept-aggregates.test.ts compares the two).

alter table statistics_member_facts add column source text;

-- 0032's facts of the members, with an admission's or re-admission's source: the sector of the grassroots
-- organization of its cell's version on its day (org_grassroots_sector, 0046).
create or replace function statistics_member_facts_of(ids bigint[]) returns setof statistics_member_facts language sql stable as $$
  with ev as (
    select distinct on (e.member_id, e.effective_date) e.member_id, e.effective_date as d, e.status_after as status
    from member_events e
    where e.member_id in (select unnest(ids)) and e.status_after is not null and e.voided_by_event_id is null
    order by e.member_id, e.effective_date, e.id desc
  ), st as (
    select ev.member_id, ev.d as s_from, lead(ev.d) over (partition by ev.member_id order by ev.d) as s_to, ev.status from ev
  )
  select p.member_id, p.unit_id, st.status, false, greatest(p.valid_from, st.s_from), least(p.valid_to, st.s_to),
    m.sex, m.birth_date, m.ethnicity, m.religion, m.education_level, m.professional_level, m.theory_level, m.occupation, null::text
  from member_placements p
  join st on st.member_id = p.member_id and (p.valid_to is null or st.s_from < p.valid_to) and (st.s_to is null or st.s_to > p.valid_from)
  join members m on m.id = p.member_id
  where p.member_id in (select unnest(ids)) and p.kind = 'official' and p.voided_by_event_id is null
    and st.status in ('probationary', 'official', 'exempted')
    and (least(p.valid_to, st.s_to) is null or greatest(p.valid_from, st.s_from) < least(p.valid_to, st.s_to))
  union all
  select e.member_id, e.unit_id,
    case e.kind when 'admission' then 'admitted' when 'readmission' then 'readmitted' when 'registration' then 'registered'
      when 'recognition' then 'recognized' when 'exemption' then 'exemptedStarted' when 'removal' then 'removed'
      when 'probation_refused' then 'removed' when 'expulsion' then 'expelled' when 'death' then 'died' end,
    true, e.effective_date, null,
    m.sex, m.birth_date, m.ethnicity, m.religion, m.education_level, m.professional_level, m.theory_level, m.occupation,
    case when e.kind in ('admission', 'readmission') then (
      select org_grassroots_sector(v.path, e.effective_date) from org_unit_versions v
      where v.unit_id = e.unit_id and v.voided_by_batch_id is null and v.valid_from <= e.effective_date
        and (v.valid_to is null or v.valid_to > e.effective_date)
      limit 1) end
  from member_events e
  join members m on m.id = e.member_id
  where e.member_id in (select unnest(ids)) and e.voided_by_event_id is null and e.unit_id is not null
    and e.kind in ('admission', 'readmission', 'registration', 'recognition', 'exemption', 'removal', 'probation_refused', 'expulsion', 'death')
$$;

-- 0046's statistics_deltas, the admissions' source read off the fact (the other flows' 'source' rows, never read,
-- keep the cell version's own sector, as in 0032).
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
        ('occupation', coalesce(f.occupation, 'unknown')),
        ('source', case when f.occupation = 'student' then 'student' when f.measure in ('admitted', 'readmitted') then coalesce(f.source, 'unknown') else '' end)) v(dim, value)
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
      case when c.dim = 'source' and c.value = '' then coalesce(v.sector, 'unknown') else c.value end as value, e.n
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

-- A version with a sector changed (added, closed, re-opened, voided, its sector or path rewritten): the members whose
-- admissions, in the cells under it on the days it covers (or, when only its end moved, the days between its two
-- ends), may now have another source are queued, and the fold derives their facts again. A unit the transaction
-- created has no facts (0039): nothing to queue for it.
create function statistics_unit_versions_queue_sources() returns trigger language plpgsql as $$
declare
  created bigint[] := coalesce(nullif(current_setting('cellbase.statistics_new_units', true), ''), '{}')::bigint[];
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  -- (Each transition table is named in its own branch: an insert has no old_rows to plan a query on.)
  if TG_OP = 'UPDATE' then
    perform statistics_queue_sources(array(
      select jsonb_populate_record(null::org_unit_versions, to_jsonb(o) || case
          when (n.unit_id, n.valid_from, n.path, n.sector, n.voided_by_batch_id) is not distinct from (o.unit_id, o.valid_from, o.path, o.sector, o.voided_by_batch_id)
          then jsonb_build_object('valid_from', least(o.valid_to, n.valid_to), 'valid_to',
            case when o.valid_to is null or n.valid_to is null then null else greatest(o.valid_to, n.valid_to) end)
          else '{}'::jsonb end)
      from old_rows o join new_rows n on n.id = o.id
      where o.unit_id <> all(created) and (o.sector is not null or n.sector is not null)
        and (n.unit_id, n.valid_from, n.valid_to, n.path, n.sector, n.voided_by_batch_id)
          is distinct from (o.unit_id, o.valid_from, o.valid_to, o.path, o.sector, o.voided_by_batch_id)
      union all
      -- A sector, a path or a start rewritten: the days the new row covers too.
      select row(n.*)::org_unit_versions from old_rows o join new_rows n on n.id = o.id
      where o.unit_id <> all(created) and (o.sector is not null or n.sector is not null)
        and (n.unit_id, n.valid_from, n.path, n.sector, n.voided_by_batch_id) is distinct from (o.unit_id, o.valid_from, o.path, o.sector, o.voided_by_batch_id)));
  elsif TG_OP = 'DELETE' then
    perform statistics_queue_sources(array(select row(o.*)::org_unit_versions from old_rows o where o.unit_id <> all(created) and o.sector is not null));
  else
    perform statistics_queue_sources(array(select row(n.*)::org_unit_versions from new_rows n where n.unit_id <> all(created) and n.sector is not null));
  end if;
  return null;
end $$;

-- The members with an admission or a re-admission folded in a cell under one of the versions, on a day it covers.
create function statistics_queue_sources(versions org_unit_versions[]) returns void language plpgsql as $$
begin
  if cardinality(versions) = 0 then return; end if;
  insert into statistics_pending_members (member_id)
  select distinct f.member_id from unnest(versions) r
  cross join lateral (select distinct c.unit_id from org_unit_versions c where c.path like r.path || '%' and c.voided_by_batch_id is null offset 0) c
  join statistics_member_facts f on f.cell_id = c.unit_id
  where f.is_flow and f.measure in ('admitted', 'readmitted') and f.valid_from >= r.valid_from and (r.valid_to is null or f.valid_from < r.valid_to)
  order by 1 on conflict do nothing;
end $$;

create trigger statistics_unit_versions_sources_insert after insert on org_unit_versions referencing new table as new_rows
  for each statement execute function statistics_unit_versions_queue_sources();
create trigger statistics_unit_versions_sources_update after update on org_unit_versions referencing old table as old_rows new table as new_rows
  for each statement execute function statistics_unit_versions_queue_sources();
create trigger statistics_unit_versions_sources_delete after delete on org_unit_versions referencing old table as old_rows
  for each statement execute function statistics_unit_versions_queue_sources();

-- The facts folded so far: each admission's source as the fold now resolves it, which is what their kept rows were
-- appended with unless a sector changed as above since; such rows stay as they are until `cellbase statistics
-- rebuild`, as before this migration, and every change from here on reaches them.
do $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return; end if;
  perform pg_advisory_xact_lock(statistics_fold_lock());
  update statistics_member_facts f set source = (
    select org_grassroots_sector(v.path, f.valid_from) from org_unit_versions v
    where v.unit_id = f.cell_id and v.voided_by_batch_id is null and v.valid_from <= f.valid_from
      and (v.valid_to is null or v.valid_to > f.valid_from)
    limit 1)
  where f.is_flow and f.measure in ('admitted', 'readmitted');
end $$;
