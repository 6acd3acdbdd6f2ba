/**
 * Life-cycle commands of the member registry (DOMAIN.md §2). Each command:
 *   - is scoped: the member (or target unit) must lie in the caller's `member.write` subtrees, else NOT_FOUND;
 *   - names its legal basis (a decision) and effective date, judged by the rules in force on that date
 *     (`src/rules/member-lifecycle.ts`);
 *   - checks `expectedRowVersion` under a row lock, so of two officers acting at once one wins and the other gets
 *     CONFLICT;
 *   - writes the event, the placements, the projection on `members` and the journal in the transaction it is given
 *     (`tx`: the route's, or that of a command that calls it, so both commit or roll back together).
 * A refused command changes nothing (its error rolls the transaction back).
 *
 * A departure, an exemption or its end dated before the member's latest change is a late entry (DOMAIN.md §2: the
 * history is dated facts): entered at its date when the history replayed in date order stays consistent, refused
 * with MEMBER_LATER_FACT_CONFLICT naming the later fact it contradicts; the projection is then re-derived from the
 * history (`history.ts`, NOTES.md "Late entries in their place").
 */
import { AppError } from '../../contracts/errors.ts';
import type {
  AdmissionRequest, CommandResult, CorrectionRequest, DeathRequest, ExemptionEndRequest, ExemptionRequest, ExpulsionRequest,
  FieldChangeRequest, MemberIdentityInput, MemberRecord, MemberStatus, MergeRequest, ProbationRefusalRequest, ReadmissionRequest,
  PlacementKind, RecognitionExtensionRequest, RecognitionRequest, RegistrationRequest, RemovalRequest,
} from '../../contracts/members.ts';
import {
  requireUsableDecision, scopeOf, systemScope, workingCalendarOf, writeJournal, writeJournalMany, type Actor, type Executor, type JournalEntry, type Scope, type Tx,
} from '../../kernel/index.ts';
import type { Decision } from '../../contracts/decisions.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldText, vietnameseNameSortKey } from '../../lib/text.ts';
import {
  checkAdmissionAge, checkReadmission, lifecycleRulesFor, probationEndDate, recognitionDeadlines,
  isCorrectableKind, isFoundingKind,
} from '../../rules/member-lifecycle.ts';
import type { WorkingCalendar } from '../../rules/working-days.ts';
import { citizenIdProblems } from './citizen-id.ts';
import { assertFitsHistory, historyOf, isDerivedMove, isLateEntry, laterFacts, latestLifecycleDate, rederiveMember, type HistoryEvent } from './history.ts';
import type { Updateable } from 'kysely';
import * as bulk from './bulk.ts';
import { memberNameKeys } from './bulk.ts';
import * as repo from './members.repository.ts';
import type { MemberRow, NewEvent, NewMember, UnitInfo } from './members.repository.ts';
import type { MembersTable } from './members.tables.ts';

/** Kinds of unit a member can belong to. */
export const CELL_KINDS = ['cell', 'grassroots_cell'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Shared checks

export function assertNotFuture(date: string, field: string): void {
  if (date > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field, date });
}

function assertAfterBirth(member: { birth_date: string } | { birthDate: string }, date: string, field: string): void {
  const birth = 'birth_date' in member ? member.birth_date : member.birthDate;
  if (date < birth) throw new AppError('DATE_BEFORE_BIRTH', { field, date, birthDate: birth });
}

/** A cell a member can be placed in on `date`: in scope, not ended, existing then, and a cell. */
export async function requireCell(db: Executor, unitId: number, scope: Scope, date: string): Promise<UnitInfo> {
  // Locked against a concurrent restructuring until the command commits (`findUnits`).
  return judgeCell(await repo.findUnit(db, unitId, scope, { lock: true }), unitId, date);
}

/** `requireCell`'s rule on the unit as read in the scope (undefined: out of scope or absent, NOT_FOUND). */
export function judgeCell(unit: UnitInfo | undefined, unitId: number, date: string): UnitInfo {
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  if (unit.endedOn) throw new AppError('UNIT_DISSOLVED', { unitId, endedOn: unit.endedOn });
  if (date < unit.establishedOn) throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { unitId, establishedOn: unit.establishedOn, date });
  if (!(CELL_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('UNIT_NOT_A_CELL', { unitId, kind: unit.kind });
  return unit;
}

/** A move the member makes later with the unit they entered: the restructuring that ended it, dated as that batch. */
export interface UnitFollowUp { batchId: number; date: string; decisionId: number | null; fromUnitId: number; to: UnitInfo }

/**
 * A cell a member can enter on a past `date` (DOMAIN.md §2: history is dated facts; issue 11, item 2): in scope, a
 * cell on that date, established by then and not yet ended. When it has ended since, the member follows its later
 * history as the members placed there did (`members-restructure.ts`): into the successor of the batch that ended it,
 * on that batch's date, and on through any later ending, to the cell history leads to today. A unit ended with no
 * successor (dissolved) or one whose successor is not a cell is refused (UNIT_DISSOLVED): nobody could be placed there.
 * Without a later ending this is `requireCell`.
 */
export async function requireCellAsOf(
  db: Executor, unitId: number, scope: Scope, date: string, read?: { unit: UnitInfo | undefined },
): Promise<{ unit: UnitInfo; followUps: UnitFollowUp[]; current: UnitInfo }> {
  // `read`: the unit as the caller already read it in the same scope (a bulk request reads its cells at once).
  // Locked against a concurrent restructuring until the command commits (`findUnits`); `read` was read locked.
  const unit = read ? read.unit : await repo.findUnit(db, unitId, scope, { lock: true });
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  if (!unit.endedOn) {
    const current = judgeCell(unit, unitId, date);
    return { unit: current, followUps: [], current };
  }
  if (date < unit.establishedOn) throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { unitId, establishedOn: unit.establishedOn, date });
  if (date >= unit.endedOn) throw new AppError('UNIT_DISSOLVED', { unitId, endedOn: unit.endedOn });
  const then = await repo.findUnitVersionAt(db, unitId, date, scope);
  if (!then || !(CELL_KINDS as readonly string[]).includes(then.kind)) throw new AppError('UNIT_NOT_A_CELL', { unitId, kind: then?.kind ?? unit.kind, date });
  const followUps: UnitFollowUp[] = [];
  let current = unit;
  // The successors are where the ended unit's members went, wherever they lie (the restructuring's own reach).
  const lineage = systemScope('late entry: the successors of an ended unit');
  while (current.endedOn) {
    const ending = await repo.endingOf(db, current.id);
    const next = ending?.successorId ? await repo.findUnit(db, ending.successorId, lineage) : undefined;
    if (!ending || !next || followUps.length > 50) throw new AppError('UNIT_DISSOLVED', { unitId: current.id, endedOn: current.endedOn });
    followUps.push({ batchId: ending.batchId, date: ending.effectiveDate, decisionId: ending.decisionId, fromUnitId: current.id, to: next });
    current = next;
  }
  if (!(CELL_KINDS as readonly string[]).includes(current.kind)) throw new AppError('UNIT_DISSOLVED', { unitId, endedOn: unit.endedOn, successorId: current.id, successorKind: current.kind });
  return { unit, followUps, current };
}

/**
 * Writes the moves `requireCellAsOf` found: each a `rehomed` event citing its batch (so undoing that batch annuls it
 * like the moves the batch made itself), the placement closed and the next opened on the batch's date.
 */
/** What the journal says of an entry into a unit that has ended since: recorded late, and the moves that followed. */
function followedUnits(followUps: readonly UnitFollowUp[]) {
  if (followUps.length === 0) return {};
  return { recordedLate: true, recordedOn: todayInVietnam(), followedRestructuring: followUps.map((move) => ({ batchId: move.batchId, date: move.date, fromUnitId: move.fromUnitId, toUnitId: move.to.id })) };
}

