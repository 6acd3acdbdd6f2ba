/** Builds the antd tree from the roots and the children loaded so far (all from the query cache). */
import type { OrgNode } from '../../../../src/contracts/orgs.ts';

export interface UnitTreeNode {
  key: string;
  unit: OrgNode;
  isLeaf: boolean;
  children?: UnitTreeNode[];
}

export function buildTree(roots: readonly OrgNode[], childrenOf: ReadonlyMap<number, readonly OrgNode[]>, seen: Set<number> = new Set()): UnitTreeNode[] {
  return roots.filter((unit) => !seen.has(unit.id)).map((unit) => {
    const children = childrenOf.get(unit.id);
    const branch = new Set(seen).add(unit.id);
    return {
      key: String(unit.id),
      unit,
      isLeaf: unit.childCount === 0,
      children: children ? buildTree(children, childrenOf, branch) : undefined,
    };
  });
}
