/**
 * What needs doing in admissions, for the home page: files whose next step is due this week and files past their
 * working-day deadline (the deadlines of `pipeline.ts`), in the caller's scope, counted from the due-date index.
 */
import type { WorkItem } from '../../http/context.ts';
import { scopeOf } from '../../kernel/index.ts';
import { countCandidates } from './admissions.repository.ts';
import { weekEndOf } from './pipeline.ts';

/** Counts stop here: the card then reads "1000+" and the list has the rest. */
export const WORK_ITEM_CAP = 1000;

const item = (which: 'due' | 'overdue'): WorkItem => ({
  key: `admissions.${which}`,
  action: 'admission.read',
  count: async (db, caller, today) => ({
    count: await countCandidates(db, { scope: scopeOf(caller, 'admission.read'), under: null, which, today, weekEnd: weekEndOf(today), cap: WORK_ITEM_CAP }),
    link: `/admissions?which=${which}`,
    params: { cap: WORK_ITEM_CAP },
  }),
});

export const workItems: readonly WorkItem[] = [item('due'), item('overdue')];
