-- Restructuring batches in disjoint subtrees do not wait on each other again (issue 11, item 4), with the kept
-- aggregates on (0038): a change of a unit's versions takes the folds' lock alone only when the unit existed before
-- the transaction. A unit the transaction created cannot have facts (no other transaction can place a member in it
-- before it commits: the placement's foreign key waits for the insert), so the lock would guard nothing and 0032's
-- contributions through its versions are none; yet establishing cells took the lock, and eight clients establishing
-- cells in eight districts ran one at a time (bench/org-batches.ts, src/modules/statistics/NOTES.md).
--
-- The units a transaction creates are noted as it inserts them, in a setting local to the transaction
-- (`cellbase.statistics_new_units`, reverted with the transaction or a savepoint rolled back, so it never outlives the
-- insert it records).

create function statistics_note_new_units() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from statistics_checkpoint_marks) then return null; end if;
  perform set_config('cellbase.statistics_new_units',
    (coalesce(nullif(current_setting('cellbase.statistics_new_units', true), ''), '{}')::bigint[] || array(select n.id from new_rows n))::text, true);
  return null;
end $$;

create trigger statistics_org_units_insert after insert on org_units referencing new table as new_rows
  for each statement execute function statistics_note_new_units();

-- 0038's trigger, with the units created by this transaction let through first.
create or replace function statistics_unit_versions_changed() returns trigger language plpgsql as $$
declare
  created bigint[] := coalesce(nullif(current_setting('cellbase.statistics_new_units', true), ''), '{}')::bigint[];
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
  if TG_OP in ('UPDATE', 'DELETE') then
    perform statistics_append_versions(array(select row(o.*)::org_unit_versions from old_rows o), -1);
  end if;
  if TG_OP in ('INSERT', 'UPDATE') then
    perform statistics_append_versions(array(select row(n.*)::org_unit_versions from new_rows n), 1);
  end if;
  return null;
end $$;
