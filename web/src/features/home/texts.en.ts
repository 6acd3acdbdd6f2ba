/** English texts of the home page; the same keys as `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'menu.home': 'Home',
  'home.title': 'What needs doing',
  'home.subtitle': 'What is waiting for you in your scope; click a card to open its list.',
  'home.units': 'Where you work',
  'home.headcount': '{count} members',
  'home.members': 'Members of the cell',
  'home.allMembers': 'See the whole list',
  'home.noMembers': 'The cell has no members yet',
  'home.openUnit': 'Open the unit\'s page',
  'home.nothing': 'Nothing is waiting.',
  'home.capped': '{count}+',
  'workItem.transfers.incoming': 'Incoming transfers awaiting acceptance',
  'workItem.transfers.late': 'Late transfers',
  'workItem.badges.due': 'Due a party badge on {date}',
  'workItem.member-cleaning.open': 'Data issues to clean',
  'workItem.member-import.finished': 'Your imports finished in the last {days} days',
};
