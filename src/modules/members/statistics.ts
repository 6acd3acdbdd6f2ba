/**
 * What the member registry counts for the statistics (issue 12; DOMAIN.md §8, the forms of 11-HD/BTCTW): members on a
 * date by status and by the record's dimensions, and the changes over a period (admitted, re-admitted, registered,
 * transferred in and out, moved in and out by restructuring, removed, expelled, died, recognized, exempted), each on
 * the tree as it stood on its own date, in the caller's scope.
 *
 * Counted from the raw history (placements, events and unit versions), the same rules as the headcount
 * (`countAsOf`): a member counts on D in the cell of the official placement in force on D, with the status of the
 * latest status event on or before D (probationary, official, exempted; a temporary guest is not counted at the host,
 * 294-QĐ/TW Art. 8). Flows are defined so that the stock on the period's last day is the stock on the eve of its first
 * day plus what came in minus what went out (the tests check the balance): a placement [a, b) enters on a and leaves
 * on b. The record's other fields (sex, ethnicity, levels, occupation) are read as the record holds them now.
 */
import { sql, type RawBuilder } from 'kysely';
import type { StatisticsAsk, StatisticsDimension, StatisticsMemberRow, StatisticsPick, StatisticsRow, StatisticsSource } from '../../http/context.ts';
import { pathInScope, versionInForce, type BackgroundTask, type DailyJob, type Executor } from '../../kernel/index.ts';
import {
  EDUCATION_LEVELS, ETHNIC_GROUPS, OCCUPATIONS, POLITICAL_THEORY_LEVELS, PROFESSIONAL_LEVELS, RELIGIONS, SEXES, type ReferenceItem,
} from '../../contracts/member-reference.ts';
import { ORG_SECTORS } from '../../contracts/org-kinds.ts';
import { statisticsEditionFor, type StatisticsEdition } from '../../rules/statistics-editions.ts';

const ACTIVE = ['probationary', 'official', 'exempted'] as const;
const KINH = ETHNIC_GROUPS[0].code;
const UNKNOWN = { key: 'unknown', label: { vi: 'Chưa ghi', en: 'Not recorded' } };
const fromReference = (items: readonly ReferenceItem[]) => [...items.map((item) => ({ key: item.code, label: { vi: item.vi, en: item.en } })), UNKNOWN];
const yesNo = [{ key: 'yes', label: { vi: 'Có', en: 'Yes' } }, { key: 'no', label: { vi: 'Không', en: 'No' } }];

/** The record's dimensions: key → its label, values, and its SQL on `m` (the member) at the date `d`. */
const RECORD_DIMENSIONS = {
  sex: { label: { vi: 'Giới tính', en: 'Sex' }, values: () => fromReference(SEXES), sql: () => sql`m.sex` },
  ageBand: {
    label: { vi: 'Độ tuổi', en: 'Age band' },
    values: (edition: StatisticsEdition) => edition.ageBands.map((band) => ({ key: band.key, label: { vi: band.vi, en: band.en } })),
    sql: (d: RawBuilder<unknown>, edition: StatisticsEdition) => {
      const age = sql`date_part('year', age(${d}, m.birth_date))`;
      const bands = edition.ageBands.filter((band) => band.upTo !== null).map((band) => sql`when ${age} <= ${band.upTo} then ${band.key}`);
      return sql`case ${sql.join(bands, sql` `)} else ${edition.ageBands[edition.ageBands.length - 1].key} end`;
    },
  },
  ethnicity: { label: { vi: 'Dân tộc', en: 'Ethnicity' }, values: () => fromReference(ETHNIC_GROUPS), sql: () => sql`coalesce(m.ethnicity, 'unknown')` },
  /** Ethnic minorities (dân tộc thiểu số): any group but Kinh (the list's first, code 01). */
  minority: { label: { vi: 'Dân tộc thiểu số', en: 'Ethnic minority' }, values: () => yesNo, sql: () => sql`case when m.ethnicity is not null and m.ethnicity <> ${KINH} then 'yes' else 'no' end` },
  religion: { label: { vi: 'Tôn giáo', en: 'Religion' }, values: () => fromReference(RELIGIONS), sql: () => sql`coalesce(m.religion, 'unknown')` },
  /** Believers (đảng viên là người có đạo): any religion recorded but none. */
  believer: { label: { vi: 'Người có đạo', en: 'Believer' }, values: () => yesNo, sql: () => sql`case when m.religion is not null and m.religion <> 'none' then 'yes' else 'no' end` },
  educationLevel: { label: { vi: 'Giáo dục phổ thông', en: 'General education' }, values: () => fromReference(EDUCATION_LEVELS), sql: () => sql`coalesce(m.education_level, 'unknown')` },
  professionalLevel: { label: { vi: 'Chuyên môn, nghiệp vụ', en: 'Professional level' }, values: () => fromReference(PROFESSIONAL_LEVELS), sql: () => sql`coalesce(m.professional_level, 'unknown')` },
  theoryLevel: { label: { vi: 'Lý luận chính trị', en: 'Political theory' }, values: () => fromReference(POLITICAL_THEORY_LEVELS), sql: () => sql`coalesce(m.theory_level, 'unknown')` },
  occupation: { label: { vi: 'Nghề nghiệp', en: 'Occupation' }, values: () => fromReference(OCCUPATIONS), sql: () => sql`coalesce(m.occupation, 'unknown')` },
} as const;
type RecordDimension = keyof typeof RECORD_DIMENSIONS;
const RECORD_KEYS = Object.keys(RECORD_DIMENSIONS) as RecordDimension[];

/**
 * Where an admitted member came from (nguồn kết nạp, as the reports quote "283 students and 1,061 people from private
 * enterprises"): students by their occupation, else the sector of the grassroots organization that admitted them on
 * that day (the cell's own for a grassroots cell, else its nearest ancestor's that has one: a cell under a grassroots
 * committee carries none, and was counted "not recorded" before migration 0046).
 */
