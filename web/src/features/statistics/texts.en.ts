/** English texts of the statistics; the same keys as `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'menu.statistics': 'Statistics',

  'statistics.title': 'Statistics and reports',
  'statistics.subtitle': 'The standard forms on members and party organizations, as of a report date or over a period, on the tree as it stood then.',
  'statistics.unit': 'Reporting unit',
  'statistics.form': 'Form',
  'statistics.reportDate': 'Report date',
  'statistics.exportXlsx': 'Download Excel',
  'statistics.exportPdf': 'Print PDF',
  'statistics.noForms': 'There is no statistics form yet.',
  'statistics.noUnit': 'Pick the reporting unit to see its figures.',
  'statistics.asOf': 'Figures as of {date}',
  'statistics.period': 'Figures from {from} to {to}',
  'statistics.regulation': 'Per {regulation}',
  'statistics.indicator': 'Indicator',
  'statistics.openFigure': 'See the figure in detail',
  'statistics.figure': 'Figure: {count}',
  'statistics.children': 'By unit directly under it',
  'statistics.childUnit': 'Unit directly under it',
  'statistics.count': 'Count',
  'statistics.sum': 'Total',
  'statistics.noChildren': 'This unit has no unit directly under it.',
  'statistics.members': 'Members',
  'statistics.membersShown': 'Showing {shown} of {total} members',
  'statistics.noMembers': 'No member.',
  'statistics.born': 'Born {date}',
  'statistics.on': 'On {date}',
};
