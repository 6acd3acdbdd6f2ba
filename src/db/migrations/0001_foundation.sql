-- Foundation: organization units through time, decisions, the journal, accounts, sessions and grants.
-- Conventions: dates are `date`; an interval [valid_from, valid_to) is half-open and valid_to null means "open".
-- Paths are '/id/id/id/' strings in C collation so a prefix LIKE uses a plain btree index.

create table org_units (
  id            bigserial primary key,
  code          text not null unique,
  -- Where the unit sits in today's world, for access checks: its current path while it lives, and after it ends
  -- the path under the unit that took it over (merge target) or its last parent. Maintained by restructuring.
  scope_path    text collate "C" not null default '',
  -- Current ancestors as plain indexed columns: the planner estimates equality far better than prefix LIKE.
  province_id   bigint,
  superior_id   bigint,   -- district (before 1/7/2025) or commune committee: the direct superior of grassroots
  grassroots_id bigint,
  established_on date not null,
  ended_on       date,
  end_reason     text check (end_reason in ('merged', 'dissolved', 'split')),
  row_version    integer not null default 0,
  created_at     timestamptz not null default now()
);
create index org_units_scope_path on org_units (scope_path);
create index org_units_province on org_units (province_id);
create index org_units_superior on org_units (superior_id);
create index org_units_grassroots on org_units (grassroots_id);
alter table org_units alter column scope_path set statistics 1000;

create table decisions (
  id            bigserial primary key,
  number        text not null,          -- e.g. "125-QĐ/TU"
  signed_on     date not null,
  issuing_body  text not null,          -- e.g. "Ban Thường vụ Tỉnh ủy Quảng Ninh"
  issuing_unit_id bigint references org_units(id),
  signer        text,
  subject       text,
  attachment_id bigint,
  number_folded text not null,
  recorded_by   bigint,
  created_at    timestamptz not null default now(),
  unique (number_folded, issuing_body, signed_on)
);
create index decisions_issuing_unit on decisions (issuing_unit_id);
create index decisions_signed_on on decisions (signed_on);

create table attachments (
  id            bigserial primary key,
  filename      text not null,
  content_type  text not null,
  size_bytes    integer not null,
  sha256        text not null,
  data          bytea not null,
  created_at    timestamptz not null default now()
);
alter table decisions add constraint decisions_attachment_fk foreign key (attachment_id) references attachments(id);

-- A restructuring batch: one dated operation with its legal basis, previewed before it is applied.
create table restructure_batches (
  id              bigserial primary key,
  operation       text not null,        -- establish, rename, move, merge, split, upgrade, change_kind, dissolve, undo
  effective_date  date not null,
  decision_id     bigint references decisions(id),
  payload         jsonb not null,
  summary         jsonb not null default '{}'::jsonb,
  status          text not null check (status in ('applied', 'undone')),
  undoes_batch_id bigint references restructure_batches(id),
  undone_by_batch_id bigint references restructure_batches(id),
  applied_by      bigint,
  applied_at      timestamptz not null default now()
);
create unique index restructure_batches_undo_once on restructure_batches (undoes_batch_id) where undoes_batch_id is not null;

create table org_unit_versions (
  id            bigserial primary key,
  unit_id       bigint not null references org_units(id),
  valid_from    date not null,
  valid_to      date,                  -- exclusive; null while current
  parent_id     bigint references org_units(id),
  name          text not null,
  name_folded   text not null,         -- lower case, diacritics removed: for search
  kind          text not null,
  sector        text,
  path          text collate "C" not null,  -- '/root/.../unit/' as of this version
  depth         integer not null,
  batch_id      bigint references restructure_batches(id),
  change        text not null,         -- what made this version: establish, rename, move, ancestor_moved, ...
  -- Versions superseded by an undo stay for the record but are no longer part of the history.
  voided_by_batch_id bigint references restructure_batches(id),
  check (valid_to is null or valid_to > valid_from)
);
create index org_unit_versions_unit on org_unit_versions (unit_id, valid_from) where voided_by_batch_id is null;
create index org_unit_versions_path on org_unit_versions (path, valid_from) where voided_by_batch_id is null;
create index org_unit_versions_parent on org_unit_versions (parent_id, valid_from) where voided_by_batch_id is null;
create index org_unit_versions_batch on org_unit_versions (batch_id);
create index org_unit_versions_name on org_unit_versions (name_folded text_pattern_ops) where voided_by_batch_id is null;
alter table org_unit_versions alter column path set statistics 1000;

