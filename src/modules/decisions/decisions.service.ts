/**
 * Decisions: the legal basis every change refers to (number, date, issuing body and unit, signer, subject, PDF).
 *
 * Scope: a caller reads the decisions issued by units in their subtrees and by the ancestors of their granted units
 * (a superior's decision concerns its subordinates); `decision.write` works on the same set of issuing units.
 * Both are decided in SQL. A change may cite a decision only on the same terms, judged for the change's action
 * (`requireUsableDecision`; see NOTES.md).
 */
import crypto from 'node:crypto';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Executor } from '../../kernel/executor.ts';
import type { Caller } from '../../access/scope.ts';
import { pathInScope, scopePaths } from '../../access/scope.ts';
import type { Action } from '../../contracts/permissions.ts';
import { AppError } from '../../contracts/errors.ts';
import type { Decision, DecisionCreate, DecisionList, DecisionListQuery } from '../../contracts/decisions.ts';
import { DECISION_ATTACHMENT_MAX_BYTES } from '../../contracts/decisions.ts';
import { foldText, truncateText } from '../../lib/text.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { writeJournal } from '../../kernel/journal.ts';
import * as repo from './decisions.repository.ts';

/** Ids of the granted units and all their ancestors, read off the scope paths. */
function ancestorIdsOf(paths: readonly string[]): number[] {
  return [...new Set(paths.flatMap((path) => path.split('/').filter(Boolean).map(Number)))];
}

/** SQL scope on a decision row aliased `d`. */
export function decisionScope(caller: Caller, action: Action): Expression<SqlBool> {
  const paths = scopePaths(caller, action);
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(d.issuing_unit_id = any(${ancestorIdsOf(paths)}::bigint[]) or exists (select 1 from org_units iu where iu.id = d.issuing_unit_id and ${pathInScope('iu.scope_path', paths)}))`;
}

/** SQL scope on an issuing unit aliased `u`. */
function issuingUnitScope(caller: Caller, action: Action): Expression<SqlBool> {
  const paths = scopePaths(caller, action);
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(u.id = any(${ancestorIdsOf(paths)}::bigint[]) or ${pathInScope('u.scope_path', paths)})`;
}

/** Decision numbers compare ignoring case, diacritics and spaces: "125-QĐ/TU" = "125 - qd/tu". */
export function foldDecisionNumber(number: string): string {
  return foldText(number).replace(/\s+/g, '');
}

function toDto(row: repo.DecisionRow): Decision {
  return {
    id: row.id,
    number: row.number,
    signedOn: row.signed_on,
    issuingBody: row.issuing_body,
    issuingUnitId: row.issuing_unit_id,
    issuingUnitName: row.issuing_unit_name,
    signer: row.signer,
    subject: row.subject,
    attachment: row.attachment_id
      ? { id: row.attachment_id, filename: row.attachment_filename!, contentType: row.attachment_content_type!, sizeBytes: row.attachment_size!, sha256: row.attachment_sha256! }
      : null,
    recordedBy: row.recorded_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The one rule for citing a decision as the legal basis of a change (every command that takes a decision id calls
 * it: member life cycle, transfers, badges, serious illness, import, grants and accounts, restructuring).
 *
 * Usable means: the caller can read the decision, and it was issued by a unit inside the subtrees where the caller may
 * perform the change's `action`, or by an ancestor of one of those subtrees (a province's decision applies to its
 * communes, the centre's to all). This is `decisionScope` for that action, the same meaning every decision read has,
 * decided in SQL (DESIGN.md principle 3: scope lives in the query). A sibling commune's decision is not usable by an
 * officer of another commune.
 *
 * A decision that is missing and one that is out of scope give the same answer: DECISION_NOT_FOUND with the field
 * and the id the request sent, so no decision id can be probed. Call it inside the command's transaction, before
 * anything is written, so a refusal changes nothing.
 */
export async function requireUsableDecision(
  db: Executor, caller: Caller, decisionId: number, options: { action: Action; field?: string },
): Promise<Decision> {
  const scope = options.action === 'decision.read'
    ? decisionScope(caller, 'decision.read')
    : sql<SqlBool>`(${decisionScope(caller, 'decision.read')} and ${decisionScope(caller, options.action)})`;
  const row = await repo.findDecision(db, decisionId, scope);
  if (!row) throw new AppError('DECISION_NOT_FOUND', { field: options.field ?? 'decisionId', decisionId });
  return toDto(row);
}

/** Records a decision. Refuses a second record of the same decision (folded number + issuing body + date). */
export async function createDecision(db: Db, caller: Caller, input: DecisionCreate, options: { requestId?: string | null } = {}): Promise<Decision> {
  if (input.signedOn > todayInVietnam()) throw new AppError('DATE_IN_FUTURE', { signedOn: input.signedOn });
  const numberFolded = foldDecisionNumber(input.number);
  return db.transaction().execute(async (trx) => {
    const unit = await repo.findIssuingUnit(trx, input.issuingUnitId, issuingUnitScope(caller, 'decision.write'));
    if (!unit) throw new AppError('NOT_FOUND', { issuingUnitId: input.issuingUnitId });
    const duplicate = await repo.findDuplicate(trx, { numberFolded, issuingBody: input.issuingBody, signedOn: input.signedOn });
    if (duplicate) throw new AppError('DECISION_DUPLICATE', { number: input.number, issuingBody: input.issuingBody, signedOn: input.signedOn });
    let id: number;
    try {
      id = await insertDecisionRow(trx, input, numberFolded, caller.accountId);
    } catch (error) {
      // A concurrent insert of the same decision: the unique key answers.
      if ((error as { code?: string }).code === '23505') throw new AppError('DECISION_DUPLICATE', { number: input.number, issuingBody: input.issuingBody, signedOn: input.signedOn });
      throw error;
    }
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'decision.create', objectType: 'decision', objectId: id, unitId: input.issuingUnitId,
      effectiveDate: input.signedOn, decisionId: id, requestId: options.requestId ?? null,
      after: { number: input.number, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId, signer: input.signer ?? null, subject: input.subject ?? null },
    });
    const row = await repo.findDecision(trx, id, sql<SqlBool>`true`);
    return toDto(row!);
  });
}

