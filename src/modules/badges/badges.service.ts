/**
 * Party badges (Huy hiệu Đảng; rules in `src/rules/party-age.ts`, 01-HD/TW point 18 and 06-HD/TW): who is due a badge
 * on a presentation day in the caller's scope, recording awards (the provincial standing committee's decision), and
 * the serious-illness flag that allows an early award. Awards and flags are dated rows, journaled.
 */
import { AppError } from '../../contracts/errors.ts';
import type { BadgeAwardRequest, BadgeDueItem } from '../../contracts/member-import.ts';
import {
  decodeCursor, encodeCursor, requireUsableDecision, scopeOf, unitPlaces, writeJournal, writeJournalMany, type Actor, type Caller, type Executor, type Tx,
} from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { badgeDueOn, badgeRulesFor, holdsBadgeStatus, isPresentationDay, nextMilestoneWindows, partyAgeOn, type Period } from '../../rules/party-age.ts';
import { findUnit, lockMember, unitNames } from '../members/index.ts';
import * as repo from './badges.repository.ts';

/** Periods outside the party from leaving and re-admission events (24-QĐ/TW point 4.5.1). */
function periodsFrom(events: readonly { kind: string; effective_date: string }[]): Period[] {
  const periods: Period[] = [];
  let leftOn: string | null = null;
  for (const event of events) {
    if (event.kind === 'readmission') {
      if (leftOn) periods.push({ from: leftOn, to: event.effective_date });
      leftOn = null;
    } else if (!leftOn) {
      leftOn = event.effective_date;
    }
  }
  return periods;
}

async function outsidePeriodsByMember(db: Executor, memberIds: readonly number[]): Promise<Map<number, Period[]>> {
  const events = await repo.outsidePeriodEvents(db, memberIds);
  const byMember = new Map<number, typeof events>();
  for (const event of events) byMember.set(event.member_id, [...(byMember.get(event.member_id) ?? []), event]);
  return new Map([...byMember].map(([memberId, list]) => [memberId, periodsFrom(list)]));
}

function assertPresentationDay(date: string): void {
  if (!isPresentationDay(date)) throw new AppError('BADGE_NOT_PRESENTATION_DAY', { date, days: badgeRulesFor(date).presentationDays.map((day) => `${day.day}/${day.month}`) });
}

/**
 * Members due a badge on a presentation day, in the caller's read scope (or one unit's subtree): official members
 * whose party age reaches a milestone above their highest badge presented before that day, or up to 12/24 months
 * later when seriously ill on that day. Members awarded that milestone (or a higher one) before the day are not
 * listed; on a past day, those it was then presented to are listed with the day it was presented (`presentedOn`),
 * and those who have left the party since with how and when (`left`): the list is the list of that day.
 */
