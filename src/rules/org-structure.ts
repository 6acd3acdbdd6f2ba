/**
 * Which kind of party organization may sit directly under which, and from when (DOMAIN.md §1).
 *
 * Sources:
 * - Party Charter (Điều lệ Đảng, 2011), ch. V Art. 21: a grassroots organization is a grassroots committee
 *   (đảng bộ cơ sở, with cells and optionally sub-committees under it) or a grassroots cell (chi bộ cơ sở, which may
 *   have party groups); a cell (chi bộ trực thuộc) may have party groups.
 * - Rules implementing the Charter: 24-QĐ/TW (2021), 232-QĐ/TW (1/2025), replaced by 294-QĐ/TW in force 1/7/2025.
 * - Conclusion 137-KL/TW and Resolution 60-NQ/TW (2025): the district level ends on 1/7/2025; from that date the
 *   commune/ward committee is the direct superior of grassroots organizations, under the provincial committee.
 *
 * The rule is a list of versions keyed by the date they take effect; `isKindAllowedUnder` picks the version in
 * force on the date of the change it judges, so a 2024 change is still judged by the 2024 structure.
 */
import type { OrgKind } from '../contracts/org-kinds.ts';

type Placement = Partial<Record<OrgKind, readonly (OrgKind | null)[]>>;

export interface OrgStructureVersion {
  /** First day the version applies (inclusive). */
  from: string;
  regulation: string;
  /** child kind → parent kinds it may sit under (null = the root, without a parent). */
  allowedParents: Placement;
}

const COMMON: Placement = {
  central: [null],
  provincial_committee: ['central'],
  agency_bloc_committee: ['central', 'provincial_committee'],
  sub_committee: ['grassroots_committee'],
  cell: ['grassroots_committee', 'sub_committee'],
  party_group: ['grassroots_cell', 'cell'],
};

export const ORG_STRUCTURE_VERSIONS: readonly OrgStructureVersion[] = [
  {
    from: '1930-02-03',
    regulation: 'Điều lệ Đảng ch. V Art. 21; 24-QĐ/TW (2021); 232-QĐ/TW (2025): district committees above grassroots',
    allowedParents: {
      ...COMMON,
      district_committee: ['provincial_committee'],
      grassroots_committee: ['district_committee', 'agency_bloc_committee', 'provincial_committee'],
      grassroots_cell: ['district_committee', 'agency_bloc_committee', 'provincial_committee'],
    },
  },
  {
    from: '2025-07-01',
    regulation: '294-QĐ/TW; 137-KL/TW; 60-NQ/TW: no district level; commune/ward committees above grassroots',
    allowedParents: {
      ...COMMON,
      commune_committee: ['provincial_committee'],
      grassroots_committee: ['commune_committee', 'agency_bloc_committee', 'provincial_committee'],
      grassroots_cell: ['commune_committee', 'agency_bloc_committee', 'provincial_committee'],
    },
  },
];

/** The version of the structure rule in force on a date. */
export function orgStructureVersionOn(date: string): OrgStructureVersion {
  let current = ORG_STRUCTURE_VERSIONS[0];
  for (const version of ORG_STRUCTURE_VERSIONS) if (version.from <= date) current = version;
  return current;
}

/**
 * Whether a unit of `childKind` may sit directly under a unit of `parentKind` (null = no parent, the root) on
 * `date`. Unknown kinds are never allowed.
 */
export function isKindAllowedUnder(date: string, parentKind: string | null, childKind: string): boolean {
  const parents = orgStructureVersionOn(date).allowedParents[childKind as OrgKind];
  return parents !== undefined && parents.includes(parentKind as OrgKind | null);
}

/**
 * Upgrades keep the unit's identity and give it a new kind (DOMAIN.md §1: "upgrade a cell to a grassroots
 * committee"): a grassroots cell that reaches 30 members becomes a grassroots committee (Charter Art. 21), and a
 * cell under a grassroots committee becomes a sub-committee.
 */
export const UPGRADE_PATHS: Readonly<Partial<Record<OrgKind, OrgKind>>> = {
  grassroots_cell: 'grassroots_committee',
  cell: 'sub_committee',
};

/** The kind a unit of `fromKind` is upgraded to, or null when it has no upgrade. */
export function upgradeTargetOf(fromKind: string): OrgKind | null {
  return UPGRADE_PATHS[fromKind as OrgKind] ?? null;
}

/** Whether `toKind` is an upgrade of `fromKind`. */
export function isUpgrade(fromKind: string, toKind: string): boolean {
  return upgradeTargetOf(fromKind) === toKind;
}
