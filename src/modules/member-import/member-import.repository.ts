/**
 * Kysely and SQL of the import: jobs, staged rows, the checks across rows and against the registry (in bulk, one
 * statement per check), and the staged rows' selection for the member registry's bulk writer.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Selectable } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { withPoolClient } from '../../db/database.ts';
import { readFileParts, writeFileParts } from '../../db/file-parts.ts';
import { escapeLike } from '../../access/scope.ts';
import { pathInScope, scopeIsEmpty, type Db, type Executor, type Scope, type Tx } from '../../kernel/index.ts';
import { registerMembersInBulk } from '../members/index.ts';
import type { ImportRowErrorCode } from '../../contracts/member-import.ts';
import type { MemberImportJobsTable } from './member-import.tables.ts';
import type { UnitCodeNamed } from './row-validation.ts';
import { COPY_STAGED_ROWS } from './staged-rows.ts';

export type ImportJobRow = Selectable<MemberImportJobsTable>;

const JOB_COLUMNS = [
  'id', 'account_id', 'unit_id', 'status', 'filename', 'format', 'size_bytes', 'sha256', 'headers', 'header_row', 'proposed_mapping',
  'mapping', 'options', 'total_rows', 'processed_rows', 'valid_rows', 'invalid_rows', 'applied_rows', 'apply_mode', 'error',
  'heartbeat_at', 'row_version', 'created_at', 'updated_at', 'finished_at', 'erased_at',
] as const;

/** A new job's id, taken before its row is written (its file's parts are written first, under it). */
export async function reserveJobId(db: Executor): Promise<number> {
  const result = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('member_import_jobs', 'id'))::text as id`.execute(db);
  return Number(result.rows[0].id);
}

export async function insertJob(db: Executor, values: {
  id: number; accountId: number; unitId: number; filename: string; format: 'xlsx' | 'csv'; sizeBytes: number; sha256: string;
  headers: { index: number; text: string }[]; headerRow: number; proposedMapping: unknown;
}): Promise<ImportJobRow> {
  return db.insertInto('member_import_jobs').values({
    id: values.id, account_id: values.accountId, unit_id: values.unitId, status: 'uploaded', filename: values.filename, format: values.format,
    size_bytes: values.sizeBytes, sha256: values.sha256, headers: JSON.stringify(values.headers),
    header_row: values.headerRow, proposed_mapping: JSON.stringify(values.proposedMapping), mapping: null, apply_mode: null,
    error: null, heartbeat_at: null, finished_at: null,
  }).returning(JOB_COLUMNS).executeTakeFirstOrThrow();
}

/** A job whose unit lies in the scope (else undefined: not found). */
export async function findJobInScope(db: Executor, jobId: number, scope: Scope): Promise<ImportJobRow | undefined> {
  return db.selectFrom('member_import_jobs as j')
    .innerJoin('org_units as u', 'u.id', 'j.unit_id')
    .select(JOB_COLUMNS.map((column) => `j.${column}` as const))
    .where('j.id', '=', jobId)
    .where(pathInScope('u.scope_path', scope))
    .executeTakeFirst();
}

export async function findJob(db: Executor, jobId: number): Promise<ImportJobRow | undefined> {
  return db.selectFrom('member_import_jobs').select(JOB_COLUMNS).where('id', '=', jobId).executeTakeFirst();
}

/**
 * The newest jobs in the scope. The stored header list is cut to the column bound in SQL: a job stored before the
 * bound could carry thousands of headers, and the list must not read them all.
 */
export async function listJobsInScope(db: Executor, scope: Scope, input: { beforeId?: number; limit: number; maxHeaders: number }): Promise<ImportJobRow[]> {
  const { maxHeaders } = input;
  let query = db.selectFrom('member_import_jobs as j')
    .innerJoin('org_units as u', 'u.id', 'j.unit_id')
    .select(JOB_COLUMNS.filter((column) => column !== 'headers').map((column) => `j.${column}` as const))
    .select(sql<unknown>`case when jsonb_typeof(j.headers) = 'array' and jsonb_array_length(j.headers) > ${maxHeaders}::int
      then jsonb_path_query_array(j.headers, ${`$[0 to ${maxHeaders - 1}]`}::jsonpath) else j.headers end`.as('headers'))
    .where(pathInScope('u.scope_path', scope));
  if (input.beforeId !== undefined) query = query.where('j.id', '<', input.beforeId);
  return query.orderBy('j.id', 'desc').limit(input.limit).execute();
}

/**
 * How many jobs lie in the scope (the list's condition, no cursor), counted up to `cap`: the scope's units through
 * `org_units_scope_path_pattern`, their jobs through `member_import_jobs_unit`.
 */
export async function countJobsInScope(db: Executor, scope: Scope, cap: number): Promise<number> {
  const matching = db.selectFrom('member_import_jobs as j').innerJoin('org_units as u', 'u.id', 'j.unit_id')
    .select(sql<number>`1`.as('one')).where(pathInScope('u.scope_path', scope)).limit(cap);
  const row = await db.selectFrom(matching.as('m')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores a job's file in parts of 1 MB, one statement each (`writeFileParts`, migration 0053). */
export async function insertFileParts(db: Executor, jobId: number, data: Buffer): Promise<void> {
  await writeFileParts(db, 'member_import_file_parts', jobId, data);
}

/**
 * The stored file, as stored: its parts in order through one binary COPY (`readFileParts`), their bytes raw on the
 * wire. 15–23 ms for the benchmark's 7 MB CSV, against 0.21–0.23 s read as base64 in 4 MB slices; no turn of the event
 * loop handles more than a chunk of the socket.
 */
export async function readJobFile(db: Db, job: Pick<ImportJobRow, 'id' | 'size_bytes'>): Promise<Buffer> {
  return readFileParts(db, 'member_import_file_parts', job.id, job.size_bytes);
}

/**
 * Moves a job to a working status only if it is in one of `from` at the version the caller read: the guard that
 * lets exactly one request start work on a job.
 */
export async function claimJob(db: Executor, jobId: number, input: {
  from: readonly string[]; to: 'validating' | 'applying'; expectedRowVersion: number; set?: Record<string, unknown>;
}): Promise<ImportJobRow | undefined> {
  return db.updateTable('member_import_jobs')
    .set({ ...(input.set ?? {}), status: input.to, error: null, heartbeat_at: new Date(), updated_at: new Date(), finished_at: null, row_version: sql`row_version + 1` })
    .where('id', '=', jobId)
    .where('status', 'in', [...input.from] as never)
    .where('row_version', '=', input.expectedRowVersion)
    .returning(JOB_COLUMNS)
    .executeTakeFirst();
}

export async function updateJobProgress(db: Executor, jobId: number, values: { processed_rows?: number; total_rows?: number; applied_rows?: number }): Promise<void> {
  await db.updateTable('member_import_jobs').set({ ...values, heartbeat_at: new Date(), updated_at: new Date() }).where('id', '=', jobId).execute();
}

/** Corrects the job's counts after the registry checks ran again (before an apply). */
export async function updateJobCounts(db: Executor, jobId: number, values: { valid_rows: number; invalid_rows: number }): Promise<void> {
  await db.updateTable('member_import_jobs').set(values).where('id', '=', jobId).execute();
}

export async function finishJob(db: Executor, jobId: number, values: {
  status: 'validated' | 'applied' | 'failed' | 'uploaded'; error?: unknown; valid_rows?: number; invalid_rows?: number; applied_rows?: number;
  total_rows?: number; processed_rows?: number;
}): Promise<void> {
  const { error, ...rest } = values;
  await db.updateTable('member_import_jobs')
    .set({ ...rest, error: error === undefined ? null : JSON.stringify(error), heartbeat_at: null, updated_at: new Date(), finished_at: new Date(), row_version: sql`row_version + 1` })
    .where('id', '=', jobId)
    .execute();
}

/**
 * The first key of the advisory lock an apply's transaction holds on its job (the second is the job id): 'CBMI', a
 * constant of this module so that no other lock of the database shares it.
 */
export const APPLY_LOCK_CLASS = 0x43424d49;

/** Takes the job's apply lock for the transaction; false when another session holds it (an apply is running). */
export async function tryLockJobForApply(trx: Executor, jobId: number): Promise<boolean> {
  const result = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${APPLY_LOCK_CLASS}::int, ${jobId}::int) as locked`.execute(trx);
  return result.rows[0].locked;
}

