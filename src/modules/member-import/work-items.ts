/** What needs looking at in imports, for the home page: the caller's own imports that finished a step this week. */
import type { WorkItem } from '../../http/context.ts';
import { countRecentlyFinishedImports } from './member-import.service.ts';

export const workItems: readonly WorkItem[] = [
  {
    key: 'member-import.finished',
    action: 'member.write',
    count: async (db, caller) => ({ count: await countRecentlyFinishedImports(db, caller), link: '/member-import', params: { days: 7 } }),
  },
];
