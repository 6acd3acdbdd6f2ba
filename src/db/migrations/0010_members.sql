-- The member registry: identity and a current-state projection (`members`), the life-cycle journal
-- (`member_events`), where each member belonged and when (`member_placements`), transfers of party activity
-- (`member_transfers`) and per-account saved list filters (`member_saved_filters`).
--
-- Truth lives in `member_events` and `member_placements` (dated, never edited, corrected by later events);
-- the columns of `members` after the identity block are a projection of them for fast current-state lists.
-- Sized for 5.6 million members: the ancestor ids of the current unit are copied onto the member row and indexed,
-- and lists page by keyset on (ancestor, name_sort_key, id).

-- The words of a folded name in reverse order ("nguyen van an" -> "an van nguyen"): any tail of a name, typed the
-- natural way ("van an", "an"), is then a prefix of it, so name search needs only btree prefix ranges.
create function member_name_reversed(folded text) returns text language sql immutable parallel safe as $$
  select coalesce(string_agg(word, ' ' order by position desc), '') from unnest(string_to_array(folded, ' ')) with ordinality as t(word, position)
$$;

create table members (
  id                    bigserial primary key,
  -- Identity (Phiếu đảng viên)
  full_name             text not null,
  name_folded           text not null,                 -- foldText(full_name): search without diacritics or case
  name_sort_key         text collate "C" not null,     -- vietnameseNameSortKey(full_name): given, middle, family
  sex                   text not null check (sex in ('male', 'female')),
  birth_date            date not null,
  birthplace            text,
  hometown              text,
  ethnicity             text,                          -- code from src/contracts/member-reference.ts
  religion              text,
  citizen_id            text,                          -- 12-digit CCCD, unique among members
  party_card_number     text,
  education_level       text,
  professional_level    text,
  theory_level          text,                          -- political theory: none, elementary, intermediate, advanced…
  occupation            text,
  photo_attachment_id   bigint references attachments(id),
  -- Projection of the life cycle
  admission_date        date,                          -- signing date of the admission decision (party age counts from it)
  probation_start       date,                          -- the admission ceremony: 12 months of probation run from it
  official_date         date,                          -- the day the probation ended, for an official member
  status                text not null check (status in ('probationary', 'official', 'exempted', 'removed', 'expelled', 'deceased')),
  status_since          date not null,
  -- An official transfer issued and not yet received: the member is "in transit" (visible to both sides).
  in_transit            boolean not null default false,
  -- Current (or, for a former member, last) official unit, and copies of its place in the tree, kept in step with
  -- org_units by the trigger below.
  unit_id               bigint not null references org_units(id),
  scope_path            text collate "C" not null,
  province_id           bigint,
  superior_id           bigint,
  grassroots_id         bigint,
  birth_year            integer generated always as (extract(year from birth_date)::integer) stored,
  name_reversed         text generated always as (member_name_reversed(name_folded)) stored,
  row_version           integer not null default 0,
  created_by            bigint,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  check (citizen_id is null or citizen_id ~ '^[0-9]{12}$'),
  check (official_date is null or admission_date is null or official_date >= admission_date)
);
create unique index members_citizen_id on members (citizen_id) where citizen_id is not null;
create unique index members_party_card on members (party_card_number) where party_card_number is not null;
-- Scoped lists in Vietnamese order with keyset paging, at each level of the tree.
create index members_grassroots_sort on members (grassroots_id, name_sort_key, id);
create index members_superior_sort on members (superior_id, name_sort_key, id);
create index members_province_sort on members (province_id, name_sort_key, id);
create index members_unit_sort on members (unit_id, name_sort_key, id);
create index members_sort on members (name_sort_key, id);
create index members_scope_path on members (scope_path text_pattern_ops);
-- Name search: a prefix of the folded name ("nguyen van"), or of its reversed words for a tail ("van an", "an"),
-- within a province or nationally; smaller scopes scan their (ancestor, name_sort_key) index with the same filter.
create index members_province_name on members (province_id, name_folded text_pattern_ops);
create index members_province_name_reversed on members (province_id, name_reversed text_pattern_ops);
create index members_name_folded on members (name_folded text_pattern_ops);
create index members_name_reversed on members (name_reversed text_pattern_ops);
create index members_in_transit on members (unit_id) where in_transit;
alter table members alter column scope_path set statistics 1000;
alter table members alter column province_id set statistics 1000;
alter table members alter column superior_id set statistics 1000;
alter table members alter column grassroots_id set statistics 1000;
-- Names cluster (a few family, middle and given names make most of them): fine histograms keep prefix estimates true.
alter table members alter column name_folded set statistics 1000;
alter table members alter column name_reversed set statistics 1000;
alter table members alter column name_sort_key set statistics 1000;

