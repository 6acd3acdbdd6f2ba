/**
 * The member registry's bulk writers: besides the commands (one member at a time), the only code that writes
 * `members`, `member_events` and `member_placements`. For loads of many rows at once (the import, demo data).
 *
 * Set-based: a writer takes its source rows as a select (a `sql` fragment or a Kysely select) whose columns are
 * named as it lists, and writes them all in one statement. The writer owns the insert: the columns, each value cast
 * to its column's type, the copies of the unit's place in the tree, the ids, what a command would write beside the
 * row (a registration's event and placement). The caller owns the select, from its own staging data.
 * See NOTES.md, "Bulk writer".
 */
import { sql, type Expression, type RawBuilder, type Updateable } from 'kysely';
import type { PlacementKind } from '../../contracts/members.ts';
import type { Executor, Tx } from '../../kernel/executor.ts';
import { foldText, vietnameseWordKey } from '../../lib/text.ts';
import type { MemberRow, NewEvent, NewMember } from './members.repository.ts';
import type { MembersTable } from './members.tables.ts';

// ---------------------------------------------------------------------------------------------------------------
// Name keys

/** A word's folded form and sort key, remembered: names share few words (family and middle names above all). */
const wordKeys = new Map<string, { folded: string; key: string }>();

function keysOfWord(word: string): { folded: string; key: string } {
  let keys = wordKeys.get(word);
  if (keys === undefined) {
    keys = { folded: foldText(word), key: vietnameseWordKey(word) };
    if (wordKeys.size >= 50_000) wordKeys.clear();
    wordKeys.set(word, keys);
  }
  return keys;
}

/**
 * The stored forms of a member's name, exactly as a command stores them (`foldText`, `vietnameseNameSortKey`): the
 * folded name (search) and the Vietnamese sort key (lists). Both are built word by word through a cache, as a bulk
 * load computes them for every row: folding a whole name (Unicode decomposition and three replacements) was a fifth
 * of an import row's checks. Folding word by word gives `foldText`'s answer: no decomposition spans a space, and a
 * word that folds to nothing (combining marks alone) is left out as `foldText` collapses the spaces around it (a
 * property test in row-validation.test.ts compares the two on any text).
 */
export function memberNameKeys(fullName: string): { nameFolded: string; nameSortKey: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { nameFolded: '', nameSortKey: '' };
  const keys = words.map(keysOfWord);
  let nameFolded = '';
  for (const { folded } of keys) if (folded !== '') nameFolded = nameFolded === '' ? folded : `${nameFolded} ${folded}`;
  // The sort key reads the given name first, then the middle names, then the family name.
  const ordered = [keys[keys.length - 1], ...keys.slice(1, -1), keys[0]].slice(0, keys.length);
  return { nameFolded, nameSortKey: ordered.map(({ key }) => key).join(' ') };
}

// ---------------------------------------------------------------------------------------------------------------
// Registration in bulk (imports)

export interface RegisteredGroup {
  unitId: number;
  /** The members written in this cell, in the order of their source keys. */
  memberIds: number[];
  /** The source keys (e.g. the rows of a file), in order. */
  keys: number[];
  /** The earliest effective date among them. */
  effectiveDate: string;
}

/**
 * Registers members in bulk, as `registerMember` does one at a time: for each source row a member (its status since
 * the effective date, the unit's place in the tree copied from `org_units`), a `registration` event (with the
 * admission, probation and official dates in its payload, plus `eventPayload`) and the official placement from the
 * effective date. Ids come from the tables' sequences.
 *
 * `source` yields, by name: `key` (the caller's number for the row, e.g. its row in a file), `unit_id`,
 * `effective_date`, `status`, `full_name`, `name_folded`, `name_sort_key` (see `memberNameKeys`), `sex`,
 * `birth_date`, `birthplace`, `hometown`, `ethnicity`, `religion`, `citizen_id`, `party_card_number`,
 * `education_level`, `professional_level`, `theory_level`, `occupation`, `admission_date`, `probation_start`,
 * `official_date`. The caller has checked the rows as a registration checks its input (a cell of the caller's scope,
 * dates, identity); the unique indexes still refuse a duplicate citizen ID or party card number.
 *
 * `alongside`, when given, is one more data-modifying statement of the caller's own tables that runs in the same
 * statement, reading the rows just written as `registered` (`key`, `member_id`, `unit_id`): e.g. noting each row's
 * member id in the caller's staging table without another round trip.
 *
 * Returns the members written, grouped by cell (for the caller's journal entries).
 */
