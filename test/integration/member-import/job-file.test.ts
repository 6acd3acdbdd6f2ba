/**
 * The stored file read back a slice at a time (`readJobFile`): byte for byte the file uploaded, whatever the slice's
 * size against the file's, so a validation reads what was uploaded while no turn of the event loop takes a whole
 * 50 MB file apart at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { JOB_FILE_SLICE_BYTES, readJobFile } from '../../../src/modules/member-import/member-import.repository.ts';
import { csvFile, personCells, uploadAndValidate } from './helpers.ts';

describe('the stored file read back in slices', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tep');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  it('gives back the uploaded bytes for slices smaller than, equal to and larger than the file', async () => {
    // Vietnamese letters (multi-byte) across slice boundaries, and a byte order mark first.
    const file = csvFile(Array.from({ length: 300 }, (_, index) => personCells({ name: `Nguyễn Thị Ánh ${index}`, unitCode: home.cellA.code })));
    const job = await uploadAndValidate(officer, home.commune.id, 'tep.csv', file);
    expect(job).toMatchObject({ status: 'validated', validRows: 300 });
    for (const slice of [997, 4_096, file.length - 1, file.length, file.length + 1, JOB_FILE_SLICE_BYTES]) {
      const read = await readJobFile(ctx.db, job.id, slice);
      expect(read.length).toBe(file.length);
      expect(read.equals(file)).toBe(true);
    }
    expect(file.length).toBeGreaterThan(20 * 997); // many slices at the smallest size
  });
});
