/**
 * Import throughput: how many rows per second go through the whole member import (read the file, validate every
 * row, stage it, check duplicates and cells in SQL, then write members, registration events, placements and the
 * journal in one transaction). Goal: at least 50,000 validated, journaled rows per second.
 *
 * `measureImport(db, rows)` builds its own small subtree under the root (a province, a grassroots committee and two
 * cells) in the database it is given, generates a CSV file of `rows` synthetic members (or takes the rows given),
 * and runs the real services without HTTP. It leaves the data behind: run it on a scratch or benchmark database.
 *
 * Beside the service, once the file is validated, the apply's own statements run on their own in transactions
 * that are rolled back: as they are (the service's SQL without the journal and progress; the second of two passes,
 * the first warming the caches), and with the member tables' secondary indexes and unique and foreign-key
 * constraints set aside (the engine writing the same rows with nothing to keep in order: the floor of any load path
 * on this machine, before its indexes are built).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { inTransaction, scopeOf, versionIsCurrent, type Caller, type Db } from '../src/kernel/index.ts';
import { foldText } from '../src/lib/text.ts';
import { ensureRootUnit, insertServiceAccount } from '../src/modules/accounts/index.ts';
import {
  applyJob, claimValidation, copyStagedText, proposeMapping, readRowsInWorker, recheckBeforeApply, requireJob, rowValidator, stagedRowsAsCopyText, uploadImportFile,
  validateJob, warmReaders, writeValidRows,
} from '../src/modules/member-import/index.ts';
import { todayInVietnam } from '../src/lib/dates.ts';
import { joinIntoSharedBuffer } from '../src/lib/buffers.ts';
import { insertUnitsFrom, insertUnitVersionsFrom, reserveUnitIds } from '../src/modules/orgs/index.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb, withoutStatementTimeout } from '../src/db/database.ts';
import { findDemoDatasets, generateDemoData, setIndexesAside } from '../tools/demo/index.ts';
import {
  FAMILY_NAMES_NORTH, FAMILY_NAMES_SOUTH, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, MIDDLE_NAMES_FEMALE_OLD, MIDDLE_NAMES_FEMALE_YOUNG, MIDDLE_NAMES_MALE_OLD,
  MIDDLE_NAMES_MALE_YOUNG,
} from '../tools/demo/people.ts';
import { Random } from '../tools/demo/random.ts';

export interface ImportMeasurement {
  rows: number;
  validRows: number;
  seconds: number;
  /** Validated, journaled rows per second, end to end. */
  rowsPerSecond: number;
  /** From the upload to the job validated: the check at upload, storing the file, then the validation. */
  validateSeconds: number;
  /** Of which the check at upload and storing the file. */
  uploadSeconds: number;
  /** The floor of the validation's own work, each alone: reading every row of the file (in the reader worker)… */
  readFloorSeconds: number;
  /** …and writing every staged row (one COPY of the rows as the validation stages them, encoded beforehand). */
  copyFloorSeconds: number;
  applySeconds: number;
  /** The apply's statements alone (the second of two passes), in seconds, and with other batch sizes (rows/s). */
  applySqlSeconds: number;
  applySqlByBatch: Record<number, number>;
  /** The apply's statements alone, rolled back: valid rows per second. */
  applySqlRowsPerSecond: number;
  /** The same statements with the member tables' secondary indexes and constraints set aside, rolled back. */
  applyWithoutIndexesRowsPerSecond: number;
  /** Highest resident set size and heap seen while the import ran. */
  peakRssBytes: number;
  peakHeapBytes: number;
}

export const IMPORT_BENCH_HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Dân tộc', 'Tôn giáo', 'Lý luận chính trị', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên'];

/**
 * A full name drawn with the demo's frequencies (family names of the north or the south, middle names of an older or
 * a younger generation, given names by sex): about 14,000 distinct names in 50,000 rows, clustered as a province's
 * are. (A few dozen names, each written thousands of times, made the name-keyed indexes' inserts land on the same few
 * pages and read faster than a real file's.)
 */
function drawName(random: Random, female: boolean): string {
  const draw = (list: readonly (readonly [string, number])[]) => random.weighted(list.map(([name]) => name), list.map(([, weight]) => weight));
  const family = draw(random.chance(0.5) ? FAMILY_NAMES_NORTH : FAMILY_NAMES_SOUTH);
  const older = random.chance(0.6);
  const middle = draw(female ? (older ? MIDDLE_NAMES_FEMALE_OLD : MIDDLE_NAMES_FEMALE_YOUNG) : (older ? MIDDLE_NAMES_MALE_OLD : MIDDLE_NAMES_MALE_YOUNG));
  return `${family} ${middle} ${draw(female ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE)}`;
}
const ETHNICITIES = ['Kinh', 'Kinh', 'Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông'];
const THEORY = ['Sơ cấp', 'Trung cấp', 'Cao cấp', 'Cử nhân'];

