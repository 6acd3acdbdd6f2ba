/** Permission-matrix entries for the health check: public, answered with or without a session. */
import type { MatrixEntry } from '../access/matrix-entry.ts';

export const entries: MatrixEntry[] = [
  { route: 'GET /api/health', access: 'public', kind: 'public', build: () => ({ url: '/api/health' }) },
];
