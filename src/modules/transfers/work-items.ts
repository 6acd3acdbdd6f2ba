/**
 * What needs doing in transfers, for the home page: incoming transfers awaiting acceptance (the receiving side acts
 * with `member.write`) and late ones, past the working-day deadlines of 294-QĐ/TW Art. 8 (60 days to be received, 30
 * more to be presented to the cell; the rule of the late list, `listTransfersForCaller`).
 */
import type { WorkItem } from '../../http/context.ts';
import { scopeOf } from '../../kernel/index.ts';
import { countOpenTransfers } from './transfers.repository.ts';

/** Counts stop here: the card then reads "1000+" and the list has the rest. */
export const WORK_ITEM_CAP = 1000;

export const workItems: readonly WorkItem[] = [
  {
    key: 'transfers.incoming',
    action: 'member.write',
    count: async (db, caller, today) => ({
      count: await countOpenTransfers(db, { scope: scopeOf(caller, 'member.write'), which: 'incoming', lateOn: today, cap: WORK_ITEM_CAP }),
      link: '/transfers?tab=incoming',
      params: { cap: WORK_ITEM_CAP },
    }),
  },
  {
    key: 'transfers.late',
    action: 'member.read',
    count: async (db, caller, today) => ({
      count: await countOpenTransfers(db, { scope: scopeOf(caller, 'member.read'), which: 'late', lateOn: today, cap: WORK_ITEM_CAP }),
      link: '/transfers?tab=late',
      params: { cap: WORK_ITEM_CAP },
    }),
  },
];
