import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { ensureRootUnit } from '../../../src/modules/accounts/bootstrap.ts';
import { signIn, anonymousClient, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { insertUnit, type UnitFixture } from '../../helpers/factories.ts';
import { countRows } from './fixtures.ts';

const BIN = path.resolve('bin/cellbase.mjs');

describe('`cellbase accounts` on the command line', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let cell: UnitFixture;

  /** Runs the real command as a child process against the test database. */
  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const rootId = await ensureRootUnit(database.db);
    cell = await insertUnit(database.db, { parentId: rootId, kind: 'cell', name: 'Chi bộ Dòng lệnh', code: 'CB-CLI-01' });
    app = await buildApp({ db: database.db, config: { ...loadConfig({}), webDist: '/nonexistent' } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates an account with a generated one-time password, journaled as the command line', async () => {
    const result = await run(['accounts', 'create', '--username', 'bithu.cli', '--role', 'cell_secretary', '--unit', 'CB-CLI-01', '--display-name', 'Bí thư Dòng lệnh']);
    expect(result.code).toBe(0);
    const password = /One-time password[^:]*: (\S+)/.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(result.stdout).toContain('cell_secretary on CB-CLI-01');
    const account = await database.db.selectFrom('accounts').selectAll().where('username', '=', 'bithu.cli').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ display_name: 'Bí thư Dòng lệnh', must_change_password: true });
    const grants = await database.db.selectFrom('grants').select(['role', 'unit_id', 'valid_to', 'created_by']).where('account_id', '=', account.id).execute();
    expect(grants).toEqual([{ role: 'cell_secretary', unit_id: cell.id, valid_to: null, created_by: null }]);
    const journal = await database.db.selectFrom('journal').select(['action', 'account_id', 'reason', 'unit_id']).where('object_id', '=', String(account.id)).where('object_type', '=', 'account').execute();
    expect(journal).toEqual([{ action: 'account.create', account_id: null, reason: 'cli', unit_id: cell.id }]);
    const login = await anonymousClient(app).post('/api/auth/login', { username: 'bithu.cli', password });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
  });

  it('takes a chosen password, an end date and JSON output for scripts', async () => {
    const result = await run(['accounts', 'create', '--username', 'xem.cli', '--role', 'viewer', '--unit', 'CB-CLI-01', '--password', 'mat-khau-kich-ban-1', '--valid-to', '2031-01-01', '--json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ username: 'xem.cli', role: 'viewer', unit: 'CB-CLI-01', validTo: '2031-01-01', oneTimePassword: null });
    const client = await signIn(app, 'xem.cli', 'mat-khau-kich-ban-1');
    const me = (await client.get('/api/auth/me')).json();
    expect(me).toMatchObject({ mustChangePassword: false, grants: [expect.objectContaining({ role: 'viewer', unitId: cell.id, validTo: '2031-01-01' })] });
  });

  it('reports bad input with a code and a non-zero exit, creating nothing', async () => {
    const before = await countRows(database.db, 'accounts');
    const taken = await run(['accounts', 'create', '--username', 'BITHU.CLI', '--role', 'viewer', '--unit', 'CB-CLI-01']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('USERNAME_TAKEN');
    const unknownUnit = await run(['accounts', 'create', '--username', 'khong.co.don.vi', '--role', 'viewer', '--unit', 'NOPE']);
    expect(unknownUnit.code).toBe(1);
    expect(unknownUnit.stderr).toContain('NOT_FOUND');
    const badRole = await run(['accounts', 'create', '--username', 'vai.tro.sai', '--role', 'superuser', '--unit', 'CB-CLI-01']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
    const badDate = await run(['accounts', 'create', '--username', 'ngay.sai', '--role', 'viewer', '--unit', 'CB-CLI-01', '--valid-to', '2031-02-30']);
    expect(badDate.code).toBe(2);
    const weak = await run(['accounts', 'create', '--username', 'yeu.qua', '--role', 'viewer', '--unit', 'CB-CLI-01', '--password', 'ngan']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('PASSWORD_TOO_WEAK');
    const unknownOption = await run(['accounts', 'create', '--username', 'la.lam', '--role', 'viewer', '--unit', 'CB-CLI-01', '--admin']);
    expect(unknownOption.code).toBe(2);
    expect(await countRows(database.db, 'accounts')).toBe(before);
  });

  it('lists accounts with their grants', async () => {
    const json = await run(['accounts', 'list', '--json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { username: string; grants: { role: string; unitCode: string }[] }[];
    expect(rows.find((row) => row.username === 'bithu.cli')?.grants).toEqual([expect.objectContaining({ role: 'cell_secretary', unitCode: 'CB-CLI-01' })]);
    expect(rows.map((row) => row.username)).toContain('xem.cli');
    const text = await run(['accounts', 'list', '--unit', 'CB-CLI-01', '--search', 'bi thu']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual([expect.stringMatching(/\tbithu\.cli\tBí thư Dòng lệnh\tmust change password\tcell_secretary@CB-CLI-01$/)]);
  });
});