/** Synthetic, valid rows: a unique citizen ID and party card per row, spread over the given cells. */
export function syntheticImportRows(count: number, cellCodes: readonly string[], seed = Date.now() % 1_000_000): string[][] {
  const rows: string[][] = [];
  const random = new Random(seed);
  for (let index = 0; index < count; index++) {
    const female = index % 2 === 1;
    const year = 1950 + (index % 50);
    const birth = `${String(1 + (index % 28)).padStart(2, '0')}/${String(1 + (index % 12)).padStart(2, '0')}/${year}`;
    // Hà Nội birth registration, century/sex digit, two-digit year, a serial unique within the run.
    const citizenId = `001${female ? 1 : 0}${String(year % 100).padStart(2, '0')}${String((seed + index) % 1_000_000).padStart(6, '0')}`;
    const name = drawName(random, female);
    const admitted = year + 25;
    rows.push([
      name, female ? 'Nữ' : 'Nam', birth, citizenId, ETHNICITIES[index % ETHNICITIES.length], 'Không', THEORY[index % 4],
      cellCodes[index % cellCodes.length], `03/02/${admitted}`, `03/02/${admitted + 1}`, `B${seed}-${index}`,
    ]);
  }
  return rows;
}

function csvOf(rows: readonly (readonly string[])[]): Buffer {
  const escape = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return Buffer.from([IMPORT_BENCH_HEADER, ...rows].map((row) => row.map(escape).join(',')).join('\n'), 'utf8');
}

