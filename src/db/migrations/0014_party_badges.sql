-- Party badges (Huy hiệu Đảng) and the serious-illness flag that allows an early award (01-HD/TW point 18).
-- Both are dated, append-only facts about a member, each written with its journal entry; a mistake is fixed by
-- voiding the row with a reason (the row stays).

create table member_badge_awards (
  id                bigserial primary key,
  member_id         bigint not null references members(id),
  milestone         integer not null check (milestone between 1 and 100),   -- years of party age
  presented_on      date not null,           -- the presentation day (3/2, 19/5, 2/9, 7/11)
  decision_id       bigint not null references decisions(id),                -- the provincial standing committee's decision
  early             boolean not null default false,                         -- awarded early for serious illness
  unit_id           bigint references org_units(id),                        -- the member's unit when awarded
  recorded_by       bigint references accounts(id),
  recorded_at       timestamptz not null default now(),
  voided_at         timestamptz,
  voided_by         bigint references accounts(id),
  void_reason       text
);
create unique index member_badge_awards_once on member_badge_awards (member_id, milestone) where voided_at is null;
create index member_badge_awards_presented on member_badge_awards (presented_on);

-- Serious illness, as an interval [since, until): an open row means the member is seriously ill now.
create table member_serious_illness (
  id                bigserial primary key,
  member_id         bigint not null references members(id),
  since             date not null,
  until             date,
  note              text not null,
  decision_id       bigint references decisions(id),
  recorded_by       bigint references accounts(id),
  recorded_at       timestamptz not null default now(),
  ended_by          bigint references accounts(id),
  check (until is null or until > since)
);
create unique index member_serious_illness_open on member_serious_illness (member_id) where until is null;
create index member_serious_illness_member on member_serious_illness (member_id, since);
