/** Kysely queries of the member registry: records, events, placements, and the units and decisions they refer to. */
import { sql, type Expression, type SqlBool } from 'kysely';
import { pathInScope, scopePrefixes, unitInScope, versionInForce, type Executor, type Scope } from '../../kernel/index.ts';
import type { MemberStatus, PlacementKind } from '../../contracts/members.ts';
import type { MemberEventsTable, MemberPlacementsTable, MembersTable } from './members.tables.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type MemberRow = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;

// ---------------------------------------------------------------------------------------------------------------
// Units and decisions

export interface UnitInfo {
  id: number;
  scopePath: string;
  provinceId: number | null;
  superiorId: number | null;
  grassrootsId: number | null;
  establishedOn: string;
  endedOn: string | null;
  /** Kind and name of the latest version. */
  kind: string;
  name: string;
}

/** A unit with its latest version, when its scope path lies in the scope. */
export async function findUnit(db: Executor, unitId: number, scope: Scope, options: { lock?: boolean } = {}): Promise<UnitInfo | undefined> {
  return (await findUnits(db, [unitId], scope, options)).get(unitId);
}

/**
 * `findUnit` for many units in one statement (a bulk request's cells and destinations): the units in the scope,
 * by id; an id missing from the answer is out of scope or absent.
 *
 * `lock`: a command that places members in the units locks them `for key share` until it commits, in id order,
 * before reading them (the statement after the lock reads what a restructuring that held them committed). A batch
 * that ends a unit, or changes its kind, takes it `for update nowait`: it then answers CONFLICT while the command
 * runs, and a command that waited on a batch sees the unit ended. Without it, an admission or a receipt judged on
 * the unit as read before a concurrent dissolution or merge committed placed the member in the ended unit.
 */
export async function findUnits(db: Executor, unitIds: readonly number[], scope: Scope, options: { lock?: boolean } = {}): Promise<Map<number, UnitInfo>> {
  const ids = [...new Set(unitIds)];
  const units = new Map<number, UnitInfo>();
  if (ids.length === 0) return units;
  if (options.lock) await sql`select id from org_units where id = any(${ids}::bigint[]) order by id for key share`.execute(db);
  const rows = await db
    .selectFrom('org_units as u')
    .leftJoinLateral(
      (eb) => eb.selectFrom('org_unit_versions as v').select(['v.kind', 'v.name']).whereRef('v.unit_id', '=', 'u.id').where('v.voided_by_batch_id', 'is', null)
        .orderBy('v.valid_from', 'desc').limit(1).as('v'),
      (join) => join.onTrue(),
    )
    .select(['u.id', 'u.scope_path', 'u.province_id', 'u.superior_id', 'u.grassroots_id', 'u.established_on', 'u.ended_on', 'v.kind', 'v.name'])
    .where(sql<SqlBool>`u.id = any(${ids}::bigint[])`)
    .where(pathInScope('u.scope_path', scope))
    .execute();
  for (const row of rows) {
    units.set(row.id, {
      id: row.id, scopePath: row.scope_path, provinceId: row.province_id, superiorId: row.superior_id, grassrootsId: row.grassroots_id,
      establishedOn: row.established_on, endedOn: row.ended_on, kind: row.kind ?? '', name: row.name ?? '',
    });
  }
  return units;
}

/** The unit's version in force on a date (kind and path as they stood then), if it existed then and lies in the scope. */
export async function findUnitVersionAt(db: Executor, unitId: number, date: string, scope: Scope) {
  return db
    .selectFrom('org_unit_versions as v')
    .select(['v.unit_id', 'v.kind', 'v.name', 'v.path', 'v.valid_from', 'v.valid_to'])
    .where('v.unit_id', '=', unitId)
    .where(versionInForce('v', date))
    .where(unitInScope('v.unit_id', scope))
    .executeTakeFirst();
}

