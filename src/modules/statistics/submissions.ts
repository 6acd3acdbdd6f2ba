/**
 * Submission and lock (issue 12, item 5; DOMAIN.md §8: figures aggregate from the grassroots up, each level reporting
 * to the one above): a unit submits a form's figures for a date or a period; they are kept exactly as submitted (the
 * form itself, every cell), so they cannot change afterwards, and the same form and period cannot be submitted again
 * while the submission stands (STATISTICS_PERIOD_LOCKED). The level above sees the submitted and the live figures side
 * by side, every cell that differs listed, and may return the submission with a reason; the unit may then submit
 * again. Nothing is deleted; each step is journaled.
 *
 * Submitting takes `statistics.submit` on the unit; returning takes it on the unit's parent (an officer of the unit
 * itself cannot return its own report: STATISTICS_NOT_ABOVE). A unit outside the caller's scope is not found.
 */
import { LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import { AppError } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import type {
  StatisticsForm, StatisticsFormQuery, StatisticsSubmission, StatisticsSubmissionDetail, StatisticsSubmissionListQuery, StatisticsSubmitRequest,
} from '../../contracts/statistics.ts';
import type { StatisticsSource } from '../../http/context.ts';
import {
  decodeCursor, encodeCursor, scopeOf, unitInScope, writeJournal, type Actor, type Caller, type Executor, type Tx,
} from '../../kernel/index.ts';
import { formatVietnameseDate } from '../../lib/dates.ts';
import { notify } from '../notifications/index.ts';
import { formPeriod, readForm } from './statistics.service.ts';

type Row = {
  id: number; unit_id: number; form_key: string; period_from: string | null; period_to: string; status: 'submitted' | 'returned'; form: unknown; note: string | null;
  submitted_by: number | null; submitted_at: Date; returned_by: number | null; returned_at: Date | null; return_reason: string | null; row_version: number;
  submitted_by_name?: string | null; returned_by_name?: string | null;
};

/** The submissions with the names of the accounts that submitted and returned them. */
function submissionsWithNames(db: Executor) {
  return db.selectFrom('statistics_submissions as s')
    .leftJoin('accounts as sa', 'sa.id', 's.submitted_by')
    .leftJoin('accounts as ra', 'ra.id', 's.returned_by')
    .selectAll('s')
    .select(['sa.display_name as submitted_by_name', 'ra.display_name as returned_by_name']);
}

function toSubmission(row: Row): StatisticsSubmission {
  const form = row.form as StatisticsForm;
  return {
    id: Number(row.id), unitId: Number(row.unit_id), unitName: form.unitName, formKey: row.form_key, from: row.period_from, to: row.period_to, status: row.status,
    note: row.note, submittedBy: row.submitted_by === null ? null : Number(row.submitted_by), submittedByName: row.submitted_by_name ?? null,
    submittedAt: new Date(row.submitted_at).toISOString(),
    returnedBy: row.returned_by === null ? null : Number(row.returned_by), returnedByName: row.returned_by_name ?? null, returnedAt: row.returned_at ? new Date(row.returned_at).toISOString() : null,
    returnReason: row.return_reason, rowVersion: row.row_version,
  };
}

/** The unit's latest submission of a form for a date (`from` null) or a period: the standing one while it stands. */
async function latestOf(db: Executor, unitId: number, formKey: string, from: string | null, to: string): Promise<Row | undefined> {
  return await submissionsWithNames(db).where('s.unit_id', '=', unitId).where('s.form_key', '=', formKey).where('s.period_to', '=', to)
    .where((eb) => (from === null ? eb('s.period_from', 'is', null) : eb('s.period_from', '=', from)))
    .orderBy('s.id', 'desc').limit(1).executeTakeFirst() as Row | undefined;
}

/** Submits a form's figures for the unit: the form as computed now, kept as it is. */
export async function submitForm(tx: Tx, actor: Actor, sources: readonly StatisticsSource[], input: StatisticsSubmitRequest): Promise<StatisticsSubmission> {
  const scope = scopeOf(actor.caller, 'statistics.submit');
  const unit = await tx.selectFrom('org_units as u').select('u.id').where('u.id', '=', input.unitId).where(unitInScope('u.id', scope)).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  // The form is computed first (seconds for a province), with no lock held meanwhile.
  const form = await readForm(tx, actor.caller, sources, input.formKey, { unitId: input.unitId, date: input.date, from: input.from, to: input.to });
  const from = form.from;
  const to = (form.date ?? form.to)!;
  // Two officers submitting at once: the second waits here, then finds the period locked. A lock that leaves the
  // foreign keys' checks alone (no key update), taken only for the check and the insert: held FOR UPDATE around the
  // form's computation, it held every write naming the unit (a grant on it, a decision it issued, a notification to
  // its officers, a placement in a cell) for as long (a grant on the province waited 3.75 s instead of 75 ms).
  await tx.selectFrom('org_units').select('id').where('id', '=', input.unitId).forNoKeyUpdate().execute();
  const standing = await latestOf(tx, input.unitId, form.key, from, to);
  if (standing?.status === 'submitted') throw new AppError('STATISTICS_PERIOD_LOCKED', { submissionId: Number(standing.id), submittedAt: new Date(standing.submitted_at).toISOString() });
  const row = await tx.insertInto('statistics_submissions').values({
    unit_id: input.unitId, form_key: form.key, period_from: from, period_to: to, status: 'submitted', form: JSON.stringify(form), note: input.note ?? null,
    submitted_by: actor.caller.accountId,
  }).returning('id').executeTakeFirstOrThrow();
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'statistics.submit', objectType: 'statistics_submission', objectId: row.id, unitId: input.unitId,
    effectiveDate: to, reason: input.note ?? null, after: { formKey: form.key, from, to }, requestId: actor.requestId ?? null,
  });
  // The level above is told (its officers who may compare and return it).
  const parent = await currentParent(tx, input.unitId);
  if (parent !== null) {
    await notify(tx, {
      kind: 'statistics.submitted', unitId: parent, action: 'statistics.submit', exceptAccountId: actor.caller.accountId,
      objectType: 'statistics_submission', objectId: Number(row.id), params: noticeParams(form, from, to),
    });
  }
  return toSubmission(await findSubmission(tx, actor.caller, Number(row.id)));
}

