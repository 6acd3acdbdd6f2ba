/**
 * Citing a decision: every command that takes a decision id checks it here (member life cycle, transfers, badges,
 * import, grants and accounts, restructuring), and the decisions area reads its rows with the same select and scope.
 *
 * Scope of a decision: it is issued by a unit inside the scope's subtrees or by an ancestor of one of them (a
 * superior's decision concerns its subordinates). Decided in SQL.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from './executor.ts';
import { pathInScope, scopeOf, scopePrefixes, type Caller, type Scope } from '../access/scope.ts';
import type { Action } from '../contracts/permissions.ts';
import { AppError } from '../contracts/errors.ts';
import type { Decision } from '../contracts/decisions.ts';

export interface DecisionRow {
  id: number;
  number: string;
  signed_on: string;
  issuing_body: string;
  issuing_unit_id: number | null;
  issuing_unit_name: string | null;
  signer: string | null;
  subject: string | null;
  attachment_id: number | null;
  attachment_filename: string | null;
  attachment_content_type: string | null;
  attachment_size: number | null;
  attachment_sha256: string | null;
  recorded_by: number | null;
  created_at: Date;
}

/** Ids of the scope's units and all their ancestors, read off its paths. */
function ancestorIdsOf(paths: readonly string[]): number[] {
  return [...new Set(paths.flatMap((path) => path.split('/').filter(Boolean).map(Number)))];
}

/**
 * The issuing unit lies in scope or is an ancestor of a unit in scope. `unit.id` is the issuing unit's id column;
 * `unit.path`, when the unit's row is already joined, its scope_path column (else it is looked up).
 */
export function issuerInScope(unit: { id: string; path?: string }, scope: Scope): Expression<SqlBool> {
  const paths = scopePrefixes(scope);
  if (paths === null) return sql<SqlBool>`true`;
  if (paths.length === 0) return sql<SqlBool>`false`;
  const id = sql.ref(unit.id);
  const within = unit.path
    ? pathInScope(unit.path, scope)
    : sql<SqlBool>`exists (select 1 from org_units iu where iu.id = ${id} and ${pathInScope('iu.scope_path', scope)})`;
  return sql<SqlBool>`(${id} = any(${ancestorIdsOf(paths)}::bigint[]) or ${within})`;
}

/** A decision row aliased `d` lies in scope. */
export function decisionInScope(scope: Scope): Expression<SqlBool> {
  return issuerInScope({ id: 'd.issuing_unit_id' }, scope);
}

/** Decisions (alias `d`) with their attachment's description and the issuing unit's latest name. */
export function selectDecisions(db: Executor) {
  return db
    .selectFrom('decisions as d')
    .leftJoin('attachments as f', 'f.id', 'd.attachment_id')
    .select([
      'd.id', 'd.number', 'd.signed_on', 'd.issuing_body', 'd.issuing_unit_id', 'd.signer', 'd.subject', 'd.attachment_id', 'd.recorded_by', 'd.created_at',
      'f.filename as attachment_filename', 'f.content_type as attachment_content_type', 'f.size_bytes as attachment_size', 'f.sha256 as attachment_sha256',
    ])
    .select(sql<string | null>`(select v.name from org_unit_versions v where v.unit_id = d.issuing_unit_id and v.voided_by_batch_id is null order by v.valid_from desc limit 1)`.as('issuing_unit_name'));
}

/** One decision lying in every scope given. */
export async function findDecision(db: Executor, decisionId: number, scope: Scope, ...alsoIn: Scope[]): Promise<DecisionRow | undefined> {
  let query = selectDecisions(db).where('d.id', '=', decisionId).where(decisionInScope(scope));
  for (const other of alsoIn) query = query.where(decisionInScope(other));
  return query.executeTakeFirst();
}

export function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    number: row.number,
    signedOn: row.signed_on,
    issuingBody: row.issuing_body,
    issuingUnitId: row.issuing_unit_id,
    issuingUnitName: row.issuing_unit_name,
    signer: row.signer,
    subject: row.subject,
    attachment: row.attachment_id
      ? { id: row.attachment_id, filename: row.attachment_filename!, contentType: row.attachment_content_type!, sizeBytes: row.attachment_size!, sha256: row.attachment_sha256! }
      : null,
    recordedBy: row.recorded_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A decision joined onto another row as `decision_id`, `decision_number`, …: the reference the pages show, or null. */
export function decisionRefOf(row: { decision_id: number | null; decision_number: string | null; decision_signed_on: string | null; decision_issuing_body: string | null }) {
  return row.decision_id === null ? null : { id: row.decision_id, number: row.decision_number!, signedOn: row.decision_signed_on!, issuingBody: row.decision_issuing_body! };
}

/**
 * The one rule for citing a decision as the legal basis of a change.
 *
 * Usable means: the caller can read the decision, and it was issued by a unit inside the subtrees where the caller may
 * perform the change's `action`, or by an ancestor of one of those subtrees (a province's decision applies to its
 * communes, the centre's to all). This is the decision scope for that action, the same meaning every decision read
 * has, decided in SQL (DESIGN.md principle 3: scope lives in the query). A sibling commune's decision is not usable by
 * an officer of another commune.
 *
 * A decision that is missing and one that is out of scope give the same answer: DECISION_NOT_FOUND with the field
 * and the id the request sent, so no decision id can be probed. Call it inside the command's transaction, before
 * anything is written, so a refusal changes nothing.
 */
export async function requireUsableDecision(
  db: Executor, caller: Caller, decisionId: number, options: { action: Action; field?: string },
): Promise<Decision> {
  const read = scopeOf(caller, 'decision.read');
  const row = options.action === 'decision.read'
    ? await findDecision(db, decisionId, read)
    : await findDecision(db, decisionId, read, scopeOf(caller, options.action));
  if (!row) throw new AppError('DECISION_NOT_FOUND', { field: options.field ?? 'decisionId', decisionId });
  return toDecision(row);
}
