/**
 * A member's history as the source of truth for the projection on `members`, and the rule that lets a dated fact be
 * entered where it belongs (issue 11, item 2).
 *
 * DOMAIN.md §2 keeps the life cycle as dated facts (events) and the member's places as half-open placements; the
 * columns of `members` after the identity block are a projection of them. A fact recorded late (a removal decided in
 * March and entered in June) is inserted at its effective date when the history around it stays consistent, and the
 * projection is re-derived from the history (`deriveProjection`) rather than patched. Consistency is decided by
 * replaying the life cycle in date order (`replayHistory`): every fact's precondition (Charter Arts. 5–8: only a
 * probationary member is recognized or refused; only an official member is exempted; nobody who has left (removed,
 * expelled, deceased) is transferred, exempted, recognized or removed again) must hold on its own date. A late fact
 * that would make a later fact impossible is refused with MEMBER_LATER_FACT_CONFLICT, naming that later fact (its
 * kind, date and id); nothing is changed.
 *
 * Pure functions over rows (no I/O) except `rederiveMember`, which reads the member's events and placements by the
 * member's id (the member already found in scope and locked by the command) and writes the projection.
 */
import { AppError } from '../../contracts/errors.ts';
import type { MemberStatus } from '../../contracts/members.ts';
import { systemScope, type Executor, type Tx } from '../../kernel/index.ts';
import * as repo from './members.repository.ts';
import type { MemberRow } from './members.repository.ts';

export interface HistoryEvent {
  id: number;
  kind: string;
  effective_date: string;
  status_after: MemberStatus | null;
  payload: unknown;
  transfer_id: number | null;
  voided_by_event_id: number | null;
}

export interface HistoryPlacement {
  id: number;
  unit_id: number;
  kind: string;
  valid_from: string;
  valid_to: string | null;
}

/** The life-cycle columns of `members` that follow from the history. */
export interface DerivedProjection {
  status: MemberStatus;
  status_since: string;
  admission_date: string | null;
  probation_start: string | null;
  official_date: string | null;
  /** The open official placement's unit, else the last one's; null when the history has no placement (merged). */
  unit_id: number | null;
  in_transit: boolean;
}

const ACTIVE: readonly MemberStatus[] = ['probationary', 'official', 'exempted'];
/** Record changes: they change no status and no place, so they never conflict with a late life-cycle fact. */
const RECORD_KINDS = new Set(['field_change']);

/** Events in force, in the order they happened: effective date, then the order they were recorded (id). */
export function inDateOrder<E extends HistoryEvent>(events: readonly E[]): E[] {
  return events.filter((event) => event.voided_by_event_id === null)
    .sort((a, b) => (a.effective_date < b.effective_date ? -1 : a.effective_date > b.effective_date ? 1 : a.id - b.id));
}

const payloadOf = (event: HistoryEvent) => (event.payload ?? {}) as Record<string, unknown>;

/** The kind an event stands for: a correction that re-dated an event takes that event's place. */
function effectiveKind(event: HistoryEvent): string {
  const payload = payloadOf(event);
  if (event.kind === 'correction' && payload.action === 'redate' && typeof payload.correctedKind === 'string') return payload.correctedKind;
  return event.kind;
}

/** Why a fact cannot stand where it is, as the error code the command itself gives. */
export type HistoryProblem = 'DATE_BEFORE_LAST_EVENT' | 'MEMBER_DECEASED' | 'MEMBER_NOT_ACTIVE' | 'MEMBER_NOT_PROBATIONARY' | 'MEMBER_NOT_OFFICIAL' | 'MEMBER_NOT_EXEMPTED' | 'MEMBER_NOT_FORMER' | 'MEMBER_IN_TRANSIT';

interface ReplayState { status: MemberStatus | null; inTransit: Set<number> }

function notActive(status: MemberStatus | null): HistoryProblem | null {
  if (status === null) return null;
  if (status === 'deceased') return 'MEMBER_DECEASED';
  return ACTIVE.includes(status) ? null : 'MEMBER_NOT_ACTIVE';
}

