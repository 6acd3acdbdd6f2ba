/** English texts of notifications; the same keys as `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'notification.title': 'Notifications',
  'notification.subtitle': 'What just happened that you should know of or act on; click one to open it.',
  'notification.bell': 'Notifications ({count} unread)',
  'notification.none': 'No notifications yet',
  'notification.unread': 'Unread',
  'notification.markAllRead': 'Mark all read',
  'notification.seeAll': 'See all notifications',
  'notification.kind.transfer.arrived': '{memberName} is transferred to {toUnitName} (from {fromUnitName}), awaiting acceptance.',
  'notification.kind.transfer.accepted': '{toUnitName} accepted {memberName} (transferred from {fromUnitName}).',
  'notification.kind.transfer.returned': '{toUnitName} returned the transfer of {memberName}.',
  'notification.kind.import.validated': 'The file {filename} is checked: {validRows} valid rows, {invalidRows} with errors.',
  'notification.kind.import.applied': 'The file {filename} is imported: {appliedRows} members.',
  'notification.kind.import.failed': 'Importing the file {filename} failed.',
  'notification.kind.statistics.submitted': '{unitName} submitted the report “{formTitle}” ({period}).',
  'notification.kind.statistics.returned': 'The level above returned the report “{formTitle}” ({period}) of {unitName}: {reason}',
};
