/** Permission-matrix entries for the OpenAPI document, sign-in and self-service, accounts, grants and acting grants. */
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { TEST_PASSWORD, uniqueSuffix } from '../../helpers/factories.ts';
import { hashPassword } from '../../../src/modules/accounts/password.ts';
import { addDays, todayInVietnam } from '../../../src/lib/dates.ts';

interface AccountFixture {
  id: number;
  username: string;
}

/** One argon2 hash for every fixture account (hashing is deliberately slow). */
async function passwordHash(world: MatrixWorld): Promise<string> {
  let hash = world.cache.get('accounts:hash') as Promise<string> | undefined;
  if (!hash) {
    hash = hashPassword(TEST_PASSWORD);
    world.cache.set('accounts:hash', hash);
  }
  return hash;
}

/** A new account holding a viewer grant on `unit`. */
async function newAccountOn(world: MatrixWorld, unit: UnitFixture, options: { disabled?: boolean } = {}): Promise<AccountFixture & { grantId: number }> {
  const username = `matrix.${uniqueSuffix()}`;
  const account = await world.db.insertInto('accounts').values({
    username, display_name: `Tài khoản ${username}`, password_hash: await passwordHash(world), member_id: null, locked_until: null,
    disabled_at: options.disabled ? new Date() : null,
  }).returning('id').executeTakeFirstOrThrow();
  const grant = await world.db.insertInto('grants').values({
    account_id: account.id, role: 'viewer', unit_id: unit.id, valid_from: '2000-01-01', valid_to: null, delegated_from_grant_id: null, note: null, revoked_at: null, created_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: account.id, username, grantId: grant.id };
}

/** The same account on `unit` for every read. */
async function accountOn(world: MatrixWorld, unit: UnitFixture): Promise<AccountFixture & { grantId: number }> {
  const key = `accounts:on:${unit.id}`;
  let account = world.cache.get(key) as Promise<AccountFixture & { grantId: number }> | undefined;
  if (!account) {
    account = newAccountOn(world, unit).then((created) => {
      world.cache.set(`${key}:resolved`, created);
      return created;
    });
    world.cache.set(key, account);
  }
  return account;
}

/** The account `accountOn` made for `unit`, once it exists. */
function knownAccountOn(world: MatrixWorld, unit: UnitFixture): AccountFixture | undefined {
  return world.cache.get(`accounts:on:${unit.id}:resolved`) as AccountFixture | undefined;
}

/** The caller's own grant on `granted` (every matrix account has exactly one). */
async function callerGrantId(world: MatrixWorld): Promise<number> {
  const grant = await world.db.selectFrom('grants').select('id').where('account_id', '=', world.caller.accountId)
    .where('delegated_from_grant_id', 'is', null).where('revoked_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  return grant.id;
}

const listHas = (predicate: (item: Record<string, unknown>) => boolean) =>
  (response: { statusCode: number; json(): unknown }) => (response.json() as { items: Record<string, unknown>[] }).items.some(predicate);

export const entries: MatrixEntry[] = [
  { route: 'GET /api/openapi.json', access: 'public', kind: 'public', build: () => ({ url: '/api/openapi.json' }) },
  {
    route: 'POST /api/auth/login', access: 'public', kind: 'public',
    build: async (world) => ({ url: '/api/auth/login', body: { username: (await accountOn(world, world.granted)).username, password: TEST_PASSWORD } }),
  },
  { route: 'POST /api/auth/logout', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/auth/logout', body: {} }) },
  { route: 'GET /api/auth/me', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/auth/me' }) },
  { route: 'PATCH /api/auth/me', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/auth/me', body: { locale: 'vi' } }) },
  {
    // The current password is checked; the new one equals it, so nothing changes (PASSWORD_UNCHANGED).
    route: 'POST /api/auth/password', access: 'authenticated', kind: 'authenticated',
    build: () => ({ url: '/api/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
  },

  {
    route: 'GET /api/accounts', access: 'account.read', kind: 'list',
    build: async (world, target) => ({ url: `/api/accounts?q=${encodeURIComponent((await accountOn(world, target)).username)}` }),
    shows: (response, target, world) => listHas((item) => item.id === knownAccountOn(world, target)?.id)(response),
  },
  {
    route: 'POST /api/accounts', access: 'account.manage', kind: 'object',
    build: (_world, target) => ({
      url: '/api/accounts',
      body: { username: `matrix.new.${uniqueSuffix()}`, displayName: 'Tài khoản mới', grant: { role: 'viewer', unitId: target.id } },
    }),
  },
  {
    route: 'GET /api/accounts/:id', access: 'account.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/accounts/${(await accountOn(world, target)).id}` }),
  },
  {
    route: 'PATCH /api/accounts/:id', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: `/api/accounts/${(await newAccountOn(world, target)).id}`, body: { expectedRowVersion: 0, displayName: 'Tên mới' } }),
  },
  {
    route: 'POST /api/accounts/:id/disable', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: `/api/accounts/${(await newAccountOn(world, target)).id}/disable`, body: { expectedRowVersion: 0 } }),
  },
  {
    route: 'POST /api/accounts/:id/enable', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: `/api/accounts/${(await newAccountOn(world, target, { disabled: true })).id}/enable`, body: { expectedRowVersion: 0 } }),
  },
  {
    route: 'POST /api/accounts/:id/reset-password', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: `/api/accounts/${(await newAccountOn(world, target)).id}/reset-password`, body: { expectedRowVersion: 0 } }),
  },

  {
    route: 'GET /api/grants', access: 'account.read', kind: 'list',
    build: async (world, target) => ({ url: `/api/grants?accountId=${(await accountOn(world, target)).id}` }),
    shows: (response, target) => listHas((item) => item.unitId === target.id)(response),
  },
  {
    route: 'POST /api/grants', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: '/api/grants', body: { accountId: (await newAccountOn(world, target)).id, role: 'viewer', unitId: target.id } }),
  },
  {
    route: 'POST /api/grants/:id/revoke', access: 'account.manage', kind: 'object',
    build: async (world, target) => ({ url: `/api/grants/${(await newAccountOn(world, target)).grantId}/revoke`, body: {} }),
  },
  { route: 'GET /api/grants/delegations', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/grants/delegations' }) },
  {
    route: 'POST /api/grants/:id/delegate', access: 'authenticated', kind: 'authenticated',
    build: async (world) => ({
      url: `/api/grants/${await callerGrantId(world)}/delegate`,
      // The caller's own role; a role without a duty (viewer, inspection officer, member) answers 422 DELEGATION_ROLE_NOT_DELEGABLE.
      body: { accountId: (await accountOn(world, world.granted)).id, validTo: addDays(todayInVietnam(), 7) },
    }),
  },
  {
    route: 'POST /api/grants/:id/end-delegation', access: 'authenticated', kind: 'authenticated',
    build: async (world) => {
      const deputy = await accountOn(world, world.granted);
      const acting = await world.db.insertInto('grants').values({
        account_id: deputy.id, role: 'viewer', unit_id: world.granted.id, valid_from: todayInVietnam(), valid_to: addDays(todayInVietnam(), 7),
        delegated_from_grant_id: await callerGrantId(world), note: null, revoked_at: null, created_by: world.caller.accountId,
      }).returning('id').executeTakeFirstOrThrow();
      return { url: `/api/grants/${acting.id}/end-delegation`, body: {} };
    },
  },
];