const SOURCE_DIMENSION = {
  key: 'source',
  label: { vi: 'Nguồn kết nạp', en: 'Source of admission' },
  values: [{ key: 'student', label: { vi: 'Học sinh, sinh viên', en: 'Students' } },
    ...Object.entries(ORG_SECTORS).map(([key, label]) => ({ key, label })), UNKNOWN],
};

const STATUS_MEASURES = [
  { key: 'members', label: { vi: 'Đảng viên', en: 'Members' } },
  { key: 'probationary', label: { vi: 'Đảng viên dự bị', en: 'Probationary members' } },
  { key: 'official', label: { vi: 'Đảng viên chính thức', en: 'Official members' } },
  { key: 'exempted', label: { vi: 'Đảng viên được miễn sinh hoạt', en: 'Exempted members' } },
] as const;

/** Changes counted from one event each: the measure and the event kinds it counts. */
const EVENT_FLOWS = [
  { key: 'admitted', kinds: ['admission'], label: { vi: 'Kết nạp', en: 'Admitted' } },
  { key: 'readmitted', kinds: ['readmission'], label: { vi: 'Kết nạp lại', en: 'Re-admitted' } },
  { key: 'registered', kinds: ['registration'], label: { vi: 'Đưa vào sổ (nhập hồ sơ)', en: 'Registered (records entered)' } },
  // On the day probation ended, from which the member is official even when the decision came later (DOMAIN.md §2).
  { key: 'recognized', kinds: ['recognition'], label: { vi: 'Công nhận chính thức (từ ngày hết thời hạn dự bị)', en: 'Recognized as official (from the end of probation)' } },
  { key: 'exemptedStarted', kinds: ['exemption'], label: { vi: 'Miễn sinh hoạt', en: 'Exempted' } },
  { key: 'removed', kinds: ['removal', 'probation_refused'], label: { vi: 'Xóa tên', en: 'Removed from the list' } },
  { key: 'expelled', kinds: ['expulsion'], label: { vi: 'Khai trừ', en: 'Expelled' } },
  { key: 'died', kinds: ['death'], label: { vi: 'Từ trần', en: 'Died' } },
] as const;
/** Changes counted from placements: a member entering or leaving the subtree. */
const MOVE_FLOWS = [
  { key: 'transferredIn', label: { vi: 'Chuyển đến', en: 'Transferred in' } },
  { key: 'transferredOut', label: { vi: 'Chuyển đi', en: 'Transferred out' } },
  { key: 'restructuredIn', label: { vi: 'Đến do sắp xếp tổ chức', en: 'In by restructuring' } },
  { key: 'restructuredOut', label: { vi: 'Đi do sắp xếp tổ chức', en: 'Out by restructuring' } },
] as const;

/** The unit directly under the asked one that a path lies in (null: the path is the asked unit's own). */
function childOf(path: RawBuilder<unknown> | string, prefix: RawBuilder<unknown> | string) {
  const ref = (value: RawBuilder<unknown> | string) => (typeof value === 'string' ? sql.ref(value) : value);
  return sql`nullif(split_part(substr(${ref(path)}, length(${ref(prefix)}) + 1), '/', 1), '')::bigint`;
}

/** `path` lies at or under `prefix` (paths are '/1/12/345/': ids and slashes only). */
function under(path: string, prefix: string) {
  return sql`left(${sql.ref(path)}, length(${sql.ref(prefix)})) = ${sql.ref(prefix)}`;
}

function dimensionSql(by: string | null, date: RawBuilder<unknown>, edition: StatisticsEdition, sector?: RawBuilder<unknown>) {
  if (by === null) return sql`null::text`;
  if (by === 'source') return sector ? sql`case when m.occupation = 'student' then 'student' else coalesce(${sector}, 'unknown') end` : sql`null::text`;
  return RECORD_DIMENSIONS[by as RecordDimension].sql(date, edition);
}

/** The dimensions' columns of a fact: the first as `value`, the others as `value_1`, `value_2`… (one read, many breakdowns). */
function valuesSql(dims: readonly (string | null)[], date: RawBuilder<unknown>, edition: StatisticsEdition, sector?: RawBuilder<unknown>) {
  return sql.join(dims.map((dim, index) => sql`${dimensionSql(dim, date, edition, sector)} as ${sql.ref(index === 0 ? 'value' : `value_${index}`)}`));
}

/** Rows of every dimension at once (no child breakdown): grouped by the measure alone and by each dimension's column. */
async function groupedByEach(db: Executor, inner: RawBuilder<unknown>, dims: readonly string[]): Promise<StatisticsRow[]> {
  const columns = dims.map((_, index) => (index === 0 ? 'value' : `value_${index}`));
  const sets = [sql`(measure)`, ...columns.map((column) => sql`(measure, ${sql.ref(column)})`)];
  const result = await sql<Record<string, string | number | null>>`
    select measure, ${sql.join(columns.map((column) => sql`${sql.ref(column)}, grouping(${sql.ref(column)}) as ${sql.ref(`g_${column}`)}`))}, count(*)::int as n
    from (${inner}) facts group by grouping sets (${sql.join(sets)})`.execute(db);
  return result.rows.map((row) => {
    const index = columns.findIndex((column) => Number(row[`g_${column}`]) === 0);
    return { measure: String(row.measure), by: index < 0 ? null : dims[index], value: index < 0 ? null : (row[columns[index]] as string | null), unitId: null, count: Number(row.n) };
  });
}

/** "members" is every active status together. */
function withMembersTotal(rows: StatisticsRow[]): StatisticsRow[] {
  const totals = new Map<string, StatisticsRow>();
  for (const row of rows) {
    if (!(ACTIVE as readonly string[]).includes(row.measure)) continue;
    const key = `${row.unitId}|${row.by ?? null}|${row.value}`;
    const total = totals.get(key) ?? { measure: 'members', by: row.by ?? null, value: row.value, unitId: row.unitId, count: 0 };
    total.count += row.count;
    totals.set(key, total);
  }
  return [...rows, ...totals.values()];
}

