/**
 * A small province built through the real API, with history: communes from 1/7/2025 (the end of the district level),
 * grassroots organizations and cells under them, and one cell established later (1/9/2025), so the tree differs
 * between two dates. Used until `cellbase demo-data --scale province` exists.
 */
import type { Decision } from '../../src/contracts/decisions.ts';
import type { OrgNodeList, RestructureResult } from '../../src/contracts/orgs.ts';
import type { ApiSession } from './helpers.ts';

export interface SeededProvince {
  provinceId: number;
  provinceName: string;
  communes: { id: number; name: string }[];
  /** Two cells under the same grassroots committee of the first commune: the merge pair. */
  cellA: { id: number; name: string };
  cellB: { id: number; name: string };
  /** A cell established on `laterCellDate`: absent from the tree before it. */
  laterCell: { id: number; name: string };
  laterCellDate: string;
  /** A date on which the later cell did not exist yet. */
  earlierDate: string;
}

export async function seedProvince(api: ApiSession, suffix: string): Promise<SeededProvince> {
  const roots = await api.get<OrgNodeList>('/api/orgs/roots');
  const rootId = roots.items[0].id;
  const decision = async (number: string, signedOn: string) => api.post<Decision>('/api/decisions', {
    number: `${number}-${suffix}`, signedOn, issuingBody: 'Ban Thường vụ Tỉnh ủy Thử Nghiệm', issuingUnitId: rootId, subject: 'Kiện toàn tổ chức đảng',
  });
  const establish = async (decisionId: number, effectiveDate: string, parentId: number, units: { code: string; name: string; kind: string; sector?: string }[]) => {
    const result = await api.post<RestructureResult>('/api/orgs/batches', { operation: 'establish', effectiveDate, decisionId, units: units.map((unit) => ({ ...unit, parentId })) });
    return result.summary.unitsCreated.map((created) => ({ id: created.unitId, name: created.name }));
  };

  const d1 = await decision('01-QĐ/TU', '2019-12-20');
  const [province] = await establish(d1.id, '2020-01-01', rootId, [{ code: `TN${suffix}`, name: `Đảng bộ tỉnh Thử Nghiệm ${suffix}`, kind: 'provincial_committee' }]);
  const d2 = await decision('125-QĐ/TU', '2025-06-20');
  const communes = await establish(d2.id, '2025-07-01', province.id, [
    { code: `TN${suffix}-AB`, name: 'Đảng bộ xã An Bình', kind: 'commune_committee', sector: 'commune_ward' },
    { code: `TN${suffix}-HL`, name: 'Đảng bộ xã Hòa Lạc', kind: 'commune_committee', sector: 'commune_ward' },
    { code: `TN${suffix}-DT`, name: 'Đảng bộ phường Đông Tiến', kind: 'commune_committee', sector: 'commune_ward' },
  ]);
  const [anBinh, hoaLac, dongTien] = communes;
  const grassroots = await establish(d2.id, '2025-07-01', anBinh.id, [
    { code: `TN${suffix}-AB-HTX`, name: 'Đảng bộ Hợp tác xã Nông nghiệp An Bình', kind: 'grassroots_committee', sector: 'enterprise_private' },
    { code: `TN${suffix}-AB-TH`, name: 'Chi bộ Trường Tiểu học An Bình', kind: 'grassroots_cell', sector: 'public_service' },
  ]);
  const cells = await establish(d2.id, '2025-07-01', grassroots[0].id, [
    { code: `TN${suffix}-AB-HTX-D`, name: 'Chi bộ Thôn Đông', kind: 'cell' },
    { code: `TN${suffix}-AB-HTX-T`, name: 'Chi bộ Thôn Tây', kind: 'cell' },
  ]);
  await establish(d2.id, '2025-07-01', hoaLac.id, [
    { code: `TN${suffix}-HL-YT`, name: 'Chi bộ Trạm Y tế Hòa Lạc', kind: 'grassroots_cell', sector: 'public_service' },
    { code: `TN${suffix}-HL-CA`, name: 'Chi bộ Công an xã Hòa Lạc', kind: 'grassroots_cell', sector: 'armed_forces' },
  ]);
  await establish(d2.id, '2025-07-01', dongTien.id, [
    { code: `TN${suffix}-DT-KP1`, name: 'Đảng bộ Khu phố 1', kind: 'grassroots_committee', sector: 'commune_ward' },
  ]);
  const d3 = await decision('210-QĐ/ĐU', '2025-08-25');
  const [laterCell] = await establish(d3.id, '2025-09-01', grassroots[0].id, [{ code: `TN${suffix}-AB-HTX-N`, name: 'Chi bộ Thôn Nam', kind: 'cell' }]);
  return {
    provinceId: province.id,
    provinceName: province.name,
    communes,
    cellA: cells[0],
    cellB: cells[1],
    laterCell,
    laterCellDate: '2025-09-01',
    earlierDate: '2025-08-01',
  };
}
