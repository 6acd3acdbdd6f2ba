/** What needs doing in party badges, for the home page: the members due a badge on the next presentation day. */
import type { WorkItem } from '../../http/context.ts';
import { nextPresentationDay } from '../../rules/party-age.ts';
import { countBadgesDue } from './badges.service.ts';

export const workItems: readonly WorkItem[] = [
  {
    key: 'badges.due',
    action: 'member.read',
    count: async (db, caller, today) => {
      const date = nextPresentationDay(today);
      return { count: await countBadgesDue(db, caller, date), link: `/badges?date=${date}`, params: { date } };
    },
  },
];
