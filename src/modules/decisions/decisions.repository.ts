/** Decisions and their attachments: Kysely only. Scope arrives as an SQL expression on the alias `d`. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../kernel/executor.ts';

/** A decision joined onto another row as `decision_id`, `decision_number`, …: the reference the pages show, or null. */
export function decisionRefOf(row: { decision_id: number | null; decision_number: string | null; decision_signed_on: string | null; decision_issuing_body: string | null }) {
  return row.decision_id === null ? null : { id: row.decision_id, number: row.decision_number!, signedOn: row.decision_signed_on!, issuingBody: row.decision_issuing_body! };
}

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

function selectDecisions(db: Executor) {
  return db
    .selectFrom('decisions as d')
    .leftJoin('attachments as f', 'f.id', 'd.attachment_id')
    .select([
      'd.id', 'd.number', 'd.signed_on', 'd.issuing_body', 'd.issuing_unit_id', 'd.signer', 'd.subject', 'd.attachment_id', 'd.recorded_by', 'd.created_at',
      'f.filename as attachment_filename', 'f.content_type as attachment_content_type', 'f.size_bytes as attachment_size', 'f.sha256 as attachment_sha256',
    ])
    .select(sql<string | null>`(select v.name from org_unit_versions v where v.unit_id = d.issuing_unit_id and v.voided_by_batch_id is null order by v.valid_from desc limit 1)`.as('issuing_unit_name'));
}

export async function findDecision(db: Executor, decisionId: number, scope: Expression<SqlBool>): Promise<DecisionRow | undefined> {
  return selectDecisions(db).where('d.id', '=', decisionId).where(scope).executeTakeFirst();
}

export async function listDecisions(db: Executor, params: {
  scope: Expression<SqlBool>;
  text?: string;
  numberPrefix?: string;
  from?: string;
  to?: string;
  issuingSubtree?: string;
  after?: { signedOn: string; id: number };
  limit: number;
}): Promise<DecisionRow[]> {
  let query = selectDecisions(db).where(params.scope);
  if (params.text) {
    const like = `%${escape(params.text)}%`;
    query = query.where(sql<SqlBool>`(d.number_folded like ${like} or fold_vi(d.issuing_body) like ${like} or fold_vi(coalesce(d.subject, '')) like ${like})`);
  }
  if (params.numberPrefix) query = query.where('d.number_folded', 'like', `${escape(params.numberPrefix)}%`);
  if (params.from) query = query.where('d.signed_on', '>=', params.from);
  if (params.to) query = query.where('d.signed_on', '<=', params.to);
  if (params.issuingSubtree) {
    const prefix = `${escape(params.issuingSubtree)}%`;
    query = query.where(sql<SqlBool>`exists (select 1 from org_units iu where iu.id = d.issuing_unit_id and iu.scope_path like ${prefix})`);
  }
  if (params.after) query = query.where(sql<SqlBool>`(d.signed_on, d.id) < (${params.after.signedOn}::date, ${params.after.id})`);
  return query.orderBy('d.signed_on', 'desc').orderBy('d.id', 'desc').limit(params.limit).execute();
}

export async function findDuplicate(db: Executor, key: { numberFolded: string; issuingBody: string; signedOn: string }): Promise<{ id: number } | undefined> {
  return db.selectFrom('decisions').select('id')
    .where('number_folded', '=', key.numberFolded).where('issuing_body', '=', key.issuingBody).where('signed_on', '=', key.signedOn)
    .executeTakeFirst();
}

export async function insertDecision(db: Executor, values: {
  number: string; numberFolded: string; signedOn: string; issuingBody: string; issuingUnitId: number; signer: string | null; subject: string | null; recordedBy: number;
}): Promise<number> {
  const row = await db.insertInto('decisions').values({
    number: values.number, number_folded: values.numberFolded, signed_on: values.signedOn, issuing_body: values.issuingBody, issuing_unit_id: values.issuingUnitId,
    signer: values.signer, subject: values.subject, attachment_id: null, recorded_by: values.recordedBy,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAttachment(db: Executor, file: { filename: string; contentType: string; data: Buffer; sha256: string }): Promise<number> {
  const row = await db.insertInto('attachments').values({
    filename: file.filename, content_type: file.contentType, size_bytes: file.data.length, sha256: file.sha256, data: file.data,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setDecisionAttachment(db: Executor, decisionId: number, attachmentId: number): Promise<void> {
  await db.updateTable('decisions').set({ attachment_id: attachmentId }).where('id', '=', decisionId).execute();
}

export async function lockDecision(db: Executor, decisionId: number): Promise<void> {
  await sql`select id from decisions where id = ${decisionId} for update`.execute(db);
}

export async function findAttachmentData(db: Executor, attachmentId: number) {
  return db.selectFrom('attachments').select(['filename', 'content_type', 'data', 'size_bytes']).where('id', '=', attachmentId).executeTakeFirst();
}

/** The unit (not voided) with its scope path, if it lies in scope. */
export async function findIssuingUnit(db: Executor, unitId: number, scope: Expression<SqlBool>) {
  return db.selectFrom('org_units as u').select(['u.id', 'u.scope_path'])
    .where('u.id', '=', unitId)
    .where((eb) => eb.or([eb('u.end_reason', 'is', null), eb('u.end_reason', '<>', 'voided')]))
    .where(scope)
    .executeTakeFirst();
}

function escape(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
