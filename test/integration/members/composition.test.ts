/**
 * Commands compose: each takes the transaction it runs in, so a command of one area called after a command of another
 * (an admission pipeline admitting a member, then sending them on) commits with it or rolls back with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { identity, insertDecision, insertProvinceTree, systemActor, type ProvinceFixture } from '../../helpers/member-factories.ts';
import { inTransaction } from '../../../src/kernel/index.ts';
import { admitMember } from '../../../src/modules/members/members.service.ts';
import { issueTransfer } from '../../../src/modules/transfers/transfers.service.ts';

describe('commands of two areas in one transaction', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let tree: ProvinceFixture;
  let decisionId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    tree = await insertProvinceTree(ctx.db, ctx.rootUnitId, 'Ghép Lệnh');
    decisionId = await insertDecision(ctx.db, { signedOn: '2024-03-01' });
  });
  afterAll(async () => { await ctx.close(); });

  async function counts() {
    const count = async (table: 'members' | 'member_events' | 'member_placements' | 'member_transfers' | 'journal') =>
      Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { members: await count('members'), events: await count('member_events'), placements: await count('member_placements'), transfers: await count('member_transfers'), journal: await count('journal') };
  }

  /** Admits a member into cell A, then issues their transfer to cell B, in the transaction given. */
  async function admitThenSend(tx: Parameters<Parameters<typeof inTransaction>[1]>[0], fullName: string) {
    const actor = systemActor(ctx.rootUnitId);
    const admitted = await admitMember(tx, actor, {
      unitId: tree.cellA.id, decisionId, cellVoteDate: '2024-02-20', ceremonyDate: '2024-03-05', member: identity({ fullName, birthDate: '1995-04-04' }),
    });
    const transfer = await issueTransfer(tx, actor, {
      memberId: admitted.member.id, kind: 'official', purpose: 'work', toUnitId: tree.cellB.id, decisionId, issuedOn: '2024-03-10',
      expectedRowVersion: admitted.member.rowVersion,
    });
    return { admitted, transfer };
  }

  it('both commit together: the admitted member is in transit to the other cell', async () => {
    const { admitted, transfer } = await inTransaction(ctx.db, (tx) => admitThenSend(tx, 'Hà Văn Ghép'));
    const member = await ctx.db.selectFrom('members').select(['status', 'in_transit', 'unit_id']).where('id', '=', admitted.member.id).executeTakeFirstOrThrow();
    expect(member).toEqual({ status: 'probationary', in_transit: true, unit_id: tree.cellA.id });
    expect(transfer).toMatchObject({ memberId: admitted.member.id, status: 'issued', toUnitId: tree.cellB.id });
  });

  it('both roll back together when the work after them fails: nothing is written', async () => {
    const before = await counts();
    let sent: number | undefined;
    await expect(inTransaction(ctx.db, async (tx) => {
      sent = (await admitThenSend(tx, 'Hà Văn Hoàn')).admitted.member.id;
      throw new Error('the pipeline fails after both commands');
    })).rejects.toThrow('the pipeline fails after both commands');
    expect(sent).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    expect(await ctx.db.selectFrom('members').select('id').where('id', '=', sent!).executeTakeFirst()).toBeUndefined();
  });

  it('a refused second command rolls the first back too', async () => {
    const before = await counts();
    await expect(inTransaction(ctx.db, async (tx) => {
      const { admitted } = await admitThenSend(tx, 'Hà Văn Lỗi');
      // A second transfer of the same member while the first is open is refused.
      await issueTransfer(tx, systemActor(ctx.rootUnitId), {
        memberId: admitted.member.id, kind: 'official', purpose: 'work', toUnitId: tree.cellB.id, decisionId, issuedOn: '2024-03-11', expectedRowVersion: 1,
      });
    })).rejects.toMatchObject({ code: 'MEMBER_IN_TRANSIT' });
    expect(await counts()).toEqual(before);
  });
});
