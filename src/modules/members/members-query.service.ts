/**
 * Reading the registry: lists and search (scoped in SQL, Vietnamese order, keyset paging, as of any date), the
 * member page with the whole timeline across units, self-service, headcounts and saved filters.
 *
 * A scope is the caller's `member.read` subtrees (`memberReadScope(caller)`); an out-of-scope member is not found,
 * exactly like a missing one.
 */
import { AppError } from '../../contracts/errors.ts';
import {
  ACTIVE_MEMBER_STATUSES, MEMBER_TOTAL_CAP, type Headcount, type MemberBadgeAward, type MemberEvent, type MemberFilter, type MemberListItem, type MemberListQuery,
  type MemberListResponse, type MemberPage, type MemberSeriousIllness, type MemberStatus, type SavedFilter, type SavedFilterValue,
} from '../../contracts/members.ts';
import {
  decisionRefOf, decodeCursor, encodeCursor, scopeOf, scopePrefixes, systemScope, unitPlaces, writeJournal, type Actor, type Caller, type Executor,
  type Scope, type Tx,
} from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldText } from '../../lib/text.ts';
import * as query from './members-query.repository.ts';
import type { Cursor, ListFilters, SubtreeFilter } from './members-query.repository.ts';
import * as repo from './members.repository.ts';
import { keptStatusCounts } from './statistics.ts';
import { CELL_KINDS, recordOf } from './members.service.ts';
import type { MemberRow } from './members.repository.ts';
import { toTransferDto } from './transfer-view.ts';

/** The subtrees a caller may read members in. */
export function memberReadScope(caller: Caller): Scope {
  return scopeOf(caller, 'member.read');
}

export const DEFAULT_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------------------------
// Cursors and filters

/** A list's cursor: the sort key and id of the last member served. */
function listCursor(after: string | undefined): Cursor | undefined {
  if (!after) return undefined;
  const [sortKey, id] = decodeCursor(after, ['string', 'number'], 'querystring.after');
  return { sortKey, id };
}

/** A subtree as the cheapest exact filter: a unit that is its own province/superior/grassroots uses that column. */
function subtreeOf(unit: { id: number; scopePath: string; provinceId: number | null; superiorId: number | null; grassrootsId: number | null; kind?: string }): SubtreeFilter {
  if (unit.scopePath.split('/').filter(Boolean).length === 1) return { column: 'all' };
  if (unit.provinceId === unit.id) return { column: 'province_id', unitId: unit.id };
  if (unit.superiorId === unit.id) return { column: 'superior_id', unitId: unit.id };
  if (unit.grassrootsId === unit.id) return { column: 'grassroots_id', unitId: unit.id };
  if (unit.kind && (CELL_KINDS as readonly string[]).includes(unit.kind)) return { column: 'unit_id', unitId: unit.id };
  return { column: 'scope_path', path: unit.scopePath };
}

function lastIdOfPath(path: string): number {
  const parts = path.split('/').filter(Boolean);
  return Number(parts[parts.length - 1]);
}

/** The subtrees to list: the asked unit (which must lie in scope, else 404), or the whole scope. */
async function resolveSubtrees(db: Executor, scope: Scope, unitId: number | undefined) {
  if (unitId !== undefined) {
    const unit = await repo.findUnit(db, unitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId });
    return { unit, subtrees: [subtreeOf(unit)] };
  }
  const paths = scopePrefixes(scope);
  if (paths === null) return { unit: undefined, subtrees: [{ column: 'all' } satisfies SubtreeFilter] };
  const units = await query.scopeUnits(db, paths.map(lastIdOfPath));
  const byPath = new Map(units.map((unit) => [unit.scope_path, unit]));
  const subtrees = paths.map((path): SubtreeFilter => {
    const unit = byPath.get(path);
    return unit ? subtreeOf({ id: unit.id, scopePath: unit.scope_path, provinceId: unit.province_id, superiorId: unit.superior_id, grassrootsId: unit.grassroots_id }) : { column: 'scope_path', path };
  });
  return { unit: undefined, subtrees };
}

