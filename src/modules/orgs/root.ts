/** The root of the tree (the Party Central Committee), written on the first start: the tree's only unit without a batch. */
import { writeJournal, type Tx } from '../../kernel/index.ts';
import { foldText } from '../../lib/text.ts';

export interface RootUnit {
  code: string;
  name: string;
  kind: string;
  establishedOn: string;
}

/** The root unit's id: the unit with the root's code, created with its first version (and journalled) when missing. */
export async function ensureRootUnitIn(tx: Tx, root: RootUnit): Promise<number> {
  const existing = await tx.selectFrom('org_units').select('id').where('code', '=', root.code).executeTakeFirst();
  if (existing) return existing.id;
  const unit = await tx.insertInto('org_units').values({ code: root.code, established_on: root.establishedOn, province_id: null, superior_id: null, grassroots_id: null, ended_on: null, end_reason: null }).returning('id').executeTakeFirstOrThrow();
  const path = `/${unit.id}/`;
  await tx.updateTable('org_units').set({ scope_path: path }).where('id', '=', unit.id).execute();
  await tx.insertInto('org_unit_versions').values({
    unit_id: unit.id, valid_from: root.establishedOn, valid_to: null, parent_id: null, name: root.name,
    name_folded: foldText(root.name), kind: root.kind, sector: null, path, depth: 0, batch_id: null, change: 'establish', voided_by_batch_id: null,
  }).execute();
  await writeJournal(tx, { accountId: null, action: 'org.bootstrap', objectType: 'org_unit', objectId: unit.id, unitId: unit.id, effectiveDate: root.establishedOn, after: { code: root.code, name: root.name } });
  return unit.id;
}