/** The precondition of one fact on its date (Charter Arts. 5–8; DOMAIN.md §2), given the state the facts before it left. */
function precondition(kind: string, state: ReplayState): HistoryProblem | null {
  const { status } = state;
  // Nothing but a founding fact before the record begins.
  if (status === null && kind !== 'admission' && kind !== 'registration') return 'DATE_BEFORE_LAST_EVENT';
  switch (kind) {
    case 'admission': case 'registration': return null;
    case 'readmission':
      if (status === 'deceased') return 'MEMBER_DECEASED';
      return status === 'removed' || status === 'expelled' ? null : 'MEMBER_NOT_FORMER';
    case 'recognition': case 'recognition_extension': case 'probation_refused':
      if (status === 'deceased') return 'MEMBER_DECEASED';
      return status === 'probationary' ? null : 'MEMBER_NOT_PROBATIONARY';
    case 'exemption': return notActive(status) ?? (status === 'official' ? null : 'MEMBER_NOT_OFFICIAL');
    case 'exemption_end': return notActive(status) ?? (status === 'exempted' ? null : 'MEMBER_NOT_EXEMPTED');
    case 'transfer_issued':
      // One transfer at a time: not issued while another official transfer is in progress.
      return notActive(status) ?? (state.inTransit.size > 0 ? 'MEMBER_IN_TRANSIT' : null);
    case 'removal': case 'expulsion': case 'death':
      return notActive(status) ?? (state.inTransit.size > 0 ? 'MEMBER_IN_TRANSIT' : null);
    default:
      // transfers (issued, received, presented, returned, cancelled), temporary stays, re-homing by restructuring
      return notActive(status);
  }
}

function apply(event: HistoryEvent, kind: string, state: ReplayState): void {
  const payload = payloadOf(event);
  if (event.status_after) state.status = event.status_after;
  if (kind === 'transfer_issued' && payload.kind === 'official' && event.transfer_id !== null) state.inTransit.add(event.transfer_id);
  if ((kind === 'transfer_received' || kind === 'transfer_returned' || kind === 'transfer_cancelled') && event.transfer_id !== null) state.inTransit.delete(event.transfer_id);
  if (event.status_after === 'merged') state.inTransit.clear();
}

/** The first fact whose precondition fails on its date, replaying the history in date order; null when consistent. */
export function replayHistory(events: readonly HistoryEvent[], options: { skip?: (event: HistoryEvent) => boolean } = {}): { event: HistoryEvent; problem: HistoryProblem } | null {
  const state: ReplayState = { status: null, inTransit: new Set() };
  for (const event of inDateOrder(events)) {
    if (RECORD_KINDS.has(event.kind) || (event.kind === 'correction' && !event.status_after)) continue;
    if (options.skip?.(event)) continue;
    const kind = effectiveKind(event);
    // A merge (the record's status becomes 'merged') and a re-dated fact were checked when they were made.
    if (event.kind !== 'correction') {
      const problem = precondition(kind, state);
      if (problem) return { event, problem };
    }
    apply(event, kind, state);
  }
  return null;
}

/**
 * The projection that follows from the member's history: the latest status fact in force gives the status and its
 * date; admission, probation and official dates come from the facts that set them (an imported registration carries
 * them in its payload); the unit is the open official placement's (or, for a member who left, the last one's); in
 * transit while an official transfer is issued and neither received, returned nor cancelled.
 */
export function deriveProjection(events: readonly HistoryEvent[], placements: readonly HistoryPlacement[]): DerivedProjection | null {
  const ordered = inDateOrder(events);
  let status: MemberStatus | null = null;
  let statusSince: string | null = null;
  let admissionDate: string | null = null;
  let probationStart: string | null = null;
  let officialDate: string | null = null;
  const transit = new Set<number>();
  for (const event of ordered) {
    const kind = effectiveKind(event);
    const payload = payloadOf(event);
    if (event.status_after) { status = event.status_after; statusSince = event.effective_date; }
    if (kind === 'admission') {
      admissionDate = event.effective_date;
      probationStart = typeof payload.ceremonyDate === 'string' ? payload.ceremonyDate : event.effective_date;
      officialDate = null;
    } else if (kind === 'registration') {
      admissionDate = (payload.admissionDate as string | undefined) ?? admissionDate;
      probationStart = (payload.probationStart as string | undefined) ?? admissionDate;
      officialDate = (payload.officialDate as string | null | undefined) ?? null;
    } else if (kind === 'readmission') {
      probationStart = typeof payload.ceremonyDate === 'string' ? payload.ceremonyDate : event.effective_date;
      officialDate = null;
    } else if (kind === 'recognition') {
      officialDate = event.effective_date;
    }
    if (kind === 'transfer_issued' && payload.kind === 'official' && event.transfer_id !== null) transit.add(event.transfer_id);
    if ((kind === 'transfer_received' || kind === 'transfer_returned' || kind === 'transfer_cancelled') && event.transfer_id !== null) transit.delete(event.transfer_id);
    if (event.status_after === 'merged') transit.clear();
  }
  if (status === null || statusSince === null) return null;
  const officials = placements.filter((placement) => placement.kind === 'official')
    .sort((a, b) => (a.valid_from < b.valid_from ? -1 : a.valid_from > b.valid_from ? 1 : a.id - b.id));
  const open = officials.filter((placement) => placement.valid_to === null);
  const unit = open.at(-1) ?? officials.at(-1);
  return {
    status, status_since: statusSince, admission_date: admissionDate, probation_start: probationStart, official_date: officialDate,
    unit_id: unit?.unit_id ?? null, in_transit: transit.size > 0,
  };
}

