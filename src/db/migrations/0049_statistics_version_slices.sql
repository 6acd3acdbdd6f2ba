-- A unit's version whose end alone changed (a move, a rename or an upgrade closes the cell's open version; an undo
-- re-opens it) now appends the contributions through the days between its two ends only: taken back when it ends
-- earlier, added when it ends later. 0039's trigger took back everything its facts added through the old version and
-- added everything through the new one: twice the work of a whole version, and as many deltas, nearly all of which
-- cancel (src/modules/statistics/NOTES.md, "What a change of a cell's version costs").
--
-- Exact: statistics_deltas is additive over a version's days. A cell delta of day d counts through [from, to) from
-- max(d, from) and is taken back on `to`; cutting [from, to) at any day c gives [from, c) and [c, to), whose sums are
-- the whole's. The slice keeps the version's path, kind and sector, all statistics_deltas reads of it. Other changes
-- (a version voided, a path or kind rewritten) go the old way.
--
-- Only the facts that reach the slice are read: a stay that ended on or before its first day adds +n and -n on that
-- day (nothing), an event before it lies outside it, and nothing that begins after it counts through it.

create function statistics_append_slices(slices org_unit_versions[], sign integer) returns void language plpgsql as $$
begin
  if cardinality(slices) = 0 then return; end if;
  insert into statistics_member_deltas (unit_id, on_date, measure, dim, value, delta)
  select k.* from statistics_deltas(array(
    select f from statistics_member_facts f
    where f.cell_id in (select s.unit_id from unnest(slices) s)
      and exists (select 1 from unnest(slices) s where s.unit_id = f.cell_id
        and (s.valid_to is null or f.valid_from < s.valid_to)
        and case when f.is_flow then f.valid_from >= s.valid_from else f.valid_to is null or f.valid_to > s.valid_from end)),
    slices, sign) k;
end $$;

-- 0039's trigger, with the versions whose end alone changed taken as slices.
create or replace function statistics_unit_versions_changed() returns trigger language plpgsql as $$
declare
  created bigint[] := coalesce(nullif(current_setting('cellbase.statistics_new_units', true), ''), '{}')::bigint[];
  ends_only bigint[];
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  -- (Each transition table is named in its own branch: an insert has no old_rows to plan a query on.)
  if cardinality(created) > 0 then
    if TG_OP = 'INSERT' then
      if not exists (select 1 from new_rows n where n.unit_id not in (select unnest(created))) then return null; end if;
    elsif not exists (select 1 from old_rows o where o.unit_id not in (select unnest(created))) then
      return null;
    end if;
  end if;
  if TG_OP = 'INSERT' then
    if not exists (select 1 from org_unit_versions v where v.unit_id in (select n.unit_id from new_rows n) and v.kind in ('cell', 'grassroots_cell')) then
      return null;
    end if;
  elsif not exists (select 1 from org_unit_versions v where v.unit_id in (select o.unit_id from old_rows o) and v.kind in ('cell', 'grassroots_cell'))
    and not exists (select 1 from old_rows o where o.kind in ('cell', 'grassroots_cell')) then
    return null;
  end if;
  perform pg_advisory_xact_lock(statistics_fold_lock());
  if TG_OP = 'UPDATE' then
    ends_only := array(select o.id from old_rows o join new_rows n on n.id = o.id
      where (n.unit_id, n.valid_from, n.path, n.kind, n.sector, n.voided_by_batch_id)
        is not distinct from (o.unit_id, o.valid_from, o.path, o.kind, o.sector, o.voided_by_batch_id));
    -- Ended earlier: the days [new end, old end) taken back.
    perform statistics_append_slices(array(
      select jsonb_populate_record(null::org_unit_versions, to_jsonb(o) || jsonb_build_object('valid_from', n.valid_to, 'valid_to', o.valid_to))
      from old_rows o join new_rows n on n.id = o.id
      where o.id = any(ends_only) and coalesce(n.valid_to, 'infinity') < coalesce(o.valid_to, 'infinity')), -1);
    -- Ended later (re-opened): the days [old end, new end) added.
    perform statistics_append_slices(array(
      select jsonb_populate_record(null::org_unit_versions, to_jsonb(o) || jsonb_build_object('valid_from', o.valid_to, 'valid_to', n.valid_to))
      from old_rows o join new_rows n on n.id = o.id
      where o.id = any(ends_only) and coalesce(n.valid_to, 'infinity') > coalesce(o.valid_to, 'infinity')), 1);
    perform statistics_append_versions(array(select row(o.*)::org_unit_versions from old_rows o where o.id <> all(ends_only)), -1);
    perform statistics_append_versions(array(select row(n.*)::org_unit_versions from new_rows n where n.id <> all(ends_only)), 1);
  elsif TG_OP = 'DELETE' then
    perform statistics_append_versions(array(select row(o.*)::org_unit_versions from old_rows o), -1);
  else
    perform statistics_append_versions(array(select row(n.*)::org_unit_versions from new_rows n), 1);
  end if;
  return null;
end $$;

-- 0040's queue of the members placed in a changed version's unit, read unit by unit through the placements' index
-- (member_placements_unit). A transition table has no statistics: the planner took it for a row or two and joined
-- it by hashing every official placement in the registry (93,739 on the story's province, 14–48 ms a statement,
-- twice for each of a batch's updates of the versions). `statistics_queue_placed`: the members placed (officially) in
-- the versions' units around the days they cover.
create function statistics_queue_placed(versions org_unit_versions[]) returns void language plpgsql as $$
begin
  if cardinality(versions) = 0 then return; end if;
  insert into statistics_pending_members (member_id)
  select distinct p.member_id from unnest(versions) r
  cross join lateral (select p.member_id, p.kind from member_placements p
    where p.unit_id = r.unit_id and p.voided_by_event_id is null
      and p.valid_from <= coalesce(r.valid_to, 'infinity'::date) and coalesce(p.valid_to, 'infinity'::date) >= r.valid_from offset 0) p
  where p.kind = 'official'
  order by 1 on conflict do nothing;
end $$;

create or replace function statistics_unit_versions_queue_moves() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  -- (Each transition table is named in its own branch: an insert has no old_rows to plan a query on.)
  if TG_OP in ('UPDATE', 'DELETE') then
    perform statistics_queue_placed(array(select row(o.*)::org_unit_versions from old_rows o));
  end if;
  if TG_OP in ('INSERT', 'UPDATE') then
    perform statistics_queue_placed(array(select row(n.*)::org_unit_versions from new_rows n));
  end if;
  return null;
end $$;
