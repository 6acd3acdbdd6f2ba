/**
 * Decisions: the legal basis every change refers to (number, date, issuing body and unit, signer, subject, PDF).
 *
 * Scope: a caller reads the decisions issued by units in their subtrees and by the ancestors of their granted units
 * (a superior's decision concerns its subordinates); `decision.write` works on the same set of issuing units.
 * Both are decided in SQL. A change may cite a decision only on the same terms, judged for the change's action
 * (`requireUsableDecision`; see NOTES.md).
 */
import crypto from 'node:crypto';
import {
  decodeCursor, encodeCursor, findDecision, scopeOf, toDecision, writeJournal, type Actor, type Caller, type Executor, type Scope, type Tx,
} from '../../kernel/index.ts';
import { AppError } from '../../contracts/errors.ts';
import type { Decision, DecisionCreate, DecisionList, DecisionListQuery } from '../../contracts/decisions.ts';
import { DECISION_ATTACHMENT_MAX_BYTES, LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import { foldText, truncateText } from '../../lib/text.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import * as repo from './decisions.repository.ts';

/** Decision numbers compare ignoring case, diacritics and spaces: "125-QĐ/TU" = "125 - qd/tu". */
export function foldDecisionNumber(number: string): string {
  return foldText(number).replace(/\s+/g, '');
}

/** Records a decision. Refuses a second record of the same decision (folded number + issuing body + date). */
export async function createDecision(tx: Tx, actor: Actor, input: DecisionCreate): Promise<Decision> {
  const { caller } = actor;
  if (input.signedOn > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { signedOn: input.signedOn });
  const numberFolded = foldDecisionNumber(input.number);
  const scope = scopeOf(caller, 'decision.write');
  const unit = await repo.findIssuingUnit(tx, input.issuingUnitId, scope);
  if (!unit) throw new AppError('NOT_FOUND', { issuingUnitId: input.issuingUnitId });
  const duplicate = await repo.findDuplicate(tx, { numberFolded, issuingBody: input.issuingBody, signedOn: input.signedOn });
  if (duplicate) throw new AppError('DECISION_DUPLICATE', { number: input.number, issuingBody: input.issuingBody, signedOn: input.signedOn });
  let id: number;
  try {
    id = await insertDecisionRow(tx, input, numberFolded, caller.accountId);
  } catch (error) {
    // A concurrent insert of the same decision: the unique key answers.
    if ((error as { code?: string }).code === '23505') throw new AppError('DECISION_DUPLICATE', { number: input.number, issuingBody: input.issuingBody, signedOn: input.signedOn });
    throw error;
  }
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'decision.create', objectType: 'decision', objectId: id, unitId: input.issuingUnitId,
    effectiveDate: input.signedOn, decisionId: id, requestId: actor.requestId ?? null,
    after: { number: input.number, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId, signer: input.signer ?? null, subject: input.subject ?? null },
  });
  // Issued by a unit of the write scope, the new decision lies in it.
  const row = await findDecision(tx, id, scope);
  return toDecision(row!);
}

async function insertDecisionRow(tx: Tx, input: DecisionCreate, numberFolded: string, accountId: number): Promise<number> {
  return repo.insertDecision(tx, {
    number: input.number, numberFolded, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId,
    signer: input.signer ?? null, subject: input.subject ?? null, recordedBy: accountId,
  });
}

/** One decision the caller may read, else NOT_FOUND. */
export async function getDecision(db: Executor, caller: Caller, decisionId: number): Promise<Decision> {
  const row = await findDecision(db, decisionId, scopeOf(caller, 'decision.read'));
  if (!row) throw new AppError('NOT_FOUND', { decisionId });
  return toDecision(row);
}

const CURSOR_FIELD = 'querystring.cursor';

function afterCursor(cursor: string): { signedOn: string; id: number } {
  const [signedOn, id] = decodeCursor(cursor, ['string', 'number'], CURSOR_FIELD);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: 'invalid cursor' }] });
  return { signedOn, id };
}

