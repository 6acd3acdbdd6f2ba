/** Kysely queries of transfers of party activity. */
import { sql, type Expression, type SqlBool, type Selectable, type Insertable, type Updateable } from 'kysely';
import { escapeLike } from '../../access/scope.ts';
import { pathInScope, unitInScope, versionInForce, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import type { TransferStatus } from '../../contracts/members.ts';
import type { MemberTransfersTable } from './transfers.tables.ts';

export type TransferRow = Selectable<MemberTransfersTable>;

export async function insertTransfer(db: Executor, values: Insertable<MemberTransfersTable>): Promise<TransferRow> {
  return db.insertInto('member_transfers').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateTransfer(db: Executor, transferId: number, changes: Updateable<MemberTransfersTable>): Promise<TransferRow> {
  return db.updateTable('member_transfers').set({ ...changes, row_version: sql`row_version + 1` }).where('id', '=', transferId).returningAll().executeTakeFirstOrThrow();
}

/** Which side of a transfer the scope must cover. */
export type TransferSide = 'from' | 'to' | 'either';

function sideCondition(side: TransferSide, scope: Scope): Expression<SqlBool> {
  const from = sql<SqlBool>`exists (select 1 from org_units fu where fu.id = t.from_unit_id and ${pathInScope('fu.scope_path', scope)})`;
  const to = sql<SqlBool>`exists (select 1 from org_units tu where tu.id = t.to_unit_id and ${pathInScope('tu.scope_path', scope)})`;
  return side === 'from' ? from : side === 'to' ? to : sql<SqlBool>`(${from} or ${to})`;
}

/** A transfer whose chosen side lies in the scope, locked for a write when asked. */
export async function findTransferInScope(db: Executor, transferId: number, scope: Scope, side: TransferSide, lock = false): Promise<TransferRow | undefined> {
  let query = db.selectFrom('member_transfers as t').selectAll('t').where('t.id', '=', transferId).where(sideCondition(side, scope));
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Transfers whose chosen side lies in the scope, locked in id order (a bulk request's, in one statement). */
export async function lockTransfersInScope(db: Executor, transferIds: readonly number[], scope: Scope, side: TransferSide): Promise<Map<number, TransferRow>> {
  if (transferIds.length === 0) return new Map();
  const rows = await db.selectFrom('member_transfers as t').selectAll('t').where('t.id', 'in', [...transferIds]).where(sideCondition(side, scope))
    .orderBy('t.id').forUpdate().execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export interface TransferListInput {
  scope: Scope;
  direction: 'incoming' | 'outgoing' | 'all';
  statuses?: readonly TransferStatus[];
  /** Only those past a deadline on this date. */
  lateOn?: string;
  afterId?: number;
  limit: number;
}

type TransferFilters = Omit<TransferListInput, 'afterId' | 'limit'>;

/** The list's conditions other than the side (status, lateness), shared by the list and its count. */
function filteredTransfers(db: Executor, input: TransferFilters) {
  let query = db.selectFrom('member_transfers as t');
  if (input.statuses && input.statuses.length > 0) query = query.where('t.status', 'in', [...input.statuses]);
  if (input.lateOn) {
    const date = input.lateOn;
    query = query.where((eb) => eb.or([
      eb.and([eb('t.status', '=', 'issued'), eb('t.due_by', '<', date)]),
      eb.and([eb('t.status', '=', 'accepted'), eb('t.presented_on', 'is', null), eb('t.present_by', '<', date)]),
    ]));
  }
  return query;
}

const sideOf = (direction: TransferListInput['direction']): TransferSide => (direction === 'incoming' ? 'to' : direction === 'outgoing' ? 'from' : 'either');

/** Newest first, keyset on id. Incoming: addressed to the scope; outgoing: issued from it. */
export async function listTransfers(db: Executor, input: TransferListInput): Promise<TransferRow[]> {
  let query = filteredTransfers(db, input).selectAll('t').where(sideCondition(sideOf(input.direction), input.scope));
  if (input.afterId) query = query.where('t.id', '<', input.afterId);
  return query.orderBy('t.id', 'desc').limit(input.limit).execute();
}

/**
 * How many transfers the list holds (its conditions, no cursor), counted up to `cap`. Each side is counted on its
 * own, so the planner reaches the transfers through the units of the scope (`org_units_scope_path_pattern`) and the
 * indexes `member_transfers_to` / `member_transfers_from`, never by walking the whole table; "either side" is the
 * receiving side plus the sending side of those not addressed to the scope, which is exactly the list's `or`.
 */
export async function countTransfers(db: Executor, input: TransferFilters, cap: number): Promise<number> {
  const side = sideOf(input.direction);
  const part = (which: 'from' | 'to', exclude?: 'to') => {
    let query = filteredTransfers(db, input).select(sql<number>`1`.as('one')).where(sideCondition(which, input.scope));
    if (exclude) query = query.where(sql<SqlBool>`not ${sideCondition(exclude, input.scope)}`);
    return query.limit(cap);
  };
  const count = async (query: ReturnType<typeof part>) => {
    const row = await db.selectFrom(query.as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  if (side !== 'either') return count(part(side));
  const incoming = await count(part('to'));
  if (incoming >= cap) return cap;
  return Math.min(cap, incoming + await count(part('from', 'to')));
}

/** Transfers still waiting to be received by a unit of the scope. */
export async function issuedTransfersTo(db: Executor, unitId: number, scope: Scope) {
  return db.selectFrom('member_transfers').select(['id', 'member_id']).where('to_unit_id', '=', unitId).where('status', '=', 'issued')
    .where(unitInScope('to_unit_id', scope)).orderBy('id').execute();
}

export async function setTransferDestination(db: Executor, transferId: number, toUnitId: number): Promise<void> {
  await db.updateTable('member_transfers').set({ to_unit_id: toUnitId, row_version: sql`row_version + 1` }).where('id', '=', transferId).execute();
}

/** Ends an accepted temporary transfer (its host went away). */
export async function endAcceptedTransfer(db: Executor, transferId: number, date: string, reason: string): Promise<void> {
  await db.updateTable('member_transfers').set({ status: 'ended', closed_on: date, close_reason: reason, row_version: sql`row_version + 1` })
    .where('id', '=', transferId).where('status', '=', 'accepted').execute();
}

/** Reopens a temporary transfer ended by a restructuring that was undone. */
export async function reopenEndedTransfer(db: Executor, transferId: number): Promise<void> {
  await db.updateTable('member_transfers').set({ status: 'accepted', closed_on: null, close_reason: null, row_version: sql`row_version + 1` })
    .where('id', '=', transferId).where('status', '=', 'ended').execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Destinations: units anywhere in the country a member can be sent to (no scope, by design: see the service)

export interface DestinationRow {
  unit_id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
}

export interface DestinationSearch {
  /** The whole query, folded (diacritics and case removed). */
  folded: string;
  /** Regular expressions on `name_folded`, one per query word, each anchored at the start of a word. */
  wordPatterns: readonly string[];
  /** Lower-cased, compared with the code for equality. */
  code: string;
  kinds: readonly string[];
  date: string;
  /** How many word matches to rank; a query common enough to reach it ranks the first ones found. */
  candidates: number;
  limit: number;
}

/**
 * Units in force on the date, not ended, of a receiving kind: the one whose code equals `code`; then those whose
 * name starts with the query (index range in name order, so a common beginning such as "chi bo" stops after
 * `limit`); then, when these are too few, those whose name has a word starting with each query word, found through
 * the trigram index, the query as a phrase ranked first.
 * Sequential scans are turned off, and plain index scans for the word search: the planner cannot know that words
 * like "tổ đảng" or "đảng bộ xã" go with kinds or closed versions that are filtered out, and would otherwise walk a
 * whole table for them; index ranges and bitmap scans bound the work by the words' own matches. The settings are
 * `set local`: the caller gives the (read-only) transaction they end with.
 */
export async function searchDestinations(trx: Tx, input: DestinationSearch): Promise<DestinationRow[]> {
  const prefix = `${escapeLike(input.folded)}%`;
  const phrase = `% ${escapeLike(input.folded)}%`;
  await sql`set local enable_seqscan = off`.execute(trx);
  const receiving = () => trx
    .selectFrom('org_unit_versions as v')
    .innerJoin('org_units as u', 'u.id', 'v.unit_id')
    .select(['v.unit_id', 'v.code', 'v.name', 'v.kind', 'v.path', 'v.name_folded'])
    .where(versionInForce('v', input.date))
    .where('u.ended_on', 'is', null)
    .where('v.kind', 'in', [...input.kinds]);
  const rows: DestinationRow[] = [];
  const seen = new Set<number>();
  const add = (found: readonly DestinationRow[]) => {
    for (const { unit_id, code, name, kind, path } of found) {
      if (rows.length < input.limit && !seen.has(unit_id)) rows.push({ unit_id, code, name, kind, path });
      seen.add(unit_id);
    }
  };
  add(await receiving().where(sql`lower(v.code)`, '=', input.code).limit(1).execute());
  add(await receiving().where('v.name_folded', 'like', prefix).orderBy(sql`v.name_folded using ~<~`).orderBy('v.unit_id').limit(input.limit).execute());
  if (rows.length >= input.limit) return rows;

  await sql`set local enable_indexscan = off`.execute(trx);
  let byWords = receiving();
  for (const pattern of input.wordPatterns) byWords = byWords.where('v.name_folded', '~', pattern);
  add(await trx
    .selectFrom(byWords.limit(input.candidates).as('c'))
    .select(['c.unit_id', 'c.code', 'c.name', 'c.kind', 'c.path'])
    .orderBy(sql`c.name_folded like ${phrase}`, 'desc')
    .orderBy(sql`c.name_folded using ~<~`)
    .orderBy('c.unit_id')
    // Those already found may come again: room for them and for the rest.
    .limit(input.limit + seen.size)
    .execute());
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Counts for the home page (work-items.ts): bounded, read from the partial indexes of open and late transfers

/**
 * How many transfers of the scope are waiting to be received (`incoming`), or are past a deadline on `lateOn` on
 * either side (`late`, the rule of `listTransfers`), counted up to `cap`. Open transfers are few at any time; the
 * partial indexes `member_transfers_open_due` and `member_transfers_present_due` hold exactly them.
 */
export async function countOpenTransfers(db: Executor, input: { scope: Scope; which: 'incoming' | 'late'; lateOn: string; cap: number }): Promise<number> {
  let query = db.selectFrom('member_transfers as t').select(sql`1`.as('one'));
  if (input.which === 'incoming') {
    query = query.where('t.status', '=', 'issued').where(sideCondition('to', input.scope));
  } else {
    const date = input.lateOn;
    query = query.where(sideCondition('either', input.scope)).where((eb) => eb.or([
      eb.and([eb('t.status', '=', 'issued'), eb('t.due_by', '<', date)]),
      eb.and([eb('t.status', '=', 'accepted'), eb('t.presented_on', 'is', null), eb('t.present_by', '<', date)]),
    ]));
  }
  const row = await db.selectFrom(query.limit(input.cap).as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
