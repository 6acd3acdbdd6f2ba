-- The rule of migration 0026 (a placement in force is in a cell: Điều lệ Đảng 2011, ch. V Art. 21), checked once per
-- statement for the bulk writer's placements instead of once per row at commit.
--
-- The deferred row check costs each placement a PL/pgSQL call and two probes at commit, about 8 µs a row. The member
-- registry's bulk writer writes registrations into units it has just checked are cells, so it asks
-- (`cellbase.placements_in_cell` = 'statement', for its statement only) that its rows be judged together at the end
-- of the statement: the distinct units of the rows written, probed through the versions' unit index. On the province
-- dataset, 20,000 placements written took 480–515 ms so, against 610–710 ms with the check at commit.
-- Either way every inserted placement is judged: the setting moves the check from each row at commit to the whole
-- statement at once, it never turns it off. A later change of the unit in the same transaction is still judged at
-- commit, from the unit's side (`org_version_holds_no_member_*`).

create or replace function member_placements_in_cell_statement_check() returns trigger language plpgsql as $$
declare
  units bigint[];
  bad record;
begin
  if current_setting('cellbase.placements_in_cell', true) is distinct from 'statement' then return null; end if;
  -- The units first: a statement writes thousands of rows into a few cells, and only a unit that has had another
  -- kind than a cell has rows to judge. Read through the units' index, never a scan of the versions.
  units := array(select distinct unit_id from new_rows where voided_by_event_id is null);
  if not exists (select 1 from org_unit_versions v where v.unit_id = any (units) and v.voided_by_batch_id is null
                 and v.kind not in ('cell', 'grassroots_cell')) then
    return null;
  end if;
  select p.id, p.member_id, p.unit_id, v.kind, v.valid_from into bad
  from org_unit_versions v
  join new_rows p on p.unit_id = v.unit_id and p.voided_by_event_id is null
    and daterange(v.valid_from, v.valid_to) && daterange(p.valid_from, p.valid_to)
  where v.unit_id = any (units) and v.voided_by_batch_id is null and v.kind not in ('cell', 'grassroots_cell')
  limit 1;
  if found then
    raise exception 'member placement % of member % in unit % overlaps a version of kind % (from %): a member must be placed in a cell',
      bad.id, bad.member_id, bad.unit_id, bad.kind, bad.valid_from
      using errcode = 'check_violation', constraint = 'member_placement_in_cell';
  end if;
  return null;
end $$;

create trigger member_placement_in_cell_statement
  after insert on member_placements referencing new table as new_rows
  for each statement execute function member_placements_in_cell_statement_check();

drop trigger member_placement_in_cell_insert on member_placements;
create constraint trigger member_placement_in_cell_insert
  after insert on member_placements deferrable initially deferred
  for each row when (new.voided_by_event_id is null
    and current_setting('cellbase.placements_in_cell', true) is distinct from 'statement')
  execute function member_placement_in_cell_check();