export async function registerMembersInBulk(tx: Tx, input: {
  source: Expression<unknown>;
  decisionId: number | null;
  reason: string | null;
  recordedBy: number | null;
  eventPayload?: Record<string, unknown>;
  alongside?: Expression<unknown>;
}): Promise<RegisteredGroup[]> {
  const extra = JSON.stringify(input.eventPayload ?? {});
  // The placements are judged in a cell once for the statement, not each at commit (migration 0047): the rows' units
  // are cells the caller checked, and a row-by-row check at commit cost about a tenth of an import's apply.
  await sql`select set_config('cellbase.placements_in_cell', 'statement', true)`.execute(tx);
  // The sequences are looked up once per statement (a subquery): looked up for every row, the two lookups cost
  // about 7 µs a row.
  const result = await sql<{ unit_id: number; member_ids: number[]; keys: number[]; effective_date: string }>`
    with registered as materialized (
      select s.key::bigint as key, nextval((select pg_get_serial_sequence('members', 'id')::regclass)) as member_id,
        nextval((select pg_get_serial_sequence('member_events', 'id')::regclass)) as event_id,
        s.unit_id::bigint as unit_id, s.effective_date::date as effective_date, s.status::text as status,
        s.full_name::text as full_name, s.name_folded::text as name_folded, s.name_sort_key::text as name_sort_key, s.sex::text as sex,
        s.birth_date::date as birth_date, s.birthplace::text as birthplace, s.hometown::text as hometown, s.ethnicity::text as ethnicity,
        s.religion::text as religion, s.citizen_id::text as citizen_id, s.party_card_number::text as party_card_number,
        s.education_level::text as education_level, s.professional_level::text as professional_level, s.theory_level::text as theory_level,
        s.occupation::text as occupation, s.admission_date::date as admission_date, s.probation_start::date as probation_start,
        s.official_date::date as official_date, u.scope_path, u.province_id, u.superior_id, u.grassroots_id
      from (${input.source}) as s join org_units u on u.id = s.unit_id
    ), m as (
      insert into members (id, full_name, name_folded, name_sort_key, sex, birth_date, birthplace, hometown, ethnicity, religion,
        citizen_id, party_card_number, education_level, professional_level, theory_level, occupation, admission_date,
        probation_start, official_date, status, status_since, unit_id, scope_path, province_id, superior_id, grassroots_id, created_by)
      select member_id, full_name, name_folded, name_sort_key, sex, birth_date, birthplace, hometown, ethnicity, religion,
        citizen_id, party_card_number, education_level, professional_level, theory_level, occupation, admission_date,
        probation_start, official_date, status,
        -- "Since" is when the status began (the official date, the start of probation), not the day the registry
        -- learned of it; other statuses carry no date of their own in a registration row.
        case status when 'official' then coalesce(official_date, effective_date) when 'probationary' then coalesce(probation_start, effective_date)
          else effective_date end,
        unit_id, scope_path, province_id, superior_id, grassroots_id,
        ${input.recordedBy}::bigint
      from registered
    ), e as (
      insert into member_events (id, member_id, kind, effective_date, decision_id, unit_id, status_after, payload, reason, recorded_by)
      select event_id, member_id, 'registration', effective_date, ${input.decisionId}::bigint, unit_id, status,
        jsonb_build_object('admissionDate', admission_date, 'probationStart', probation_start, 'officialDate', official_date) || ${extra}::jsonb,
        ${input.reason}::text, ${input.recordedBy}::bigint
      from registered
    ), p as (
      insert into member_placements (member_id, unit_id, kind, valid_from, event_id)
      select member_id, unit_id, 'official', effective_date, event_id from registered
    )${input.alongside ? sql`, alongside as (${input.alongside})` : sql``}
    select unit_id, array_agg(member_id order by key) as member_ids, array_agg(key order by key) as keys,
      min(effective_date)::text as effective_date
    from registered group by unit_id order by unit_id`.execute(tx);
  await sql`select set_config('cellbase.placements_in_cell', '', true)`.execute(tx);
  return result.rows.map((row) => ({
    unitId: Number(row.unit_id), memberIds: row.member_ids.map(Number), keys: row.keys.map(Number), effectiveDate: row.effective_date,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Rows with their history (demo data)

/**
 * After a load of `written` members in the caller's transaction: analyzes the registry's tables when the load is
 * larger than what they held (50 rows at least), so that the requests after a first load are planned on it,
 * not on the empty tables, whenever autovacuum comes round (migration 0052). Returns whether it analyzed.
 */
export async function analyzeRegistryAfterLoad(tx: Tx, written: number): Promise<boolean> {
  const result = await sql<{ analyzed: boolean }>`select analyze_after_load('members', ${written}::bigint) as analyzed`.execute(tx);
  return result.rows[0].analyzed;
}

/**
 * Reserves consecutive ids for `members` and `member_events` (the first of each: ids first … first + count), so
 * that a load can compute every id from a row's number. Locks the member tables against other writers until the
 * transaction ends, so that nobody else takes an id inside the ranges.
 */
export async function reserveMemberIdRanges(tx: Tx, counts: { members: number; events: number }): Promise<{ member: number; event: number }> {
  await sql`lock table members, member_events, member_placements in share row exclusive mode`.execute(tx);
  return { member: await reserveRange(tx, 'members', counts.members), event: await reserveRange(tx, 'member_events', counts.events) };
}

async function reserveRange(tx: Tx, table: string, count: number): Promise<number> {
  const result = await sql<{ first: string }>`
    select (setval(s.seq, nextval(s.seq) + ${count}::bigint) - ${count}::bigint)::text as first
    from (select pg_get_serial_sequence(${table}, 'id')::regclass as seq) s`.execute(tx);
  return Number(result.rows[0].first);
}

/**
 * Writes members whose life cycle the caller computed (status, dates, unit), with the ids it reserved. `source`
 * yields, by name: `id`, `full_name`, `name_folded`, `name_sort_key` (see `memberNameKeys`), `sex`, `birth_date`,
 * `birthplace`, `hometown`, `ethnicity`, `religion`, `citizen_id`, `party_card_number`, `education_level`,
 * `professional_level`, `theory_level`, `occupation`, `admission_date`, `probation_start`, `official_date`, `status`,
 * `status_since`, `unit_id` (the member's cell today), `created_by`. The unit's place in the tree is copied from
 * `org_units`; nobody is in transit. The caller writes the events and placements the projection sums up
 * (`insertMemberEventsFrom`, `insertMemberPlacementsFrom`), in the same transaction.
 */
export async function insertMembersFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into members (id, full_name, name_folded, name_sort_key, sex, birth_date, birthplace, hometown, ethnicity, religion, citizen_id,
      party_card_number, education_level, professional_level, theory_level, occupation, admission_date, probation_start, official_date,
      status, status_since, in_transit, unit_id, scope_path, province_id, superior_id, grassroots_id, created_by)
    select s.id::bigint, s.full_name::text, s.name_folded::text, s.name_sort_key::text, s.sex::text, s.birth_date::date, s.birthplace::text,
      s.hometown::text, s.ethnicity::text, s.religion::text, s.citizen_id::text, s.party_card_number::text, s.education_level::text,
      s.professional_level::text, s.theory_level::text, s.occupation::text, s.admission_date::date, s.probation_start::date,
      s.official_date::date, s.status::text, s.status_since::date, false, u.id, u.scope_path, u.province_id, u.superior_id,
      u.grassroots_id, s.created_by::bigint
    from (${source}) as s join org_units u on u.id = s.unit_id`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Writes life-cycle events, in the source's order. `source` yields, by name: `id` (reserved), `member_id`, `kind`,
 * `effective_date`, `decision_id`, `unit_id`, `status_after`, `payload` (jsonb), `reason`, `transfer_id`,
 * `recorded_by`, `recorded_at` (null: now). Bulk loads write no corrections: nothing corrects or voids another event.
 */
export async function insertMemberEventsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into member_events (id, member_id, kind, effective_date, decision_id, unit_id, status_after, payload, reason, transfer_id, recorded_by, recorded_at)
    select s.id::bigint, s.member_id::bigint, s.kind::text, s.effective_date::date, s.decision_id::bigint, s.unit_id::bigint, s.status_after::text,
      coalesce(s.payload::jsonb, '{}'::jsonb), s.reason::text, s.transfer_id::bigint, s.recorded_by::bigint, coalesce(s.recorded_at::timestamptz, now())
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Writes official placements, in the source's order (ids from the table's sequence). `source` yields, by name:
 * `member_id`, `unit_id`, `valid_from`, `valid_to`, `event_id` (the event that opened it), `closed_by_event_id`,
 * `transfer_id`.
 */
export async function insertMemberPlacementsFrom(tx: Tx, source: Expression<unknown>): Promise<number> {
  const result = await sql`
    insert into member_placements (member_id, unit_id, kind, valid_from, valid_to, event_id, closed_by_event_id, transfer_id)
    select s.member_id::bigint, s.unit_id::bigint, 'official', s.valid_from::date, s.valid_to::date, s.event_id::bigint,
      s.closed_by_event_id::bigint, s.transfer_id::bigint
    from (${source}) as s`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Life-cycle facts, many at once (the commands' `writeFacts`: one member or a bulk request's rows)

/** Column types by table, read from the catalog once per process. */
const columnTypes = new Map<string, Map<string, string>>();

/**
 * `rows` as a set for `insert … select from unnest(…)` or `update … from unnest(…)`: one array per column, cast to
 * the column's type in `table` (read from the catalog once), aliased `r` with the columns' names. Every row names the
 * same columns (those of the first). For rows of scalars: strings, numbers, booleans, dates as strings, nulls.
 */
export async function unnestRows(tx: Executor, table: string, rows: readonly object[]): Promise<{ columns: string[]; source: RawBuilder<unknown> }> {
  let types = columnTypes.get(table);
  if (!types) {
    const result = await sql<{ name: string; type: string }>`
      select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(tx);
    types = new Map(result.rows.map((row) => [row.name, row.type]));
    columnTypes.set(table, types);
  }
  const known = types;
  const columns = Object.keys(rows[0] ?? {});
  const arrays = columns.map((column) => sql`${rows.map((row) => (row as Record<string, unknown>)[column] ?? null)}::${sql.raw(known.get(column)!)}[]`);
  return { columns, source: sql`unnest(${sql.join(arrays)}) as r(${sql.join(columns.map((column) => sql.id(column)))})` };
}

/**
 * Writes new member records as given (ids reserved by the caller, `reserveMemberIds`), in one statement; every row
 * names the same columns. Returns the rows written.
 */
export async function insertMemberRows(tx: Tx, rows: readonly NewMember[]): Promise<MemberRow[]> {
  if (rows.length === 0) return [];
  const { columns, source } = await unnestRows(tx, 'members', rows);
  const names = sql.join(columns.map((column) => sql.id(column)));
  const result = await sql<MemberRow>`insert into members (${names}) select ${names} from ${source} returning *`.execute(tx);
  return result.rows;
}

/** Writes member events in one statement (`insert … select from unnest`); returns their ids in the order given. */
export async function insertEventsInBulk(tx: Tx, events: readonly NewEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const column = <T>(pick: (event: NewEvent) => T) => events.map(pick);
  const result = await sql<{ id: number }>`
    with r as materialized (
      select nextval((select pg_get_serial_sequence('member_events', 'id')::regclass)) as id, r.*
      from unnest(${column((e) => e.memberId)}::bigint[], ${column((e) => e.kind)}::text[], ${column((e) => e.effectiveDate)}::date[],
        ${column((e) => e.decisionId ?? null)}::bigint[], ${column((e) => e.unitId)}::bigint[], ${column((e) => e.statusAfter ?? null)}::text[],
        ${column((e) => JSON.stringify(e.payload ?? {}))}::text[], ${column((e) => e.reason ?? null)}::text[], ${column((e) => e.transferId ?? null)}::bigint[],
        ${column((e) => e.correctsEventId ?? null)}::bigint[], ${column((e) => e.recordedBy)}::bigint[])
        with ordinality as r(member_id, kind, effective_date, decision_id, unit_id, status_after, payload, reason, transfer_id, corrects_event_id, recorded_by, ord)
    ), written as (
      insert into member_events (id, member_id, kind, effective_date, decision_id, unit_id, status_after, payload, reason, transfer_id, corrects_event_id, voided_by_event_id, recorded_by)
      select id, member_id, kind, effective_date, decision_id, unit_id, status_after, payload::jsonb, reason, transfer_id, corrects_event_id, null, recorded_by from r
    )
    select id from r order by ord`.execute(tx);
  return result.rows.map((row) => Number(row.id));
}

/** Ends placements, each on its date and by its event, in one statement. */
export async function closePlacementsInBulk(tx: Tx, closes: readonly { placementId: number; validTo: string; eventId: number }[]): Promise<void> {
  if (closes.length === 0) return;
  await sql`
    update member_placements p set valid_to = r.valid_to, closed_by_event_id = r.event_id
    from unnest(${closes.map((c) => c.placementId)}::bigint[], ${closes.map((c) => c.validTo)}::date[], ${closes.map((c) => c.eventId)}::bigint[]) as r(id, valid_to, event_id)
    where p.id = r.id`.execute(tx);
}

/** Opens placements, in one statement. */
export async function insertPlacementsInBulk(tx: Tx, rows: readonly { memberId: number; unitId: number; kind: PlacementKind; validFrom: string; eventId: number; transferId: number | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into member_placements (member_id, unit_id, kind, valid_from, valid_to, event_id, closed_by_event_id, transfer_id, voided_by_event_id)
    select member_id, unit_id, kind, valid_from, null, event_id, null, transfer_id, null
    from unnest(${rows.map((r) => r.memberId)}::bigint[], ${rows.map((r) => r.unitId)}::bigint[], ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.validFrom)}::date[], ${rows.map((r) => r.eventId)}::bigint[], ${rows.map((r) => r.transferId)}::bigint[])
      with ordinality as r(member_id, unit_id, kind, valid_from, event_id, transfer_id, ord)
    order by ord`.execute(tx);
}

/**
 * Updates the projection of many members as `updateMember` does one (the row version goes up, `updated_at` now), one
 * statement per set of columns changed (a request's rows change the same ones). Returns the rows as written.
 */
export async function updateMembersInBulk(tx: Tx, rows: readonly { memberId: number; changes: Updateable<MembersTable> }[]): Promise<MemberRow[]> {
  const groups = new Map<string, { memberId: number; changes: Updateable<MembersTable> }[]>();
  for (const row of rows) {
    const key = Object.keys(row.changes).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const written: MemberRow[] = [];
  for (const group of groups.values()) {
    const { columns, source } = await unnestRows(tx, 'members', group.map((row) => ({ id: row.memberId, ...row.changes })));
    const sets = columns.filter((column) => column !== 'id').map((column) => sql`${sql.id(column)} = r.${sql.id(column)}`);
    const result = await sql<MemberRow>`
      update members m set ${sql.join([...sets, sql`row_version = m.row_version + 1`, sql`updated_at = now()`])}
      from ${source} where m.id = r.id
      returning m.*`.execute(tx);
    written.push(...result.rows);
  }
  return written;
}