export async function listBadgesDue(db: Executor, caller: Caller, query: { presentationDate: string; unitId?: number; limit?: number; after?: string }) {
  assertPresentationDay(query.presentationDate);
  const scope = scopeOf(caller, 'member.read');
  let underPath: string | undefined;
  if (query.unitId !== undefined) {
    const unit = await findUnit(db, query.unitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    underPath = unit.scopePath;
  }
  const rules = badgeRulesFor(query.presentationDate);
  const candidates = await repo.badgeCandidates(db, {
    scope, underPath, date: query.presentationDate,
    steps: nextMilestoneWindows(query.presentationDate),
  });
  const periods = await outsidePeriodsByMember(db, candidates.filter((row) => row.readmitted).map((row) => row.id));
  const items: BadgeDueItem[] = [];
  const byMilestone: Record<string, number> = {};
  let presented = 0;
  for (const row of candidates) {
    const input = {
      admissionDecisionDate: row.admission_date, periodsOutside: periods.get(row.id) ?? [], seriouslyIll: row.seriously_ill,
      awardedMilestones: row.highest_awarded ? [row.highest_awarded] : [],
    };
    const due = badgeDueOn(input, query.presentationDate);
    if (!due) continue;
    byMilestone[String(due.milestone)] = (byMilestone[String(due.milestone)] ?? 0) + 1;
    const presentedOn = row.later_awards.find((award) => award.milestone === due.milestone)?.presented_on ?? null;
    if (presentedOn) presented += 1;
    items.push({
      memberId: row.id, fullName: row.full_name, birthDate: row.birth_date, unitId: row.unit_id, unitName: '', unitPlace: [], admissionDate: row.admission_date,
      milestone: due.milestone, reachedOn: due.reachedOn, early: due.early, seriouslyIll: row.seriously_ill,
      partyAgeYears: partyAgeOn(input, query.presentationDate).years, presentedOn,
      left: holdsBadgeStatus(row.status) ? null : { status: row.status, since: row.status_since },
    });
  }
  // The list is computed whole (the rule runs per member); a page starts after the member the cursor names, in the
  // list's order (name, then id), so pages never overlap or skip however many there are.
  const start = query.after === undefined ? 0 : afterMember(items, decodeCursor(query.after, ['number'], 'querystring.after')[0]);
  const limit = query.limit ?? 1000;
  const page = items.slice(start, start + limit);
  const nextCursor = start + limit < items.length ? encodeCursor([page[page.length - 1].memberId]) : null;
  const names = await unitNames(db, page.map((item) => item.unitId));
  const places = await unitPlaces(db, page.map((item) => item.unitId), query.presentationDate);
  for (const item of page) {
    item.unitName = names.get(item.unitId) ?? '';
    item.unitPlace = places.get(item.unitId)?.above ?? [];
  }
  return { presentationDate: query.presentationDate, regulation: rules.regulation, items: page, byMilestone, presented, total: items.length, nextCursor };
}

/** Where the page after `memberId` starts; a member no longer listed ends the paging rather than restarting it. */
function afterMember(items: readonly BadgeDueItem[], memberId: number): number {
  const index = items.findIndex((item) => item.memberId === memberId);
  return index === -1 ? items.length : index + 1;
}

/**
 * How many members of the caller's read scope are still due a badge on a presentation day not yet past (the home
 * page's next presentation day): the candidates of `listBadgesDue` read from the index of migration 0020, and the same
 * rule (01-HD/TW point 18; time outside the party subtracted, 24-QĐ/TW point 4.5.1), without names, units or order.
 */
export async function countBadgesDue(db: Executor, caller: Caller, presentationDate: string): Promise<number> {
  assertPresentationDay(presentationDate);
  const candidates = await repo.badgeCountCandidates(db, { scope: scopeOf(caller, 'member.read'), date: presentationDate, steps: nextMilestoneWindows(presentationDate) });
  const periods = await outsidePeriodsByMember(db, candidates.filter((row) => row.readmitted).map((row) => row.id));
  let count = 0;
  for (const row of candidates) {
    const due = badgeDueOn({
      admissionDecisionDate: row.admission_date, periodsOutside: periods.get(row.id) ?? [], seriouslyIll: row.seriously_ill,
      awardedMilestones: row.highest_badge ? [row.highest_badge] : [],
    }, presentationDate);
    if (due) count += 1;
  }
  return count;
}

/**
 * Records badges presented on a presentation day under one decision. Every member must be in the caller's write
 * scope and due exactly that milestone on that day (early only when seriously ill then); any refusal refuses all.
 */
export async function awardBadges(tx: Tx, actor: Actor, input: BadgeAwardRequest) {
  assertPresentationDay(input.presentationDate);
  if (input.presentationDate > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'presentationDate', date: input.presentationDate });
  const memberIds = input.awards.map((award) => award.memberId);
  if (new Set(memberIds).size !== memberIds.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.awards', check: 'duplicate_member', message: { vi: 'Một đảng viên có tên hai lần trong danh sách', en: 'A member is listed twice' } }] });
  const decision = await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' });
  const members = new Map((await repo.membersInScope(tx, memberIds, scopeOf(actor.caller, 'member.write'))).map((member) => [member.id, member]));
  const missing = memberIds.filter((id) => !members.has(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', { memberIds: missing });
  const ill = await repo.seriouslyIllOn(tx, memberIds, input.presentationDate);
  const periods = await outsidePeriodsByMember(tx, memberIds);
  const rows = input.awards.map((award) => {
    const member = members.get(award.memberId)!;
    if (member.highest_awarded !== null && member.highest_awarded >= award.milestone) {
      throw new AppError('BADGE_ALREADY_AWARDED', { memberId: award.memberId, highestAwarded: member.highest_awarded });
    }
    const due = member.admission_date && holdsBadgeStatus(member.status)
      ? badgeDueOn({
        admissionDecisionDate: member.admission_date, periodsOutside: periods.get(member.id) ?? [], seriouslyIll: ill.has(member.id),
        awardedMilestones: member.highest_awarded ? [member.highest_awarded] : [],
      }, input.presentationDate)
      : null;
    if (!due || due.milestone !== award.milestone) throw new AppError('BADGE_NOT_DUE', { memberId: award.memberId, milestone: award.milestone, dueMilestone: due?.milestone ?? null });
    return { member_id: member.id, milestone: award.milestone, presented_on: input.presentationDate, decision_id: decision.id, early: due.early, unit_id: member.unit_id, recorded_by: actor.caller.accountId };
  });
  const awarded = await repo.insertAwards(tx, rows);
  await writeJournalMany(tx, awarded.map((award, index) => ({
    accountId: actor.caller.accountId, action: 'member.badge_award', objectType: 'member', objectId: award.member_id, unitId: rows[index].unit_id,
    effectiveDate: input.presentationDate, decisionId: decision.id, after: { awardId: award.id, milestone: award.milestone, early: award.early },
    requestId: actor.requestId ?? null,
  })));
  return { awarded: awarded.map((award) => ({ id: award.id, memberId: award.member_id, milestone: award.milestone, presentedOn: award.presented_on, decisionId: award.decision_id, early: award.early })) };
}

function illnessView(row: { id: number; member_id: number; since: string; until: string | null; note: string }) {
  return { id: row.id, memberId: row.member_id, since: row.since, until: row.until, note: row.note };
}

/** A member's badges, serious-illness record and party age today, in the caller's read scope. */
export async function memberBadges(db: Executor, caller: Caller, memberId: number) {
  const member = await repo.memberInScope(db, memberId, scopeOf(caller, 'member.read'));
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  const periods = (await outsidePeriodsByMember(db, [memberId])).get(memberId) ?? [];
  const official = holdsBadgeStatus(member.status);
  return {
    memberId,
    partyAgeYears: official && member.admission_date ? partyAgeOn({ admissionDecisionDate: member.admission_date, periodsOutside: periods }, todayInVietnam()).years : 0,
    awards: (await repo.awardsOf(db, memberId)).map((award) => ({ id: award.id, memberId: award.member_id, milestone: award.milestone, presentedOn: award.presented_on, decisionId: award.decision_id, early: award.early })),
    seriousIllness: (await repo.illnessOf(db, memberId)).map(illnessView),
  };
}

/** Records that a member is seriously ill from a date (for the early award), journaled. */
export async function flagSeriousIllness(tx: Tx, actor: Actor, memberId: number, input: { since: string; note: string; decisionId?: number | null }) {
  if (input.since > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'since', date: input.since });
  const member = await lockMember(tx, memberId, scopeOf(actor.caller, 'member.write'));
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  if (member.status === 'deceased' || member.status === 'removed' || member.status === 'expelled' || member.status === 'merged') throw new AppError('MEMBER_NOT_ACTIVE', { memberId, status: member.status });
  if (input.since < member.birth_date) throw new AppError('DATE_BEFORE_BIRTH', { field: 'since', date: input.since, birthDate: member.birth_date });
  const decision = input.decisionId ? await requireUsableDecision(tx, actor.caller, input.decisionId, { action: 'member.write' }) : null;
  if (await repo.openIllness(tx, memberId)) throw new AppError('SERIOUS_ILLNESS_ALREADY_OPEN', { memberId });
  const row = await repo.insertIllness(tx, { member_id: memberId, since: input.since, note: input.note, decision_id: decision?.id ?? null, recorded_by: actor.caller.accountId });
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'member.serious_illness', objectType: 'member', objectId: memberId, unitId: member.unit_id,
    effectiveDate: input.since, decisionId: decision?.id ?? null, reason: input.note, after: illnessView(row), requestId: actor.requestId ?? null,
  });
  return illnessView(row);
}

/** Ends a member's serious-illness record on a date, journaled. */
export async function endSeriousIllness(tx: Tx, actor: Actor, memberId: number, input: { until: string; note: string }) {
  if (input.until > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { field: 'until', date: input.until });
  const member = await lockMember(tx, memberId, scopeOf(actor.caller, 'member.write'));
  if (!member) throw new AppError('NOT_FOUND', { memberId });
  const open = await repo.openIllness(tx, memberId);
  if (!open) throw new AppError('SERIOUS_ILLNESS_NOT_OPEN', { memberId });
  if (input.until <= open.since) throw new AppError('DATE_RANGE_INVALID', { since: open.since, until: input.until });
  const row = await repo.endIllness(tx, open.id, input.until, actor.caller.accountId);
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'member.serious_illness_end', objectType: 'member', objectId: memberId, unitId: member.unit_id,
    effectiveDate: input.until, reason: input.note, before: illnessView(open), after: illnessView(row), requestId: actor.requestId ?? null,
  });
  return illnessView(row);
}