/** What a notification of a submission says: the unit, the form's title and the period, as they were submitted. */
function noticeParams(form: StatisticsForm, from: string | null, to: string) {
  return { unitName: form.unitName, formTitle: form.title.vi, period: from === null ? formatVietnameseDate(to) : `${formatVietnameseDate(from)} – ${formatVietnameseDate(to)}` };
}

/** The unit directly above a unit today (null for a root). */
async function currentParent(db: Executor, unitId: number): Promise<number | null> {
  const version = await db.selectFrom('org_unit_versions').select('parent_id').where('unit_id', '=', unitId)
    .where('valid_to', 'is', null).where('voided_by_batch_id', 'is', null).executeTakeFirst();
  return version?.parent_id == null ? null : Number(version.parent_id);
}

/**
 * Where a form stands for a unit and the date or period asked (resolved as the form is): its latest submission, or
 * null. A standing one locks the form for that period; a returned one may be submitted again.
 */
export async function formSubmission(db: Executor, caller: Caller, key: string, query: StatisticsFormQuery): Promise<{ submission: StatisticsSubmission | null }> {
  const { unitId, from, to } = await formPeriod(db, caller, key, query);
  const row = await latestOf(db, unitId, key, from, to);
  return { submission: row ? toSubmission(row) : null };
}

const CURSOR_FIELD = 'querystring.cursor';

/**
 * The submissions of a unit and of the units directly under it (what the level above reviews), newest first (by the
 * date or last day of the period, then the newest submission), a page at a time with the kernel's cursor; the total
 * comes with the first page, counted in the same scope and conditions up to LIST_TOTAL_CAP (issue 10: every list
 * shows its total).
 */
export async function listSubmissions(db: Executor, caller: Caller, query: StatisticsSubmissionListQuery): Promise<{
  items: StatisticsSubmission[]; nextCursor: string | null; total: number | null; totalCapped: boolean;
}> {
  const scope = scopeOf(caller, 'statistics.read');
  const unit = await db.selectFrom('org_units as u').select('u.id').where('u.id', '=', query.unitId).where(unitInScope('u.id', scope)).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'number'], CURSOR_FIELD) as [string, number];
  if (after && !/^\d{4}-\d{2}-\d{2}$/.test(after[0])) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: INVALID_CURSOR_TEXT }] });
  let rows = submissionsWithNames(db)
    .where((eb) => eb.or([
      eb('s.unit_id', '=', query.unitId),
      eb.exists(eb.selectFrom('org_unit_versions as v').select('v.id').whereRef('v.unit_id', '=', 's.unit_id').where('v.parent_id', '=', query.unitId)
        .where('v.valid_to', 'is', null).where('v.voided_by_batch_id', 'is', null)),
    ]))
    .where(unitInScope('s.unit_id', scope));
  if (query.formKey) rows = rows.where('s.form_key', '=', query.formKey);
  const counted = after === undefined
    ? Number((await db.selectFrom(rows.clearSelect().select('s.id').limit(LIST_TOTAL_CAP + 1).as('listed')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    : null;
  const paged = after === undefined ? rows : rows.where((eb) => eb.or([
    eb('s.period_to', '<', after[0]),
    eb.and([eb('s.period_to', '=', after[0]), eb('s.id', '<', after[1])]),
  ]));
  const found = (await paged.orderBy('s.period_to', 'desc').orderBy('s.id', 'desc').limit(query.limit + 1).execute()) as Row[];
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toSubmission),
    nextCursor: found.length > query.limit ? encodeCursor([last.period_to, Number(last.id)]) : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}

async function findSubmission(db: Executor, caller: Caller, id: number): Promise<Row> {
  const row = await submissionsWithNames(db).where('s.id', '=', id).where(unitInScope('s.unit_id', scopeOf(caller, 'statistics.read'))).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { submissionId: id });
  return row as Row;
}