/** A unit of the benchmark's own subtree, written by the organization tree's bulk writers. */
export async function insertBenchUnit(db: Db, parentId: number, kind: string, name: string): Promise<{ id: number; code: string; path: string }> {
  const parent = await db.selectFrom('org_unit_versions as v').select(['v.path', 'v.depth']).where('v.unit_id', '=', parentId).where(versionIsCurrent('v')).executeTakeFirstOrThrow();
  const code = `BENCH-IMPORT-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return inTransaction(db, async (tx) => {
    const [id] = await reserveUnitIds(tx, 1);
    const path = `${parent.path}${id}/`;
    await insertUnitsFrom(tx, sql`select ${id}::bigint as id, ${code}::text as code, ${path}::text as scope_path, null as province_id,
      null as superior_id, null as grassroots_id, '1990-01-01'::date as established_on, null as ended_on, null as end_reason, 0 as row_version`);
    await insertUnitVersionsFrom(tx, sql`select ${id}::bigint as unit_id, '1990-01-01'::date as valid_from, null as valid_to, ${parentId}::bigint as parent_id,
      ${name}::text as name, ${foldText(name)}::text as name_folded, ${kind}::text as kind, null as sector, ${code}::text as code, ${path}::text as path,
      ${parent.depth + 1}::int as depth, null as batch_id, 'establish' as change, null as voided_by_batch_id, null as closed_by_batch_id`);
    return { id, code, path };
  });
}

/** An administrator of one unit's subtree, as the benchmark calls the services. */
export function benchCaller(accountId: number, unitId: number, scopePath: string): Caller {
  return {
    accountId, username: 'bench', displayName: 'bench', locale: 'vi', memberId: null,
    grants: [{ grantId: 0, role: 'admin', unitId, scopePath, validFrom: '1930-01-01', validTo: null, isDelegation: false }],
  };
}

/**
 * Runs one import of `rows` rows (a count to generate, or the data rows themselves with the columns of
 * IMPORT_BENCH_HEADER, which must name cells that exist) and reports its throughput and peak memory.
 */
export async function measureImport(db: Db, rows: number | readonly (readonly string[])[], options: { applyBatchRows?: readonly number[] } = {}): Promise<ImportMeasurement> {
  const province = await insertBenchUnit(db, await ensureRootUnit(db), 'provincial_committee', 'Đảng bộ tỉnh (đo nhập liệu)');
  const grassroots = await insertBenchUnit(db, province.id, 'grassroots_committee', 'Đảng bộ cơ sở (đo nhập liệu)');
  const cells = [await insertBenchUnit(db, grassroots.id, 'cell', 'Chi bộ 1'), await insertBenchUnit(db, grassroots.id, 'cell', 'Chi bộ 2')];
  const accountId = await inTransaction(db, (tx) => insertServiceAccount(tx, { username: `bench-import-${process.pid}-${Date.now()}`, displayName: 'bench' }));
  const caller = benchCaller(accountId, province.id, province.path);
  const data = typeof rows === 'number' ? syntheticImportRows(rows, cells.map((cell) => cell.code)) : rows;
  // As the server holds an uploaded body (`readBodyWithLimit`): in shared memory, which the reader worker reads in place.
  const body = csvOf(data);
  const file = await joinIntoSharedBuffer([body], body.length);

  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 20);
  try {
    // As `cellbase serve` does when it starts: a reader worker booted, with the validation's checks loaded.
    await warmReaders();
    const started = performance.now();
    const actor = { caller };
    const uploaded = await uploadImportFile(db, actor, { unitId: province.id, filename: 'bench.csv', data: file }, 'vi');
    const uploadedAt = performance.now();
    const claimed = await claimValidation(db, actor, uploaded.id, {
      mapping: proposeMapping(IMPORT_BENCH_HEADER), effectiveDate: '2025-01-02', expectedRowVersion: uploaded.rowVersion,
    });
    const counts = await validateJob(db, claimed, scopeOf(caller, 'member.write'));
    const validated = performance.now();
    const job = await requireJob(db, caller, uploaded.id);
    const validationFloor = await timeValidationFloor(db, job, file, data);
    const floorInput = { accountId, reason: 'benchmark' };
    // Twice: the first pass reads the national indexes' pages into memory; the second compares with the service's
    // apply, which runs warm after it.
    await timeApplyStatements(db, job, floorInput, false);
    const applySql = await timeApplyStatements(db, job, floorInput, false);
    const applyWithoutIndexes = await timeApplyStatements(db, job, floorInput, true);
    const applySqlByBatch: Record<number, number> = {};
    for (const batchRows of options.applyBatchRows ?? []) {
      const timed = await timeApplyStatements(db, job, { ...floorInput, batchRows }, false);
      applySqlByBatch[batchRows] = timed.rows / timed.seconds;
    }
    const applyStarted = performance.now();
    // As startApply does: the registry's checks again, then the apply.
    await inTransaction(db, (trx) => recheckBeforeApply(trx, job, scopeOf(caller, 'member.write')));
    const applied = await applyJob(db, { ...job, apply_mode: 'valid_only' }, {
      actor, reason: 'benchmark', claim: { from: ['validated'], expectedRowVersion: job.row_version, onClaimed: () => {} },
    });
    const finished = performance.now();
    // The end-to-end figure leaves out the two measurements of the apply's statements made in between.
    const seconds = (finished - started - (applyStarted - validated)) / 1000;
    return {
      rows: counts.total,
      validRows: applied,
      seconds,
      rowsPerSecond: counts.total / seconds,
      validateSeconds: (validated - started) / 1000,
      uploadSeconds: (uploadedAt - started) / 1000,
      readFloorSeconds: validationFloor.readSeconds,
      copyFloorSeconds: validationFloor.copySeconds,
      applySeconds: (finished - applyStarted) / 1000,
      applySqlSeconds: applySql.seconds,
      applySqlByBatch,
      applySqlRowsPerSecond: applySql.rows / applySql.seconds,
      applyWithoutIndexesRowsPerSecond: applyWithoutIndexes.rows / applyWithoutIndexes.seconds,
      peakRssBytes: peakRss,
      peakHeapBytes: peakHeap,
    };
  } finally {
    clearInterval(sampler);
  }
}

class RolledBack extends Error {}

/**
 * The validation's floor: the file read through the reader worker with nothing done to the rows, and the same rows,
 * checked and encoded beforehand, written with one COPY (under a job id of no job, deleted after). Each timed alone.
 */
async function timeValidationFloor(db: Db, job: { id: number; header_row: number; options: unknown; mapping: unknown }, file: Buffer, data: readonly (readonly string[])[]) {
  let started = performance.now();
  let read = 0;
  for await (const row of readRowsInWorker(file, 'csv')) read += row.cells.length > 0 ? 1 : 0;
  const readSeconds = (performance.now() - started) / 1000;
  const validate = rowValidator({ mapping: job.mapping as never, effectiveDate: (job.options as { effectiveDate: string }).effectiveDate, today: todayInVietnam() });
  const staged = data.map((cells, index) => ({ rowNumber: job.header_row + 1 + index, raw: cells, ...validate(cells) }));
  const floorJob = -job.id;
  // Encoded to bytes before the clock too: the rows reach COPY as the worker posts them, as bytes (converting the
  // text inside the clock added 0.09–0.12 s to the floor).
  const encoded = Buffer.from(stagedRowsAsCopyText(floorJob, staged), 'utf8');
  started = performance.now();
  await copyStagedText(db, encoded);
  const copySeconds = (performance.now() - started) / 1000;
  await sql`delete from member_import_rows where job_id = ${floorJob}`.execute(db);
  return { readSeconds, copySeconds, read };
}

/** The member tables: what the apply writes, and what the floor measurement strips of its indexes. */
const MEMBER_TABLES = ['members', 'member_events', 'member_placements'];

/**
 * Runs the apply's statements over the job's valid rows, batch by batch as the service does (`writeValidRows`,
 * without the journal and the progress; the deferred constraints checked), inside a transaction that is then rolled back (nothing stays, the indexes
 * set aside included); returns the rows written and the time the statements took.
 */
async function timeApplyStatements(db: Db, job: Parameters<typeof writeValidRows>[1], input: { accountId: number; reason: string; batchRows?: number }, withoutIndexes: boolean) {
  let measured = { rows: 0, seconds: 0 };
  try {
    await inTransaction(db, async (trx) => {
      if (withoutIndexes) await setIndexesAside((text, values) => trx.executeQuery(CompiledQuery.raw(text, values ? [...values] : [])), MEMBER_TABLES);
      const started = performance.now();
      const { rows } = await writeValidRows(trx, job, input);
      // The deferred constraint triggers (a placement in a cell, migration 0026) run here rather than at a commit
      // that never comes: the floor pays what the service's apply pays.
      await sql`set constraints all immediate`.execute(trx);
      measured = { rows, seconds: (performance.now() - started) / 1000 };
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return measured;
}

/**
 * The import alone, without the other figures of `npm run bench`:
 *
 *   npx tsx bench/import.ts [--scale province|national] [--rows N] [--apply-batches 5000,10000,20000]
 *
 * on the dataset kept in `.bench/<scale>/` by `npm run bench -- --scale <scale> --reuse` (generated here if absent;
 * BENCH_DATABASE_URL for an external server). The dataset is kept.
 */
async function runImportOnly(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, rows: { type: 'string' }, 'apply-batches': { type: 'string' } }, strict: true });
  const scale = values.scale ?? 'province';
  if (scale !== 'province' && scale !== 'national') throw new Error('--scale must be province or national');
  const rows = Number(values.rows ?? (scale === 'national' ? 50_000 : 20_000));
  const externalUrl = process.env.BENCH_DATABASE_URL || undefined;
  const engine = await startEngine({ databaseUrl: externalUrl, dataDir: path.resolve('.bench', scale), database: 'cellbase_bench', log: () => {} });
  await migrate(engine.url, () => {}, { applicationRole: applicationRoleOf(engine) });
  const db = createDb(engine.url, { max: 4, applicationName: 'cellbase bench import' });
  try {
    if ((await findDemoDatasets(db)).length === 0) await generateDemoData(db, { scale, log: (line) => process.stderr.write(`${line}\n`) });
    await withoutStatementTimeout(db, (connection) => sql`vacuum (analyze) members, member_events, member_placements, member_import_rows`.execute(connection));
    const result = await measureImport(db, rows, { applyBatchRows: values['apply-batches']?.split(',').map(Number) });
    process.stdout.write(`${formatImportMeasurement(result)}\n`);
  } finally {
    await db.destroy();
    await engine.stop();
  }
}

/** The figures of one measurement, each beside its floor. */
export function formatImportMeasurement(result: ImportMeasurement): string {
  const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} rows/s`;
  const perRow = (seconds: number) => `${(seconds * 1e6 / result.rows).toFixed(1)} µs/row`;
  const validationFloor = result.readFloorSeconds + result.copyFloorSeconds;
  return [
    `rows ${result.rows.toLocaleString('en-US')} (valid ${result.validRows.toLocaleString('en-US')})`,
    `end to end  ${rate(result.rowsPerSecond)} (${result.seconds.toFixed(2)} s); floor ${rate(result.rows / (validationFloor + result.applySqlSeconds))} (validation floor + apply statements)`,
    `validate    ${perRow(result.validateSeconds)} (${result.validateSeconds.toFixed(2)} s, of which upload ${result.uploadSeconds.toFixed(2)} s); `
      + `floor ${perRow(validationFloor)} (read ${result.readFloorSeconds.toFixed(2)} s + COPY ${result.copyFloorSeconds.toFixed(2)} s)`,
    `apply       ${rate(result.validRows / result.applySeconds)} (${result.applySeconds.toFixed(2)} s); its statements alone ${rate(result.applySqlRowsPerSecond)}; `
      + `without indexes ${rate(result.applyWithoutIndexesRowsPerSecond)}`,
    ...Object.entries(result.applySqlByBatch).map(([batch, value]) => `apply statements, ${Number(batch).toLocaleString('en-US')} rows a statement: ${rate(value)}`),
    `peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runImportOnly();