async function followUnit(tx: Tx, actor: Actor, memberId: number, followUps: readonly UnitFollowUp[]): Promise<void> {
  for (const move of followUps) {
    const [open] = await repo.openPlacements(tx, memberId, 'official');
    const eventId = await repo.insertEvent(tx, {
      memberId, kind: 'rehomed', effectiveDate: move.date, decisionId: move.decisionId, unitId: move.to.id, recordedBy: actor.caller.accountId, reason: null,
      payload: { batchId: move.batchId, what: 'official', fromUnitId: move.fromUnitId, toUnitId: move.to.id, transferId: null, recordedLate: true, recordedOn: todayInVietnam() },
    });
    if (open) await repo.closePlacement(tx, open.id, move.date, eventId);
    await repo.insertPlacement(tx, { memberId, unitId: move.to.id, kind: 'official', validFrom: move.date, eventId });
  }
}

type IdentityToCheck = { citizenId?: string | null; partyCardNumber?: string | null; sex: 'male' | 'female'; birthDate: string };

async function assertIdentityValid(db: Executor, identity: IdentityToCheck, exceptMemberId?: number) {
  judgeIdentity(identity, await repo.findIdentityClash(db, { citizenId: identity.citizenId, partyCardNumber: identity.partyCardNumber, exceptMemberId }));
}

/**
 * The identity of a new or changed record: a birth date not in the future, a citizen ID that fits the sex and birth
 * date, and no other record holding the same citizen ID (first) or party card number. `holders` are the other records
 * found holding either (a bulk admission passes those of the whole request, and the earlier rows' own).
 */
export function judgeIdentity(identity: IdentityToCheck, holders: readonly repo.IdentityHolder[]): void {
  if (identity.birthDate > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'birthDate', date: identity.birthDate });
  if (identity.citizenId) {
    const problems = citizenIdProblems(identity.citizenId, identity.sex, identity.birthDate);
    if (problems.length > 0) throw new AppError('CITIZEN_ID_INVALID', { problems });
  }
  const byCitizenId = identity.citizenId ? holders.find((holder) => holder.citizen_id === identity.citizenId) : undefined;
  if (byCitizenId) throw new AppError('CITIZEN_ID_DUPLICATE', { memberId: byCitizenId.id });
  const byCard = identity.partyCardNumber ? holders.find((holder) => holder.party_card_number === identity.partyCardNumber) : undefined;
  if (byCard) throw new AppError('PARTY_CARD_DUPLICATE', { memberId: byCard.id });
}

/** Maps a unique violation raised by a race to the same code the pre-check would have given. */
function translateUniqueViolation(error: unknown): never {
  const pg = error as { code?: string; constraint?: string };
  if (pg.code === '23505' && pg.constraint === 'members_citizen_id') throw new AppError('CITIZEN_ID_DUPLICATE');
  if (pg.code === '23505' && pg.constraint === 'members_party_card') throw new AppError('PARTY_CARD_DUPLICATE');
  if (pg.code === '23505' && (pg.constraint === 'member_placements_one_official' || pg.constraint === 'member_transfers_one_open')) throw new AppError('CONFLICT');
  throw error;
}

function identityColumns(identity: MemberIdentityInput) {
  // The name's keys through the bulk writer's word cache (a bulk admission computes them for every row).
  const { nameFolded, nameSortKey } = memberNameKeys(identity.fullName);
  return {
    full_name: identity.fullName,
    name_folded: nameFolded,
    name_sort_key: nameSortKey,
    sex: identity.sex,
    birth_date: identity.birthDate,
    birthplace: identity.birthplace ?? null,
    hometown: identity.hometown ?? null,
    ethnicity: identity.ethnicity ?? null,
    religion: identity.religion ?? null,
    citizen_id: identity.citizenId ?? null,
    party_card_number: identity.partyCardNumber ?? null,
    education_level: identity.educationLevel ?? null,
    professional_level: identity.professionalLevel ?? null,
    theory_level: identity.theoryLevel ?? null,
    occupation: identity.occupation ?? null,
  };
}

/** The snapshot of the life-cycle projection an event changes, kept in its payload so a correction can restore it. */
function projectionSnapshot(member: MemberRow) {
  return {
    status: member.status, statusSince: member.status_since, admissionDate: member.admission_date,
    probationStart: member.probation_start, officialDate: member.official_date, unitId: member.unit_id,
  };
}

/** Locks the member in the caller's write scope and checks the version the caller read. */
export async function lockForCommand(tx: Tx, actor: Actor, memberId: number, expectedRowVersion: number): Promise<MemberRow> {
  return judgeLocked(await repo.lockMember(tx, memberId, scopeOf(actor.caller, 'member.write')), memberId, expectedRowVersion);
}

/** The member the lock found in scope (none: NOT_FOUND), at the version the caller read (else CONFLICT). */
export function judgeLocked(member: MemberRow | undefined, memberId: number, expectedRowVersion: number): MemberRow {
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  if (member.row_version !== expectedRowVersion) throw new AppError('CONFLICT', { memberId, rowVersion: member.row_version });
  return member;
}

export function assertActive(member: MemberRow): void {
  if (member.status === 'deceased') throw new AppError('MEMBER_DECEASED', { memberId: member.id });
  if (member.status === 'removed' || member.status === 'expelled' || member.status === 'merged') throw new AppError('MEMBER_NOT_ACTIVE', { memberId: member.id, status: member.status });
}

/** A dated life-cycle command must not be dated before the member's latest life-cycle event (history is not rewritten). */
export async function assertNotBeforeLatest(tx: Executor, member: MemberRow, date: string, options: { placements?: boolean } = {}): Promise<void> {
  const latest = await repo.latestEvent(tx, member.id, { lifecycleOnly: true, statusOnly: !options.placements });
  judgeNotBeforeLatest(date, { latestEvent: latest, latestPlacementChange: options.placements ? await repo.latestPlacementChange(tx, member.id) : null });
}

/** `assertNotBeforeLatest` on what was read: the latest life-cycle event and (when it counts) the latest placement change. */
export function judgeNotBeforeLatest(date: string, latest: { latestEvent?: { id: number; effective_date: string } | null; latestPlacementChange?: string | null }): void {
  const event = latest.latestEvent;
  if (event && date < event.effective_date) throw new AppError('DATE_BEFORE_LAST_EVENT', { date, latestEventId: event.id, latestDate: event.effective_date });
  if (latest.latestPlacementChange && date < latest.latestPlacementChange) throw new AppError('DATE_BEFORE_LAST_EVENT', { date, latestDate: latest.latestPlacementChange });
}

// ---------------------------------------------------------------------------------------------------------------
// One member's fact, judged from state already read and written with others (issue 11, item 3)
//
// A command reads what it needs, judges the member with a `plan…` function (pure: the rules and the error codes, in
// the order the command checks them) and writes the fact it returns with `writeFacts`. The bulk commands
// (`bulk-commands.ts`) read the same state for every row of a request in a few statements, judge each row with the
// same `plan…` function and write all their facts with the same `writeFacts`: one rule, one payload, one journal.

/** Something read before a row is judged: the value, or the refusal the command gives when it reaches that step. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** `settle` for a rule judged on state already read. */
export function settleNow<T>(judge: () => T): Settled<T> {
  try {
    return { ok: true, value: judge() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}

export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}

export function taken<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}

/** The decision a command cites, checked once (`requireUsableDecision`), its refusal kept for the step that needs it. */
export function settledDecision(tx: Executor, actor: Actor, decisionId: number, field?: string): Promise<Settled<Decision>> {
  return settle(requireUsableDecision(tx, actor.caller, decisionId, { action: 'member.write', ...(field ? { field } : {}) }));
}

