/**
 * Importing members from Excel/CSV (DESIGN.md principle 8: an import applies whole, or reports every bad row and
 * applies nothing; or, when asked, applies the good rows and returns the rest as a file to fix).
 *
 * upload → the server reads the header and proposes a column mapping → the client confirms it and validation runs in
 * the background (every row with the checks of a single registration, then the checks across rows and against the
 * registry in SQL) → the client polls the job and reads the report → apply, in one transaction, in batches, with one
 * journal entry per batch and unit and a registration event per member.
 *
 * Jobs belong to a unit: officers whose `member.write` scope covers it see and drive the job; others get 404.
 */
import { AppError, ERROR_CODES, errorMessage, type ErrorCode, type Locale } from '../../contracts/errors.ts';
import {
  IMPORT_FIELDS, IMPORT_KEEP_DAYS, IMPORT_ROW_ERRORS, IMPORT_ROW_KEYS_PAGE_DEFAULT, importMappingSchema, type ImportApplyRequest, type ImportJob, type ImportJobList, type ImportJobListQuery,
  type ImportMapping, type ImportRowKeys, type ImportRowKeysQuery, type ImportRowLookup, type ImportRowLookupQuery, type ImportRows, type ImportValidateRequest,
} from '../../contracts/member-import.ts';
import { LIST_TOTAL_CAP } from '../../contracts/decisions.ts';
import {
  decodeCursor, encodeCursor, inTransaction, PLACE_SEPARATOR, requireUsableDecision, scopeOf, unitPlaces, writeJournal, writeJournalMany, type Actor, type Caller, type Db, type Executor, type JournalEntry,
  type Scope, type Tx,
} from '../../kernel/index.ts';
import { todayInVietnam } from '../../lib/dates.ts';
import { analyzeRegistryAfterLoad, CELL_KINDS, findUnit } from '../members/index.ts';
import { notify } from '../notifications/index.ts';
import { assertMappingUsable, proposeMapping } from './mapping.ts';
import { resolveLookupColumn } from './row-lookup.ts';
import * as repo from './member-import.repository.ts';
import type { ImportJobRow } from './member-import.repository.ts';
import type { UnitCodeNamed } from './row-validation.ts';
import { detectFormat } from './spreadsheet.ts';
import { stageRowsInWorker, withSpreadsheetCheck } from './spreadsheet-in-worker.ts';
import { SHEET_MAX_COLUMNS } from './xlsx-reader.ts';
import { trackBackgroundWork } from './background.ts';
import { buildTemplate, streamErrorReport } from './workbooks.ts';

/** Rows validated, staged and applied per statement. */
export const IMPORT_BATCH_ROWS = 5_000;
/** The most rows one file may hold. */
export const IMPORT_MAX_ROWS = 200_000;
/** A working job not refreshed for this long belongs to a process that stopped: it is marked failed. */
const STALE_AFTER_MS = 5 * 60_000;

/** Jobs belong to a unit: the caller's `member.write` subtrees see and drive them. */
function writeScope(caller: Caller): Scope {
  return scopeOf(caller, 'member.write');
}

// ---------------------------------------------------------------------------------------------------------------
// Views

function errorView(error: unknown, locale: Locale): ImportJob['error'] {
  if (!error || typeof error !== 'object') return null;
  const { code, details } = error as { code?: string; details?: unknown };
  const known = code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL';
  return { code: code ?? 'INTERNAL', message: errorMessage(known, locale, details), details: details ?? null };
}

/**
 * A stored mapping as the contract reads it. Jobs stored before the column bound may name columns past it: such
 * entries are dropped rather than failing the whole list (the job list once answered 500 for one such job).
 */
function mappingView(stored: unknown): ImportMapping {
  const parsed = importMappingSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const entries = Object.entries((stored ?? {}) as Record<string, unknown>)
    .filter(([field, column]) => importMappingSchema.safeParse({ [field]: column }).success);
  return Object.fromEntries(entries) as ImportMapping;
}

/** Rows written by an apply count as applied only once its transaction committed; until then they are being applied. */
export function toJobView(job: ImportJobRow, locale: Locale): ImportJob {
  const options = (job.options ?? {}) as { effectiveDate?: string; decisionId?: number | null };
  const headers = Array.isArray(job.headers) ? (job.headers as ImportJob['headers']).slice(0, SHEET_MAX_COLUMNS) : [];
  return {
    id: job.id,
    status: job.status,
    filename: job.filename,
    format: job.format,
    sizeBytes: job.size_bytes,
    headerRow: job.header_row,
    headers,
    proposedMapping: mappingView(job.proposed_mapping),
    mapping: job.mapping ? mappingView(job.mapping) : null,
    effectiveDate: options.effectiveDate ?? null,
    decisionId: options.decisionId ?? null,
    totalRows: job.total_rows,
    processedRows: job.processed_rows,
    validRows: job.valid_rows,
    invalidRows: job.invalid_rows,
    appliedRows: job.status === 'applied' ? job.applied_rows : 0,
    applyingRows: job.status === 'applying' ? job.applied_rows : 0,
    applyMode: job.apply_mode,
    error: errorView(job.error, locale),
    rowVersion: job.row_version,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at ? job.finished_at.toISOString() : null,
    erasedAt: job.erased_at ? job.erased_at.toISOString() : null,
  };
}

