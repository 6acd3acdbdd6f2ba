/**
 * An import row found by a key column of the file (issue 11, item 4): an integrator's external id column, the
 * citizen ID, the party card, a header as written or folded, a mapped field; which member a row became and why a row
 * failed; scoped as the job is; hostile keys refused with a declared code and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertProvinceTree, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { CSV_HEADER, applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from './helpers.ts';

describe('import rows found by a key column', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let home: ProvinceFixture;
  let officer: ApiClient;
  let outsider: ApiClient;
  const header = [...CSV_HEADER, 'Mã hệ thống cũ'];
  const goodId = validCitizenId('male', '1985-06-15');

  beforeAll(async () => {
    ctx = await createTestApp();
    home = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Tra');
    const other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Xa');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: home.commune.id });
    officer = await signIn(ctx.app, account.username, account.password);
    const otherAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: other.commune.id });
    outsider = await signIn(ctx.app, otherAccount.username, otherAccount.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function fileJob() {
    const rows = [
      [...personCells({ name: 'Tra Một', unitCode: home.cellA.code, citizenId: goodId }), 'EXT-001'],
      [...personCells({ name: 'Tra Hai', unitCode: 'KHONG-CO' }), 'EXT-002'],
      [...personCells({ name: 'Tra Ba', unitCode: home.cellA.code, citizenId: goodId }), ' EXT-003 '],
      [...personCells({ name: 'Tra Bốn', unitCode: home.cellA.code }), 'EXT-002'],
    ];
    return uploadAndValidate(officer, home.commune.id, 'tra-cuu.csv', csvFile(rows, header));
  }

  it('finds rows by an external id column, a header folded, the citizen ID field and the party of a failed row', async () => {
    const job = await fileJob();
    expect(job).toMatchObject({ status: 'validated', invalidRows: 3, validRows: 1 });

    const byExternal = await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=${encodeURIComponent('Mã hệ thống cũ')}&value=EXT-002`);
    expect(byExternal.statusCode).toBe(200);
    const found = byExternal.json();
    expect(found.column).toEqual({ index: header.length - 1, header: 'Mã hệ thống cũ', field: null });
    expect(found.truncated).toBe(false);
    expect(found.items.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([3, 5]);
    // Why the second row failed: its cell does not exist, with the same problem the rows list gives.
    const listed = (await officer.get(`/api/member-import/jobs/${job.id}/rows?invalidOnly=true`)).json().items.find((row: { rowNumber: number }) => row.rowNumber === 3);
    expect(found.items[0]).toEqual(listed);
    expect(found.items[0].isValid).toBe(false);
    expect(found.items[0].problems.map((problem: { field: string }) => problem.field)).toContain('unitCode');

    // The header ignoring case and diacritics; the cell's surrounding spaces ignored; a limit that truncates.
    const folded = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=ma%20he%20thong%20cu&value=EXT-003`)).json();
    expect(folded.items.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([4]);
    const limited = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=${encodeURIComponent('Mã hệ thống cũ')}&value=EXT-002&limit=1`)).json();
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.items).toHaveLength(1);

    // A mapped field by its key: both rows with the repeated citizen ID, each carrying the file-duplicate problem.
    const byCitizen = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=citizenId&value=${goodId}`)).json();
    expect(byCitizen.column).toMatchObject({ header: 'Số CCCD', field: 'citizenId' });
    expect(byCitizen.items.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([2, 4]);
    for (const row of byCitizen.items) expect(row.problems.map((problem: { code: string }) => problem.code)).toContain('citizen_id_duplicate_in_file');

    // A value no row holds: an empty answer, not an error; the unnamed-column form works for the last column.
    const none = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=%23${header.length}&value=EXT-999`)).json();
    expect(none).toMatchObject({ items: [], truncated: false, column: { index: header.length - 1 } });
  });

  it('says which member an applied row became', async () => {
    const person = personCells({ name: 'Tra Áp Dụng', unitCode: home.cellB.code });
    const job = await uploadAndValidate(officer, home.commune.id, 'ap-dung.csv', csvFile([[...person, 'EXT-APPLY']], header));
    expect((await applyJob(officer, job as { id: number; rowVersion: number }, 'all')).statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 1 });
    const found = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=${encodeURIComponent('Số CCCD')}&value=${person[3]}`)).json();
    expect(found.items).toHaveLength(1);
    const memberId = found.items[0].memberId as number;
    const member = await ctx.db.selectFrom('members').select(['id', 'citizen_id']).where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(member.citizen_id).toBe(person[3]);
    const byExternal = (await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=${encodeURIComponent('Mã hệ thống cũ')}&value=EXT-APPLY`)).json();
    expect(byExternal.items[0]).toMatchObject({ memberId, isValid: true, problems: [] });
  });

  it('maps every row\'s key to the member it became, a page at a time', async () => {
    const people = Array.from({ length: 5 }, (_, index) => [...personCells({ name: `Tra Khóa ${index}`, unitCode: home.cellA.code }), ` KEY-${index} `]);
    const bad = [...personCells({ name: 'Tra Khóa Hỏng', unitCode: 'KHONG-CO' }), 'KEY-BAD'];
    const job = await uploadAndValidate(officer, home.commune.id, 'khoa.csv', csvFile([...people.slice(0, 3), bad, ...people.slice(3)], header));
    expect(job).toMatchObject({ status: 'validated', validRows: 5, invalidRows: 1 });
    expect((await applyJob(officer, job as { id: number; rowVersion: number }, 'valid_only')).statusCode).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'applied', appliedRows: 5 });

    const url = (query: string) => `/api/member-import/jobs/${job.id}/rows/keys?key=${encodeURIComponent('Mã hệ thống cũ')}&${query}`;
    const first = (await officer.get(url('limit=4'))).json();
    expect(first.column).toEqual({ index: header.length - 1, header: 'Mã hệ thống cũ', field: null });
    expect(first.items.map((row: { key: string }) => row.key)).toEqual(['KEY-0', 'KEY-1', 'KEY-2', 'KEY-BAD']);
    expect(first.nextCursor).toBe(5);
    const second = (await officer.get(url(`limit=4&after=${first.nextCursor}`))).json();
    expect(second).toMatchObject({ nextCursor: null });
    const items = [...first.items, ...second.items] as { rowNumber: number; key: string; isValid: boolean; memberId: number | null }[];
    expect(items.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(items.find((row) => row.key === 'KEY-BAD')).toMatchObject({ isValid: false, memberId: null });
    // Each key's member is the member of that row: its citizen ID is the row's.
    const applied = items.filter((row) => row.isValid);
    const members = await ctx.db.selectFrom('members').select(['id', 'citizen_id']).where('id', 'in', applied.map((row) => row.memberId!)).execute();
    const citizenOf = new Map(members.map((member) => [member.id, member.citizen_id]));
    for (const row of applied) expect(citizenOf.get(row.memberId!)).toBe(people[Number(row.key.slice(4))][3]);
    // The same rows through a mapped field; a bad key or page refused; another subtree's officer does not find the job.
    const byCitizen = (await officer.get(`/api/member-import/jobs/${job.id}/rows/keys?key=citizenId`)).json();
    expect(byCitizen.column.field).toBe('citizenId');
    expect(byCitizen.items.find((row: { memberId: number | null }) => row.memberId === applied[0].memberId).key).toBe(citizenOf.get(applied[0].memberId!));
    const unknown = await officer.get(`/api/member-import/jobs/${job.id}/rows/keys?key=khong-co`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('IMPORT_LOOKUP_KEY_UNKNOWN');
    for (const query of ['key=citizenId&limit=10001', 'key=citizenId&after=-1', 'key=', 'key=citizenId&value=1']) {
      const refused = await officer.get(`/api/member-import/jobs/${job.id}/rows/keys?${query}`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await outsider.get(`/api/member-import/jobs/${job.id}/rows/keys?key=citizenId`)).statusCode).toBe(404);
  });

  it('refuses an unknown key or an unmapped field with IMPORT_LOOKUP_KEY_UNKNOWN, and keeps the job inside scope', async () => {
    const job = await fileJob();
    const unknown = await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=${encodeURIComponent("x' or 1=1 --")}&value=a`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('IMPORT_LOOKUP_KEY_UNKNOWN');
    expect(unknown.json().error.details.headers).toContain('Mã hệ thống cũ');
    const unmapped = await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=partyCardNumber&value=1`);
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().error).toMatchObject({ code: 'IMPORT_LOOKUP_KEY_UNKNOWN', details: { field: 'partyCardNumber', reason: 'field_not_mapped' } });
    const columnPastEnd = await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=%23999&value=a`);
    expect(columnPastEnd.json().error.code).toBe('IMPORT_LOOKUP_KEY_UNKNOWN');
    for (const query of ['key=&value=a', 'key=citizenId&value=a&limit=51', `key=citizenId&value=${'9'.repeat(201)}`, 'key=citizenId']) {
      const refused = await officer.get(`/api/member-import/jobs/${job.id}/rows/lookup?${query}`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await outsider.get(`/api/member-import/jobs/${job.id}/rows/lookup?key=citizenId&value=${goodId}`)).statusCode).toBe(404);
  });
});
