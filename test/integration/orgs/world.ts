/**
 * A small world for the orgs suites, built through the HTTP layer: an administrator on the root, a decision issued
 * by the root, and helpers that establish units and apply batches (asserting success) so scenarios read plainly.
 */
import { expect } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../helpers/app.ts';
import { createAccount, uniqueSuffix } from '../../helpers/factories.ts';
import type { Role } from '../../../src/db/schema.ts';

export type TestContext = Awaited<ReturnType<typeof createTestApp>>;

export interface OrgWorld {
  ctx: TestContext;
  admin: ApiClient;
  decisionId: number;
  /** Applies a batch and returns the result (asserting 201). */
  apply(body: Record<string, unknown>, client?: ApiClient): Promise<any>;
  /** Establishes one unit and returns its id. */
  establish(input: { parentId: number; kind: string; name?: string; code?: string; sector?: string | null; date?: string }, client?: ApiClient): Promise<number>;
  /** A signed-in client with the role granted on the unit. */
  clientFor(role: Role, unitId: number): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function createOrgWorld(): Promise<OrgWorld> {
  const ctx = await createTestApp();
  const adminAccount = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
  const admin = await signIn(ctx.app, adminAccount.username, adminAccount.password);
  const decision = await admin.post('/api/decisions', {
    number: `${uniqueSuffix()}-QĐ/TW`, signedOn: '2019-12-01', issuingBody: 'Ban Chấp hành Trung ương', issuingUnitId: ctx.rootUnitId, subject: 'Sắp xếp tổ chức',
  });
  expect(decision.statusCode, decision.body).toBe(201);
  const decisionId = decision.json().id as number;
  const world: OrgWorld = {
    ctx, admin, decisionId,
    async apply(body, client = admin) {
      const response = await client.post('/api/orgs/batches', { decisionId, ...body });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    },
    async establish(input, client = admin) {
      const code = input.code ?? `U${uniqueSuffix()}`;
      const result = await world.apply({
        operation: 'establish', effectiveDate: input.date ?? '2020-01-01',
        units: [{ parentId: input.parentId, kind: input.kind, code, name: input.name ?? `Đơn vị ${code}`, ...(input.sector !== undefined ? { sector: input.sector } : {}) }],
      }, client);
      return result.summary.unitsCreated[0].unitId as number;
    },
    async clientFor(role, unitId) {
      const account = await createAccount(ctx.db, { role, unitId });
      return signIn(ctx.app, account.username, account.password);
    },
    close: () => ctx.close(),
  };
  return world;
}

/**
 * A digest of everything restructuring may write: units, versions, links, batches, count deltas and the journal.
 * Equal digests before and after a refused request prove it changed nothing.
 */
export async function snapshotTree(db: TestContext['db']): Promise<string> {
  const tables = await Promise.all([
    db.selectFrom('org_units').selectAll().orderBy('id').execute(),
    db.selectFrom('org_unit_versions').selectAll().orderBy('id').execute(),
    db.selectFrom('org_unit_links').selectAll().orderBy('id').execute(),
    db.selectFrom('restructure_batches').select(['id', 'operation', 'status', 'undone_by_batch_id', 'summary']).orderBy('id').execute(),
    db.selectFrom('org_unit_count_deltas').selectAll().orderBy('ancestor_id').orderBy('on_date').orderBy('kind').orderBy('sector').orderBy('delta').execute(),
    db.selectFrom('journal').select(['id', 'action', 'object_id']).orderBy('id').execute(),
    db.selectFrom('decisions').select(['id', 'attachment_id']).orderBy('id').execute(),
  ]);
  return JSON.stringify(tables);
}

/** Today in Vietnam, shifted by a number of days. */
export function dayFromToday(days: number): string {
  const date = new Date(Date.now() + 7 * 3600_000);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
