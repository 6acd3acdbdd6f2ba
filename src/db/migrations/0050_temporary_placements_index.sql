-- The temporary placements by unit and day, in force or not: a headcount counts its guests from them alone (the
-- members themselves come from the kept aggregates, src/modules/members/members-query.service.ts). Without it the
-- guests of a province on a date were found by reading every placement of its units (80,000 on the story's province).
-- Temporary placements are few: the index costs the writers next to nothing.
create index member_placements_temporary on member_placements (unit_id, valid_from) where kind = 'temporary' and voided_by_event_id is null;