/** Decisions the caller may read, newest first, with search by number, text, date range and issuing unit. */
export async function listDecisions(db: Executor, caller: Caller, query: DecisionListQuery): Promise<DecisionList> {
  if (query.from && query.to && query.from > query.to) throw new AppError('DATE_RANGE_INVALID', { from: query.from, to: query.to });
  const scope = scopeOf(caller, 'decision.read');
  let issuingSubtree: string | undefined;
  if (query.issuingUnitId !== undefined) {
    const unit = await repo.findIssuingUnit(db, query.issuingUnitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { issuingUnitId: query.issuingUnitId });
    issuingSubtree = unit.scope_path;
  }
  const filters = {
    text: query.q ? foldText(query.q) : undefined,
    numberPrefix: query.number ? foldDecisionNumber(query.number) : undefined,
    from: query.from,
    to: query.to,
    issuingSubtree,
  };
  const rows = await repo.listDecisions(db, scope, { ...filters, after: query.cursor ? afterCursor(query.cursor) : undefined, limit: query.limit + 1 });
  // The total is counted once per query, with its first page, up to LIST_TOTAL_CAP.
  const counted = query.cursor ? null : await repo.countDecisions(db, scope, filters, LIST_TOTAL_CAP + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toDecision), nextCursor: rows.length > query.limit ? encodeCursor([last.signed_on, last.id]) : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/** Attaches (or replaces) the decision's PDF. The file must start with `%PDF-` and be at most 20 MB. */
export async function attachDecisionPdf(tx: Tx, actor: Actor, decisionId: number, file: { filename: string; data: Buffer }): Promise<Decision> {
  const { caller } = actor;
  if (file.data.length > DECISION_ATTACHMENT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: DECISION_ATTACHMENT_MAX_BYTES });
  const scope: Scope = scopeOf(caller, 'decision.write');
  const existing = await findDecision(tx, decisionId, scope);
  if (!existing) throw new AppError('NOT_FOUND', { decisionId });
  if (file.data.length < PDF_MAGIC.length || !file.data.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw new AppError('ATTACHMENT_NOT_PDF', { filename: file.filename });
  await repo.lockDecision(tx, decisionId, scope);
  const sha256 = crypto.createHash('sha256').update(file.data).digest('hex');
  const filename = sanitizeFilename(file.filename);
  const attachmentId = await repo.insertAttachment(tx, { filename, contentType: 'application/pdf', data: file.data, sha256 });
  await repo.setDecisionAttachment(tx, decisionId, attachmentId, scope);
  await writeJournal(tx, {
    accountId: caller.accountId, action: 'decision.attach', objectType: 'decision', objectId: decisionId, unitId: existing.issuing_unit_id,
    effectiveDate: existing.signed_on, decisionId, requestId: actor.requestId ?? null,
    before: { attachmentId: existing.attachment_id }, after: { attachmentId, filename, sizeBytes: file.data.length, sha256 },
  });
  const row = await findDecision(tx, decisionId, scope);
  return toDecision(row!);
}

/** The decision's PDF, if the caller may read the decision and it has one. */
export async function readDecisionPdf(db: Executor, caller: Caller, decisionId: number): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const row = await findDecision(db, decisionId, scopeOf(caller, 'decision.read'));
  if (!row || !row.attachment_id) throw new AppError('NOT_FOUND', { decisionId });
  const file = await repo.findAttachmentData(db, row.attachment_id);
  if (!file) throw new AppError('NOT_FOUND', { decisionId });
  return { filename: file.filename, contentType: file.content_type, data: file.data };
}

function sanitizeFilename(name: string): string {
  const base = truncateText(name.replace(/[\\/\u0000-\u001f"]/g, '_').trim(), 200);
  return base || 'quyet-dinh.pdf';
}
