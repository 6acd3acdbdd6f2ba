/**
 * Delegation (ủy quyền) from outside: who may hand their duties to whom, for how long, and what a refusal gives away.
 * Reproduces the finding "a viewer of commune A gives its scope to the officer of commune B", and the accounts and
 * grants lists filtered by a unit the caller cannot see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import type { Role } from '../../../src/db/schema.ts';
import { loadActiveGrants } from '../../../src/modules/accounts/session.service.ts';
import { todayInVietnam, addMonths, addDays } from '../../../src/lib/dates.ts';
import { delegationRulesOn } from '../../../src/rules/delegation.ts';
import { buildTree, countRows, dateOffset, insertMember, journalOf, type Tree } from './fixtures.ts';

type Account = Awaited<ReturnType<typeof createAccount>>;

describe('delegating a grant', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;

  /** An account with one grant, signed in, with that grant's id. */
  async function holder(role: Role, unitId: number, extra: { validTo?: string | null } = {}) {
    const account = await createAccount(ctx.db, { role, unitId, ...extra });
    const client = await signIn(ctx.app, account.username, account.password);
    const grantId: number = (await client.get('/api/auth/me')).json().grants[0].id;
    return { account, client, grantId };
  }

  const counts = async () => ({ grants: await countRows(ctx.db, 'grants'), journal: await countRows(ctx.db, 'journal') });

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await buildTree(ctx.db, ctx.rootUnitId);
  });
  afterAll(async () => { await ctx.close(); });

  it('the reproduction: a viewer of commune A cannot hand its scope to the officer of commune B, who still cannot read A', async () => {
    const viewerA = await holder('viewer', tree.commune1.id);
    const officerB = await holder('org_officer', tree.commune2.id);
    const memberOfA = await insertMember(ctx.db, tree.cell1);
    const before = await counts();
    const response = await viewerA.client.post(`/api/grants/${viewerA.grantId}/delegate`, { accountId: officerB.account.id, validTo: '2027-01-31' });
    expect([response.statusCode, response.json().error?.code]).toEqual([422, 'DELEGATION_ROLE_NOT_DELEGABLE']);
    expect(response.json().error.message).toMatch(/ủy quyền/);
    expect(response.body).not.toContain(officerB.account.username);
    expect(await counts()).toEqual(before);
    // Officer B has no power over A afterwards: A's member and A's list are not found.
    expect((await loadActiveGrants(ctx.db, officerB.account.id)).map((grant) => grant.unitId)).toEqual([tree.commune2.id]);
    const member = await officerB.client.get(`/api/members/${memberOfA}`);
    expect([member.statusCode, member.json().error?.code]).toEqual([404, 'NOT_FOUND']);
    const list = await officerB.client.get(`/api/members?unitId=${tree.cell1.id}`);
    expect([list.statusCode, list.json().error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('only a role with a duty can be delegated: viewer, inspection officer and self-service member cannot', async () => {
    const colleague = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const memberId = await insertMember(ctx.db, tree.cell1);
    for (const role of ['viewer', 'inspection_officer', 'member'] as const) {
      const source = role === 'member'
        ? await (async () => {
          const account = await createAccount(ctx.db, { role, unitId: tree.cell1.id, memberId });
          const client = await signIn(ctx.app, account.username, account.password);
          return { client, grantId: (await client.get('/api/auth/me')).json().grants[0].id as number };
        })()
        : await holder(role, tree.commune1.id);
      const before = await counts();
      const response = await source.client.post(`/api/grants/${source.grantId}/delegate`, { accountId: colleague.id, validTo: dateOffset(10) });
      expect({ role, status: response.statusCode, code: response.json().error?.code }).toEqual({ role, status: 422, code: 'DELEGATION_ROLE_NOT_DELEGABLE' });
      expect(await counts()).toEqual(before);
    }
    // A cell secretary, an organization officer and an administrator can.
    for (const role of ['cell_secretary', 'org_officer', 'admin'] as const) {
      const source = await holder(role, tree.commune1.id);
      const response = await source.client.post(`/api/grants/${source.grantId}/delegate`, { accountId: colleague.id, validTo: dateOffset(10) });
      expect({ role, status: response.statusCode }).toEqual({ role, status: 201 });
    }
  });

  it('a target that is missing, disabled, or outside the organization answers exactly the same, and nothing changes', async () => {
    const officerA = await holder('org_officer', tree.commune1.id);
    const disabled = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    await ctx.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const sibling = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune2.id });
    const elsewhere = await createAccount(ctx.db, { role: 'admin', unitId: tree.otherProvince.id });
    const above = await createAccount(ctx.db, { role: 'admin', unitId: tree.province.id });
    const formerlyInA = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id });
    await ctx.db.insertInto('grants').values({ account_id: formerlyInA.id, role: 'viewer', unit_id: tree.cell1.id, valid_from: '2020-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: new Date(), created_by: null }).execute();
    const expiredInA = await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune3.id });
    await ctx.db.insertInto('grants').values({ account_id: expiredInA.id, role: 'viewer', unit_id: tree.cell1.id, valid_from: '2020-01-01', valid_to: '2021-01-01', delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null }).execute();
    const targets: [string, number, string | null][] = [
      ['missing', 999_999_999, null],
      ['disabled', disabled.id, disabled.username],
      ['sibling commune', sibling.id, sibling.username],
      ['other province', elsewhere.id, elsewhere.username],
      ['the province above', above.id, above.username],
      ['revoked grant in A', formerlyInA.id, formerlyInA.username],
      ['expired grant in A', expiredInA.id, expiredInA.username],
    ];
    const before = await counts();
    const answers = [];
    for (const [label, accountId, username] of targets) {
      const response = await officerA.client.post(`/api/grants/${officerA.grantId}/delegate`, { accountId, validTo: dateOffset(20) });
      if (username) expect(response.body, label).not.toContain(username);
      answers.push({ label, status: response.statusCode, contentType: response.headers['content-type'], body: response.body });
    }
    const first = answers[0];
    expect([first.status, JSON.parse(first.body).error.code]).toEqual([404, 'NOT_FOUND']);
    for (const answer of answers) expect({ ...answer, label: first.label }, answer.label).toEqual(first);
    expect(await counts()).toEqual(before);
    // The same officer can hand duties to a colleague of A.
    const colleague = await createAccount(ctx.db, { role: 'member', unitId: tree.cell1.id });
    expect((await officerA.client.post(`/api/grants/${officerA.grantId}/delegate`, { accountId: colleague.id, validTo: dateOffset(20) })).statusCode).toBe(201);
  });

  it('the period starts today or later, inside the source grant, and lasts at most the rule\'s months', async () => {
    const today = todayInVietnam();
    const { maxMonths } = delegationRulesOn(today);
    expect(maxMonths).toBe(6);
    const officer = await holder('org_officer', tree.commune1.id, { validTo: null });
    const colleague = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const before = await counts();
    const latest = addMonths(today, maxMonths);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ validTo: '2099-12-31' }, 422, 'DELEGATION_TOO_LONG'],
      [{ validTo: addDays(latest, 1) }, 422, 'DELEGATION_TOO_LONG'],
      [{ validFrom: dateOffset(30), validTo: addDays(addMonths(dateOffset(30), maxMonths), 1) }, 422, 'DELEGATION_TOO_LONG'],
      [{ validFrom: addDays(today, -1), validTo: dateOffset(10) }, 422, 'DELEGATION_STARTS_IN_PAST'],
      [{ validFrom: '2020-01-01', validTo: '2020-02-01' }, 422, 'DELEGATION_STARTS_IN_PAST'],
      [{}, 422, 'DELEGATION_NEEDS_END'],
    ];
    for (const [period, status, code] of cases) {
      const response = await officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: colleague.id, ...period });
      expect({ period, status: response.statusCode, code: response.json().error?.code }).toEqual({ period, status, code });
    }
    expect(await counts()).toEqual(before);
    // Exactly the longest period is accepted.
    const longest = await officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: colleague.id, validTo: latest });
    expect([longest.statusCode, longest.json().validTo]).toEqual([201, latest]);
    // A source grant that ends bounds the end, before the length does.
    const sourceLater = await createAccount(ctx.db, { role: 'cell_secretary', unitId: tree.commune1.id, validFrom: today, validTo: dateOffset(40) });
    const laterClient = await signIn(ctx.app, sourceLater.username, sourceLater.password);
    const laterGrant: number = (await laterClient.get('/api/auth/me')).json().grants[0].id;
    const beyond = await laterClient.post(`/api/grants/${laterGrant}/delegate`, { accountId: colleague.id, validTo: dateOffset(41) });
    expect(beyond.json().error?.code).toBe('DELEGATION_BEYOND_SOURCE');
  });

  it('repeating the same request gives one acting grant and a clear conflict, also when both arrive at once', async () => {
    const officer = await holder('org_officer', tree.commune1.id);
    const colleague = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const body = { accountId: colleague.id, validTo: dateOffset(15), note: 'Đi công tác' };
    const first = await officer.client.post(`/api/grants/${officer.grantId}/delegate`, body);
    expect(first.statusCode).toBe(201);
    const again = await officer.client.post(`/api/grants/${officer.grantId}/delegate`, body);
    expect([again.statusCode, again.json().error?.code]).toEqual([409, 'DELEGATION_EXISTS']);
    // An overlapping period for the same person from the same grant is the same thing.
    const overlapping = await officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: colleague.id, validFrom: dateOffset(10), validTo: dateOffset(30) });
    expect(overlapping.json().error?.code).toBe('DELEGATION_EXISTS');
    const acting = await ctx.db.selectFrom('grants').select('id').where('delegated_from_grant_id', '=', officer.grantId).execute();
    expect(acting.map((row) => row.id)).toEqual([first.json().id]);
    expect((await journalOf(ctx.db, 'grant', first.json().id)).map((entry) => entry.action)).toEqual(['grant.delegate']);

    const other = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const together = await Promise.all([0, 1].map(() => officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: other.id, validTo: dateOffset(15) })));
    expect(together.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect(await ctx.db.selectFrom('grants').select('id').where('delegated_from_grant_id', '=', officer.grantId).where('account_id', '=', other.id).execute()).toHaveLength(1);
    // After the delegator ends it, the same colleague can be asked again.
    const given = together.find((response) => response.statusCode === 201)!.json();
    expect((await officer.client.post(`/api/grants/${given.id}/end-delegation`, {})).statusCode).toBe(200);
    expect((await officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: other.id, validTo: dateOffset(15) })).statusCode).toBe(201);
  });

  it('an acting grant cannot be delegated again', async () => {
    const officer = await holder('org_officer', tree.commune1.id);
    const deputy = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const third = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cell1.id });
    const acting = (await officer.client.post(`/api/grants/${officer.grantId}/delegate`, { accountId: deputy.id, validTo: dateOffset(10) })).json();
    const deputyClient: ApiClient = await signIn(ctx.app, deputy.username, deputy.password);
    const before = await counts();
    const chained = await deputyClient.post(`/api/grants/${acting.id}/delegate`, { accountId: third.id, validTo: dateOffset(5) });
    expect([chained.statusCode, chained.json().error?.code]).toEqual([422, 'DELEGATION_INVALID']);
    expect(await counts()).toEqual(before);
  });
});

describe('accounts and grants lists filtered by a unit the caller cannot see', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let officer: Account;
  let client: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await buildTree(ctx.db, ctx.rootUnitId);
    officer = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune1.id });
    await createAccount(ctx.db, { role: 'viewer', unitId: tree.commune2.id });
    client = await signIn(ctx.app, officer.username, officer.password);
  });
  afterAll(async () => { await ctx.close(); });

  it('answers 404 NOT_FOUND, the same as for a unit that does not exist, like every other list', async () => {
    for (const list of ['/api/accounts', '/api/grants']) {
      const answers = [];
      for (const unitId of [tree.commune2.id, tree.province.id, tree.commune3.id, 999_999_999]) {
        const response = await client.get(`${list}?unitId=${unitId}`);
        answers.push({ list, unitId, status: response.statusCode, code: response.json().error?.code });
      }
      expect(answers).toEqual(answers.map(({ unitId }) => ({ list, unitId, status: 404, code: 'NOT_FOUND' })));
      const inside = await client.get(`${list}?unitId=${tree.cell1.id}`);
      expect(inside.statusCode).toBe(200);
    }
  });
});
