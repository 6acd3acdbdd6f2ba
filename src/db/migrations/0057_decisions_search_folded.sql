-- The decisions list's free-text search (GET /api/decisions?q=) on a stored folded text, kept by the database.
--
-- The search matched `q` (folded by foldText) anywhere in the folded number, issuing body and subject, folding the
-- last two with fold_vi on every decision of the scope, twice a request (the page and its count): 6.1 s for a word
-- found nowhere on the province dataset (71,600 decisions), and twenty searches held the whole pool.
--
-- `search_folded` holds the three folded texts joined by a line feed. None of them holds one (fold_vi turns every run
-- of white space into one space, and a folded number has none) and a folded `q` holds none either (foldText does the
-- same), so `search_folded like '%q%'` matches exactly when one of the three did. A generated column: every writer
-- (the API, the bulk writer, a restore) keeps it right, and fold_vi is immutable. If fold_vi ever changes, a migration
-- must rewrite this column too (drop it and add it again): a stored value is not recomputed by a new function body.
alter table decisions add column search_folded text generated always as (
  number_folded || E'\n' || fold_vi(issuing_body) || E'\n' || fold_vi(coalesce(subject, ''))
) stored;

-- The trigram index that makes a search with a trigram (a word of three letters, say) an index lookup (pg_trgm, as in
-- 0002 and 0025: both engines we test on have it); without it the same query reads the stored column, no fold per row.
do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index decisions_search_trgm on decisions using gin (search_folded gin_trgm_ops)';
  end if;
end $$;

-- Statistics on the new column at once: how many decisions a pattern matches chooses between the index and a pass.
analyze decisions;
