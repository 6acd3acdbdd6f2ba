-- Submission and lock of a level's statistics (issue 12, item 5): a unit submits a form's figures for a date or a
-- period; the figures are kept as submitted (a snapshot of the form), so they cannot change afterwards, and the
-- level above compares them with the live figures. While a submission stands, the same form and period cannot be
-- submitted again for the unit (the partial unique index; the service answers STATISTICS_PERIOD_LOCKED). The level
-- above may return it with a reason: the row stays, marked returned, and the unit may submit again. Nothing is
-- deleted; every change is journaled.
create table statistics_submissions (
  id            bigserial primary key,
  unit_id       bigint not null references org_units(id),
  form_key      text not null,
  -- A stock form: the date in period_to, period_from null. A flow form: both days counted.
  period_from   date,
  period_to     date not null,
  status        text not null check (status in ('submitted', 'returned')),
  form          jsonb not null,
  note          text,
  submitted_by  bigint references accounts(id),
  submitted_at  timestamptz not null default now(),
  returned_by   bigint references accounts(id),
  returned_at   timestamptz,
  return_reason text,
  row_version   integer not null default 0,
  check (period_from is null or period_from <= period_to),
  check ((status = 'returned') = (returned_at is not null))
);
create unique index statistics_submissions_standing on statistics_submissions (unit_id, form_key, coalesce(period_from, '-infinity'::date), period_to)
  where status = 'submitted';
create index statistics_submissions_unit on statistics_submissions (unit_id, period_to desc);

-- Indicators and targets (issue 12, item 6). An indicator is defined once from the sources' figures: a count (one
-- figure) or a ratio (a figure over another, e.g. admissions over members at the start of the year); the service
-- refuses a figure the catalog does not have. A target is set by a level for a unit (its own, or one beneath, as the
-- split of its own target: parent_id), for a year or a whole term, at least or at most a value; the actual is
-- computed from the data. Retired rather than deleted.
create table statistics_indicators (
  id            bigserial primary key,
  key           text not null,
  label_vi      text not null,
  label_en      text not null,
  numerator     jsonb not null,
  denominator   jsonb,
  -- Shown as a percentage (a ratio) or as a number.
  unit_id       bigint not null references org_units(id),
  created_by    bigint references accounts(id),
  created_at    timestamptz not null default now(),
  retired_at    timestamptz,
  row_version   integer not null default 0
);
create unique index statistics_indicators_key on statistics_indicators (lower(key)) where retired_at is null;

create table statistics_targets (
  id            bigserial primary key,
  indicator_id  bigint not null references statistics_indicators(id),
  unit_id       bigint not null references org_units(id),
  -- The term (nhiệm kỳ) the target belongs to, and the year within it (null: the whole term).
  term_from     integer not null,
  term_to       integer not null,
  year          integer,
  comparison    text not null check (comparison in ('at_least', 'at_most')),
  value         numeric not null check (value >= 0),
  -- The target of the level above this one is a part of.
  parent_id     bigint references statistics_targets(id),
  note          text,
  set_by        bigint references accounts(id),
  set_at        timestamptz not null default now(),
  retired_at    timestamptz,
  row_version   integer not null default 0,
  check (term_from <= term_to),
  check (year is null or (year between term_from and term_to))
);
create unique index statistics_targets_one on statistics_targets (indicator_id, unit_id, term_from, coalesce(year, 0)) where retired_at is null;
create index statistics_targets_unit on statistics_targets (unit_id, term_from);
create index statistics_targets_parent on statistics_targets (parent_id) where retired_at is null;
