-- Notifications in the app, kept per account (issue 10): what happened that an officer should act on or know of.
-- A row holds the kind and its parameters, never prose: the web renders the text in the reader's language.
-- Nothing is deleted: a notification is marked read.
create table notifications (
  id          bigserial primary key,
  account_id  bigint not null references accounts(id),
  kind        text not null,
  unit_id     bigint references org_units(id),        -- where the event happened
  object_type text,                                   -- what it links to ('member_transfer', 'member_import_job')
  object_id   bigint,
  params      jsonb not null default '{}'::jsonb,     -- names and dates the text needs, as they were at the event
  created_at  timestamptz not null default now(),
  read_at     timestamptz
);
-- The list (newest first) and the unread count of one account: both read one index range.
create index notifications_account on notifications (account_id, id desc);
create index notifications_unread on notifications (account_id) where read_at is null;