/** Rows grouped by (measure, child?, value?) in every combination the answer needs: totals, by value, by child, both. */
const GROUPINGS = sql`grouping sets ((measure), (measure, value), (measure, child), (measure, child, value))`;

async function grouped(db: Executor, inner: RawBuilder<unknown>, ask: StatisticsAsk): Promise<StatisticsRow[]> {
  const result = await sql<{ measure: string; child: string | null; value: string | null; n: number; g_child: number; g_value: number }>`
    select measure, child, value, count(*)::int as n, grouping(child) as g_child, grouping(value) as g_value
    from (${inner}) facts group by ${GROUPINGS}`.execute(db);
  return result.rows
    .filter((row) => (ask.by !== null || row.g_value === 1) && (ask.children || row.g_child === 1))
    // Grouped by child, members placed in the asked unit itself (a cell) have none: its total says them already.
    .filter((row) => row.g_child === 1 || row.child !== null)
    .map((row) => ({ measure: row.measure, value: row.g_value === 1 ? null : row.value, unitId: row.g_child === 1 ? null : Number(row.child), count: row.n }));
}

/** The path of the asked unit on the date (none: it did not exist then). */
async function pathOn(db: Executor, unitId: number, date: string): Promise<string | null> {
  const unit = await sql<{ path: string }>`select path from org_unit_versions u where u.unit_id = ${unitId} and ${versionInForce('u', date)}`.execute(db);
  return unit.rows[0]?.path ?? null;
}

/** One row per member counted on the date: the member, the cell, the status (the measure), the child, the value. */
function stockFacts(ask: StatisticsAsk, date: string, prefix: string, dims: readonly (string | null)[] = [ask.by]) {
  const edition = statisticsEditionFor(date);
  const d = sql`${date}::date`;
  return sql`
    select p.member_id, p.unit_id as cell_id, ${d} as on_date, s.status as measure, ${childOf('v.path', sql`${prefix}::text`)} as child,
      ${valuesSql(dims, d, edition)}
    from member_placements p
    join org_unit_versions v on v.unit_id = p.unit_id and ${versionInForce('v', date)}
    join org_units pu on pu.id = p.unit_id
    join members m on m.id = p.member_id
    cross join lateral (
      select e.status_after as status from member_events e
      where e.member_id = p.member_id and e.status_after is not null and e.voided_by_event_id is null and e.effective_date <= ${d}
      order by e.effective_date desc, e.id desc limit 1) s
    where p.kind = 'official' and p.voided_by_event_id is null and p.valid_from <= ${d} and (p.valid_to is null or p.valid_to > ${d})
      and left(v.path, ${prefix.length}) = ${prefix} and ${pathInScope('pu.scope_path', ask.scope)}
      and s.status in (${sql.join(ACTIVE.map((status) => sql`${status}`))})`;
}

async function stocks(db: Executor, ask: StatisticsAsk, date: string): Promise<StatisticsRow[]> {
  const prefix = await pathOn(db, ask.unitId, date);
  if (prefix === null) return [];
  return withMembersTotal(await grouped(db, stockFacts(ask, date, prefix), ask));
}

/** The stocks on the date broken down by each of `dims` (and in total), in one read of the history. */
async function stocksByEach(db: Executor, ask: StatisticsAsk, date: string, dims: readonly string[]): Promise<StatisticsRow[]> {
  const prefix = await pathOn(db, ask.unitId, date);
  if (prefix === null) return [];
  return withMembersTotal(await groupedByEach(db, stockFacts(ask, date, prefix, dims), dims));
}

/** The flows over [from, to] broken down by each of `dims` (and in total), in one read of the history. */
async function flowsByEach(db: Executor, ask: StatisticsAsk, from: string, to: string, dims: readonly string[]): Promise<StatisticsRow[]> {
  return groupedByEach(db, flowFacts(ask, from, to, dims), dims);
}

