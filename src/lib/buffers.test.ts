import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { JOIN_SLICE_BYTES, joinIntoSharedBuffer, readIntoSharedBuffer, sha256InSlices } from './buffers.ts';

describe('joinIntoSharedBuffer', () => {
  it('joins the chunks in order into shared memory', async () => {
    const chunks = [crypto.randomBytes(70_000), Buffer.alloc(0), crypto.randomBytes(3), crypto.randomBytes(65_536)];
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const joined = await joinIntoSharedBuffer(chunks, size);
    expect(joined.equals(Buffer.concat(chunks))).toBe(true);
    expect(joined.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect((await joinIntoSharedBuffer([], 0)).length).toBe(0);
  });

  it('lets other work run between slices, and refuses chunks that do not make the size announced', async () => {
    const chunks = Array.from({ length: Math.ceil((3 * JOIN_SLICE_BYTES) / 65_536) }, (_, index) => Buffer.alloc(65_536, index % 251));
    const size = chunks.length * 65_536;
    let otherWorkRan = false;
    const pending = joinIntoSharedBuffer(chunks, size);
    // Another request's work, queued once the first slice is copied: it runs between two slices, before the join ends.
    setImmediate(() => { otherWorkRan = true; });
    const joined = await pending;
    expect(otherWorkRan).toBe(true);
    expect(joined.equals(Buffer.concat(chunks))).toBe(true);
    await expect(joinIntoSharedBuffer([Buffer.alloc(5)], 4)).rejects.toThrow('more than the 4 bytes');
    await expect(joinIntoSharedBuffer([Buffer.alloc(3)], 4)).rejects.toThrow('3 of the 4 bytes');
  });

  it('reads a stream to its end into shared memory', async () => {
    const chunks = [crypto.randomBytes(100_000), crypto.randomBytes(1), crypto.randomBytes(70_000)];
    const read = await readIntoSharedBuffer(Readable.from(chunks));
    expect(read.equals(Buffer.concat(chunks))).toBe(true);
    expect(read.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect((await readIntoSharedBuffer(Readable.from([]))).length).toBe(0);
  });
});

describe('sha256InSlices', () => {
  it('gives the digest of the whole, for sizes around a slice, letting other work run between slices', async () => {
    const whole = crypto.randomBytes(2 * JOIN_SLICE_BYTES + 1);
    for (const size of [0, 1, JOIN_SLICE_BYTES - 1, JOIN_SLICE_BYTES, JOIN_SLICE_BYTES + 1, whole.length]) {
      const data = whole.subarray(0, size);
      expect(await sha256InSlices(data)).toBe(crypto.createHash('sha256').update(data).digest('hex'));
    }
    let otherWorkRan = false;
    const pending = sha256InSlices(whole);
    setImmediate(() => { otherWorkRan = true; });
    await pending;
    expect(otherWorkRan).toBe(true);
  });
});