/**
 * A pure rule of dates, remembered for the inputs last seen: the working-day deadlines walk day by day, and a bulk
 * request's rows mostly share their dates. A calendar among the inputs is known by its key (the adjustments it holds).
 */
export function rememberedRule<A extends unknown[], R>(rule: (...args: A) => R, size = 1_000): (...args: A) => R {
  const seen = new Map<string, R>();
  const keyOf = (arg: unknown) => (arg !== null && typeof arg === 'object' && 'key' in arg ? `{${String(arg.key)}}` : String(arg));
  return (...args: A) => {
    const key = args.map(keyOf).join('|');
    let value = seen.get(key);
    if (value === undefined) {
      value = rule(...args);
      if (seen.size >= size) seen.clear();
      seen.set(key, value);
    }
    return value;
  };
}

const deadlinesOf = rememberedRule(recognitionDeadlines);
const workingDaysFrom = rememberedRule((calendar: WorkingCalendar, from: string, to: string) => calendar.workingDaysBetween(from, to));

/** What a life-cycle command writes for one member. */
export interface MemberFact {
  memberId: number;
  /** A new record (an admission), written before its event; it is its own projection. */
  insert?: NewMember;
  event: Omit<NewEvent, 'memberId' | 'recordedBy'>;
  /** Placements the event ends on its date. */
  closes?: readonly number[];
  /** Placements the event opens on its date. */
  opens?: readonly { unitId: number; kind: PlacementKind; transferId?: number | null }[];
  /** The projection's changes (the row version goes up even when empty); ignored for a new record. */
  changes: Updateable<MembersTable>;
  /** The member's journal entry (`journalMember`), its `after` from the row as written; none when the caller journals. */
  journal: { action: string; before?: unknown; after: (member: MemberRow) => unknown } | null;
}

/** Who writes facts: the account the events and journal entries record (none for a system job), and the request. */
export interface FactWriter { caller: { accountId: number | null }; requestId?: string | null }

/**
 * Writes facts set-based (`bulk.ts`): the new records, the events, the placements closed and opened, the projection
 * and the journal, a statement each whatever the number of facts. Returns each fact's member as written and event id.
 */
export async function writeFacts(tx: Tx, actor: FactWriter, facts: readonly MemberFact[]): Promise<{ member: MemberRow; eventId: number }[]> {
  if (facts.length === 0) return [];
  const inserted = await bulk.insertMemberRows(tx, facts.flatMap((fact) => (fact.insert ? [fact.insert] : [])));
  const eventIds = await bulk.insertEventsInBulk(tx, facts.map((fact) => ({ ...fact.event, memberId: fact.memberId, recordedBy: actor.caller.accountId })));
  await bulk.closePlacementsInBulk(tx, facts.flatMap((fact, index) => (fact.closes ?? []).map((placementId) => ({ placementId, validTo: fact.event.effectiveDate, eventId: eventIds[index] }))));
  await bulk.insertPlacementsInBulk(tx, facts.flatMap((fact, index) => (fact.opens ?? []).map((open) => ({
    memberId: fact.memberId, unitId: open.unitId, kind: open.kind, validFrom: fact.event.effectiveDate, eventId: eventIds[index], transferId: open.transferId ?? null,
  }))));
  const updated = await bulk.updateMembersInBulk(tx, facts.flatMap((fact) => (fact.insert ? [] : [{ memberId: fact.memberId, changes: fact.changes }])));
  const rows = new Map([...inserted, ...updated].map((member) => [member.id, member]));
  const written = facts.map((fact, index) => ({ member: rows.get(fact.memberId)!, eventId: eventIds[index] }));
  await writeJournalMany(tx, facts.flatMap((fact, index) => (fact.journal ? [memberJournalEntry(actor, {
    action: fact.journal.action, member: written[index].member, effectiveDate: fact.event.effectiveDate, decisionId: fact.event.decisionId,
    reason: fact.event.reason, before: fact.journal.before, after: fact.journal.after(written[index].member),
  })] : [])));
  return written;
}

export async function toRecord(db: Executor, member: MemberRow): Promise<MemberRecord> {
  const names = await repo.unitNames(db, [member.unit_id]);
  return recordOf(member, names.get(member.unit_id) ?? '');
}

/** The record as the API gives it, the unit's name already known. */
export function recordOf(member: MemberRow, unitName: string): MemberRecord {
  return {
    id: member.id,
    fullName: member.full_name,
    sex: member.sex,
    birthDate: member.birth_date,
    birthplace: member.birthplace,
    hometown: member.hometown,
    ethnicity: member.ethnicity,
    religion: member.religion,
    citizenId: member.citizen_id,
    partyCardNumber: member.party_card_number,
    educationLevel: member.education_level,
    professionalLevel: member.professional_level,
    theoryLevel: member.theory_level,
    occupation: member.occupation,
    admissionDate: member.admission_date,
    probationStart: member.probation_start,
    officialDate: member.official_date,
    status: member.status,
    statusSince: member.status_since,
    inTransit: member.in_transit,
    mergedIntoId: member.merged_into_id ?? null,
    unitId: member.unit_id,
    unitName,
    rowVersion: member.row_version,
  };
}

type MemberJournalInput = { action: string; member: MemberRow; effectiveDate: string; decisionId?: number | null; reason?: string | null; before?: unknown; after?: unknown };

export async function journalMember(tx: Tx, actor: Actor, input: MemberJournalInput) {
  await writeJournal(tx, memberJournalEntry(actor, input));
}

function memberJournalEntry(actor: FactWriter, input: MemberJournalInput): JournalEntry {
  return {
    accountId: actor.caller.accountId,
    action: `member.${input.action}`,
    objectType: 'member',
    objectId: input.member.id,
    unitId: input.member.unit_id,
    effectiveDate: input.effectiveDate,
    decisionId: input.decisionId ?? null,
    reason: input.reason ?? null,
    before: input.before,
    after: input.after,
    requestId: actor.requestId ?? null,
  };
}

async function finish(tx: Tx, member: MemberRow, eventId: number): Promise<CommandResult> {
  return { member: await toRecord(tx, member), eventId };
}

// ---------------------------------------------------------------------------------------------------------------
// Admission and registration

/**
 * Admission (kết nạp): a probationary member in a cell. Age 18–60 in months at the cell's vote (over 60 with the
 * provincial committee's consent); the admission date is the decision's signing date; probation runs from the
 * ceremony (Charter Arts. 1, 4, 5; 294-QĐ/TW Arts. 1–3; 06-HD/TW §1).
 */
export async function admitMember(tx: Tx, actor: Actor, input: AdmissionRequest): Promise<CommandResult> {
  try {
    const decision = await settledDecision(tx, actor, input.decisionId);
    if (decision.ok) {
      // A second click (or a retry) of the same admission: the same person admitted by the same usable decision into
      // the caller's subtree is a record already written, whether or not a citizen ID was given (the unique ID
      // catches only those who have one). Serialized per decision, so requests sent at once cannot both find none.
      await repo.lockAdmissionsOf(tx, input.decisionId);
      const same = await repo.findSameAdmission(tx, {
        nameFolded: memberNameKeys(input.member.fullName).nameFolded, birthDate: input.member.birthDate, decisionId: input.decisionId, scope: scopeOf(actor.caller, 'member.write'),
      });
      if (same !== null) throw new AppError('MEMBER_ALREADY_ADMITTED', { memberId: same, decisionId: input.decisionId });
    }
    const state: AdmissionState = {
      decision,
      cell: decision.ok ? await settle(requireCellAsOf(tx, input.unitId, scopeOf(actor.caller, 'member.write'), decision.value.signedOn)) : null,
      consent: await settle(input.ageConsentDecisionId ? requireUsableDecision(tx, actor.caller, input.ageConsentDecisionId, { action: 'member.write', field: 'ageConsentDecisionId' }) : Promise.resolve(null)),
      holders: await repo.findIdentityClash(tx, { citizenId: input.member.citizenId, partyCardNumber: input.member.partyCardNumber }),
    };
    const [memberId] = await repo.reserveMemberIds(tx, 1);
    const { fact, followUps } = planAdmission(input, memberId, state, actor);
    const [written] = await writeFacts(tx, actor, [fact]);
    await followUnit(tx, actor, memberId, followUps);
    return finish(tx, written.member, written.eventId);
  } catch (error) {
    return translateUniqueViolation(error);
  }
}

