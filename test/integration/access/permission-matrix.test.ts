/**
 * The permission matrix, checked exhaustively: every /api route × every role × every position of the target, as
 * `matrix-entry.ts` describes. Each area lists its routes beside its tests, in `<area>/permission-matrix.ts`, gathered
 * below one line per area; a route without an entry fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../../helpers/app.ts';
import { createAccount, insertUnit, type UnitFixture } from '../../helpers/factories.ts';
import { routeRegistry } from '../../../src/http/auth.ts';
import { ROLES, roleCan } from '../../../src/contracts/permissions.ts';
import { createSession, SESSION_COOKIE, CSRF_HEADER } from '../../../src/modules/accounts/session.service.ts';
import { foldText } from '../../../src/lib/text.ts';
import type { Role } from '../../../src/db/schema.ts';
import { POSITIONS, type MatrixEntry, type MatrixWorld, type Position } from './matrix-entry.ts';
import { entries as health } from '../health/permission-matrix.ts';
import { entries as accounts } from '../accounts/permission-matrix.ts';
import { entries as memberTools } from '../member-import/permission-matrix.ts';
import { entries as members } from '../members/permission-matrix.ts';
import { entries as orgs } from '../orgs/permission-matrix.ts';
import { entries as notifications } from '../notifications/permission-matrix.ts';
import { entries as statistics } from '../statistics/permission-matrix.ts';
import { entries as admissions } from '../admissions/permission-matrix.ts';
import { entries as admissionDocuments } from '../admissions/documents-permission-matrix.ts';
import { entries as reviews } from '../reviews/permission-matrix.ts';

const entries: readonly MatrixEntry[] = [
  ...health,
  ...accounts, // and the OpenAPI document, sign-in and one's own account
  ...memberTools, // import, export, cleaning and badges
  ...members, // and transfers
  ...orgs, // and decisions, the journal
  ...notifications, // and the home page
  ...statistics,
  ...admissions,
  ...admissionDocuments,
  ...reviews,
];

const INSIDE: readonly Position[] = ['self', 'descendant'];
const DENIED = [401, 403, 404];

interface Case {
  role: Role;
  position: Position;
  expected: string;
}

/** What the contract expects for one role and position. */
function expectation(entry: MatrixEntry, role: Role, position: Position): string {
  const roleMay = entry.access === 'public' || entry.access === 'authenticated' || roleCan(role, entry.access);
  if (!roleMay) return '403 FORBIDDEN';
  const inside = INSIDE.includes(position);
  switch (entry.kind) {
    case 'object': return inside ? 'allowed' : '404 NOT_FOUND';
    case 'list': return inside ? '200, shown' : '200, not shown';
    case 'self': return position === 'self' ? 'allowed' : '404 NOT_FOUND';
    case 'centre': return '404 NOT_FOUND';
    default: return 'allowed';
  }
}

function casesOf(entry: MatrixEntry): Case[] {
  const positions: readonly Position[] = entry.kind === 'public' || entry.kind === 'authenticated' ? ['self'] : POSITIONS;
  return ROLES.flatMap((role) => positions.map((position) => ({ role, position, expected: expectation(entry, role, position) })));
}

