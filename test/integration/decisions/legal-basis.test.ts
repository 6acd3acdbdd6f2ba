/**
 * The legal basis of a change: every command that takes a decision id accepts only a decision the caller may cite
 * (issued inside or above the subtrees where the caller may make that change), and answers a sibling commune's
 * decision exactly as it answers a made-up id, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit, type UnitFixture } from '../../helpers/factories.ts';
import { identity, insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { csvFile, personCells, upload, waitForJob } from '../member-import/helpers.ts';

type Response = { statusCode: number; body: string; json(): any };

describe('the legal basis a command may cite', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  /** Commune B, a sibling of the tree's commune A under the same province. */
  let siblingCommune: UnitFixture;
  let siblingGrassroots: UnitFixture;
  let officer: ApiClient;
  let admin: ApiClient;
  let reader: ApiClient;
  const decisions = { own: 0, province: 0, sibling: 0, madeUp: 0 };

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Căn cứ');
    siblingCommune = await insertUnit(ctx.db, { parentId: tree.province.id, kind: 'commune_committee', name: 'Đảng bộ xã Bên Cạnh', validFrom: '2000-01-01' });
    siblingGrassroots = await insertUnit(ctx.db, { parentId: siblingCommune.id, kind: 'grassroots_committee', name: 'Đảng bộ cơ sở Bên Cạnh', validFrom: '2000-01-01' });
    await insertUnit(ctx.db, { parentId: siblingGrassroots.id, kind: 'cell', name: 'Chi bộ Bên Cạnh', validFrom: '2000-01-01' });
    decisions.own = await insertDecision(ctx.db, { signedOn: '2024-03-10', issuingUnitId: tree.commune.id, issuingBody: 'Đảng ủy xã' });
    decisions.province = await insertDecision(ctx.db, { signedOn: '2024-03-10', issuingUnitId: tree.province.id, issuingBody: 'Ban Thường vụ Tỉnh ủy' });
    decisions.sibling = await insertDecision(ctx.db, { signedOn: '2024-03-10', issuingUnitId: siblingCommune.id, issuingBody: 'Đảng ủy xã Bên Cạnh' });
    const highest = await ctx.db.selectFrom('decisions').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    decisions.madeUp = Number(highest.id) + 100_000;

    const officerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune.id });
    officer = await signIn(ctx.app, officerAccount.username, officerAccount.password);
    const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: tree.commune.id });
    admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
    // An officer of A who may also read the whole province: reading B's decision does not make it citable in A.
    const readerAccount = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune.id });
    await ctx.db.insertInto('grants').values({
      account_id: readerAccount.id, role: 'viewer', unit_id: tree.province.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null,
    }).execute();
    reader = await signIn(ctx.app, readerAccount.username, readerAccount.password);
  });
  afterAll(async () => { await ctx.close(); });

  /** Everything a refused command could have written. */
  async function fingerprint() {
    const tables = ['members', 'member_events', 'member_placements', 'member_transfers', 'member_badge_awards', 'member_serious_illness', 'grants', 'member_import_jobs', 'journal'] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const members = await ctx.db.selectFrom('members').select(['id', 'row_version', 'status', 'in_transit']).orderBy('id').execute();
    const jobs = await ctx.db.selectFrom('member_import_jobs').select(['id', 'status', 'row_version']).orderBy('id').execute();
    return { counts, members, jobs };
  }

  /** The member's page (record and timeline) as the officer reads it. */
  async function memberPage(memberId: number) {
    const response = await officer.get(`/api/members/${memberId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  /**
   * Sends the same request citing B's decision and a made-up id: both refused with DECISION_NOT_FOUND, the same
   * answer apart from the id echoed back, and nothing changed (nor the member's page, when there is a member).
   */
  async function expectRefusedBasis(send: (decisionId: number) => Promise<Response>, options: { field?: string; memberId?: number } = {}) {
    const before = await fingerprint();
    const pageBefore = options.memberId ? await memberPage(options.memberId) : null;
    const foreign = await send(decisions.sibling);
    const madeUp = await send(decisions.madeUp);
    expect(foreign.statusCode, foreign.body).toBe(422);
    expect(foreign.json().error).toMatchObject({ code: 'DECISION_NOT_FOUND', details: { field: options.field ?? 'decisionId', decisionId: decisions.sibling } });
    expect(madeUp.statusCode).toBe(foreign.statusCode);
    expect(madeUp.json()).toEqual({ error: { ...foreign.json().error, details: { ...foreign.json().error.details, decisionId: decisions.madeUp } } });
    expect(await fingerprint()).toEqual(before);
    if (options.memberId) expect(await memberPage(options.memberId)).toEqual(pageBefore);
  }

  async function officialMember(fullName: string, unitId = tree.cellA.id) {
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId, fullName });
  }

  function admissionBody(decisionId: number, extra: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
    return { unitId: tree.cellA.id, decisionId, cellVoteDate: '2024-02-20', ceremonyDate: '2024-03-15', member: identity(person), ...extra };
  }

  it('admission: the decision and the age consent must be citable; the province\u2019s and the commune\u2019s own are', async () => {
    await expectRefusedBasis((decisionId) => officer.post('/api/members/admissions', admissionBody(decisionId)));
    await expectRefusedBasis((decisionId) => officer.post('/api/members/admissions', admissionBody(decisions.own, { ageConsentDecisionId: decisionId })), { field: 'ageConsentDecisionId' });
    const own = await officer.post('/api/members/admissions', admissionBody(decisions.own, {}, { fullName: 'Nguyễn Văn Một' }));
    expect(own.statusCode, own.body).toBe(201);
    const older = { fullName: 'Trần Văn Lão', birthDate: '1960-01-01', citizenId: validCitizenId('male', '1960-01-01') };
    const withConsent = await officer.post('/api/members/admissions', admissionBody(decisions.province, { ageConsentDecisionId: decisions.province }, older));
    expect(withConsent.statusCode, withConsent.body).toBe(201);
    expect((await memberPage(withConsent.json().member.id)).timeline[0]).toMatchObject({ kind: 'admission', payload: expect.objectContaining({ ageConsentDecisionId: decisions.province }) });
  });

  it('registration', async () => {
    const body = (decisionId: number, fullName: string) => ({
      unitId: tree.cellB.id, decisionId, effectiveDate: '2021-01-01', admissionDate: '1999-05-19', officialDate: '2000-05-19', status: 'official', member: identity({ fullName }),
    });
    await expectRefusedBasis((decisionId) => officer.post('/api/members/registrations', body(decisionId, 'Lê Văn Hai')));
    const registered = await officer.post('/api/members/registrations', body(decisions.province, 'Lê Văn Hai'));
    expect(registered.statusCode, registered.body).toBe(201);
  });

  it('exemption: B\u2019s decision is refused and A\u2019s member\u2019s timeline does not show it', async () => {
    const member = await officialMember('Phạm Văn Ba');
    const body = (decisionId: number) => ({ decisionId, effectiveDate: '2024-01-15', ground: 'age', expectedRowVersion: member.rowVersion });
    await expectRefusedBasis((decisionId) => officer.post(`/api/members/${member.id}/exemption`, body(decisionId)), { memberId: member.id });
    const exempted = await officer.post(`/api/members/${member.id}/exemption`, body(decisions.own));
    expect(exempted.statusCode, exempted.body).toBe(200);
    const decisionIds = (await ctx.db.selectFrom('member_events').select('decision_id').where('member_id', '=', member.id).execute()).map((row) => row.decision_id);
    expect(decisionIds).toContain(decisions.own);
    expect(decisionIds).not.toContain(decisions.sibling);
  });

  it('reading a decision is not enough: it must lie inside or above the subtrees where the caller makes the change', async () => {
    expect((await reader.get(`/api/decisions/${decisions.sibling}`)).statusCode).toBe(200);
    const member = await officialMember('Hoàng Văn Đọc');
    const body = (decisionId: number) => ({ decisionId, effectiveDate: '2024-01-15', ground: 'age', expectedRowVersion: member.rowVersion });
    const refused = await reader.post(`/api/members/${member.id}/exemption`, body(decisions.sibling));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('DECISION_NOT_FOUND');
    expect((await reader.post(`/api/members/${member.id}/exemption`, body(decisions.province))).statusCode).toBe(200);
  });

  it('PATCH /members/:id', async () => {
    const member = await officialMember('Vũ Văn Bốn');
    const body = (decisionId: number) => ({ decisionId, effectiveDate: '2024-09-01', reason: 'Tốt nghiệp trung cấp lý luận', isCorrection: false, expectedRowVersion: member.rowVersion, changes: { theoryLevel: 'intermediate' } });
    await expectRefusedBasis((decisionId) => officer.patch(`/api/members/${member.id}`, body(decisionId)), { memberId: member.id });
    const changed = await officer.patch(`/api/members/${member.id}`, body(decisions.province));
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it('transfer issue', async () => {
    const member = await officialMember('Đặng Văn Năm');
    const body = (decisionId: number) => ({ memberId: member.id, kind: 'official', purpose: 'work', toUnitId: siblingGrassroots.id, decisionId, issuedOn: '2025-09-01', expectedRowVersion: member.rowVersion });
    await expectRefusedBasis((decisionId) => officer.post('/api/transfers', body(decisionId)), { memberId: member.id });
    const issued = await officer.post('/api/transfers', body(decisions.own));
    expect(issued.statusCode, issued.body).toBe(201);
  });

  it('serious illness', async () => {
    const member = await officialMember('Bùi Văn Sáu');
    const body = (decisionId: number) => ({ since: '2026-01-10', note: 'Bệnh nặng, có xác nhận của bệnh viện.', decisionId });
    await expectRefusedBasis((decisionId) => officer.post(`/api/badges/members/${member.id}/serious-illness`, body(decisionId)), { memberId: member.id });
    const flagged = await officer.post(`/api/badges/members/${member.id}/serious-illness`, body(decisions.province));
    expect(flagged.statusCode, flagged.body).toBe(201);
  });

  it('badge award', async () => {
    // Admitted 15/06/1996: 30 years of party age on 15/06/2026, due at the presentation day of 02/09/2026.
    const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Ngô Văn Bảy', birthDate: '1970-01-01', admissionDate: '1996-06-15', officialDate: '1997-06-15', effectiveDate: '2020-01-01' });
    const body = (decisionId: number) => ({ presentationDate: '2026-09-02', decisionId, awards: [{ memberId: member.id, milestone: 30 }] });
    await expectRefusedBasis((decisionId) => officer.post('/api/badges/awards', body(decisionId)), { memberId: member.id });
    const awarded = await officer.post('/api/badges/awards', body(decisions.province));
    expect(awarded.statusCode, awarded.body).toBe(201);
  });

  it('import validation', async () => {
    const uploaded = await upload(officer, tree.commune.id, 'can-cu.csv', csvFile([personCells({ name: 'Lý Văn Tám', unitCode: tree.cellA.code })]));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const job = uploaded.json();
    const body = (decisionId: number) => ({ mapping: job.proposedMapping, expectedRowVersion: job.rowVersion, decisionId });
    await expectRefusedBasis((decisionId) => officer.post(`/api/member-import/jobs/${job.id}/validate`, body(decisionId)));
    const started = await officer.post(`/api/member-import/jobs/${job.id}/validate`, body(decisions.own));
    expect(started.statusCode, started.body).toBe(202);
    expect(await waitForJob(officer, job.id)).toMatchObject({ status: 'validated', decisionId: decisions.own });
  });

  it('grant creation', async () => {
    const target = await createAccount(ctx.db, { role: 'viewer', unitId: tree.cellA.id });
    const body = (decisionId: number) => ({ accountId: target.id, role: 'cell_secretary', unitId: tree.cellA.id, decisionId });
    await expectRefusedBasis((decisionId) => admin.post('/api/grants', body(decisionId)));
    const granted = await admin.post('/api/grants', body(decisions.own));
    expect(granted.statusCode, granted.body).toBe(201);
  });

  it('restructuring keeps refusing B\u2019s decision the same way', async () => {
    const rename = (decisionId: number) => officer.post('/api/orgs/batches', { operation: 'rename', effectiveDate: '2024-04-01', unitId: tree.cellB.id, name: 'Chi bộ đổi tên', decisionId });
    await expectRefusedBasis(rename);
    const renamed = await rename(decisions.province);
    expect(renamed.statusCode, renamed.body).toBe(201);
  });
});