/**
 * Jobs that read 'applying' while no session holds their apply lock: the applying process or its connection died and
 * the transaction rolled back. Marked failed at once, with 0 applied (nothing was committed).
 */
export async function failDeadApplies(db: Executor, error: unknown): Promise<void> {
  await sql`
    update member_import_jobs j
    set status = 'failed', error = ${JSON.stringify(error)}::jsonb, applied_rows = 0, heartbeat_at = null, finished_at = now(),
      updated_at = now(), row_version = row_version + 1
    where j.status = 'applying'
      and not exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.classid = ${APPLY_LOCK_CLASS}::int::oid
                      and l.objid = j.id::int::oid and l.objsubid = 2)`.execute(db);
}

/** Working jobs whose process stopped refreshing them: marked failed so they can be retried. */
export async function failStaleJobs(db: Executor, staleBefore: Date, error: unknown): Promise<void> {
  await db.updateTable('member_import_jobs')
    .set({ status: 'failed', error: JSON.stringify(error), applied_rows: 0, heartbeat_at: null, finished_at: new Date(), updated_at: new Date(), row_version: sql`row_version + 1` })
    .where('status', 'in', ['validating', 'applying'])
    .where('heartbeat_at', '<', staleBefore)
    .execute();
}

/**
 * Ended jobs not yet erased whose last change is older than `before`, oldest first, locked: a job a request is
 * claiming (its row locked) is skipped and taken the next day. Working jobs ('validating', 'applying') are never taken.
 */