describe('permission matrix', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: Omit<MatrixWorld, 'caller'>;
  const accounts = new Map<Role, { id: number; username: string }>();

  beforeAll(async () => {
    ctx = await createTestApp();
    const { db, rootUnitId } = ctx;
    const unit = (parentId: number, kind: string, name: string) => insertUnit(db, { parentId, kind, name });
    const province = await unit(rootUnitId, 'provincial_committee', 'Đảng bộ tỉnh Ma Trận');
    const communes: UnitFixture[] = [];
    const cells: UnitFixture[] = [];
    for (const name of ['Một', 'Hai']) {
      const commune = await unit(province.id, 'commune_committee', `Đảng bộ xã ${name}`);
      const grassroots = await unit(commune.id, 'grassroots_committee', `Đảng bộ cơ sở xã ${name}`);
      cells.push(await unit(grassroots.id, 'cell', `Chi bộ thôn ${name}`));
      await unit(grassroots.id, 'cell', `Chi bộ thôn ${name} B`);
      communes.push(commune);
    }
    const otherProvince = await unit(rootUnitId, 'provincial_committee', 'Đảng bộ tỉnh Khác');
    const otherCommune = await unit(otherProvince.id, 'commune_committee', 'Đảng bộ xã Ba');
    const otherGrassroots = await unit(otherCommune.id, 'grassroots_committee', 'Đảng bộ cơ sở xã Ba');
    await unit(otherGrassroots.id, 'cell', 'Chi bộ thôn Ba');
    const number = '01-QĐ/TW';
    const decision = await db.insertInto('decisions').values({
      number, signed_on: '2025-01-02', issuing_body: 'Ban Chấp hành Trung ương', issuing_unit_id: rootUnitId, signer: null, subject: 'Quyết định dùng cho ma trận phân quyền',
      attachment_id: null, number_folded: foldText(number), recorded_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    world = {
      app: ctx.app, db, ownerUrl: ctx.ownerUrl, rootUnitId, granted: communes[0], decisionId: decision.id, cache: new Map(),
      units: { self: communes[0], descendant: cells[0], ancestor: province, sibling: communes[1], unrelated: otherCommune },
    };
    for (const role of ROLES) accounts.set(role, await createAccount(db, { role, unitId: communes[0].id, username: `matrix.${role}` }));
  });
  afterAll(async () => { await ctx?.close(); });

  const worldFor = (role: Role): MatrixWorld => {
    const account = accounts.get(role)!;
    return { ...world, caller: { role, accountId: account.id, username: account.username } };
  };

  /** Sends the built request with a fresh session of the role's account (or none). */
  async function send(entry: MatrixEntry, role: Role, position: Position, signedIn: boolean): Promise<LightMyRequestResponse> {
    const [method] = entry.route.split(' ');
    const built = await entry.build(worldFor(role), world.units[position], position);
    const headers: Record<string, string> = { ...built.headers };
    if (signedIn) {
      const session = await createSession(world.db, accounts.get(role)!.id, 1);
      headers.cookie = `${SESSION_COOKIE}=${session.token}`;
      headers[CSRF_HEADER] = session.csrfToken;
    }
    return world.app.inject({ method: method as never, url: built.url, headers, payload: (built.payload ?? built.body) as never });
  }

  it('every registered /api route has exactly one entry, with the access the route declares', () => {
    const key = (method: string, url: string) => `${method} ${url}`;
    const registered = new Map(routeRegistry.map((route) => [key(route.method, route.url), route.access]));
    const listed = entries.map((entry) => entry.route);
    expect(registered.size).toBeGreaterThan(0);
    expect([...registered.keys()].filter((route) => !listed.includes(route)), 'routes without a matrix entry').toEqual([]);
    expect(listed.filter((route) => !registered.has(route)), 'entries naming no registered route').toEqual([]);
    expect(listed.filter((route, index) => listed.indexOf(route) !== index), 'routes listed twice').toEqual([]);
    const mismatched = entries.filter((entry) => registered.has(entry.route) && registered.get(entry.route) !== entry.access)
      .map((entry) => `${entry.route}: entry says ${entry.access}, route declares ${registered.get(entry.route) ?? 'nothing'}`);
    expect(mismatched, 'entries whose access differs from the route').toEqual([]);
    expect(entries.filter((entry) => entry.kind === 'list' && !entry.shows).map((entry) => entry.route), 'list entries without shows()').toEqual([]);
  });

  describe.each(entries.map((entry) => ({ entry, route: entry.route })))('$route', ({ entry }) => {
    it.each(casesOf(entry))('$role at $position → $expected', async ({ role, position, expected }) => {
      const response = await send(entry, role, position, true);
      const context = `${entry.route} as ${role} at ${position}: ${response.statusCode} ${response.body.slice(0, 300)}`;
      const code = response.headers['content-type']?.toString().includes('json') ? (response.json() as { error?: { code?: string } }).error?.code : undefined;
      switch (expected) {
        case '403 FORBIDDEN':
          expect([response.statusCode, code], context).toEqual([403, 'FORBIDDEN']);
          break;
        case '404 NOT_FOUND':
          expect([response.statusCode, code], context).toEqual([404, 'NOT_FOUND']);
          break;
        case '200, shown':
        case '200, not shown':
          expect(response.statusCode, context).toBe(200);
          expect(entry.shows!(response, world.units[position], worldFor(role)), context).toBe(expected === '200, shown');
          break;
        default:
          expect(DENIED, context).not.toContain(response.statusCode);
      }
    });

    it(entry.access === 'public' ? 'answers without a session' : 'answers 401 without a session', async () => {
      const response = await send(entry, 'admin', 'self', false);
      const context = `${entry.route} without a session: ${response.statusCode} ${response.body.slice(0, 300)}`;
      if (entry.access === 'public') expect(DENIED, context).not.toContain(response.statusCode);
      else expect([response.statusCode, response.json().error?.code], context).toEqual([401, 'UNAUTHENTICATED']);
    });
  });
});