/** A cell as of a date, with the moves a member entering it then makes later (`requireCellAsOf`). */
export type CellAsOf = Awaited<ReturnType<typeof requireCellAsOf>>;

/** What an admission is judged on besides its request (a bulk admission reads each distinct one once). */
export interface AdmissionState {
  decision: Settled<Decision>;
  /** `requireCellAsOf` on the decision's date; null when the decision was refused (never reached). */
  cell: Settled<CellAsOf> | null;
  consent: Settled<Decision | null>;
  /** Records holding the applicant's citizen ID or party card number. */
  holders: readonly repo.IdentityHolder[];
}

/**
 * An admission judged (Charter Arts. 1, 4, 5; 294-QĐ/TW Arts. 1–3; 06-HD/TW §1), in the order the command checks:
 * the decision; its date (the admission date), the cell's vote and the ceremony neither in the future nor before
 * birth, in that order; the cell on the admission date; the age consent; the age at the vote; the identity. Returns
 * the new record's fact (id `memberId`) and the moves it makes later when the cell has ended since.
 */
export function planAdmission(input: Omit<AdmissionRequest, 'decisionId'>, memberId: number, state: AdmissionState, actor: Actor): { fact: MemberFact; followUps: UnitFollowUp[] } {
  const decision = taken(state.decision);
  const admissionDate = decision.signedOn;
  for (const [field, date] of [['cellVoteDate', input.cellVoteDate], ['decisionId', admissionDate], ['ceremonyDate', input.ceremonyDate]] as const) {
    assertNotFuture(date, field);
    assertAfterBirth(input.member, date, field);
  }
  if (input.cellVoteDate > admissionDate || input.ceremonyDate < admissionDate) {
    throw new AppError('DATE_ORDER_INVALID', { cellVoteDate: input.cellVoteDate, decisionDate: admissionDate, ceremonyDate: input.ceremonyDate });
  }
  const { unit, followUps, current } = taken(state.cell!);
  const consent = taken(state.consent);
  const age = checkAdmissionAge(input.member.birthDate, input.cellVoteDate, consent !== null);
  if (!age.ok) throw new AppError('AGE_OUT_OF_RANGE', { ageMonths: age.ageMonths, reason: age.reason, rules: lifecycleRulesFor(input.cellVoteDate).regulation });
  judgeIdentity(input.member, state.holders);
  const identity = identityColumns(input.member);
  const insert: NewMember = {
    id: memberId,
    ...identity,
    photo_attachment_id: null,
    admission_date: admissionDate,
    probation_start: input.ceremonyDate,
    official_date: null,
    status: 'probationary',
    status_since: admissionDate,
    ...repo.unitCopies(current),
    created_by: actor.caller.accountId,
  };
  const fact: MemberFact = {
    memberId,
    insert,
    event: {
      kind: 'admission', effectiveDate: admissionDate, decisionId: decision.id, unitId: unit.id, statusAfter: 'probationary', reason: input.reason ?? null,
      payload: {
        cellVoteDate: input.cellVoteDate, ceremonyDate: input.ceremonyDate, ageMonths: age.ageMonths,
        ageConsentDecisionId: consent?.id ?? null, probationEnds: probationEndDate(input.ceremonyDate),
        rules: lifecycleRulesFor(input.cellVoteDate).regulation,
      },
    },
    opens: [{ unitId: unit.id, kind: 'official' }],
    changes: {},
    journal: { action: 'admission', after: (member) => ({ ...identity, ...projectionSnapshot(member), ...followedUnits(followUps) }) },
  };
  return { fact, followUps };
}

/**
 * Registration of an existing member whose earlier life is on paper (first data entry, imports): the record is
 * known at the unit from `effectiveDate`, with the admission and official dates as documented.
 */
export async function registerMember(tx: Tx, actor: Actor, input: RegistrationRequest): Promise<CommandResult> {
  try {
    const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
    const dates: [string, string | null | undefined][] = [['effectiveDate', input.effectiveDate], ['admissionDate', input.admissionDate], ['probationStart', input.probationStart], ['officialDate', input.officialDate]];
    for (const [field, date] of dates) {
      if (!date) continue;
      assertNotFuture(date, field);
      assertAfterBirth(input.member, date, field);
    }
    const probationStart = input.probationStart ?? input.admissionDate;
    if (probationStart < input.admissionDate || input.effectiveDate < input.admissionDate || (input.officialDate && input.officialDate < input.admissionDate)) {
      throw new AppError('DATE_ORDER_INVALID', { admissionDate: input.admissionDate, probationStart, officialDate: input.officialDate, effectiveDate: input.effectiveDate });
    }
    if ((input.status === 'probationary') === Boolean(input.officialDate)) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.officialDate', ...(input.status === 'probationary'
        ? { check: 'probationary_has_no_official_date', message: { vi: 'Đảng viên dự bị chưa có ngày công nhận chính thức', en: 'A probationary member has no official date' } }
        : { check: 'required', message: { vi: 'Cần nhập ngày công nhận chính thức của đảng viên chính thức hoặc được miễn sinh hoạt', en: 'Required for an official or exempted member' } }) }] });
    }
    const { unit, followUps, current } = await requireCellAsOf(tx, input.unitId, scopeOf(actor.caller, 'member.write'), input.effectiveDate);
    await assertIdentityValid(tx, input.member);

    const member = await repo.insertMember(tx, {
      ...identityColumns(input.member),
      photo_attachment_id: null,
      admission_date: input.admissionDate,
      probation_start: probationStart,
      official_date: input.officialDate ?? null,
      status: input.status,
      status_since: input.effectiveDate,
      ...repo.unitCopies(current),
      created_by: actor.caller.accountId,
    });
    const eventId = await repo.insertEvent(tx, {
      memberId: member.id, kind: 'registration', effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, unitId: unit.id,
      statusAfter: input.status, reason: input.reason, recordedBy: actor.caller.accountId,
      payload: { admissionDate: input.admissionDate, probationStart, officialDate: input.officialDate ?? null },
    });
    await repo.insertPlacement(tx, { memberId: member.id, unitId: unit.id, kind: 'official', validFrom: input.effectiveDate, eventId });
    await followUnit(tx, actor, member.id, followUps);
    await journalMember(tx, actor, { action: 'registration', member, effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, reason: input.reason, after: { ...identityColumns(input.member), ...projectionSnapshot(member), ...followedUnits(followUps) } });
    return finish(tx, member, eventId);
  } catch (error) {
    return translateUniqueViolation(error);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Probation

function assertProbationary(member: MemberRow): void {
  if (member.status === 'deceased') throw new AppError('MEMBER_DECEASED', { memberId: member.id });
  if (member.status !== 'probationary' || member.official_date) throw new AppError('MEMBER_NOT_PROBATIONARY', { memberId: member.id, status: member.status });
}

/**
 * Recognition as official (công nhận đảng viên chính thức): official from the day the 12 months of probation end,
 * even when the decision is signed later (Charter Art. 5.2; 294-QĐ/TW Art. 5). The decision cannot precede that day.
 */
export async function recognizeMember(tx: Tx, actor: Actor, memberId: number, input: RecognitionRequest): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  const decision = await settledDecision(tx, actor, input.decisionId);
  const extension = await repo.latestEvent(tx, member.id, { kinds: ['recognition_extension'] });
  const [written] = await writeFacts(tx, actor, [planRecognition(member, extension ?? null, input, decision, await workingCalendarOf(tx))]);
  return finish(tx, written.member, written.eventId);
}