/** One row per member and change over [from, to]: the member, the cell, the day, the measure, the child, the value. */
function flowFacts(ask: StatisticsAsk, from: string, to: string, dims: readonly (string | null)[] = [ask.by]) {
  const edition = statisticsEditionFor(to);
  const f = sql`${from}::date`;
  const t = sql`${to}::date`;
  const measureOfKind = sql`case e.kind ${sql.join(EVENT_FLOWS.flatMap((flow) => flow.kinds.map((kind) => sql`when ${kind} then ${flow.key}`)), sql` `)} end`;
  const kinds = EVENT_FLOWS.flatMap((flow) => flow.kinds);
  const scoped = (column: string) => pathInScope(column, ask.scope);
  // Each event in a cell that lay under the unit on the event's date.
  const events = sql`
    select e.member_id, e.unit_id as cell_id, e.effective_date as on_date, ${measureOfKind} as measure, ${childOf('ve.path', 'vu.path')} as child,
      ${valuesSql(dims, sql`e.effective_date`, edition, sql`case when e.kind in ('admission', 'readmission') then org_grassroots_sector(ve.path, e.effective_date) else ve.sector end`)}
    from member_events e
    join org_unit_versions vu on vu.unit_id = ${ask.unitId} and ${versionInForce('vu', sql`e.effective_date`)}
    join org_unit_versions ve on ve.unit_id = e.unit_id and ${versionInForce('ve', sql`e.effective_date`)}
    join org_units eu on eu.id = e.unit_id
    join members m on m.id = e.member_id
    where e.kind in (${sql.join(kinds.map((kind) => sql`${kind}`))}) and e.voided_by_event_id is null
      and e.effective_date between ${f} and ${t} and ${under('ve.path', 'vu.path')} and ${scoped('eu.scope_path')}`;
  // A placement that starts in the subtree while the one it follows (closed by the same event) lay outside it: a
  // transfer received, or a move by restructuring (rehomed).
  const entries = sql`
    select p2.member_id, p2.unit_id as cell_id, p2.valid_from as on_date,
      case when ev.kind = 'rehomed' then 'restructuredIn' else 'transferredIn' end as measure, ${childOf('v2.path', 'vu2.path')} as child,
      ${valuesSql(dims, sql`p2.valid_from`, edition)}
    from member_placements p2
    join member_events ev on ev.id = p2.event_id
    join member_placements p1 on p1.member_id = p2.member_id and p1.closed_by_event_id = p2.event_id and p1.kind = 'official' and p1.voided_by_event_id is null
    join org_unit_versions vu2 on vu2.unit_id = ${ask.unitId} and ${versionInForce('vu2', sql`p2.valid_from`)}
    join org_unit_versions v2 on v2.unit_id = p2.unit_id and ${versionInForce('v2', sql`p2.valid_from`)}
    left join org_unit_versions vu1 on vu1.unit_id = ${ask.unitId} and ${versionInForce('vu1', sql`p1.valid_to - 1`)}
    left join org_unit_versions v1 on v1.unit_id = p1.unit_id and ${versionInForce('v1', sql`p1.valid_to - 1`)}
    join org_units pu on pu.id = p2.unit_id
    join members m on m.id = p2.member_id
    where p2.kind = 'official' and p2.voided_by_event_id is null and p2.valid_from between ${f} and ${t}
      and ${under('v2.path', 'vu2.path')} and not coalesce(${under('v1.path', 'vu1.path')}, false) and ${scoped('pu.scope_path')}`;
  const exits = sql`
    select p1.member_id, p1.unit_id as cell_id, p1.valid_to as on_date,
      case when ev.kind = 'rehomed' then 'restructuredOut' else 'transferredOut' end as measure, ${childOf('v1.path', 'vu1.path')} as child,
      ${valuesSql(dims, sql`p1.valid_to`, edition)}
    from member_placements p1
    join member_events ev on ev.id = p1.closed_by_event_id
    join member_placements p2 on p2.member_id = p1.member_id and p2.event_id = p1.closed_by_event_id and p2.kind = 'official' and p2.voided_by_event_id is null
    join org_unit_versions vu1 on vu1.unit_id = ${ask.unitId} and ${versionInForce('vu1', sql`p1.valid_to - 1`)}
    join org_unit_versions v1 on v1.unit_id = p1.unit_id and ${versionInForce('v1', sql`p1.valid_to - 1`)}
    left join org_unit_versions vu2 on vu2.unit_id = ${ask.unitId} and ${versionInForce('vu2', sql`p2.valid_from`)}
    left join org_unit_versions v2 on v2.unit_id = p2.unit_id and ${versionInForce('v2', sql`p2.valid_from`)}
    join org_units pu on pu.id = p1.unit_id
    join members m on m.id = p1.member_id
    where p1.kind = 'official' and p1.voided_by_event_id is null and p1.valid_to between ${f} and ${t}
      and ${under('v1.path', 'vu1.path')} and not coalesce(${under('v2.path', 'vu2.path')}, false) and ${scoped('pu.scope_path')}`;
  // A cell that comes under the unit (or leaves it) by restructuring takes the members it holds along: those placed
  // there before that day (a placement starting that day is counted by the move that brought it).
  const unitMoves = (direction: 'in' | 'out') => {
    const [inside, outside] = direction === 'in' ? ['v2', 'v1'] : ['v1', 'v2'];
    const [insideUnit, outsideUnit] = direction === 'in' ? ['vu2', 'vu1'] : ['vu1', 'vu2'];
    return sql`
      select p.member_id, p.unit_id as cell_id, v2.valid_from as on_date, ${direction === 'in' ? 'restructuredIn' : 'restructuredOut'}::text as measure, ${childOf(`${inside}.path`, `${insideUnit}.path`)} as child,
        ${valuesSql(dims, sql`v2.valid_from`, edition)}
      from org_unit_versions v2
      join org_unit_versions v1 on v1.unit_id = v2.unit_id and v1.valid_to = v2.valid_from and v1.voided_by_batch_id is null
      left join org_unit_versions vu2 on vu2.unit_id = ${ask.unitId} and ${versionInForce('vu2', sql`v2.valid_from`)}
      left join org_unit_versions vu1 on vu1.unit_id = ${ask.unitId} and ${versionInForce('vu1', sql`v1.valid_to - 1`)}
      join member_placements p on p.unit_id = v2.unit_id and p.kind = 'official' and p.voided_by_event_id is null
        and p.valid_from < v2.valid_from and (p.valid_to is null or p.valid_to > v2.valid_from)
      join org_units pu on pu.id = v2.unit_id
      join members m on m.id = p.member_id
      cross join lateral (
        select e.status_after as status from member_events e
        where e.member_id = p.member_id and e.status_after is not null and e.voided_by_event_id is null and e.effective_date <= v2.valid_from - 1
        order by e.effective_date desc, e.id desc limit 1) s
      where v2.voided_by_batch_id is null and v2.valid_from between ${f} and ${t} and v2.kind in ('cell', 'grassroots_cell')
        and coalesce(${under(`${inside}.path`, `${insideUnit}.path`)}, false) and not coalesce(${under(`${outside}.path`, `${outsideUnit}.path`)}, false)
        and ${scoped('pu.scope_path')} and s.status in (${sql.join(ACTIVE.map((status) => sql`${status}`))})`;
  };
  const moves = sql`${entries} union all ${exits} union all ${unitMoves('in')} union all ${unitMoves('out')}`;
  return sql`${events} union all ${moves}`;
}

async function flows(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]> {
  return grouped(db, flowFacts(ask, from, to), ask);
}

/**
 * The members one figure counts (drill-down to people), by member id after `after`: for a stock its members on the
 * date ("members": any active status), for a flow those the change counted (a member it counted twice appears once,
 * on the first day).
 */
