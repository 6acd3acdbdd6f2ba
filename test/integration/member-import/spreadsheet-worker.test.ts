/**
 * The worker that reads uploads (issue 8, finding 3): rows read in the worker are the rows read in place; a file
 * that would fill the worker's memory is refused by the reader's bounds first; a worker that does not answer in time
 * is terminated (IMPORT_FILE_TOO_COMPLEX).
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IDLE_WORKERS_KEPT, READERS_AT_ONCE, READER_MEMORY_MB, READER_TIME_LIMIT_MS, idleReaders, readRowChunksInWorker, readRowsInWorker,
  readersInUse, stageRowsInWorker, warmReaders, withSpreadsheetCheck, type ReaderLimits, type StageOptions,
} from '../../../src/modules/member-import/spreadsheet-in-worker.ts';
import { isBlankRow, readRows } from '../../../src/modules/member-import/spreadsheet.ts';
import { proposeMapping } from '../../../src/modules/member-import/mapping.ts';
import { RowsSeen, rowValidator } from '../../../src/modules/member-import/row-validation.ts';
import { stagedRowLine } from '../../../src/modules/member-import/staged-rows.ts';
import { XLSX_MAX_SHARED_STRINGS } from '../../../src/modules/member-import/xlsx-reader.ts';
import { CSV_HEADER, csvFile, personCells } from './helpers.ts';
import { SHEET_HEAD, SHEET_TAIL, inlineCell, workbookOf } from './hostile-workbooks.ts';

/** The check alone, its answer awaited: what the upload does beside storing the file. */
function checkSpreadsheetInWorker(data: Buffer, format: 'csv' | 'xlsx', maxDataRows: number, limits?: ReaderLimits) {
  return withSpreadsheetCheck(data, format, maxDataRows, (check) => check, limits);
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('reading a CSV file', () => {
  const rowsOf = async (text: string) => (await collect(readRows(Buffer.from(text, 'utf8'), 'csv'))).map((row) => [row.rowNumber, row.cells]);

  it('reads what spreadsheet programs write: a byte order mark, quotes, line breaks in a cell, \\r\\n, semicolons, spaces around cells', async () => {
    expect(await rowsOf('\uFEFFHọ và tên,Ghi chú\r\n"Lê, Văn ""Tư""","dòng 1\r\ndòng 2"\r\n\r\n  Hà Thị Ba  , x \r\n')).toEqual([
      [1, ['Họ và tên', 'Ghi chú']], [2, ['Lê, Văn "Tư"', 'dòng 1\r\ndòng 2']], [3, ['']], [4, ['Hà Thị Ba', 'x']], [5, ['']],
    ]);
    expect(await rowsOf('Họ và tên;Ngày sinh\nAn;01/02/1990')).toEqual([[1, ['Họ và tên', 'Ngày sinh']], [2, ['An', '01/02/1990']]]);
    // A quote inside a cell that does not start with one is a character of the cell.
    expect(await rowsOf('a,b\nNguyễn Văn "Tư",c')).toEqual([[1, ['a', 'b']], [2, ['Nguyễn Văn "Tư"', 'c']]]);
  });

  it('refuses a quote left open or closed inside a cell, and a record over a megabyte, as not a spreadsheet', async () => {
    for (const text of ['a,b\n"never closed,c\n', 'a,b\n"closed"early,c\n', `a,b\n${'x'.repeat(1024 * 1024 + 1)},c\n`]) {
      await expect(rowsOf(text)).rejects.toMatchObject({ code: 'IMPORT_FILE_NOT_SPREADSHEET', details: { reason: 'csv' } });
    }
  });

  it('refuses a record that does not end within a megabyte once it is read that far, not at the end of the file', async () => {
    // 40 MB in one record: a quote opened and never closed, or no line break at all. Read to its end, a record cut by
    // each chunk would be read again from its start with the next one.
    for (const record of [`"${'x'.repeat(40 * 1024 * 1024)}`, 'y,'.repeat(20 * 1024 * 1024)]) {
      await expect(rowsOf(`a,b\n${record}`)).rejects.toMatchObject({ code: 'IMPORT_FILE_NOT_SPREADSHEET', details: { reason: 'csv', message: 'record_too_long' } });
    }
  });
});

describe('reading spreadsheets in a worker', () => {
  it('yields the same rows as reading in place, across chunks', async () => {
    const file = csvFile(Array.from({ length: 2_500 }, (_, index) => personCells({ name: `Trần Văn ${index}`, unitCode: 'CB1' })));
    expect(await collect(readRowsInWorker(file, 'csv'))).toEqual(await collect(readRows(file, 'csv')));
  });

  it('gives a worker that read a file to the end the next file, and terminates one that failed or was left before the end', async () => {
    const first = csvFile(Array.from({ length: 2_500 }, (_, index) => personCells({ name: `Đỗ Văn ${index}`, unitCode: 'CB1' })));
    const second = csvFile(Array.from({ length: 1_200 }, (_, index) => personCells({ name: `Hồ Thị ${index}`, unitCode: 'CB2' })));
    await checkSpreadsheetInWorker(first, 'csv', 10_000);
    expect(idleReaders()).toBeGreaterThanOrEqual(1);
    expect(idleReaders()).toBeLessThanOrEqual(IDLE_WORKERS_KEPT);
    // The kept worker reads the next files whole and exactly, nothing of the one before.
    expect(await collect(readRowsInWorker(second, 'csv'))).toEqual(await collect(readRows(second, 'csv')));
    expect(await collect(readRowsInWorker(first, 'csv'))).toEqual(await collect(readRows(first, 'csv')));
    expect((await checkSpreadsheetInWorker(second, 'csv', 10_000)).dataRows).toBe(1_200);
    // A worker kept through many files gathers no listeners file after file.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => { if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning); };
    process.on('warning', onWarning);
    try {
      for (let file = 0; file < 15; file++) expect((await checkSpreadsheetInWorker(second, 'csv', 10_000)).dataRows).toBe(1_200);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    const kept = idleReaders();
    expect(kept).toBeGreaterThanOrEqual(1);

    // Refused: the worker that read it is not kept.
    await expect(checkSpreadsheetInWorker(first, 'csv', 100)).rejects.toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS' });
    expect(idleReaders()).toBe(kept - 1);
    // Left after the first chunk: terminated too.
    for await (const chunk of readRowChunksInWorker(first, 'csv')) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(idleReaders()).toBe(Math.max(0, kept - 2));
    expect(readersInUse()).toBe(0);
  });

  it('runs work beside a check, which may wait for its answer or leave before it', async () => {
    const file = csvFile(Array.from({ length: 20_000 }, (_, index) => personCells({ name: `Lò Văn ${index}`, unitCode: 'CB1' })));
    // Work that waits for the answer gets it, and the worker is kept.
    await warmReaders();
    const beside = await withSpreadsheetCheck(file, 'csv', 100_000, async (check) => ({ started: readersInUse(), checked: await check }));
    expect(beside.started).toBe(1); // the place was held before the work began
    expect(beside.checked).toMatchObject({ headerRow: 1, dataRows: 20_000 });
    expect(idleReaders()).toBeGreaterThanOrEqual(1);
    // A refusal reaches the work through the answer.
    await expect(withSpreadsheetCheck(file, 'csv', 100, (check) => check)).rejects.toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS' });
    // Work that fails before the answer: the worker is terminated at once, not kept, and nothing waits for its time limit.
    await warmReaders();
    const kept = idleReaders();
    expect(kept).toBeGreaterThanOrEqual(1);
    const started = Date.now();
    await expect(withSpreadsheetCheck(file, 'csv', 100_000, async () => { throw new Error('stored nothing'); })).rejects.toThrow('stored nothing');
    expect(Date.now() - started).toBeLessThan(READER_TIME_LIMIT_MS / 2);
    expect(idleReaders()).toBe(kept - 1);
    expect(readersInUse()).toBe(0);
  });

  it('refuses more shared strings than any member list needs, before the worker\u2019s heap is at risk', async () => {
    // The worker's heap limit is a last resort only (Node may abort the whole process instead, nodejs/node#47224):
    // the reader's own bounds must stop a file first.
    const parts = ['<sst>'];
    for (let index = 0; index <= XLSX_MAX_SHARED_STRINGS; index++) parts.push(`<si><t>${index.toString(36)}</t></si>`);
    parts.push('</sst>');
    const xml = Buffer.from(parts.join(''));
    const sheet = `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'Họ và tên')}${inlineCell('B1', 'Giới tính')}</row>${SHEET_TAIL}`;
    const file = workbookOf(sheet, [{ name: 'xl/sharedStrings.xml', deflated: zlib.deflateRawSync(xml, { level: 1 }), declaredSize: xml.length }]);
    await expect(checkSpreadsheetInWorker(file, 'xlsx', 100))
      .rejects.toMatchObject({ code: 'IMPORT_FILE_UNPACKS_TOO_LARGE', details: { maxStrings: XLSX_MAX_SHARED_STRINGS } });
  });

  it('terminates a worker that does not answer within its time limit', async () => {
    // A limit of 0 ms fires before any worker has started (loading the reader alone takes a worker far longer).
    await expect(checkSpreadsheetInWorker(csvFile([]), 'csv', 100, { memoryMb: 256, timeMs: 0, waitMs: 60_000 }))
      .rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_COMPLEX', details: { reason: 'time' } });
  });

  it('runs a bounded number of readers at once; the others wait their turn and are all answered', async () => {
    // The waiting is on a free place, not on a clock: a busy machine makes the test slower, never wrong.
    const patient = { memoryMb: READER_MEMORY_MB, timeMs: READER_TIME_LIMIT_MS, waitMs: 10 * 60_000 };
    const file = csvFile(Array.from({ length: 50 }, (_, index) => personCells({ name: `Lê Thị ${index}`, unitCode: 'CB1' })));
    let most = 0;
    const checks = Array.from({ length: READERS_AT_ONCE * 3 }, () => checkSpreadsheetInWorker(file, 'csv', 1_000, patient).finally(() => {
      most = Math.max(most, readersInUse());
    }));
    most = Math.max(most, readersInUse());
    const results = await Promise.all(checks);
    expect(results.every((result) => result.dataRows === 50)).toBe(true);
    expect(most).toBe(READERS_AT_ONCE); // full, never over
    expect(readersInUse()).toBe(0);
  });

  it('refuses an upload that finds every reader taken for longer than its wait (IMPORT_READERS_BUSY)', async () => {
    const patient = { memoryMb: READER_MEMORY_MB, timeMs: READER_TIME_LIMIT_MS, waitMs: 10 * 60_000 };
    const file = csvFile([personCells({ name: 'Lê Thị Hoa', unitCode: 'CB1' })]);
    const holders = Array.from({ length: READERS_AT_ONCE }, () => checkSpreadsheetInWorker(file, 'csv', 10, patient));
    expect(readersInUse()).toBe(READERS_AT_ONCE); // places are taken before the first await
    await expect(checkSpreadsheetInWorker(file, 'csv', 10, { ...patient, waitMs: 0 }))
      .rejects.toMatchObject({ code: 'IMPORT_READERS_BUSY', details: { retryAfterSeconds: 1 } });
    await Promise.all(holders);
    expect(readersInUse()).toBe(0);
  });

  it('stages in the worker exactly the lines the rows checked in place give, batch by batch, with what the rows showed', async () => {
    const rows = Array.from({ length: 2_345 }, (_, index) => personCells({ name: `Phan Văn ${index}`, unitCode: `CB${index % 3}` }));
    rows[7] = personCells({ name: '', unitCode: 'CB1', birth: '31/02/1990' }); // a bad row: no name, no such date
    rows[11] = rows[3]; // the same person twice: citizen ID repeated
    rows[20] = rows.at(-1)!.map(() => ''); // a blank row, skipped (the lines after it move up one)
    rows[30] = personCells({ name: 'Tab\tand back\\slash', unitCode: 'CB1' }); // escaped for COPY
    const file = csvFile(rows);
    const options: StageOptions = {
      jobId: '77', headerRow: 1, batchRows: 1_000, maxRows: 10_000,
      context: { mapping: proposeMapping(CSV_HEADER), effectiveDate: '2024-05-06', today: '2026-12-07' },
    };
    const batches: { text: string; rows: number; citizenIds: string[]; partyCardNumbers: string[] }[] = [];
    // The file staged is handed over to the worker (not copied), as the validation's own copy is: a copy goes.
    const handedOver = Buffer.from(file);
    const staged = await stageRowsInWorker(handedOver, 'csv', options, async (chunk) => {
      batches.push({ text: chunk.data.toString('utf8'), rows: chunk.rows, ...chunk.keys });
    });
    expect(handedOver.length).toBe(0); // the worker's now, not this thread's

    const validate = rowValidator(options.context);
    const seen = new RowsSeen();
    const lines: string[] = [];
    for await (const row of readRows(file, 'csv')) {
      if (row.rowNumber <= options.headerRow || isBlankRow(row.cells)) continue;
      const checked = validate(row.cells);
      seen.note(checked);
      lines.push(stagedRowLine(options.jobId, row.rowNumber, row.cells, checked));
    }
    expect(lines).toHaveLength(2_344);
    expect(staged.rows).toBe(2_344);
    expect(batches.map((batch) => batch.rows)).toEqual([1_000, 1_000, 344]);
    expect(batches.map((batch) => batch.text).join('')).toBe(lines.join(''));
    expect(staged.seen).toEqual(seen.summary);
    expect(staged.seen.twice.citizenIds).toEqual([rows[3][3]]);
    // The rows counted valid are those staged valid; every unit code named, the bad row's too.
    expect(staged.seen.validRows).toBe(lines.filter((line) => line.endsWith('\tt\n')).length);
    expect(staged.seen.validRows).toBe(2_344 - 1);
    expect(staged.seen.unitCodes.map((unit) => unit.code).sort()).toEqual(['CB0', 'CB1', 'CB2']);
    // Each batch brings the keys its rows held first: every row's, the bad row's too, once each in the file.
    const citizenIds = batches.flatMap((batch) => batch.citizenIds);
    expect(citizenIds).toHaveLength(2_344 - 1);
    expect(new Set(citizenIds).size).toBe(citizenIds.length);
    expect(batches[0].citizenIds).toContain(rows[3][3]);
    expect(batches.flatMap((batch) => batch.partyCardNumbers)).toEqual([]); // the file has no party card column
    expect(lines[7]).toMatch(/\tf\n$/); // the bad row staged as invalid, with its problems
    expect(lines[29].startsWith('77\t32\t["Tab\\\\tand back\\\\\\\\slash"')).toBe(true); // the cells' JSON, escaped again for COPY
    expect(readersInUse()).toBe(0);
  });

  it('refuses a file past the staging bound, and terminates the worker when the write fails', async () => {
    const file = csvFile(Array.from({ length: 30 }, (_, index) => personCells({ name: `Vũ Thị ${index}`, unitCode: 'CB1' })));
    const options: StageOptions = {
      jobId: '78', headerRow: 1, batchRows: 10, maxRows: 25,
      context: { mapping: proposeMapping(CSV_HEADER), effectiveDate: '2024-05-06', today: '2026-12-07' },
    };
    let written = 0;
    await expect(stageRowsInWorker(file, 'csv', options, async (chunk) => { written += chunk.rows; }))
      .rejects.toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', details: { max: 25 } });
    expect(written).toBe(20); // two batches went before the bound was met; the caller's transaction undoes them
    await warmReaders();
    const kept = idleReaders();
    expect(kept).toBeGreaterThanOrEqual(1);
    await expect(stageRowsInWorker(file, 'csv', { ...options, maxRows: 100 }, async () => { throw new Error('copy failed'); }))
      .rejects.toThrow('copy failed');
    expect(idleReaders()).toBe(kept - 1); // the worker left mid-file is not kept
    expect(readersInUse()).toBe(0);
  });
});

