-- The awareness course (lớp bồi dưỡng nhận thức về Đảng) as an object of its own (issue 13, item 6): organized by a
-- grassroots committee or a level above (its political centre runs it), with its participants, candidates of cells
-- under the organizing unit, and on closing each one's result. A completion fills the candidate's certificate fields
-- (admission_candidates.course_*, certificate_*) in the same transaction, so the cell's vote is judged as before.
-- Nothing is deleted: a course is cancelled with a reason, a participant is voided with a reason.

create table admission_courses (
  id              bigserial primary key,
  -- The organizing unit (its current scope path decides who sees the course).
  unit_id         bigint not null references org_units(id),
  name            text not null,
  -- Its number or code as the organizer numbers it ("03/2025", "K12").
  code            text not null,
  -- The name and the code, diacritics and case folded (src/lib/text.ts foldText), for the list's search.
  search_folded   text not null,
  opens_on        date not null,
  -- The planned closing date; closed_on is the day it actually closed (results recorded).
  closes_on       date not null,
  place           text,
  status          text not null default 'open' check (status in ('open', 'closed', 'cancelled')),
  closed_on       date,
  closed_by       bigint references accounts(id),
  cancelled_at    timestamptz,
  cancelled_by    bigint references accounts(id),
  cancel_reason   text,
  row_version     integer not null default 0,
  created_by      bigint references accounts(id),
  created_at      timestamptz not null default now(),
  check (closes_on >= opens_on),
  check ((status = 'closed') = (closed_on is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- A number is the organizer's: one course per number among those not cancelled.
create unique index admission_courses_code on admission_courses (unit_id, code) where status <> 'cancelled';
create index admission_courses_unit on admission_courses (unit_id, opens_on desc, id desc);
-- The reports' courses closed in a period.
create index admission_courses_closed on admission_courses (closed_on) where status = 'closed';

create table admission_course_participants (
  id                       bigserial primary key,
  course_id                bigint not null references admission_courses(id),
  candidate_id             bigint not null references admission_candidates(id),
  -- Null while the course runs; on closing, completed (with the certificate) or not_completed.
  result                   text check (result in ('completed', 'not_completed')),
  certificate_number       text,
  certificate_valid_until  date,
  result_note              text,
  -- Whether the completion was written to the candidate's file (an open file before the cell's vote).
  applied_to_candidate     boolean not null default false,
  added_by                 bigint references accounts(id),
  added_at                 timestamptz not null default now(),
  voided_at                timestamptz,
  voided_by                bigint references accounts(id),
  void_reason              text,
  check (result is null or (result = 'completed') = (certificate_number is not null and certificate_valid_until is not null))
);
create unique index admission_course_participants_once on admission_course_participants (course_id, candidate_id) where voided_at is null;
create index admission_course_participants_candidate on admission_course_participants (candidate_id) where voided_at is null;
