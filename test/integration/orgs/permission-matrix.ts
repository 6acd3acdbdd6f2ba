/**
 * Permission-matrix entries for the orgs, decisions and journal endpoints.
 *
 * Objects are built fresh under the target unit so every role × position call acts on its own object:
 *   - restructuring requests act on a new cell established (as a fixture) under the target;
 *   - batch reads and undos act on a batch that renamed such a cell (applied through the service by an admin);
 *   - decisions are issued by a new unit under the target. (A decision issued by the target itself would be visible
 *     from its descendants too, since a superior's decision concerns them; issuing it from a fresh child keeps the
 *     matrix's rule: visible exactly inside the caller's subtree.)
 *   - journal entries are written with the target as their unit.
 */
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { MatrixEntry, MatrixWorld } from '../access/matrix-entry.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import { createAccount, insertUnit, uniqueSuffix } from '../../helpers/factories.ts';
import type { Caller } from '../../../src/access/scope.ts';
import { applyRestructure } from '../../../src/modules/orgs/restructure.service.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { writeJournal } from '../../../src/kernel/journal.ts';
import { insertAttachment } from '../../../src/modules/decisions/decisions.repository.ts';
import { foldText } from '../../../src/lib/text.ts';
import { todayInVietnam } from '../../../src/lib/dates.ts';

async function freshChild(world: MatrixWorld, target: UnitFixture, kind = 'grassroots_cell'): Promise<UnitFixture> {
  return insertUnit(world.db, { parentId: target.id, kind, validFrom: '2020-01-01' });
}

/** An administrator on the root, as a service-level caller (cached per world). */
async function rootAdmin(world: MatrixWorld): Promise<Caller> {
  const cached = world.cache.get('orgs:root-admin') as Caller | undefined;
  if (cached) return cached;
  const account = await createAccount(world.db, { role: 'admin', unitId: world.rootUnitId });
  const root = await world.db.selectFrom('org_units').select('scope_path').where('id', '=', world.rootUnitId).executeTakeFirstOrThrow();
  const caller: Caller = {
    accountId: account.id, username: account.username, displayName: account.username, locale: 'vi', memberId: null,
    grants: [{ grantId: 0, role: 'admin', unitId: world.rootUnitId, scopePath: root.scope_path, validFrom: '2000-01-01', validTo: null, isDelegation: false }],
  };
  world.cache.set('orgs:root-admin', caller);
  return caller;
}

/** A batch (a rename of a fresh cell under the target) applied by the root administrator. */
async function batchUnder(world: MatrixWorld, target: UnitFixture): Promise<number> {
  const cell = await freshChild(world, target);
  const caller = await rootAdmin(world);
  const result = await inTransaction(world.db, (tx) => applyRestructure(tx, { caller }, {
    operation: 'rename', effectiveDate: todayInVietnam(), decisionId: world.decisionId, unitId: cell.id, name: `Đổi tên ${cell.code}`,
  }));
  return result.batch.id;
}

function renameBody(world: MatrixWorld, unitId: number) {
  return { operation: 'rename', effectiveDate: todayInVietnam(), decisionId: world.decisionId, unitId, name: `Tên mới ${uniqueSuffix()}` };
}

