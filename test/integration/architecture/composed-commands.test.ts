/**
 * Commands compose: two commands of different areas (recording a decision, then admitting a member on it, as an
 * admission pipeline's last step will) run in one transaction opened once, and commit or roll back as one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/database.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
import { identity, insertProvinceTree, systemActor, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { inTransaction, type Tx } from '../../../src/kernel/index.ts';
import { createDecision } from '../../../src/modules/decisions/decisions.service.ts';
import { admitMember } from '../../../src/modules/members/index.ts';
import { ensureRootUnit } from '../../../src/modules/accounts/index.ts';

describe('commands of two areas in one transaction', () => {
  let database: TestDatabase;
  let tree: ProvinceFixture;
  let rootUnitId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    rootUnitId = await ensureRootUnit(database.db);
    tree = await insertProvinceTree(database.db, rootUnitId, 'Ghép');
  });
  afterAll(async () => { await database.drop(); });

  async function counts() {
    const count = async (table: 'decisions' | 'members' | 'member_events' | 'member_placements' | 'journal') =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { decisions: await count('decisions'), members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), journal: await count('journal') };
  }

  /** The pipeline's last step: the decision is recorded and the member admitted on it, in the caller's transaction. */
  async function recordAndAdmit(tx: Tx, number: string) {
    const actor = systemActor(rootUnitId);
    const decision = await createDecision(tx, actor, { number, signedOn: '2024-03-10', issuingBody: 'Đảng ủy xã Ghép', issuingUnitId: tree.commune.id });
    const admitted = await admitMember(tx, actor, { unitId: tree.cellA.id, decisionId: decision.id, cellVoteDate: '2024-02-20', ceremonyDate: '2024-03-15', member: identity() });
    return { decision, admitted };
  }

  it('a failure after both commands rolls both back: no decision, no member, no event, no journal entry', async () => {
    const before = await counts();
    const failure = new Error('the pipeline failed after its last step');
    await expect(inTransaction(database.db, async (tx) => {
      const { decision, admitted } = await recordAndAdmit(tx, '11-QĐ/ĐU');
      // Both wrote, and each sees the other's write inside the transaction.
      expect(admitted.member.id).toBeGreaterThan(0);
      expect(await tx.selectFrom('member_events').select('decision_id').where('id', '=', admitted.eventId).executeTakeFirstOrThrow()).toEqual({ decision_id: decision.id });
      throw failure;
    })).rejects.toBe(failure);
    expect(await counts()).toEqual(before);
  });

  it('a refusal by the second command (an applicant under age) undoes the first', async () => {
    const before = await counts();
    await expect(inTransaction(database.db, async (tx) => {
      const actor = systemActor(rootUnitId);
      const decision = await createDecision(tx, actor, { number: '12-QĐ/ĐU', signedOn: '2024-03-10', issuingBody: 'Đảng ủy xã Ghép', issuingUnitId: tree.commune.id });
      await admitMember(tx, actor, { unitId: tree.cellA.id, decisionId: decision.id, cellVoteDate: '2024-02-20', ceremonyDate: '2024-03-15', member: identity({ birthDate: '2010-01-01' }) });
    })).rejects.toMatchObject({ code: 'AGE_OUT_OF_RANGE' });
    expect(await counts()).toEqual(before);
  });

  it('when nothing fails, both commit together', async () => {
    const before = await counts();
    const { decision, admitted } = await inTransaction(database.db, (tx) => recordAndAdmit(tx, '13-QĐ/ĐU'));
    const after = await counts();
    expect(after.decisions).toBe(before.decisions + 1);
    expect(after.members).toBe(before.members + 1);
    expect(after.journal).toBe(before.journal + 2);
    const stored = await database.db.selectFrom('member_events').select(['member_id', 'decision_id']).where('id', '=', admitted.eventId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ member_id: admitted.member.id, decision_id: decision.id });
  });

  it('a command cannot open a transaction of its own (checked by the typecheck)', async () => {
    await inTransaction(database.db, async (tx) => {
      // @ts-expect-error a Tx has no transaction(): nesting one does not type-check
      expect(typeof tx.transaction).toBe('function'); // at run time Kysely would throw when it is called
      // @ts-expect-error the plain database is not a Tx: a command cannot be called outside a transaction
      const outside: Tx = database.db;
      expect(outside).toBeDefined();
    });
  });
});
