/**
 * Decisions and their attachments: Kysely only. Every read of a decision or an issuing unit takes a `Scope`; one
 * decision is read with the kernel's `findDecision` (the same select `requireUsableDecision` uses).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { decisionInScope, issuerInScope, selectDecisions, type DecisionRow, type Db, type Executor, type Scope } from '../../kernel/index.ts';
import { readFileParts, writeFileParts } from '../../db/file-parts.ts';
import { escapeLike, pathInScope } from '../../access/scope.ts';

interface DecisionFilters {
  text?: string;
  numberPrefix?: string;
  from?: string;
  to?: string;
  issuingSubtree?: string;
}

interface DecisionPage {
  after?: { signedOn: string; id: number };
  limit: number;
}

/**
 * Whether pg_trgm takes a trigram from the pattern `%text%`: it reads a LIKE pattern word by word (letters and
 * digits), padding a word with two spaces when a separator precedes it in the pattern and one when a separator
 * follows it; a padded word shorter than three characters gives none ("a", "qd", "5-"). With none, the trigram index
 * is read whole and every decision checked again: slower than reading the table (NOTES.md, "The free-text search").
 */
function hasTrigram(text: string): boolean {
  for (const word of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const left = word.index > 0 ? 2 : 0;
    const right = word.index + word[0].length < text.length ? 1 : 0;
    if ([...word[0]].length + left + right >= 3) return true;
  }
  return false;
}

/**
 * The folded `q` (foldText) anywhere in the decision's folded number, issuing body or subject: `search_folded`, which
 * the database keeps (migration 0057: the three joined by line feeds, which neither they nor a folded `q` hold), so no
 * fold runs per row. A `like` the trigram index answers when the pattern has a trigram; else the same test as
 * `strpos`, which that index does not serve.
 */
function textMatches(text: string) {
  return hasTrigram(text)
    ? sql<SqlBool>`d.search_folded like ${`%${escapeLike(text)}%`}`
    : sql<SqlBool>`strpos(d.search_folded, ${text}) > 0`;
}

/** The conditions on where a decision lies in the list's order: after the cursor, between the dates. */
function orderConditions(params: DecisionFilters & { after?: DecisionPage['after'] }): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (params.after) conditions.push(sql<SqlBool>`(d.signed_on, d.id) < (${params.after.signedOn}::date, ${params.after.id})`);
  if (params.from) conditions.push(sql<SqlBool>`d.signed_on >= ${params.from}::date`);
  if (params.to) conditions.push(sql<SqlBool>`d.signed_on <= ${params.to}::date`);
  return conditions;
}

/** The list's other conditions on `decisions as d`: the scope first, the text last. */
function otherConditions(scope: Scope, params: DecisionFilters): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [decisionInScope(scope)];
  if (params.numberPrefix) conditions.push(sql<SqlBool>`d.number_folded like ${`${escapeLike(params.numberPrefix)}%`}`);
  if (params.issuingSubtree) {
    const prefix = `${escapeLike(params.issuingSubtree)}%`;
    conditions.push(sql<SqlBool>`exists (select 1 from org_units iu where iu.id = d.issuing_unit_id and iu.scope_path like ${prefix})`);
  }
  if (params.text) conditions.push(textMatches(params.text));
  return conditions;
}

const allOf = (conditions: Expression<SqlBool>[]) =>
  conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;

/**
 * How many of the newest decisions (after the cursor, between the dates) a text search reads first: when they hold
 * a page of matches, that page is the answer, without the index or a pass over the table (NOTES.md).
 */
const TEXT_WINDOW = 5_000;

