-- No member is placed in a unit that cannot hold members (Điều lệ Đảng 2011, ch. V Art. 21; 294-QĐ/TW: a party
-- member belongs to a cell, chi bộ cơ sở or chi bộ trực thuộc): a placement in force (official or temporary, not
-- voided) never overlaps, on any day, a version of its unit whose kind is not a cell kind.
--
-- Constraint triggers, deferrable and initially deferred: a restructuring batch closes a unit's version, opens the
-- new one and moves the members in any order, and the rule is judged at commit. Each trigger fires only for the row a
-- statement changed, and only when the change could break the rule (a new row, a longer interval, another unit or
-- kind, a row brought back from voided), so a batch or an import pays one index probe per row it writes and old data
-- elsewhere (the cleaning list flags it) blocks nothing. The deferred check re-reads the row, so a row changed again
-- later in the same transaction is judged as it stands at commit.

create function member_placement_in_cell_check() returns trigger language plpgsql as $$
declare
  p member_placements%rowtype;
  bad record;
begin
  select * into p from member_placements where id = new.id;
  if not found or p.voided_by_event_id is not null then return null; end if;
  select v.id, v.kind, v.valid_from into bad
  from org_unit_versions v
  where v.unit_id = p.unit_id and v.voided_by_batch_id is null and v.kind not in ('cell', 'grassroots_cell')
    and daterange(v.valid_from, v.valid_to) && daterange(p.valid_from, p.valid_to)
  limit 1;
  if found then
    raise exception 'member placement % of member % in unit % overlaps a version of kind % (from %): a member must be placed in a cell',
      p.id, p.member_id, p.unit_id, bad.kind, bad.valid_from
      using errcode = 'check_violation', constraint = 'member_placement_in_cell';
  end if;
  return null;
end $$;

create function org_version_holds_no_member_check() returns trigger language plpgsql as $$
declare
  v org_unit_versions%rowtype;
  bad record;
begin
  select * into v from org_unit_versions where id = new.id;
  if not found or v.voided_by_batch_id is not null or v.kind in ('cell', 'grassroots_cell') then return null; end if;
  select p.id, p.member_id into bad
  from member_placements p
  where p.unit_id = v.unit_id and p.voided_by_event_id is null
    and daterange(v.valid_from, v.valid_to) && daterange(p.valid_from, p.valid_to)
  limit 1;
  if found then
    raise exception 'unit % is of kind % from % while member % is placed in it (placement %): a member must be placed in a cell',
      v.unit_id, v.kind, v.valid_from, bad.member_id, bad.id
      using errcode = 'check_violation', constraint = 'member_placement_in_cell';
  end if;
  return null;
end $$;

create constraint trigger member_placement_in_cell_insert
  after insert on member_placements deferrable initially deferred
  for each row when (new.voided_by_event_id is null)
  execute function member_placement_in_cell_check();

create constraint trigger member_placement_in_cell_update
  after update of unit_id, valid_from, valid_to, voided_by_event_id on member_placements deferrable initially deferred
  for each row when (new.voided_by_event_id is null and (
    old.voided_by_event_id is not null or new.unit_id <> old.unit_id or new.valid_from < old.valid_from
    or coalesce(new.valid_to, 'infinity'::date) > coalesce(old.valid_to, 'infinity'::date)))
  execute function member_placement_in_cell_check();

create constraint trigger org_version_holds_no_member_insert
  after insert on org_unit_versions deferrable initially deferred
  for each row when (new.voided_by_batch_id is null and new.kind not in ('cell', 'grassroots_cell'))
  execute function org_version_holds_no_member_check();

create constraint trigger org_version_holds_no_member_update
  after update of kind, valid_from, valid_to, voided_by_batch_id on org_unit_versions deferrable initially deferred
  for each row when (new.voided_by_batch_id is null and new.kind not in ('cell', 'grassroots_cell') and (
    old.voided_by_batch_id is not null or old.kind in ('cell', 'grassroots_cell') or new.valid_from < old.valid_from
    or coalesce(new.valid_to, 'infinity'::date) > coalesce(old.valid_to, 'infinity'::date)))
  execute function org_version_holds_no_member_check();
