-- The moves across a unit's boundary kept too (issue 12, "a period's changes for the country in ≤ 200 ms";
-- src/modules/statistics/NOTES.md, "Speed"): transfers in and out, members rehomed by restructuring, and the members a
-- cell carries when restructuring moves it. Until now the changes forms counted these from the raw history on every
-- read, over every placement of the period in the country, whatever unit was asked.
--
-- A move is counted for a unit U when the member's cell lies under U on one side of it and not on the other, on the
-- tree of each side's date (the raw count's rule, src/modules/members/statistics.ts, `flowFacts`). Kept as facts per
-- member (statistics_member_moves), one row per side: the path of the cell on that side (`path`, the units the row
-- counts for) and the path on the other side (`other_path`, the units it does not: a move inside U is no move for U).
-- Storing both paths makes a fact's contributions a function of the row alone, so the fold takes them back exactly
-- (−old +new) when it recomputes a member, as it does for the stays (0032, 0038).
-- The paths depend on the tree: a change of a cell's versions queues the members placed in it around the changed
-- days (the version trigger below), and the fold recomputes their moves on the new tree.

create table statistics_member_moves (
  member_id          bigint not null,
  cell_id            bigint not null,
  cell_kind          text not null,
  measure            text not null,
  on_date            date not null,
  path               text not null,
  other_path         text,
  sex                text,
  birth_date         date not null,
  ethnicity          text,
  religion           text,
  education_level    text,
  professional_level text,
  theory_level       text,
  occupation         text
);
create index statistics_member_moves_member on statistics_member_moves (member_id);

-- A member's moves, from the raw rows (the same joins as the raw count's entries, exits and cells moved).
create function statistics_member_moves_of(ids bigint[]) returns setof statistics_member_moves language sql stable set jit = off as $$
  with pairs as (
    -- A placement closed by the event that opened the next one: a transfer, or a member rehomed by restructuring.
    select p1.member_id, case when ev.kind = 'rehomed' then 'restructured' else 'transferred' end as what,
      p1.unit_id as c1, p1.valid_to as d1, v1.path as path1, v1.kind as kind1,
      p2.unit_id as c2, p2.valid_from as d2, v2.path as path2, v2.kind as kind2
    from member_placements p1
    join member_events ev on ev.id = p1.closed_by_event_id
    join member_placements p2 on p2.member_id = p1.member_id and p2.event_id = p1.closed_by_event_id and p2.kind = 'official' and p2.voided_by_event_id is null
    left join org_unit_versions v1 on v1.unit_id = p1.unit_id and v1.voided_by_batch_id is null and v1.valid_from <= p1.valid_to - 1 and (v1.valid_to is null or v1.valid_to > p1.valid_to - 1)
    left join org_unit_versions v2 on v2.unit_id = p2.unit_id and v2.voided_by_batch_id is null and v2.valid_from <= p2.valid_from and (v2.valid_to is null or v2.valid_to > p2.valid_from)
    where p1.member_id = any(ids) and p1.kind = 'official' and p1.voided_by_event_id is null and p1.valid_to is not null
  ), carried as (
    -- A cell moved by restructuring (a new version whose path differs) with the member placed in it before that day
    -- and still after, active on the eve.
    select p.member_id, p.unit_id as cell, v2.valid_from as d, v1.path as path1, v1.kind as kind1, v2.path as path2, v2.kind as kind2
    from member_placements p
    join org_unit_versions v2 on v2.unit_id = p.unit_id and v2.voided_by_batch_id is null and v2.kind in ('cell', 'grassroots_cell')
      and v2.valid_from > p.valid_from and (p.valid_to is null or p.valid_to > v2.valid_from)
    join org_unit_versions v1 on v1.unit_id = v2.unit_id and v1.valid_to = v2.valid_from and v1.voided_by_batch_id is null
    cross join lateral (
      select e.status_after as status from member_events e
      where e.member_id = p.member_id and e.status_after is not null and e.voided_by_event_id is null and e.effective_date <= v2.valid_from - 1
      order by e.effective_date desc, e.id desc limit 1) s
    where p.member_id = any(ids) and p.kind = 'official' and p.voided_by_event_id is null and s.status in ('probationary', 'official', 'exempted')
      and v1.path <> v2.path
  ), sides as (
    select member_id, c2 as cell, kind2 as kind, what || 'In' as measure, d2 as d, path2 as path, path1 as other from pairs where path2 is not null
    union all
    select member_id, c1, kind1, what || 'Out', d1, path1, path2 from pairs where path1 is not null
    union all
    select member_id, cell, kind2, 'restructuredIn', d, path2, path1 from carried
    union all
    select member_id, cell, kind1, 'restructuredOut', d, path1, path2 from carried
  )
  select s.member_id, s.cell, s.kind, s.measure, s.d, s.path, s.other,
    m.sex, m.birth_date, m.ethnicity, m.religion, m.education_level, m.professional_level, m.theory_level, m.occupation
  from sides s join members m on m.id = s.member_id