async function insertDecisionRow(trx: Executor, input: DecisionCreate, numberFolded: string, accountId: number): Promise<number> {
  return repo.insertDecision(trx, {
    number: input.number, numberFolded, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId,
    signer: input.signer ?? null, subject: input.subject ?? null, recordedBy: accountId,
  });
}

/** One decision the caller may read, else NOT_FOUND. */
export async function getDecision(db: Db, caller: Caller, decisionId: number): Promise<Decision> {
  const row = await repo.findDecision(db, decisionId, decisionScope(caller, 'decision.read'));
  if (!row) throw new AppError('NOT_FOUND', { decisionId });
  return toDto(row);
}

function encodeCursor(row: { signed_on: string; id: number }): string {
  return Buffer.from(`${row.signed_on}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { signedOn: string; id: number } {
  const [signedOn, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn ?? '') || !Number.isSafeInteger(Number(id))) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'querystring.cursor', message: 'invalid cursor' }] });
  return { signedOn, id: Number(id) };
}

/** Decisions the caller may read, newest first, with search by number, text, date range and issuing unit. */
export async function listDecisions(db: Db, caller: Caller, query: DecisionListQuery): Promise<DecisionList> {
  if (query.from && query.to && query.from > query.to) throw new AppError('DATE_RANGE_INVALID', { from: query.from, to: query.to });
  let issuingSubtree: string | undefined;
  if (query.issuingUnitId !== undefined) {
    const unit = await repo.findIssuingUnit(db, query.issuingUnitId, issuingUnitScope(caller, 'decision.read'));
    if (!unit) throw new AppError('NOT_FOUND', { issuingUnitId: query.issuingUnitId });
    issuingSubtree = unit.scope_path;
  }
  const rows = await repo.listDecisions(db, {
    scope: decisionScope(caller, 'decision.read'),
    text: query.q ? foldText(query.q) : undefined,
    numberPrefix: query.number ? foldDecisionNumber(query.number) : undefined,
    from: query.from,
    to: query.to,
    issuingSubtree,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toDto), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
}

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/** Attaches (or replaces) the decision's PDF. The file must start with `%PDF-` and be at most 20 MB. */
export async function attachDecisionPdf(db: Db, caller: Caller, decisionId: number, file: { filename: string; data: Buffer }, options: { requestId?: string | null } = {}): Promise<Decision> {
  if (file.data.length > DECISION_ATTACHMENT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: DECISION_ATTACHMENT_MAX_BYTES });
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findDecision(trx, decisionId, decisionScope(caller, 'decision.write'));
    if (!existing) throw new AppError('NOT_FOUND', { decisionId });
    if (file.data.length < PDF_MAGIC.length || !file.data.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw new AppError('ATTACHMENT_NOT_PDF', { filename: file.filename });
    await repo.lockDecision(trx, decisionId);
    const sha256 = crypto.createHash('sha256').update(file.data).digest('hex');
    const filename = sanitizeFilename(file.filename);
    const attachmentId = await repo.insertAttachment(trx, { filename, contentType: 'application/pdf', data: file.data, sha256 });
    await repo.setDecisionAttachment(trx, decisionId, attachmentId);
    await writeJournal(trx, {
      accountId: caller.accountId, action: 'decision.attach', objectType: 'decision', objectId: decisionId, unitId: existing.issuing_unit_id,
      effectiveDate: existing.signed_on, decisionId, requestId: options.requestId ?? null,
      before: { attachmentId: existing.attachment_id }, after: { attachmentId, filename, sizeBytes: file.data.length, sha256 },
    });
    const row = await repo.findDecision(trx, decisionId, sql<SqlBool>`true`);
    return toDto(row!);
  });
}

/** The decision's PDF, if the caller may read the decision and it has one. */
export async function readDecisionPdf(db: Db, caller: Caller, decisionId: number): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const row = await repo.findDecision(db, decisionId, decisionScope(caller, 'decision.read'));
  if (!row || !row.attachment_id) throw new AppError('NOT_FOUND', { decisionId });
  const file = await repo.findAttachmentData(db, row.attachment_id);
  if (!file) throw new AppError('NOT_FOUND', { decisionId });
  return { filename: file.filename, contentType: file.content_type, data: file.data };
}

function sanitizeFilename(name: string): string {
  const base = truncateText(name.replace(/[\\/\u0000-\u001f"]/g, '_').trim(), 200);
  return base || 'quyet-dinh.pdf';
}