/**
 * Recognition judged on the member locked and their latest deadline extension (none: null): probationary, the
 * decision usable and not in the future, signed no earlier than the day probation (extended) ends; its lateness counted
 * in working days on `calendar` (the centre's adjustments included).
 */
export function planRecognition(member: MemberRow, extension: { payload: unknown } | null, input: { reason?: string | null }, decision: Settled<Decision>, calendar: WorkingCalendar): MemberFact {
  assertProbationary(member);
  const decided = taken(decision);
  assertNotFuture(decided.signedOn, 'decisionId');
  const probationStart = member.probation_start ?? member.admission_date!;
  const extraDays = extension ? Number((extension.payload as { extraWorkingDays?: number }).extraWorkingDays ?? 0) : 0;
  const deadlines = deadlinesOf(probationStart, extraDays, calendar);
  if (decided.signedOn < deadlines.officialDate) throw new AppError('PROBATION_NOT_ENDED', { officialDate: deadlines.officialDate, decisionDate: decided.signedOn });
  const lateWorkingDays = Math.max(0, workingDaysFrom(calendar, deadlines.decisionBy, decided.signedOn));
  const before = projectionSnapshot(member);
  return {
    memberId: member.id,
    event: {
      kind: 'recognition', effectiveDate: deadlines.officialDate, decisionId: decided.id, unitId: member.unit_id, statusAfter: 'official', reason: input.reason ?? null,
      payload: { before, decisionDate: decided.signedOn, decisionDueBy: deadlines.decisionBy, lateWorkingDays },
    },
    changes: { status: 'official', official_date: deadlines.officialDate, status_since: deadlines.officialDate },
    journal: { action: 'recognition', before, after: projectionSnapshot },
  };
}

/** The committee extends its recognition deadline, once, by at most 30 working days (294-QĐ/TW Art. 5). */
export async function extendRecognition(tx: Tx, actor: Actor, memberId: number, input: RecognitionExtensionRequest): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  assertProbationary(member);
  const decision = await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' });
  assertNotFuture(input.effectiveDate, 'effectiveDate');
  await assertNotBeforeLatest(tx, member, input.effectiveDate);
  const rules = lifecycleRulesFor(input.effectiveDate);
  const previous = await repo.countEvents(tx, memberId, 'recognition_extension');
  if (previous > 0 || input.extraWorkingDays > rules.recognitionExtensionMaxWorkingDays) {
    throw new AppError('RECOGNITION_EXTENSION_TOO_LONG', { maxWorkingDays: rules.recognitionExtensionMaxWorkingDays, alreadyExtended: previous > 0 });
  }
  const deadlines = recognitionDeadlines(member.probation_start ?? member.admission_date!, input.extraWorkingDays, await workingCalendarOf(tx));
  const eventId = await repo.insertEvent(tx, {
    memberId, kind: 'recognition_extension', effectiveDate: input.effectiveDate, decisionId: decision.id, unitId: member.unit_id,
    reason: input.reason, recordedBy: actor.caller.accountId, payload: { extraWorkingDays: input.extraWorkingDays, decisionDueBy: deadlines.decisionBy },
  });
  const updated = await repo.updateMember(tx, memberId, {});
  await journalMember(tx, actor, { action: 'recognition_extension', member: updated, effectiveDate: input.effectiveDate, decisionId: decision.id, reason: input.reason, after: { extraWorkingDays: input.extraWorkingDays, decisionDueBy: deadlines.decisionBy } });
  return finish(tx, updated, eventId);
}

// ---------------------------------------------------------------------------------------------------------------
// Leaving and exemption

/**
 * Whether a fact dated `date` comes before the member's latest life-cycle fact (a late entry, DOMAIN.md §2: history
 * is dated facts, so a fact decided earlier and recorded now belongs at its date). Returns the history read for it.
 */
export async function lateEntryOf(tx: Executor, memberId: number, date: string): Promise<{ events: HistoryEvent[]; late: boolean }> {
  const events = await historyOf(tx, memberId);
  return { events, late: isLateEntry(latestLifecycleDate(events), date) };
}

/** The cell a late fact happened in: the official placement in force on its date (else the member's unit now). */
async function unitOnDate(tx: Executor, member: MemberRow, date: string): Promise<number> {
  const placements = await repo.placementsInForceOn(tx, member.id, date);
  return placements.find((placement) => placement.kind === 'official')?.unit_id ?? member.unit_id;
}

/** What the journal and the event's payload say of a late entry: when it was recorded and the later facts it precedes. */
export function lateMark(events: readonly HistoryEvent[], date: string) {
  return { recordedLate: true as const, recordedOn: todayInVietnam(), laterFactIds: laterFacts(events, date).map((event) => event.id) };
}

/** A departure: removal, expulsion, death or probation refused, and the status it leaves. */
export type LeaveKind = 'removal' | 'expulsion' | 'death' | 'probation_refused';
export interface LeaveInput { decisionId?: number | null; effectiveDate: string; reason?: string | null; ground?: string }

/** What a fact at the tail of a member's history is judged on: the member locked and what their history ends with. */
export interface TailState {
  member: MemberRow;
  /** The latest life-cycle event in force (`latestEvent`, lifecycleOnly). */
  latestEvent: { id: number; effective_date: string } | null;
  latestPlacementChange: string | null;
  openPlacements: readonly { id: number; valid_from: string }[];
}

/** Reads a member's `TailState` (the bulk commands read it for every row at once). */
export async function tailStateOf(tx: Executor, member: MemberRow): Promise<TailState> {
  const [latestEvent, latestPlacementChange, openPlacements] = await Promise.all([
    repo.latestEvent(tx, member.id, { lifecycleOnly: true }), repo.latestPlacementChange(tx, member.id), repo.openPlacements(tx, member.id),
  ]);
  return { member, latestEvent: latestEvent ?? null, latestPlacementChange, openPlacements };
}

async function leave(tx: Tx, actor: Actor, memberId: number, input: LeaveInput & { expectedRowVersion: number }, kind: LeaveKind, status: MemberStatus): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  const history = await lateEntryOf(tx, memberId, input.effectiveDate);
  if (!history.late) {
    const decision = await settle(input.decisionId ? requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : Promise.resolve(null));
    const [written] = await writeFacts(tx, actor, [planLeave(await tailStateOf(tx, member), input, decision, kind, status)]);
    return finish(tx, written.member, written.eventId);
  }
  const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
  assertNotFuture(input.effectiveDate, 'effectiveDate');
  assertAfterBirth(member, input.effectiveDate, 'effectiveDate');
  // Late: the status on the date allows it and no later fact is contradicted. Moves by a later restructuring are
  // re-derived: the member who had left stayed out of them.
  const derivedMoves = (event: HistoryEvent) => isDerivedMove(event, input.effectiveDate);
  assertFitsHistory(history.events, { kind, date: input.effectiveDate, statusAfter: status }, { skip: derivedMoves });
  if (kind === 'probation_refused') assertProbationEnded(member, input.effectiveDate);
  const before = projectionSnapshot(member);
  const ground = leaveGround(kind, input);
  const late = lateMark(history.events, input.effectiveDate);
  const eventId = await repo.insertEvent(tx, {
    memberId, kind, effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, unitId: await unitOnDate(tx, member, input.effectiveDate), statusAfter: status,
    reason: input.reason, recordedBy: actor.caller.accountId, payload: { before, ground, ...late },
  });
  // Later facts are record changes or moves by restructuring (anything else was a conflict): the moves are annulled
  // by this event (the placements they opened voided, those they closed reopened), then what was in force on the
  // date ends there.
  const voidedMoves: number[] = [];
  for (const move of history.events.filter((event) => event.voided_by_event_id === null && derivedMoves(event)).sort((a, b) => b.id - a.id)) {
    await repo.voidEvent(tx, move.id, eventId);
    await repo.revertPlacementsOfEvent(tx, move.id, eventId);
    voidedMoves.push(move.id);
  }
  for (const placement of await repo.placementsInForceOn(tx, memberId, input.effectiveDate)) await repo.closePlacement(tx, placement.id, input.effectiveDate, eventId);
  const updated = await rederiveMember(tx, member);
  await journalMember(tx, actor, { action: kind, member: updated, effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, reason: input.reason, before, after: { ...projectionSnapshot(updated), ground, ...late, ...(voidedMoves.length > 0 ? { voidedMoveIds: voidedMoves } : {}) } });
  return finish(tx, updated, eventId);
}

