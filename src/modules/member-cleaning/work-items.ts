/** What needs doing in the cleaning worklist, for the home page: the open issues of the caller's scope. */
import type { WorkItem } from '../../http/context.ts';
import { countOpenCleaningIssues } from './member-cleaning.service.ts';

export const workItems: readonly WorkItem[] = [
  {
    key: 'member-cleaning.open',
    action: 'member.read',
    count: async (db, caller) => ({ count: await countOpenCleaningIssues(db, caller), link: '/member-cleaning' }),
  },
];