async function members(db: Executor, ask: StatisticsAsk, pick: StatisticsPick, page: { after: number; limit: number }): Promise<StatisticsMemberRow[]> {
  let facts;
  if (pick.kind === 'stock') {
    const prefix = await pathOn(db, ask.unitId, pick.date);
    if (prefix === null) return [];
    facts = stockFacts(ask, pick.date, prefix);
  } else {
    facts = flowFacts(ask, pick.from, pick.to);
  }
  const measures = pick.measure === 'members' ? [...ACTIVE] : [pick.measure];
  const result = await sql<{ member_id: number; cell_id: number; on_date: string }>`
    select distinct on (f.member_id) f.member_id, f.cell_id, f.on_date::text as on_date from (${facts}) f
    where f.measure in (${sql.join(measures.map((measure) => sql`${measure}`))})
      and (${pick.value}::text is null or f.value = ${pick.value}) and f.member_id > ${page.after}
    order by f.member_id, f.on_date limit ${page.limit}`.execute(db);
  return result.rows.map((row) => ({ memberId: Number(row.member_id), cellId: Number(row.cell_id), date: row.on_date }));
}

// ---- The kept aggregates (migration 0032): what they answer, and how it is read ----

/** Dimensions kept in the aggregates by their own rows; 'minority' and 'believer' are read off ethnicity and religion. */
const KEPT_DIMENSIONS: Record<string, string> = {
  sex: 'sex', ageBand: 'ageBand', ethnicity: 'ethnicity', religion: 'religion', educationLevel: 'educationLevel',
  professionalLevel: 'professionalLevel', theoryLevel: 'theoryLevel', occupation: 'occupation', source: 'source', minority: 'ethnicity', believer: 'religion',
};
/** Units at this depth or above (the centre, the units directly under it) are kept by every dimension; below, totals. */
const KEPT_DEPTH = 2;
/** Every flow is kept: the counted events (0032) and the moves across a unit's boundary (0040). */
const KEPT_FLOW_KEYS = [...EVENT_FLOWS.map((flow) => flow.key), ...MOVE_FLOWS.map((flow) => flow.key)];

function keptValue(by: string, value: string | null): string | null {
  if (by === 'minority') return value !== null && value !== 'unknown' && value !== KINH ? 'yes' : 'no';
  if (by === 'believer') return value !== null && value !== 'unknown' && value !== 'none' ? 'yes' : 'no';
  return value;
}

/** The scope holds every unit there ever was: it holds every root of the tree (a system job, or the centre's officers). */
async function scopeHoldsTree(db: Executor, scope: StatisticsAsk['scope']): Promise<boolean> {
  if (scope.paths === null) return true;
  const roots = await sql<{ scope_path: string }>`
    select u.scope_path from org_unit_versions v join org_units u on u.id = v.unit_id where v.parent_id is null and v.voided_by_batch_id is null`.execute(db);
  return roots.rows.every((root) => scope.paths!.some((path) => root.scope_path.startsWith(path)));
}

/**
 * The units whose kept rows answer the ask on the date (the asked one, and its children when asked), or null when
 * only the raw history can: a cell (its own rows are not kept), a dimension below the kept depth, or a caller whose
 * scope leaves out some unit under the asked one on that date (the raw count leaves those units out too).
 */
async function keptUnits(db: Executor, ask: StatisticsAsk, dates: readonly string[], dims: readonly (string | null)[], holdsTree?: boolean): Promise<{ unitId: number; children: number[] } | null> {
  const withDims = dims.some((dim) => dim !== null);
  if (dims.some((dim) => dim !== null && !(dim in KEPT_DIMENSIONS))) return null;
  // Not built yet (statistics_rebuild() writes the mark), or more members queued than a read folds: the raw history answers.
  if (!await foldedForRead(db)) return null;
  // (The flows' caller has asked already: they need the whole tree.)
  const wholeTree = holdsTree ?? await scopeHoldsTree(db, ask.scope);
  for (const date of dates) {
    const unit = await sql<{ path: string; kind: string; children: string[]; child_cells: number }>`
      select v.path, v.kind,
        array(select c.unit_id::text from org_unit_versions c where c.parent_id = v.unit_id and ${versionInForce('c', date)}) as children,
        (select count(*)::int from org_unit_versions c where c.parent_id = v.unit_id and c.kind = 'cell' and ${versionInForce('c', date)}) as child_cells
      from org_unit_versions v where v.unit_id = ${ask.unitId} and ${versionInForce('v', date)}`.execute(db);
    const row = unit.rows[0];
    if (!row) return null;
    const depth = row.path.split('/').filter(Boolean).length;
    if (row.kind === 'cell' || (withDims && depth > KEPT_DEPTH)) return null;
    if (ask.children && (row.child_cells > 0 || (withDims && depth + 1 > KEPT_DEPTH))) return null;
    if (!wholeTree) {
      // Read through the paths' pattern index (0043): a scan of every version took 50–100 ms nationally.
      const outside = await sql<{ n: number }>`
        select count(*)::int as n from (select 1 from org_unit_versions v join org_units u on u.id = v.unit_id
          where v.path like ${`${row.path}%`} and ${versionInForce('v', date)} and not ${pathInScope('u.scope_path', ask.scope)} limit 1) x`.execute(db);
      if (outside.rows[0].n > 0) return null;
    }
    if (date === dates[dates.length - 1]) return { unitId: ask.unitId, children: ask.children ? row.children.map(Number) : [] };
  }
  return null;
}

type KeptRow = { unit_id: number; measure: string; dim: string; value: string | null; n: number };

/**
 * Sums of the kept rows per unit: stocks on a date, or flows over [from, to].
 *
 * A checkpoint on day c holds each key's deltas before c appended up to the mark (`statistics_checkpoint_marks`), so
 * the sum through day D is the last checkpoint c ≤ D + 1, plus the deltas of [c, D], plus the late entries (appended
 * after the mark for days before c). A stock is that sum on its date (on 31/12 it is the next day's checkpoint alone);
 * a flow over [from, to] is the sum through `to` less the sum through the eve of `from`, each from the flows'
 * checkpoints (migration 0043) where one lies inside the period, else the period's deltas.
 */