const leaveGround = (kind: LeaveKind, input: { ground?: string }) => (kind === 'probation_refused' ? 'probation_not_qualified' : input.ground ?? null);

/** Probation is refused only once it has ended (Charter Art. 5.2; 294-QĐ/TW Art. 5). */
function assertProbationEnded(member: MemberRow, date: string): void {
  const probationEnds = probationEndDate(member.probation_start ?? member.admission_date!);
  if (date < probationEnds) throw new AppError('PROBATION_NOT_ENDED', { officialDate: probationEnds, date });
}

/**
 * A departure dated at the tail of the member's history (not a late entry: see `lateEntryOf`): the member is active
 * (probationary, for a refused probation) and not in transit, the decision usable, the date neither in the future,
 * before birth nor before the latest change; every open placement ends on the date (Charter Arts. 5.2, 8, 35;
 * 294-QĐ/TW Arts. 5, 7).
 */
export function planLeave(state: TailState, input: LeaveInput, decision: Settled<Decision | null>, kind: LeaveKind, status: MemberStatus): MemberFact {
  const { member } = state;
  const date = input.effectiveDate;
  if (kind === 'probation_refused') assertProbationary(member);
  else assertActive(member);
  if (member.in_transit) throw new AppError('MEMBER_IN_TRANSIT', { memberId: member.id });
  const decided = taken(decision);
  assertNotFuture(date, 'effectiveDate');
  assertAfterBirth(member, date, 'effectiveDate');
  judgeNotBeforeLatest(date, state);
  if (kind === 'probation_refused') assertProbationEnded(member, date);
  for (const placement of state.openPlacements) {
    if (placement.valid_from > date) throw new AppError('DATE_BEFORE_LAST_EVENT', { date, latestDate: placement.valid_from });
  }
  const before = projectionSnapshot(member);
  const ground = leaveGround(kind, input);
  return {
    memberId: member.id,
    event: { kind, effectiveDate: date, decisionId: decided?.id ?? null, unitId: member.unit_id, statusAfter: status, reason: input.reason ?? null, payload: { before, ground } },
    closes: state.openPlacements.map((placement) => placement.id),
    changes: { status, status_since: date },
    journal: { action: kind, before, after: (updated) => ({ ...projectionSnapshot(updated), ground }) },
  };
}

/** Not recognized at the end of probation: removed from the list (Charter Art. 5.2; 294-QĐ/TW Art. 5). */
export function refuseProbation(tx: Tx, actor: Actor, memberId: number, input: ProbationRefusalRequest) {
  return leave(tx, actor, memberId, input, 'probation_refused', 'removed');
}

/** Removal from the list (xóa tên; Charter Art. 8; 294-QĐ/TW Art. 7). */
export function removeMember(tx: Tx, actor: Actor, memberId: number, input: RemovalRequest) {
  return leave(tx, actor, memberId, input, 'removal', 'removed');
}

/** Expulsion (khai trừ), the discipline decided under the discipline rules (Charter Art. 35). */
export function expelMember(tx: Tx, actor: Actor, memberId: number, input: ExpulsionRequest) {
  return leave(tx, actor, memberId, input, 'expulsion', 'expelled');
}

/** Death: the record stays, closed on the date of death. */
export function recordDeath(tx: Tx, actor: Actor, memberId: number, input: DeathRequest) {
  return leave(tx, actor, memberId, input, 'death', 'deceased');
}

/**
 * Exemption from activity (miễn công tác và sinh hoạt đảng) for old or ill official members: still a member
 * (Charter Art. 7; 294-QĐ/TW Art. 6).
 */
export async function exemptMember(tx: Tx, actor: Actor, memberId: number, input: ExemptionRequest): Promise<CommandResult> {
  return changeStatus(tx, actor, memberId, input, 'exemption', 'official', 'exempted', { ground: input.ground });
}

export async function endExemption(tx: Tx, actor: Actor, memberId: number, input: ExemptionEndRequest): Promise<CommandResult> {
  return changeStatus(tx, actor, memberId, input, 'exemption_end', 'exempted', 'official', {});
}

async function changeStatus(tx: Tx, actor: Actor, memberId: number, input: { decisionId: number; effectiveDate: string; reason?: string | null; expectedRowVersion: number },
  kind: 'exemption' | 'exemption_end', from: MemberStatus, to: MemberStatus, payload: Record<string, unknown>): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  const history = await lateEntryOf(tx, memberId, input.effectiveDate);
  if (!history.late) {
    assertActive(member);
    if (member.status !== from) throw new AppError(from === 'official' ? 'MEMBER_NOT_OFFICIAL' : 'MEMBER_NOT_EXEMPTED', { memberId, status: member.status });
  }
  const decision = await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' });
  assertNotFuture(input.effectiveDate, 'effectiveDate');
  // Late: official (or exempted) on the date, and no later fact contradicted (e.g. a later exemption inside the period).
  if (history.late) assertFitsHistory(history.events, { kind, date: input.effectiveDate, statusAfter: to });
  else await assertNotBeforeLatest(tx, member, input.effectiveDate);
  if (member.official_date && input.effectiveDate < member.official_date) throw new AppError('DATE_BEFORE_LAST_EVENT', { date: input.effectiveDate, latestDate: member.official_date });
  const before = projectionSnapshot(member);
  const late = history.late ? lateMark(history.events, input.effectiveDate) : null;
  const eventId = await repo.insertEvent(tx, {
    memberId, kind, effectiveDate: input.effectiveDate, decisionId: decision.id, unitId: history.late ? await unitOnDate(tx, member, input.effectiveDate) : member.unit_id, statusAfter: to,
    reason: input.reason, recordedBy: actor.caller.accountId, payload: { before, ...payload, ...late },
  });
  const updated = history.late ? await rederiveMember(tx, member) : await repo.updateMember(tx, memberId, { status: to, status_since: input.effectiveDate });
  await journalMember(tx, actor, { action: kind, member: updated, effectiveDate: input.effectiveDate, decisionId: decision.id, reason: input.reason, before, after: { ...projectionSnapshot(updated), ...late } });
  return finish(tx, updated, eventId);
}

// ---------------------------------------------------------------------------------------------------------------
// Re-admission

/**
 * Re-admission (kết nạp lại): once, at least 36 months after leaving, never on the barred grounds, with the
 * provincial committee's consent; the member serves a new probation (24-QĐ/TW Art. 4.3; 294-QĐ/TW Art. 4).
 * Party age keeps the first admission date; the time outside is in the timeline.
 */
