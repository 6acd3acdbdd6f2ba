import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, insertUnit } from '../../helpers/factories.ts';
import {
  admitTestMember, identity, insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture,
} from '../../helpers/member-factories.ts';
import { addDays, todayInVietnam } from '../../../src/lib/dates.ts';

describe('member life cycle through the API', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  let other: ProvinceFixture;
  let officer: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Thử');
    other = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Khác');
    const account = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.province.id });
    officer = await signIn(ctx.app, account.username, account.password);
  });
  afterAll(async () => { await ctx.close(); });

  /** Row counts of everything a command writes: a refused command must leave them all unchanged. */
  async function snapshot() {
    const count = async (table: 'members' | 'member_events' | 'member_placements' | 'journal' | 'member_transfers') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal'), transfers: await count('member_transfers') };
  }

  async function expectRefused(response: { statusCode: number; json(): any }, status: number, code: string, before: Awaited<ReturnType<typeof snapshot>>) {
    expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  }

  async function admissionBody(overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
    const decisionId = await insertDecision(ctx.db, { signedOn: '2024-03-10', issuingUnitId: tree.commune.id });
    return { unitId: tree.cellA.id, decisionId, cellVoteDate: '2024-02-20', ceremonyDate: '2024-03-15', member: identity(person), ...overrides };
  }

  async function page(id: number) {
    const response = await officer.get(`/api/members/${id}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  describe('admission', () => {
    it('admits a probationary member: record, event, placement and journal in one go', async () => {
      const before = await snapshot();
      const body = await admissionBody({}, { fullName: 'Trần Thị Bình', sex: 'female', birthDate: '1995-04-02', citizenId: validCitizenId('female', '1995-04-02') });
      const response = await officer.post('/api/members/admissions', body);
      expect(response.statusCode, response.body).toBe(201);
      const { member, eventId } = response.json();
      expect(member).toMatchObject({ fullName: 'Trần Thị Bình', status: 'probationary', admissionDate: '2024-03-10', probationStart: '2024-03-15', officialDate: null, unitId: tree.cellA.id, unitName: tree.cellA.name, rowVersion: 0 });
      expect(await snapshot()).toEqual({ ...before, members: before.members + 1, events: before.events + 1, placements: before.placements + 1, journal: before.journal + 1 });
      const journal = await ctx.db.selectFrom('journal').selectAll().where('object_type', '=', 'member').where('object_id', '=', String(member.id)).execute();
      expect(journal).toHaveLength(1);
      expect(journal[0]).toMatchObject({ action: 'member.admission', effective_date: '2024-03-10', decision_id: body.decisionId, unit_id: tree.cellA.id });
      const detail = await page(member.id);
      expect(detail.timeline).toEqual([expect.objectContaining({ id: eventId, kind: 'admission', effectiveDate: '2024-03-10', statusAfter: 'probationary', payload: expect.objectContaining({ probationEnds: '2025-03-15', ageMonths: 346 }) })]);
      expect(detail.placements).toEqual([expect.objectContaining({ unitId: tree.cellA.id, kind: 'official', validFrom: '2024-03-10', validTo: null })]);
    });

    it('counts age in months at the cell vote: under 18 is refused, 18 to the day is accepted', async () => {
      let before = await snapshot();
      const young = await officer.post('/api/members/admissions', await admissionBody({}, { birthDate: '2006-02-21', citizenId: validCitizenId('male', '2006-02-21') }));
      await expectRefused(young, 422, 'AGE_OUT_OF_RANGE', before);
      expect(young.json().error.details).toMatchObject({ reason: 'under_age', ageMonths: 215 });
      const justEighteen = await officer.post('/api/members/admissions', await admissionBody({}, { birthDate: '2006-02-20', citizenId: validCitizenId('male', '2006-02-20') }));
      expect(justEighteen.statusCode, justEighteen.body).toBe(201);
      before = await snapshot();
      const old = await officer.post('/api/members/admissions', await admissionBody({}, { birthDate: '1960-01-01', citizenId: validCitizenId('male', '1960-01-01') }));
      await expectRefused(old, 422, 'AGE_OUT_OF_RANGE', before);
      expect(old.json().error.details.reason).toBe('over_age_without_consent');
      const consent = await insertDecision(ctx.db, { signedOn: '2024-02-01', issuingUnitId: tree.province.id });
      const withConsent = await officer.post('/api/members/admissions', await admissionBody({ ageConsentDecisionId: consent }, { birthDate: '1960-01-01', citizenId: validCitizenId('male', '1960-01-01') }));
      expect(withConsent.statusCode, withConsent.body).toBe(201);
    });

    it('refuses bad citizen IDs and duplicates, changing nothing', async () => {
      const before = await snapshot();
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({}, { citizenId: '001185000001', sex: 'male', birthDate: '1990-01-01' })), 422, 'CITIZEN_ID_INVALID', before);
      const wrongProvince = await officer.post('/api/members/admissions', await admissionBody({}, { citizenId: '003090123456', sex: 'male', birthDate: '1990-01-01' }));
      await expectRefused(wrongProvince, 422, 'CITIZEN_ID_INVALID', before);
      expect(wrongProvince.json().error.details.problems).toEqual(['province']);
      const wrongSex = await officer.post('/api/members/admissions', await admissionBody({}, { citizenId: '001190123456', sex: 'male', birthDate: '1990-01-01' }));
      expect(wrongSex.json().error.details.problems).toEqual(['sex']);
      const existing = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellB.id, fullName: 'Lê Văn Cường' });
      const afterRegister = await snapshot();
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({}, { citizenId: existing.citizenId!, birthDate: existing.birthDate })), 409, 'CITIZEN_ID_DUPLICATE', afterRegister);
      const malformed = await officer.post('/api/members/admissions', await admissionBody({}, { citizenId: '12345' }));
      await expectRefused(malformed, 422, 'VALIDATION_FAILED', afterRegister);
    });

    it('the same admission sent four times at once, without a citizen ID, writes one record (MEMBER_ALREADY_ADMITTED)', async () => {
      const body = await admissionBody({}, { fullName: 'Đỗ Văn Kép', sex: 'male', birthDate: '1999-03-03', citizenId: null, partyCardNumber: null });
      const before = await snapshot();
      const answers = await Promise.all(Array.from({ length: 4 }, () => officer.post('/api/members/admissions', body)));
      expect(answers.map((answer) => answer.statusCode).sort(), answers.map((answer) => answer.body).join('\n')).toEqual([201, 409, 409, 409]);
      const first = answers.find((answer) => answer.statusCode === 201)!.json().member;
      for (const answer of answers.filter((item) => item.statusCode === 409)) expect(answer.json().error).toMatchObject({ code: 'MEMBER_ALREADY_ADMITTED', details: { memberId: first.id } });
      expect(await snapshot()).toEqual({ ...before, members: before.members + 1, events: before.events + 1, placements: before.placements + 1, journal: before.journal + 1 });
      // Again later, the name written otherwise: the same person under the same decision.
      await expectRefused(await officer.post('/api/members/admissions', { ...body, member: { ...body.member, fullName: 'đỗ  văn kép' } }), 409, 'MEMBER_ALREADY_ADMITTED', await snapshot());
      // A namesake born the same day under another decision is another admission.
      const other = await officer.post('/api/members/admissions', await admissionBody({}, { fullName: 'Đỗ Văn Kép', sex: 'male', birthDate: '1999-03-03', citizenId: null, partyCardNumber: null }));
      expect(other.statusCode, other.body).toBe(201);
    });

    it('refuses impossible dates: future, before birth, out of order', async () => {
      const before = await snapshot();
      const tomorrow = addDays(todayInVietnam(), 1);
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ ceremonyDate: tomorrow })), 422, 'DATE_IN_FUTURE', before);
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ cellVoteDate: '2024-03-20' })), 422, 'DATE_ORDER_INVALID', before);
      const beforeBirth = await officer.post('/api/members/admissions', await admissionBody({}, { birthDate: '2024-03-12', citizenId: validCitizenId('male', '2024-03-12') }));
      await expectRefused(beforeBirth, 422, 'DATE_BEFORE_BIRTH', before);
    });

    it('refuses units that are not cells, dissolved units, unknown decisions and units outside the scope (404)', async () => {
      const before = await snapshot();
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ unitId: tree.grassroots.id })), 422, 'UNIT_NOT_A_CELL', before);
      const dissolved = await insertUnit(ctx.db, { parentId: tree.grassroots.id, kind: 'cell', validFrom: '2010-01-01' });
      await ctx.db.updateTable('org_units').set({ ended_on: '2023-01-01', end_reason: 'dissolved' }).where('id', '=', dissolved.id).execute();
      const beforeDissolved = await snapshot();
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ unitId: dissolved.id })), 422, 'UNIT_DISSOLVED', beforeDissolved);
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ decisionId: 987654321 })), 422, 'DECISION_NOT_FOUND', beforeDissolved);
      await expectRefused(await officer.post('/api/members/admissions', await admissionBody({ unitId: other.cellA.id })), 404, 'NOT_FOUND', beforeDissolved);
      expect(before.members).toBe(beforeDissolved.members);
    });
  });

  describe('registration of an existing member', () => {
    it('records the documented history from the effective date, and refuses inconsistent dates', async () => {
      const body = {
        unitId: tree.cellB.id, effectiveDate: '2021-01-01', admissionDate: '1999-05-19', officialDate: '2000-05-19', status: 'official',
        member: identity({ fullName: 'Đoàn Văn Cũ', birthDate: '1970-10-10', citizenId: validCitizenId('male', '1970-10-10') }),
      };
      let before = await snapshot();
      await expectRefused(await officer.post('/api/members/registrations', { ...body, officialDate: null }), 422, 'VALIDATION_FAILED', before);
      await expectRefused(await officer.post('/api/members/registrations', { ...body, status: 'probationary' }), 422, 'VALIDATION_FAILED', before);
      await expectRefused(await officer.post('/api/members/registrations', { ...body, admissionDate: '2022-01-01', officialDate: '2023-01-01' }), 422, 'DATE_ORDER_INVALID', before);
      await expectRefused(await officer.post('/api/members/registrations', { ...body, unitId: other.cellB.id }), 404, 'NOT_FOUND', before);
      const response = await officer.post('/api/members/registrations', body);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().member).toMatchObject({ status: 'official', admissionDate: '1999-05-19', officialDate: '2000-05-19', statusSince: '2021-01-01', unitId: tree.cellB.id });
      before = await snapshot();
      await expectRefused(await officer.post('/api/members/registrations', body), 409, 'CITIZEN_ID_DUPLICATE', before);
    });
  });

  describe('recognition as official', () => {
    it('is official from the end of the 12 months even when the decision comes late', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2023-05-04', ceremonyDate: '2023-05-19', fullName: 'Phạm Văn Dũng' });
      const lateDecision = await insertDecision(ctx.db, { signedOn: '2024-11-20', issuingUnitId: tree.commune.id });
      const response = await officer.post(`/api/members/${member.id}/recognition`, { decisionId: lateDecision, expectedRowVersion: member.rowVersion });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().member).toMatchObject({ status: 'official', officialDate: '2024-05-19', statusSince: '2024-05-19', rowVersion: member.rowVersion + 1 });
      const detail = await page(member.id);
      const recognition = detail.timeline.find((event: { kind: string }) => event.kind === 'recognition');
      expect(recognition).toMatchObject({ effectiveDate: '2024-05-19', decision: { id: lateDecision, signedOn: '2024-11-20' } });
      expect(recognition.payload.lateWorkingDays).toBeGreaterThan(0);
    });

    it('is refused before the probation ends, for an official member, and for the deceased', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2024-01-10', fullName: 'Võ Thị Em', sex: 'female' });
      const early = await insertDecision(ctx.db, { signedOn: '2024-12-01' });
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/recognition`, { decisionId: early, expectedRowVersion: 0 }), 422, 'PROBATION_NOT_ENDED', before);
      const official = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Đỗ Văn Giang' });
      const decision = await insertDecision(ctx.db, { signedOn: '2025-02-01' });
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${official.id}/recognition`, { decisionId: decision, expectedRowVersion: official.rowVersion }), 422, 'MEMBER_NOT_PROBATIONARY', before);
      const dead = await officer.post(`/api/members/${member.id}/death`, { effectiveDate: '2024-06-01', expectedRowVersion: 0 });
      expect(dead.statusCode, dead.body).toBe(200);
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/recognition`, { decisionId: decision, expectedRowVersion: 1 }), 422, 'MEMBER_DECEASED', before);
    });

    it('a stale row version is a conflict', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2023-01-05', fullName: 'Hoàng Văn Hải' });
      const decision = await insertDecision(ctx.db, { signedOn: '2024-02-01' });
      const before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/recognition`, { decisionId: decision, expectedRowVersion: 7 }), 409, 'CONFLICT', before);
    });

    it('two officers acting on one member at once: one wins, the other gets 409', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2023-01-05', fullName: 'Bùi Văn Khánh' });
      const second = await createAccount(ctx.db, { role: 'org_officer', unitId: tree.commune.id });
      const otherOfficer = await signIn(ctx.app, second.username, second.password);
      const decision = await insertDecision(ctx.db, { signedOn: '2024-02-01' });
      const [a, b] = await Promise.all([
        officer.post(`/api/members/${member.id}/recognition`, { decisionId: decision, expectedRowVersion: 0 }),
        otherOfficer.post(`/api/members/${member.id}/probation-refusal`, { decisionId: decision, effectiveDate: '2024-02-01', expectedRowVersion: 0 }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const events = await ctx.db.selectFrom('member_events').select('kind').where('member_id', '=', member.id).execute();
      expect(events).toHaveLength(2);
    });

    it('a probationary member not qualifying is removed from the list at the end of probation', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellB.id, decisionDate: '2023-02-01', fullName: 'Lý Văn Lâm' });
      const decision = await insertDecision(ctx.db, { signedOn: '2024-03-01' });
      const before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/probation-refusal`, { decisionId: decision, effectiveDate: '2023-12-01', expectedRowVersion: 0 }), 422, 'PROBATION_NOT_ENDED', before);
      const response = await officer.post(`/api/members/${member.id}/probation-refusal`, { decisionId: decision, effectiveDate: '2024-03-01', expectedRowVersion: 0 });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().member).toMatchObject({ status: 'removed', statusSince: '2024-03-01' });
      expect((await page(member.id)).placements[0]).toMatchObject({ validTo: '2024-03-01' });
    });

    it('the committee may extend its recognition deadline once, by at most 30 working days', async () => {
      const member = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellB.id, decisionDate: '2023-02-01', fullName: 'Mai Thị Nga', sex: 'female' });
      const decision = await insertDecision(ctx.db, { signedOn: '2024-03-01' });
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/recognition-extension`, { decisionId: decision, effectiveDate: '2024-03-01', extraWorkingDays: 31, expectedRowVersion: 0 }), 422, 'RECOGNITION_EXTENSION_TOO_LONG', before);
      const ok = await officer.post(`/api/members/${member.id}/recognition-extension`, { decisionId: decision, effectiveDate: '2024-03-01', extraWorkingDays: 30, expectedRowVersion: 0 });
      expect(ok.statusCode, ok.body).toBe(200);
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/recognition-extension`, { decisionId: decision, effectiveDate: '2024-03-02', extraWorkingDays: 5, expectedRowVersion: 1 }), 422, 'RECOGNITION_EXTENSION_TOO_LONG', before);
    });
  });

  describe('exemption, leaving and death', () => {
    it('exempts an official member and ends the exemption; a probationary one cannot be exempted', async () => {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Trương Văn Ơn', birthDate: '1945-01-01', citizenId: validCitizenId('male', '1945-01-01') });
      const decision = await insertDecision(ctx.db, { signedOn: '2024-01-15' });
      const exempt = await officer.post(`/api/members/${member.id}/exemption`, { decisionId: decision, effectiveDate: '2024-01-15', ground: 'age', expectedRowVersion: 0 });
      expect(exempt.statusCode, exempt.body).toBe(200);
      expect(exempt.json().member).toMatchObject({ status: 'exempted', statusSince: '2024-01-15' });
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/exemption`, { decisionId: decision, effectiveDate: '2024-02-15', ground: 'age', expectedRowVersion: 1 }), 422, 'MEMBER_NOT_OFFICIAL', before);
      const end = await officer.post(`/api/members/${member.id}/exemption-end`, { decisionId: decision, effectiveDate: '2024-06-01', expectedRowVersion: 1 });
      expect(end.json().member).toMatchObject({ status: 'official', statusSince: '2024-06-01' });
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/exemption-end`, { decisionId: decision, effectiveDate: '2024-07-01', expectedRowVersion: 2 }), 422, 'MEMBER_NOT_EXEMPTED', before);
      const probationary = await admitTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, decisionDate: '2024-05-01', fullName: 'Kim Văn Phúc' });
      await expectRefused(await officer.post(`/api/members/${probationary.id}/exemption`, { decisionId: decision, effectiveDate: '2024-06-15', ground: 'illness', expectedRowVersion: 0 }), 422, 'MEMBER_NOT_OFFICIAL', await snapshot());
    });

    it('removal, expulsion and death close the placements; nothing can follow death', async () => {
      const decision = await insertDecision(ctx.db, { signedOn: '2024-04-01' });
      const removed = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Quách Văn Quang' });
      const removal = await officer.post(`/api/members/${removed.id}/removal`, { decisionId: decision, effectiveDate: '2024-04-01', ground: 'inactivity', expectedRowVersion: 0 });
      expect(removal.json().member).toMatchObject({ status: 'removed', statusSince: '2024-04-01' });
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${removed.id}/expulsion`, { decisionId: decision, effectiveDate: '2024-05-01', ground: 'discipline', expectedRowVersion: 1 }), 422, 'MEMBER_NOT_ACTIVE', before);

      const expelled = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Tạ Văn Sơn' });
      const expulsion = await officer.post(`/api/members/${expelled.id}/expulsion`, { decisionId: decision, effectiveDate: '2024-04-01', ground: 'discipline', reason: 'Vi phạm nghiêm trọng', expectedRowVersion: 0 });
      expect(expulsion.json().member.status).toBe('expelled');

      const deceased = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Đinh Văn Tâm' });
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${deceased.id}/death`, { effectiveDate: '2009-01-01', expectedRowVersion: 0 }), 422, 'DATE_BEFORE_LAST_EVENT', before);
      const death = await officer.post(`/api/members/${deceased.id}/death`, { effectiveDate: '2024-08-08', expectedRowVersion: 0 });
      expect(death.json().member).toMatchObject({ status: 'deceased', statusSince: '2024-08-08' });
      expect((await page(deceased.id)).placements).toEqual([expect.objectContaining({ validTo: '2024-08-08' })]);
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${deceased.id}/removal`, { decisionId: decision, effectiveDate: '2024-09-01', ground: 'other', expectedRowVersion: 1 }), 422, 'MEMBER_DECEASED', before);
      await expectRefused(await officer.post(`/api/members/${deceased.id}/readmission`, {
        decisionId: decision, consentDecisionId: decision, unitId: tree.cellA.id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-04-02', expectedRowVersion: 1,
      }), 422, 'MEMBER_DECEASED', before);
    });
  });

  describe('re-admission', () => {
    it('needs 36 months since leaving, is never allowed on barred grounds, and is allowed once only', async () => {
      const leftDecision = await insertDecision(ctx.db, { signedOn: '2020-06-01' });
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Ninh Văn Uy', admissionDate: '2005-01-10', officialDate: '2006-01-10' });
      const removal = await officer.post(`/api/members/${member.id}/removal`, { decisionId: leftDecision, effectiveDate: '2020-06-01', ground: 'no_progress', expectedRowVersion: 0 });
      expect(removal.statusCode, removal.body).toBe(200);
      const consent = await insertDecision(ctx.db, { signedOn: '2023-04-01', issuingUnitId: tree.province.id });
      const tooEarlyDecision = await insertDecision(ctx.db, { signedOn: '2023-05-20' });
      let before = await snapshot();
      const tooEarly = await officer.post(`/api/members/${member.id}/readmission`, {
        decisionId: tooEarlyDecision, consentDecisionId: consent, unitId: tree.cellB.id, cellVoteDate: '2023-05-10', ceremonyDate: '2023-05-25', expectedRowVersion: 1,
      });
      await expectRefused(tooEarly, 422, 'READMISSION_TOO_EARLY', before);
      expect(tooEarly.json().error.details.earliest).toBe('2023-06-01');

      const decision = await insertDecision(ctx.db, { signedOn: '2023-07-01' });
      const ok = await officer.post(`/api/members/${member.id}/readmission`, {
        decisionId: decision, consentDecisionId: consent, unitId: tree.cellB.id, cellVoteDate: '2023-06-20', ceremonyDate: '2023-07-10', expectedRowVersion: 1,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().member).toMatchObject({ status: 'probationary', admissionDate: '2005-01-10', probationStart: '2023-07-10', officialDate: null, unitId: tree.cellB.id });
      const placements = (await page(member.id)).placements;
      expect(placements.map((p: { unitId: number; validFrom: string; validTo: string | null }) => [p.unitId, p.validFrom, p.validTo])).toEqual([
        [tree.cellA.id, '2005-01-10', '2020-06-01'], [tree.cellB.id, '2023-07-01', null],
      ]);

      // Out again, and once more back: refused, it was used.
      const again = await officer.post(`/api/members/${member.id}/removal`, { decisionId: decision, effectiveDate: '2023-08-01', ground: 'other', expectedRowVersion: 2 });
      expect(again.statusCode, again.body).toBe(200);
      const late = await insertDecision(ctx.db, { signedOn: '2026-09-01' });
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/readmission`, {
        decisionId: late, consentDecisionId: consent, unitId: tree.cellB.id, cellVoteDate: '2026-08-20', ceremonyDate: '2026-09-05', expectedRowVersion: 3,
      }), 422, 'READMISSION_ALREADY_USED', before);
    });

    it('is barred for someone who left of their own accord, and refused for a current member', async () => {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Âu Văn Vinh' });
      const decision = await insertDecision(ctx.db, { signedOn: '2018-01-01' });
      const consent = await insertDecision(ctx.db, { signedOn: '2023-01-01' });
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/readmission`, {
        decisionId: consent, consentDecisionId: consent, unitId: tree.cellA.id, cellVoteDate: '2023-01-01', ceremonyDate: '2023-01-02', expectedRowVersion: 0,
      }), 422, 'MEMBER_NOT_FORMER', before);
      await officer.post(`/api/members/${member.id}/removal`, { decisionId: decision, effectiveDate: '2018-01-01', ground: 'resignation', expectedRowVersion: 0 });
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/readmission`, {
        decisionId: consent, consentDecisionId: consent, unitId: tree.cellA.id, cellVoteDate: '2023-01-01', ceremonyDate: '2023-01-02', expectedRowVersion: 1,
      }), 422, 'READMISSION_BARRED', before);
    });
  });

  describe('record changes and corrections', () => {
    it('a dated field change keeps the before and after values in the timeline', async () => {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellA.id, fullName: 'Lưu Văn Xuân', theoryLevel: 'elementary' });
      const response = await officer.patch(`/api/members/${member.id}`, {
        effectiveDate: '2024-09-01', reason: 'Tốt nghiệp trung cấp lý luận chính trị', isCorrection: false, expectedRowVersion: 0, changes: { theoryLevel: 'intermediate', fullName: 'Lưu Văn Xuân Anh' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().member).toMatchObject({ theoryLevel: 'intermediate', fullName: 'Lưu Văn Xuân Anh', rowVersion: 1 });
      const change = (await page(member.id)).timeline.find((event: { kind: string }) => event.kind === 'field_change');
      expect(change.payload.fields).toEqual({ before: { theoryLevel: 'elementary', fullName: 'Lưu Văn Xuân' }, after: { theoryLevel: 'intermediate', fullName: 'Lưu Văn Xuân Anh' } });
      const found = await officer.get(`/api/members?q=${encodeURIComponent('xuan anh')}&unitId=${tree.cellA.id}`);
      expect(found.json().items.map((item: { id: number }) => item.id)).toContain(member.id);
      const before = await snapshot();
      const bad = await officer.patch(`/api/members/${member.id}`, { effectiveDate: '2024-09-02', reason: 'sai', isCorrection: true, expectedRowVersion: 1, changes: { sex: 'female' } });
      await expectRefused(bad, 422, 'CITIZEN_ID_INVALID', before);
    });

    it('a wrong death is annulled by a correction with a reason; history is kept', async () => {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellB.id, fullName: 'Chu Văn Yên' });
      const death = await officer.post(`/api/members/${member.id}/death`, { effectiveDate: '2024-02-02', expectedRowVersion: 0 });
      const deathEventId = death.json().eventId;
      const registration = (await page(member.id)).timeline[0];
      let before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: registration.id, action: 'void', reason: 'nhầm', expectedRowVersion: 1 }), 422, 'CORRECTION_NOT_ALLOWED', before);
      await expectRefused(await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: deathEventId, action: 'void', expectedRowVersion: 1 }), 422, 'VALIDATION_FAILED', before);
      const correction = await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: deathEventId, action: 'void', reason: 'Nhầm người, đảng viên vẫn còn sống', expectedRowVersion: 1 });
      expect(correction.statusCode, correction.body).toBe(200);
      expect(correction.json().member).toMatchObject({ status: 'official', statusSince: '2010-03-01' });
      const detail = await page(member.id);
      expect(detail.placements).toEqual([expect.objectContaining({ unitId: tree.cellB.id, validTo: null })]);
      const kinds = detail.timeline.map((event: { kind: string; voidedByEventId: number | null; correctsEventId: number | null }) => [event.kind, event.voidedByEventId !== null, event.correctsEventId]);
      expect(kinds).toEqual([['registration', false, null], ['death', true, null], ['correction', false, deathEventId]]);
      before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: deathEventId, action: 'void', reason: 'lần hai', expectedRowVersion: 2 }), 422, 'CORRECTION_NOT_ALLOWED', before);
    });

    it('a wrongly dated removal is re-dated, with its placement end', async () => {
      const member = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: tree.cellB.id, fullName: 'Giáp Văn Bảo' });
      const decision = await insertDecision(ctx.db, { signedOn: '2024-05-05' });
      const removal = await officer.post(`/api/members/${member.id}/removal`, { decisionId: decision, effectiveDate: '2024-05-05', ground: 'inactivity', expectedRowVersion: 0 });
      const response = await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: removal.json().eventId, action: 'redate', effectiveDate: '2024-05-15', reason: 'Sai ngày hiệu lực', expectedRowVersion: 1 });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().member).toMatchObject({ status: 'removed', statusSince: '2024-05-15' });
      const detail = await page(member.id);
      expect(detail.placements).toEqual([expect.objectContaining({ validTo: '2024-05-15' })]);
      // The re-dated removal stands in for the removal: the registration before it can no longer be corrected.
      const before = await snapshot();
      await expectRefused(await officer.post(`/api/members/${member.id}/corrections`, { correctsEventId: detail.timeline[0].id, action: 'redate', effectiveDate: '2010-04-01', reason: 'x', expectedRowVersion: 2 }), 422, 'CORRECTION_NOT_ALLOWED', before);
      const asOf = await officer.get(`/api/members?unitId=${tree.cellB.id}&asOf=2024-05-10&q=${encodeURIComponent('giap van bao')}`);
      expect(asOf.json().items).toEqual([expect.objectContaining({ id: member.id, status: 'official' })]);
    });
  });

  it('members outside the caller\'s subtrees are not found, for reads and writes alike', async () => {
    const outsider = await registerTestMember(ctx.db, ctx.rootUnitId, { unitId: other.cellA.id, fullName: 'Ngoài Phạm Vi' });
    expect((await officer.get(`/api/members/${outsider.id}`)).statusCode).toBe(404);
    expect((await officer.get('/api/members/999999999')).statusCode).toBe(404);
    const before = await snapshot();
    await expectRefused(await officer.post(`/api/members/${outsider.id}/death`, { effectiveDate: '2024-01-01', expectedRowVersion: 0 }), 404, 'NOT_FOUND', before);
  });
});