-- Lineage across merges, splits and upgrades: predecessor -> successor on a date.
create table org_unit_links (
  id              bigserial primary key,
  predecessor_id  bigint not null references org_units(id),
  successor_id    bigint not null references org_units(id),
  link_kind       text not null check (link_kind in ('merged_into', 'split_into', 'upgraded_to', 'absorbed_into')),
  effective_date  date not null,
  batch_id        bigint not null references restructure_batches(id),
  voided_by_batch_id bigint references restructure_batches(id)
);
create index org_unit_links_pred on org_unit_links (predecessor_id);
create index org_unit_links_succ on org_unit_links (successor_id);

-- The journal: every change, append-only, in the same transaction as the change.
create table journal (
  id             bigserial primary key,
  recorded_at    timestamptz not null default now(),
  account_id     bigint,
  action         text not null,        -- e.g. org.merge, account.create, grant.revoke, decision.create
  object_type    text not null,
  object_id      text not null,
  unit_id        bigint,               -- the unit the change belongs to, for scoped reading
  effective_date date,
  decision_id    bigint references decisions(id),
  reason         text,
  before         jsonb,
  after          jsonb,
  request_id     text
);
create index journal_object on journal (object_type, object_id, id);
create index journal_unit on journal (unit_id, id);
create index journal_recorded on journal (recorded_at);

create function journal_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'journal is append-only' using errcode = '55000';
end $$;
create trigger journal_no_update before update or delete on journal
  for each row execute function journal_is_append_only();
create trigger journal_no_truncate before truncate on journal
  for each statement execute function journal_is_append_only();

create table accounts (
  id              bigserial primary key,
  username        text not null,
  display_name    text not null,
  password_hash   text not null,
  must_change_password boolean not null default false,
  locale          text not null default 'vi' check (locale in ('vi', 'en')),
  member_id       bigint,              -- the member record a self-service account belongs to
  failed_logins   integer not null default 0,
  locked_until    timestamptz,
  disabled_at     timestamptz,
  row_version     integer not null default 0,
  created_at      timestamptz not null default now()
);
create unique index accounts_username on accounts (lower(username));

create table sessions (
  token_hash    text primary key,       -- sha256 of the cookie token; the token itself is never stored
  account_id    bigint not null references accounts(id),
  csrf_token    text not null,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null,
  ended_at      timestamptz
);
create index sessions_account on sessions (account_id);

-- Failed logins per source address, for throttling that survives across processes.
create table login_failures (
  id            bigserial primary key,
  username      text not null,
  ip            text not null,
  at            timestamptz not null default now()
);
create index login_failures_ip on login_failures (ip, at);
create index login_failures_username on login_failures (lower(username), at);

create table grants (
  id              bigserial primary key,
  account_id      bigint not null references accounts(id),
  role            text not null check (role in ('admin', 'org_officer', 'inspection_officer', 'cell_secretary', 'member', 'viewer')),
  unit_id         bigint not null references org_units(id),
  valid_from      date not null,
  valid_to        date,                -- exclusive; an acting grant (delegation) always has one
  delegated_from_grant_id bigint references grants(id),
  note            text,
  revoked_at      timestamptz,
  created_by      bigint references accounts(id),
  created_at      timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from)
);
create index grants_account on grants (account_id) where revoked_at is null;
create index grants_unit on grants (unit_id);
