import { describe, expect, it } from 'vitest';
import { ageBandOf, statisticsEditionFor } from './statistics-editions.ts';

describe('statistics editions (11-HD/BTCTW)', () => {
  it('bands ages up to 30, then by five years, the last band open', () => {
    const edition = statisticsEditionFor('2025-12-31');
    expect([18, 30, 31, 35, 36, 60, 61, 70, 71, 99].map((age) => ageBandOf(edition, age)))
      .toEqual(['to_30', 'to_30', '31_35', '31_35', '36_40', '56_60', '61_70', '61_70', 'over_70', 'over_70']);
  });
  it('every band has both labels and the bands are in increasing order', () => {
    const edition = statisticsEditionFor('2025-12-31');
    const limits = edition.ageBands.map((band) => band.upTo ?? Infinity);
    expect([...limits].sort((a, b) => a - b)).toEqual(limits);
    for (const band of edition.ageBands) expect(band.vi && band.en).toBeTruthy();
  });
});
