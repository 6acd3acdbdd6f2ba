/**
 * The permission matrix: one entry per endpoint. Each area lists its entries beside its tests, in
 * `test/integration/<area>/permission-matrix.ts` (`export const entries: MatrixEntry[]`), gathered by
 * `permission-matrix.test.ts`, one line per area. The matrix test builds a small world, then for every entry ×
 * role × position of the target (self, descendant, ancestor, sibling, unrelated) sends the request as an account
 * granted that role on the "self" unit, and checks the outcome:
 *   - the role does not carry the route's action           → 403 FORBIDDEN (any position)
 *   - kind 'object', target in the caller's subtree        → allowed (any status but 401/403/404)
 *   - kind 'object', target outside                        → 404 NOT_FOUND, exactly like a missing object
 *   - kind 'list', any position                            → 200, and `shows(response, target)` is true only
 *                                                            for targets inside the caller's subtree
 *   - kind 'authenticated' / 'public'                      → allowed for every role (position ignored)
 *   - kind 'self' (member self-service)                    → own object allowed; others' objects 404
 *   - kind 'centre' (what belongs to the whole country)    → 404 NOT_FOUND at every position: the tested accounts
 *                                                            are granted below the centre (the root unit)
 *   - without a session, every route that is not 'public'   → 401 UNAUTHENTICATED
 * Each request is sent with a fresh session of the role's account, so an entry may sign out or change the
 * caller's password without disturbing the others; `world.caller` names that account.
 * The test fails when a registered /api route has no entry, an entry names a route that does not exist, or an
 * entry's `access` differs from the route's declaration.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../../src/kernel/executor.ts';
import type { TestApp } from '../../helpers/app.ts';
import type { UnitFixture } from '../../helpers/factories.ts';
import type { RouteAccess } from '../../../src/http/context.ts';
import type { Role } from '../../../src/db/schema.ts';

export const POSITIONS = ['self', 'descendant', 'ancestor', 'sibling', 'unrelated'] as const;
export type Position = (typeof POSITIONS)[number];

export interface MatrixWorld {
  app: TestApp;
  db: Db;
  /** The schema owner's connection string, for fixtures the application role may not write (old data). */
  ownerUrl: string;
  rootUnitId: number;
  /** The unit every tested account is granted on (a commune committee under a province). */
  granted: UnitFixture;
  /** Target units by position relative to `granted`. */
  units: Record<Position, UnitFixture>;
  /** A decision any write may cite (issued by the root). */
  decisionId: number;
  /** Extra per-area fixtures an entry may create lazily and cache here. */
  cache: Map<string, unknown>;
  /**
   * The account the request is sent as: one per role, granted that role on `granted`. Kind 'self' entries build
   * the caller's own object for position 'self' (e.g. a member record linked to `caller.accountId`).
   */
  caller: { role: Role; accountId: number; username: string };
}

export interface BuiltRequest {
  url: string;
  body?: unknown;
  /** For multipart or other non-JSON bodies. */
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

export interface MatrixEntry {
  /** Exactly as registered: 'GET /api/orgs/:id'. */
  route: string;
  /** The access the route must declare. */
  access: RouteAccess;
  kind: 'object' | 'list' | 'authenticated' | 'public' | 'self' | 'centre';
  /** Builds the request aimed at an object that belongs to `target`. Called afresh for each role × position. */
  build(world: MatrixWorld, target: UnitFixture, position: Position): Promise<BuiltRequest> | BuiltRequest;
  /** For 'list': whether the response includes the target's object. */
  shows?(response: LightMyRequestResponse, target: UnitFixture, world: MatrixWorld): boolean;
}
