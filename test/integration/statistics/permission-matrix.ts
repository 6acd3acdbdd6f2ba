/** Permission-matrix entries for the statistics (/api/statistics): the catalog is static; figures are a unit's. */
import type { MatrixEntry } from '../access/matrix-entry.ts';

export const entries: MatrixEntry[] = [
  { route: 'GET /api/statistics/catalog', access: 'authenticated', kind: 'authenticated', build: () => ({ url: '/api/statistics/catalog' }) },
  {
    route: 'GET /api/statistics/figures', access: 'statistics.read', kind: 'object',
    build: (_world, target) => ({ url: `/api/statistics/figures?source=members&unitId=${target.id}&breakdown=children&by=sex` }),
  },
];
