/**
 * Bytes read out through a binary COPY (`copyOutBytes`): the framing taken apart however the socket cuts it, the
 * rows' first fields joined in order, and the bytes that come back from the server equal to those stored.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BytesFromBinaryCopy, copyOutBytes } from '../../../src/db/copy-out.ts';
import { createDb, type Db } from '../../../src/db/database.ts';
import { createTestDatabase } from '../../helpers/database.ts';

/** A binary COPY of some rows: the signature, no flags, an extension of `extension` bytes, the rows, the trailer. */
function frame(rows: (Buffer | null)[][], extension = 0): Buffer {
  const head = Buffer.alloc(19 + extension);
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1').copy(head);
  head.writeUInt32BE(extension, 15);
  const parts: Buffer[] = [head];
  for (const fields of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(fields.length);
    parts.push(count);
    for (const field of fields) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length, ...(field === null ? [] : [field]));
    }
  }
  return Buffer.concat([...parts, Buffer.from([0xff, 0xff])]);
}

function readInChunks(data: Buffer, expected: number, cuts: number[] = []): Buffer {
  const reader = new BytesFromBinaryCopy(expected);
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    reader.push(data.subarray(start, cut));
    start = cut;
  }
  reader.push(data.subarray(start));
  return reader.result();
}

describe('bytes read out through a binary COPY', () => {
  it('are the rows\' first fields joined in order, however the data is cut into chunks', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.uint8Array({ maxLength: 120 }), fc.option(fc.uint8Array({ maxLength: 20 }))), { maxLength: 6 }),
      fc.nat({ max: 8 }), fc.array(fc.nat({ max: 900 }), { maxLength: 12 }),
      (rows, extension, cuts) => {
        const data = frame(rows.map(([value, second]) => [Buffer.from(value), second === null ? null : Buffer.from(second)]), extension);
        const joined = Buffer.concat(rows.map(([value]) => Buffer.from(value)));
        expect(readInChunks(data, joined.length, cuts.map((cut) => cut % (data.length + 1)))).toEqual(joined);
      },
    ));
  });

  it('refuse a null value, more or fewer bytes than expected, data cut short, and data not in the binary format', () => {
    expect(readInChunks(frame([]), 0)).toEqual(Buffer.alloc(0));
    expect(() => readInChunks(frame([[null]]), 0, [3, 20])).toThrow('a null value');
    const whole = frame([[Buffer.from('abc')], [Buffer.from('def')]]);
    expect(readInChunks(whole, 6, [5, 21, 26])).toEqual(Buffer.from('abcdef'));
    expect(() => readInChunks(whole, 7)).toThrow('6 of the 7 bytes');
    expect(() => readInChunks(whole, 5)).toThrow('more than the 5 bytes');
    expect(() => readInChunks(whole.subarray(0, whole.length - 5), 6)).toThrow('inside a row');
    expect(() => readInChunks(whole.subarray(0, 10), 6)).toThrow('inside its header');
    expect(() => readInChunks(Buffer.from('a,b\n1,2\n3,4\n5,6\n7,8\n'), 6)).toThrow('not the binary format');
  });

  describe('from the server', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: Db;
    beforeAll(async () => {
      database = await createTestDatabase();
      // The owner's connection: the table is the test's own.
      db = createDb(database.url);
      await sql`create table copied (id int primary key, value bytea)`.execute(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await database?.drop();
    });

    it('comes back byte for byte: empty, one byte, megabytes over many chunks, rows joined in order', async () => {
      const values = [Buffer.alloc(0), Buffer.from([0]), crypto.randomBytes(300_000), Buffer.concat([crypto.randomBytes(1_000_000), Buffer.alloc(3_000_000, 'á')])];
      for (const [index, value] of values.entries()) await sql`insert into copied values (${index}, ${value})`.execute(db);
      for (const [index, value] of values.entries()) {
        const read = await copyOutBytes(db, `select value from copied where id = ${index}`, value.length);
        expect(read.equals(value)).toBe(true);
      }
      const all = await copyOutBytes(db, 'select value from copied order by id desc', values.reduce((sum, value) => sum + value.length, 0));
      expect(all.equals(Buffer.concat([...values].reverse()))).toBe(true);
      expect((await copyOutBytes(db, 'select value from copied where id = 100', 0)).length).toBe(0);
      await sql`insert into copied values (99, null)`.execute(db);
      await expect(copyOutBytes(db, 'select value from copied where id = 99', 0)).rejects.toThrow('a null value');
    });
  });
});