$$;

-- What moves add (sign +1) or take back (−1), per (unit, day, measure, dimension, value): each unit of the side's
-- path that is not on the other side's (the cell itself only if it is a grassroots cell, as for the stays), by every
-- dimension at depth ≤ 2 and by the total below; the age band on the move's day; 'source' (of admissions) has no
-- value for a move, as in the raw count.
create function statistics_move_deltas(ms statistics_member_moves[], sign integer)
returns table (unit_id bigint, on_date date, measure text, dim text, value text, delta integer) language sql immutable set jit = off as $$
  select a.id::bigint, m.on_date, m.measure, v.dim, v.value, (count(*) * sign)::integer
  from unnest(ms) m
  cross join lateral unnest(string_to_array(trim(both '/' from m.path), '/')) with ordinality as a(id, depth)
  cross join lateral (values ('', null::text), ('sex', m.sex), ('ethnicity', coalesce(m.ethnicity, 'unknown')),
    ('religion', coalesce(m.religion, 'unknown')), ('educationLevel', coalesce(m.education_level, 'unknown')),
    ('professionalLevel', coalesce(m.professional_level, 'unknown')), ('theoryLevel', coalesce(m.theory_level, 'unknown')),
    ('occupation', coalesce(m.occupation, 'unknown')), ('source', null::text), ('ageBand', statistics_age_band(m.on_date, m.birth_date))) v(dim, value)
  where a.id <> '' and not (m.cell_kind = 'cell' and a.id::bigint = m.cell_id)
    and not (a.id = any(string_to_array(trim(both '/' from coalesce(m.other_path, '')), '/')))
    and (a.depth <= 2 or v.dim = '')
  group by 1, 2, 3, 4, 5
$$;

-- Recomputes the members' moves from the raw rows and appends the difference's contributions.
create function statistics_refresh_moves(ids bigint[]) returns void language plpgsql security definer set search_path = public set jit = off as $$
begin
  if ids is null or cardinality(ids) = 0 then return; end if;
  with fresh as (
    select * from statistics_member_moves_of(ids)
  ), old as (
    delete from statistics_member_moves m where m.member_id = any(ids) returning m.*
  ), ins as (
    insert into statistics_member_moves select * from fresh
  ), removed as (
    select array(select row(c.*)::statistics_member_moves from (select * from old except all select * from fresh) c) as ms
  ), added as (
    select array(select row(c.*)::statistics_member_moves from (select * from fresh except all select * from old) c) as ms
  )
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select k.* from removed cross join lateral statistics_move_deltas(removed.ms, -1) k
  union all
  select k.* from added cross join lateral statistics_move_deltas(added.ms, 1) k;
end $$;

-- 0038's refresh (the stays and counted events) renamed, and the moves refreshed after it.
alter function statistics_refresh_members(bigint[]) rename to statistics_refresh_stays;
create function statistics_refresh_members(ids bigint[]) returns void language plpgsql security definer set search_path = public as $$
begin
  perform statistics_refresh_stays(ids);
  perform statistics_refresh_moves(ids);
end $$;