/**
 * The restructuring batch that ended a unit and the unit its members went to, as the registry's restructure hook
 * chose it (`members-restructure.ts`: the merge target, or a split's first part); none for a dissolution. Found through
 * the unit's lineage links (indexed by predecessor), then the batch's summary of ended units.
 */
export async function endingOf(db: Executor, unitId: number): Promise<{ batchId: number; effectiveDate: string; decisionId: number | null; successorId: number | null } | undefined> {
  const result = await sql<{ batch_id: number; effective_date: string; decision_id: number | null; successor_id: string | null }>`
    select b.id as batch_id, b.effective_date::text as effective_date, b.decision_id, coalesce(e->>'successorId', e->'successorIds'->>0) as successor_id
    from restructure_batches b
    cross join lateral jsonb_array_elements(coalesce(b.summary->'unitsEnded', '[]'::jsonb)) e
    where b.id in (select l.batch_id from org_unit_links l where l.predecessor_id = ${unitId} and l.voided_by_batch_id is null)
      and b.status = 'applied' and (e->>'unitId')::bigint = ${unitId}
    order by b.effective_date desc, b.id desc
    limit 1`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return { batchId: Number(row.batch_id), effectiveDate: row.effective_date, decisionId: row.decision_id === null ? null : Number(row.decision_id), successorId: row.successor_id === null ? null : Number(row.successor_id) };
}

/**
 * Latest version name of each unit, by id: names only, for display beside what was already found in scope (a
 * member's past cells, a transfer's other side), so anywhere in the tree, like the transfer destinations.
 */
export async function unitNames(db: Executor, unitIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_unit_versions')
    .select(['unit_id', 'name'])
    .distinctOn('unit_id')
    .where('unit_id', 'in', ids)
    .where('voided_by_batch_id', 'is', null)
    .orderBy('unit_id')
    .orderBy('valid_from', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.unit_id, row.name]));
}

// ---------------------------------------------------------------------------------------------------------------
// Members

