/** Notifications' surface: other areas tell the officers responsible for an event, inside their own transaction. */
export { notify, resolveRecipients, type NotifyInput } from './notifications.service.ts';
