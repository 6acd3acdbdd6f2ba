/** Notifications in the app (issue 10): the kinds, their parameters, and the list the web reads. */
import { z } from 'zod';

/**
 * What a notification says, by kind; the text is the web's, in the reader's language, from the kind and `params`:
 *   transfer.arrived   a transfer is addressed to the reader's unit (accept or return it);
 *   transfer.accepted / transfer.returned   the receiving side accepted or returned a transfer the reader's unit sent;
 *   import.validated / import.applied / import.failed   an import the reader started finished a step;
 *   admission.step_due / admission.overdue   an admission file's next step waits on the reader's unit, or is past its deadline;
 *   statistics.submitted   a unit directly under the reader's submitted a form's figures (compare, or return them);
 *   statistics.returned   the level above returned figures the reader's unit submitted, with its reason.
 */
export const NOTIFICATION_KINDS = [
  'transfer.arrived', 'transfer.accepted', 'transfer.returned', 'import.validated', 'import.applied', 'import.failed',
  'admission.step_due', 'admission.overdue', 'statistics.submitted', 'statistics.returned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Names and numbers as they were at the event (a later rename does not rewrite what was said). */
export const notificationParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type NotificationParams = z.infer<typeof notificationParamsSchema>;

export const notificationSchema = z.object({
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  unitId: z.number().nullable(),
  objectType: z.string().nullable(),
  objectId: z.number().nullable(),
  params: notificationParamsSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const NOTIFICATION_PAGE_MAX = 100;

export const notificationListQuerySchema = z.strictObject({
  /** The id of the last notification of the previous page. */
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).optional(),
  unreadOnly: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.number().nullable(),
  unread: z.number(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const notificationReadAllSchema = z.object({ marked: z.number() });