async function keptSums(db: Executor, unitIds: readonly number[], measures: readonly string[], dims: readonly string[], range: { stockOn: string } | { from: string; to: string }): Promise<KeptRow[]> {
  const units = sql`${[...unitIds]}::bigint[]`;
  const measureList = sql`${[...measures]}::text[]`;
  const dimList = sql`${['', ...new Set(dims.map((dim) => KEPT_DIMENSIONS[dim]))]}::text[]`;
  const keys = (alias: string) => sql`${sql.ref(`${alias}.measure`)} = any(${measureList}) and ${sql.ref(`${alias}.dim`)} = any(${dimList})`;
  // The mark as a value, not a join: the planner then sees how few deltas lie past it and reads them by id.
  const marks = (await sql<{ through: string; generation: string }>`
    select coalesce(max(through_id), 0) as through, coalesce(max(generation), 0) as generation from statistics_checkpoint_marks`.execute(db)).rows[0];
  const through = Number(marks.through);
  // The checkpoints of that mark's generation (0044): a build under way writes another generation beside them. Were
  // they gone, the sums below would read the deltas alone, exact too.
  const mark = sql`${Number(marks.generation)}::bigint`;
  if ('from' in range) {
    const from = sql`${range.from}::date`;
    const to = sql`${range.to}::date`;
    const result = await sql<KeptRow>`
      select u.id as unit_id, x.measure, x.dim, x.value, sum(x.n)::int as n
      from unnest(${units}) as u(id)
      cross join lateral (
        select (select max(k.on_date) from statistics_member_flow_checkpoints k where k.generation = ${mark} and k.unit_id = u.id and k.on_date <= ${to} + 1) as ct,
          (select max(k.on_date) from statistics_member_flow_checkpoints k where k.generation = ${mark} and k.unit_id = u.id and k.on_date <= ${from}) as cf) c0
      -- Checkpoints only where one lies inside the period (else the period's deltas are fewer to read).
      cross join lateral (select case when c0.ct > ${from} then c0.ct end as ct, coalesce(c0.cf, '-infinity'::date) as cf) c
      cross join lateral (
        select d.measure, d.dim, d.value, d.delta as n from statistics_member_deltas d
        where c.ct is null and d.unit_id = u.id and d.on_date between ${from} and ${to} and ${keys('d')}
        union all
        select k.measure, k.dim, k.value, k.count from statistics_member_flow_checkpoints k
        where c.ct is not null and k.generation = ${mark} and k.unit_id = u.id and k.on_date = c.ct and ${keys('k')}
        union all
        select k.measure, k.dim, k.value, -k.count from statistics_member_flow_checkpoints k
        where c.ct is not null and k.generation = ${mark} and k.unit_id = u.id and k.on_date = c.cf and ${keys('k')}
        union all
        select d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
        where c.ct is not null and d.unit_id = u.id and d.on_date >= c.ct and d.on_date <= ${to} and ${keys('d')}
        union all
        select d.measure, d.dim, d.value, -d.delta from statistics_member_deltas d
        where c.ct is not null and d.unit_id = u.id and d.on_date >= c.cf and d.on_date < ${from} and ${keys('d')}
        union all
        select d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
        where c.ct is not null and d.id > ${through}::bigint and d.unit_id = u.id and d.on_date >= c.cf and d.on_date < c.ct and ${keys('d')}
      ) x
      group by 1, 2, 3, 4`.execute(db);
    return result.rows;
  }
  const date = sql`${range.stockOn}::date`;
  const result = await sql<KeptRow>`
    select u.id as unit_id, x.measure, x.dim, x.value, sum(x.n)::int as n
    from unnest(${units}) as u(id)
    cross join lateral (select max(k.on_date) as cp from statistics_member_checkpoints k where k.generation = ${mark} and k.unit_id = u.id and k.on_date <= ${date} + 1) c
    cross join lateral (
      select k.measure, k.dim, k.value, k.count as n from statistics_member_checkpoints k
      where k.generation = ${mark} and k.unit_id = u.id and k.on_date = c.cp and ${keys('k')}
      union all
      select d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
      where d.unit_id = u.id and d.on_date >= coalesce(c.cp, '-infinity'::date) and d.on_date <= ${date} and ${keys('d')}
      union all
      select d.measure, d.dim, d.value, d.delta from statistics_member_deltas d
      where c.cp is not null and d.id > ${through}::bigint and d.unit_id = u.id and d.on_date < c.cp and ${keys('d')}
    ) x
    group by 1, 2, 3, 4`.execute(db);
  return result.rows;
}

/** The kept sums as the raw count's rows: for the asked unit (unitId null) and its children, by `by` or in total. */
function keptRows(rows: readonly KeptRow[], askedId: number, dims: readonly (string | null)[], tagBy: boolean): StatisticsRow[] {
  const out = new Map<string, StatisticsRow>();
  for (const dim of dims) {
    const stored = dim === null ? '' : KEPT_DIMENSIONS[dim];
    for (const row of rows) {
      if (row.dim !== stored) continue;
      const unitId = Number(row.unit_id) === askedId ? null : Number(row.unit_id);
      const value = dim === null ? null : keptValue(dim, row.value);
      const key = `${row.measure}|${unitId}|${dim}|${value}`;
      const total = out.get(key) ?? { measure: row.measure, value, unitId, count: 0, ...(tagBy ? { by: dim } : {}) };
      total.count += Number(row.n);
      out.set(key, total);
    }
  }
  return [...out.values()].filter((row) => row.count !== 0);
}

async function keptStocks(db: Executor, ask: StatisticsAsk, date: string): Promise<StatisticsRow[]> {
  const dims = ask.by === null ? [null] : [null, ask.by];
  const units = await keptUnits(db, ask, [date], dims);
  if (!units) return stocks(db, ask, date);
  const rows = await keptSums(db, [units.unitId, ...units.children], ACTIVE, ask.by === null ? [] : [ask.by], { stockOn: date });
  return withMembersTotal(keptRows(rows, units.unitId, dims, false));
}

