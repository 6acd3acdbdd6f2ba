/** A notification as shown: its text in the reader's language (from its kind and parameters) and where it leads. */
import { useCallback } from 'react';
import type { Notification } from '../../../../src/contracts/notifications.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/**
 * The object's page: a transfer in its list (focused, from which the receiving side accepts it), an import job, a
 * unit's submitted reports.
 */
export function notificationLink(notification: Notification): string | null {
  const id = notification.objectId;
  if (id === null) return null;
  if (notification.objectType === 'member_transfer') {
    return notification.kind === 'transfer.arrived' ? `/transfers?tab=incoming&status=all&focus=${id}` : `/transfers?tab=outgoing&status=all&focus=${id}`;
  }
  if (notification.objectType === 'member_import_job') return `/member-import?job=${id}`;
  // The submissions of the unit told (the level above for a submission, the unit itself for a return).
  if (notification.objectType === 'statistics_submission' && notification.unitId !== null) return `/statistics?tab=submissions&unitId=${notification.unitId}`;
  return null;
}

export function useNotificationText() {
  const { t } = useI18n();
  return useCallback((notification: Notification) => {
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(notification.params)) params[key] = value ?? '';
    return t(`notification.kind.${notification.kind}` as MessageKey, params);
  }, [t]);
}
