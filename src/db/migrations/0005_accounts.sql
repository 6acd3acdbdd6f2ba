-- Accounts and grants: diacritic-free search, one self-service account per member record, and the indexes the
-- account and grant lists need.

-- Username and display name folded for search ("nguyen van an" finds "Nguyễn Văn An"): Vietnamese letters mapped
-- to their base letters (the same result as foldText in src/lib/text.ts for NFC text), then lower-cased. A
-- generated column, so every writer (the API, the command line, fixtures) keeps it right.
alter table accounts add column search_folded text generated always as (
  lower(translate(username || ' ' || display_name,
    'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ',
    'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYd'))
) stored;

-- A member record has at most one self-service account.
create unique index accounts_member_unique on accounts (member_id) where member_id is not null;

-- Visibility of an account follows all its grants (revoked ones too, so history stays reachable).
create index grants_account_unit on grants (account_id, unit_id);
-- Acting grants of a source grant (revoking the source ends them).
create index grants_delegated_from on grants (delegated_from_grant_id) where delegated_from_grant_id is not null;

-- Lock-out counts failures within the window: the time of the last failure tells whether the count still runs.
alter table accounts add column last_failed_login_at timestamptz;
