/**
 * Decisions: the legal basis every change refers to (number, date, issuing body and unit, signer, subject, PDF).
 *
 * Scope: a caller reads the decisions issued by units in their subtrees and by the ancestors of their granted units
 * (a superior's decision concerns its subordinates); `decision.write` works on the same set of issuing units.
 * Both are decided in SQL. A change may cite a decision only on the same terms, judged for the change's action
 * (`requireUsableDecision`; see NOTES.md).
 */
import { sql } from 'kysely';
import {
  decodeCursor, encodeCursor, findDecision, scopeOf, toDecision, writeJournal, writeJournalMany, type Actor, type Caller, type Db, type Executor,
  type JournalEntry, type Scope, type Tx,
} from '../../kernel/index.ts';
import { AppError, errorMessage, type Locale } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import type { Decision, DecisionBulkCreate, DecisionBulkResult, DecisionCreate, DecisionList, DecisionListQuery } from '../../contracts/decisions.ts';
import { BULK_MAX_ROWS, type BulkRowError } from '../../contracts/members.ts';
import { DECISION_ATTACHMENT_MAX_BYTES, LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import { foldText, truncateText } from '../../lib/text.ts';
import { sha256InSlices } from '../../lib/buffers.ts';
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
  await writeJournal(tx, creationEntry(actor, id, input));
  // Issued by a unit of the write scope, the new decision lies in it.
  const row = await findDecision(tx, id, scope);
  return toDecision(row!);
}

function creationEntry(actor: Actor, id: number, input: DecisionCreate): JournalEntry {
  return {
    accountId: actor.caller.accountId, action: 'decision.create', objectType: 'decision', objectId: id, unitId: input.issuingUnitId,
    effectiveDate: input.signedOn, decisionId: id, requestId: actor.requestId ?? null,
    after: { number: input.number, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId, signer: input.signer ?? null, subject: input.subject ?? null },
  };
}

function decisionValues(input: DecisionCreate, numberFolded: string, accountId: number) {
  return {
    number: input.number, numberFolded, signedOn: input.signedOn, issuingBody: input.issuingBody, issuingUnitId: input.issuingUnitId,
    signer: input.signer ?? null, subject: input.subject ?? null, recordedBy: accountId,
  };
}

async function insertDecisionRow(tx: Tx, input: DecisionCreate, numberFolded: string, accountId: number): Promise<number> {
  return repo.insertDecision(tx, decisionValues(input, numberFolded, accountId));
}

/**
 * Records many decisions in one request and one transaction (issue 11: a migration records a decision for every
 * change it enters; one request each was a tenth of its time). Each row is judged as `createDecision` judges one,
 * with its codes and in its order (DATE_IN_FUTURE, NOT_FOUND for an issuing unit out of scope, DECISION_DUPLICATE
 * for a decision already recorded or given on an earlier row), every row read set-based; all or nothing: any bad
 * row and nothing is recorded, BULK_ROWS_INVALID naming every bad row (NOT_FOUND when every bad row is an issuing
 * unit the caller cannot see). Each decision is journaled as one recorded alone. At most BULK_MAX_ROWS rows.
 */
