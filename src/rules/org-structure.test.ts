import { describe, expect, it } from 'vitest';
import { ORG_KIND_LIST } from '../contracts/org-kinds.ts';
import { isKindAllowedUnder, isUpgrade, orgStructureVersionOn, upgradeTargetOf, ORG_STRUCTURE_VERSIONS } from './org-structure.ts';

describe('org structure rule', () => {
  it('district committees sit under provinces only before 1/7/2025', () => {
    expect(isKindAllowedUnder('2024-12-31', 'provincial_committee', 'district_committee')).toBe(true);
    expect(isKindAllowedUnder('2025-06-30', 'provincial_committee', 'district_committee')).toBe(true);
    expect(isKindAllowedUnder('2025-07-01', 'provincial_committee', 'district_committee')).toBe(false);
  });

  it('commune committees exist from 1/7/2025', () => {
    expect(isKindAllowedUnder('2025-06-30', 'provincial_committee', 'commune_committee')).toBe(false);
    expect(isKindAllowedUnder('2025-07-01', 'provincial_committee', 'commune_committee')).toBe(true);
  });

  it('grassroots organizations sit under district committees before the reform and commune committees after', () => {
    for (const kind of ['grassroots_committee', 'grassroots_cell']) {
      expect(isKindAllowedUnder('2024-01-01', 'district_committee', kind)).toBe(true);
      expect(isKindAllowedUnder('2024-01-01', 'commune_committee', kind)).toBe(false);
      expect(isKindAllowedUnder('2025-07-01', 'district_committee', kind)).toBe(false);
      expect(isKindAllowedUnder('2025-07-01', 'commune_committee', kind)).toBe(true);
      expect(isKindAllowedUnder('2025-07-01', 'agency_bloc_committee', kind)).toBe(true);
    }
  });

  it('cells sit under grassroots committees and sub-committees, party groups under cells and grassroots cells', () => {
    expect(isKindAllowedUnder('2024-01-01', 'grassroots_committee', 'cell')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', 'sub_committee', 'cell')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', 'grassroots_cell', 'cell')).toBe(false);
    expect(isKindAllowedUnder('2024-01-01', 'grassroots_cell', 'party_group')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', 'cell', 'party_group')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', 'grassroots_committee', 'party_group')).toBe(false);
    expect(isKindAllowedUnder('2024-01-01', 'grassroots_committee', 'sub_committee')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', 'sub_committee', 'sub_committee')).toBe(false);
  });

  it('only the central committee is a root, and nothing sits under a party group', () => {
    expect(isKindAllowedUnder('2024-01-01', null, 'central')).toBe(true);
    expect(isKindAllowedUnder('2024-01-01', null, 'provincial_committee')).toBe(false);
    expect(isKindAllowedUnder('2024-01-01', 'central', 'provincial_committee')).toBe(true);
    for (const kind of ORG_KIND_LIST) expect(isKindAllowedUnder('2026-01-01', 'party_group', kind)).toBe(false);
  });

  it('unknown kinds are never allowed', () => {
    expect(isKindAllowedUnder('2024-01-01', 'central', 'ministry')).toBe(false);
    expect(isKindAllowedUnder('2024-01-01', 'ministry', 'cell')).toBe(false);
  });

  it('picks the version in force on the date and every version cites a regulation', () => {
    expect(orgStructureVersionOn('1990-01-01').from).toBe('1930-02-03');
    expect(orgStructureVersionOn('2025-07-01').from).toBe('2025-07-01');
    expect(orgStructureVersionOn('2030-01-01').from).toBe('2025-07-01');
    for (const version of ORG_STRUCTURE_VERSIONS) expect(version.regulation.length).toBeGreaterThan(5);
  });

  it('upgrades a grassroots cell to a grassroots committee and a cell to a sub-committee', () => {
    expect(upgradeTargetOf('grassroots_cell')).toBe('grassroots_committee');
    expect(upgradeTargetOf('cell')).toBe('sub_committee');
    expect(upgradeTargetOf('grassroots_committee')).toBeNull();
    expect(isUpgrade('cell', 'sub_committee')).toBe(true);
    expect(isUpgrade('cell', 'grassroots_committee')).toBe(false);
  });
});
