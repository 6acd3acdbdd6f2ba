/**
 * The data-cleaning worklist (DOMAIN.md §2: the record must be complete and consistent): likely duplicates, citizen
 * IDs that contradict the record, missing fields, members left in dissolved units, and dates that contradict each
 * other or the life-cycle rules (age at admission, 12 months of probation; `src/rules/member-lifecycle.ts`, by the
 * rule set in force on each member's dates).
 *
 * Officers clear an issue by marking it resolved (after fixing the record, with a note) or "not a problem"; the
 * decision holds while the facts it was taken on stay the same. Reading needs `member.read` scope, deciding needs
 * `member.write` scope over a member of the issue; anything else is not found.
 */
import { AppError } from '../../contracts/errors.ts';
import {
  CLEANING_ISSUE_KINDS, CLEANING_ISSUE_LABELS, type CleaningFixRequest, type CleaningFixResult, type CleaningIssue, type CleaningIssueKind,
  type CleaningListQuery, type CleaningResolveRequest,
} from '../../contracts/member-import.ts';
import type { Locale } from '../../contracts/errors.ts';
import { scopeOf, unitPlaces, writeJournal, type Actor, type Caller, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { MEMBER_LIFECYCLE_RULES } from '../../rules/member-lifecycle.ts';
import { CITIZEN_ID_PROVINCE_CODES, findUnit, placeStrandedMembers, unitNames } from '../members/index.ts';
import * as repo from './member-cleaning.repository.ts';
import type { DatedThresholds, IssueRow, IssueScope } from './member-cleaning.repository.ts';

const THRESHOLDS: DatedThresholds = {
  minAdmissionAgeMonths: MEMBER_LIFECYCLE_RULES.map((rules) => [rules.effectiveFrom, rules.minAdmissionAgeMonths]),
  maxAdmissionAgeMonths: MEMBER_LIFECYCLE_RULES.map((rules) => [rules.effectiveFrom, rules.maxAdmissionAgeMonths]),
  probationMonths: MEMBER_LIFECYCLE_RULES.map((rules) => [rules.effectiveFrom, rules.probationMonths]),
};
const PROVINCE_CODES = Object.keys(CITIZEN_ID_PROVINCE_CODES);

async function toIssues(db: Executor, rows: IssueRow[], locale: Locale): Promise<CleaningIssue[]> {
  const members = new Map((await repo.membersByIds(db, rows.flatMap((row) => row.member_ids))).map((member) => [member.id, member]));
  const names = await unitNames(db, rows.map((row) => row.unit_id));
  const places = await unitPlaces(db, [...members.values()].map((member) => member.unit_id), todayInVietnam());
  return rows.map((row) => ({
    kind: row.kind,
    key: row.issue_key,
    label: CLEANING_ISSUE_LABELS[row.kind][locale],
    unitId: row.unit_id,
    unitName: names.get(row.unit_id) ?? '',
    members: row.member_ids.map((id) => {
      const member = members.get(id)!;
      return { id, fullName: member.full_name, birthDate: member.birth_date, unitId: member.unit_id, unitName: places.get(member.unit_id)?.label ?? '' };
    }),
    details: row.details,
    resolution: row.resolution && row.resolution_current
      ? { resolution: row.resolution, note: row.note ?? '', resolvedAt: row.resolved_at!.toISOString(), resolvedBy: row.resolved_by }
      : null,
  }));
}

async function scopeFor(db: Executor, scope: Scope, unitId: number | undefined): Promise<IssueScope> {
  if (unitId === undefined) return { scope };
  const unit = await findUnit(db, unitId, scope);
  if (!unit) throw new AppError('NOT_FOUND', { unitId });
  return { scope, underPath: unit.scopePath };
}

/** The worklist of a unit's subtree (or the caller's whole scope): issues in unit order, with counts by kind. */
export async function listCleaningIssues(db: Executor, caller: Caller, query: CleaningListQuery, locale: Locale) {
  const scope = await scopeFor(db, scopeOf(caller, 'member.read'), query.unitId);
  const state = query.state ?? 'open';
  const { rows, counts: countRows } = await repo.listIssuesWithCounts(db, {
    scope, rules: THRESHOLDS, provinceCodes: PROVINCE_CODES, kind: query.kind, state, limit: query.limit ?? 100, offset: query.offset ?? 0,
  });
  const counts = Object.fromEntries(CLEANING_ISSUE_KINDS.map((kind) => [kind, countRows.find((row) => row.kind === kind)?.n ?? 0]));
  return { items: await toIssues(db, rows, locale), counts, total: countRows.reduce((sum, row) => sum + row.n, 0) };
}

/** The narrowest scope that finds one issue by its key (a member, or a name + birth date group). */
function narrowByKey(kind: CleaningIssueKind, key: string, scope: Scope): IssueScope {
  const prefix = `${kind}:`;
  if (kind === 'duplicate_name_birth') {
    const match = /^name_birth:(.*)\|(\d{4}-\d{2}-\d{2})$/.exec(key);
    if (!match) throw new AppError('NOT_FOUND', { kind, key });
    return { scope, nameBirth: { nameFolded: match[1], birthDate: match[2] } };
  }
  const memberId = key.startsWith(prefix) ? Number(key.slice(prefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(memberId) || memberId <= 0) throw new AppError('NOT_FOUND', { kind, key });
  return { scope, memberId };
}

/**
 * Records an officer's decision on an issue that exists now and involves a member in the caller's write scope:
 * resolved (the record was fixed, or will be) or not a problem, with a note. Journaled.
 */
export async function resolveCleaningIssue(tx: Tx, actor: Actor, input: CleaningResolveRequest, locale: Locale): Promise<CleaningIssue> {
  const scope = narrowByKey(input.kind, input.key, scopeOf(actor.caller, 'member.write'));
  const rows = await repo.listIssues(tx, { scope, rules: THRESHOLDS, provinceCodes: PROVINCE_CODES, kind: input.kind, key: input.key, state: 'all', limit: 50, offset: 0 });
  if (rows.length === 0) throw new AppError('NOT_FOUND', { kind: input.kind, key: input.key });
  // A decision on an issue is seen by everyone the issue concerns: a group of records with one name and birth date
  // that reaches outside the caller's write scope is decided by a level above them all, not by one of its sides.
  const total = (rows[0].details as { totalMembers?: number } | null)?.totalMembers;
  if (total !== undefined && Number(total) > rows[0].member_ids.length) {
    throw new AppError('CLEANING_ISSUE_BEYOND_SCOPE', { kind: input.kind, key: input.key, membersInScope: rows[0].member_ids.length, totalMembers: Number(total) });
  }
  const memberId = Math.min(...rows.flatMap((row) => row.member_ids));
  const saved = await repo.insertResolution(tx, {
    kind: input.kind, key: input.key, memberId, resolution: input.resolution, note: input.note, fingerprint: rows[0].fingerprint,
    accountId: actor.caller.accountId,
  });
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'member_cleaning.resolve', objectType: 'member', objectId: memberId, unitId: rows[0].unit_id,
    effectiveDate: todayInVietnam(), reason: input.note,
    before: rows[0].resolution ? { resolution: rows[0].resolution, note: rows[0].note } : null,
    after: { kind: input.kind, key: input.key, resolution: input.resolution, details: rows[0].details, resolutionId: saved.id },
    requestId: actor.requestId ?? null,
  });
  const [issue] = await toIssues(tx, [{ ...rows[0], resolution: input.resolution, note: input.note, resolved_at: saved.resolved_at, resolved_by: actor.caller.accountId, resolution_current: true }], locale);
  return issue;
}

