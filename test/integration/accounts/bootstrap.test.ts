import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createDb, type Db } from '../../../src/db/database.ts';
import { ensureFirstAdministrator, ROOT_UNIT } from '../../../src/modules/accounts/bootstrap.ts';
import { anonymousClient, signIn } from '../../helpers/app.ts';
import { createTestDatabase } from '../../helpers/database.ts';

describe('the first administrator on an empty database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    second = createDb(database.url, { max: 4 });
  });
  afterAll(async () => {
    await second.destroy();
    await database.drop();
  });

  it('is created once, even when several starts race, with a one-time password that must be changed', async () => {
    // Two pools stand for two processes starting at the same moment.
    const results = await Promise.all([ensureFirstAdministrator(database.db), ensureFirstAdministrator(second), ensureFirstAdministrator(database.db), ensureFirstAdministrator(second)]);
    const created = results.filter((result) => result !== null);
    expect(created).toHaveLength(1);
    expect(created[0]!.username).toBe('admin');
    expect(await ensureFirstAdministrator(second)).toBeNull();

    const accounts = await database.db.selectFrom('accounts').select(['id', 'username', 'must_change_password']).execute();
    expect(accounts).toEqual([expect.objectContaining({ username: 'admin', must_change_password: true })]);
    const grants = await database.db.selectFrom('grants as g').innerJoin('org_units as u', 'u.id', 'g.unit_id').select(['g.role', 'u.code']).execute();
    expect(grants).toEqual([{ role: 'admin', code: ROOT_UNIT.code }]);
    expect(await database.db.selectFrom('org_units').select('id').where('code', '=', ROOT_UNIT.code).execute()).toHaveLength(1);
    const journal = await database.db.selectFrom('journal').select(['action', 'account_id']).where('action', 'in', ['account.bootstrap', 'org.bootstrap']).execute();
    expect(journal.map((entry) => entry.action).sort()).toEqual(['account.bootstrap', 'org.bootstrap']);

    const app = await buildApp({ db: database.db, config: { ...loadConfig({}), webDist: '/nonexistent' } });
    try {
      const client = await signIn(app, 'admin', created[0]!.password);
      expect((await client.get('/api/accounts')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await client.post('/api/auth/password', { currentPassword: created[0]!.password, newPassword: 'quan-tri-vien-2026' })).statusCode).toBe(200);
      const list = await client.get('/api/accounts');
      expect(list.json().items.map((item: { username: string }) => item.username)).toEqual(['admin']);
      expect((await anonymousClient(app).post('/api/auth/login', { username: 'admin', password: created[0]!.password })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
