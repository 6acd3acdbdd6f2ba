-- A load's statistics at once: a load that more than doubled the member registry's tables (an import) or the tree's
-- (an establish batch), 50 rows at least, analyzes them in its own transaction, before it commits.
--
-- Not autovacuum's threshold (a tenth of the table): `members` keeps 1,000-value statistics on its four scope columns
-- (a sample of 300,000 rows), and analyzing it alone took 2.4–2.9 s on the province dataset (150,000 members), beside
-- a 50,000-row import's apply of about 10 s; a load that doubles a table is where the plans were wrong (a first load
-- above all), and autovacuum keeps up with the rest.
--
-- Until autovacuum came round (a minute or more later; never where it is off, as on some external servers) the
-- requests after a first load were planned on the tables as they were before it. On the migration story (5,757 units
-- established, 78,400 members imported into an empty registry, then four years of batches and bulk commands) two
-- runs without the members' analyze entered the events in 35.7 and 31.1 s (restructuring batches 18.6 and 15.8 s),
-- two runs with it, alternating in the same half hour, in 23.7 and 22.0 s (batches 10.8 and 10.4 s).
-- Only the owner may analyze before PostgreSQL 17, hence the owner's function (as 0048's for the staged rows); it
-- analyzes these tables and nothing else, and only when the load is larger than what the table held. Inside the
-- load's transaction ANALYZE samples the rows just written as live, and its statistics commit with them.
-- `area`: 'members' (members, member_events, member_placements) or 'tree' (org_units, org_unit_versions); the first
-- table's size is what the load is weighed against.
create function analyze_after_load(area text, written bigint) returns boolean
language plpgsql security definer set search_path = public as $$
declare
  tables text[] := case area when 'members' then array['members', 'member_events', 'member_placements']
                             when 'tree' then array['org_units', 'org_unit_versions'] end;
  known real;
  t text;
begin
  if tables is null then
    raise exception 'analyze_after_load: unknown area %', area using errcode = 'invalid_parameter_value';
  end if;
  select greatest(reltuples, 0) into known from pg_class where oid = tables[1]::regclass;
  if written is null or written <= greatest(50, known) then return false; end if;
  foreach t in array tables loop
    -- A table another load is analyzing in its open transaction is skipped rather than waited for: loads in disjoint
    -- subtrees do not wait on each other, and autovacuum comes round for the rows of the one skipped.
    execute format('analyze (skip_locked) %I', t);
  end loop;
  return true;
end $$;
