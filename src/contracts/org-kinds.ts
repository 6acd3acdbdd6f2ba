/**
 * The vocabulary of the organization tree (DOMAIN.md §1), shared by server and web.
 * Which kind may sit under which, and from when, is a versioned rule in `src/rules/org-structure.ts`.
 */
export const ORG_LEVELS = ['central', 'provincial', 'superior', 'grassroots', 'sub_grassroots', 'cell', 'group'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_KINDS = {
  central: { level: 'central', vi: 'Trung ương', en: 'Central' },
  provincial_committee: { level: 'provincial', vi: 'Đảng bộ tỉnh, thành phố', en: 'Provincial committee' },
  // Abolished on 1/7/2025 (district level removed); kept for history.
  district_committee: { level: 'superior', vi: 'Đảng bộ huyện, quận, thị xã', en: 'District committee' },
  // From 1/7/2025 the commune/ward committee is the direct superior of grassroots organizations.
  commune_committee: { level: 'superior', vi: 'Đảng bộ xã, phường, đặc khu', en: 'Commune/ward committee' },
  agency_bloc_committee: { level: 'superior', vi: 'Đảng bộ khối, cơ quan cấp trên cơ sở', en: 'Bloc/agency committee (above grassroots)' },
  grassroots_committee: { level: 'grassroots', vi: 'Đảng bộ cơ sở', en: 'Grassroots committee' },
  grassroots_cell: { level: 'grassroots', vi: 'Chi bộ cơ sở', en: 'Grassroots cell' },
  sub_committee: { level: 'sub_grassroots', vi: 'Đảng bộ bộ phận', en: 'Sub-committee' },
  cell: { level: 'cell', vi: 'Chi bộ trực thuộc', en: 'Cell' },
  party_group: { level: 'group', vi: 'Tổ đảng', en: 'Party group' },
} as const satisfies Record<string, { level: OrgLevel; vi: string; en: string }>;
export type OrgKind = keyof typeof ORG_KINDS;
export const ORG_KIND_LIST = Object.keys(ORG_KINDS) as OrgKind[];

/** Sectors, for grassroots organizations in statistics (11-HD/BTCTW). */
export const ORG_SECTORS = {
  commune_ward: { vi: 'Xã, phường, thị trấn', en: 'Commune/ward' },
  enterprise_state: { vi: 'Doanh nghiệp nhà nước', en: 'State enterprise' },
  enterprise_private: { vi: 'Doanh nghiệp tư nhân', en: 'Private enterprise' },
  enterprise_fdi: { vi: 'Doanh nghiệp có vốn đầu tư nước ngoài', en: 'Foreign-invested enterprise' },
  agency: { vi: 'Cơ quan hành chính', en: 'Administrative agency' },
  public_service: { vi: 'Đơn vị sự nghiệp công lập', en: 'Public service unit' },
  armed_forces: { vi: 'Lực lượng vũ trang', en: 'Armed forces' },
  other: { vi: 'Loại hình khác', en: 'Other' },
} as const;
export type OrgSector = keyof typeof ORG_SECTORS;
export const ORG_SECTOR_LIST = Object.keys(ORG_SECTORS) as OrgSector[];

export const ORG_LEVEL_LABELS: Record<OrgLevel, { vi: string; en: string }> = {
  central: { vi: 'Trung ương', en: 'Central' },
  provincial: { vi: 'Cấp tỉnh', en: 'Provincial' },
  superior: { vi: 'Cấp trên trực tiếp cơ sở', en: 'Above grassroots' },
  grassroots: { vi: 'Tổ chức cơ sở đảng', en: 'Grassroots' },
  sub_grassroots: { vi: 'Đảng bộ bộ phận', en: 'Sub-committee' },
  cell: { vi: 'Chi bộ trực thuộc', en: 'Cell' },
  group: { vi: 'Tổ đảng', en: 'Party group' },
};

export function levelOfKind(kind: string): OrgLevel {
  return (ORG_KINDS as Record<string, { level: OrgLevel }>)[kind]?.level ?? 'cell';
}
