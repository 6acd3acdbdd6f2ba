import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { loadActiveGrants } from '../../../src/modules/accounts/session.service.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';
import { buildTree, countRows, dateOffset, insertMember, journalOf, type Tree } from './fixtures.ts';

describe('grants on a subtree: granting, listing, revoking', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let admin: ApiClient;
  let adminId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await buildTree(ctx.db, ctx.rootUnitId);
    const account = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune1.id });
    adminId = account.id;
    admin = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  it('grants a role on a unit of the subtree to a visible account; the account can use it at once', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const targetClient = await signIn(ctx.app, target.username, target.password);
    expect((await targetClient.get('/api/auth/me')).json().abilities).not.toContain('member.write');
    const decision = await ctx.db.insertInto('decisions').values({
      number: '15-QĐ/ĐU', signed_on: '2025-06-01', issuing_body: 'Đảng ủy xã Một', issuing_unit_id: tree.commune1.id, signer: null, subject: 'Phân công bí thư chi bộ',
      attachment_id: null, number_folded: '15-qd/du', recorded_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    const response = await admin.post('/api/grants', { accountId: target.id, role: 'cell_secretary', unitId: tree.cell1.id, validTo: '2031-01-01', note: 'Nhiệm kỳ 2025-2030', decisionId: decision.id });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ accountId: target.id, role: 'cell_secretary', unitId: tree.cell1.id, validFrom: todayInVietnam(), validTo: '2031-01-01', status: 'active', delegatedFromGrantId: null, createdBy: adminId });
    expect((await targetClient.get('/api/auth/me')).json().abilities).toContain('member.write');
    expect(await journalOf(ctx.db, 'grant', response.json().id)).toEqual([expect.objectContaining({ action: 'grant.create', account_id: adminId, unit_id: tree.cell1.id, effective_date: todayInVietnam(), decision_id: decision.id })]);
  });

  it('refuses units above or beside the subtree, hidden accounts, and bad periods, changing nothing', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const hidden = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id });
    const wide = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune1.id });
    await ctx.db.insertInto('grants').values({ account_id: wide.id, role: 'viewer', unit_id: tree.province.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    const wideClient = await signIn(ctx.app, wide.username, wide.password);
    const before = { grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') };
    const cases: [ApiClient, Record<string, unknown>, number, string][] = [
      [wideClient, { accountId: target.id, role: 'viewer', unitId: tree.province.id }, 403, 'GRANT_OUTSIDE_SCOPE'],
      [admin, { accountId: target.id, role: 'viewer', unitId: tree.province.id }, 404, 'NOT_FOUND'],
      [admin, { accountId: target.id, role: 'viewer', unitId: tree.commune2.id }, 404, 'NOT_FOUND'],
      [admin, { accountId: hidden.id, role: 'viewer', unitId: tree.cell1.id }, 404, 'NOT_FOUND'],
      [admin, { accountId: target.id, role: 'viewer', unitId: tree.cell1.id, validFrom: '2026-05-01', validTo: '2026-04-01' }, 422, 'DATE_RANGE_INVALID'],
      [admin, { accountId: target.id, role: 'member', unitId: tree.cell1.id }, 422, 'MEMBER_LINK_REQUIRED'],
      [admin, { accountId: target.id, role: 'viewer', unitId: tree.cell1.id, revokedAt: null }, 422, 'VALIDATION_FAILED'],
      [admin, { accountId: target.id, role: 'viewer', unitId: tree.cell1.id, decisionId: 999_999_999 }, 422, 'DECISION_NOT_FOUND'],
    ];
    for (const [client, body, status, code] of cases) {
      const response = await client.post('/api/grants', body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    expect({ grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') }).toEqual(before);
  });

  it('the same role on the same unit for a period the account holds it is GRANT_DUPLICATE, at once or one after another', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const before = { grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') };
    const body = { accountId: target.id, role: 'viewer', unitId: tree.commune1.id, validFrom: '2026-01-01', validTo: '2027-01-01' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => admin.post('/api/grants', body)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const first = answers.find((answer) => answer.statusCode === 201)!.json();
    for (const answer of answers.filter((item) => item.statusCode === 409)) expect(answer.json().error).toMatchObject({ code: 'GRANT_DUPLICATE', details: { grantId: first.id } });
    // Overlapping periods are the same grant twice; a period after the first ends, another role or another unit are not.
    for (const overlap of [{ validFrom: '2026-12-31', validTo: null }, { validFrom: '2025-01-01', validTo: '2026-01-02' }]) {
      expect((await admin.post('/api/grants', { ...body, ...overlap })).json().error.code).toBe('GRANT_DUPLICATE');
    }
    expect({ grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') }).toEqual({ grants: before.grants + 1, journal: before.journal + 1 });
    expect((await admin.post('/api/grants', { ...body, validFrom: '2027-01-01', validTo: null })).statusCode).toBe(201);
    expect((await admin.post('/api/grants', { ...body, role: 'org_officer' })).statusCode).toBe(201);
    expect((await admin.post('/api/grants', { ...body, role: 'cell_secretary', unitId: tree.cell1.id })).statusCode).toBe(201);
    // Once revoked, the role may be given again.
    expect((await admin.post(`/api/grants/${first.id}/revoke`, { reason: 'Cấp trùng' })).statusCode).toBe(200);
    expect((await admin.post('/api/grants', body)).statusCode).toBe(201);
  });

  it('a member grant links the account to its member record, journaled', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const memberId = await insertMember(ctx.db, tree.cell1);
    const response = await admin.post('/api/grants', { accountId: target.id, role: 'member', unitId: tree.cell1.id, memberId });
    expect(response.statusCode).toBe(201);
    const account = await ctx.db.selectFrom('accounts').select(['member_id', 'row_version']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(account).toEqual({ member_id: memberId, row_version: 1 });
    expect((await journalOf(ctx.db, 'account', target.id)).map((entry) => entry.action)).toEqual(['account.link_member']);
    const other = await insertMember(ctx.db, tree.cell1);
    const mismatch = await admin.post('/api/grants', { accountId: target.id, role: 'member', unitId: tree.cell1.id, memberId: other });
    expect(mismatch.json().error.code).toBe('MEMBER_ALREADY_LINKED');
    // A member record outside the caller's subtree cannot be linked: not found, and nothing changes.
    const fresh = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const elsewhere = await insertMember(ctx.db, tree.commune3);
    const before = { grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') };
    const outside = await admin.post('/api/grants', { accountId: fresh.id, role: 'member', unitId: tree.cell1.id, memberId: elsewhere });
    expect([outside.statusCode, outside.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await ctx.db.selectFrom('accounts').select('member_id').where('id', '=', fresh.id).executeTakeFirstOrThrow()).member_id).toBeNull();
    expect({ grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') }).toEqual(before);
  });

  it('lists grants by account and by a unit\'s subtree, only inside the caller\'s scope', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    await ctx.db.insertInto('grants').values({ account_id: target.id, role: 'org_officer', unit_id: tree.commune3.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    await ctx.db.insertInto('grants').values({ account_id: target.id, role: 'viewer', unit_id: tree.commune1.id, valid_from: '2000-01-01', valid_to: '2001-01-01', delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    const byAccount = await admin.get(`/api/grants?accountId=${target.id}`);
    expect(byAccount.statusCode).toBe(200);
    expect(byAccount.json().items.map((grant: { unitId: number }) => grant.unitId)).toEqual([tree.cell1.id]);
    const withHistory = await admin.get(`/api/grants?accountId=${target.id}&includeInactive=true`);
    expect(withHistory.json().items.map((grant: { unitId: number; status: string }) => [grant.unitId, grant.status])).toEqual([[tree.cell1.id, 'active'], [tree.commune1.id, 'expired']]);
    const byUnit = await admin.get(`/api/grants?unitId=${tree.cell1.id}&pageSize=200`);
    expect(byUnit.json().items.every((grant: { unitId: number }) => grant.unitId === tree.cell1.id)).toBe(true);
    expect(byUnit.json().items.map((grant: { accountId: number }) => grant.accountId)).toContain(target.id);
    // A unit the caller cannot see is not found, as in every other list.
    const hidden = await admin.get(`/api/grants?unitId=${tree.commune3.id}`);
    expect([hidden.statusCode, hidden.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    const paged = await admin.get(`/api/grants?unitId=${tree.commune1.id}&pageSize=1&page=2`);
    expect(paged.json().items).toHaveLength(1);
    expect(paged.json().total).toBeGreaterThan(1);
  });

  it('revoking keeps the grant, marked revoked; the account loses the role at once', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const grant = (await admin.post('/api/grants', { accountId: target.id, role: 'org_officer', unitId: tree.commune1.id })).json();
    const client = await signIn(ctx.app, target.username, target.password);
    expect((await client.get('/api/auth/me')).json().abilities).toContain('org.restructure');
    const revoked = await admin.post(`/api/grants/${grant.id}/revoke`, { reason: 'Nghỉ hưu' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: grant.id, status: 'revoked' });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await client.get('/api/auth/me')).json().abilities).not.toContain('org.restructure');
    expect(await ctx.db.selectFrom('grants').select('id').where('id', '=', grant.id).executeTakeFirst()).toBeDefined();
    expect((await journalOf(ctx.db, 'grant', grant.id)).map((entry) => [entry.action, entry.reason])).toEqual([['grant.create', null], ['grant.revoke', 'Nghỉ hưu']]);
    const again = await admin.post(`/api/grants/${grant.id}/revoke`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('GRANT_ALREADY_REVOKED');
  });

  it('revoking answers 404 outside the scope and refuses the caller\'s own grants', async () => {
    const outside = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id });
    const outsideGrant = await ctx.db.selectFrom('grants').select('id').where('account_id', '=', outside.id).executeTakeFirstOrThrow();
    const response = await admin.post(`/api/grants/${outsideGrant.id}/revoke`, {});
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    const own = await ctx.db.selectFrom('grants').select('id').where('account_id', '=', adminId).executeTakeFirstOrThrow();
    expect((await admin.post(`/api/grants/${own.id}/revoke`, {})).json().error.code).toBe('ACCOUNT_SELF_CHANGE');
  });
});

describe('acting grants (delegation)', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let secretary: { id: number; username: string; password: string };
  let secretaryClient: ApiClient;
  let secretaryGrantId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await buildTree(ctx.db, ctx.rootUnitId);
    secretary = await createAccount(ctx.db, { role: 'cell_secretary', unitId: tree.commune1.id, validFrom: '2025-01-01', validTo: dateOffset(400) });
    secretaryClient = await signIn(ctx.app, secretary.username, secretary.password);
    secretaryGrantId = (await secretaryClient.get('/api/auth/me')).json().grants[0].id;
  });
  afterAll(async () => { await ctx.close(); });

  it('delegates the holder\'s role on a unit below for a period; the deputy acts at once', async () => {
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const deputyClient = await signIn(ctx.app, deputy.username, deputy.password);
    const response = await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, unitId: tree.cell1.id, validTo: dateOffset(30), note: 'Đi học 1 tháng' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ accountId: deputy.id, role: 'cell_secretary', unitId: tree.cell1.id, delegatedFromGrantId: secretaryGrantId, validTo: dateOffset(30), status: 'active' });
    const me = (await deputyClient.get('/api/auth/me')).json();
    expect(me.abilities).toContain('member.write');
    expect(me.grants).toContainEqual(expect.objectContaining({ role: 'cell_secretary', unitId: tree.cell1.id, isDelegation: true }));
    expect(await journalOf(ctx.db, 'grant', response.json().id)).toEqual([expect.objectContaining({ action: 'grant.delegate', account_id: secretary.id, unit_id: tree.cell1.id })]);
    const delegations = await secretaryClient.get('/api/grants/delegations');
    expect(delegations.json().given.map((grant: { id: number }) => grant.id)).toContain(response.json().id);
    expect((await deputyClient.get('/api/grants/delegations')).json().received.map((grant: { id: number }) => grant.id)).toEqual([response.json().id]);
  });

  it('an acting grant ends by itself on its end date', async () => {
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const response = await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, validTo: dateOffset(2) });
    expect(response.statusCode).toBe(201);
    const roles = async (today: string) => (await loadActiveGrants(ctx.db, deputy.id, today)).map((grant) => grant.role);
    expect(await roles(todayInVietnam())).toContain('cell_secretary');
    expect(await roles(dateOffset(1))).toContain('cell_secretary');
    expect(await roles(dateOffset(2))).not.toContain('cell_secretary');
    // An acting grant is never back-dated.
    const past = await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, validFrom: '2025-02-01', validTo: '2025-03-01' });
    expect(past.json().error.code).toBe('DELEGATION_STARTS_IN_PAST');
  });

  it('refuses a delegation without an end, beyond its source, wider than its source, or outside its unit', async () => {
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const before = { grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ accountId: deputy.id }, 422, 'DELEGATION_NEEDS_END'],
      [{ accountId: deputy.id, validTo: dateOffset(401) }, 422, 'DELEGATION_BEYOND_SOURCE'],
      [{ accountId: deputy.id, validFrom: '2024-12-31', validTo: dateOffset(10) }, 422, 'DELEGATION_STARTS_IN_PAST'],
      [{ accountId: deputy.id, validTo: dateOffset(200) }, 422, 'DELEGATION_TOO_LONG'],
      [{ accountId: deputy.id, role: 'org_officer', validTo: dateOffset(10) }, 403, 'GRANT_ROLE_NOT_ALLOWED'],
      [{ accountId: deputy.id, role: 'admin', validTo: dateOffset(10) }, 403, 'GRANT_ROLE_NOT_ALLOWED'],
      [{ accountId: deputy.id, unitId: tree.commune2.id, validTo: dateOffset(10) }, 403, 'GRANT_OUTSIDE_SCOPE'],
      [{ accountId: deputy.id, unitId: tree.province.id, validTo: dateOffset(10) }, 403, 'GRANT_OUTSIDE_SCOPE'],
      [{ accountId: deputy.id, unitId: 999_999_999, validTo: dateOffset(10) }, 403, 'GRANT_OUTSIDE_SCOPE'],
      [{ accountId: deputy.id, role: 'member', validTo: dateOffset(10) }, 422, 'DELEGATION_INVALID'],
      [{ accountId: secretary.id, validTo: dateOffset(10) }, 422, 'DELEGATION_INVALID'],
      [{ accountId: 999_999_999, validTo: dateOffset(10) }, 404, 'NOT_FOUND'],
      [{ accountId: deputy.id, validFrom: dateOffset(5), validTo: dateOffset(5) }, 422, 'DATE_RANGE_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const response = await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    // A lesser role is fine.
    expect((await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, role: 'viewer', validTo: dateOffset(10) })).statusCode).toBe(201);
    expect({ grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') }).toEqual({ grants: before.grants + 1, journal: before.journal + 1 });
  });

  it('only the holder may delegate a grant, and an acting grant cannot be delegated again', async () => {
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const other = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const stranger = await signIn(ctx.app, other.username, other.password);
    const notMine = await stranger.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, validTo: dateOffset(10) });
    expect(notMine.statusCode).toBe(404);
    const acting = (await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, validTo: dateOffset(10) })).json();
    const deputyClient = await signIn(ctx.app, deputy.username, deputy.password);
    const chained = await deputyClient.post(`/api/grants/${acting.id}/delegate`, { accountId: other.id, validTo: dateOffset(5) });
    expect(chained.json().error.code).toBe('DELEGATION_INVALID');
  });

  it('the delegator can end an acting grant early; nobody else can', async () => {
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const acting = (await secretaryClient.post(`/api/grants/${secretaryGrantId}/delegate`, { accountId: deputy.id, validTo: dateOffset(10) })).json();
    const deputyClient = await signIn(ctx.app, deputy.username, deputy.password);
    expect((await deputyClient.post(`/api/grants/${acting.id}/end-delegation`, {})).statusCode).toBe(404);
    const ended = await secretaryClient.post(`/api/grants/${acting.id}/end-delegation`, { reason: 'Đã về' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().status).toBe('revoked');
    expect((await deputyClient.get('/api/auth/me')).json().abilities).not.toContain('member.write');
    expect((await journalOf(ctx.db, 'grant', acting.id)).map((entry) => entry.action)).toEqual(['grant.delegate', 'grant.delegation_end']);
    expect((await secretaryClient.post(`/api/grants/${acting.id}/end-delegation`, {})).json().error.code).toBe('GRANT_ALREADY_REVOKED');
    const plain = await ctx.db.selectFrom('grants').select('id').where('account_id', '=', deputy.id).where('delegated_from_grant_id', 'is', null).executeTakeFirstOrThrow();
    expect((await secretaryClient.post(`/api/grants/${plain.id}/end-delegation`, {})).statusCode).toBe(404);
  });

  it('revoking the source grant ends its acting grants too', async () => {
    const holder = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune1.id, validTo: dateOffset(100) });
    const holderClient = await signIn(ctx.app, holder.username, holder.password);
    const sourceId = (await holderClient.get('/api/auth/me')).json().grants[0].id;
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    const acting = (await holderClient.post(`/api/grants/${sourceId}/delegate`, { accountId: deputy.id, validTo: dateOffset(20) })).json();
    const admin = await createAccount(ctx.db, { role: 'admin', unitId: tree.province.id });
    const adminClient = await signIn(ctx.app, admin.username, admin.password);
    expect((await adminClient.post(`/api/grants/${sourceId}/revoke`, { reason: 'Thôi giữ chức' })).statusCode).toBe(200);
    const rows = await ctx.db.selectFrom('grants').select(['id', 'revoked_at']).where('id', 'in', [sourceId, acting.id]).execute();
    expect(rows.every((row) => row.revoked_at !== null)).toBe(true);
    expect((await journalOf(ctx.db, 'grant', acting.id)).map((entry) => entry.action)).toEqual(['grant.delegate', 'grant.revoke']);
    expect((await loadActiveGrants(ctx.db, deputy.id)).map((grant) => grant.role)).toEqual(['member']);
  });

  it('an acting grant lapses when its delegator\'s account is disabled', async () => {
    const holder = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune1.id });
    const holderClient = await signIn(ctx.app, holder.username, holder.password);
    const sourceId = (await holderClient.get('/api/auth/me')).json().grants[0].id;
    const deputy = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    expect((await holderClient.post(`/api/grants/${sourceId}/delegate`, { accountId: deputy.id, validTo: dateOffset(20) })).statusCode).toBe(201);
    expect((await loadActiveGrants(ctx.db, deputy.id)).map((grant) => grant.role)).toContain('org_officer');
    await ctx.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', holder.id).execute();
    expect((await loadActiveGrants(ctx.db, deputy.id)).map((grant) => grant.role)).not.toContain('org_officer');
  });
});
