/**
 * A value read out through a binary COPY (`copyOutOneValue`): the framing taken apart however the socket cuts it, and
 * the bytes that come back from the server equal to those stored.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneValueFromBinaryCopy, copyOutOneValue } from '../../../src/db/copy-out.ts';
import { createDb, type Db } from '../../../src/db/database.ts';
import { createTestDatabase } from '../../helpers/database.ts';

/** A binary COPY of one row: the signature, no flags, an extension of `extension` bytes, the fields, the trailer. */
function frame(fields: (Buffer | null)[], extension = 0): Buffer {
  const head = Buffer.alloc(19 + extension);
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1').copy(head);
  head.writeUInt32BE(extension, 15);
  const count = Buffer.alloc(2);
  count.writeInt16BE(fields.length);
  const parts: Buffer[] = [head, count];
  for (const field of fields) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(field === null ? -1 : field.length);
    parts.push(length, ...(field === null ? [] : [field]));
  }
  return Buffer.concat([...parts, Buffer.from([0xff, 0xff])]);
}

function readInChunks(data: Buffer, cuts: number[]): Buffer | null {
  const reader = new OneValueFromBinaryCopy();
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    reader.push(data.subarray(start, cut));
    start = cut;
  }
  reader.push(data.subarray(start));
  return reader.result();
}

describe('a value read out through a binary COPY', () => {
  it('is the first field of the row, however the data is cut into chunks', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 300 }), fc.option(fc.uint8Array({ maxLength: 20 })), fc.nat({ max: 8 }), fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
      (value, second, extension, cuts) => {
        const data = frame([Buffer.from(value), second === null ? null : Buffer.from(second)], extension);
        expect(readInChunks(data, cuts.map((cut) => cut % (data.length + 1)))).toEqual(Buffer.from(value));
      },
    ));
  });

  it('is null for a null value or no row, and an error for data cut short or not in the binary format', () => {
    expect(readInChunks(frame([null]), [3, 20])).toBeNull();
    const noRow = frame([]).subarray(0, 19);
    expect(readInChunks(Buffer.concat([noRow, Buffer.from([0xff, 0xff])]), [])).toBeNull();
    const whole = frame([Buffer.from('abcdef')]);
    expect(() => readInChunks(whole.subarray(0, whole.length - 5), [])).toThrow('3 of the value');
    expect(() => readInChunks(whole.subarray(0, 10), [])).toThrow('inside its header');
    expect(() => readInChunks(Buffer.from('a,b\n1,2\n3,4\n5,6\n7,8\n'), [])).toThrow('not the binary format');
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

    it('comes back byte for byte: empty, one byte, megabytes over many chunks; null for a null value or no row', async () => {
      const values = [Buffer.alloc(0), Buffer.from([0]), crypto.randomBytes(300_000), Buffer.concat([crypto.randomBytes(1_000_000), Buffer.alloc(3_000_000, 'á')])];
      for (const [index, value] of values.entries()) await sql`insert into copied values (${index}, ${value})`.execute(db);
      await sql`insert into copied values (99, null)`.execute(db);
      for (const [index, value] of values.entries()) {
        const read = await copyOutOneValue(db, `select value from copied where id = ${index}`);
        expect(read?.length).toBe(value.length);
        expect(read!.equals(value)).toBe(true);
      }
      expect(await copyOutOneValue(db, 'select value from copied where id = 99')).toBeNull();
      expect(await copyOutOneValue(db, 'select value from copied where id = 100')).toBeNull();
    });
  });
});
