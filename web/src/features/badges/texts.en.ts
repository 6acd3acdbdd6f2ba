/** English texts of the Party badges: exactly the keys of `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'menu.badges': 'Party badges',

  'badges.title': 'Party badges',
  'badges.export': 'Export to Excel',
  'badges.print': 'Print list (PDF)',
  'badges.subtitle': 'Members whose party age earns a badge on the presentation day ({regulation}).',
  'badges.subtitleShort': 'Members whose party age earns a badge on the presentation day.',
  'badges.presentationDate': 'Presentation day (3/2, 19/5, 2/9, 7/11)',
  'badges.next': 'next',
  'badges.unit': 'Party unit',
  'badges.unitPlaceholder': 'Your whole scope',
  'badges.count': '{count} members due on {date}',
  'badges.firstShown': '(the first {count} shown; pick a unit to narrow the list)',
  'badges.milestone': '{years}-year badge',
  'badges.reachedOn': 'Party age reached on',
  'badges.partyAge': 'Party age',
  'badges.years': '{years} years',
  'badges.early': 'Early',
  'badges.presentedOn': 'Presented {date}',
  'badges.presentedCount': '({count} of them presented since)',
  'badges.none': 'Nobody is due a badge on this day',
  'badges.footnote': 'Party age counts from the signing of the admission decision, minus time outside the party.',
  'badges.award': 'Record',
  'badges.awardSelected': 'Record badges presented ({count})',
  'badges.awardTitle': 'Badges presented on {date}',
  'badges.awardHelp': '{count} members selected; all under one decision of the provincial standing committee.',
  'badges.awarded': '{count} badges recorded.',
};
