/**
 * Reading the journal: per object, or filtered by unit subtree, action, dates and account; newest first and
 * keyset-paged on id. Scope is applied in SQL on `journal.unit_id`: an entry is visible when its unit lies in one of
 * the caller's `journal.read` subtrees. Entries without a unit (account-wide events) are visible only to callers
 * whose scope is a whole tree (a grant on a root unit).
 */
import { sql, type SqlBool } from 'kysely';
import { decodeCursor, encodeCursor, pathInScope, scopeOf, scopePrefixes, type Caller, type Executor } from '../../kernel/index.ts';
import { escapeLike } from '../../access/scope.ts';
import { AppError } from '../../contracts/errors.ts';
import { INVALID_CURSOR_TEXT } from '../../contracts/validation.ts';
import { JOURNAL_TOTAL_CAP, type JournalPage, type JournalQuery } from '../../contracts/decisions.ts';
import { addDays } from '../../lib/dates.ts';
import { namesForEntries } from './object-names.ts';

/** Vietnam is UTC+7 all year: a calendar day there starts at 17:00 UTC the day before. */
function vietnamDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}

const CURSOR_FIELD = 'querystring.cursor';

export async function readJournal(db: Executor, caller: Caller, query: JournalQuery): Promise<JournalPage> {
  if (query.from && query.to && query.from > query.to) throw new AppError('DATE_RANGE_INVALID', { from: query.from, to: query.to });
  const scope = scopeOf(caller, 'journal.read');
  const prefixes = scopePrefixes(scope);
  const wholeTree = prefixes === null || prefixes.some((path) => path.split('/').filter(Boolean).length === 1);
  let beforeId: number | undefined;
  if (query.cursor !== undefined) {
    [beforeId] = decodeCursor(query.cursor, ['number'], CURSOR_FIELD);
    if (beforeId <= 0) throw new AppError('VALIDATION_FAILED', { issues: [{ path: CURSOR_FIELD, message: INVALID_CURSOR_TEXT }] });
  }
  let subtree: string | undefined;
  if (query.unitId !== undefined) {
    const unit = await db.selectFrom('org_units as u').select('u.scope_path').where('u.id', '=', query.unitId).where(pathInScope('u.scope_path', scope)).executeTakeFirst();
    if (!unit) throw new AppError('NOT_FOUND', { unitId: query.unitId });
    subtree = unit.scope_path;
  }

  let select = db
    .selectFrom('journal as j')
    .leftJoin('accounts as a', 'a.id', 'j.account_id')
    .leftJoin('decisions as d', 'd.id', 'j.decision_id')
    .select(['j.id', 'j.recorded_at', 'j.account_id', 'a.display_name as account_name', 'j.action', 'j.object_type', 'j.object_id', 'j.unit_id',
      'j.effective_date', 'j.decision_id', 'd.number as decision_number', 'j.reason', 'j.before', 'j.after', 'j.request_id'])
    .where((eb) => {
      const inScope = sql<SqlBool>`exists (select 1 from org_units ju where ju.id = j.unit_id and ${pathInScope('ju.scope_path', scope)})`;
      return wholeTree ? eb.or([inScope, eb('j.unit_id', 'is', null)]) : inScope;
    });
  if (subtree) select = select.where(sql<SqlBool>`exists (select 1 from org_units su where su.id = j.unit_id and su.scope_path like ${escapeLike(subtree) + '%'})`);
  if (query.objectType) select = select.where('j.object_type', '=', query.objectType);
  if (query.objectId) select = select.where('j.object_id', '=', query.objectId);
  if (query.action) select = query.action.endsWith('.') ? select.where('j.action', 'like', `${escapeLike(query.action)}%`) : select.where('j.action', '=', query.action);
  if (query.accountId !== undefined) select = select.where('j.account_id', '=', query.accountId);
  if (query.from) select = select.where('j.recorded_at', '>=', vietnamDayStart(query.from));
  if (query.to) select = select.where('j.recorded_at', '<', vietnamDayStart(addDays(query.to, 1)));
  // The total is counted once per query, with its first page, up to JOURNAL_TOTAL_CAP.
  const counting = beforeId === undefined
    ? db.selectFrom(select.clearSelect().select(sql<number>`1`.as('one')).limit(JOURNAL_TOTAL_CAP + 1).as('m')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    : null;
  if (beforeId !== undefined) select = select.where('j.id', '<', beforeId);
  const rows = await select.orderBy('j.id', 'desc').limit(query.limit + 1).execute();
  const counted = counting ? Number((await counting).n) : null;
  const page = rows.slice(0, query.limit);
  const names = await namesForEntries(db, page);
  return {
    items: page.map((row) => ({
      id: row.id,
      recordedAt: new Date(row.recorded_at).toISOString(),
      accountId: row.account_id,
      accountName: row.account_name,
      action: row.action,
      objectType: row.object_type,
      objectId: row.object_id,
      objectName: names.objectName(row.object_type, row.object_id),
      unitId: row.unit_id,
      unitName: names.unitName(row.unit_id),
      effectiveDate: row.effective_date,
      decisionId: row.decision_id,
      decisionNumber: row.decision_number,
      reason: row.reason,
      before: row.before ?? null,
      after: row.after ?? null,
      requestId: row.request_id,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor([page[page.length - 1].id]) : null,
    total: counted === null ? null : Math.min(counted, JOURNAL_TOTAL_CAP),
    totalCapped: counted !== null && counted > JOURNAL_TOTAL_CAP,
  };
}
