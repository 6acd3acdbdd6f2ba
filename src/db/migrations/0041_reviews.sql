-- The annual review and classification (đánh giá, xếp loại chất lượng; DOMAIN.md §4; 124-QĐ/TW, 366-QĐ/TW, guidance
-- 43-HD/BTCTW): the review periods (a year for now; `period_kind` leaves room for the quarters 366-QĐ/TW adds) and
-- the results, one standing result per organization and period and per member and period, each at one of the four
-- levels, recorded under a decision of the competent level. Nothing is deleted or overwritten: a correction voids the
-- result it replaces (the row stays, with who voided it, when and why) and records a new one that names it.

create table review_periods (
  id           bigserial primary key,
  period_kind  text not null default 'year' check (period_kind in ('year')),
  year         integer not null check (year between 1930 and 2200),
  starts_on    date not null,
  ends_on      date not null,
  created_at   timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (period_kind, year)
);

create table review_results (
  id                 bigserial primary key,
  period_id          bigint not null references review_periods(id),
  subject_kind       text not null check (subject_kind in ('organization', 'member')),
  -- The organization classified; for a member, the cell of the official placement on the period's last day.
  unit_id            bigint not null references org_units(id),
  member_id          bigint references members(id),
  -- The unit whose batch the result belongs to (a cell or committee for its members; the committee for the
  -- organizations beneath it): the group the "excellent" quota is judged in.
  recorded_under_id  bigint not null references org_units(id),
  level              text not null check (level in ('excellent', 'good', 'completed', 'not_completed')),
  decision_id        bigint not null references decisions(id),
  note               text,
  corrects_id        bigint references review_results(id),
  recorded_by        bigint references accounts(id),
  recorded_at        timestamptz not null default now(),
  replaced_by        bigint references review_results(id),
  voided_by          bigint references accounts(id),
  voided_at          timestamptz,
  void_reason        text,
  row_version        integer not null default 0,
  check ((subject_kind = 'member') = (member_id is not null)),
  check ((voided_at is null) = (void_reason is null))
);
-- One standing result per subject and period (a correction voids the old one in the same transaction first).
create unique index review_results_member on review_results (period_id, member_id) where subject_kind = 'member' and voided_at is null;
create unique index review_results_organization on review_results (period_id, unit_id) where subject_kind = 'organization' and voided_at is null;
-- The statistics and the lists: a period's standing results by unit; the quota: a batch's group.
create index review_results_period_unit on review_results (period_id, subject_kind, unit_id) where voided_at is null;
create index review_results_group on review_results (period_id, recorded_under_id, subject_kind) where voided_at is null;
create index review_results_member_history on review_results (member_id, period_id) where member_id is not null;