/**
 * The one-click fix of an issue that has one (`unit_not_a_cell`, issue 11 item 1): the issue must exist now and
 * involve a member in the caller's write scope (else NOT_FOUND); every member the unit holds goes into one of its
 * cells (`placeStrandedMembers`), so the unit's other issues of the kind clear with it. Journaled with the issue.
 */
export async function fixCleaningIssue(tx: Tx, actor: Actor, input: CleaningFixRequest): Promise<CleaningFixResult> {
  const scope = narrowByKey(input.kind, input.key, scopeOf(actor.caller, 'member.write'));
  const [issue] = await repo.listIssues(tx, { scope, rules: THRESHOLDS, provinceCodes: PROVINCE_CODES, kind: input.kind, key: input.key, state: 'all', limit: 1, offset: 0 });
  if (!issue) throw new AppError('NOT_FOUND', { kind: input.kind, key: input.key });
  const fix = await placeStrandedMembers(tx, actor, { unitId: issue.unit_id, decisionId: input.decisionId, toUnitId: input.toUnitId, reason: input.note });
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'member_cleaning.fix', objectType: 'org_unit', objectId: issue.unit_id, unitId: fix.toUnitId,
    effectiveDate: fix.date, decisionId: input.decisionId, reason: input.note ?? null,
    before: { kind: input.kind, key: input.key, details: issue.details },
    after: { toUnitId: fix.toUnitId, created: fix.created, batchId: fix.batchId, moved: fix.moved, memberIds: fix.members.map((member) => member.id) },
    requestId: actor.requestId ?? null,
  });
  return fix;
}

/** How many issues of the caller's read scope are open (not decided, or decided on facts that changed since). */
export async function countOpenCleaningIssues(db: Executor, caller: Caller): Promise<number> {
  const rows = await repo.countIssues(db, { scope: { scope: scopeOf(caller, 'member.read') }, rules: THRESHOLDS, provinceCodes: PROVINCE_CODES, state: 'open' });
  return rows.reduce((sum, row) => sum + row.n, 0);
}
