-- Who is due a party badge on a presentation day, read from an index instead of every member's awards.
--
-- A member is due when party age reaches the milestone after the highest badge presented (rules in
-- src/rules/party-age.ts). Read through each member's awards, the list of the whole country visited 2.1 million
-- members past thirty years of party age and their 5.7 million badges: 13 s. Each member now carries the highest
-- badge presented (a projection of member_badge_awards, kept by the trigger below whoever writes the awards), so the
-- list reads, for each highest badge, the members admitted early enough to reach the next milestone: one index range
-- each, holding only those due.

alter table members add column highest_badge integer not null default 0;

update members m set highest_badge = a.highest
from (select member_id, max(milestone) as highest from member_badge_awards where voided_at is null group by member_id) a
where m.id = a.member_id;

-- Statement-level, from the rows written: one set-based update for a batch of awards or a bulk load alike.
create function members_project_highest_badge() returns trigger language plpgsql as $$
begin
  update members m set highest_badge = h.highest
  from (select b.member_id, coalesce(max(b.milestone) filter (where b.voided_at is null), 0) as highest
        from member_badge_awards b
        where b.member_id in (select c.member_id from changed_awards c)
        group by b.member_id) h
  where m.id = h.member_id and m.highest_badge <> h.highest;
  return null;
end $$;

create trigger member_badge_awards_inserted after insert on member_badge_awards
  referencing new table as changed_awards for each statement execute function members_project_highest_badge();
create trigger member_badge_awards_updated after update on member_badge_awards
  referencing new table as changed_awards for each statement execute function members_project_highest_badge();

create index members_badge_due on members (highest_badge, admission_date) include (scope_path, id)
  where status in ('official', 'exempted');

-- The list of a past day also holds the members who left the party since (died, removed, expelled): they were due
-- on that day. Few members leave after any given day; this finds them without reading the others.
create index members_left_since on members (status_since) where status in ('deceased', 'removed', 'expelled');