export async function lockJobsToErase(tx: Tx, before: Date, limit: number): Promise<Pick<ImportJobRow, 'id' | 'unit_id' | 'status' | 'filename' | 'size_bytes'>[]> {
  const result = await sql<Pick<ImportJobRow, 'id' | 'unit_id' | 'status' | 'filename' | 'size_bytes'>>`
    select id, unit_id, status, filename, size_bytes from member_import_jobs
    where erased_at is null and status not in ('validating', 'applying') and greatest(updated_at, finished_at) < ${before}
    order by greatest(updated_at, finished_at), id
    limit ${limit}
    for update skip locked`.execute(tx);
  return result.rows;
}

/** Erases a job's staged rows and file; the job keeps its counts and is marked erased. Returns the rows erased. */
export async function eraseJobData(tx: Tx, jobId: number): Promise<number> {
  const rows = await tx.deleteFrom('member_import_rows').where('job_id', '=', jobId).executeTakeFirst();
  await tx.deleteFrom('member_import_file_parts').where('job_id', '=', jobId).execute();
  await tx.updateTable('member_import_jobs')
    .set({ erased_at: new Date(), updated_at: new Date(), row_version: sql`row_version + 1` })
    .where('id', '=', jobId).execute();
  return Number(rows.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------------------------
// Staged rows

export async function deleteStagedRows(db: Executor, jobId: number): Promise<void> {
  await db.deleteFrom('member_import_rows').where('job_id', '=', jobId).execute();
}

/**
 * Stages rows already checked and encoded (`stagedRowLine`, `StagedBatch`) through COPY into the typed columns, on a
 * connection of the pool (COPY is not a Kysely statement). The table has no index but its key.
 */
export async function copyStagedText(db: Db, text: string | Buffer): Promise<void> {
  if (text.length === 0) return;
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  await withPoolClient(db, (client) => pipeline(Readable.from([data]), client.query(copyFrom(COPY_STAGED_ROWS))));
}

/**
 * Refreshes the planner's statistics of the staged rows once a file is staged. The checks across the file join the
 * job's rows with themselves; planned on statistics from before a 100,000-row file arrived, such a join ran as a
 * nested loop over the whole table and took minutes.
 */
export async function analyzeStagedRows(db: Executor): Promise<void> {
  // Through the owner's function (migration 0048): before PostgreSQL 17 the application's role may not analyze it.
  await sql`select member_import_rows_analyze()`.execute(db);
}

function problemJson(field: string, code: ImportRowErrorCode) {
  return JSON.stringify([{ field, code }]);
}

/**
 * Marks every row holding one of the citizen IDs or party card numbers the file holds more than once (found while its
 * rows were checked: `KeysSeenTwice`). Nothing to mark, no statement: two scans of the job's rows cost 0.6 s for
 * 50,000 rows, most files having no duplicate at all.
 */
export async function markDuplicatesInFile(db: Executor, jobId: number, twice: { citizenIds: readonly string[]; partyCardNumbers: readonly string[] }): Promise<number> {
  let marked = 0;
  if (twice.citizenIds.length > 0) {
    const result = await sql`
      update member_import_rows r set errors = r.errors || ${problemJson('citizenId', 'citizen_id_duplicate_in_file')}::jsonb, is_valid = false
      where r.job_id = ${jobId} and r.citizen_id = any (${twice.citizenIds}::text[])`.execute(db);
    marked += Number(result.numAffectedRows ?? 0);
  }
  if (twice.partyCardNumbers.length > 0) {
    const result = await sql`
      update member_import_rows r set errors = r.errors || ${problemJson('partyCardNumber', 'party_card_duplicate_in_file')}::jsonb, is_valid = false
      where r.job_id = ${jobId} and r.party_card_number = any (${twice.partyCardNumbers}::text[])`.execute(db);
    marked += Number(result.numAffectedRows ?? 0);
  }
  return marked;
}

/** The registry's two keys an import row carries, each with the field and the problem it marks. */
export const REGISTRY_KEYS = {
  citizen_id: { field: 'citizenId', code: 'citizen_id_exists' },
  party_card_number: { field: 'partyCardNumber', code: 'party_card_exists' },
} as const satisfies Record<string, { field: string; code: ImportRowErrorCode }>;
export type RegistryKey = keyof typeof REGISTRY_KEYS;

/**
 * The keys of one kind (citizen IDs or party card numbers) another member already has, among the given ones or the
 * job's staged rows (all, or those numbered in a range). The registry is probed with them as one array through its
 * unique index: as a join, the planner scanned every member of a province-sized registry (1.1 s for 20,000 rows), and
 * a registry of millions must never be scanned for a file. Given keys (every key of the file, as its rows were
 * checked) are taken as they are: a probe with 50,000 keys takes 0.03–0.05 s, most of it sending them; reading them
 * back from the staged rows is a scan of the staging table.
 */
export async function registryKeysTaken(db: Executor, column: RegistryKey,
  from: { keys: readonly string[] } | { jobId: number; rows?: { from: number; to: number } }): Promise<string[]> {
  const key = (alias: string) => sql.ref(`${alias}.${column}`);
  if ('keys' in from && from.keys.length === 0) return [];
  // Given keys go in as a subquery's result: as a constant array the planner estimated each of 50,000 keys against
  // the column's statistics, 0.1 s a probe before it ran.
  const fileKeys = 'keys' in from ? sql`array(select unnest(${from.keys}::text[]))`
    : sql`array(select ${key('x')} from member_import_rows x where x.job_id = ${from.jobId}
        ${from.rows ? sql`and x.row_number between ${from.rows.from} and ${from.rows.to}` : sql``} and ${key('x')} is not null)`;
  const taken = await sql<{ key: string }>`
    select ${key('m')} as key from members m where ${key('m')} is not null and ${key('m')} = any (${fileKeys})`.execute(db);
  return taken.rows.map((row) => row.key);
}

/** Marks the job's rows (all, or those numbered in a range) holding one of the `taken` keys; returns how many. */
export async function markRegistryKeysTaken(db: Executor, jobId: number, column: RegistryKey, taken: readonly string[],
  rows?: { from: number; to: number }): Promise<number> {
  if (taken.length === 0) return 0;
  const { field, code } = REGISTRY_KEYS[column];
  const result = await sql`
    update member_import_rows r set registry_errors = r.registry_errors || ${problemJson(field, code)}::jsonb, is_valid = false
    where r.job_id = ${jobId} ${rows ? sql`and r.row_number between ${rows.from} and ${rows.to}` : sql``}
      and ${sql.ref(`r.${column}`)} = any (${taken}::text[])
      and not r.registry_errors @> ${problemJson(field, code)}::jsonb`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Marks the job's rows (all, or those numbered in a range) whose citizen ID or party card number another member
 * already has (`registryKeysTaken`, then `markRegistryKeysTaken`); returns how many.
 */
export async function markRegistryDuplicates(db: Executor, jobId: number, rows?: { from: number; to: number }): Promise<number> {
  let marked = 0;
  for (const column of Object.keys(REGISTRY_KEYS) as RegistryKey[]) {
    marked += await markRegistryKeysTaken(db, jobId, column, await registryKeysTaken(db, column, { jobId, rows }), rows);
  }
  return marked;
}

/**
 * Before an apply: the rows that carry a problem against the registry get it computed again (a citizen ID or party
 * card another member has, the cell's problems dropped to be checked again after). Only those rows: for the others
 * the members' unique indexes refuse a duplicate that appeared since validation (the apply catches it).
 */
export async function recheckFlaggedRows(db: Executor, jobId: number): Promise<void> {
  await sql`
    update member_import_rows r set registry_errors = f.problems, is_valid = (r.errors = '[]'::jsonb and f.problems = '[]'::jsonb)
    from (
      select x.row_number,
        case when x.citizen_id is not null and exists (select 1 from members m where m.citizen_id = x.citizen_id)
          then ${problemJson('citizenId', 'citizen_id_exists')}::jsonb else '[]'::jsonb end
        || case when x.party_card_number is not null and exists (select 1 from members m where m.party_card_number = x.party_card_number)
          then ${problemJson('partyCardNumber', 'party_card_exists')}::jsonb else '[]'::jsonb end as problems
      from member_import_rows x where x.job_id = ${jobId} and x.registry_errors <> '[]'::jsonb
    ) f
    where r.job_id = ${jobId} and r.row_number = f.row_number`.execute(db);
}

export interface UnitForCode {
  code: string;
  id: number;
  kind: string | null;
  endedOn: string | null;
  establishedOn: string;
}

/** Each unit code the job's rows name, with the earliest date a row with a registration is recorded there. */
export async function jobUnitCodes(db: Executor, jobId: number): Promise<UnitCodeNamed[]> {
  const result = await sql<UnitCodeNamed>`
    select unit_code as code, min(effective_date)::text as earliest from member_import_rows
    where job_id = ${jobId} and unit_code is not null group by unit_code`.execute(db);
  return result.rows;
}

/** The units of these codes that lie inside `withinPath` and the scope (others: not found). */
export async function unitsForCodes(db: Executor, codes: readonly string[], withinPath: string, scope: Scope): Promise<UnitForCode[]> {
  if (codes.length === 0) return [];
  const result = await sql<{ code: string; id: number; kind: string | null; ended_on: string | null; established_on: string }>`
    select u.code, u.id, u.ended_on, u.established_on,
      (select v.kind from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null order by v.valid_from desc limit 1) as kind
    from org_units u
    where u.code = any (${codes}::text[])
      and u.scope_path like ${escapeLike(withinPath) + '%'}
      and ${pathInScope('u.scope_path', scope)}`.execute(db);
  return result.rows.map((row) => ({ code: row.code, id: row.id, kind: row.kind, endedOn: row.ended_on, establishedOn: row.established_on }));
}

/** Marks the rows whose unit code is in `codes` with one problem; returns how many. */
export async function markUnitProblem(db: Executor, jobId: number, codes: readonly string[], code: ImportRowErrorCode): Promise<number> {
  if (codes.length === 0) return 0;
  const result = await sql`
    update member_import_rows r set registry_errors = r.registry_errors || ${problemJson('unitCode', code)}::jsonb, is_valid = false
    where r.job_id = ${jobId} and r.unit_code = any(${codes}::text[])`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Marks rows recorded at a cell before the cell was established; returns how many. */
export async function markBeforeEstablished(db: Executor, jobId: number, units: readonly UnitForCode[]): Promise<number> {
  if (units.length === 0) return 0;
  const result = await sql`
    update member_import_rows r set registry_errors = r.registry_errors || ${problemJson('unitCode', 'unit_not_yet_established')}::jsonb, is_valid = false
    from unnest(${units.map((unit) => unit.code)}::text[], ${units.map((unit) => unit.establishedOn)}::date[]) as u(code, established_on)
    where r.job_id = ${jobId} and r.unit_code = u.code and r.effective_date < u.established_on`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Counts the job's valid and invalid rows. */
export async function countValidity(db: Executor, jobId: number): Promise<{ valid: number; invalid: number; total: number }> {
  const result = await sql<{ valid: number; invalid: number }>`
    select count(*) filter (where is_valid)::int as valid, count(*) filter (where not is_valid)::int as invalid
    from member_import_rows where job_id = ${jobId}`.execute(db);
  const { valid, invalid } = result.rows[0];
  return { valid, invalid, total: valid + invalid };
}

export async function listRows(db: Executor, jobId: number, input: { invalidOnly: boolean; after: number; limit: number }) {
  let query = db.selectFrom('member_import_rows').select(['row_number', 'raw', sql<unknown>`errors || registry_errors`.as('errors'), 'is_valid', 'member_id'])
    .where('job_id', '=', jobId).where('row_number', '>', input.after);
  if (input.invalidOnly) query = query.where('is_valid', '=', false);
  return query.orderBy('row_number').limit(input.limit).execute();
}

/**
 * The rows of one job whose cell in `column` holds `value` (spaces around the cell ignored), in sheet order, at most
 * `limit`. Bounded: it reads one job's rows through the primary key's (job_id, row_number) range, at most
 * IMPORT_MAX_ROWS of them; no index of its own, since each index on the staged rows slows the staging of every file.
 * For the citizen ID and the party card the staged, normalized column matches too.
 */
export async function findRowsByCell(db: Executor, jobId: number, input: { column: number; value: string; normalized?: 'citizen_id' | 'party_card_number'; limit: number }) {
  let query = db.selectFrom('member_import_rows').select(['row_number', 'raw', sql<unknown>`errors || registry_errors`.as('errors'), 'is_valid', 'member_id'])
    .where('job_id', '=', jobId);
  const cell = sql<boolean>`btrim(raw ->> ${input.column}::int) = ${input.value}`;
  const normalized = input.normalized;
  query = normalized ? query.where((eb) => eb.or([cell, eb(normalized, '=', input.value)])) : query.where(cell);
  return query.orderBy('row_number').limit(input.limit).execute();
}

/** One page of a job's rows, in sheet order, as their cell in `column` (trimmed) and the member each became. */
export async function listRowKeys(db: Executor, jobId: number, input: { column: number; after: number; limit: number }) {
  return db.selectFrom('member_import_rows')
    .select(['row_number', sql<string>`coalesce(btrim(raw ->> ${input.column}::int), '')`.as('key'), 'is_valid', 'member_id'])
    .where('job_id', '=', jobId).where('row_number', '>', input.after)
    .orderBy('row_number').limit(input.limit).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Apply

export interface AppliedGroup {
  unit_id: number;
  member_ids: number[];
  row_numbers: number[];
  effective_date: string;
}

/** Each batch statement groups its rows by cell at the end: that stays in memory even where work_mem is small. */
export async function prepareApplyTransaction(trx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(trx);
}

/**
 * Registers the valid rows numbered in [fromRow, toRow] through the member registry's bulk writer (members,
 * registration events and official placements, exactly as a single registration writes them), notes each row's
 * member id in the same statement, and returns the members written, grouped by cell, for the journal.
 */
export async function applyRowRange(trx: Tx, input: {
  jobId: number; fromRow: number; toRow: number; accountId: number; decisionId: number | null; reason: string | null;
}): Promise<AppliedGroup[]> {
  const { jobId, fromRow, toRow } = input;
  const groups = await registerMembersInBulk(trx, {
    source: sql`
      select r.row_number as key, u.id as unit_id, r.effective_date, r.status, r.full_name, r.name_folded, r.name_sort_key, r.sex,
        r.birth_date, r.birthplace, r.hometown, r.ethnicity, r.religion, r.citizen_id, r.party_card_number, r.education_level,
        r.professional_level, r.theory_level, r.occupation, r.admission_date, r.probation_start, r.official_date
      from member_import_rows r join org_units u on u.code = r.unit_code
      where r.job_id = ${jobId} and r.is_valid and r.row_number between ${fromRow} and ${toRow}`,
    decisionId: input.decisionId,
    reason: input.reason,
    recordedBy: input.accountId,
    eventPayload: { importJobId: jobId },
    // Each row found by its key, whatever the planner knows of the staged rows: joined with `registered` itself,
    // the plan depended on statistics the staged rows may lack (on PostgreSQL before 17 the validation could not
    // analyze them until migration 0048, and a server may run without autovacuum). Planned on none, each batch rescanned its
    // whole range for every row (5,000 × 2,500 rows: 5.3 s a batch); joined on the job alone, with statistics, it
    // hashed every staged row of the job (quadratic in the file's size). Unnested, the keys are probed one by one
    // through the key (41 ms a batch, both ways).
    alongside: sql`update member_import_rows r set member_id = g.member_id
      from unnest((select array_agg(key order by key) from registered), (select array_agg(member_id order by key) from registered)) as g(key, member_id)
      where r.job_id = ${jobId} and r.row_number = g.key`,
  });
  return groups.map((group) => ({ unit_id: group.unitId, member_ids: group.memberIds, row_numbers: group.keys, effective_date: group.effectiveDate }));
}

/**
 * The apply's savepoints: `import_batch` around each batch (a unique violation rolls back the batch alone),
 * `import_apply` before the first write (a refusal rolls back every row written, the job's lock still held).
 */
type ApplySavepoint = 'import_batch' | 'import_apply';

export async function savepoint(trx: Tx, name: ApplySavepoint = 'import_batch'): Promise<void> {
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
}

export async function releaseSavepoint(trx: Tx, name: ApplySavepoint = 'import_batch'): Promise<void> {
  await sql`release savepoint ${sql.raw(name)}`.execute(trx);
}

export async function rollbackToSavepoint(trx: Tx, name: ApplySavepoint = 'import_batch'): Promise<void> {
  await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
}

/** The row numbers of the valid rows, in order, for cutting the apply into batches. */
export async function validRowNumbers(db: Executor, jobId: number): Promise<number[]> {
  const result = await sql<{ row_number: number }>`select row_number from member_import_rows where job_id = ${jobId} and is_valid order by row_number`.execute(db);
  return result.rows.map((row) => row.row_number);
}

// ---------------------------------------------------------------------------------------------------------------
// Template and report

/**
 * Open cells in the scope (code, current name and unit id), for the template's "cells" sheet; with `underPath`, only
 * those under that unit (the unit chosen on the import page). In tree order.
 */
export async function cellsInScope(db: Executor, scope: Scope, kinds: readonly string[], limit: number, underPath?: string) {
  if (scopeIsEmpty(scope)) return [];
  const result = await sql<{ id: number; code: string; name: string }>`
    select u.id, u.code, v.name
    from org_units u
    join lateral (select v.name, v.kind from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null
                  order by v.valid_from desc limit 1) v on true
    where u.ended_on is null and ${pathInScope('u.scope_path', scope)} and v.kind = any(${kinds}::text[])
      ${underPath ? sql`and u.scope_path like ${escapeLike(underPath) + '%'}` : sql``}
    order by u.scope_path
    limit ${limit}`.execute(db);
  return result.rows;
}

/** The bad rows of a job, a page at a time, for the error report. */
export async function* invalidRowPages(db: Executor, jobId: number, pageSize: number): AsyncGenerator<{ row_number: number; raw: unknown; errors: unknown }[]> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('member_import_rows').select(['row_number', 'raw', sql<unknown>`errors || registry_errors`.as('errors')])
      .where('job_id', '=', jobId).where('is_valid', '=', false).where('row_number', '>', after)
      .orderBy('row_number').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].row_number;
  }
}

/**
 * How many of the account's own jobs in the scope finished a step (validated, applied or failed) since `since`: the
 * home page's "imports finished". Read through the account's index; an account starts few jobs.
 */
export async function countFinishedJobsOf(db: Executor, accountId: number, scope: Scope, since: Date): Promise<number> {
  const row = await db.selectFrom('member_import_jobs as j')
    .innerJoin('org_units as u', 'u.id', 'j.unit_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('j.account_id', '=', accountId)
    .where('j.status', 'in', ['validated', 'applied', 'failed'])
    .where('j.finished_at', '>=', since)
    .where(pathInScope('u.scope_path', scope))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a job's notification needs: who started it, where, and the file's name. */
export async function jobForNotice(db: Executor, jobId: number) {
  return db.selectFrom('member_import_jobs').select(['id', 'account_id', 'unit_id', 'filename', 'status', 'valid_rows', 'invalid_rows', 'applied_rows'])
    .where('id', '=', jobId).executeTakeFirst();
}
