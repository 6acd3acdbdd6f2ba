/** /api/notifications: the caller's own notifications, and marking them read. */
import { z } from 'zod';
import { notificationListQuerySchema, notificationListSchema, notificationReadAllSchema, notificationSchema } from '../../contracts/notifications.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const notificationRoutes: RouteModule = (app, { db }) => {
  app.get('/notifications', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'], summary: 'The caller\'s notifications, newest first, with the number unread',
      querystring: notificationListQuerySchema, response: { 200: notificationListSchema },
    },
  }, async (request) => listNotifications(db, callerOf(request), request.query));

  app.post('/notifications/read-all', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'Mark every notification of the caller read', response: { 200: notificationReadAllSchema } },
  }, async (request) => inTransaction(db, (tx) => markAllNotificationsRead(tx, actorOf(request))));

  app.post('/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'], summary: 'Mark one of the caller\'s notifications read (another account\'s: 404)',
      params: idParams, response: { 200: notificationSchema },
    },
  }, async (request) => inTransaction(db, (tx) => markNotificationRead(tx, actorOf(request), request.params.id)));
};