/** A page of the list, newest first; `after` continues from a cursor. */
export async function listDecisions(db: Executor, scope: Scope, params: DecisionFilters & DecisionPage): Promise<DecisionRow[]> {
  const conditions = [...otherConditions(scope, params), ...orderConditions(params)];
  if (!params.text) {
    return selectDecisions(db).where(allOf(conditions)).orderBy('d.signed_on', 'desc').orderBy('d.id', 'desc').limit(params.limit).execute();
  }
  // The window is a prefix of the list's order whatever the scope and the text, so its first matches are the list's
  // first matches once it holds a page of them.
  const newest = await sql<{ id: number }>`
    select d.id from (
      select d.id, d.signed_on, d.issuing_unit_id, d.number_folded, d.search_folded from decisions d
      where ${allOf(orderConditions(params))} order by d.signed_on desc, d.id desc limit ${TEXT_WINDOW}
    ) d
    where ${allOf(conditions)}
    order by d.signed_on desc, d.id desc limit ${params.limit}`.execute(db);
  let ids = newest.rows.map((row) => Number(row.id));
  if (ids.length < params.limit) {
    // A rarer text: every match (from the trigram index, or one pass over the table), then the newest of them. Not a
    // walk in date order, which the planner prefers and which reads the whole table when the matches are few.
    const matching = await sql<{ id: number }>`
      with m as materialized (select d.id, d.signed_on from decisions d where ${allOf(conditions)})
      select m.id from m order by m.signed_on desc, m.id desc limit ${params.limit}`.execute(db);
    ids = matching.rows.map((row) => Number(row.id));
  }
  if (ids.length === 0) return [];
  return selectDecisions(db).where(sql<SqlBool>`d.id = any(${ids}::bigint[])`).orderBy('d.signed_on', 'desc').orderBy('d.id', 'desc').execute();
}

/** How many decisions the list holds (its filters, no cursor), counted up to `cap`. */
export async function countDecisions(db: Executor, scope: Scope, params: DecisionFilters, cap: number): Promise<number> {
  const conditions = [...otherConditions(scope, params), ...orderConditions(params)];
  const result = await sql<{ n: string }>`
    select count(*) as n from (select 1 from decisions d where ${allOf(conditions)} limit ${cap}) m`.execute(db);
  return Number(result.rows[0].n);
}

/** Decisions by id, those in scope. */
export async function findDecisionsByIds(db: Executor, ids: readonly number[], scope: Scope): Promise<DecisionRow[]> {
  if (ids.length === 0) return [];
  return selectDecisions(db).where(sql<SqlBool>`d.id = any(${[...ids]}::bigint[])`).where(decisionInScope(scope)).execute();
}

/** A decision already recorded under the same folded number, issuing body and date (they are not scoped: one record
 * per decision, whoever recorded it). */
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

