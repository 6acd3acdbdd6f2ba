-- The late entries of a unit read through an index of their own (src/modules/statistics/NOTES.md, "Speed").
--
-- A stock read adds, for each unit, the deltas appended since the checkpoints' mark for days before its checkpoint
-- (`d.id > mark and d.unit_id = u and d.on_date < c`). With the unit's (unit_id, on_date) index or the primary key
-- alone, every delta appended since the mark was visited once per unit read: on the province dataset with 500,000
-- deltas past the mark (a few days of the country's folds), the province by its units took 795 ms and the whole tree's
-- form 152 ms; through this index 48 and 116 ms (the root's own 204,000 late deltas are what is left; the daily job
-- now builds the checkpoints again once 100,000 deltas lie past the mark, which bounds them).
create index statistics_member_deltas_late on statistics_member_deltas (unit_id, id);
