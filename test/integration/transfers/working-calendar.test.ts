/**
 * The registry's own deadlines count on the calendar the centre adjusts (DOMAIN.md §2; 294-QĐ/TW Art. 5 and 8; Labour
 * Code 2019 Art. 112(3)): a weekday the government gives off moves the transfer's receipt deadline (60 working days),
 * its presentation deadline (30) and the recognition's decision deadline, exactly as the admission pipeline's do; voided,
 * the statutory calendar counts again. The single and the bulk commands count the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { STATUTORY_CALENDAR, workingCalendar } from '../../../src/rules/working-days.ts';
import { recognitionDeadlines } from '../../../src/rules/member-lifecycle.ts';

describe('the registry\'s deadlines on the adjusted calendar', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  let officer: ApiClient;
  let centre: ApiClient;
  // A Wednesday, a working day by statute, given off by the government (as a swapped day is).
  const DAY_OFF = '2025-09-10';
  const adjusted = workingCalendar([{ date: DAY_OFF, kind: 'day_off' }]);
  let serial = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Lịch Bắc');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Lịch Nam');
    const sign = async (role: 'admin' | 'org_officer', unitId: number) => {
      const account = await createAccount(ctx.db, { role, unitId });
      return signIn(ctx.app, account.username, account.password);
    };
    officer = await sign('org_officer', ctx.rootUnitId);
    centre = await sign('admin', ctx.rootUnitId);
  });
  afterAll(async () => { await ctx.close(); });

  async function newMember(status: 'official' | 'probationary' = 'official', dates: { admissionDate?: string; probationStart?: string } = {}) {
    serial += 1;
    const birthDate = `198${serial % 10}-03-1${serial % 9}`;
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId: north.cellA.id, status, fullName: `Đảng viên Lịch ${serial}`, birthDate, citizenId: validCitizenId('male', birthDate), ...dates });
  }

  it('a transfer\'s deadlines and a recognition\'s lateness follow a day the centre gives off, in single and bulk commands', async () => {
    expect(adjusted.addWorkingDays('2025-09-01', 60)).not.toBe(STATUTORY_CALENDAR.addWorkingDays('2025-09-01', 60));
    const added = await centre.post('/api/admissions/calendar/overrides', { date: DAY_OFF, kind: 'day_off', name: 'Nghỉ hoán đổi' });
    expect(added.statusCode, added.body).toBe(201);

    // Issued one at a time and in bulk: received within 60 working days of the adjusted calendar.
    const one = await newMember();
    const decisionId = await insertDecision(ctx.db, { signedOn: '2025-09-01' });
    const issued = await officer.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', memberId: one.id, toUnitId: south.grassroots.id, expectedRowVersion: one.rowVersion });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().dueBy).toBe(adjusted.addWorkingDays('2025-09-01', 60));
    const two = await newMember();
    const bulk = await officer.post('/api/transfers/bulk/issue', { decisionId, issuedOn: '2025-09-01', rows: [{ memberId: two.id, kind: 'official', purpose: 'work', toUnitId: south.grassroots.id }] });
    expect(bulk.statusCode, bulk.body).toBe(201);
    const bulkTransfer = await ctx.db.selectFrom('member_transfers').select(['id', 'due_by']).where('member_id', '=', two.id).executeTakeFirstOrThrow();
    expect(bulkTransfer.due_by).toBe(adjusted.addWorkingDays('2025-09-01', 60));

    // Received on 2/9: presented to the cell within 30 working days, the day off skipped.
    const accepted = await officer.post(`/api/transfers/${issued.json().id}/accept`, { receivedOn: '2025-09-02', cellId: south.cellA.id, expectedRowVersion: issued.json().rowVersion });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().presentBy).toBe(adjusted.addWorkingDays('2025-09-02', 30));

    // Recognition decided late: the decision's deadline and the working days late count the day off.
    const probationary = await newMember('probationary', { admissionDate: '2024-07-01', probationStart: '2024-07-01' });
    const due = recognitionDeadlines('2024-07-01', 0, adjusted);
    expect(due.decisionBy).not.toBe(recognitionDeadlines('2024-07-01').decisionBy);
    const recognized = await officer.post(`/api/members/${probationary.id}/recognition`, { decisionId: await insertDecision(ctx.db, { signedOn: '2025-10-20' }), expectedRowVersion: probationary.rowVersion, reason: 'Họp chậm' });
    expect(recognized.statusCode, recognized.body).toBe(200);
    const event = await ctx.db.selectFrom('member_events').select('payload').where('member_id', '=', probationary.id).where('kind', '=', 'recognition').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ decisionDueBy: due.decisionBy, lateWorkingDays: adjusted.workingDaysBetween(due.decisionBy, '2025-10-20') });

    // Voided, the statutory calendar counts again.
    expect((await centre.post(`/api/admissions/calendar/overrides/${added.json().id}/void`, { reason: 'Nhập nhầm' })).statusCode).toBe(200);
    const three = await newMember();
    const again = await officer.post('/api/transfers', { kind: 'official', purpose: 'work', decisionId, issuedOn: '2025-09-01', memberId: three.id, toUnitId: south.grassroots.id, expectedRowVersion: three.rowVersion });
    expect(again.json().dueBy).toBe(STATUTORY_CALENDAR.addWorkingDays('2025-09-01', 60));
  });
});