/** Full names by id, for display beside what was already found in scope (a transfer's member). */
export async function memberNames(db: Executor, memberIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('members').select(['id', 'full_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.full_name]));
}

export async function insertMember(db: Executor, values: NewMember): Promise<MemberRow> {
  return db.insertInto('members').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Locks the member row for a write, only when its unit lies in the scope. */
export async function lockMember(db: Executor, memberId: number, scope: Scope): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', memberId).where(pathInScope('scope_path', scope)).forUpdate().executeTakeFirst();
}

/** The member row, when its unit lies in the scope. */
export async function findMemberById(db: Executor, memberId: number, scope: Scope): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', memberId).where(pathInScope('scope_path', scope)).executeTakeFirst();
}

/** Updates the projection and bumps the row version. */
export async function updateMember(db: Executor, memberId: number, changes: Updateable<MembersTable>): Promise<MemberRow> {
  return db
    .updateTable('members')
    .set({ ...changes, row_version: sql`row_version + 1`, updated_at: new Date() })
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A member holding a citizen ID or party card number another record claims. */
export interface IdentityHolder { id: number; citizen_id: string | null; party_card_number: string | null }

/** Other members holding the same citizen ID or party card number (at most one of each: both are unique). */
export async function findIdentityClash(db: Executor, input: { citizenId?: string | null; partyCardNumber?: string | null; exceptMemberId?: number }): Promise<IdentityHolder[]> {
  const holders = await findIdentityHolders(db, { citizenIds: input.citizenId ? [input.citizenId] : [], partyCardNumbers: input.partyCardNumber ? [input.partyCardNumber] : [] });
  return holders.filter((holder) => holder.id !== input.exceptMemberId);
}

/** The advisory lock's first key for admissions under one decision (the second is the decision id): 'CBAD'. */
const ADMISSION_LOCK_CLASS = 0x43424144;

/** Serializes the admissions citing one decision until the transaction ends (`findSameAdmission` then sees them all). */
export async function lockAdmissionsOf(db: Executor, decisionId: number): Promise<void> {
  // The id folded into the lock's 32-bit second key: two decisions sharing a key only wait on each other.
  await sql`select pg_advisory_xact_lock(${ADMISSION_LOCK_CLASS}::int, (${decisionId}::bigint % 2147483647)::int)`.execute(db);
}

/** The key of a person in `findSameAdmissions`' answer: folded name and birth date. */
export function admissionPersonKey(person: { nameFolded: string; birthDate: string }): string {
  return `${person.nameFolded}|${person.birthDate}`;
}

/** A record of this person (folded name, birth date) already admitted by this decision in scope, not merged away. */
export async function findSameAdmission(db: Executor, input: { nameFolded: string; birthDate: string; decisionId: number; scope: Scope }): Promise<number | null> {
  const found = await findSameAdmissions(db, { people: [input], decisionId: input.decisionId, scope: input.scope });
  return found.get(admissionPersonKey(input)) ?? null;
}

/**
 * `findSameAdmission` for many people at once (a bulk admission's rows): the record of each person (folded name and
 * birth date) already admitted by this decision in scope, by `admissionPersonKey`.
 */
export async function findSameAdmissions(db: Executor, input: { people: readonly { nameFolded: string; birthDate: string }[]; decisionId: number; scope: Scope }): Promise<Map<string, number>> {
  if (input.people.length === 0) return new Map();
  const rows = await sql<{ id: number; name_folded: string; birth_date: string }>`
    select m.id::int as id, m.name_folded, m.birth_date from member_events e join members m on m.id = e.member_id
    where e.decision_id = ${input.decisionId} and e.kind = 'admission' and e.voided_by_event_id is null
      and (m.name_folded, m.birth_date) in (select * from unnest(${input.people.map((person) => person.nameFolded)}::text[], ${input.people.map((person) => person.birthDate)}::date[]))
      and m.status <> 'merged' and ${pathInScope('m.scope_path', input.scope)}
    order by m.id`.execute(db);
  const found = new Map<string, number>();
  for (const row of rows.rows) {
    const key = admissionPersonKey({ nameFolded: row.name_folded, birthDate: row.birth_date });
    if (!found.has(key)) found.set(key, row.id);
  }
  return found;
}

/** Members holding any of the citizen IDs or party card numbers, in one statement (the clashes of a bulk admission). */
export async function findIdentityHolders(db: Executor, input: { citizenIds: readonly string[]; partyCardNumbers: readonly string[] }): Promise<IdentityHolder[]> {
  if (input.citizenIds.length === 0 && input.partyCardNumbers.length === 0) return [];
  return db.selectFrom('members').select(['id', 'citizen_id', 'party_card_number'])
    .where(sql<SqlBool>`(citizen_id = any(${[...input.citizenIds]}::text[]) or party_card_number = any(${[...input.partyCardNumbers]}::text[]))`)
    .orderBy('id').execute();
}

/** Ids for new members, taken from the table's sequence in one statement, in order. */
export async function reserveMemberIds(db: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: number }>`
    select nextval((select pg_get_serial_sequence('members', 'id')::regclass)) as id from generate_series(1, ${count}::int) order by 1`.execute(db);
  return result.rows.map((row) => Number(row.id));
}

/** Copies of the unit's place in the tree, for the member row. */
export function unitCopies(unit: UnitInfo) {
  return { unit_id: unit.id, scope_path: unit.scopePath, province_id: unit.provinceId, superior_id: unit.superiorId, grassroots_id: unit.grassrootsId };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export interface NewEvent {
  memberId: number;
  kind: string;
  effectiveDate: string;
  decisionId?: number | null;
  unitId: number | null;
  statusAfter?: MemberStatus | null;
  payload?: Record<string, unknown>;
  reason?: string | null;
  transferId?: number | null;
  correctsEventId?: number | null;
  recordedBy: number | null;
}

export async function insertEvent(db: Executor, event: NewEvent): Promise<number> {
  const row = await db.insertInto('member_events').values({
    member_id: event.memberId,
    kind: event.kind,
    effective_date: event.effectiveDate,
    decision_id: event.decisionId ?? null,
    unit_id: event.unitId,
    status_after: event.statusAfter ?? null,
    payload: JSON.stringify(event.payload ?? {}),
    reason: event.reason ?? null,
    transfer_id: event.transferId ?? null,
    corrects_event_id: event.correctsEventId ?? null,
    voided_by_event_id: null,
    recorded_by: event.recordedBy,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findEvent(db: Executor, memberId: number, eventId: number) {
  return db.selectFrom('member_events').selectAll().where('id', '=', eventId).where('member_id', '=', memberId).executeTakeFirst();
}

export async function voidEvent(db: Executor, eventId: number, byEventId: number): Promise<void> {
  await db.updateTable('member_events').set({ voided_by_event_id: byEventId }).where('id', '=', eventId).execute();
}

/**
 * A merged duplicate's history: every event and placement still in force is voided by the merge event (kept, marked),
 * so no list or count as of any date finds the person twice. Returns how many of each were voided.
 */
export async function voidHistoryOfMerged(db: Executor, memberId: number, mergeEventId: number): Promise<{ events: number; placements: number }> {
  const events = await db.updateTable('member_events').set({ voided_by_event_id: mergeEventId })
    .where('member_id', '=', memberId).where('voided_by_event_id', 'is', null).where('id', '<>', mergeEventId).executeTakeFirst();
  const placements = await db.updateTable('member_placements').set({ voided_by_event_id: mergeEventId })
    .where('member_id', '=', memberId).where('voided_by_event_id', 'is', null).executeTakeFirst();
  return { events: Number(events.numUpdatedRows), placements: Number(placements.numUpdatedRows) };
}

/** Locks member rows in scope in id order (the same order for every caller, so two merges or bulk requests cannot deadlock). */
export async function lockMembersInOrder(db: Executor, memberIds: readonly number[], scope: Scope): Promise<MemberRow[]> {
  return db.selectFrom('members').selectAll().where(sql<SqlBool>`id = any(${[...memberIds]}::bigint[])`).where(pathInScope('scope_path', scope))
    .orderBy('id').forUpdate().execute();
}

/**
 * The latest event in force of the member, by effective date then id. `lifecycleOnly` leaves out record changes
 * (`field_change`, and corrections that annul or fix data: those without `status_after`); a correction that
 * re-dated a life-cycle event takes that event's place.
 */
export async function latestEvent(db: Executor, memberId: number, options: LatestEventOptions & { exceptEventId?: number } = {}) {
  let query = db.selectFrom('member_events').selectAll().where('member_id', '=', memberId).where('voided_by_event_id', 'is', null);
  if (options.exceptEventId) query = query.where('id', '<>', options.exceptEventId);
  query = query.where(latestEventCondition(options));
  return query.orderBy('effective_date', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

interface LatestEventOptions { kinds?: readonly string[]; statusOnly?: boolean; lifecycleOnly?: boolean }

/** Which events `latestEvent` considers (see there). */
function latestEventCondition(options: LatestEventOptions): Expression<SqlBool> {
  const clauses: Expression<SqlBool>[] = [sql<SqlBool>`true`];
  if (options.kinds) clauses.push(sql<SqlBool>`kind = any(${[...options.kinds]}::text[])`);
  if (options.lifecycleOnly) clauses.push(sql<SqlBool>`kind <> 'field_change' and not (kind = 'correction' and status_after is null)`);
  if (options.statusOnly) clauses.push(sql<SqlBool>`status_after is not null`);
  return sql<SqlBool>`(${sql.join(clauses, sql` and `)})`;
}

/** `latestEvent` of many members in one statement, by member id (those with none left out). */
export async function latestEvents(db: Executor, memberIds: readonly number[], options: LatestEventOptions) {
  if (memberIds.length === 0) return new Map<number, Selectable<MemberEventsTable>>();
  const rows = await db.selectFrom('member_events').selectAll().distinctOn('member_id')
    .where(sql<SqlBool>`member_id = any(${[...memberIds]}::bigint[])`).where('voided_by_event_id', 'is', null)
    .where(latestEventCondition(options))
    .orderBy('member_id').orderBy('effective_date', 'desc').orderBy('id', 'desc').execute();
  return new Map(rows.map((row) => [row.member_id, row]));
}

/** The member's events with what the history replay needs (`history.ts`), voided ones included (it leaves them out). */
export async function historyEvents(db: Executor, memberId: number) {
  return db.selectFrom('member_events')
    .select(['id', 'kind', 'effective_date', 'status_after', 'payload', 'transfer_id', 'voided_by_event_id'])
    .where('member_id', '=', memberId)
    .orderBy('effective_date').orderBy('id')
    .execute();
}

/** Official and temporary placements in force on `date` (valid_from <= date < valid_to), to close them there. */
export async function placementsInForceOn(db: Executor, memberId: number, date: string) {
  return db.selectFrom('member_placements').selectAll().where('member_id', '=', memberId).where('voided_by_event_id', 'is', null)
    .where('valid_from', '<=', date).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .orderBy('id').execute();
}

export async function countEvents(db: Executor, memberId: number, kind: string): Promise<number> {
  const row = await db.selectFrom('member_events').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId).where('kind', '=', kind).where('voided_by_event_id', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The whole timeline, corrected events included (marked), oldest first, with decisions. */
export async function listEvents(db: Executor, memberId: number) {
  return db
    .selectFrom('member_events as e')
    .leftJoin('decisions as d', 'd.id', 'e.decision_id')
    .select(['e.id', 'e.kind', 'e.effective_date', 'e.unit_id', 'e.status_after', 'e.payload', 'e.reason', 'e.transfer_id',
      'e.corrects_event_id', 'e.voided_by_event_id', 'e.recorded_at', 'd.id as decision_id', 'd.number as decision_number',
      'd.signed_on as decision_signed_on', 'd.issuing_body as decision_issuing_body'])
    .where('e.member_id', '=', memberId)
    .orderBy('e.effective_date')
    .orderBy('e.id')
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Placements

export async function insertPlacement(db: Executor, input: { memberId: number; unitId: number; kind: PlacementKind; validFrom: string; eventId: number; transferId?: number | null }): Promise<number> {
  const row = await db.insertInto('member_placements').values({
    member_id: input.memberId, unit_id: input.unitId, kind: input.kind, valid_from: input.validFrom, valid_to: null,
    event_id: input.eventId, closed_by_event_id: null, transfer_id: input.transferId ?? null, voided_by_event_id: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function openPlacements(db: Executor, memberId: number, kind?: PlacementKind) {
  return (await openPlacementsOf(db, [memberId], kind)).get(memberId) ?? [];
}

/** The open placements of many members in one statement, by member id, each member's in id order. */
export async function openPlacementsOf(db: Executor, memberIds: readonly number[], kind?: PlacementKind) {
  const byMember = new Map<number, Selectable<MemberPlacementsTable>[]>();
  if (memberIds.length === 0) return byMember;
  let query = db.selectFrom('member_placements').selectAll().where(sql<SqlBool>`member_id = any(${[...memberIds]}::bigint[])`)
    .where('valid_to', 'is', null).where('voided_by_event_id', 'is', null);
  if (kind) query = query.where('kind', '=', kind);
  for (const row of await query.orderBy('member_id').orderBy('id').execute()) {
    const list = byMember.get(row.member_id) ?? [];
    list.push(row);
    byMember.set(row.member_id, list);
  }
  return byMember;
}

export async function closePlacement(db: Executor, placementId: number, validTo: string, eventId: number): Promise<void> {
  await db.updateTable('member_placements').set({ valid_to: validTo, closed_by_event_id: eventId }).where('id', '=', placementId).execute();
}

/** Undoes what a corrected event did to placements: those it opened are voided, those it closed reopen. */
export async function revertPlacementsOfEvent(db: Executor, eventId: number, correctionEventId: number): Promise<void> {
  await db.updateTable('member_placements').set({ voided_by_event_id: correctionEventId }).where('event_id', '=', eventId).where('voided_by_event_id', 'is', null).execute();
  await db.updateTable('member_placements').set({ valid_to: null, closed_by_event_id: null }).where('closed_by_event_id', '=', eventId).where('voided_by_event_id', 'is', null).execute();
}

/** Moves the dates a corrected event gave to placements onto the correction. */
export async function redatePlacementsOfEvent(db: Executor, eventId: number, correctionEventId: number, date: string): Promise<void> {
  await db.updateTable('member_placements').set({ valid_from: date, event_id: correctionEventId }).where('event_id', '=', eventId).where('voided_by_event_id', 'is', null).execute();
  await db.updateTable('member_placements').set({ valid_to: date, closed_by_event_id: correctionEventId }).where('closed_by_event_id', '=', eventId).where('voided_by_event_id', 'is', null).execute();
}

/** The latest date on which a placement of the member opened or closed. */
export async function latestPlacementChange(db: Executor, memberId: number): Promise<string | null> {
  return (await latestPlacementChanges(db, [memberId])).get(memberId) ?? null;
}

/** `latestPlacementChange` of many members in one statement, by member id (those with no placement left out). */
export async function latestPlacementChanges(db: Executor, memberIds: readonly number[]): Promise<Map<number, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.selectFrom('member_placements')
    .select(['member_id', sql<string>`max(greatest(valid_from, coalesce(valid_to, valid_from)))`.as('latest')])
    .where(sql<SqlBool>`member_id = any(${[...memberIds]}::bigint[])`).where('voided_by_event_id', 'is', null)
    .groupBy('member_id').execute();
  return new Map(rows.map((row) => [row.member_id, row.latest]));
}

export async function listPlacements(db: Executor, memberId: number) {
  return db.selectFrom('member_placements').select(['id', 'unit_id', 'kind', 'valid_from', 'valid_to'])
    .where('member_id', '=', memberId).where('voided_by_event_id', 'is', null).orderBy('valid_from').orderBy('id').execute();
}

/** Open placements (official and temporary) in a unit of the scope, for restructuring. */
export async function openPlacementsInUnit(db: Executor, unitId: number, scope: Scope) {
  return db.selectFrom('member_placements').selectAll().where('unit_id', '=', unitId).where('valid_to', 'is', null).where('voided_by_event_id', 'is', null)
    .where(unitInScope('unit_id', scope)).orderBy('member_id').execute();
}

/** Events in force written by a restructuring batch (their payload names it), of members in the scope. */
export async function eventsOfBatch(db: Executor, batchId: number, kinds: readonly string[], scope: Scope) {
  return db.selectFrom('member_events').selectAll()
    .where('kind', 'in', [...kinds])
    .where('voided_by_event_id', 'is', null)
    .where(sql<SqlBool>`(payload->>'batchId')::bigint = ${batchId}`)
    .where(memberInScope('member_id', scope))
    .orderBy('id', 'desc')
    .execute();
}

/** The member in `memberIdColumn` lies in the scope (its official unit's path). */
function memberInScope(memberIdColumn: string, scope: Scope): Expression<SqlBool> {
  if (scopePrefixes(scope) === null) return sql<SqlBool>`true`;
  return sql<SqlBool>`exists (select 1 from members scope_m where scope_m.id = ${sql.ref(memberIdColumn)} and ${pathInScope('scope_m.scope_path', scope)})`;
}
