/** Notifications, as the server registers it: gathered by src/modules/index.ts. */
import type { ServerArea } from '../../http/context.ts';
import { notificationRoutes } from './notifications.routes.ts';

export const area = { name: 'notifications', routes: [notificationRoutes] } satisfies ServerArea;
