/**
 * Accounts, as the server registers it: gathered by src/modules/index.ts. Sign-in and one's own account (/api/auth),
 * then accounts and grants.
 */
import type { ServerArea } from '../../http/context.ts';
import { authRoutes } from './auth.routes.ts';
import { accountsRoutes } from './accounts.routes.ts';

export const area = { name: 'accounts', routes: [authRoutes, accountsRoutes] } satisfies ServerArea;