function listFilters(filter: MemberFilter, defaultStatuses: readonly MemberStatus[]): ListFilters {
  const q = filter.q?.trim();
  const isNumber = q !== undefined && /^\d{6,}$/.test(q);
  const folded = q && !isNumber ? foldText(q) : undefined;
  return {
    statuses: filter.status && filter.status.length > 0 ? filter.status : defaultStatuses,
    sex: filter.sex,
    ethnicity: filter.ethnicity,
    religion: filter.religion,
    theoryLevel: filter.theoryLevel,
    educationLevel: filter.educationLevel,
    birthYearFrom: filter.birthYearFrom,
    birthYearTo: filter.birthYearTo,
    admittedFrom: filter.admittedFrom,
    admittedTo: filter.admittedTo,
    inTransit: filter.inTransit,
    name: folded || undefined,
    identityNumber: isNumber ? q : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Lists and search

/**
 * Members in the caller's scope (or one unit's subtree inside it), filtered, in Vietnamese name order, one keyset
 * page at a time. With `asOf`, the members, units and statuses of that date. Without a status filter, current
 * members (probationary, official, exempted) are listed.
 */
export async function listMembers(db: Executor, scope: Scope, params: MemberListQuery, options: { total?: boolean } = {}): Promise<MemberListResponse> {
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  const cursor = listCursor(params.after);
  const placement = params.placement ?? 'official';
  const filters = listFilters(params, ACTIVE_MEMBER_STATUSES);
  if (params.birthYearFrom !== undefined && params.birthYearTo !== undefined && params.birthYearFrom > params.birthYearTo) throw new AppError('DATE_RANGE_INVALID', { field: 'birthYear' });
  if (params.admittedFrom && params.admittedTo && params.admittedFrom > params.admittedTo) throw new AppError('DATE_RANGE_INVALID', { field: 'admitted' });
  let rows: query.ListRow[];
  // The total is counted once per query, with its first page (bounded by MEMBER_TOTAL_CAP); later pages carry null.
  const countTotal = options.total === true && cursor === undefined;
  let counting: Promise<number> | null = null;
  if (params.asOf) {
    if (params.asOf > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'asOf', date: params.asOf });
    let pathAtDate: string | null = null;
    if (params.unitId !== undefined) {
      const unit = await repo.findUnit(db, params.unitId, scope);
      if (!unit) throw new AppError('NOT_FOUND', { unitId: params.unitId });
      const version = await repo.findUnitVersionAt(db, unit.id, params.asOf, scope);
      if (!version) return { items: [], nextCursor: null, asOf: params.asOf, total: 0, totalCapped: false };
      pathAtDate = version.path;
    }
    const walkNames = await query.isLargeSubtreeAt(db, { scope, pathAtDate, asOf: params.asOf });
    rows = await query.listAsOf(db, { scope, pathAtDate, asOf: params.asOf, placement, filters, cursor, limit: limit + 1, walkNames });
    // As of a past date each member's status is read from its events: exact and cheap in a commune or a cell, seconds
    // in a province (1.3 s on the 100,000-member demo), so a large subtree's past list carries no total.
    if (countTotal && !walkNames) counting = query.countListAsOf(db, { scope, pathAtDate, asOf: params.asOf, placement, filters, cap: MEMBER_TOTAL_CAP + 1 });
  } else {
    const { subtrees } = await resolveSubtrees(db, scope, params.unitId);
    const small = subtrees.length > 0 && subtrees.every((subtree) => subtree.column === 'superior_id' || subtree.column === 'grassroots_id' || subtree.column === 'unit_id');
    rows = await query.listCurrent(db, { scope, subtrees, placement, filters: { ...filters, nameIndexes: !small }, cursor, limit: limit + 1 });
    if (countTotal) counting = query.countCurrent(db, { scope, subtrees, placement, filters: { ...filters, nameIndexes: !small }, cap: MEMBER_TOTAL_CAP + 1 });
  }
  const counted = counting ? await counting : null;
  const page = rows.slice(0, limit);
  const names = await repo.unitNames(db, page.filter((row) => row.unit_name === undefined).map((row) => row.unit_id));
  // Where each unit is, on the list's date (today's tree for a current list): one query for the page.
  const places = await unitPlaces(db, page.map((row) => row.unit_id), params.asOf ?? todayInVietnam());
  const items: MemberListItem[] = page.map((row) => ({
    id: row.id, fullName: row.full_name, sex: row.sex, birthDate: row.birth_date, ethnicity: row.ethnicity, theoryLevel: row.theory_level,
    admissionDate: row.admission_date, officialDate: row.official_date, status: row.status, inTransit: row.in_transit,
    unitId: row.unit_id, unitName: row.unit_name ?? names.get(row.unit_id) ?? '', unitPlace: places.get(row.unit_id)?.above ?? [], placement: row.placement,
    statusSince: row.status_since, rowVersion: row.row_version,
  }));
  const last = page[page.length - 1];
  return {
    items, nextCursor: rows.length > limit && last ? encodeCursor([last.name_sort_key, last.id]) : null, asOf: params.asOf ?? null,
    total: counted === null ? null : Math.min(counted, MEMBER_TOTAL_CAP), totalCapped: counted !== null && counted > MEMBER_TOTAL_CAP,
  };
}

/**
 * Name search (diacritics and case ignored: "nguyen van an" finds "Nguyễn Văn An"), or a citizen ID / card number,
 * in the caller's scope; results in Vietnamese order. Former members are included unless a status is asked.
 */
export async function searchMembers(db: Executor, scope: Scope, params: { q: string; unitId?: number; status?: MemberStatus[]; limit?: number; after?: string }): Promise<MemberListResponse> {
  return listMembers(db, scope, { ...params, status: params.status && params.status.length > 0 ? params.status : [...ACTIVE_MEMBER_STATUSES, 'removed', 'expelled', 'deceased'] });
}

// ---------------------------------------------------------------------------------------------------------------
// The member page

/**
 * The badges and serious-illness records as the page shows them (kept by the badges area, read here by member id
 * once the member was found); unit names come from the page's one lookup.
 */
function badgeHistoryView(awards: Awaited<ReturnType<typeof query.badgeAwardsOf>>, illness: Awaited<ReturnType<typeof query.seriousIllnessOf>>,
  names: ReadonlyMap<number, string>): { badgeAwards: MemberBadgeAward[]; seriousIllness: MemberSeriousIllness[] } {
  return {
    badgeAwards: awards.map((award) => ({
      id: award.id, milestone: award.milestone, presentedOn: award.presented_on, early: award.early,
      unitId: award.unit_id, unitName: award.unit_id === null ? null : names.get(award.unit_id) ?? null,
      decision: decisionRefOf(award)!, recordedAt: new Date(award.recorded_at).toISOString(),
    })),
    seriousIllness: illness.map((row) => ({
      id: row.id, since: row.since, until: row.until, note: row.note, decision: decisionRefOf(row), recordedAt: new Date(row.recorded_at).toISOString(),
    })),
  };
}

async function buildPage(db: Executor, member: MemberRow): Promise<MemberPage> {
  const [events, placements, transfers, awards, illness] = await Promise.all([
    repo.listEvents(db, member.id), repo.listPlacements(db, member.id), query.openTransfersOfMember(db, member.id),
    query.badgeAwardsOf(db, member.id), query.seriousIllnessOf(db, member.id),
  ]);
  const names = await repo.unitNames(db, [member.unit_id, ...events.map((event) => event.unit_id).filter((id): id is number => id !== null),
    ...placements.map((placement) => placement.unit_id), ...awards.map((award) => award.unit_id).filter((id): id is number => id !== null)]);
  const places = await unitPlaces(db, [member.unit_id, ...placements.map((placement) => placement.unit_id)], todayInVietnam());
  const timeline: MemberEvent[] = events.map((event) => ({
    id: event.id,
    kind: event.kind as MemberEvent['kind'],
    effectiveDate: event.effective_date,
    unitId: event.unit_id,
    unitName: event.unit_id ? names.get(event.unit_id) ?? null : null,
    statusAfter: event.status_after,
    decision: decisionRefOf(event),
    payload: (event.payload ?? {}) as Record<string, unknown>,
    reason: event.reason,
    transferId: event.transfer_id,
    correctsEventId: event.corrects_event_id,
    voidedByEventId: event.voided_by_event_id,
    recordedAt: new Date(event.recorded_at).toISOString(),
  }));
  return {
    record: recordOf(member, names.get(member.unit_id) ?? ''),
    unitPlace: places.get(member.unit_id)?.above ?? [],
    placements: placements.map((placement) => ({
      id: placement.id, unitId: placement.unit_id, unitName: names.get(placement.unit_id) ?? '', unitPlace: places.get(placement.unit_id)?.above ?? [], kind: placement.kind, validFrom: placement.valid_from, validTo: placement.valid_to,
    })),
    timeline,
    openTransfers: await Promise.all(transfers.map((transfer) => toTransferDto(db, transfer))),
    // Badges and serious illness live in their own tables (not life-cycle events); the web merges them into the timeline.
    ...badgeHistoryView(awards, illness, names),
  };
}

/** The record, its placements and its whole timeline across units, if the member is visible in the scope. */
export async function getMemberPage(db: Executor, scope: Scope, memberId: number): Promise<MemberPage> {
  const member = await query.findVisibleMember(db, memberId, scope);
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  return buildPage(db, member);
}

/** Self-service: a member account sees its own record and timeline, nothing else. */
export async function getOwnMemberPage(db: Executor, caller: Caller): Promise<MemberPage> {
  if (!caller.memberId) throw new AppError('NOT_FOUND');
  // The caller's own record, found by the member id of their account: wherever the member now belongs.
  const member = await repo.findMemberById(db, caller.memberId, systemScope('self-service: the caller\'s own record'));
  if (!member) throw new AppError('NOT_FOUND');
  return buildPage(db, member);
}

// ---------------------------------------------------------------------------------------------------------------
// Headcount

/**
 * The members of a unit and its subtree on a date (the tree as it stood then): probationary, official and exempted
 * members count; a member taking part temporarily is not counted at the host and cannot vote (294-QĐ/TW Art. 8),
 * and is reported apart as a guest. Only placements in units of the scope count.
 */
export async function headcountOfUnit(db: Executor, unitId: number, asOf: string, scope: Scope): Promise<Headcount> {
  const empty: Headcount = { unitId, asOf, total: 0, official: 0, probationary: 0, exempted: 0, temporaryGuests: 0 };
  const version = await repo.findUnitVersionAt(db, unitId, asOf, scope);
  if (!version) return empty;
  const result = { ...empty };
  // The kept aggregates count the members (statistics.ts: the same facts, read in a few rows); the guests, whom they
  // do not keep, are few and counted raw. Where they cannot answer (a scope cut under the unit), all is raw; a cell's
  // few placements are counted raw at once (its own rows are not kept, and a write may ask inside its transaction).
  const kept = (CELL_KINDS as readonly string[]).includes(version.kind) ? null : await keptStatusCounts(db, unitId, asOf, scope);
  if (kept) Object.assign(result, kept, { total: kept.probationary + kept.official + kept.exempted });
  const rows = await query.countAsOf(db, { pathAtDate: version.path, asOf, scope, temporaryOnly: kept !== null });
  for (const row of rows) {
    if (row.kind === 'temporary') {
      if (row.status === 'probationary' || row.status === 'official' || row.status === 'exempted') result.temporaryGuests += row.n;
      continue;
    }
    if (row.status === 'probationary' || row.status === 'official' || row.status === 'exempted') {
      result[row.status] += row.n;
      result.total += row.n;
    }
  }
  return result;
}

/** The headcount of a unit in the caller's scope (404 outside). */
export async function getHeadcount(db: Executor, scope: Scope, unitId: number, asOf: string | undefined): Promise<Headcount> {
  const date = asOf ?? todayInVietnam();
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'asOf', date });
  const unit = await repo.findUnit(db, unitId, scope);
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  return headcountOfUnit(db, unitId, date, scope);
}