/** The level above a submission's unit: its parent today, when the caller's `statistics.submit` scope holds it. */
async function isAbove(db: Executor, caller: Caller, unitId: number): Promise<boolean> {
  const parent = await currentParent(db, unitId);
  if (parent === null) return false;
  // Qualified columns: inside the scope's subquery on org_units, a bare "id" would be that subquery's own.
  const above = await db.selectFrom('org_units as u').select('u.id').where('u.id', '=', parent)
    .where(unitInScope('u.id', scopeOf(caller, 'statistics.submit'))).executeTakeFirst();
  return above !== undefined;
}

/** A submission beside the live figures of the same form, unit and period, with every cell that differs. */
export async function getSubmission(db: Executor, caller: Caller, sources: readonly StatisticsSource[], id: number): Promise<StatisticsSubmissionDetail> {
  const row = await findSubmission(db, caller, id);
  const submitted = row.form as StatisticsForm;
  const live = await readForm(db, caller, sources, row.form_key, row.period_from === null ? { unitId: Number(row.unit_id), date: row.period_to } : { unitId: Number(row.unit_id), from: row.period_from, to: row.period_to });
  const differences: StatisticsSubmissionDetail['differences'] = [];
  for (const section of live.sections) {
    const before = submitted.sections.find((candidate) => candidate.key === section.key);
    for (const liveRow of section.rows) {
      const beforeRow = before?.rows.find((candidate) => candidate.key === liveRow.key);
      section.columns.forEach((column, index) => {
        const was = beforeRow?.cells[index]?.count ?? 0;
        const now = liveRow.cells[index].count;
        if (was !== now) differences.push({ section: section.key, row: liveRow.key, column: column.key, submitted: was, live: now });
      });
    }
  }
  const canReturn = row.status === 'submitted' && await isAbove(db, caller, Number(row.unit_id));
  return { submission: toSubmission(row), canReturn, submitted, live, differences };
}

/** The level above returns a submission with a reason; the unit may then submit the same form and period again. */
export async function returnSubmission(tx: Tx, actor: Actor, id: number, input: { reason: string; expectedRowVersion: number }): Promise<StatisticsSubmission> {
  const row = await findSubmission(tx, actor.caller, id);
  if (!await isAbove(tx, actor.caller, Number(row.unit_id))) throw new AppError('STATISTICS_NOT_ABOVE', { submissionId: id, unitId: Number(row.unit_id) });
  const updated = await tx.updateTable('statistics_submissions')
    .set({ status: 'returned', returned_by: actor.caller.accountId, returned_at: new Date(), return_reason: input.reason, row_version: row.row_version + 1 })
    .where('id', '=', id).where('row_version', '=', input.expectedRowVersion).where('status', '=', 'submitted')
    .returning('id').executeTakeFirst();
  if (!updated) {
    const now = await findSubmission(tx, actor.caller, id);
    if (now.status === 'returned') throw new AppError('STATISTICS_SUBMISSION_RETURNED', { submissionId: id });
    throw new AppError('CONFLICT', { submissionId: id, rowVersion: now.row_version });
  }
  await writeJournal(tx, {
    accountId: actor.caller.accountId, action: 'statistics.return', objectType: 'statistics_submission', objectId: id, unitId: Number(row.unit_id),
    effectiveDate: row.period_to, reason: input.reason, before: { status: 'submitted' }, after: { status: 'returned' }, requestId: actor.requestId ?? null,
  });
  // The unit's officers who may submit again, and the officer who submitted, are told why.
  await notify(tx, {
    kind: 'statistics.returned', unitId: Number(row.unit_id), action: 'statistics.submit', accountIds: [row.submitted_by === null ? null : Number(row.submitted_by)],
    exceptAccountId: actor.caller.accountId, objectType: 'statistics_submission', objectId: id,
    params: { ...noticeParams(row.form as StatisticsForm, row.period_from, row.period_to), reason: input.reason },
  });
  return toSubmission(await findSubmission(tx, actor.caller, id));
}
