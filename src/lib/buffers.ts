/**
 * Large buffers built without holding the event loop. Copying is slow on a loaded 2-core machine (a 56 MB upload's
 * `Buffer.concat` took 0.1–0.3 s in one turn, in which no other request was answered), so a whole is put together a
 * few megabytes per turn.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How many bytes are copied between two turns of the event loop. */
export const JOIN_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * The chunks joined into one buffer of `size` bytes in shared memory (a `SharedArrayBuffer`), `JOIN_SLICE_BYTES` per
 * turn. A worker thread posted such a buffer reads the same memory: the whole is never copied again (an uploaded file
 * read by the reader worker, member-import/spreadsheet-in-worker.ts).
 */
export async function joinIntoSharedBuffer(chunks: readonly Uint8Array[], size: number): Promise<Buffer> {
  const joined = Buffer.from(new SharedArrayBuffer(size));
  let filled = 0;
  let sinceTurn = 0;
  for (const chunk of chunks) {
    if (filled + chunk.length > size) throw new Error(`joinIntoSharedBuffer: more than the ${size} bytes announced`);
    joined.set(chunk, filled);
    filled += chunk.length;
    sinceTurn += chunk.length;
    if (sinceTurn >= JOIN_SLICE_BYTES) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  if (filled !== size) throw new Error(`joinIntoSharedBuffer: ${filled} of the ${size} bytes announced`);
  return joined;
}

/**
 * A stream read to its end and joined into shared memory (`joinIntoSharedBuffer`). The stream bounds its own size (an
 * upload's parser stops at its limit); the chunks are kept until the end, as a join needs the total first.
 */
export async function readIntoSharedBuffer(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
  }
  return joinIntoSharedBuffer(chunks, size);
}

/**
 * The SHA-256 of `data` as hex, `JOIN_SLICE_BYTES` hashed per turn: in one call a 20 MB decision PDF held the event
 * loop about 15 ms, in slices about 3 ms a turn.
 */
export async function sha256InSlices(data: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let start = 0; start < data.length; start += JOIN_SLICE_BYTES) {
    if (start > 0) await nextTurn();
    hash.update(data.subarray(start, start + JOIN_SLICE_BYTES));
  }
  return hash.digest('hex');
}
