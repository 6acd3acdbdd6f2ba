/** Turns the wizard's form values into the server's RestructureRequest (`src/contracts/orgs.ts`). */
import type { Decision } from '../../../../src/contracts/decisions.ts';
import type { NewUnit, RestructureOperation, RestructureRequest } from '../../../../src/contracts/orgs.ts';
import type { PickedUnit } from '../orgs/UnitPicker.tsx';

export interface NewUnitValues {
  code?: string;
  name?: string;
  kind?: string;
  sector?: string | null;
  parent?: PickedUnit | null;
}

export interface SplitPartValues extends NewUnitValues {
  childIds?: number[];
}

export interface WizardValues {
  effectiveDate?: string | null;
  decision?: Decision | null;
  reason?: string;
  unit?: PickedUnit | null;
  units?: PickedUnit[];
  parent?: PickedUnit | null;
  newUnits?: NewUnitValues[];
  name?: string;
  code?: string;
  kind?: string;
  sector?: string | null;
  toKind?: string;
  sources?: PickedUnit[];
  target?: 'existing' | 'new';
  into?: PickedUnit | null;
  newUnit?: NewUnitValues;
  source?: PickedUnit | null;
  parts?: SplitPartValues[];
  /** Upgrade, change of kind: where the members go ('new': a new cell, by default named by the server; 'existing': a child cell). */
  membersTarget?: 'new' | 'existing';
  membersCellName?: string;
  membersCellCode?: string;
  membersCell?: PickedUnit | null;
}

/** Where the members go, when the officer said (empty: the server's default, a new cell "Chi bộ <old name>"). */
function membersTo(values: WizardValues): { membersTo?: { unitId?: number; code?: string; name?: string } } {
  if (values.membersTarget === 'existing') return values.membersCell ? { membersTo: { unitId: values.membersCell.id } } : {};
  const name = text(values.membersCellName);
  const code = text(values.membersCellCode);
  return name || code ? { membersTo: { ...(code ? { code } : {}), ...(name ? { name } : {}) } } : {};
}

const text = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

function newUnit(values: NewUnitValues, parentId: number): NewUnit {
  return {
    code: text(values.code) ?? '',
    name: text(values.name) ?? '',
    kind: values.kind ?? '',
    ...(values.sector ? { sector: values.sector } : {}),
    parentId,
  };
}

export function buildRequest(operation: RestructureOperation, values: WizardValues): RestructureRequest {
  const base = {
    effectiveDate: values.effectiveDate ?? '',
    decisionId: values.decision?.id ?? 0,
    ...(text(values.reason) ? { reason: text(values.reason) } : {}),
  };
  switch (operation) {
    case 'establish':
      return { operation, ...base, units: (values.newUnits ?? []).map((unit) => newUnit(unit, values.parent?.id ?? 0)) };
    case 'rename':
      return { operation, ...base, unitId: values.unit?.id ?? 0, ...(text(values.name) ? { name: text(values.name) } : {}), ...(text(values.code) ? { code: text(values.code) } : {}) };
    case 'move':
      return {
        operation, ...base, unitIds: (values.units ?? []).map((unit) => unit.id), newParentId: values.parent?.id ?? 0,
        ...(values.kind === 'cell' || values.kind === 'grassroots_cell' ? { kind: values.kind } : {}),
      };
    case 'merge':
      return values.target === 'new'
        ? { operation, ...base, sourceIds: (values.sources ?? []).map((unit) => unit.id), newUnit: newUnit(values.newUnit ?? {}, values.newUnit?.parent?.id ?? 0) }
        : { operation, ...base, sourceIds: (values.sources ?? []).map((unit) => unit.id), intoUnitId: values.into?.id ?? 0 };
    case 'split':
      return {
        operation, ...base, sourceId: values.source?.id ?? 0,
        parts: (values.parts ?? []).map((part) => ({
          code: text(part.code) ?? '', name: text(part.name) ?? '', kind: part.kind ?? '',
          ...(part.sector ? { sector: part.sector } : {}),
          ...(part.parent ? { parentId: part.parent.id } : {}),
          childIds: part.childIds ?? [],
        })),
      };
    case 'upgrade':
      return {
        operation, ...base, unitId: values.unit?.id ?? 0,
        ...(values.toKind ? { toKind: values.toKind } : {}),
        ...(text(values.name) ? { name: text(values.name) } : {}),
        ...(text(values.code) ? { code: text(values.code) } : {}),
        ...membersTo(values),
      };
    case 'change_kind':
      return {
        operation, ...base, unitId: values.unit?.id ?? 0, kind: values.kind ?? '',
        ...(values.sector !== undefined ? { sector: values.sector } : {}),
        ...(text(values.name) ? { name: text(values.name) } : {}),
        ...membersTo(values),
      };
    case 'dissolve':
      return { operation, ...base, unitIds: (values.units ?? []).map((unit) => unit.id) };
  }
}

/** The units a request names, for the form's prefill from a unit page. */
export const SINGLE_UNIT_OPERATIONS: RestructureOperation[] = ['rename', 'upgrade', 'change_kind'];
