/**
 * Permission-matrix entries for the member registry (/api/members) and transfers (/api/transfers).
 * A member "belongs to" a target unit when it sits in a cell at or directly under that unit; the other side of a
 * transfer is a cell in a province of its own, outside every matrix grant.
 */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { insertUnit, uniqueSuffix } from '../../helpers/factories.ts';
import { insertDecision, registerTestMember, systemActor, validCitizenId } from '../../helpers/member-factories.ts';
import { recordDeath, removeMember, admitMember } from '../../../src/modules/members/members.service.ts';
import { acceptTransfer, issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';
import { inTransaction } from '../../../src/kernel/index.ts';

function cached<T>(world: MatrixWorld, key: string, make: () => Promise<T>): Promise<T> {
  let value = world.cache.get(key) as Promise<T> | undefined;
  if (!value) {
    value = make();
    world.cache.set(key, value);
  }
  return value;
}

/** A cell for members of `target`: the target itself when it is the matrix's cell, else a cell directly under it. */
function cellOf(world: MatrixWorld, target: UnitFixture): Promise<UnitFixture> {
  if (target.id === world.units.descendant.id) return Promise.resolve(target);
  return cached(world, `members:cell:${target.id}`, () => insertUnit(world.db, { parentId: target.id, kind: 'cell', name: `Chi bộ ma trận ${target.id}`, validFrom: '2000-01-01' }));
}

/** A cell no matrix account covers: the far side of transfers. */
function elsewhere(world: MatrixWorld): Promise<UnitFixture> {
  return cached(world, 'members:elsewhere', async () => {
    const province = await insertUnit(world.db, { parentId: world.rootUnitId, kind: 'provincial_committee', name: 'Đảng bộ tỉnh Xa', validFrom: '2000-01-01' });
    return insertUnit(world.db, { parentId: province.id, kind: 'cell', name: 'Chi bộ tỉnh Xa', validFrom: '2000-01-01' });
  });
}

let personSequence = 0;
function person(prefix = 'Đảng Viên Ma Trận') {
  const year = 1970 + (personSequence % 30);
  const birthDate = `${year}-0${1 + (personSequence % 9)}-1${personSequence % 10}`;
  personSequence++;
  return { fullName: `${prefix} ${uniqueSuffix()}`, sex: 'male' as const, birthDate, citizenId: validCitizenId('male', birthDate) };
}

/** Matrix units exist from 2020; members are recorded from then on. */
async function officialIn(world: MatrixWorld, target: UnitFixture) {
  return registerTestMember(world.db, world.rootUnitId, { unitId: (await cellOf(world, target)).id, admissionDate: '2020-02-01', officialDate: '2021-02-01', ...person() });
}

async function probationaryIn(world: MatrixWorld, target: UnitFixture) {
  const decisionId = await insertDecision(world.db, { signedOn: '2023-01-10' });
  const unitId = (await cellOf(world, target)).id;
  const result = await inTransaction(world.db, (tx) => admitMember(tx, systemActor(world.rootUnitId), {
    unitId, decisionId, cellVoteDate: '2023-01-05', ceremonyDate: '2023-01-15', member: person(),
  }));
  return result.member;
}

/** An official member of `elsewhere` with a transfer addressed to `target`'s cell; accepted when asked. */
async function transferTo(world: MatrixWorld, target: UnitFixture, options: { kind?: 'official' | 'temporary'; accept?: boolean } = {}) {
  const from = await elsewhere(world);
  const member = await registerTestMember(world.db, world.rootUnitId, { unitId: from.id, ...person() });
  const cell = await cellOf(world, target);
  const actor = systemActor(world.rootUnitId);
  const decisionId = await insertDecision(world.db, { signedOn: '2025-03-03' });
  const kind = options.kind ?? 'official';
  const issued = await inTransaction(world.db, (tx) => issueTransfer(tx, actor, {
    memberId: member.id, kind, purpose: 'work', toUnitId: cell.id, decisionId, issuedOn: '2025-03-03',
    temporaryUntil: kind === 'temporary' ? '2025-09-03' : null, expectedRowVersion: 0,
  }));
  if (!options.accept) return issued;
  return inTransaction(world.db, (tx) => acceptTransfer(tx, actor, issued.id, { receivedOn: '2025-03-10', expectedRowVersion: 0 }));
}

/** An official member of `target` with a transfer issued from there to `elsewhere`. */
async function transferFrom(world: MatrixWorld, target: UnitFixture) {
  const member = await officialIn(world, target);
  const decisionId = await insertDecision(world.db, { signedOn: '2025-03-03' });
  const toUnitId = (await elsewhere(world)).id;
  return inTransaction(world.db, (tx) => issueTransfer(tx, systemActor(world.rootUnitId), {
    memberId: member.id, kind: 'official', purpose: 'work', toUnitId, decisionId, issuedOn: '2025-03-03', expectedRowVersion: 0,
  }));
}

const decided = async (world: MatrixWorld, signedOn = '2024-06-01') => insertDecision(world.db, { signedOn });

type Response = { json(): unknown };
const items = (response: Response) => (response.json() as { items: Record<string, unknown>[] }).items;

/** A life-cycle command on a fresh member of the target. */
function command(path: string, make: (world: MatrixWorld, target: UnitFixture) => Promise<{ id: number; body: Record<string, unknown> }>): MatrixEntry {
  return {
    route: `POST /api/members/:id/${path}`, access: 'member.write', kind: 'object',
    build: async (world, target) => {
      const { id, body } = await make(world, target);
      return { url: `/api/members/${id}/${path}`, body };
    },
  };
}

export const entries: MatrixEntry[] = [
  // ---- Reading -------------------------------------------------------------------------------------------------
  {
    route: 'GET /api/members', access: 'member.read', kind: 'list',
    build: async (world, target) => {
      const member = await cached(world, `members:listed:${target.id}`, () => officialIn(world, target));
      world.cache.set(`members:listed:${target.id}:id`, member.id);
      return { url: `/api/members?q=${encodeURIComponent(member.fullName)}` };
    },
    shows: (response, target, world) => items(response).some((item) => item.id === world.cache.get(`members:listed:${target.id}:id`)),
  },
  {
    route: 'GET /api/members/self', access: 'member.self', kind: 'self',
    build: async (world, target, position) => {
      // The caller's own record for 'self'; for the other positions the account has no record of its own.
      const member = position === 'self' ? await officialIn(world, target) : null;
      await world.db.updateTable('accounts').set({ member_id: member?.id ?? null }).where('id', '=', world.caller.accountId).execute();
      return { url: '/api/members/self' };
    },
  },
  {
    route: 'GET /api/members/headcount', access: 'member.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/members/headcount?unitId=${target.id}&asOf=2025-01-01` }),
  },
  {
    route: 'GET /api/members/:id', access: 'member.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/members/${(await cached(world, `members:page:${target.id}`, () => officialIn(world, target))).id}` }),
  },
  {
    route: 'GET /api/members/:id/record-sheet', access: 'member.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/members/${(await cached(world, `members:page:${target.id}`, () => officialIn(world, target))).id}/record-sheet` }),
  },

  // ---- Saved filters (per account; a filter may only name a unit the caller can read) ----------------------------
  { route: 'GET /api/members/saved-filters', access: 'member.read', kind: 'authenticated', build: () => ({ url: '/api/members/saved-filters' }) },
  {
    route: 'POST /api/members/saved-filters', access: 'member.read', kind: 'object',
    build: (_world, target) => ({ url: '/api/members/saved-filters', body: { name: `Bộ lọc ${uniqueSuffix()}`, filters: { unitId: target.id, sex: 'female' } } }),
  },
  {
    route: 'PATCH /api/members/saved-filters/:id', access: 'member.read', kind: 'object',
    build: async (world, target) => {
      const row = await world.db.insertInto('member_saved_filters').values({ account_id: world.caller.accountId, name: `Bộ lọc ${uniqueSuffix()}`, filters: JSON.stringify({}), deleted_at: null })
        .returning('id').executeTakeFirstOrThrow();
      return { url: `/api/members/saved-filters/${row.id}`, body: { filters: { unitId: target.id }, expectedRowVersion: 0 } };
    },
  },
  {
    route: 'DELETE /api/members/saved-filters/:id', access: 'member.read', kind: 'authenticated',
    build: async (world) => {
      const row = await world.db.insertInto('member_saved_filters').values({ account_id: world.caller.accountId, name: `Bộ lọc ${uniqueSuffix()}`, filters: JSON.stringify({}), deleted_at: null })
        .returning('id').executeTakeFirstOrThrow();
      return { url: `/api/members/saved-filters/${row.id}` };
    },
  },

  // ---- New records ---------------------------------------------------------------------------------------------
  {
    route: 'POST /api/members/admissions', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/members/admissions',
      body: { unitId: (await cellOf(world, target)).id, decisionId: await decided(world, '2024-03-10'), cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20', member: person() },
    }),
  },
  {
    route: 'POST /api/members/registrations', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/members/registrations',
      body: { unitId: (await cellOf(world, target)).id, effectiveDate: '2020-01-01', admissionDate: '2010-01-01', officialDate: '2011-01-01', status: 'official', member: person() },
    }),
  },

  // ---- Life-cycle commands ---------------------------------------------------------------------------------------
  command('recognition', async (world, target) => ({ id: (await probationaryIn(world, target)).id, body: { decisionId: await decided(world, '2024-02-01'), expectedRowVersion: 0 } })),
  command('recognition-extension', async (world, target) => ({
    id: (await probationaryIn(world, target)).id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', extraWorkingDays: 10, expectedRowVersion: 0 },
  })),
  command('probation-refusal', async (world, target) => ({
    id: (await probationaryIn(world, target)).id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', expectedRowVersion: 0 },
  })),
  command('exemption', async (world, target) => ({
    id: (await officialIn(world, target)).id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', ground: 'age', expectedRowVersion: 0 },
  })),
  command('exemption-end', async (world, target) => {
    const member = await officialIn(world, target);
    await world.db.updateTable('members').set({ status: 'exempted' }).where('id', '=', member.id).execute();
    await world.db.insertInto('member_events').values({
      member_id: member.id, kind: 'exemption', effective_date: '2023-01-01', decision_id: null, unit_id: member.unitId, status_after: 'exempted',
      payload: JSON.stringify({}), reason: null, transfer_id: null, corrects_event_id: null, voided_by_event_id: null, recorded_by: null,
    }).execute();
    return { id: member.id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', expectedRowVersion: 0 } };
  }),
  command('removal', async (world, target) => ({
    id: (await officialIn(world, target)).id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', ground: 'inactivity', expectedRowVersion: 0 },
  })),
  command('expulsion', async (world, target) => ({
    id: (await officialIn(world, target)).id, body: { decisionId: await decided(world), effectiveDate: '2024-02-01', ground: 'discipline', expectedRowVersion: 0 },
  })),
  command('death', async (world, target) => ({ id: (await officialIn(world, target)).id, body: { effectiveDate: '2024-02-01', expectedRowVersion: 0 } })),
  command('readmission', async (world, target) => {
    const member = await officialIn(world, target);
    const decisionId = await decided(world, '2021-03-01');
    await inTransaction(world.db, (tx) => removeMember(tx, systemActor(world.rootUnitId), member.id, { decisionId, effectiveDate: '2021-03-01', ground: 'no_progress', expectedRowVersion: 0 }));
    return {
      id: member.id,
      body: {
        decisionId: await decided(world, '2024-06-01'), consentDecisionId: await decided(world, '2024-05-01'), unitId: (await cellOf(world, target)).id,
        cellVoteDate: '2024-05-20', ceremonyDate: '2024-06-10', expectedRowVersion: 1,
      },
    };
  }),
  command('corrections', async (world, target) => {
    const member = await officialIn(world, target);
    const { eventId } = await inTransaction(world.db, (tx) => recordDeath(tx, systemActor(world.rootUnitId), member.id, { effectiveDate: '2024-02-01', expectedRowVersion: 0 }));
    return { id: member.id, body: { correctsEventId: eventId, action: 'void', reason: 'Ghi nhầm', expectedRowVersion: 1 } };
  }),
  command('merge', async (world, target) => {
    const member = await officialIn(world, target);
    // The same person entered again, without a citizen ID.
    const duplicate = await registerTestMember(world.db, world.rootUnitId, {
      unitId: (await cellOf(world, target)).id, admissionDate: '2020-02-01', officialDate: '2021-02-01', ...person(), citizenId: null,
    });
    return { id: member.id, body: { duplicateId: duplicate.id, reason: 'Hồ sơ nhập trùng', expectedRowVersion: 0, duplicateRowVersion: 0 } };
  }),
  {
    route: 'PATCH /api/members/:id', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: `/api/members/${(await officialIn(world, target)).id}`,
      body: { effectiveDate: '2024-02-01', reason: 'Học xong trung cấp', isCorrection: false, changes: { theoryLevel: 'intermediate' }, expectedRowVersion: 0 },
    }),
  },

  // ---- Bulk life-cycle commands (a request with the target's member; outside, its row is NOT_FOUND: 404) ----------
  {
    route: 'POST /api/members/bulk/admissions', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/members/bulk/admissions',
      body: { decisionId: await decided(world, '2024-03-10'), rows: [{ unitId: (await cellOf(world, target)).id, cellVoteDate: '2024-03-01', ceremonyDate: '2024-03-20', member: person() }] },
    }),
  },
  {
    route: 'POST /api/members/bulk/recognitions', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: '/api/members/bulk/recognitions', body: { decisionId: await decided(world, '2024-02-01'), rows: [{ memberId: (await probationaryIn(world, target)).id }] } }),
  },
  {
    route: 'POST /api/members/bulk/removals', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/members/bulk/removals',
      body: { decisionId: await decided(world), effectiveDate: '2024-02-01', ground: 'inactivity', rows: [{ memberId: (await officialIn(world, target)).id, expectedRowVersion: 0 }] },
    }),
  },
  {
    route: 'POST /api/members/bulk/expulsions', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/members/bulk/expulsions',
      body: { decisionId: await decided(world), effectiveDate: '2024-02-01', ground: 'discipline', rows: [{ memberId: (await officialIn(world, target)).id }] },
    }),
  },
  {
    route: 'POST /api/transfers/bulk/issue', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/transfers/bulk/issue',
      body: {
        decisionId: await decided(world, '2025-02-01'), issuedOn: '2025-02-01',
        rows: [{ memberId: (await officialIn(world, target)).id, kind: 'official', purpose: 'work', toUnitId: (await elsewhere(world)).id }],
      },
    }),
  },
  {
    route: 'POST /api/transfers/bulk/accept', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: '/api/transfers/bulk/accept', body: { receivedOn: '2025-03-12', rows: [{ transferId: (await transferTo(world, target)).id }] } }),
  },

  // ---- Transfers ----------------------------------------------------------------------------------------------------
  {
    route: 'GET /api/transfers', access: 'member.read', kind: 'list',
    build: async (world, target) => {
      const transfer = await cached(world, `transfers:listed:${target.id}`, () => transferTo(world, target));
      world.cache.set(`transfers:listed:${target.id}:id`, transfer.id);
      return { url: '/api/transfers?direction=incoming&status=issued&limit=500' };
    },
    shows: (response, target, world) => items(response).some((item) => item.id === world.cache.get(`transfers:listed:${target.id}:id`)),
  },
  {
    // Destinations are searched in the whole country on purpose (names and codes only): no position is outside.
    route: 'GET /api/transfers/destinations', access: 'member.write', kind: 'authenticated',
    build: () => ({ url: '/api/transfers/destinations?q=chi%20bo' }),
  },
  {
    route: 'GET /api/transfers/:id', access: 'member.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await cached(world, `transfers:one:${target.id}`, () => transferTo(world, target))).id}` }),
  },
  {
    route: 'GET /api/transfers/:id/letter', access: 'member.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await cached(world, `transfers:one:${target.id}`, () => transferTo(world, target))).id}/letter` }),
  },
  {
    route: 'POST /api/transfers', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/transfers',
      body: {
        memberId: (await officialIn(world, target)).id, kind: 'official', purpose: 'work', toUnitId: (await elsewhere(world)).id,
        decisionId: await decided(world, '2025-02-01'), issuedOn: '2025-02-01', expectedRowVersion: 0,
      },
    }),
  },
  {
    route: 'POST /api/transfers/:id/accept', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await transferTo(world, target)).id}/accept`, body: { receivedOn: '2025-03-12', expectedRowVersion: 0 } }),
  },
  {
    route: 'POST /api/transfers/:id/present', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await transferTo(world, target, { accept: true })).id}/present`, body: { presentedOn: '2025-03-20', expectedRowVersion: 1 } }),
  },
  {
    route: 'POST /api/transfers/:id/return', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await transferTo(world, target)).id}/return`, body: { closedOn: '2025-03-12', reason: 'Trả lại', expectedRowVersion: 0 } }),
  },
  {
    route: 'POST /api/transfers/:id/cancel', access: 'member.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/transfers/${(await transferFrom(world, target)).id}/cancel`, body: { closedOn: '2025-03-12', reason: 'Rút lại', expectedRowVersion: 0 } }),
  },
  {
    route: 'POST /api/transfers/:id/end', access: 'member.write', kind: 'object',
    build: async (world, target) => ({
      url: `/api/transfers/${(await transferTo(world, target, { kind: 'temporary', accept: true })).id}/end`, body: { closedOn: '2025-06-01', reason: 'Hết hạn', expectedRowVersion: 1 },
    }),
  },
];
