-- member_name_reversed feeds the stored column members.name_reversed, so it runs on every member written (imports,
-- registrations, demo data). Its first body aggregated the words in a subquery, which cannot be inlined: about
-- 6-10 µs a row, more than a secondary index costs. This body is one immutable expression the planner inlines, and
-- gives the same result for any name of up to eight words separated by single spaces (every folded name: foldText
-- collapses and trims spaces; words beyond the last are empty and trimmed away); longer or irregular strings keep
-- the general form. The results do not change, so no stored value is rewritten.

create function member_name_reversed_words(folded text) returns text language sql immutable parallel safe as $$
  select coalesce(string_agg(word, ' ' order by position desc), '') from unnest(string_to_array(folded, ' ')) with ordinality as t(word, position)
$$;

create or replace function member_name_reversed(folded text) returns text language sql immutable parallel safe as $$
  select case
    when folded is null then ''
    when folded like '% % % % % % % % %' or folded like ' %' or folded like '% ' or folded like '%  %'
      then member_name_reversed_words(folded)
    else rtrim(split_part(folded, ' ', -1) || ' ' || split_part(folded, ' ', -2) || ' ' || split_part(folded, ' ', -3) || ' ' ||
      split_part(folded, ' ', -4) || ' ' || split_part(folded, ' ', -5) || ' ' || split_part(folded, ' ', -6) || ' ' ||
      split_part(folded, ' ', -7) || ' ' || split_part(folded, ' ', -8), ' ')
  end
$$;