-- A change of a cell's versions (beside 0039's trigger, which moves the stays' contributions): the members placed in
-- it around the changed days queued, so that the fold recomputes their moves on the new tree. A unit created by the
-- transaction has no placement: nothing is queued for it.
create function statistics_unit_versions_queue_moves() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  -- (Each transition table is named in its own branch: an insert has no old_rows to plan a query on.)
  if TG_OP in ('UPDATE', 'DELETE') then
    insert into statistics_pending_members (member_id)
    select distinct p.member_id from old_rows r join member_placements p on p.unit_id = r.unit_id and p.kind = 'official' and p.voided_by_event_id is null
    where p.valid_from <= coalesce(r.valid_to, 'infinity'::date) and coalesce(p.valid_to, 'infinity'::date) >= r.valid_from
    order by 1 on conflict do nothing;
  end if;
  if TG_OP in ('INSERT', 'UPDATE') then
    insert into statistics_pending_members (member_id)
    select distinct p.member_id from new_rows r join member_placements p on p.unit_id = r.unit_id and p.kind = 'official' and p.voided_by_event_id is null
    where p.valid_from <= coalesce(r.valid_to, 'infinity'::date) and coalesce(p.valid_to, 'infinity'::date) >= r.valid_from
    order by 1 on conflict do nothing;
  end if;
  return null;
end $$;
create trigger statistics_unit_versions_moves_insert after insert on org_unit_versions referencing new table as new_rows
  for each statement execute function statistics_unit_versions_queue_moves();
create trigger statistics_unit_versions_moves_update after update on org_unit_versions referencing old table as old_rows new table as new_rows
  for each statement execute function statistics_unit_versions_queue_moves();
create trigger statistics_unit_versions_moves_delete after delete on org_unit_versions referencing old table as old_rows
  for each statement execute function statistics_unit_versions_queue_moves();

-- The moves of every member, in slices, their contributions summed once per key (the rebuild's, and this migration's
-- for a database already built).
create function statistics_rebuild_moves(slice integer default 200000) returns void language plpgsql security definer set search_path = public as $$
declare
  last_id bigint := 0;
  ids bigint[];
  ms statistics_member_moves[];
begin
  truncate statistics_member_moves;
  create temp table statistics_moves_rebuilt (like statistics_member_deltas excluding all) on commit drop;
  loop
    ids := array(select id from members where id > last_id order by id limit slice);
    exit when cardinality(ids) = 0;
    ms := array(select m from statistics_member_moves_of(ids) m);
    insert into statistics_member_moves select * from unnest(ms);
    insert into statistics_moves_rebuilt (id, unit_id, on_date, measure, dim, value, delta)
    select 0, k.* from statistics_move_deltas(ms, 1) k;
    last_id := ids[cardinality(ids)];
  end loop;
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select r.unit_id, r.on_date, r.measure, r.dim, r.value, sum(r.delta)::integer from statistics_moves_rebuilt r
  group by 1, 2, 3, 4, 5 order by 1, 2;
  drop table statistics_moves_rebuilt;
end $$;
revoke all on function statistics_rebuild_moves(integer) from public;

-- 0032's rebuild (under 0038's lock) renamed, and the moves rebuilt after it (flows: the checkpoints, which sum the
-- stocks, do not read them).
alter function statistics_rebuild_unlocked(integer) rename to statistics_rebuild_stays_unlocked;
create function statistics_rebuild_unlocked(slice integer default 200000) returns void language plpgsql security definer set search_path = public as $$
begin
  perform statistics_rebuild_stays_unlocked(slice);
  perform statistics_rebuild_moves(slice);
end $$;
revoke all on function statistics_rebuild_unlocked(integer) from public;

create or replace function statistics_unbuild() returns void language plpgsql security definer set search_path = public as $$
begin
  perform pg_advisory_xact_lock(statistics_fold_lock());
  truncate statistics_member_facts, statistics_member_moves, statistics_member_deltas, statistics_member_checkpoints, statistics_checkpoint_marks, statistics_pending_members;
end $$;

-- A database already built gets its members' moves now (a database not built gets them from its rebuild). Each
-- move adds its contributions as deltas of its day; the checkpoints sum stocks only, so they stay as they are.
do $$
begin
  if exists (select 1 from statistics_checkpoint_marks) then
    perform statistics_rebuild_moves();
  end if;
end $$;
analyze statistics_member_moves;
