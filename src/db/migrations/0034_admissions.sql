-- The admission pipeline (issue 13; DOMAIN.md §2, §9): candidates (quần chúng ưu tú) from the awareness course to
-- recognition as official, the file's forms 1-KNĐ … 15-KNĐ, the introducers, the dated steps with their working-day
-- deadlines, and the working-day calendar's per-year adjustments. Nothing is deleted: a form recorded again supersedes
-- the earlier one, an adjustment is voided, a candidate who does not go on is closed with a reason.

-- Days the government moves for a year (a weekday given off, a weekend day worked), layered over the statutory
-- calendar of src/rules/working-days.ts by the centre's officers.
create table working_day_overrides (
  id           bigserial primary key,
  day          date not null,
  kind         text not null check (kind in ('day_off', 'working_day')),
  name         text not null,
  decision_id  bigint references decisions(id),
  recorded_by  bigint references accounts(id),
  recorded_at  timestamptz not null default now(),
  voided_by    bigint references accounts(id),
  voided_at    timestamptz,
  void_reason  text
);
create unique index working_day_overrides_day on working_day_overrides (day) where voided_at is null;

create table admission_candidates (
  id                        bigserial primary key,
  -- The cell that proposes the candidate (its current scope path decides who sees the file).
  unit_id                   bigint not null references org_units(id),
  full_name                 text not null,
  name_folded               text not null,
  sex                       text not null,
  birth_date                date not null,
  citizen_id                text,
  -- The record fields as the registry will take them at admission (memberIdentityInputSchema).
  person                    jsonb not null,
  candidate_since           date not null,
  source                    text not null,
  course_name               text,
  course_completed_on       date,
  certificate_number        text,
  certificate_valid_until   date,
  helper_member_id          bigint references members(id),
  age_consent_decision_id   bigint references decisions(id),
  -- in_progress → admitted (probation) → official; or closed: not_admitted, withdrawn, removed.
  status                    text not null default 'in_progress',
  -- The last step recorded and the one that comes next, its deadline and the level it waits on.
  stage                     text not null default 'file',
  next_step                 text,
  due_by                    date,
  waiting_on                text,
  member_id                 bigint references members(id),
  reminded_stage            text,
  row_version               integer not null default 0,
  created_by                bigint references accounts(id),
  created_at                timestamptz not null default now()
);
-- Worklists: the files in progress by deadline (a subtree's due and overdue lists read this range joined to units).
create index admission_candidates_due on admission_candidates (due_by, unit_id) where next_step is not null;
create index admission_candidates_unit on admission_candidates (unit_id, id);
create index admission_candidates_member on admission_candidates (member_id) where member_id is not null;
create unique index admission_candidates_citizen on admission_candidates (citizen_id) where citizen_id is not null and status = 'in_progress';

create table admission_steps (
  id            bigserial primary key,
  candidate_id  bigint not null references admission_candidates(id),
  step          text not null,
  effective_date date not null,
  decision_id   bigint references decisions(id),
  due_by        date,
  late_working_days integer not null default 0,
  reason        text,
  payload       jsonb not null default '{}'::jsonb,
  recorded_by   bigint references accounts(id),
  recorded_at   timestamptz not null default now()
);
create unique index admission_steps_once on admission_steps (candidate_id, step);
create index admission_steps_date on admission_steps (step, effective_date);

create table admission_documents (
  id            bigserial primary key,
  candidate_id  bigint not null references admission_candidates(id),
  form          text not null,
  dated         date not null,
  note          text,
  file_name     text,
  content_type  text,
  size_bytes    integer,
  content       bytea,
  recorded_by   bigint references accounts(id),
  recorded_at   timestamptz not null default now(),
  superseded_by bigint references admission_documents(id),
  check (octet_length(content) <= 5242880)
);
create index admission_documents_candidate on admission_documents (candidate_id, form) where superseded_by is null;

create table admission_introducers (
  id                   bigserial primary key,
  candidate_id         bigint not null references admission_candidates(id),
  kind                 text not null check (kind in ('member', 'youth_union')),
  member_id            bigint references members(id),
  worked_with_since    date,
  -- For a youth-union resolution (4-KNĐ): its date and the body that passed it.
  resolution_date      date,
  resolution_body      text,
  checked_on           date not null,
  recorded_by          bigint references accounts(id),
  recorded_at          timestamptz not null default now(),
  withdrawn_at         timestamptz,
  check ((kind = 'member') = (member_id is not null))
);
create index admission_introducers_candidate on admission_introducers (candidate_id) where withdrawn_at is null;