export async function createDecisionsInBulk(tx: Tx, actor: Actor, input: DecisionBulkCreate, locale: Locale): Promise<DecisionBulkResult> {
  const { rows } = input;
  if (rows.length > BULK_MAX_ROWS) throw new AppError('BULK_TOO_MANY_ROWS', { max: BULK_MAX_ROWS, given: rows.length });
  const scope = scopeOf(actor.caller, 'decision.write');
  const today = todayInVietnam();
  const keys = rows.map((row) => ({ numberFolded: foldDecisionNumber(row.number), issuingBody: row.issuingBody, signedOn: row.signedOn }));
  const keyText = (key: repo.DecisionKey) => JSON.stringify([key.numberFolded, key.issuingBody, key.signedOn]);
  const [issuers, recorded] = await Promise.all([
    repo.findIssuingUnits(tx, rows.map((row) => row.issuingUnitId), scope), repo.findDuplicates(tx, keys),
  ]);
  const issuing = new Set(issuers.map((unit) => unit.id));
  const errors: BulkRowError[] = [];
  const refuse = (index: number, error: AppError) => {
    const row = rows[index];
    errors.push({ index, key: { number: row.number, signedOn: row.signedOn, issuingBody: row.issuingBody }, code: error.code, message: errorMessage(error.code, locale, error.details), details: error.details ?? null });
  };
  const judge = (duplicates: Set<string>) => {
    errors.length = 0;
    const firstOf = new Map<string, number>();
    rows.forEach((row, index) => {
      const key = keyText(keys[index]);
      const first = firstOf.get(key);
      if (first === undefined) firstOf.set(key, index);
      if (row.signedOn > today) refuse(index, new AppError('DATE_IN_FUTURE', { signedOn: row.signedOn }));
      else if (!issuing.has(row.issuingUnitId)) refuse(index, new AppError('NOT_FOUND', { issuingUnitId: row.issuingUnitId }));
      else if (duplicates.has(key) || first !== undefined) {
        refuse(index, new AppError('DECISION_DUPLICATE', { number: row.number, issuingBody: row.issuingBody, signedOn: row.signedOn, ...(first === undefined ? {} : { firstIndex: first }) }));
      }
    });
    if (errors.length === 0) return;
    const code = errors.every((error) => error.code === 'NOT_FOUND') ? 'NOT_FOUND' : 'BULK_ROWS_INVALID';
    throw new AppError(code, { rows: [...errors], invalid: errors.length, total: rows.length });
  };
  judge(new Set(recorded.map(keyText)));
  let ids: number[];
  await sql`savepoint decisions_bulk`.execute(tx);
  try {
    ids = await repo.insertDecisions(tx, rows.map((row, index) => decisionValues(row, keys[index].numberFolded, actor.caller.accountId)));
    await sql`release savepoint decisions_bulk`.execute(tx);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    // A concurrent request recorded one of them first: its rows named as the duplicates they now are.
    await sql`rollback to savepoint decisions_bulk`.execute(tx);
    judge(new Set((await repo.findDuplicates(tx, keys)).map(keyText)));
    throw error;
  }
  await writeJournalMany(tx, rows.map((row, index) => creationEntry(actor, ids[index], row)));
  const byId = new Map((await repo.findDecisionsByIds(tx, ids, scope)).map((row) => [row.id, toDecision(row)]));
  return { items: ids.map((id) => byId.get(id)!) };
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
  if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: INVALID_CURSOR_TEXT }] });
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
  // Hashed a slice per turn (a 20 MB PDF held the event loop 15 ms in one call), before the decision is locked.
  const sha256 = await sha256InSlices(file.data);
  await repo.lockDecision(tx, decisionId, scope);
  await assertMayAttach(tx, caller, decisionId, scope);
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

/**
 * Who may give a decision its PDF. The decision's writers reach it through its issuing unit inside their subtrees or
 * above them (an officer records the district's decision to cite it). The signed text is what everyone who reads the
 * decision downloads, so it is the issuing side's: an officer of the issuing unit or above it attaches or replaces
 * it; below, only the account that recorded the decision, and only while it has none (a scan it keeps with the
 * record it entered), never replacing one. Judged under the decision's lock, so two uploads cannot both be first.
 */
async function assertMayAttach(tx: Tx, caller: Caller, decisionId: number, scope: Scope): Promise<void> {
  const row = await repo.attachmentRights(tx, decisionId, scope);
  if (!row) throw new AppError('NOT_FOUND', { decisionId });
  if (row.issued_in_scope) return;
  if (row.recorded_by === caller.accountId && row.attachment_id === null) return;
  throw new AppError('DECISION_ATTACHMENT_NOT_YOURS', { decisionId, hasAttachment: row.attachment_id !== null });
}

/** The decision's PDF, if the caller may read the decision and it has one. */
export async function readDecisionPdf(db: Db, caller: Caller, decisionId: number): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const row = await findDecision(db, decisionId, scopeOf(caller, 'decision.read'));
  if (!row || !row.attachment_id) throw new AppError('NOT_FOUND', { decisionId });
  const file = await repo.findAttachment(db, row.attachment_id);
  if (!file) throw new AppError('NOT_FOUND', { decisionId });
  return { filename: file.filename, contentType: file.content_type, data: await repo.readAttachmentData(db, file) };
}

function sanitizeFilename(name: string): string {
  const base = truncateText(name.replace(/[\\/\u0000-\u001f"]/g, '_').trim(), 200);
  return base || 'quyet-dinh.pdf';
}
