/**
 * One large value read out of the database as it is stored: `copy (select …) to stdout with (format binary)` sends a
 * bytea's bytes raw, where a select sends them as text (hex, or base64 through `encode`) for the server to write and
 * this process to take apart again. A 7 MB file came back in 15–23 ms this way, against 0.21–0.23 s in base64 slices
 * (member-import/NOTES.md, "Fifth pass"); the bytes arrive in the socket's chunks, each copied into place, so no turn
 * of the event loop handles more than a chunk.
 *
 * The framing is PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
 * Format"): an 11-byte signature, a 32-bit flags field, a 32-bit header extension length and the extension, then per
 * row a 16-bit field count and per field a 32-bit length (-1: null) and the bytes; a field count of -1 ends the data.
 * Only the first field of the first row is kept: the readers here ask for exactly one value.
 */
import { to as copyTo } from 'pg-copy-streams';
import { withPoolClient, type Db } from './database.ts';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Takes the chunks of a binary COPY of one row and one field, in order, and keeps the field's bytes. */
export class OneValueFromBinaryCopy {
  private head: Buffer = Buffer.alloc(0);
  private value: Buffer | null = null;
  private filled = 0;
  private ended = false;

  push(chunk: Buffer): void {
    if (this.ended) return;
    if (this.value === null) {
      this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
      this.readHead();
      return;
    }
    this.fill(chunk);
  }

  /** The value's bytes; null for a null value or no row at all. Throws when the data stopped before its end. */
  result(): Buffer | null {
    if (this.value === null) {
      if (this.ended) return null;
      throw new Error('binary COPY: the data ended inside its header');
    }
    if (this.filled < this.value.length) throw new Error(`binary COPY: ${this.filled} of the value's ${this.value.length} bytes arrived`);
    return this.value;
  }

  /** Reads the header and the first field's length once enough bytes are here; the rest of the chunk is the value. */
  private readHead(): void {
    const head = this.head;
    if (head.length < 19) return;
    if (!head.subarray(0, 11).equals(SIGNATURE)) throw new Error('binary COPY: not the binary format');
    const start = 19 + head.readUInt32BE(15);
    if (head.length < start + 2) return;
    const fields = head.readInt16BE(start);
    if (fields === -1) {
      this.ended = true;
      return;
    }
    if (fields < 1) throw new Error(`binary COPY: a row of ${fields} fields`);
    if (head.length < start + 6) return;
    const length = head.readInt32BE(start + 2);
    if (length === -1) {
      this.ended = true;
      return;
    }
    this.value = Buffer.allocUnsafeSlow(length);
    this.head = Buffer.alloc(0);
    this.fill(head.subarray(start + 6));
  }

  private fill(chunk: Buffer): void {
    const take = Math.min(chunk.length, this.value!.length - this.filled);
    chunk.copy(this.value!, this.filled, 0, take);
    this.filled += take;
    // What follows the value (the other fields, the trailer) is not read.
    if (this.filled === this.value!.length) this.ended = true;
  }
}

/**
 * The first column of the first row `query` returns, as stored (a bytea's bytes), or null. `query` is a whole
 * statement's text: COPY takes no parameters, so it must not hold anything a caller typed.
 */
export async function copyOutOneValue(db: Db, query: string): Promise<Buffer | null> {
  return withPoolClient(db, async (client) => {
    const reader = new OneValueFromBinaryCopy();
    for await (const chunk of client.query(copyTo(`copy (${query}) to stdout with (format binary)`))) reader.push(chunk as Buffer);
    return reader.result();
  });
}
