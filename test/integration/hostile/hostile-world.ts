/**
 * The hostile suite's world: two province trees (the callers' and an unrelated one), members and decisions in
 * each, one account per role at the first tree's commune, and a fingerprint of every table a request could change.
 */
import { sql } from 'kysely';
import { createTestApp } from '../../helpers/app.ts';
import { createAccount } from '../../helpers/factories.ts';
import { insertDecision, insertProvinceTree, registerTestMember, systemActor } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { createCandidate } from '../../../src/modules/admissions/admissions.service.ts';
import { ROLES } from '../../../src/contracts/permissions.ts';
import { createSession, SESSION_COOKIE, CSRF_HEADER } from '../../../src/modules/accounts/session.service.ts';
import type { Role } from '../../../src/db/schema.ts';
import type { IdPools } from './schema-arbitraries.ts';

/** Tables whose rows a refused request may legitimately write: sessions and sign-in failure bookkeeping. */
const UNFINGERPRINTED_TABLES = new Set(['sessions', 'login_failures']);
/** Columns a refused sign-in legitimately changes (the lockout counters, the rule the login throttling encodes). */
const UNFINGERPRINTED_COLUMNS: Record<string, string[]> = { accounts: ['failed_logins', 'last_failed_login_at', 'locked_until'] };

export type TestContext = Awaited<ReturnType<typeof createTestApp>>;

export interface HostileWorld {
  ctx: TestContext;
  pools: IdPools;
  /** The account each role signs in with (replaced when a request disabled or stripped it). */
  accounts: Map<Role, number>;
  memberOfSelf: number;
  communeId: number;
  fingerprintSql: string;
}

/** Builds the world: the callers' tree (in scope) and another province (out of scope). */
export async function buildHostileWorld(): Promise<HostileWorld> {
  const ctx = await createTestApp();
  const { db, rootUnitId } = ctx;
  const mine = await insertProvinceTree(db, rootUnitId, 'Thử Thách');
  const other = await insertProvinceTree(db, rootUnitId, 'Ngoài Phạm Vi');
  const members: number[] = [];
  for (const [unitId, fullName] of [[mine.cellA.id, 'Nguyễn Văn Một'], [mine.cellA.id, 'Trần Thị Hai'], [mine.cellB.id, 'Lê Văn Ba'], [other.cellA.id, 'Phạm Thị Bốn']] as const) {
    members.push((await registerTestMember(db, rootUnitId, { unitId, fullName })).id);
  }
  const decisions = [
    await insertDecision(db, { signedOn: '2024-01-02' }),
    await insertDecision(db, { signedOn: '2024-03-04', issuingUnitId: mine.commune.id }),
    await insertDecision(db, { signedOn: '2024-05-06', issuingUnitId: other.province.id }),
  ];
  const accounts = new Map<Role, number>();
  for (const role of ROLES) {
    const account = await createAccount(db, { role, unitId: role === 'member' ? mine.cellA.id : mine.commune.id, username: `hostile.${role}`, memberId: role === 'member' ? members[0] : null });
    accounts.set(role, account.id);
  }
  const outsider = await createAccount(db, { role: 'org_officer', unitId: other.commune.id, username: 'hostile.outsider' });
  const grants = (await db.selectFrom('grants').select('id').execute()).map((row) => row.id);
  const units = [rootUnitId, ...Object.values(mine).map((unit) => unit.id), ...Object.values(other).map((unit) => unit.id)];
  // Admission files: one proposed by a cell of the callers' tree, one elsewhere.
  const candidates: number[] = [];
  for (const [index, unitId] of [mine.cellA.id, other.cellA.id].entries()) {
    const file = await inTransaction(db, (tx) => createCandidate(tx, systemActor(rootUnitId), {
      unitId, candidateSince: '2024-01-02', source: 'village', person: { fullName: `Quần Chúng ${index}`, sex: 'female', birthDate: '2000-02-02' },
    }));
    candidates.push(file.id);
  }
  const pools: IdPools = { unit: units, member: members, decision: decisions, account: [...accounts.values(), outsider.id], grant: grants, candidate: candidates };
  return { ctx, pools, accounts, memberOfSelf: members[0], communeId: mine.commune.id, fingerprintSql: await fingerprintQuery(ctx) };
}

/** One query that digests every fingerprinted table: row count and md5 of its rows in a stable order. */
async function fingerprintQuery(ctx: TestContext): Promise<string> {
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(ctx.db);
  const parts: string[] = [];
  for (const { table_name: table } of tables.rows) {
    if (UNFINGERPRINTED_TABLES.has(table) || table.startsWith('kysely_')) continue;
    const skipped = UNFINGERPRINTED_COLUMNS[table];
    let row = 't::text';
    if (skipped) {
      const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(ctx.db);
      row = `row(${columns.rows.map((column) => column.column_name).filter((column) => !skipped.includes(column)).map((column) => `t."${column}"`).join(', ')})::text`;
    }
    parts.push(`select '${table}' as name, count(*) as rows, coalesce(md5(string_agg(${row}, '|' order by ${row})), '') as digest from "${table}" t`);
  }
  return parts.join('\nunion all\n');
}

/** The data's fingerprint: table → "rows:md5". */
export async function fingerprint(world: HostileWorld): Promise<Map<string, string>> {
  const result = await sql<{ name: string; rows: string; digest: string }>`${sql.raw(world.fingerprintSql)}`.execute(world.ctx.db);
  return new Map(result.rows.map((row) => [row.name, `${row.rows}:${row.digest}`]));
}

/** Names the tables whose fingerprint differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((table) => before.get(table) !== after.get(table));
}

/**
 * The headers of a fresh session for the role (none for anonymous). When an earlier request disabled the role's
 * account, forced a password change or revoked its grant, a new account takes its place so later routes still run
 * with the role's reach.
 */
export async function sessionHeaders(world: HostileWorld, role: Role | 'anonymous'): Promise<Record<string, string>> {
  if (role === 'anonymous') return {};
  const { db } = world.ctx;
  let accountId = world.accounts.get(role)!;
  const usable = await db.selectFrom('accounts').innerJoin('grants', 'grants.account_id', 'accounts.id').select('accounts.id')
    .where('accounts.id', '=', accountId).where('accounts.disabled_at', 'is', null).where('accounts.must_change_password', '=', false)
    .where('grants.role', '=', role).where('grants.revoked_at', 'is', null).where('grants.valid_to', 'is', null).executeTakeFirst();
  if (!usable) {
    const unitId = (await db.selectFrom('grants').select('unit_id').where('account_id', '=', accountId).orderBy('id').executeTakeFirstOrThrow()).unit_id;
    const memberId = role === 'member' ? world.memberOfSelf : null;
    if (memberId) await db.updateTable('accounts').set({ member_id: null }).where('member_id', '=', memberId).execute();
    accountId = (await createAccount(db, { role, unitId, memberId })).id;
    world.accounts.set(role, accountId);
  }
  await db.updateTable('accounts').set({ locked_until: null, failed_logins: 0 }).where('id', '=', accountId).execute();
  const session = await createSession(db, accountId, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}