/**
 * The members of a unit's subtree on a date by status, from the kept aggregates: the headcount's official placements
 * (the same facts, the same rules as `countAsOf`), in a few reads instead of one per placement (a province's headcount
 * 110–150 ms raw). Null when only the raw history can answer (a cell, not built, too much queued, a caller whose scope
 * leaves out a unit under it on the date): the caller counts raw then.
 */
export async function keptStatusCounts(db: Executor, unitId: number, date: string, scope: StatisticsAsk['scope']): Promise<Record<(typeof ACTIVE)[number], number> | null> {
  const units = await keptUnits(db, { unitId, scope, by: null, children: false }, [date], [null]);
  if (!units) return null;
  const counts = { probationary: 0, official: 0, exempted: 0 };
  for (const row of await keptSums(db, [unitId], ACTIVE, [], { stockOn: date })) {
    if (row.dim === '' && row.measure in counts) counts[row.measure as keyof typeof counts] += Number(row.n);
  }
  return counts;
}

async function keptStocksByEach(db: Executor, ask: StatisticsAsk, date: string, dims: readonly string[]): Promise<StatisticsRow[]> {
  const units = await keptUnits(db, { ...ask, children: false }, [date], dims);
  if (!units) return stocksByEach(db, ask, date, dims);
  const rows = await keptSums(db, [units.unitId], ACTIVE, dims, { stockOn: date });
  return withMembersTotal(keptRows(rows, units.unitId, [null, ...dims], true));
}

/**
 * Flows from the kept aggregates need every unit under the asked one, on every day of the period, in the caller's
 * scope: checked on its first and last day, and the caller's scope must hold a root of the tree (else the raw count).
 */
async function flowsKeptUnits(db: Executor, ask: StatisticsAsk, from: string, to: string, dims: readonly (string | null)[]) {
  // By children: the children of each event's day, which the kept rows of the last day's children do not list.
  if (ask.children) return null;
  // Every version of the unit over the period must be kept by the dimensions asked (not a cell, not too deep).
  const withDims = dims.some((dim) => dim !== null);
  const unkept = await sql<{ n: number }>`
    select count(*)::int as n from org_unit_versions v where v.unit_id = ${ask.unitId} and v.voided_by_batch_id is null
      and v.valid_from <= ${to}::date and (v.valid_to is null or v.valid_to > ${from}::date)
      and (v.kind = 'cell' or (${withDims} and array_length(string_to_array(trim(both '/' from v.path), '/'), 1) > ${KEPT_DEPTH}))`.execute(db);
  if (unkept.rows[0].n > 0) return null;
  if (!await scopeHoldsTree(db, ask.scope)) return null;
  return keptUnits(db, ask, [from, to], dims, true);
}

async function keptFlows(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]> {
  const dims = ask.by === null ? [null] : [null, ask.by];
  const units = await flowsKeptUnits(db, ask, from, to, dims);
  if (!units) return flows(db, ask, from, to);
  const rows = await keptSums(db, [units.unitId, ...units.children], KEPT_FLOW_KEYS, ask.by === null ? [] : [ask.by], { from, to });
  return keptRows(rows, units.unitId, dims, false);
}

async function keptFlowsByEach(db: Executor, ask: StatisticsAsk, from: string, to: string, dims: readonly string[]): Promise<StatisticsRow[]> {
  const units = await flowsKeptUnits(db, { ...ask, children: false }, from, to, dims);
  if (!units) return flowsByEach(db, ask, from, to, dims);
  const rows = await keptSums(db, [units.unitId], KEPT_FLOW_KEYS, dims, { from, to });
  return keptRows(rows, units.unitId, [null, ...dims], true);
}

/**
 * The most queued members a read folds before answering from the kept aggregates; with more queued it counts from the
 * raw history (as fast as the fold of about this many members, measured on the province dataset: NOTES.md, "Speed").
 */
export const READ_FOLD_LIMIT = 2_000;
/** Members a background fold takes in one transaction. */
export const FOLD_BATCH = 500;

/**
 * True when the kept aggregates may answer a read: built, and nothing queued once the queue is folded here (at most
 * READ_FOLD_LIMIT members, waiting for the folds under way so as to see what they write); false when the raw history
 * must answer (not built, too many queued, or a change of the tree, a rebuild or the checkpoints under way).
 */
async function foldedForRead(db: Executor): Promise<boolean> {
  const result = await sql<{ ready: boolean }>`select statistics_fold_for_read(${READ_FOLD_LIMIT}::int) as ready`.execute(db);
  return result.rows[0].ready;
}

/** Folds up to `limit` queued members in one transaction (those another fold holds are left to it); returns how many. */
export async function foldMemberStatistics(db: Executor, limit = FOLD_BATCH): Promise<number> {
  const result = await sql<{ folded: number }>`select statistics_fold(${limit}::int) as folded`.execute(db);
  return Number(result.rows[0].folded);
}

