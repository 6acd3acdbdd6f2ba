import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, validCitizenId, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { headcountOfUnit } from '../../../src/modules/members/members-query.service.ts';
import { systemScope } from '../../../src/kernel/index.ts';
import { BULK_MAX_ROWS } from '../../../src/contracts/members.ts';

describe('bulk life-cycle commands', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let north: ProvinceFixture;
  let south: ProvinceFixture;
  /** An officer of the north province (members, and transfers out of it and into it). */
  let officer: ApiClient;
  let southOfficer: ApiClient;
  let sequence = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    north = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Hàng Loạt Bắc');
    south = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Hàng Loạt Nam');
    const a = await createAccount(ctx.db, { role: 'org_officer', unitId: north.province.id });
    const b = await createAccount(ctx.db, { role: 'org_officer', unitId: south.province.id });
    officer = await signIn(ctx.app, a.username, a.password);
    southOfficer = await signIn(ctx.app, b.username, b.password);
  });
  afterAll(async () => { await ctx.close(); });

  async function snapshot() {
    const count = async (table: 'members' | 'member_events' | 'member_placements' | 'journal' | 'member_transfers') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal'), transfers: await count('member_transfers') };
  }

  function person(prefix = 'Đảng Viên Loạt') {
    sequence++;
    const birthDate = `19${70 + (sequence % 25)}-0${1 + (sequence % 9)}-1${sequence % 10}`;
    return { fullName: `${prefix} ${sequence}`, sex: 'male' as const, birthDate, citizenId: validCitizenId('male', birthDate) };
  }

  async function official(unitId = north.cellA.id) {
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId, ...person() });
  }

  async function probationary(unitId = north.cellA.id) {
    return registerTestMember(ctx.db, ctx.rootUnitId, { unitId, status: 'probationary', admissionDate: '2023-01-10', probationStart: '2023-01-15', ...person('Dự Bị Loạt') });
  }

  const decided = (signedOn = '2025-06-01') => insertDecision(ctx.db, { signedOn });

  it('admits N applicants under one decision: one event and one journal entry each, citing it', async () => {
    const decisionId = await decided('2024-03-10');
    const before = await snapshot();
    const rows = Array.from({ length: 25 }, (_, index) => ({
      unitId: index % 2 === 0 ? north.cellA.id : north.cellB.id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20', member: person('Kết Nạp Loạt'),
    }));
    const response = await officer.post('/api/members/bulk/admissions', { decisionId, rows });
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json();
    expect(result.applied).toBe(25);
    expect(result.items.map((item: { index: number }) => item.index)).toEqual(rows.map((_, index) => index));
    const after = await snapshot();
    expect(after.members - before.members).toBe(25);
    expect(after.events - before.events).toBe(25);
    expect(after.placements - before.placements).toBe(25);
    expect(after.journal - before.journal).toBe(25);
    const journal = await ctx.db.selectFrom('journal').select(['action', 'decision_id']).where('object_id', 'in', result.items.map((item: { memberId: number }) => item.memberId)).where('object_type', '=', 'member').execute();
    expect(journal).toHaveLength(25);
    expect(new Set(journal.map((entry) => `${entry.action}:${entry.decision_id}`))).toEqual(new Set([`member.admission:${decisionId}`]));
    const page = (await officer.get(`/api/members/${result.items[3].memberId}`)).json();
    expect(page.record).toMatchObject({ status: 'probationary', unitId: north.cellB.id, admissionDate: '2024-03-10' });
    expect(page.timeline.map((event: { kind: string }) => event.kind)).toEqual(['admission']);
  });

  it('a repeated or concurrent bulk admission admits nobody twice: the people already admitted by the decision are named', async () => {
    const decisionId = await decided('2024-03-10');
    // Without citizen IDs: the unique index does not catch a second record of the same person.
    const rows = Array.from({ length: 3 }, (_, index) => {
      const { citizenId: _citizenId, ...member } = person('Kết Nạp Lặp');
      return { unitId: index === 0 ? north.cellA.id : north.cellB.id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20', member };
    });
    const before = await snapshot();
    const attempts = await Promise.all([0, 1, 2].map(() => officer.post('/api/members/bulk/admissions', { decisionId, rows })));
    expect(attempts.map((response) => response.statusCode).sort(), attempts.map((response) => response.body).join('\n')).toEqual([201, 422, 422]);
    const applied = attempts.find((response) => response.statusCode === 201)!.json();
    expect((await snapshot()).members - before.members).toBe(3);
    const refused = attempts.find((response) => response.statusCode === 422)!.json().error;
    expect(refused.code).toBe('BULK_ROWS_INVALID');
    expect(refused.details.rows.map((row: { index: number; code: string; details: { memberId: number } }) => [row.index, row.code, row.details.memberId]))
      .toEqual(applied.items.map((item: { index: number; memberId: number }) => [item.index, 'MEMBER_ALREADY_ADMITTED', item.memberId]));
    // Sent again later, and one row of it alone through the single command: the same answer, nothing written.
    const middle = await snapshot();
    const again = await officer.post('/api/members/bulk/admissions', { decisionId, rows });
    expect(again.statusCode, again.body).toBe(422);
    const single = await officer.post('/api/members/admissions', { decisionId, ...rows[1] });
    expect(single.statusCode, single.body).toBe(409);
    expect(single.json().error).toMatchObject({ code: 'MEMBER_ALREADY_ADMITTED', details: { memberId: applied.items[1].memberId } });
    // The same person twice in one request is a duplicate row.
    const twice = await officer.post('/api/members/bulk/admissions', { decisionId: await decided('2024-03-10'), rows: [rows[0], { ...rows[0], unitId: north.cellB.id }] });
    expect(twice.statusCode, twice.body).toBe(422);
    expect(twice.json().error.details.rows.map((row: { index: number; code: string }) => [row.index, row.code])).toEqual([[1, 'BULK_DUPLICATE_ROW']]);
    expect(await snapshot()).toEqual(middle);
  });

  it('list items carry rowVersion and statusSince, enough to remove members without reading their pages', async () => {
    const members = [await official(north.cellB.id), await official(north.cellB.id)];
    const headBefore = await headcountOfUnit(ctx.db, north.cellB.id, '2025-06-02', systemScope('test'));
    const listed = (await officer.get(`/api/members?unitId=${north.cellB.id}&limit=500`)).json().items as { id: number; rowVersion: number; statusSince: string }[];
    const items = members.map((member) => listed.find((item) => item.id === member.id)!);
    expect(items.map((item) => item.rowVersion)).toEqual(members.map((member) => member.rowVersion));
    expect(items.map((item) => item.statusSince)).toEqual(members.map((member) => member.statusSince));
    const response = await officer.post('/api/members/bulk/removals', {
      decisionId: await decided(), effectiveDate: '2025-06-01', ground: 'inactivity',
      rows: items.map((item) => ({ memberId: item.id, expectedRowVersion: item.rowVersion })),
    });
    expect(response.statusCode, response.body).toBe(200);
    const relisted = (await officer.get(`/api/members?unitId=${north.cellB.id}&limit=500&status=removed`)).json().items as { id: number; status: string; statusSince: string; rowVersion: number }[];
    for (const member of members) {
      expect(relisted.find((item) => item.id === member.id)).toMatchObject({ status: 'removed', statusSince: '2025-06-01', rowVersion: member.rowVersion + 1 });
      const page = (await officer.get(`/api/members/${member.id}`)).json();
      expect(page.timeline.map((event: { kind: string }) => event.kind)).toEqual(['registration', 'removal']);
    }
    const headAfter = await headcountOfUnit(ctx.db, north.cellB.id, '2025-06-02', systemScope('test'));
    expect(headAfter.total).toBe(headBefore.total - 2);
    // Before the date of removal they are still counted.
    expect((await headcountOfUnit(ctx.db, north.cellB.id, '2025-05-31', systemScope('test'))).total).toBe(headBefore.total);
  });

  it('one bad row among many applies nothing and names every bad row (index, key, code, message in the caller\'s language)', async () => {
    const good = await Promise.all(Array.from({ length: 8 }, () => official()));
    const removed = await official();
    const decisionId = await decided();
    await officer.post('/api/members/bulk/removals', { decisionId, effectiveDate: '2025-06-01', ground: 'inactivity', rows: [{ memberId: removed.id }] });
    const outside = await official(south.cellA.id);
    const stale = await official();
    const before = await snapshot();
    const rows = [
      ...good.slice(0, 4).map((member) => ({ memberId: member.id })),
      { memberId: removed.id },
      ...good.slice(4).map((member) => ({ memberId: member.id })),
      { memberId: outside.id },
      { memberId: good[0].id },
      { memberId: stale.id, expectedRowVersion: stale.rowVersion + 5 },
    ];
    const response = await officer.request('POST', '/api/members/bulk/removals', { decisionId, effectiveDate: '2025-06-02', ground: 'inactivity', rows }, { 'x-locale': 'en' });
    expect(response.statusCode, response.body).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('BULK_ROWS_INVALID');
    expect(error.details.rows.map((row: { index: number; key: unknown; code: string }) => [row.index, row.key, row.code])).toEqual([
      [4, { memberId: removed.id }, 'MEMBER_NOT_ACTIVE'],
      [9, { memberId: outside.id }, 'NOT_FOUND'],
      [10, { memberId: good[0].id }, 'BULK_DUPLICATE_ROW'],
      [11, { memberId: stale.id }, 'CONFLICT'],
    ]);
    expect(error.details.rows[0].message).toBe('This person is no longer a member.');
    expect(await snapshot()).toEqual(before);
    // In Vietnamese by default.
    const vi = await officer.post('/api/members/bulk/removals', { decisionId, effectiveDate: '2025-06-02', ground: 'inactivity', rows: [{ memberId: removed.id }] });
    expect(vi.json().error.details.rows[0].message).toBe('Người này không còn là đảng viên.');
  });

  it('a request naming only members out of scope is NOT_FOUND (404), each row named', async () => {
    const outside = await official(south.cellA.id);
    const response = await officer.post('/api/members/bulk/expulsions', { decisionId: await decided(), effectiveDate: '2025-06-02', ground: 'discipline', rows: [{ memberId: outside.id }, { memberId: 987654321 }] });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    expect(response.json().error.details.rows.map((row: { index: number; code: string }) => [row.index, row.code])).toEqual([[0, 'NOT_FOUND'], [1, 'NOT_FOUND']]);
  });

  it('more rows than the documented maximum is BULK_TOO_MANY_ROWS and changes nothing', async () => {
    const before = await snapshot();
    const rows = Array.from({ length: BULK_MAX_ROWS + 1 }, (_, index) => ({ memberId: index + 1 }));
    const response = await officer.post('/api/members/bulk/recognitions', { decisionId: await decided(), rows });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'BULK_TOO_MANY_ROWS', details: { max: BULK_MAX_ROWS, given: BULK_MAX_ROWS + 1 } });
    expect(await snapshot()).toEqual(before);
  });

  it('recognizes probationary members as official in bulk; a row not probationary is named with the single command\'s code', async () => {
    const members = [await probationary(), await probationary()];
    const already = await official();
    const decisionId = await decided('2024-02-01');
    const refused = await officer.post('/api/members/bulk/recognitions', { decisionId, rows: [...members.map((member) => ({ memberId: member.id })), { memberId: already.id }] });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.details.rows.map((row: { index: number; code: string }) => [row.index, row.code])).toEqual([[2, 'MEMBER_NOT_PROBATIONARY']]);
    const response = await officer.post('/api/members/bulk/recognitions', { decisionId, rows: members.map((member) => ({ memberId: member.id, expectedRowVersion: member.rowVersion })) });
    expect(response.statusCode, response.body).toBe(200);
    for (const member of members) {
      const page = (await officer.get(`/api/members/${member.id}`)).json();
      expect(page.record).toMatchObject({ status: 'official', officialDate: '2024-01-15' });
      expect(page.timeline.map((event: { kind: string }) => event.kind)).toEqual(['registration', 'recognition']);
    }
  });

  it('two concurrent bulk requests on overlapping members: one wins, the other gets CONFLICT on the shared rows, no partial state', async () => {
    const shared = await Promise.all(Array.from({ length: 4 }, () => official()));
    const onlyA = await official();
    const onlyB = await official();
    const decisionId = await decided();
    const body = (members: { id: number; rowVersion: number }[]) => ({ decisionId, effectiveDate: '2025-06-03', ground: 'inactivity', rows: members.map((member) => ({ memberId: member.id, expectedRowVersion: member.rowVersion })) });
    const [a, b] = await Promise.all([
      officer.post('/api/members/bulk/removals', body([onlyA, ...shared])),
      officer.post('/api/members/bulk/removals', body([...shared].reverse().concat(onlyB))),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses, `${a.body} ${b.body}`).toEqual([200, 422]);
    const loser = a.statusCode === 422 ? a : b;
    const loserOnly = a.statusCode === 422 ? onlyA : onlyB;
    const winnerOnly = a.statusCode === 422 ? onlyB : onlyA;
    expect(new Set(loser.json().error.details.rows.map((row: { code: string }) => row.code))).toEqual(new Set(['CONFLICT']));
    expect(loser.json().error.details.rows).toHaveLength(4);
    const status = async (id: number) => (await officer.get(`/api/members/${id}`)).json().record.status;
    expect(await status(loserOnly.id)).toBe('official');
    expect(await status(winnerOnly.id)).toBe('removed');
    for (const member of shared) expect(await status(member.id)).toBe('removed');
  });

  it('transfers: issued in bulk to another province, accepted there in bulk; notifications and headcounts follow', async () => {
    const members = [await official(north.cellB.id), await official(north.cellB.id), await official(north.cellB.id)];
    const decisionId = await decided('2025-07-01');
    const headFrom = (await headcountOfUnit(ctx.db, north.cellB.id, '2025-07-10', systemScope('test'))).total;
    const headTo = (await headcountOfUnit(ctx.db, south.cellB.id, '2025-07-10', systemScope('test'))).total;
    const issued = await officer.post('/api/transfers/bulk/issue', {
      decisionId, issuedOn: '2025-07-01', rows: members.map((member) => ({ memberId: member.id, kind: 'official', purpose: 'work', toUnitId: south.grassroots.id })),
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const transferIds = issued.json().items.map((item: { transferId: number }) => item.transferId);
    expect(transferIds).toHaveLength(3);
    const incoming = (await southOfficer.get('/api/transfers?direction=incoming&limit=500')).json().items.map((item: { id: number }) => item.id);
    for (const id of transferIds) expect(incoming).toContain(id);
    const notices = await ctx.db.selectFrom('notifications').select('kind').where('kind', '=', 'transfer.arrived').execute();
    expect(notices.length).toBeGreaterThanOrEqual(3);

    // A second issue of the same members: each row refused as the single command refuses it.
    const again = await officer.post('/api/transfers/bulk/issue', {
      decisionId, issuedOn: '2025-07-02', rows: members.map((member) => ({ memberId: member.id, kind: 'official', purpose: 'work', toUnitId: south.grassroots.id })),
    });
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json().error.details.rows.map((row: { code: string }) => row.code)).toEqual(['MEMBER_IN_TRANSIT', 'MEMBER_IN_TRANSIT', 'MEMBER_IN_TRANSIT']);

    const before = await snapshot();
    const bad = await southOfficer.post('/api/transfers/bulk/accept', { receivedOn: '2025-07-05', rows: [...transferIds.map((transferId: number) => ({ transferId, cellId: south.cellB.id })), { transferId: transferIds[0] }] });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().error.details.rows).toEqual([expect.objectContaining({ index: 3, key: { transferId: transferIds[0] }, code: 'BULK_DUPLICATE_ROW' })]);
    expect(await snapshot()).toEqual(before);

    const accepted = await southOfficer.post('/api/transfers/bulk/accept', { receivedOn: '2025-07-05', rows: transferIds.map((transferId: number) => ({ transferId, cellId: south.cellB.id })) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    for (const member of members) {
      const page = (await southOfficer.get(`/api/members/${member.id}`)).json();
      expect(page.record).toMatchObject({ unitId: south.cellB.id, inTransit: false });
      expect(page.timeline.map((event: { kind: string }) => event.kind)).toEqual(['registration', 'transfer_issued', 'transfer_received']);
    }
    expect((await headcountOfUnit(ctx.db, north.cellB.id, '2025-07-10', systemScope('test'))).total).toBe(headFrom - 3);
    expect((await headcountOfUnit(ctx.db, south.cellB.id, '2025-07-10', systemScope('test'))).total).toBe(headTo + 3);
  });

  it('property: a bulk row fails with the code the single command gives for the same input, and a good one applies', async () => {
    // Each case: a member in some state, and a removal dated some day; compared one at a time and in bulk (rolled back).
    const states = ['official', 'probationary', 'removed', 'outside'] as const;
    const dates = ['2019-01-01', '2025-06-05', '2099-01-01'] as const;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...states), fc.constantFrom(...dates), fc.boolean(), async (state, date, staleVersion) => {
      const decisionId = await decided('2025-06-01');
      const make = async () => {
        if (state === 'outside') return official(south.cellA.id);
        if (state === 'probationary') return probationary();
        const member = await official();
        if (state === 'removed') {
          const removed = await officer.post(`/api/members/${member.id}/removal`, { decisionId, effectiveDate: '2025-06-01', ground: 'inactivity', expectedRowVersion: member.rowVersion });
          return { ...member, rowVersion: removed.json().member.rowVersion };
        }
        return member;
      };
      const single = await make();
      const inBulk = await make();
      const version = (member: { rowVersion: number }) => member.rowVersion + (staleVersion ? 3 : 0);
      const one = await officer.post(`/api/members/${single.id}/removal`, { decisionId, effectiveDate: date, ground: 'inactivity', expectedRowVersion: version(single) });
      const good = await official();
      const many = await officer.post('/api/members/bulk/removals', {
        decisionId, effectiveDate: date, ground: 'inactivity', rows: [{ memberId: good.id }, { memberId: inBulk.id, expectedRowVersion: version(inBulk) }],
      });
      // The date is shared by every row: a future one refuses the good row too, with the code the single command gives.
      const expected: [number, string][] = [
        ...(date === '2099-01-01' ? [[0, 'DATE_IN_FUTURE'] as [number, string]] : []),
        ...(one.statusCode === 200 ? [] : [[1, one.json().error.code] as [number, string]]),
      ];
      if (expected.length === 0) {
        expect(many.statusCode, many.body).toBe(200);
        expect(many.json().applied).toBe(2);
        return;
      }
      // Out of scope alone answers as the single command does (404); any other bad row is BULK_ROWS_INVALID.
      const notFound = expected.every(([, code]) => code === 'NOT_FOUND');
      expect(many.statusCode, many.body).toBe(notFound ? 404 : 422);
      expect(many.json().error.code).toBe(notFound ? 'NOT_FOUND' : 'BULK_ROWS_INVALID');
      expect(many.json().error.details.rows.map((row: { index: number; code: string }) => [row.index, row.code])).toEqual(expected);
      expect((await officer.get(`/api/members/${good.id}`)).json().record.status).toBe('official');
    }), { numRuns: 12 });
  });

  // ---- The same rows one at a time and in bulk, on twins (same unit, status and dates): the same writes, or the same
  // refusals row by row with nothing applied.

  /** An applicant of a fixed birth date, so that twins are the same age. */
  function twinPerson(prefix: string) {
    sequence++;
    const birthDate = '1980-04-12';
    return { fullName: `${prefix} ${sequence}`, sex: 'male' as const, birthDate, citizenId: validCitizenId('male', birthDate) };
  }

  type State = 'official' | 'probationary' | 'removed' | 'late';
  const decisionOn = '2025-06-01';

  /** A member in `state`: official, probationary (probation ended 2024-01-15), removed, or exempted later (2025-06-10). */
  async function memberIn(state: State, decisionId: number, unitId = north.cellA.id) {
    const base = state === 'probationary'
      ? await registerTestMember(ctx.db, ctx.rootUnitId, { unitId, status: 'probationary', admissionDate: '2023-01-10', probationStart: '2023-01-15', ...twinPerson('Song Dự Bị') })
      : await registerTestMember(ctx.db, ctx.rootUnitId, { unitId, ...twinPerson('Song Chính Thức') });
    if (state === 'removed') {
      const removed = await officer.post(`/api/members/${base.id}/removal`, { decisionId, effectiveDate: '2025-05-01', ground: 'inactivity', expectedRowVersion: base.rowVersion });
      expect(removed.statusCode, removed.body).toBe(200);
      return { id: base.id, rowVersion: removed.json().member.rowVersion as number };
    }
    if (state === 'late') {
      const exempted = await officer.post(`/api/members/${base.id}/exemption`, { decisionId, effectiveDate: '2025-06-10', ground: 'age', expectedRowVersion: base.rowVersion });
      expect(exempted.statusCode, exempted.body).toBe(200);
      return { id: base.id, rowVersion: exempted.json().member.rowVersion as number };
    }
    return { id: base.id, rowVersion: base.rowVersion };
  }

  const IDENTITY = new Set(['fullName', 'full_name', 'name_folded', 'name_sort_key', 'citizen_id', 'party_card_number']);
  /** Ids that differ between twins by construction (later fact ids, the member's own id) and the twins' names. */
  function normalized(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(normalized);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).filter(([key]) => !IDENTITY.has(key)).map(([key, inner]) => {
        if (key === 'laterFactIds') return [key, (inner as unknown[]).length];
        if (key === 'memberId' || key === 'memberName') return [key, 'M'];
        return [key, normalized(inner)];
      }));
    }
    return value;
  }

  /** Everything a member's commands wrote, without the ids that differ between twins. */
  async function stateOf(memberId: number) {
    const db = ctx.db;
    const member = await db.selectFrom('members')
      .select(['status', 'status_since', 'admission_date', 'probation_start', 'official_date', 'unit_id', 'scope_path', 'in_transit', 'row_version', 'created_by'])
      .where('id', '=', memberId).executeTakeFirstOrThrow();
    const events = await db.selectFrom('member_events')
      .select(['id', 'kind', 'effective_date', 'decision_id', 'unit_id', 'status_after', 'payload', 'reason', 'recorded_by', 'transfer_id', 'voided_by_event_id'])
      .where('member_id', '=', memberId).orderBy('id').execute();
    const kindOf = new Map(events.map((event) => [event.id, event.kind]));
    const placements = await db.selectFrom('member_placements')
      .select(['unit_id', 'kind', 'valid_from', 'valid_to', 'event_id', 'closed_by_event_id', 'transfer_id', 'voided_by_event_id'])
      .where('member_id', '=', memberId).orderBy('id').execute();
    const transfers = await db.selectFrom('member_transfers')
      .select(['id', 'kind', 'purpose', 'from_unit_id', 'to_unit_id', 'status', 'issued_on', 'issue_decision_id', 'due_by', 'temporary_until', 'received_on',
        'receive_decision_id', 'cell_id', 'present_by', 'presented_on', 'note', 'issued_by', 'received_by', 'row_version'])
      .where('member_id', '=', memberId).orderBy('id').execute();
    const transferIds = transfers.map((transfer) => String(transfer.id));
    const journal = await db.selectFrom('journal')
      .select(['account_id', 'action', 'object_type', 'unit_id', 'effective_date', 'decision_id', 'reason', 'before', 'after'])
      .where((eb) => eb.or([
        eb.and([eb('object_type', '=', 'member'), eb('object_id', '=', String(memberId))]),
        ...(transferIds.length > 0 ? [eb.and([eb('object_type', '=', 'member_transfer'), eb('object_id', 'in', transferIds)])] : []),
      ]))
      .orderBy('id').execute();
    const notifications = transfers.length === 0 ? [] : await db.selectFrom('notifications').select(['account_id', 'kind', 'unit_id', 'object_type', 'params'])
      .where('object_type', '=', 'member_transfer').where('object_id', 'in', transfers.map((transfer) => transfer.id)).orderBy('id').execute();
    return normalized({
      member,
      events: events.map(({ id: _id, transfer_id, voided_by_event_id, ...event }) => ({ ...event, transfer: transfer_id !== null, voided: voided_by_event_id !== null })),
      placements: placements.map(({ event_id, closed_by_event_id, transfer_id, voided_by_event_id, ...placement }) => ({
        ...placement, openedBy: event_id === null ? null : kindOf.get(event_id), closedBy: closed_by_event_id === null ? null : kindOf.get(closed_by_event_id), transfer: transfer_id !== null, voided: voided_by_event_id !== null,
      })),
      transfers: transfers.map(({ id: _id, ...transfer }) => transfer),
      journal,
      notifications,
    });
  }

  type Reply = { statusCode: number; json: () => { error?: { code: string; details: { rows: { index: number; code: string }[] } } } };
  /** What the bulk answer must be, from the single answers: applied when every one was, else the same codes by row. */
  function expectSameOutcome(singles: Reply[], bulk: Reply & { body: string }) {
    const failed = singles.flatMap((reply, index) => (reply.statusCode < 300 ? [] : [[index, reply.json().error!.code] as [number, string]]));
    if (failed.length === 0) {
      expect(bulk.statusCode, bulk.body).toBeLessThan(300);
      return true;
    }
    expect(bulk.statusCode, bulk.body).toBe(failed.every(([, code]) => code === 'NOT_FOUND') ? 404 : 422);
    expect(bulk.json().error!.details.rows.map((row) => [row.index, row.code])).toEqual(failed);
    return false;
  }

  const states = fc.constantFrom<State>('official', 'official', 'probationary', 'removed', 'late');

  it('property: removals, expulsions and recognitions, fast rows and late entries mixed', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('removal', 'expulsion', 'recognition'), fc.array(states, { minLength: 1, maxLength: 4 }), fc.constantFrom('2025-06-01', '2025-06-05'), fc.boolean(),
      async (command, rowStates, date, giveVersion) => {
        const decisionId = await insertDecision(ctx.db, { signedOn: decisionOn });
        const singles = [];
        const twins = [];
        for (const state of rowStates) {
          singles.push(await memberIn(state, decisionId));
          twins.push(await memberIn(state, decisionId));
        }
        const shared = command === 'recognition' ? { decisionId } : { decisionId, effectiveDate: date, ground: command === 'removal' ? 'inactivity' : 'discipline' };
        const path = command === 'recognition' ? 'recognition' : command;
        const answers = [];
        for (const member of singles) answers.push(await officer.post(`/api/members/${member.id}/${path}`, { ...shared, expectedRowVersion: member.rowVersion }));
        const before = await Promise.all(twins.map((member) => stateOf(member.id)));
        const bulk = await officer.post(`/api/members/bulk/${command === 'recognition' ? 'recognitions' : `${command}s`}`, {
          ...shared, rows: twins.map((member) => ({ memberId: member.id, ...(giveVersion ? { expectedRowVersion: member.rowVersion } : {}) })),
        });
        if (!expectSameOutcome(answers, bulk)) {
          expect(await Promise.all(twins.map((member) => stateOf(member.id)))).toEqual(before);
          return;
        }
        for (const [index, member] of singles.entries()) expect(await stateOf(twins[index].id)).toEqual(await stateOf(member.id));
      },
    ), { numRuns: 15 });
  });

  it('property: admissions, a repeated citizen ID or an age out of range named as one at a time', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ kind: fc.constantFrom('good', 'good', 'repeat', 'young'), cell: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      async (rows) => {
        const decisionId = await insertDecision(ctx.db, { signedOn: '2024-03-10' });
        const applicants = (prefix: string) => {
          const made: { unitId: number; cellVoteDate: string; ceremonyDate: string; member: ReturnType<typeof twinPerson> }[] = [];
          for (const [index, row] of rows.entries()) {
            const member = row.kind === 'repeat' && index > 0 ? { ...made[index - 1].member, fullName: `${prefix} lặp ${index}` }
              : row.kind === 'young' ? { ...twinPerson(prefix), birthDate: '2010-01-01', citizenId: undefined as unknown as string }
                : twinPerson(prefix);
            made.push({ unitId: row.cell ? north.cellB.id : north.cellA.id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20', member });
          }
          return made;
        };
        const one = applicants('Song Kết Nạp');
        const answers = [];
        for (const row of one) answers.push(await officer.post('/api/members/admissions', { ...row, decisionId }));
        const many = applicants('Song Kết Nạp Loạt');
        const bulk = await officer.post('/api/members/bulk/admissions', { decisionId, rows: many });
        if (!expectSameOutcome(answers, bulk)) return;
        const ids = bulk.json() as unknown as { items: { memberId: number }[] };
        for (const [index, answer] of answers.entries()) {
          expect(await stateOf(ids.items[index].memberId)).toEqual(await stateOf((answer.json() as unknown as { member: { id: number } }).member.id));
        }
      },
    ), { numRuns: 10 });
  });

  it('property: transfers issued and accepted, with late entries among them', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ state: states, kind: fc.constantFrom('official', 'official', 'temporary') }), { minLength: 1, maxLength: 3 }),
      async (rows) => {
        const decisionId = await insertDecision(ctx.db, { signedOn: decisionOn });
        const singles = [];
        const twins = [];
        for (const row of rows) {
          singles.push(await memberIn(row.state, decisionId));
          twins.push(await memberIn(row.state, decisionId));
        }
        const rowOf = (member: { id: number }, index: number) => ({
          memberId: member.id, kind: rows[index].kind, purpose: 'work', toUnitId: south.grassroots.id, ...(rows[index].kind === 'temporary' ? { temporaryUntil: '2025-12-01' } : {}),
        });
        const answers = [];
        for (const [index, member] of singles.entries()) {
          answers.push(await officer.post('/api/transfers', { ...rowOf(member, index), decisionId, issuedOn: '2025-06-01', expectedRowVersion: member.rowVersion }));
        }
        const issued = await officer.post('/api/transfers/bulk/issue', { decisionId, issuedOn: '2025-06-01', rows: twins.map(rowOf) });
        if (!expectSameOutcome(answers, issued)) return;
        const accepts = [];
        for (const answer of answers) {
          const transfer = answer.json() as unknown as { id: number; rowVersion: number };
          accepts.push(await southOfficer.post(`/api/transfers/${transfer.id}/accept`, { receivedOn: '2025-06-03', cellId: south.cellB.id, expectedRowVersion: transfer.rowVersion }));
        }
        const accepted = await southOfficer.post('/api/transfers/bulk/accept', {
          receivedOn: '2025-06-03', rows: (issued.json() as unknown as { items: { transferId: number }[] }).items.map((item) => ({ transferId: item.transferId, cellId: south.cellB.id })),
        });
        if (!expectSameOutcome(accepts, accepted)) return;
        for (const [index, member] of singles.entries()) expect(await stateOf(twins[index].id)).toEqual(await stateOf(member.id));
      },
    ), { numRuns: 10 });
  });

  it('a request of fast rows, a late entry and a bad row applies nothing and names every bad row; without the bad row all apply', async () => {
    const decisionId = await insertDecision(ctx.db, { signedOn: decisionOn });
    const fast = [await memberIn('official', decisionId), await memberIn('official', decisionId)];
    const late = await memberIn('late', decisionId);
    const removed = await memberIn('removed', decisionId);
    const before = await snapshot();
    const row = (member: { id: number }) => ({ memberId: member.id, kind: 'official', purpose: 'work', toUnitId: south.grassroots.id });

    // A late entry that fits (issued before the exemption) is good; the removed member is not.
    const refused = await officer.post('/api/transfers/bulk/issue', { decisionId, issuedOn: '2025-06-01', rows: [row(fast[0]), row(late), row(removed), row(fast[1])] });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.details.rows.map((bad: { index: number; code: string }) => [bad.index, bad.code])).toEqual([[2, 'MEMBER_NOT_ACTIVE']]);
    expect(await snapshot()).toEqual(before);

    // A late entry that contradicts a later fact is named beside the other bad row.
    const removals = await officer.post('/api/members/bulk/removals', {
      decisionId, effectiveDate: '2025-06-01', ground: 'inactivity', rows: [fast[0], late, fast[1], removed].map((member) => ({ memberId: member.id })),
    });
    expect(removals.statusCode, removals.body).toBe(422);
    expect(removals.json().error.details.rows.map((bad: { index: number; code: string }) => [bad.index, bad.code])).toEqual([[1, 'MEMBER_LATER_FACT_CONFLICT'], [3, 'MEMBER_NOT_ACTIVE']]);
    // The row's message names the later fact (its kind and date), as the single command's does.
    const conflict = removals.json().error.details.rows[0];
    expect(conflict.message).toContain(conflict.details.conflict.effectiveDate.split('-').reverse().join('/'));
    expect(await snapshot()).toEqual(before);

    const applied = await officer.post('/api/transfers/bulk/issue', { decisionId, issuedOn: '2025-06-01', rows: [row(fast[0]), row(late), row(fast[1])] });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().items.map((item: { index: number; memberId: number }) => [item.index, item.memberId])).toEqual([[0, fast[0].id], [1, late.id], [2, fast[1].id]]);
    const events = await ctx.db.selectFrom('member_events').select(['member_id', 'payload']).where('kind', '=', 'transfer_issued')
      .where('member_id', 'in', [fast[0].id, late.id, fast[1].id]).execute();
    expect(events).toHaveLength(3);
    expect(events.find((event) => event.member_id === late.id)?.payload).toMatchObject({ recordedLate: true });
    expect(events.find((event) => event.member_id === fast[0].id)?.payload).not.toHaveProperty('recordedLate');
    const inTransit = await ctx.db.selectFrom('members').select('in_transit').where('id', 'in', [fast[0].id, late.id, fast[1].id]).execute();
    expect(inTransit.every((member) => member.in_transit)).toBe(true);
  });
});