/** `insertDecision` for many decisions in one statement; their ids in the order given. */
export async function insertDecisions(db: Executor, rows: readonly {
  number: string; numberFolded: string; signedOn: string; issuingBody: string; issuingUnitId: number; signer: string | null; subject: string | null; recordedBy: number;
}[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  const result = await sql<{ id: string }>`
    with r as materialized (
      select nextval(pg_get_serial_sequence('decisions', 'id')::regclass) as id, r.*
      from unnest(${column('number')}::text[], ${column('numberFolded')}::text[], ${column('signedOn')}::date[], ${column('issuingBody')}::text[],
        ${column('issuingUnitId')}::bigint[], ${column('signer')}::text[], ${column('subject')}::text[], ${column('recordedBy')}::bigint[])
        with ordinality as r(number, number_folded, signed_on, issuing_body, issuing_unit_id, signer, subject, recorded_by, ord)
    ), inserted as (
      insert into decisions (id, number, number_folded, signed_on, issuing_body, issuing_unit_id, signer, subject, attachment_id, recorded_by)
      select id, number, number_folded, signed_on, issuing_body, issuing_unit_id, signer, subject, null, recorded_by from r order by ord
      returning id
    )
    select r.id::text as id from r join inserted i on i.id = r.id order by r.ord`.execute(db);
  return result.rows.map((row) => Number(row.id));
}

/** Stores an attachment, its bytes in parts of 1 MB, one statement each (`writeFileParts`, migration 0055). */
export async function insertAttachment(db: Executor, file: { filename: string; contentType: string; data: Buffer; sha256: string }): Promise<number> {
  const row = await db.insertInto('attachments').values({
    filename: file.filename, content_type: file.contentType, size_bytes: file.data.length, sha256: file.sha256,
  }).returning('id').executeTakeFirstOrThrow();
  await writeFileParts(db, 'attachment_parts', row.id, file.data);
  return row.id;
}

/** Sets the decision's attachment, if the decision lies in scope. */
export async function setDecisionAttachment(db: Executor, decisionId: number, attachmentId: number, scope: Scope): Promise<void> {
  await db.updateTable('decisions as d').set({ attachment_id: attachmentId }).where('d.id', '=', decisionId).where(decisionInScope(scope)).execute();
}

/**
 * What decides who may attach the decision's PDF (`assertMayAttach`): whether its issuing unit lies inside the scope's
 * subtrees (not only above them), who recorded it, and its attachment now. Read under the decision's lock.
 */
export async function attachmentRights(db: Executor, decisionId: number, scope: Scope) {
  const result = await sql<{ issued_in_scope: boolean; recorded_by: number | null; attachment_id: number | null }>`
    select exists (select 1 from org_units u where u.id = d.issuing_unit_id and ${pathInScope('u.scope_path', scope)}) as issued_in_scope,
      d.recorded_by::int as recorded_by, d.attachment_id::int as attachment_id
    from decisions d where d.id = ${decisionId}`.execute(db);
  return result.rows[0];
}

/** Locks the decision's row, if it lies in scope. */
export async function lockDecision(db: Executor, decisionId: number, scope: Scope): Promise<void> {
  await sql`select d.id from decisions d where d.id = ${decisionId} and ${decisionInScope(scope)} for update`.execute(db);
}

/** The attachment's name, type and size, without its bytes (the caller found it through a decision in scope). */
export async function findAttachment(db: Executor, attachmentId: number) {
  return db.selectFrom('attachments').select(['id', 'filename', 'content_type', 'size_bytes']).where('id', '=', attachmentId).executeTakeFirst();
}

/**
 * The attachment's bytes, its parts in order through one binary COPY (`readFileParts`): selected as a column, a 20 MB
 * PDF came as 40 MB of hex taken apart in one turn of the event loop (415–553 ms in which no other request was
 * answered); this way no turn handles more than a socket chunk (23–35 ms).
 */
export async function readAttachmentData(db: Db, attachment: { id: number; size_bytes: number }): Promise<Buffer> {
  return readFileParts(db, 'attachment_parts', attachment.id, attachment.size_bytes);
}

/** The unit (not voided) with its scope path, if it may issue decisions in scope (in it, or an ancestor of it). */
export async function findIssuingUnit(db: Executor, unitId: number, scope: Scope) {
  return (await findIssuingUnits(db, [unitId], scope))[0];
}

/** `findIssuingUnit` for many units in one statement: those that may issue decisions in scope. */
export async function findIssuingUnits(db: Executor, unitIds: readonly number[], scope: Scope) {
  if (unitIds.length === 0) return [];
  return db.selectFrom('org_units as u').select(['u.id', 'u.scope_path'])
    .where(sql<SqlBool>`u.id = any(${[...new Set(unitIds)]}::bigint[])`)
    .where((eb) => eb.or([eb('u.end_reason', 'is', null), eb('u.end_reason', '<>', 'voided')]))
    .where(issuerInScope({ id: 'u.id', path: 'u.scope_path' }, scope))
    .execute();
}

export interface DecisionKey { numberFolded: string; issuingBody: string; signedOn: string }

/** `findDuplicate` for many keys in one statement: the keys already recorded, with their decisions' ids. */
export async function findDuplicates(db: Executor, keys: readonly DecisionKey[]): Promise<(DecisionKey & { id: number })[]> {
  if (keys.length === 0) return [];
  const result = await sql<{ id: number; number_folded: string; issuing_body: string; signed_on: string }>`
    select d.id, d.number_folded, d.issuing_body, d.signed_on
    from unnest(${keys.map((key) => key.numberFolded)}::text[], ${keys.map((key) => key.issuingBody)}::text[], ${keys.map((key) => key.signedOn)}::date[])
      as k(number_folded, issuing_body, signed_on)
    join decisions d on d.number_folded = k.number_folded and d.issuing_body = k.issuing_body and d.signed_on = k.signed_on`.execute(db);
  return result.rows.map((row) => ({ id: Number(row.id), numberFolded: row.number_folded, issuingBody: row.issuing_body, signedOn: row.signed_on }));
}