export async function readmitMember(tx: Tx, actor: Actor, memberId: number, input: ReadmissionRequest): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  if (member.status === 'deceased') throw new AppError('MEMBER_DECEASED', { memberId });
  if (member.status !== 'removed' && member.status !== 'expelled') throw new AppError('MEMBER_NOT_FORMER', { memberId, status: member.status });
  const decision = await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' });
  const consent = await requireUsableDecision(tx, actor.caller, input.consentDecisionId, { action: 'member.write', field: 'consentDecisionId' });
  const date = decision.signedOn;
  for (const [field, value] of [['cellVoteDate', input.cellVoteDate], ['decisionId', date], ['ceremonyDate', input.ceremonyDate]] as const) assertNotFuture(value, field);
  if (input.cellVoteDate > date || input.ceremonyDate < date) throw new AppError('DATE_ORDER_INVALID', { cellVoteDate: input.cellVoteDate, decisionDate: date, ceremonyDate: input.ceremonyDate });
  const leaveEvent = await repo.latestEvent(tx, memberId, { statusOnly: true });
  const check = checkReadmission({
    leftOn: member.status_since,
    leaveGround: ((leaveEvent?.payload ?? {}) as { ground?: string | null }).ground ?? null,
    previousReadmissions: await repo.countEvents(tx, memberId, 'readmission'),
    date: input.cellVoteDate,
  });
  if (!check.ok) {
    const code = check.reason === 'already_used' ? 'READMISSION_ALREADY_USED' : check.reason === 'too_early' ? 'READMISSION_TOO_EARLY' : 'READMISSION_BARRED';
    throw new AppError(code, { leftOn: member.status_since, earliest: check.earliest ?? null });
  }
  await assertNotBeforeLatest(tx, member, date, { placements: true });
  const unit = await requireCell(tx, input.unitId, scopeOf(actor.caller, 'member.write'), date);
  const before = projectionSnapshot(member);
  const eventId = await repo.insertEvent(tx, {
    memberId, kind: 'readmission', effectiveDate: date, decisionId: decision.id, unitId: unit.id, statusAfter: 'probationary',
    reason: input.reason, recordedBy: actor.caller.accountId,
    payload: { before, cellVoteDate: input.cellVoteDate, ceremonyDate: input.ceremonyDate, consentDecisionId: consent.id, probationEnds: probationEndDate(input.ceremonyDate) },
  });
  await repo.insertPlacement(tx, { memberId, unitId: unit.id, kind: 'official', validFrom: date, eventId });
  const updated = await repo.updateMember(tx, memberId, {
    status: 'probationary', status_since: date, probation_start: input.ceremonyDate, official_date: null, ...repo.unitCopies(unit),
  });
  await journalMember(tx, actor, { action: 'readmission', member: updated, effectiveDate: date, decisionId: decision.id, reason: input.reason, before, after: projectionSnapshot(updated) });
  return finish(tx, updated, eventId);
}

// ---------------------------------------------------------------------------------------------------------------
// Record changes and corrections

const FIELD_COLUMNS = {
  fullName: 'full_name', sex: 'sex', birthDate: 'birth_date', birthplace: 'birthplace', hometown: 'hometown', ethnicity: 'ethnicity',
  religion: 'religion', citizenId: 'citizen_id', partyCardNumber: 'party_card_number', educationLevel: 'education_level',
  professionalLevel: 'professional_level', theoryLevel: 'theory_level', occupation: 'occupation',
} as const satisfies Record<keyof MemberIdentityInput, keyof MemberRow>;

/**
 * A dated change of record fields (a new theory level, a new card) or, with `isCorrection`, a correction of a wrong
 * value; both keep the before and after values in the timeline.
 */
export async function changeMemberFields(tx: Tx, actor: Actor, memberId: number, input: FieldChangeRequest): Promise<CommandResult> {
  try {
    const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
    const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
    assertNotFuture(input.effectiveDate, 'effectiveDate');
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.changes) as [keyof MemberIdentityInput, unknown][]) {
      if (value === undefined) continue;
      const current = member[FIELD_COLUMNS[field]];
      if (current === value || (current === null && value === null)) continue;
      before[field] = current;
      after[field] = value ?? null;
    }
    if (Object.keys(after).length === 0) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'changes', check: 'no_changes', message: { vi: 'Không có thông tin nào khác với hồ sơ hiện tại', en: 'No field differs from the record' } }] });
    const merged = {
      sex: (after.sex ?? member.sex) as 'male' | 'female',
      birthDate: (after.birthDate ?? member.birth_date) as string,
      citizenId: ('citizenId' in after ? after.citizenId : member.citizen_id) as string | null,
      partyCardNumber: ('partyCardNumber' in after ? after.partyCardNumber : null) as string | null,
    };
    assertAfterBirth({ birthDate: merged.birthDate }, input.effectiveDate, 'effectiveDate');
    if (member.admission_date && member.admission_date < merged.birthDate) throw new AppError('DATE_BEFORE_BIRTH', { field: 'birthDate', admissionDate: member.admission_date });
    await assertIdentityValid(tx, merged, memberId);
    const columns: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(after)) columns[FIELD_COLUMNS[field as keyof MemberIdentityInput]] = value;
    if ('fullName' in after) {
      columns.name_folded = foldText(after.fullName as string);
      columns.name_sort_key = vietnameseNameSortKey(after.fullName as string);
    }
    const kind = input.isCorrection ? 'correction' : 'field_change';
    const eventId = await repo.insertEvent(tx, {
      memberId, kind, effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, unitId: member.unit_id,
      reason: input.reason, recordedBy: actor.caller.accountId, payload: { fields: { before, after } },
    });
    const updated = await repo.updateMember(tx, memberId, columns);
    await journalMember(tx, actor, { action: kind, member: updated, effectiveDate: input.effectiveDate, decisionId: decision?.id ?? null, reason: input.reason, before, after });
    return finish(tx, updated, eventId);
  } catch (error) {
    return translateUniqueViolation(error);
  }
}


/**
 * A correction supersedes a wrong life-cycle event with a reason: 'void' annuls it and restores the state before it;
 * 'redate' moves it to the right effective date. The corrected event stays in the timeline, marked. Only the latest
 * life-cycle event can be corrected, so later history is never built on a corrected fact.
 */