/**
 * A member's move into the successor of a unit that a restructuring ended (`members-restructure.ts`): it follows from
 * the placement in force when the batch applied, so it is re-derived, not contradicted, by a late departure dated
 * before it: the member who had left would not have been moved. Moves of a transfer's destination are not (the member
 * was in transit, which a departure cannot precede anyway).
 */
export function isDerivedMove(event: HistoryEvent, after: string): boolean {
  const what = payloadOf(event).what;
  return event.kind === 'rehomed' && event.effective_date > after && (what === 'official' || what === 'temporary');
}

/** The latest life-cycle fact in force (record changes left out), for telling a late entry from one at the tail. */
export function latestLifecycleDate(events: readonly HistoryEvent[]): string | null {
  const lifecycle = inDateOrder(events).filter((event) => !RECORD_KINDS.has(event.kind) && !(event.kind === 'correction' && !event.status_after));
  return lifecycle.at(-1)?.effective_date ?? null;
}

/**
 * Whether a fact dated `date` is a late entry: dated before the member's latest life-cycle fact (`latestLifecycleDate`,
 * or the same read by `latestEvent` with `lifecycleOnly` for many members at once).
 */
export function isLateEntry(latestDate: string | null | undefined, date: string): boolean {
  return latestDate !== null && latestDate !== undefined && date < latestDate;
}

/** The facts dated after `date`, in force, that are part of the life cycle. */
export function laterFacts(events: readonly HistoryEvent[], date: string): HistoryEvent[] {
  return inDateOrder(events).filter((event) => event.effective_date > date && !RECORD_KINDS.has(event.kind) && !(event.kind === 'correction' && !event.status_after));
}

/**
 * Checks that a fact of `kind` dated `date` fits the member's history: its own precondition on that date (the
 * command's own code, e.g. MEMBER_NOT_OFFICIAL) and every later fact's (MEMBER_LATER_FACT_CONFLICT naming the first
 * later fact it would contradict: kind, date, id). Returns whether the fact is entered late (later life-cycle facts
 * exist). Bulk commands call it per row, as the single commands do.
 */
export function assertFitsHistory(events: readonly HistoryEvent[], candidate: { kind: string; date: string; statusAfter: MemberStatus | null; payload?: Record<string, unknown>; transferId?: number | null },
  options: { skip?: (event: HistoryEvent) => boolean } = {}): { late: boolean } {
  const probe: HistoryEvent = {
    id: Number.MAX_SAFE_INTEGER, kind: candidate.kind, effective_date: candidate.date, status_after: candidate.statusAfter,
    payload: candidate.payload ?? {}, transfer_id: candidate.transferId ?? null, voided_by_event_id: null,
  };
  const failure = replayHistory([...events, probe], options);
  if (failure && failure.event === probe) {
    const first = inDateOrder(events)[0];
    throw new AppError(failure.problem, failure.problem === 'DATE_BEFORE_LAST_EVENT' ? { date: candidate.date, latestDate: first?.effective_date ?? null } : { date: candidate.date, asOf: candidate.date });
  }
  if (failure) {
    throw new AppError('MEMBER_LATER_FACT_CONFLICT', {
      date: candidate.date, kind: candidate.kind,
      conflict: { kind: effectiveKind(failure.event), effectiveDate: failure.event.effective_date, eventId: failure.event.id, transferId: failure.event.transfer_id, problem: failure.problem },
    });
  }
  return { late: laterFacts(events, candidate.date).length > 0 };
}

/** The member's events, as `assertFitsHistory` and `deriveProjection` read them. */
export async function historyOf(tx: Executor, memberId: number): Promise<HistoryEvent[]> {
  return repo.historyEvents(tx, memberId);
}

/** The former or ended unit the history places the member in, wherever it lies now (the member was found in scope). */
const HISTORY_UNIT = systemScope('history: the unit the member\'s own placements name');

/**
 * Re-derives the member's projection from their events and placements in force and writes it (bumping the row
 * version). Called by a command after it inserted a fact in the past, so later facts keep their effect and the
 * member's status, unit and dates are those the whole history gives.
 */
export async function rederiveMember(tx: Tx, member: MemberRow): Promise<MemberRow> {
  const [events, placements] = await Promise.all([repo.historyEvents(tx, member.id), repo.listPlacements(tx, member.id)]);
  const derived = deriveProjection(events, placements);
  if (!derived) return repo.updateMember(tx, member.id, {});
  const unit = derived.unit_id !== null && derived.unit_id !== member.unit_id ? await repo.findUnit(tx, derived.unit_id, HISTORY_UNIT) : undefined;
  return repo.updateMember(tx, member.id, {
    status: derived.status, status_since: derived.status_since, admission_date: derived.admission_date,
    probation_start: derived.probation_start, official_date: derived.official_date, in_transit: derived.in_transit,
    ...(unit ? repo.unitCopies(unit) : {}),
  });
}
