import { describe, expect, it } from 'vitest';
import { restructureRequestSchema, RESTRUCTURE_OPERATIONS } from '../../../../src/contracts/orgs.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { buildRequest, type WizardValues } from './build-request.ts';
import type { PickedUnit } from '../orgs/UnitPicker.tsx';

const unit = (id: number, kind = 'cell'): PickedUnit => ({ id, name: `Chi bộ ${id}`, code: `CB${id}`, kind, level: 'cell', parentId: 1 });
const decision = { id: 7, number: '12-QĐ/ĐU', signedOn: '2025-06-30' } as Decision;
const common: WizardValues = { effectiveDate: '2025-07-01', decision, reason: '  ' };

const FORMS: Record<(typeof RESTRUCTURE_OPERATIONS)[number], WizardValues> = {
  establish: { ...common, parent: unit(2, 'grassroots_committee'), newUnits: [{ code: ' CB-MOI ', name: ' Chi bộ Thôn Mới ', kind: 'cell' }, { code: 'CB-2', name: 'Chi bộ 2', kind: 'cell', sector: 'other' }] },
  rename: { ...common, unit: unit(3), name: 'Chi bộ Thôn Đông Bắc', code: '' },
  move: { ...common, units: [unit(3), unit(4)], parent: unit(5, 'grassroots_committee') },
  merge: { ...common, sources: [unit(3)], target: 'existing', into: unit(4) },
  split: { ...common, source: unit(6, 'grassroots_committee'), parts: [{ code: 'A', name: 'Đảng bộ A', kind: 'grassroots_committee', childIds: [8] }, { code: 'B', name: 'Đảng bộ B', kind: 'grassroots_committee', parent: unit(9, 'commune_committee'), childIds: [] }] },
  upgrade: { ...common, unit: unit(3), toKind: 'sub_committee', name: '' },
  change_kind: { ...common, unit: unit(3), kind: 'cell', sector: 'agency' },
  dissolve: { ...common, units: [unit(3)] },
};

describe('the restructuring wizard builds requests the server accepts', () => {
  for (const operation of RESTRUCTURE_OPERATIONS) {
    it(`${operation}: the request passes the shared contract`, () => {
      const request = buildRequest(operation, FORMS[operation]);
      expect(() => restructureRequestSchema.parse(request)).not.toThrow();
      expect(request).toMatchObject({ operation, effectiveDate: '2025-07-01', decisionId: 7 });
      expect(request).not.toHaveProperty('reason');
    });
  }

  it('trims names and codes, and leaves out empty optional fields', () => {
    const establish = buildRequest('establish', FORMS.establish);
    expect(establish).toMatchObject({ units: [{ code: 'CB-MOI', name: 'Chi bộ Thôn Mới', kind: 'cell', parentId: 2 }, { sector: 'other' }] });
    expect((establish as { units: object[] }).units[0]).not.toHaveProperty('sector');
    const rename = buildRequest('rename', FORMS.rename);
    expect(rename).toEqual({ operation: 'rename', effectiveDate: '2025-07-01', decisionId: 7, unitId: 3, name: 'Chi bộ Thôn Đông Bắc' });
  });

  it('a merge goes into an existing unit or into a new one, never both', () => {
    expect(buildRequest('merge', FORMS.merge)).toMatchObject({ sourceIds: [3], intoUnitId: 4 });
    const intoNew = buildRequest('merge', { ...common, sources: [unit(3), unit(4)], target: 'new', into: unit(4), newUnit: { code: 'CB-HN', name: 'Chi bộ Hợp Nhất', kind: 'cell', parent: unit(2) } });
    expect(intoNew).not.toHaveProperty('intoUnitId');
    expect(intoNew).toMatchObject({ newUnit: { code: 'CB-HN', parentId: 2 } });
    expect(() => restructureRequestSchema.parse(intoNew)).not.toThrow();
  });

  it('a split part without a parent keeps the source\'s parent (the field is left out)', () => {
    const split = buildRequest('split', FORMS.split) as { parts: { parentId?: number }[] };
    expect(split.parts[0]).not.toHaveProperty('parentId');
    expect(split.parts[1].parentId).toBe(9);
  });

  it('where the members go: nothing said leaves the server its default; a new cell named, or an existing cell, is sent; a move may carry a kind', () => {
    const upgrade = { ...common, unit: unit(3, 'grassroots_cell') };
    expect(buildRequest('upgrade', { ...upgrade, membersTarget: 'new', membersCellName: '  ' })).not.toHaveProperty('membersTo');
    const named = restructureRequestSchema.parse(buildRequest('upgrade', { ...upgrade, membersTarget: 'new', membersCellName: ' Chi bộ Giáo viên ', membersCellCode: 'TH-GV' }));
    expect(named).toMatchObject({ operation: 'upgrade', membersTo: { name: 'Chi bộ Giáo viên', code: 'TH-GV' } });
    const existing = restructureRequestSchema.parse(buildRequest('change_kind', { ...upgrade, kind: 'grassroots_committee', membersTarget: 'existing', membersCell: unit(11) }));
    expect(existing).toMatchObject({ membersTo: { unitId: 11 } });
    const move = restructureRequestSchema.parse(buildRequest('move', { ...common, units: [unit(3, 'grassroots_cell')], parent: unit(5, 'grassroots_committee'), kind: 'cell' }));
    expect(move).toMatchObject({ kind: 'cell' });
    expect(() => restructureRequestSchema.parse({ ...named, membersTo: { unitId: 11, name: 'Chi bộ' } })).toThrow();
  });

  it('an incomplete form gives a request the contract refuses (the server would answer VALIDATION_FAILED)', () => {
    expect(() => restructureRequestSchema.parse(buildRequest('merge', { ...common, decision: null, sources: [] }))).toThrow();
    expect(() => restructureRequestSchema.parse(buildRequest('rename', { ...common, unit: unit(3) }))).toThrow();
  });
});