/** The members queued and not yet folded. */
export async function pendingMemberStatistics(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from statistics_pending_members`.execute(db);
  return Number(result.rows[0].n);
}

/**
 * Folds the queue in transactions of `batch` members until a fold takes fewer (the queue is empty, or the rest is
 * held by other folds or a change of the tree) or `maxMs` has passed; returns how many it folded.
 */
export async function foldAllMemberStatistics(db: Executor, options: { batch?: number; maxMs?: number } = {}): Promise<number> {
  const batch = options.batch ?? FOLD_BATCH;
  const until = performance.now() + (options.maxMs ?? Number.POSITIVE_INFINITY);
  let folded = 0;
  for (;;) {
    const count = await foldMemberStatistics(db, batch);
    folded += count;
    if (count < batch || performance.now() >= until) return folded;
  }
}

/** `cellbase serve` folds the queue every few seconds, in transactions of FOLD_BATCH members, for at most a minute a run. */
export const memberStatisticsFold: BackgroundTask = {
  key: 'statistics-fold',
  everyMs: 3_000,
  run: (db) => foldAllMemberStatistics(db, { maxMs: 60_000 }),
};

/**
 * After a bulk load (the demo data), when the kept aggregates are built: the load queued every member it wrote. They
 * are folded at once, in transactions of 5,000 members (about 2,000 members a second here, several times faster than
 * `statistics_rebuild()` over the same members), when the registry holds at most `maxMembers`; beyond, the aggregates
 * are turned off until `cellbase statistics rebuild`. The checkpoints are the caller's to build after it
 * (`checkpointMemberStatistics`, as the demo does): reads are exact without them, but a stock then sums every delta of
 * its unit since the first (a province's changes form 3.7 s instead of 16 ms on the province dataset).
 */
export async function keepMemberStatisticsAfterLoad(db: Executor, maxMembers: number): Promise<'folded' | 'turned off' | 'not built'> {
  const state = await sql<{ built: boolean; members: number }>`
    select exists (select 1 from statistics_checkpoint_marks) as built, (select count(*) from members)::int as members`.execute(db);
  const { built, members } = state.rows[0];
  if (!built) return 'not built';
  if (Number(members) > maxMembers) {
    await sql`select statistics_unbuild()`.execute(db);
    return 'turned off';
  }
  await foldAllMemberStatistics(db, { batch: 5_000 });
  return 'folded';
}

/** Writes the kept aggregates again from the raw history, then their checkpoints (a long statement: no time limit). */
export async function rebuildMemberStatistics(db: Executor): Promise<void> {
  await sql`select statistics_rebuild()`.execute(db);
}

/** Builds the checkpoints again through the deltas written so far (a background task; reads stay exact without it). */
export async function checkpointMemberStatistics(db: Executor): Promise<void> {
  await sql`select statistics_checkpoint()`.execute(db);
}

/**
 * Deltas appended since the checkpoints' mark that make the daily job build them again: a stock read visits each of a
 * unit's deltas past the mark once (its late entries, through the index of migration 0045), so their number bounds a
 * read's cost (the whole tree's form 11 ms after a build, 116 ms with 500,000 past it on the province dataset).
 */
export const DELTAS_PAST_CHECKPOINT_MARK = 100_000;

/**
 * Once a day `cellbase serve` builds the checkpoints again when they are behind: a month has begun since the last
 * ones (a stock read then sums a whole month of deltas more for every month that passes), or many deltas were
 * appended since their mark, or the flows have none yet (a database built before 0043). A build (3.8 s for the province
 * dataset, 316 s for the national one: bench/README.md, "Statistics") runs beside the folds and the reads, which keep
 * reading the previous checkpoints until it commits (0044); it holds the folds' lock alone only to fix its mark.
 */
export const memberStatisticsCheckpoints: DailyJob = {
  key: 'statistics-checkpoints',
  batch: 2,
  async step(tx, today) {
    const state = await sql<{ built: boolean; latest: string | null; through: string | null; month: string; flows_missing: boolean }>`
      select exists (select 1 from statistics_checkpoint_marks) as built,
        -- A database built before 0043 has no flows' checkpoints yet.
        (not exists (select 1 from statistics_member_flow_checkpoints) and exists (select 1 from statistics_member_checkpoints where dim <> '')) as flows_missing,
        (select max(on_date)::text from statistics_member_checkpoints) as latest,
        (select max(through_id)::text from statistics_checkpoint_marks) as through,
        date_trunc('month', ${today}::date)::date::text as month`.execute(tx);
    const { built, latest, through, month, flows_missing: flowsMissing } = state.rows[0];
    if (!built) return 0;
    const past = Number((await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from statistics_member_deltas where id > ${through ?? 0}::bigint limit ${DELTAS_PAST_CHECKPOINT_MARK}) x`.execute(tx)).rows[0].n);
    const hasDeltas = (await sql<{ any: boolean }>`select exists (select 1 from statistics_member_deltas) as any`.execute(tx)).rows[0].any;
    if (!hasDeltas || (latest !== null && latest >= month && past < DELTAS_PAST_CHECKPOINT_MARK && !flowsMissing)) return 0;
    await sql`set local statement_timeout = 0`.execute(tx);
    await checkpointMemberStatistics(tx);
    return 1;
  },
};

/** The reference: every figure counted from the raw history (the tests and the benchmark compare the kept aggregates with it). */
export const memberStatisticsFromRaw: StatisticsSource = {
  key: 'members',
  label: { vi: 'Đảng viên', en: 'Members' },
  measures: [
    ...STATUS_MEASURES.map((measure) => ({ ...measure, kind: 'stock' as const, dimensions: RECORD_KEYS })),
    ...EVENT_FLOWS.map((flow) => ({ key: flow.key, label: flow.label, kind: 'flow' as const, dimensions: flow.key === 'admitted' || flow.key === 'readmitted' ? [...RECORD_KEYS, 'source'] : RECORD_KEYS })),
    ...MOVE_FLOWS.map((flow) => ({ ...flow, kind: 'flow' as const, dimensions: RECORD_KEYS })),
  ],
  dimensions(date: string): StatisticsDimension[] {
    const edition = statisticsEditionFor(date);
    return [
      ...RECORD_KEYS.map((key) => ({ key, label: RECORD_DIMENSIONS[key].label, values: RECORD_DIMENSIONS[key].values(edition) })),
      SOURCE_DIMENSION,
    ];
  },
  stocks,
  flows,
  stocksByEach,
  flowsByEach,
  members,
};

/** The registry's statistics: from the kept aggregates where they answer exactly, else from the raw history. */
export const memberStatistics: StatisticsSource = {
  ...memberStatisticsFromRaw,
  stocks: keptStocks,
  flows: keptFlows,
  stocksByEach: keptStocksByEach,
  flowsByEach: keptFlowsByEach,
};