// ---------------------------------------------------------------------------------------------------------------
// Saved filters (per account)

function toSavedFilter(row: { id: number; name: string; filters: unknown; row_version: number; created_at: Date; updated_at: Date }): SavedFilter {
  return {
    id: row.id, name: row.name, filters: row.filters as SavedFilterValue, rowVersion: row.row_version,
    createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listSavedFilters(db: Executor, caller: Caller): Promise<SavedFilter[]> {
  return (await query.listSavedFilters(db, caller.accountId)).map(toSavedFilter);
}

/** A filter naming a unit must name one the caller can read (else 404, as for a list of that unit). */
async function assertFilterUnitInScope(db: Executor, caller: Caller, filters: SavedFilterValue): Promise<void> {
  if (filters.unitId === undefined) return;
  if (!(await repo.findUnit(db, filters.unitId, memberReadScope(caller)))) throw new AppError('NOT_FOUND', { unitId: filters.unitId });
}

function translateNameClash(error: unknown): never {
  const pg = error as { code?: string; constraint?: string };
  if (pg.code === '23505' && pg.constraint === 'member_saved_filters_name') throw new AppError('SAVED_FILTER_NAME_TAKEN');
  throw error;
}

export async function createSavedFilter(tx: Tx, actor: Actor, input: { name: string; filters: SavedFilterValue }): Promise<SavedFilter> {
  await assertFilterUnitInScope(tx, actor.caller, input.filters);
  try {
    const row = await query.insertSavedFilter(tx, actor.caller.accountId, input.name, input.filters);
    await writeJournal(tx, { accountId: actor.caller.accountId, action: 'member.saved_filter.create', objectType: 'member_saved_filter', objectId: row.id, after: input, requestId: actor.requestId ?? null });
    return toSavedFilter(row);
  } catch (error) {
    return translateNameClash(error);
  }
}

export async function updateSavedFilter(tx: Tx, actor: Actor, filterId: number, input: { name?: string; filters?: SavedFilterValue; expectedRowVersion: number }): Promise<SavedFilter> {
  if (input.filters) await assertFilterUnitInScope(tx, actor.caller, input.filters);
  try {
    const current = await query.lockSavedFilter(tx, actor.caller.accountId, filterId);
    if (!current) throw new AppError('NOT_FOUND', { filterId });
    if (current.row_version !== input.expectedRowVersion) throw new AppError('CONFLICT', { rowVersion: current.row_version });
    const row = await query.updateSavedFilter(tx, filterId, { name: input.name, filters: input.filters });
    await writeJournal(tx, { accountId: actor.caller.accountId, action: 'member.saved_filter.update', objectType: 'member_saved_filter', objectId: filterId, before: { name: current.name, filters: current.filters }, after: { name: row.name, filters: row.filters }, requestId: actor.requestId ?? null });
    return toSavedFilter(row);
  } catch (error) {
    return translateNameClash(error);
  }
}

/** Deleting hides the filter; the row stays (nothing is hard-deleted). */
export async function deleteSavedFilter(tx: Tx, actor: Actor, filterId: number): Promise<void> {
  const row = await query.hideSavedFilter(tx, actor.caller.accountId, filterId);
  if (!row) throw new AppError('NOT_FOUND', { filterId });
  await writeJournal(tx, { accountId: actor.caller.accountId, action: 'member.saved_filter.delete', objectType: 'member_saved_filter', objectId: filterId, before: { name: row.name }, requestId: actor.requestId ?? null });
}