/** One decision per target, issued by a fresh unit under it (cached). */
async function decisionUnder(world: MatrixWorld, target: UnitFixture, withPdf = false): Promise<{ id: number; number: string }> {
  const key = `orgs:decision:${target.id}:${withPdf}`;
  const cached = world.cache.get(key) as { id: number; number: string } | undefined;
  if (cached) return cached;
  const issuer = await freshChild(world, target);
  const number = `${uniqueSuffix()}-QĐ/MT`;
  let attachmentId: number | null = null;
  if (withPdf) {
    const data = Buffer.from('%PDF-1.4\nmatrix\n%%EOF\n');
    attachmentId = await insertAttachment(world.db, { filename: 'qd.pdf', contentType: 'application/pdf', data, sha256: crypto.createHash('sha256').update(data).digest('hex') });
  }
  const row = await world.db.insertInto('decisions').values({
    number, number_folded: foldText(number).replace(/\s+/g, ''), signed_on: '2024-01-01', issuing_body: 'Ban Thường vụ', issuing_unit_id: issuer.id,
    signer: null, subject: 'Kiểm thử phân quyền', attachment_id: attachmentId, recorded_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  const decision = { id: row.id, number };
  world.cache.set(key, decision);
  return decision;
}

function pdfUpload() {
  const boundary = `----matrix${crypto.randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="qd.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    Buffer.from('%PDF-1.4\nupload\n%%EOF\n'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload };
}

const items = (response: LightMyRequestResponse): { id: number; path?: string }[] => (response.statusCode === 200 ? response.json().items ?? [] : []);

export const entries: MatrixEntry[] = [
  // The tree, read
  {
    route: 'GET /api/orgs/roots', access: 'org.read', kind: 'list',
    build: () => ({ url: '/api/orgs/roots' }),
    shows: (response, target) => items(response).some((item) => target.path.startsWith(item.path!)),
  },
  {
    route: 'GET /api/orgs/search', access: 'org.read', kind: 'list',
    build: (_world, target) => ({ url: `/api/orgs/search?q=${encodeURIComponent(target.code)}` }),
    shows: (response, target) => items(response).some((item) => item.id === target.id),
  },
  { route: 'GET /api/orgs/units/by-code/:code', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/by-code/${encodeURIComponent(target.code)}` }) },
  { route: 'GET /api/orgs/units/:id', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}` }) },
  { route: 'GET /api/orgs/units/:id/children', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/children` }) },
  { route: 'GET /api/orgs/units/:id/history', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/history` }) },
  { route: 'GET /api/orgs/units/:id/lineage', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/lineage` }) },
  { route: 'GET /api/orgs/units/:id/counts', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/counts` }) },
  { route: 'GET /api/orgs/units/:id/changes', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/changes?from=2019-01-01` }) },
  { route: 'GET /api/orgs/units/:id/batches', access: 'org.read', kind: 'object', build: (_world, target) => ({ url: `/api/orgs/units/${target.id}/batches` }) },
  { route: 'GET /api/orgs/batches/:batchId', access: 'org.read', kind: 'object', build: async (world, target) => ({ url: `/api/orgs/batches/${await batchUnder(world, target)}` }) },
  // The tree, restructured
  {
    route: 'POST /api/orgs/batches/preview', access: 'org.restructure', kind: 'object',
    build: async (world, target) => ({ url: '/api/orgs/batches/preview', body: renameBody(world, (await freshChild(world, target)).id) }),
  },
  {
    route: 'POST /api/orgs/batches', access: 'org.restructure', kind: 'object',
    build: async (world, target) => ({ url: '/api/orgs/batches', body: renameBody(world, (await freshChild(world, target)).id) }),
  },
  {
    route: 'POST /api/orgs/batches/:batchId/undo/preview', access: 'org.restructure', kind: 'object',
    build: async (world, target) => ({ url: `/api/orgs/batches/${await batchUnder(world, target)}/undo/preview`, body: { reason: 'Kiểm thử phân quyền' } }),
  },
  {
    route: 'POST /api/orgs/batches/:batchId/undo', access: 'org.restructure', kind: 'object',
    build: async (world, target) => ({ url: `/api/orgs/batches/${await batchUnder(world, target)}/undo`, body: { reason: 'Kiểm thử phân quyền' } }),
  },
  // Decisions
  {
    route: 'POST /api/decisions', access: 'decision.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/decisions',
      body: { number: `${uniqueSuffix()}-QĐ`, signedOn: '2024-02-01', issuingBody: 'Ban Thường vụ', issuingUnitId: (await freshChild(world, target)).id },
    }),
  },
  {
    route: 'POST /api/decisions/bulk', access: 'decision.write', kind: 'object',
    build: async (world, target) => ({
      url: '/api/decisions/bulk',
      body: { rows: [{ number: `${uniqueSuffix()}-QĐ`, signedOn: '2024-02-01', issuingBody: 'Ban Thường vụ', issuingUnitId: (await freshChild(world, target)).id }] },
    }),
  },
  {
    route: 'GET /api/decisions', access: 'decision.read', kind: 'list',
    build: async (world, target) => ({ url: `/api/decisions?number=${encodeURIComponent((await decisionUnder(world, target)).number)}` }),
    shows: (response, target, world) => {
      const decision = world.cache.get(`orgs:decision:${target.id}:false`) as { id: number } | undefined;
      return Boolean(decision) && items(response).some((item) => item.id === decision!.id);
    },
  },
  { route: 'GET /api/decisions/:id', access: 'decision.read', kind: 'object', build: async (world, target) => ({ url: `/api/decisions/${(await decisionUnder(world, target)).id}` }) },
  {
    route: 'GET /api/decisions/:id/attachment', access: 'decision.read', kind: 'object',
    build: async (world, target) => ({ url: `/api/decisions/${(await decisionUnder(world, target, true)).id}/attachment` }),
  },
  {
    route: 'PUT /api/decisions/:id/attachment', access: 'decision.write', kind: 'object',
    build: async (world, target) => ({ url: `/api/decisions/${(await decisionUnder(world, target)).id}/attachment`, ...pdfUpload() }),
  },
  // The journal
  {
    route: 'GET /api/journal', access: 'journal.read', kind: 'list',
    build: async (world, target) => {
      const action = `matrix.check.${target.id}`;
      if (!world.cache.has(`orgs:journal:${target.id}`)) {
        await writeJournal(world.db, { accountId: null, action, objectType: 'org_unit', objectId: target.id, unitId: target.id });
        world.cache.set(`orgs:journal:${target.id}`, true);
      }
      return { url: `/api/journal?action=${encodeURIComponent(action)}` };
    },
    shows: (response) => items(response).length > 0,
  },
];

export default entries;
