/**
 * Permission-matrix entries for notifications (/api/notifications) and the home page (/api/home): every signed-in
 * account has its own; marking another account's notification read is 404, like a missing one.
 */
import type { MatrixEntry, MatrixWorld, Position } from '../access/matrix-entry.ts';
import { createAccount } from '../../helpers/factories.ts';

/** A fresh notification of the caller (position 'self') or of another account (any other position). */
async function notificationFor(world: MatrixWorld, position: Position): Promise<number> {
  let accountId = world.caller.accountId;
  if (position !== 'self') {
    let other = world.cache.get('notifications:other') as Promise<{ id: number }> | undefined;
    if (!other) {
      other = createAccount(world.db, { role: 'org_officer', unitId: world.granted.id });
      world.cache.set('notifications:other', other);
    }
    accountId = (await other).id;
  }
  const row = await world.db.insertInto('notifications').values({
    account_id: accountId, kind: 'transfer.arrived', unit_id: world.granted.id, object_type: 'member_transfer', object_id: 1, params: JSON.stringify({ memberName: 'Ma Trận' }),
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export const entries: MatrixEntry[] = [
  { route: 'GET /api/notifications', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/notifications' }) },
  { route: 'POST /api/notifications/read-all', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/notifications/read-all', body: {} }) },
  {
    route: 'POST /api/notifications/:id/read', access: 'authenticated', kind: 'self',
    build: async (world, _target, position) => ({ url: `/api/notifications/${await notificationFor(world, position)}/read`, body: {} }),
  },
  { route: 'GET /api/home', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/home' }) },
  // Each item is counted in the caller's scope; an item the role may not see is left out (200 with fewer items).
  { route: 'GET /api/home/items', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/home/items?keys=transfers.incoming,transfers.late' }) },
];