const FIELD_LABELS = new Map(IMPORT_FIELDS.map((field) => [field.key as string, field]));

export function problemMessage(problem: { field: string; code: string }, locale: Locale): string {
  const field = FIELD_LABELS.get(problem.field);
  const message = (IMPORT_ROW_ERRORS as Record<string, { vi: string; en: string }>)[problem.code]?.[locale] ?? problem.code;
  return field ? `${field[locale]}: ${message}` : message;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading jobs

/**
 * Marks failed the jobs whose process stopped. An apply is known dead at once: its transaction holds the job's
 * advisory lock, which PostgreSQL releases when the session ends (a killed server, a lost connection), so an
 * 'applying' job nobody holds the lock of rolled back: it reads failed with 0 applied and may be applied again.
 * Validation runs outside one transaction and is judged by its heartbeat.
 */
async function failStoppedJobs(db: Executor): Promise<void> {
  const interrupted = { code: 'INTERNAL', details: { reason: 'interrupted' } };
  await repo.failDeadApplies(db, interrupted);
  await repo.failStaleJobs(db, new Date(Date.now() - STALE_AFTER_MS), interrupted);
}

/** A job in the caller's write scope, or NOT_FOUND. Jobs whose worker stopped are marked failed first. */
export async function requireJob(db: Executor, caller: Caller, jobId: number): Promise<ImportJobRow> {
  await failStoppedJobs(db);
  const job = await repo.findJobInScope(db, jobId, writeScope(caller));
  if (!job) throw new AppError('NOT_FOUND', { jobId });
  return job;
}

/** A job whose staged rows and file are still kept (`IMPORT_KEEP_DAYS`): its rows, report, validation and apply. */
export async function requireStagedJob(db: Executor, caller: Caller, jobId: number): Promise<ImportJobRow> {
  const job = await requireJob(db, caller, jobId);
  if (job.erased_at) throw new AppError('IMPORT_JOB_ERASED', { erasedOn: todayInVietnam(job.erased_at), keptDays: IMPORT_KEEP_DAYS });
  return job;
}

export async function getImportJob(db: Executor, caller: Caller, jobId: number, locale: Locale): Promise<ImportJob> {
  return toJobView(await requireJob(db, caller, jobId), locale);
}

/**
 * The import jobs of units in the caller's `member.write` scope, newest first, a page at a time (the kernel's cursor:
 * the last job's id). The total (issue 10: every list shows its total) comes with the first page, counted up to
 * LIST_TOTAL_CAP (`totalCapped` when more); later pages carry null.
 */
export async function listImportJobs(db: Executor, caller: Caller, query: ImportJobListQuery, locale: Locale): Promise<ImportJobList> {
  await failStoppedJobs(db);
  const scope = writeScope(caller);
  const limit = query.limit ?? 50;
  const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['number'], 'querystring.cursor')[0];
  const jobs = await repo.listJobsInScope(db, scope, { beforeId, limit: limit + 1, maxHeaders: SHEET_MAX_COLUMNS });
  const counted = query.cursor === undefined ? await repo.countJobsInScope(db, scope, LIST_TOTAL_CAP + 1) : null;
  const page = jobs.slice(0, limit);
  return {
    items: page.map((job) => toJobView(job, locale)),
    nextCursor: jobs.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
    total: counted === null ? null : Math.min(counted, LIST_TOTAL_CAP), totalCapped: counted !== null && counted > LIST_TOTAL_CAP,
  };
}

export function valuesByHeader(job: Pick<ImportJobRow, 'headers'>, raw: readonly string[]): Record<string, string> {
  const headers = job.headers as { index: number; text: string }[];
  const values: Record<string, string> = {};
  headers.forEach((header) => {
    const key = header.text || `#${header.index + 1}`;
    values[key] = raw[header.index] ?? '';
  });
  return values;
}

/**
 * A job's staged rows with their problems, in sheet order, a page at a time (`after`: the last row number served),
 * every row or the invalid ones only. The total is the job's own count of those rows (valid + invalid, or invalid),
 * kept by the validation: exact at any size, read with the job, on every page.
 */
