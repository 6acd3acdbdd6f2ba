import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { notify, resolveRecipients } from '../../../src/modules/notifications/index.ts';
import { applyJob, csvFile, personCells, uploadAndValidate, waitForJob } from '../member-import/helpers.ts';

describe('notifications', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  const accounts: Record<string, { id: number; username: string; password: string }> = {};
  const clients: Record<string, ApiClient> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Bắc Báo');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Nam Báo');
    const make = async (name: string, role: 'admin' | 'org_officer' | 'cell_secretary' | 'viewer', unitId: number) => {
      accounts[name] = await createAccount(ctx.db, { role, unitId });
      clients[name] = await signIn(ctx.app, accounts[name].username, accounts[name].password);
    };
    await make('centreAdmin', 'admin', ctx.rootUnitId);
    await make('northOfficer', 'org_officer', north.commune.id);
    await make('southCommune', 'org_officer', south.commune.id);
    await make('southCommune2', 'org_officer', south.commune.id);
    await make('southViewer', 'viewer', south.grassroots.id);
    await make('southSecretary', 'cell_secretary', south.cellB.id);
  });
  afterAll(async () => { await ctx.close(); });

  const count = async (accountId: number) => Number((await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);

  async function newMember(name: string) {
    const birthDate = '1980-05-12';
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, fullName: name, birthDate, citizenId: validCitizenId('male', birthDate) });
  }
  async function issue(memberId: number, rowVersion: number, toUnitId = south.grassroots.id) {
    const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01' });
    const response = await clients.northOfficer.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', memberId, toUnitId, expectedRowVersion: rowVersion });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('the officers responsible are those of the nearest unit at or above the event that has any, never the actor', async () => {
    const atCell = await inTransaction(ctx.db, (tx) => resolveRecipients(tx, { unitId: south.cellB.id, action: 'member.write' }));
    expect(atCell).toEqual([accounts.southSecretary.id]);
    // The other cell has no secretary: its commune's officers (both), not the viewer (no write), not the centre's admin.
    const atOtherCell = await inTransaction(ctx.db, (tx) => resolveRecipients(tx, { unitId: south.cellA.id, action: 'member.write' }));
    expect(atOtherCell).toEqual([accounts.southCommune.id, accounts.southCommune2.id].sort((a, b) => a - b));
    // For reading, the viewer on the grassroots committee is nearer.
    expect(await inTransaction(ctx.db, (tx) => resolveRecipients(tx, { unitId: south.cellA.id, action: 'member.read' }))).toEqual([accounts.southViewer.id]);
    // The province has nobody of its own: the centre's administrator.
    expect(await inTransaction(ctx.db, (tx) => resolveRecipients(tx, { unitId: south.province.id, action: 'member.write' }))).toEqual([accounts.centreAdmin.id]);
    expect(await inTransaction(ctx.db, (tx) => resolveRecipients(tx, { unitId: south.cellA.id, action: 'member.write', exceptAccountId: accounts.southCommune.id, accountIds: [accounts.northOfficer.id, null] })))
      .toEqual([accounts.northOfficer.id, accounts.southCommune2.id].sort((a, b) => a - b));
  });

  it('an issued transfer tells the destination\'s officers; accepting it tells the origin\'s officers and the issuer', async () => {
    const member = await newMember('Nguyễn Văn Báo');
    const adminBefore = await count(accounts.centreAdmin.id);
    const transfer = await issue(member.id, member.rowVersion);
    const list = (await clients.southCommune.get('/api/notifications')).json();
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({
      kind: 'transfer.arrived', objectType: 'member_transfer', objectId: transfer.id, unitId: south.grassroots.id, readAt: null,
      // Units with where they are, as they are told apart.
      params: { memberName: 'Nguyễn Văn Báo', toUnitName: `${south.grassroots.name} · ${south.commune.name}`, fromUnitName: `${north.cellA.name} · ${north.grassroots.name} · ${north.commune.name}` },
    });
    expect((await clients.southCommune2.get('/api/notifications')).json().unread).toBe(1);
    // The issuer is not told of their own act, the centre's administrator not of a commune's transfer.
    expect((await clients.northOfficer.get('/api/notifications')).json().items).toEqual([]);
    expect(await count(accounts.centreAdmin.id)).toBe(adminBefore);

    const accepted = await clients.southCommune.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-09-15', cellId: south.cellA.id, expectedRowVersion: transfer.rowVersion ?? 0 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const told = (await clients.northOfficer.get('/api/notifications')).json();
    expect(told.items.map((item: { kind: string; objectId: number }) => [item.kind, item.objectId])).toEqual([['transfer.accepted', transfer.id]]);
    expect((await clients.southCommune.get('/api/notifications')).json().items.map((item: { kind: string }) => item.kind)).toEqual(['transfer.arrived']);
  });

  it('a returned transfer tells the origin; a refused command tells nobody', async () => {
    const member = await newMember('Trần Văn Trả');
    const transfer = await issue(member.id, member.rowVersion, south.cellB.id);
    // Addressed to a cell with a secretary: only the secretary is told.
    expect((await clients.southSecretary.get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'transfer.arrived', objectId: transfer.id });
    const before = await count(accounts.northOfficer.id);
    const refused = await clients.southSecretary.post(`/api/transfers/${transfer.id}/return`, { closedOn: '2025-08-01', reason: 'Sai ngày', expectedRowVersion: transfer.rowVersion ?? 0 });
    expect(refused.statusCode).toBe(422);
    expect(await count(accounts.northOfficer.id)).toBe(before);
    const returned = await clients.southSecretary.post(`/api/transfers/${transfer.id}/return`, { closedOn: '2025-09-10', reason: 'Không đúng địa chỉ', expectedRowVersion: transfer.rowVersion ?? 0 });
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await clients.northOfficer.get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'transfer.returned', objectId: transfer.id });
  });

  it('read and unread, kept per account; another account\'s notification is 404 and stays unread', async () => {
    const mine = (await clients.southCommune2.get('/api/notifications')).json();
    expect(mine.unread).toBeGreaterThan(0);
    const target = mine.items[0];
    const others = await clients.southCommune.post(`/api/notifications/${target.id}/read`, {});
    expect([others.statusCode, others.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await clients.southCommune.post('/api/notifications/999999999/read', {})).statusCode).toBe(404);
    expect((await ctx.db.selectFrom('notifications').select('read_at').where('id', '=', target.id).executeTakeFirstOrThrow()).read_at).toBeNull();

    const read = await clients.southCommune2.post(`/api/notifications/${target.id}/read`, {});
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const after = (await clients.southCommune2.get('/api/notifications')).json();
    expect(after.unread).toBe(mine.unread - 1);
    expect(after.items.find((item: { id: number }) => item.id === target.id).readAt).not.toBeNull();
    // The colleague's copy of the same event is their own and still unread.
    expect((await clients.southCommune.get('/api/notifications')).json().unread).toBeGreaterThan(0);

    const all = await clients.southCommune.post('/api/notifications/read-all', {});
    expect(all.statusCode, all.body).toBe(200);
    expect((await clients.southCommune.get('/api/notifications')).json().unread).toBe(0);
    expect((await clients.southCommune2.get('/api/notifications')).json().unread).toBe(after.unread);
  });

  it('pages newest first', async () => {
    await inTransaction(ctx.db, async (tx) => {
      for (let i = 0; i < 5; i++) await notify(tx, { kind: 'import.validated', accountIds: [accounts.centreAdmin.id], params: { filename: `f${i}.csv` } });
    });
    const first = (await clients.centreAdmin.get('/api/notifications?limit=3')).json();
    expect(first.items).toHaveLength(3);
    expect(first.items[0].params.filename).toBe('f4.csv');
    const second = (await clients.centreAdmin.get(`/api/notifications?limit=3&after=${first.nextCursor}`)).json();
    expect(second.items.map((item: { params: { filename: string } }) => item.params.filename).slice(0, 2)).toEqual(['f1.csv', 'f0.csv']);
  });

  it('an import tells the account that started it when validation is done and when it is applied', async () => {
    const officer = await createAccount(ctx.db, { role: 'org_officer', unitId: north.commune.id });
    const client = await signIn(ctx.app, officer.username, officer.password);
    const job = await uploadAndValidate(client, north.commune.id, 'thong-bao.csv', csvFile([personCells({ name: 'Lê Văn Nhập', unitCode: north.cellA.code })]));
    expect(job).toMatchObject({ status: 'validated' });
    let list = (await client.get('/api/notifications')).json();
    expect(list.items.map((item: { kind: string; objectId: number; params: { filename: string } }) => [item.kind, item.objectId, item.params.filename]))
      .toEqual([['import.validated', job.id, 'thong-bao.csv']]);
    // Nobody else is told of another's import.
    expect((await clients.northOfficer.get('/api/notifications')).json().items.some((item: { kind: string }) => item.kind.startsWith('import.'))).toBe(false);
    expect((await applyJob(client, job as never, 'all')).statusCode).toBe(202);
    expect(await waitForJob(client, job.id)).toMatchObject({ status: 'applied' });
    list = (await client.get('/api/notifications')).json();
    expect(list.items[0]).toMatchObject({ kind: 'import.applied', objectId: job.id, params: { appliedRows: 1 } });
    expect(list.unread).toBe(2);
  });

  it('a failed import tells the account that started it', async () => {
    const officer = await createAccount(ctx.db, { role: 'org_officer', unitId: north.commune.id });
    const client = await signIn(ctx.app, officer.username, officer.password);
    // A header-only file: validation fails with IMPORT_NO_ROWS.
    const job = await uploadAndValidate(client, north.commune.id, 'rong.csv', csvFile([]));
    expect(job.status).toBe('failed');
    const list = (await client.get('/api/notifications')).json();
    expect(list.items[0]).toMatchObject({ kind: 'import.failed', objectId: job.id, params: { filename: 'rong.csv' } });
  });
});