export async function correctMemberEvent(tx: Tx, actor: Actor, memberId: number, input: CorrectionRequest): Promise<CommandResult> {
  const member = await lockForCommand(tx, actor, memberId, input.expectedRowVersion);
  const target = await repo.findEvent(tx, memberId, input.correctsEventId);
  if (!target) throw new AppError('NOT_FOUND', { eventId: input.correctsEventId });
  const latest = await repo.latestEvent(tx, memberId, { lifecycleOnly: true });
  if (target.voided_by_event_id || !isCorrectableKind(target.kind) || latest?.id !== target.id) {
    throw new AppError('CORRECTION_NOT_ALLOWED', { eventId: target.id, kind: target.kind, latestEventId: latest?.id ?? null });
  }
  if (input.action === 'void' && isFoundingKind(target.kind)) throw new AppError('CORRECTION_NOT_ALLOWED', { eventId: target.id, kind: target.kind, action: 'void' });
  const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
  const before = projectionSnapshot(member);
  const targetBefore = ((target.payload ?? {}) as { before?: ReturnType<typeof projectionSnapshot> }).before;

  if (input.action === 'void') {
    const eventId = await repo.insertEvent(tx, {
      memberId, kind: 'correction', effectiveDate: target.effective_date, decisionId: decision?.id ?? null, unitId: member.unit_id,
      correctsEventId: target.id, reason: input.reason, recordedBy: actor.caller.accountId, payload: { action: 'void', correctedKind: target.kind, before },
    });
    await repo.voidEvent(tx, target.id, eventId);
    await repo.revertPlacementsOfEvent(tx, target.id, eventId);
    const restored = targetBefore ?? before;
    // The cell the member left (the member is in scope; that cell need not be): restored as it was.
    const formerCell = systemScope('correction: restore the cell before the annulled event');
    const unit = restored.unitId !== member.unit_id ? await repo.findUnit(tx, restored.unitId, formerCell) : undefined;
    let updated = await repo.updateMember(tx, memberId, {
      status: restored.status, status_since: restored.statusSince, admission_date: restored.admissionDate,
      probation_start: restored.probationStart, official_date: restored.officialDate, ...(unit ? repo.unitCopies(unit) : {}),
    });
    // Facts entered late after the annulled one was recorded are not in its snapshot: the projection follows the history.
    const recordedSince = (await historyOf(tx, memberId)).some((event) => event.id > target.id && event.id !== eventId && event.voided_by_event_id === null && event.kind !== 'field_change' && !(event.kind === 'correction' && !event.status_after));
    if (recordedSince) updated = await rederiveMember(tx, updated);
    await journalMember(tx, actor, { action: 'correction', member: updated, effectiveDate: target.effective_date, decisionId: decision?.id ?? null, reason: input.reason, before, after: { ...projectionSnapshot(updated), voidedEventId: target.id } });
    return finish(tx, updated, eventId);
  }

  // redate
  const date = input.effectiveDate;
  if (!date) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'effectiveDate', check: 'required', message: { vi: 'Cần nhập ngày hiệu lực mới khi sửa ngày', en: 'Required to change the date' } }] });
  assertNotFuture(date, 'effectiveDate');
  assertAfterBirth(member, date, 'effectiveDate');
  const prior = await repo.latestEvent(tx, memberId, { lifecycleOnly: true, exceptEventId: target.id });
  if (prior && date < prior.effective_date) throw new AppError('DATE_BEFORE_LAST_EVENT', { date, latestDate: prior.effective_date });
  const eventId = await repo.insertEvent(tx, {
    memberId, kind: 'correction', effectiveDate: date, decisionId: decision?.id ?? target.decision_id, unitId: member.unit_id,
    statusAfter: target.status_after, correctsEventId: target.id, reason: input.reason, recordedBy: actor.caller.accountId,
    payload: { ...(target.payload as Record<string, unknown>), action: 'redate', correctedKind: target.kind, from: target.effective_date, to: date },
  });
  await repo.voidEvent(tx, target.id, eventId);
  await repo.redatePlacementsOfEvent(tx, target.id, eventId, date);
  const changes: Parameters<typeof repo.updateMember>[2] = {};
  if (target.status_after) changes.status_since = date;
  if (target.kind === 'admission') changes.admission_date = date;
  if (target.kind === 'registration') changes.status_since = date;
  if (target.kind === 'recognition') changes.official_date = date;
  const updated = await repo.updateMember(tx, memberId, changes);
  await journalMember(tx, actor, { action: 'correction', member: updated, effectiveDate: date, decisionId: decision?.id ?? null, reason: input.reason, before: { eventId: target.id, effectiveDate: target.effective_date }, after: { eventId, effectiveDate: date } });
  return finish(tx, updated, eventId);
}

// ---------------------------------------------------------------------------------------------------------------
// Merging two records of one person

/**
 * Merges a duplicate record into this one, the record that carries on (DOMAIN.md §2: one record per member; issue 10,
 * item 8). Both are kept: the duplicate gets a correction ('merged', with the reason) that voids its events and
 * placements and points at this record; this record gets a correction naming the duplicate. Nothing is deleted and no
 * list, count or figure as of any date counts the person twice. Two records with different citizen IDs or sexes are
 * two people (MEMBER_MERGE_DIFFERENT_PEOPLE); both must be in the caller's write scope (else not found); a duplicate
 * in transit must finish its transfer first. Life-cycle facts recorded only on the duplicate are listed in the
 * merge event's payload, for the officer to record on this record if they are true.
 */
export async function mergeMemberRecords(tx: Tx, actor: Actor, memberId: number, input: MergeRequest): Promise<CommandResult> {
  if (input.duplicateId === memberId) throw new AppError('MEMBER_MERGE_SAME_RECORD', { memberId });
  const rows = await repo.lockMembersInOrder(tx, [memberId, input.duplicateId], scopeOf(actor.caller, 'member.write'));
  const survivor = rows.find((row) => row.id === memberId);
  const duplicate = rows.find((row) => row.id === input.duplicateId);
  if (!survivor) throw new AppError('NOT_FOUND', { memberId });
  if (!duplicate) throw new AppError('NOT_FOUND', { memberId: input.duplicateId });
  if (survivor.status === 'merged' || duplicate.status === 'merged') {
    throw new AppError('MEMBER_ALREADY_MERGED', { memberId: survivor.status === 'merged' ? survivor.id : duplicate.id });
  }
  if (survivor.row_version !== input.expectedRowVersion) throw new AppError('CONFLICT', { memberId, rowVersion: survivor.row_version });
  if (duplicate.row_version !== input.duplicateRowVersion) throw new AppError('CONFLICT', { memberId: duplicate.id, rowVersion: duplicate.row_version });
  const differentIds = survivor.citizen_id !== null && duplicate.citizen_id !== null && survivor.citizen_id !== duplicate.citizen_id;
  if (differentIds || survivor.sex !== duplicate.sex) {
    throw new AppError('MEMBER_MERGE_DIFFERENT_PEOPLE', { memberId, duplicateId: duplicate.id, citizenIdsDiffer: differentIds, sexesDiffer: survivor.sex !== duplicate.sex });
  }
  if (duplicate.in_transit) throw new AppError('MEMBER_IN_TRANSIT', { memberId: duplicate.id });
  const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
  const today = todayInVietnam();
  const duplicateEvents = await repo.listEvents(tx, duplicate.id);
  const facts = duplicateEvents.filter((event) => !event.voided_by_event_id)
    .map((event) => ({ eventId: event.id, kind: event.kind, effectiveDate: event.effective_date, unitId: event.unit_id }));
  const before = { survivor: projectionSnapshot(survivor), duplicate: projectionSnapshot(duplicate) };

  const mergedEventId = await repo.insertEvent(tx, {
    memberId: duplicate.id, kind: 'correction', effectiveDate: today, decisionId: decision?.id ?? null, unitId: duplicate.unit_id,
    statusAfter: 'merged', reason: input.reason, recordedBy: actor.caller.accountId,
    payload: { action: 'merge_into', mergedIntoId: survivor.id, mergedIntoName: survivor.full_name, before: before.duplicate, facts },
  });
  const voided = await repo.voidHistoryOfMerged(tx, duplicate.id, mergedEventId);
  const merged = await repo.updateMember(tx, duplicate.id, { status: 'merged', status_since: today, merged_into_id: survivor.id, in_transit: false });
  const eventId = await repo.insertEvent(tx, {
    memberId: survivor.id, kind: 'correction', effectiveDate: today, decisionId: decision?.id ?? null, unitId: survivor.unit_id,
    reason: input.reason, recordedBy: actor.caller.accountId,
    payload: { action: 'merge_from', duplicateId: duplicate.id, duplicateName: duplicate.full_name, mergeEventId: mergedEventId, facts },
  });
  const updated = await repo.updateMember(tx, survivor.id, {});
  await journalMember(tx, actor, {
    action: 'merge', member: updated, effectiveDate: today, decisionId: decision?.id ?? null, reason: input.reason, before,
    after: { survivorId: survivor.id, duplicateId: duplicate.id, duplicate: projectionSnapshot(merged), voided },
  });
  await journalMember(tx, actor, {
    action: 'merged_into', member: merged, effectiveDate: today, decisionId: decision?.id ?? null, reason: input.reason,
    before: before.duplicate, after: { ...projectionSnapshot(merged), mergedIntoId: survivor.id, voided },
  });
  return finish(tx, updated, eventId);
}