export async function listImportRows(db: Executor, caller: Caller, jobId: number, query: { invalidOnly?: boolean; after?: number; limit?: number }, locale: Locale): Promise<ImportRows> {
  const job = await requireStagedJob(db, caller, jobId);
  const limit = query.limit ?? 100;
  const invalidOnly = query.invalidOnly ?? false;
  const rows = await repo.listRows(db, job.id, { invalidOnly, after: query.after ?? 0, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    total: invalidOnly ? job.invalid_rows : job.valid_rows + job.invalid_rows,
    totalCapped: false,
    items: page.map((row) => ({
      rowNumber: row.row_number,
      values: valuesByHeader(job, row.raw as string[]),
      problems: (row.errors as { field: string; code: string }[]).map((problem) => ({ ...problem, message: problemMessage(problem, locale) })),
      isValid: row.is_valid,
      memberId: row.member_id,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].row_number : null,
  };
}

/**
 * The rows of a job found by a key column of the file (issue 11 item 4): `key` names a header of the file or a
 * mapped field (`resolveLookupColumn`), `value` the cell. Scoped as the job is (NOT_FOUND outside the caller's
 * `member.write` scope); each row says which member it became (`memberId`) or why it failed (`problems`).
 */
export async function findImportRows(db: Executor, caller: Caller, jobId: number, query: ImportRowLookupQuery, locale: Locale): Promise<ImportRowLookup> {
  const job = await requireStagedJob(db, caller, jobId);
  const { headers, column } = lookupColumnOf(job, query.key);
  const limit = query.limit ?? 20;
  const normalized = column.field === 'citizenId' ? 'citizen_id' as const : column.field === 'partyCardNumber' ? 'party_card_number' as const : undefined;
  const rows = await repo.findRowsByCell(db, job.id, { column: column.index, value: query.value, normalized, limit: limit + 1 });
  return {
    column,
    items: rows.slice(0, limit).map((row) => ({
      rowNumber: row.row_number,
      values: valuesByHeader({ headers }, row.raw as string[]),
      problems: (row.errors as { field: string; code: string }[]).map((problem) => ({ ...problem, message: problemMessage(problem, locale) })),
      isValid: row.is_valid,
      memberId: row.member_id,
    })),
    truncated: rows.length > limit,
  };
}

/**
 * Every row's cell in a key column and the member it became, a page at a time (issue 11: after an import, an
 * integrator maps its own ids to cellbase's in a few requests, not a lookup or a full rows page per member). The key
 * is resolved as a lookup's is; scoped as the job is.
 */
export async function listImportRowKeys(db: Executor, caller: Caller, jobId: number, query: ImportRowKeysQuery): Promise<ImportRowKeys> {
  const job = await requireStagedJob(db, caller, jobId);
  const { column } = lookupColumnOf(job, query.key);
  const limit = query.limit ?? IMPORT_ROW_KEYS_PAGE_DEFAULT;
  const rows = await repo.listRowKeys(db, job.id, { column: column.index, after: query.after ?? 0, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    column,
    items: page.map((row) => ({ rowNumber: row.row_number, key: row.key, isValid: row.is_valid, memberId: row.member_id })),
    nextCursor: rows.length > limit ? page[page.length - 1].row_number : null,
  };
}

function lookupColumnOf(job: ImportJobRow, key: string) {
  const headers = Array.isArray(job.headers) ? (job.headers as { index: number; text: string }[]).slice(0, SHEET_MAX_COLUMNS) : [];
  const stored = job.mapping ?? job.proposed_mapping;
  const mapping = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? stored as ImportMapping : null;
  return { headers, column: resolveLookupColumn(headers, mapping, key) };
}

// ---------------------------------------------------------------------------------------------------------------
// Upload

/**
 * Stores an uploaded file for a unit in the caller's write scope as a new job, with a column mapping proposed from
 * its header, once the whole file is checked (a spreadsheet by its bytes, with a header row, within every bound): a
 * file refused stores no job and no journal entry. The file is checked in a reader worker while its parts are written
 * in the job's transaction, which opens once the worker holds its place and commits only with the check's answer
 * (the parts' reference to their job is checked at commit, migration 0056): storing a 7 MB file took 0.1 s after the
 * check's 0.09 s (NOTES.md, "Seventh pass").
 */
export async function uploadImportFile(db: Db, actor: Actor, input: { unitId: number; filename: string; data: Buffer }, locale: Locale): Promise<ImportJob> {
  const unit = await findUnit(db, input.unitId, writeScope(actor.caller));
  if (!unit) throw new AppError('NOT_FOUND', { unitId: input.unitId });
  const format = detectFormat(input.data);
  return withSpreadsheetCheck(input.data, format, IMPORT_MAX_ROWS, (checking) => inTransaction(db, async (tx) => {
    const jobId = await repo.reserveJobId(tx);
    // Both ended before the transaction does: a check that refused the file still lets the parts' statements finish.
    const [stored, checked] = await Promise.allSettled([repo.insertFileParts(tx, jobId, input.data), checking]);
    if (checked.status === 'rejected') throw checked.reason;
    if (stored.status === 'rejected') throw stored.reason;
    const { headerRow, headers, sha256 } = checked.value;
    const created = await repo.insertJob(tx, {
      id: jobId, accountId: actor.caller.accountId, unitId: unit.id, filename: input.filename, format, sizeBytes: input.data.length, sha256,
      headers: headers.map((text, index) => ({ index, text })), headerRow, proposedMapping: proposeMapping(headers),
    });
    await writeJournal(tx, {
      accountId: actor.caller.accountId, action: 'member_import.upload', objectType: 'member_import_job', objectId: created.id,
      unitId: unit.id, effectiveDate: todayInVietnam(), after: { filename: input.filename, format, sizeBytes: input.data.length, sha256: created.sha256 },
      requestId: actor.requestId ?? null,
    });
    // The view is built before the commit: if it cannot be, nothing was stored.
    return toJobView(created, locale);
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

function assertIdle(job: ImportJobRow): void {
  if (job.status === 'validating' || job.status === 'applying') throw new AppError('IMPORT_JOB_BUSY', { status: job.status });
  if (job.status === 'applied') throw new AppError('IMPORT_ALREADY_APPLIED');
}

/**
 * Starts validating a job with the mapping the client confirmed. Returns at once (status 'validating'); the work runs
 * in the background and the client polls the job.
 */
export async function startValidation(db: Db, actor: Actor, jobId: number, input: ImportValidateRequest, locale: Locale): Promise<ImportJob> {
  const claimed = await claimValidation(db, actor, jobId, input);
  const scope = writeScope(actor.caller);
  trackBackgroundWork(runWork(db, claimed.id, () => validateJob(db, claimed, scope).then(() => undefined)));
  return toJobView(claimed, locale);
}

/**
 * Moves a job to 'validating' with the confirmed mapping (committed at once, journaled), after the checks that answer
 * the request: the job idle and at the version the client read, the mapping usable, the date and the decision.
 */
export async function claimValidation(db: Db, actor: Actor, jobId: number, input: ImportValidateRequest): Promise<ImportJobRow> {
  const job = await requireStagedJob(db, actor.caller, jobId);
  assertIdle(job);
  if (job.row_version !== input.expectedRowVersion) throw new AppError('CONFLICT', { rowVersion: job.row_version });
  assertMappingUsable(input.mapping, (job.headers as unknown[]).length);
  const today = todayInVietnam();
  const effectiveDate = input.effectiveDate ?? today;
  if (effectiveDate > today) throw new AppError('DATE_IN_FUTURE', { field: 'effectiveDate', date: effectiveDate });
  // A date before the job's unit existed is the request's mistake, said once, not a date-order problem on every row.
  const unit = await findUnit(db, job.unit_id, writeScope(actor.caller));
  if (unit && effectiveDate < unit.establishedOn) {
    throw new AppError('ORG_DATE_BEFORE_ESTABLISHED', { field: 'effectiveDate', date: effectiveDate, establishedOn: unit.establishedOn });
  }
  if (input.decisionId) await requireUsableDecision(db, actor.caller, input.decisionId, { action: 'member.write' });
  const options = { effectiveDate, decisionId: input.decisionId ?? null };
  return inTransaction(db, async (trx) => {
    const row = await repo.claimJob(trx, job.id, {
      from: ['uploaded', 'validated', 'failed'], to: 'validating', expectedRowVersion: input.expectedRowVersion,
      set: { mapping: JSON.stringify(input.mapping), options: JSON.stringify(options), processed_rows: 0, total_rows: 0, valid_rows: 0, invalid_rows: 0, apply_mode: null },
    });
    if (!row) throw new AppError('CONFLICT');
    await writeJournal(trx, {
      accountId: actor.caller.accountId, action: 'member_import.validate', objectType: 'member_import_job', objectId: job.id, unitId: job.unit_id,
      effectiveDate, decisionId: options.decisionId, after: { mapping: input.mapping }, requestId: actor.requestId ?? null,
    });
    return row;
  });
}

/** Tells the account that started the job that a step finished (validated, applied, failed), in the step's transaction. */
async function noticeJob(trx: Tx, jobId: number, kind: 'import.validated' | 'import.applied' | 'import.failed', errorCode?: string): Promise<void> {
  const job = await repo.jobForNotice(trx, jobId);
  if (!job?.account_id) return;
  await notify(trx, {
    kind, accountIds: [job.account_id], unitId: job.unit_id, objectType: 'member_import_job', objectId: job.id,
    params: { filename: job.filename, validRows: job.valid_rows, invalidRows: job.invalid_rows, appliedRows: job.applied_rows, error: errorCode ?? null },
  });
}

/** How many of the caller's own imports finished a step in the last week (the home page's "imports finished"). */
export async function countRecentlyFinishedImports(db: Executor, caller: Caller, days = 7): Promise<number> {
  return repo.countFinishedJobsOf(db, caller.accountId, writeScope(caller), new Date(Date.now() - days * 24 * 3600 * 1000));
}

/** Refusals the apply has already recorded on the job, in its own transaction (`applyJob`). */
const recordedFailures = new WeakSet<object>();

/** Marks a job failed with the error that stopped its work; nothing of an apply was committed, so 0 applied. */
async function failJob(db: Db, jobId: number, error: unknown): Promise<void> {
  if (error instanceof AppError && recordedFailures.has(error)) return;
  const code = error instanceof AppError ? error.code : (error as { code?: string }).code === '23505' ? 'CONFLICT' : 'INTERNAL';
  const details = error instanceof AppError ? error.details ?? null : null;
  if (!(error instanceof AppError) && code === 'INTERNAL') console.error('member import failed', error);
  await inTransaction(db, async (trx) => {
    await repo.finishJob(trx, jobId, { status: 'failed', error: { code, details }, applied_rows: 0 });
    await noticeJob(trx, jobId, 'import.failed', code);
  }).catch(() => {});
}

/** Runs background work on a job; a failure marks the job failed with its code. */
async function runWork(db: Db, jobId: number, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await failJob(db, jobId, error);
  }
}

/**
 * Validates every row of the job's file: each row on its own, then duplicates inside the file and against the
 * registry, and the cells (in the job's unit subtree and the caller's scope, a cell, not ended, existing on the
 * date). Rows are staged in batches; progress is written after each batch.
 */
export async function validateJob(db: Db, job: ImportJobRow, scope: Scope): Promise<{ valid: number; invalid: number; total: number }> {
  const mapping = importMappingSchema.parse(job.mapping) as ImportMapping;
  const options = job.options as { effectiveDate: string };
  await repo.deleteStagedRows(db, job.id);
  const data = await repo.readJobFile(db, job);
  // The rows are checked and encoded for COPY in the reader worker (`stageRowsInWorker`); this process writes each
  // batch while the worker checks the next, so the database and the worker work at the same time.
  let processed = 0;
  // The registry is probed with each batch's new keys (the citizen IDs and party card numbers its rows held first)
  // while the next batches are checked and written: the probes read `members`, not the staged rows. One batch's
  // probes after another (two connections at most, however slow the database), a failure kept for the end rather
  // than left unhandled meanwhile.
  const taken = { citizenIds: [] as string[], partyCardNumbers: [] as string[] };
  let probing: Promise<void> = Promise.resolve();
  const staged = await stageRowsInWorker(data, job.format, {
    jobId: String(job.id), headerRow: job.header_row, batchRows: IMPORT_BATCH_ROWS, maxRows: IMPORT_MAX_ROWS,
    context: { mapping, effectiveDate: options.effectiveDate, today: todayInVietnam() },
  }, async (chunk) => {
    probing = probing.then(async () => {
      const [citizenIds, partyCardNumbers] = await Promise.all([
        repo.registryKeysTaken(db, 'citizen_id', { keys: chunk.keys.citizenIds }),
        repo.registryKeysTaken(db, 'party_card_number', { keys: chunk.keys.partyCardNumbers }),
      ]);
      taken.citizenIds.push(...citizenIds);
      taken.partyCardNumbers.push(...partyCardNumbers);
    });
    probing.catch(() => undefined);
    await repo.copyStagedText(db, chunk.data);
    processed += chunk.rows;
    await repo.updateJobProgress(db, job.id, { processed_rows: processed });
  });
  if (processed === 0) throw new AppError('IMPORT_NO_ROWS');
  // The checks across the file and against the registry take what the worker saw of the rows (`RowsSeen`), and
  // touch only the rows they mark: a file with nothing to mark is not read back. Their reads (the last probes, the
  // cells looked up) and the staged rows' analyze use other tables than one another: run at once, on connections of
  // the pool (0.12–0.16 s one after another for 50,000 rows; NOTES.md, "Seventh pass"). The rows are then marked one
  // statement after another, in the same order as ever, so a row's problems keep their order.
  const { seen } = staged;
  const [, , units] = await Promise.all([repo.analyzeStagedRows(db), probing, judgeUnits(db, job, scope, seen.unitCodes)]);
  const marked = await repo.markDuplicatesInFile(db, job.id, seen.twice)
    + await repo.markRegistryKeysTaken(db, job.id, 'citizen_id', taken.citizenIds)
    + await repo.markRegistryKeysTaken(db, job.id, 'party_card_number', taken.partyCardNumbers)
    + await markUnitProblems(db, job.id, units);
  const counts = marked === 0 ? { valid: seen.validRows, invalid: staged.rows - seen.validRows, total: staged.rows } : await repo.countValidity(db, job.id);
  await inTransaction(db, async (trx) => {
    await repo.finishJob(trx, job.id, { status: 'validated', total_rows: counts.total, processed_rows: counts.total, valid_rows: counts.valid, invalid_rows: counts.invalid });
    await noticeJob(trx, job.id, 'import.validated');
  });
  return counts;
}

/**
 * The registry's checks again just before applying: the cells (with the caller's scope today) for every row, the
 * duplicates only for the rows found duplicate at validation. A duplicate that appeared since is refused by the
 * members' unique indexes while writing, and reported with the same codes (`writeValidRows`).
 */
export async function recheckBeforeApply(db: Executor, job: Pick<ImportJobRow, 'id' | 'unit_id'>, scope: Scope) {
  await repo.recheckFlaggedRows(db, job.id);
  await checkUnits(db, job, scope, await repo.jobUnitCodes(db, job.id));
  return repo.countValidity(db, job.id);
}

/**
 * The cells the rows name (`named`: each code with the earliest date a row is recorded there): in the job's unit and
 * the caller's scope, a cell, not ended, existing on the date. Only the rows of a code with a problem are touched.
 * Returns how many rows were marked.
 */
async function checkUnits(db: Executor, job: Pick<ImportJobRow, 'id' | 'unit_id'>, scope: Scope,
  named: readonly UnitCodeNamed[]): Promise<number> {
  return markUnitProblems(db, job.id, await judgeUnits(db, job, scope, named));
}

/** The codes of `named` (see `checkUnits`) with a problem, by problem; read only, nothing marked. */
async function judgeUnits(db: Executor, job: Pick<ImportJobRow, 'id' | 'unit_id'>, scope: Scope, named: readonly UnitCodeNamed[]) {
  const jobUnit = await findUnit(db, job.unit_id, scope);
  const units = jobUnit ? await repo.unitsForCodes(db, named.map((unit) => unit.code), jobUnit.scopePath, scope) : [];
  const found = new Set(units.map((unit) => unit.code));
  const earliest = new Map(named.map((unit) => [unit.code, unit.earliest]));
  const isCell = (unit: repo.UnitForCode) => (CELL_KINDS as readonly string[]).includes(unit.kind ?? '');
  return {
    notFound: named.filter((unit) => !found.has(unit.code)).map((unit) => unit.code),
    ended: units.filter((unit) => unit.endedOn !== null).map((unit) => unit.code),
    notCells: units.filter((unit) => unit.endedOn === null && !isCell(unit)).map((unit) => unit.code),
    // An open cell established after the earliest date a row is recorded at it: some of its rows come before it.
    tooEarly: units.filter((unit) => {
      const date = earliest.get(unit.code) ?? null;
      return unit.endedOn === null && isCell(unit) && date !== null && date < unit.establishedOn;
    }),
  };
}

/** Marks the rows of the codes `judgeUnits` found a problem with; returns how many rows were marked. */
async function markUnitProblems(db: Executor, jobId: number, judged: Awaited<ReturnType<typeof judgeUnits>>): Promise<number> {
  return await repo.markUnitProblem(db, jobId, judged.notFound, 'unit_not_found')
    + await repo.markUnitProblem(db, jobId, judged.ended, 'unit_ended')
    + await repo.markUnitProblem(db, jobId, judged.notCells, 'unit_not_a_cell')
    + await repo.markBeforeEstablished(db, jobId, judged.tooEarly);
}

// ---------------------------------------------------------------------------------------------------------------
// Apply

/**
 * Applies a validated job. The registry checks run again first (with the caller's scope today); with mode 'all' a
 * single bad row refuses the whole job (IMPORT_HAS_INVALID_ROWS, nothing applied); with 'valid_only' the good rows
 * are applied and the bad ones stay in the report. Returns at once (status 'applying'); the work runs in the
 * background in one transaction.
 */
export async function startApply(db: Db, actor: Actor, jobId: number, input: ImportApplyRequest, locale: Locale): Promise<ImportJob> {
  const job = await requireStagedJob(db, actor.caller, jobId);
  assertIdle(job);
  // An apply that failed (its transaction rolled back, e.g. the server was killed) may run again: its rows are staged.
  const retry = job.status === 'failed' && job.apply_mode !== null;
  if (job.status !== 'validated' && !retry) throw new AppError('IMPORT_NOT_VALIDATED', { status: job.status });
  if (job.row_version !== input.expectedRowVersion) throw new AppError('CONFLICT', { rowVersion: job.row_version });
  const counts = await inTransaction(db, (trx) => recheckBeforeApply(trx, job, writeScope(actor.caller)));
  if (counts.total === 0) {
    // The staged rows are working data (an unlogged table): after a server crash they must be rebuilt.
    await repo.finishJob(db, job.id, { status: 'uploaded', total_rows: 0, processed_rows: 0, valid_rows: 0, invalid_rows: 0, applied_rows: 0 });
    throw new AppError('IMPORT_NOT_VALIDATED', { reason: 'staged_rows_lost' });
  }
  if (counts.invalid !== job.invalid_rows || counts.valid !== job.valid_rows) {
    await repo.updateJobCounts(db, job.id, { valid_rows: counts.valid, invalid_rows: counts.invalid });
  }
  if (input.mode === 'all' && counts.invalid > 0) throw new AppError('IMPORT_HAS_INVALID_ROWS', { invalidRows: counts.invalid, validRows: counts.valid });
  if (counts.valid === 0) throw new AppError('IMPORT_NO_VALID_ROWS', { invalidRows: counts.invalid });
  // The job is claimed inside the apply's transaction once it holds the job's lock, so that a job never reads
  // 'applying' without a live session behind it. The request waits for the claim, not for the apply.
  let onClaimed!: (row: ImportJobRow) => void;
  let onRefused!: (error: unknown) => void;
  const claim = new Promise<ImportJobRow>((resolve, reject) => { onClaimed = resolve; onRefused = reject; });
  let claimed = false;
  const work = applyJob(db, { ...job, apply_mode: input.mode }, {
    actor, reason: input.reason ?? null,
    claim: { from: retry ? ['failed'] : ['validated'], expectedRowVersion: input.expectedRowVersion, onClaimed: (row) => { claimed = true; onClaimed(row); } },
  });
  trackBackgroundWork(work.then(() => undefined, async (error) => {
    if (claimed) await failJob(db, job.id, error);
    else onRefused(error);
  }));
  return toJobView(await claim, locale);
}

/**
 * Writes the valid rows of a job: members, registration events (with the job's decision and each row's effective
 * date) and official placements, in batches inside one transaction, with one journal entry per batch and unit, then
 * the job's own entry. Either every valid row is written or none.
 */
export async function applyJob(db: Db, job: ImportJobRow, input: {
  actor: Actor; reason: string | null;
  /** Moves the job to 'applying' once the lock is held (without it the caller has already set the status). */
  claim?: { from: readonly string[]; expectedRowVersion: number; onClaimed(row: ImportJobRow): void };
}): Promise<number> {
  const options = job.options as { effectiveDate: string; decisionId: number | null };
  const accountId = input.actor.caller.accountId;
  let refusal: AppError | null = null;
  const applied = await inTransaction(db, async (trx) => {
    // Held until this transaction ends, however it ends: the sign that the apply is alive (failStoppedJobs).
    if (!(await repo.tryLockJobForApply(trx, job.id))) throw new AppError('IMPORT_JOB_BUSY', { status: 'applying' });
    if (input.claim) {
      // Through the pool, committed at once: pollers see 'applying' while the lock is held.
      const row = await repo.claimJob(db, job.id, {
        from: input.claim.from, to: 'applying', expectedRowVersion: input.claim.expectedRowVersion, set: { apply_mode: job.apply_mode, applied_rows: 0 },
      });
      if (!row) throw new AppError('CONFLICT');
      input.claim.onClaimed(row);
    }
    // Only an apply of every row may have to undo what it wrote (a duplicate since validation).
    if (job.apply_mode === 'all') await repo.savepoint(trx, 'import_apply');
    try {
      return await writeJob(db, trx, job, { ...input, accountId, options });
    } catch (error) {
      if (!(error instanceof DuplicatesSinceValidation)) throw error;
      // 'all' and a row became a duplicate since validation: every row written is rolled back and the rows are
      // marked, as validation would mark them, so that the report lists them. The job fails in this transaction,
      // while its lock is held: a poll never sees it 'applying' without a live apply (which reads as interrupted).
      await repo.rollbackToSavepoint(trx, 'import_apply');
      await repo.markRegistryDuplicates(trx, job.id);
      const counts = await repo.countValidity(trx, job.id);
      refusal = new AppError('IMPORT_HAS_INVALID_ROWS', { invalidRows: counts.invalid, validRows: counts.valid });
      await repo.updateJobCounts(trx, job.id, { valid_rows: counts.valid, invalid_rows: counts.invalid });
      await repo.finishJob(trx, job.id, { status: 'failed', error: { code: refusal.code, details: refusal.details }, applied_rows: 0 });
      await noticeJob(trx, job.id, 'import.failed', refusal.code);
      return 0;
    }
  });
  if (refusal) {
    recordedFailures.add(refusal);
    throw refusal;
  }
  return applied;
}

/** The writes of an apply, in its transaction: the rows, the journal, the job's end. */
async function writeJob(db: Db, trx: Tx, job: ImportJobRow, input: {
  actor: Actor; reason: string | null; accountId: number; options: { effectiveDate: string; decisionId: number | null };
}): Promise<number> {
  const { accountId, options } = input;
  let progress = 0;
  const written = await writeValidRows(trx, job, { accountId, reason: input.reason }, async (batch, byUnit) => {
    const entries: JournalEntry[] = byUnit.map((group) => ({
      accountId, action: 'member.import_batch', objectType: 'member_import_job', objectId: job.id, unitId: group.unit_id,
      effectiveDate: group.effective_date, decisionId: options.decisionId, reason: input.reason,
      after: { batch, rows: group.row_numbers, memberIds: group.member_ids, count: group.member_ids.length },
      requestId: input.actor.requestId ?? null,
    }));
    progress += entries.reduce((sum, entry) => sum + (entry.after as { count: number }).count, 0);
    await writeJournalMany(trx, entries);
    // Progress goes through the pool, outside the transaction, so that pollers see it; the job row is not locked here.
    // It counts rows written in the open transaction: the view shows them as being applied, not applied.
    await repo.updateJobProgress(db, job.id, { applied_rows: progress });
  });
  const applied = written.rows;
  await analyzeRegistryAfterLoad(trx, applied);
  await writeJournal(trx, {
    accountId, action: 'member_import.apply', objectType: 'member_import_job', objectId: job.id, unitId: job.unit_id,
    effectiveDate: options.effectiveDate, decisionId: options.decisionId, reason: input.reason,
    after: { applied, mode: job.apply_mode, filename: job.filename, sha256: job.sha256 }, requestId: input.actor.requestId ?? null,
  });
  // Rows found duplicate while writing now count as invalid.
  const counts = written.markedRows > 0 ? await repo.countValidity(trx, job.id) : null;
  await repo.finishJob(trx, job.id, { status: 'applied', applied_rows: applied, ...(counts ? { valid_rows: counts.valid, invalid_rows: counts.invalid } : {}) });
  await noticeJob(trx, job.id, 'import.applied');
  return applied;
}

/**
 * One step of the daily erasure: the staged rows and the file of up to `limit` jobs ended (or left untouched) more
 * than `IMPORT_KEEP_DAYS` before `today`, each journaled by the system with what was erased. Returns the jobs erased.
 */
export async function eraseEndedImports(tx: Tx, today: string, limit: number): Promise<number> {
  const before = new Date(Date.parse(`${today}T00:00:00+07:00`) - IMPORT_KEEP_DAYS * 86_400_000);
  const jobs = await repo.lockJobsToErase(tx, before, limit);
  const entries: JournalEntry[] = [];
  for (const job of jobs) {
    const rows = await repo.eraseJobData(tx, job.id);
    entries.push({
      accountId: null, action: 'member_import.erase', objectType: 'member_import_job', objectId: job.id, unitId: job.unit_id,
      effectiveDate: today, reason: `Hết thời hạn lưu ${IMPORT_KEEP_DAYS} ngày sau khi kết thúc đợt nhập`,
      after: { status: job.status, filename: job.filename, stagedRows: rows, fileBytes: job.size_bytes, keptDays: IMPORT_KEEP_DAYS },
    });
  }
  await writeJournalMany(tx, entries);
  return jobs.length;
}

/** In an apply of mode 'all', a row whose citizen ID or party card another member took since validation. */
class DuplicatesSinceValidation extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/**
 * Writes the job's valid rows, `batchRows` (IMPORT_BATCH_ROWS) per statement, through the member registry's bulk
 * writer (members, registration events with the job's decision, official placements), noting each row's member.
 * `onBatch` receives each batch's members by cell (the apply journals them and reports progress).
 *
 * The duplicates are not looked up again before writing: the members' unique indexes refuse a citizen ID or party
 * card another member took since validation. Each batch runs under a savepoint; refused, it is rolled back to it,
 * its rows are checked against the registry (marked `citizen_id_exists` / `party_card_exists`, as validation marks
 * them) and, in mode 'valid_only', it is written again without them; in mode 'all' the apply stops.
 * Returns the members written and the rows marked so.
 */
export async function writeValidRows(trx: Tx, job: Pick<ImportJobRow, 'id' | 'options' | 'apply_mode'>, input: { accountId: number; reason: string | null; batchRows?: number },
  onBatch?: (batch: number, byUnit: repo.AppliedGroup[]) => Promise<void>): Promise<{ rows: number; markedRows: number }> {
  const options = job.options as { decisionId: number | null };
  const batchRows = input.batchRows ?? IMPORT_BATCH_ROWS;
  await repo.prepareApplyTransaction(trx);
  const rowNumbers = await repo.validRowNumbers(trx, job.id);
  let written = 0;
  let markedRows = 0;
  for (let start = 0; start < rowNumbers.length; start += batchRows) {
    const slice = rowNumbers.slice(start, start + batchRows);
    const range = { jobId: job.id, fromRow: slice[0], toRow: slice[slice.length - 1], accountId: input.accountId, decisionId: options.decisionId, reason: input.reason };
    let byUnit: repo.AppliedGroup[] | null = null;
    while (byUnit === null) {
      await repo.savepoint(trx);
      try {
        byUnit = await repo.applyRowRange(trx, range);
        await repo.releaseSavepoint(trx);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await repo.rollbackToSavepoint(trx);
        const marked = await repo.markRegistryDuplicates(trx, job.id, { from: range.fromRow, to: range.toRow });
        // Not a member the registry holds (another apply not yet committed): the refusal stands (CONFLICT).
        if (marked === 0) throw error;
        if (job.apply_mode === 'all') throw new DuplicatesSinceValidation();
        markedRows += marked;
      }
    }
    written += byUnit.reduce((sum, group) => sum + group.member_ids.length, 0);
    await onBatch?.(start / batchRows + 1, byUnit);
  }
  return { rows: written, markedRows };
}


// ---------------------------------------------------------------------------------------------------------------
// Template and error report

/**
 * The template's cell sheet lists at most this many cells: more than the largest province holds (the demo province
 * has ≈4,800), while the workbook is still built in about a second on the request thread. An officer of the centre
 * chooses a unit, and the sheet lists that unit's cells.
 */
export const TEMPLATE_CELLS_MAX = 20_000;

/**
 * The import template, listing the open cells of the caller's write scope, or of the chosen unit's subtree inside it
 * (a unit outside is NOT_FOUND), each with where it is (many cells share a name).
 */
export async function buildImportTemplate(db: Executor, caller: Caller, unitId?: number): Promise<Buffer> {
  const scope = writeScope(caller);
  let underPath: string | undefined;
  if (unitId !== undefined) {
    const unit = await findUnit(db, unitId, scope);
    if (!unit) throw new AppError('NOT_FOUND', { unitId });
    underPath = unit.scopePath;
  }
  const cells = await repo.cellsInScope(db, scope, CELL_KINDS, TEMPLATE_CELLS_MAX, underPath);
  const places = await unitPlaces(db, cells.map((cell) => cell.id), todayInVietnam());
  return buildTemplate(cells.map((cell) => ({ code: cell.code, name: cell.name, place: (places.get(cell.id)?.above ?? []).join(PLACE_SEPARATOR) })));
}

/** The bad rows of a job as an .xlsx stream: the original columns plus an error column. */
export async function streamImportReport(db: Executor, caller: Caller, jobId: number, locale: Locale): Promise<{ filename: string; stream: NodeJS.ReadableStream }> {
  const job = await requireStagedJob(db, caller, jobId);
  if (job.status === 'uploaded' || job.status === 'validating') throw new AppError('IMPORT_NOT_VALIDATED', { status: job.status });
  const headers = (job.headers as { index: number; text: string }[]).map((header) => header.text || `#${header.index + 1}`);
  async function* pages() {
    for await (const rows of repo.invalidRowPages(db, job.id, IMPORT_BATCH_ROWS)) {
      yield rows.map((row) => ({
        cells: row.raw as string[],
        problems: (row.errors as { field: string; code: string }[]).map((problem) => problemMessage(problem, locale)).join('; '),
      }));
    }
  }
  const base = job.filename.replace(/\.(xlsx|csv)$/i, '');
  return { filename: `${base}-loi.xlsx`, stream: streamErrorReport(headers, pages()) };
}