-- The life-cycle journal of each member. An event is never edited: a wrong one is superseded by a correction
-- event (`corrects_event_id`), which sets `voided_by_event_id` on it; both stay in the timeline.
create table member_events (
  id                    bigserial primary key,
  member_id             bigint not null references members(id),
  kind                  text not null,                 -- see MEMBER_EVENT_KINDS in src/contracts/members.ts
  effective_date        date not null,
  decision_id           bigint references decisions(id),
  unit_id               bigint references org_units(id), -- the member's official unit when the event took effect
  status_after          text,                          -- the status from effective_date on, for status-changing events
  payload               jsonb not null default '{}'::jsonb,
  reason                text,
  transfer_id           bigint,
  corrects_event_id     bigint references member_events(id),
  voided_by_event_id    bigint references member_events(id),
  recorded_by           bigint,
  recorded_at           timestamptz not null default now()
);
create index member_events_member on member_events (member_id, effective_date, id);
create index member_events_kind_date on member_events (kind, effective_date) where voided_by_event_id is null;
create index member_events_unit on member_events (unit_id, effective_date);
create index member_events_decision on member_events (decision_id);

-- Where a member belonged, and when: official (the member's cell) or temporary (a host cell during a temporary
-- transfer; not counted in the host's headcount). Half-open [valid_from, valid_to).
create table member_placements (
  id                    bigserial primary key,
  member_id             bigint not null references members(id),
  unit_id               bigint not null references org_units(id),
  kind                  text not null check (kind in ('official', 'temporary')),
  valid_from            date not null,
  valid_to              date,
  event_id              bigint references member_events(id),   -- the event that opened it
  closed_by_event_id    bigint references member_events(id),   -- the event that closed it
  transfer_id           bigint,
  voided_by_event_id    bigint references member_events(id),   -- set when the opening event was corrected away
  check (valid_to is null or valid_to >= valid_from)
);
-- At most one open official placement per member.
create unique index member_placements_one_official on member_placements (member_id) where kind = 'official' and valid_to is null and voided_by_event_id is null;
create index member_placements_member on member_placements (member_id, valid_from) where voided_by_event_id is null;
create index member_placements_unit on member_placements (unit_id, valid_from) where voided_by_event_id is null;
-- Open temporary placements (guests at host cells): few, listed by host.
create index member_placements_open_temporary on member_placements (unit_id) where kind = 'temporary' and valid_to is null and voided_by_event_id is null;

-- Transfers of party activity (chuyển sinh hoạt đảng), official or temporary.
create table member_transfers (
  id                    bigserial primary key,
  member_id             bigint not null references members(id),
  kind                  text not null check (kind in ('official', 'temporary')),
  purpose               text check (purpose in ('work', 'study', 'residence', 'retirement', 'other')),
  from_unit_id          bigint not null references org_units(id),
  to_unit_id            bigint not null references org_units(id),
  status                text not null check (status in ('issued', 'accepted', 'returned', 'cancelled', 'ended')),
  issued_on             date not null,
  issue_decision_id     bigint references decisions(id),
  -- Working-day deadlines, computed from the rules in force on issued_on / received_on.
  due_by                date not null,                 -- to be received by the destination
  temporary_until       date,                          -- temporary transfers: the planned end
  received_on           date,
  receive_decision_id   bigint references decisions(id),
  cell_id               bigint references org_units(id), -- the cell the member joined at the destination
  present_by            date,                          -- to be presented to the new cell
  presented_on          date,
  closed_on             date,                          -- returned, cancelled or (temporary) ended
  close_reason          text,
  note                  text,
  issued_by             bigint,
  received_by           bigint,
  closed_by             bigint,
  row_version           integer not null default 0,
  created_at            timestamptz not null default now()
);
-- At most one open transfer of each kind per member.
create unique index member_transfers_one_open on member_transfers (member_id, kind) where status = 'issued';
create index member_transfers_member on member_transfers (member_id, issued_on);
create index member_transfers_to on member_transfers (to_unit_id, status);
create index member_transfers_from on member_transfers (from_unit_id, status);
create index member_transfers_open_due on member_transfers (due_by) where status = 'issued';
create index member_transfers_present_due on member_transfers (present_by) where status = 'accepted' and presented_on is null;

alter table member_events add constraint member_events_transfer_fk foreign key (transfer_id) references member_transfers(id);
alter table member_placements add constraint member_placements_transfer_fk foreign key (transfer_id) references member_transfers(id);

-- Named list filters, per account.
create table member_saved_filters (
  id                    bigserial primary key,
  account_id            bigint not null references accounts(id),
  name                  text not null,
  filters               jsonb not null,
  row_version           integer not null default 0,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  deleted_at            timestamptz                    -- kept, like everything else; hidden once deleted
);
create unique index member_saved_filters_name on member_saved_filters (account_id, lower(name)) where deleted_at is null;

alter table accounts add constraint accounts_member_fk foreign key (member_id) references members(id);
create index accounts_member on accounts (member_id) where member_id is not null;

-- Keep the copies of the unit's place in the tree on member rows in step with org_units, whatever changes it
-- (restructuring, moves, repairs).
create function members_follow_unit() returns trigger language plpgsql as $$
begin
  update members
     set scope_path = new.scope_path, province_id = new.province_id, superior_id = new.superior_id, grassroots_id = new.grassroots_id
   where unit_id = new.id;
  return null;
end $$;
create trigger org_units_members_follow after update of scope_path, province_id, superior_id, grassroots_id on org_units
  for each row
  when (old.scope_path is distinct from new.scope_path or old.province_id is distinct from new.province_id
        or old.superior_id is distinct from new.superior_id or old.grassroots_id is distinct from new.grassroots_id)
  execute function members_follow_unit();
