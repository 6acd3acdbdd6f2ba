/** Notifications' surface: other areas tell the officers responsible for an event, inside their own transaction. */
export { notify, notifyMany, resolveRecipients, type NotifyInput } from './notifications.service.ts';
