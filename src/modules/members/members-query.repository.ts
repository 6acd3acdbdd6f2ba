/**
 * Kysely queries behind member lists, search, the member page and headcounts. Lists page by keyset on
 * (name_sort_key, id), the Vietnamese order, never by OFFSET.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { escapeLike } from '../../access/scope.ts';
import { pathInScope, scopeIsEmpty, scopePrefixes, versionInForce, type Executor, type Scope } from '../../kernel/index.ts';
import { MEMBER_STATUSES, type MemberStatus } from '../../contracts/members.ts';
import { givenNameKeyRanges } from '../../lib/text.ts';

/** A subtree filter on member rows, by the cheapest exact column the unit allows. */
export type SubtreeFilter =
  | { column: 'province_id' | 'superior_id' | 'grassroots_id' | 'unit_id'; unitId: number }
  | { column: 'scope_path'; path: string }
  /** The root's subtree: every member (no condition, so the planner can use the name indexes). */
  | { column: 'all' };

export interface ListFilters {
  statuses: readonly MemberStatus[];
  sex?: string;
  ethnicity?: string;
  religion?: string;
  theoryLevel?: string;
  educationLevel?: string;
  birthYearFrom?: number;
  birthYearTo?: number;
  admittedFrom?: string;
  admittedTo?: string;
  inTransit?: boolean;
  /** Folded name fragment, or an identity number. */
  name?: string;
  /** Whether the name indexes may drive the search (large subtrees); small subtrees scan their own index. */
  nameIndexes?: boolean;
  identityNumber?: string;
}

export interface Cursor {
  sortKey: string;
  id: number;
}

function subtreeCondition(alias: string, filter: SubtreeFilter): Expression<SqlBool> {
  if (filter.column === 'all') return sql<SqlBool>`true`;
  if (filter.column === 'scope_path') return sql<SqlBool>`${sql.ref(`${alias}.scope_path`)} like ${escapeLike(filter.path) + '%'}`;
  return sql<SqlBool>`${sql.ref(`${alias}.${filter.column}`)} = ${filter.unitId}`;
}

function anySubtree(alias: string, filters: readonly SubtreeFilter[]): Expression<SqlBool> {
  if (filters.length === 0) return sql<SqlBool>`false`;
  const parts = filters.map((filter) => subtreeCondition(alias, filter));
  return parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/**
 * Name search on the folded name, by btree prefix ranges only, as alternatives (any may match):
 * - `prefix`: a prefix of the full name as written ("nguyen van", "nguyen van a");
 * - `tail`: a tail of it in whole words ("van an", "an": the reversed words start with "an van"; a single word also
 *   matches as a prefix, "an" finding "Anh");
 * - for two words, family name and given name with the middle names left out ("nguyen an" finds "Nguyễn Văn An").
 *   It has two equivalent forms, each one index range with a test on the same column: `byGiven`, the given name's
 *   range on `name_reversed` ('an% %') whose last word is the family name ('% nguyen'); `byFamily`, the family name's
 *   range on `name_folded` ('nguyen % an%') whose last word begins with the given name (no space after it).
 */
interface NameAlternative {
  condition: Expression<SqlBool>;
  /** The name column whose index range holds every match. */
  column: 'name_folded' | 'name_reversed';
}

function nameAlternatives(folded: string, column: (name: string) => Expression<unknown>) {
  const words = folded.split(' ').filter(Boolean);
  const on = (name: NameAlternative['column'], condition: Expression<SqlBool>): NameAlternative => ({ condition, column: name });
  const prefix = on('name_folded', sql<SqlBool>`${column('name_folded')} like ${escapeLike(folded) + '%'}`);
  const tail = on('name_reversed', sql<SqlBool>`${column('name_reversed')} like ${`${escapeLike([...words].reverse().join(' '))}%`}`);
  if (words.length !== 2) return { prefix, tail, familyAndGiven: null };
  const [family, given] = words.map(escapeLike);
  return {
    prefix,
    tail,
    familyAndGiven: {
      byGiven: on('name_reversed', sql<SqlBool>`(${column('name_reversed')} like ${`${given}% %`} and ${column('name_reversed')} like ${`% ${family}`})`),
      byFamily: on('name_folded', sql<SqlBool>`(${column('name_folded')} like ${`${family} % ${given}%`} and ${column('name_folded')} not like ${`${family} % ${given}% %`})`),
      givenRange: on('name_reversed', sql<SqlBool>`${column('name_reversed')} like ${`${given}% %`}`),
      familyRange: on('name_folded', sql<SqlBool>`${column('name_folded')} like ${`${family} %`}`),
    },
  };
}

function nameCondition(alias: string, folded: string, useNameIndexes: boolean): Expression<SqlBool> {
  // In a small subtree (a commune, a grassroots organization, a cell: at most a few thousand members) the subtree's
  // own index is the right path; `|| ''` keeps the planner from ANDing it with a nationwide name-range bitmap.
  const column = (name: string) => useNameIndexes ? sql`${sql.ref(`${alias}.${name}`)}` : sql`(${sql.ref(`${alias}.${name}`)} || '')`;
  const { prefix, tail, familyAndGiven } = nameAlternatives(folded, column);
  return sql<SqlBool>`(${sql.join([prefix, tail, ...(familyAndGiven ? [familyAndGiven.byGiven] : [])].map((alternative) => alternative.condition), sql` or `)})`;
}

function memberFilterConditions(alias: string, filters: ListFilters): Expression<SqlBool>[] {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const conditions: Expression<SqlBool>[] = [];
  // Every status asked (a search's default) is no condition: the name indexes then answer without the table.
  const everyStatus = MEMBER_STATUSES.every((status) => filters.statuses.includes(status));
  if (filters.statuses.length > 0 && !everyStatus) conditions.push(sql<SqlBool>`${ref('status')} in (${sql.join(filters.statuses.map((status) => sql`${status}`))})`);
  if (filters.sex) conditions.push(sql<SqlBool>`${ref('sex')} = ${filters.sex}`);
  if (filters.ethnicity) conditions.push(sql<SqlBool>`${ref('ethnicity')} = ${filters.ethnicity}`);
  if (filters.religion) conditions.push(sql<SqlBool>`${ref('religion')} = ${filters.religion}`);
  if (filters.theoryLevel) conditions.push(sql<SqlBool>`${ref('theory_level')} = ${filters.theoryLevel}`);
  if (filters.educationLevel) conditions.push(sql<SqlBool>`${ref('education_level')} = ${filters.educationLevel}`);
  if (filters.birthYearFrom !== undefined) conditions.push(sql<SqlBool>`${ref('birth_year')} >= ${filters.birthYearFrom}`);
  if (filters.birthYearTo !== undefined) conditions.push(sql<SqlBool>`${ref('birth_year')} <= ${filters.birthYearTo}`);
  if (filters.admittedFrom) conditions.push(sql<SqlBool>`${ref('admission_date')} >= ${filters.admittedFrom}`);
  if (filters.admittedTo) conditions.push(sql<SqlBool>`${ref('admission_date')} <= ${filters.admittedTo}`);
  if (filters.inTransit !== undefined) conditions.push(sql<SqlBool>`${ref('in_transit')} = ${filters.inTransit}`);
  if (filters.name) conditions.push(nameCondition(alias, filters.name, filters.nameIndexes ?? true));
  if (filters.identityNumber) conditions.push(sql<SqlBool>`(${ref('citizen_id')} = ${filters.identityNumber} or ${ref('party_card_number')} = ${filters.identityNumber})`);
  return conditions;
}

function cursorCondition(alias: string, cursor: Cursor | undefined): Expression<SqlBool>[] {
  if (!cursor) return [];
  return [sql<SqlBool>`(${sql.ref(`${alias}.name_sort_key`)}, ${sql.ref(`${alias}.id`)}) > (${cursor.sortKey}, ${cursor.id})`];
}

const LIST_COLUMNS = sql`m.id, m.full_name, m.sex, m.birth_date, m.ethnicity, m.theory_level, m.admission_date, m.official_date,
  m.status, m.in_transit, m.name_sort_key, m.status_since, m.row_version`;

export interface ListRow {
  id: number;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string;
  ethnicity: string | null;
  theory_level: string | null;
  admission_date: string | null;
  official_date: string | null;
  status: MemberStatus;
  in_transit: boolean;
  name_sort_key: string;
  /** The record's current status date and version (what a command on it checks), whatever the list's date. */
  status_since: string;
  row_version: number;
  unit_id: number;
  placement: 'official' | 'temporary';
  /** The unit's current name, when the query read it with the row (saves the page a second statement). */
  unit_name?: string;
}

/** The current name of the unit `unitId` (a column reference): its latest version not voided. */
function currentUnitName(unitId: Expression<unknown>) {
  return sql<string>`(select v.name from org_unit_versions v where v.unit_id = ${unitId} and v.voided_by_batch_id is null
    order by v.valid_from desc limit 1)`;
}

/** Members taking part temporarily in the subtrees (host unit in scope), with the host: few rows, by host index. */
function temporaryGuests(scope: Scope, subtrees: readonly SubtreeFilter[]) {
  const unitCondition = sql.join(subtrees.map((filter) => filter.column === 'all' ? sql<SqlBool>`true` : filter.column === 'scope_path'
    ? sql<SqlBool>`tu.scope_path like ${escapeLike(filter.path) + '%'}`
    : filter.column === 'unit_id' ? sql<SqlBool>`tu.id = ${filter.unitId}` : sql<SqlBool>`${sql.ref(`tu.${filter.column}`)} = ${filter.unitId}`), sql` or `);
  return sql`(select distinct on (tp.member_id) tp.member_id, tp.unit_id from member_placements tp join org_units tu on tu.id = tp.unit_id
    where tp.kind = 'temporary' and tp.valid_to is null and tp.voided_by_event_id is null
      and ${pathInScope('tu.scope_path', scope)} and (${subtrees.length > 0 ? unitCondition : sql`false`})
    order by tp.member_id, tp.id desc)`;
}

/** A full-name prefix with at least this many matches is common: its matches are found by testing name order. */
export const NAME_COMMON_MATCHES = 1_000;
/** How many members in name order a common prefix tests before its matches are ranked from the name index. */
export const NAME_WALK_ROWS = 20_000;
/** How far into its family a common two-word prefix is tested when its first NAME_WALK_ROWS members miss it. */
export const NAME_DEEP_WALK_ROWS = 200_000;
/** At most this many key ranges for the spellings of a given name ("huong": 22); more, and it is ranked instead. */
export const NAME_KEY_RANGES = 48;

function compareKeys(a: { name_sort_key: string; id: number }, b: { name_sort_key: string; id: number }): number {
  // name_sort_key is compared in the "C" collation (byte order): the same as comparing code points here.
  return a.name_sort_key < b.name_sort_key ? -1 : a.name_sort_key > b.name_sort_key ? 1 : a.id - b.id;
}

/**
 * A name search in a large subtree (a province, the country), official members, in name order (migration 0016).
 * The sort key begins with the given name, then the middle names, then the family name, so how the matches of an
 * alternative (`nameAlternatives`) lie in name order depends on the query, which the planner cannot know:
 * - the matches of a tail or of a given name sit together, far into name order ("huong", "van hung"): they are
 *   ranked from their name index range, which carries the sort key, id and status (index-only; `collate "POSIX"`,
 *   the same order, keeps the planner from walking name order instead);
 * - the matches of a prefix of one or two words are spread through name order when it is a family name or family
 *   and middle ("nguyen", "tran thi"): when common (counted from the index, up to NAME_COMMON_MATCHES), members
 *   are tested in name order (the name-order indexes carry the folded names and the status), which fills a page at
 *   once; at most NAME_WALK_ROWS are tested ("nguyen t" while typing sits together), then the prefix is ranked like
 *   the rest; a prefix of three words or more names the given name: it is rare, and ranked;
 * - two words in a province or the whole country name the family in full (migrations 0018, 0019: the family's
 *   members in name order). The prefix ("tran thi") is dense there: tested without a count (at most NAME_WALK_ROWS,
 *   which costs less than a count and a second step; a rare prefix in a large family wastes a few milliseconds).
 *   Family and given name ("nguyen an") are ranges of it, one per spelling of the given name (`givenNameKeyRanges`:
 *   the sort key begins with the given name), each read in name order up to a page;
 * - elsewhere family and given name is the smaller of the two ranges (the family's or the given name's), counted
 *   like a prefix.
 * Every alternative gives its first matches in name order; the page is the first of them all, read from the table.
 */
async function officialByName(db: Executor, input: { subtrees: readonly SubtreeFilter[]; filters: ListFilters; cursor?: Cursor; limit: number }): Promise<ListRow[]> {
  const { name, ...others } = input.filters;
  const subtree = anySubtree('m', input.subtrees);
  const otherConditions = memberFilterConditions('m', others);
  const { prefix, tail, familyAndGiven } = nameAlternatives(name!, (column) => sql.ref(`m.${column}`));
  const afterCursor = input.cursor ? [sql<SqlBool>`(m.name_sort_key collate "POSIX", m.id) > (${input.cursor.sortKey}, ${input.cursor.id})`] : [];
  // Each alternative reads its own index range, in that index's order ("using ~<~", the order of text_pattern_ops):
  // left to itself the planner may walk a whole province for a range it takes for common (the matches of a given
  // name sit together, not spread as it assumes).
  const inRange = (alternative: NameAlternative, cursor: boolean) => sql`select m.id, m.name_sort_key from members m
    where ${sql.join([subtree, alternative.condition, ...otherConditions, ...(cursor ? afterCursor : [])], sql` and `)}
    order by ${sql.ref(`m.${alternative.column}`)} using ~<~`;
  const counted = (alternative: NameAlternative) => sql`(select count(*) from (${inRange(alternative, true)} limit ${NAME_COMMON_MATCHES}) s)::int`;
  type Match = { id: number; name_sort_key: string };
  const ranked = async (alternative: NameAlternative) => (await sql<Match>`
    select r.id, r.name_sort_key from (${inRange(alternative, true)}) r order by r.name_sort_key collate "POSIX", r.id limit ${input.limit}`.execute(db)).rows;
  const walked = async (alternative: NameAlternative) => (await sql<Match>`
    select m.id, m.name_sort_key from (
      select m.id, m.name_sort_key, m.name_folded, m.name_reversed from members m
      where ${sql.join([subtree, ...otherConditions, ...cursorCondition('m', input.cursor)], sql` and `)}
      order by m.name_sort_key, m.id limit ${NAME_WALK_ROWS}) m
    where ${alternative.condition} order by m.name_sort_key, m.id limit ${input.limit}`.execute(db)).rows;
  const walkedInFamily = async (family: string, rows = NAME_WALK_ROWS) => (await sql<Match>`
    select m.id, m.name_sort_key from (
      select m.id, m.name_sort_key, m.name_folded from members m
      where ${sql.join([subtree, sql<SqlBool>`split_part(m.name_folded, ' ', 1) = ${family}`, ...otherConditions, ...cursorCondition('m', input.cursor)], sql` and `)}
      order by m.name_sort_key, m.id limit ${rows}) m
    where ${prefix.condition} order by m.name_sort_key, m.id limit ${input.limit}`.execute(db)).rows;
  // A family's first members may all miss a common prefix (nationwide, the first 20,000 Nguyễn are men named An:
  // none is "nguyen thi"): tested further when common, since ranking its matches would read hundreds of thousands.
  const walkedInFamilyThenRanked = async (family: string) => {
    const rows = await walkedInFamily(family);
    if (rows.length === input.limit) return rows;
    const common = (await sql<{ n: number }>`select ${counted(prefix)} as n`.execute(db)).rows[0].n >= NAME_COMMON_MATCHES;
    const further = common ? await walkedInFamily(family, NAME_DEEP_WALK_ROWS) : [];
    return further.length === input.limit ? further : ranked(prefix);
  };
  // The tail needs no count: it starts at once, beside the counts. A name of three words or more is rare as a
  // prefix (it names the given name): no count either.
  const tailSearch = ranked(tail);
  tailSearch.catch(() => {}); // awaited below with the others; not left unobserved if the counts fail first
  const searches: Promise<Match[]>[] = [tailSearch];
  const words = name!.split(' ').filter(Boolean).length;
  if (words >= 3) searches.push(ranked(prefix));
  else {
    // The family indexes (migrations 0018, 0019) serve a province and the whole country.
    const familyIndexed = input.subtrees.length === 1 && (input.subtrees[0].column === 'province_id' || input.subtrees[0].column === 'all');
    const [familyWord, givenWord] = name!.split(' ');
    const ranges = familyAndGiven && familyIndexed ? givenNameKeyRanges(givenWord, NAME_KEY_RANGES) : null;
    if (familyAndGiven && familyIndexed && ranges) {
      // Two words: the prefix names the family in full, whose members in name order are tested without a count (at
      // most NAME_WALK_ROWS: a page of a common prefix, or all of a family that is not large), then further or
      // ranked; family and given name, with the middle left out, are the family's members whose sort key (given
      // name first) lies in a range of the given name's spellings: each range read in name order up to a page.
      const givenPattern = escapeLike(givenWord);
      const familyAndGivenSearch = (async () => (await sql<Match>`select x.id, x.name_sort_key
        from unnest(${ranges.map((range) => range.from)}::text[], ${ranges.map((range) => range.to)}::text[]) as r(key_from, key_to)
        cross join lateral (
          select m.id, m.name_sort_key from members m
          where ${sql.join([subtree, sql<SqlBool>`split_part(m.name_folded, ' ', 1) = ${familyWord}`,
            sql<SqlBool>`m.name_sort_key >= r.key_from and m.name_sort_key < r.key_to`,
            sql<SqlBool>`m.name_folded like ${`% ${givenPattern}%`} and m.name_folded not like ${`% ${givenPattern}% %`}`,
            ...otherConditions, ...cursorCondition('m', input.cursor)], sql` and `)}
          order by m.name_sort_key, m.id limit ${input.limit}) x
        order by x.name_sort_key, x.id limit ${input.limit}`.execute(db)).rows)();
      familyAndGivenSearch.catch(() => {});
      searches.push(familyAndGivenSearch, walkedInFamilyThenRanked(familyWord));
    } else {
      const counts = (await sql<{ prefix: number; family: number | null; given: number | null }>`select ${counted(prefix)} as prefix,
        ${familyAndGiven ? counted(familyAndGiven.familyRange) : sql`null::int`} as family,
        ${familyAndGiven ? counted(familyAndGiven.givenRange) : sql`null::int`} as given`.execute(db)).rows[0];
      searches.push(counts.prefix >= NAME_COMMON_MATCHES
        ? walked(prefix).then((rows) => (rows.length < input.limit ? ranked(prefix) : rows))
        : ranked(prefix));
      if (familyAndGiven) searches.push(ranked(counts.family! < counts.given! ? familyAndGiven.byFamily : familyAndGiven.byGiven));
    }
  }
  const found = new Map<number, Match>();
  for (const rows of await Promise.all(searches)) for (const row of rows) found.set(row.id, row);
  const page = [...found.values()].sort(compareKeys).slice(0, input.limit);
  if (page.length === 0) return [];
  const result = await sql<ListRow>`select ${LIST_COLUMNS}, m.unit_id, 'official' as placement, ${currentUnitName(sql.ref('m.unit_id'))} as unit_name
    from members m where m.id in (${sql.join(page.map((row) => sql`${row.id}`))}) order by m.name_sort_key, m.id`.execute(db);
  return result.rows;
}

/**
 * The current list: members whose official unit lies in `subtrees` (official), or who take part there temporarily
 * (temporary), or either (all: one row per member, official first). `subtrees` are already inside the caller's
 * scope; `scope` is the scope itself. Each branch is an ordered, limited scan of its own index.
 */
export async function listCurrent(db: Executor, input: {
  scope: Scope;
  subtrees: readonly SubtreeFilter[];
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cursor?: Cursor;
  limit: number;
}): Promise<ListRow[]> {
  const conditions = [...memberFilterConditions('m', input.filters), ...cursorCondition('m', input.cursor)];
  const where = (first: Expression<SqlBool>) => sql.join([first, ...conditions], sql` and `);
  const official = sql`(select ${LIST_COLUMNS}, m.unit_id, 'official' as placement from members m
    where ${where(anySubtree('m', input.subtrees))}
    order by m.name_sort_key, m.id limit ${input.limit})`;
  const temporary = sql`(select ${LIST_COLUMNS}, g.unit_id, 'temporary' as placement from members m
    join ${temporaryGuests(input.scope, input.subtrees)} g on g.member_id = m.id
    where ${where(sql<SqlBool>`true`)}
    order by m.name_sort_key, m.id limit ${input.limit})`;
  if (input.filters.name && (input.filters.nameIndexes ?? true)) {
    // A name search in a large subtree: official members through `officialByName`, guests (few) as usual.
    const officials = input.placement === 'temporary' ? [] : await officialByName(db, input);
    const guests = input.placement === 'official' ? [] : (await sql<ListRow>`${temporary}`.execute(db)).rows;
    const seen = new Set(officials.map((row) => row.id));
    return [...officials, ...guests.filter((row) => !seen.has(row.id))].sort(compareKeys).slice(0, input.limit);
  }
  const query = input.placement === 'official' ? official
    : input.placement === 'temporary' ? temporary
    : sql`select distinct on (x.name_sort_key, x.id) x.* from (${official} union all ${temporary}) x
        order by x.name_sort_key, x.id, x.placement limit ${input.limit}`;
  const result = await sql<ListRow>`${query}`.execute(db);
  return result.rows;
}

/**
 * Units in force on the date whose path then lay under `pathAtDate` (every unit, ended or not, when it is null),
 * inside the caller's scope on today's tree (an ended unit's current path lies under the unit that took it over).
 */
/** The whole tree asked by a caller whose scope is the whole tree: every placement's unit is in, no test needed. */
function isWholeTree(input: { scope: Scope; pathAtDate: string | null }): boolean {
  const paths = scopePrefixes(input.scope);
  const isRoot = (path: string) => /^\/\d+\/$/.test(path);
  if (paths === null) return input.pathAtDate === null || isRoot(input.pathAtDate);
  const path = input.pathAtDate ?? (paths.length === 1 ? paths[0] : '');
  return isRoot(path) && paths.includes(path);
}

function unitsAtDate(input: { scope: Scope; pathAtDate: string | null; asOf: string }) {
  if (input.pathAtDate === null) return sql`select pu.id as unit_id from org_units pu where ${pathInScope('pu.scope_path', input.scope)}`;

  return sql`select v.unit_id from org_unit_versions v join org_units pu on pu.id = v.unit_id
    where ${versionInForce('v', input.asOf)}
      and v.path like ${escapeLike(input.pathAtDate) + '%'} and ${pathInScope('pu.scope_path', input.scope)}`;
}

/** A subtree with at least this many units on the date is listed by walking the name index (see `listAsOf`). */
export const AS_OF_WALK_MIN_UNITS = 1_000;

/** Whether the subtree had at least AS_OF_WALK_MIN_UNITS units on the date (reads at most that many). */
export async function isLargeSubtreeAt(db: Executor, input: { scope: Scope; pathAtDate: string | null; asOf: string }): Promise<boolean> {
  const result = await sql<{ n: number }>`select count(*)::int as n from (${unitsAtDate(input)} limit ${AS_OF_WALK_MIN_UNITS}) s`.execute(db);
  return result.rows[0].n >= AS_OF_WALK_MIN_UNITS;
}

/**
 * The list as of a past date: placements in force then, in units that lay under the asked unit on the tree as it
 * stood then, with each member's status on that date. The caller's scope applies to today's tree (the placement
 * unit's current scope path: an ended unit's path lies under the unit that took it over).
 *
 * Two plans, chosen by the caller with `walkNames`: a small subtree (a commune, a cell: a few thousand members at
 * most) reads its placements through the unit index and sorts them by name; a large one (a province, the country:
 * hundreds of thousands) walks all members in name order and keeps those with a placement in one of the subtree's
 * units on the date (a hashed set), so a page costs about (all members / subtree members) × page size index
 * probes instead of sorting the whole subtree (seconds for a province at national scale).
 */
export async function listAsOf(db: Executor, input: {
  scope: Scope;
  /** The asked unit's path on the date (null: the caller's whole scope). */
  pathAtDate: string | null;
  asOf: string;
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cursor?: Cursor;
  limit: number;
  walkNames: boolean;
}): Promise<ListRow[]> {
  const kinds = input.placement === 'all' ? ['official', 'temporary'] : [input.placement];
  const { statuses, ...rest } = input.filters;
  const statusAt = sql`(select e.status_after from member_events e where e.member_id = m.id and e.status_after is not null
          and e.voided_by_event_id is null and e.effective_date <= ${input.asOf}
          order by e.effective_date desc, e.id desc limit 1)`;
  const conditions = [...memberFilterConditions('m', { ...rest, statuses: [] }), ...cursorCondition('m', input.cursor)];
  if (statuses.length > 0) conditions.push(sql<SqlBool>`${statusAt} in (${sql.join(statuses.map((status) => sql`${status}`))})`);
  const inForce = sql`p.voided_by_event_id is null and p.valid_from <= ${input.asOf} and (p.valid_to is null or p.valid_to > ${input.asOf})
      and p.kind in (${sql.join(kinds.map((kind) => sql`${kind}`))})`;
  const memberConditions = conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
  if (input.walkNames) {
    const result = await sql<ListRow & { status_at: MemberStatus | null }>`
      with units_at as materialized (${isWholeTree(input) ? sql`select null::bigint as unit_id where false` : unitsAtDate(input)})
      select ${LIST_COLUMNS}, p.unit_id, p.kind as placement, ${statusAt} as status_at
      from members m
      cross join lateral (select p.unit_id, p.kind from member_placements p
        -- "is true" keeps this a hashed lookup per placement: as a join the planner rescanned the whole set per member.
        where p.member_id = m.id and ${inForce}${isWholeTree(input) ? sql`` : sql` and (p.unit_id in (select unit_id from units_at)) is true`}
        order by p.kind limit 1) p
      where true ${memberConditions}
      order by m.name_sort_key, m.id
      limit ${input.limit}`.execute(db);
    return result.rows.map(({ status_at: statusAt, ...row }) => ({ ...row, status: statusAt ?? row.status }));
  }
  const result = await sql<ListRow & { status_at: MemberStatus | null }>`
    select distinct on (m.name_sort_key, m.id) ${LIST_COLUMNS}, p.unit_id, p.kind as placement, ${statusAt} as status_at
    from member_placements p
    join members m on m.id = p.member_id
    where ${inForce} and p.unit_id in (${unitsAtDate(input)})
      ${memberConditions}
    order by m.name_sort_key, m.id, p.kind
    limit ${input.limit}`.execute(db);
  return result.rows.map(({ status_at: statusAt, ...row }) => ({ ...row, status: statusAt ?? row.status }));
}

/**
 * How many members the current list holds (the same conditions as `listCurrent`, no cursor), counted up to `cap`:
 * once per query with its first page. A cell or a commune counts its own few rows through the subtree's index; a
 * province or the country stops at the cap.
 */
export async function countCurrent(db: Executor, input: {
  scope: Scope;
  subtrees: readonly SubtreeFilter[];
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cap: number;
}): Promise<number> {
  const conditions = memberFilterConditions('m', input.filters);
  const where = (first: Expression<SqlBool>) => sql.join([first, ...conditions], sql` and `);
  const official = sql`select m.id from members m where ${where(anySubtree('m', input.subtrees))}`;
  const temporary = sql`select m.id from members m join ${temporaryGuests(input.scope, input.subtrees)} g on g.member_id = m.id where ${where(sql<SqlBool>`true`)}`;
  const ids = input.placement === 'official' ? official : input.placement === 'temporary' ? temporary : sql`${official} union ${temporary}`;
  const result = await sql<{ n: number }>`select count(*)::int as n from (${ids} limit ${input.cap}) s`.execute(db);
  return result.rows[0].n;
}

/** How many members the list as of a date holds (the conditions of `listAsOf`), counted up to `cap`. */
export async function countListAsOf(db: Executor, input: {
  scope: Scope;
  pathAtDate: string | null;
  asOf: string;
  placement: 'official' | 'temporary' | 'all';
  filters: ListFilters;
  cap: number;
}): Promise<number> {
  const kinds = input.placement === 'all' ? ['official', 'temporary'] : [input.placement];
  const { statuses, ...rest } = input.filters;
  const statusAt = sql`(select e.status_after from member_events e where e.member_id = m.id and e.status_after is not null
          and e.voided_by_event_id is null and e.effective_date <= ${input.asOf}
          order by e.effective_date desc, e.id desc limit 1)`;
  const conditions = memberFilterConditions('m', { ...rest, statuses: [] });
  if (statuses.length > 0) conditions.push(sql<SqlBool>`${statusAt} in (${sql.join(statuses.map((status) => sql`${status}`))})`);
  const memberConditions = conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await sql<{ n: number }>`
    select count(*)::int as n from (
      select distinct p.member_id from member_placements p
      join members m on m.id = p.member_id
      where p.voided_by_event_id is null and p.valid_from <= ${input.asOf} and (p.valid_to is null or p.valid_to > ${input.asOf})
        and p.kind in (${sql.join(kinds.map((kind) => sql`${kind}`))})
        and p.unit_id in (${unitsAtDate(input)})
        ${memberConditions}
      limit ${input.cap}) s`.execute(db);
  return result.rows[0].n;
}

/**
 * Members counted at a unit and its subtree on a date, by status, from the placements and events in force then:
 * official placements only (a temporary member is not counted at the host), and temporary guests apart (alone with
 * `temporaryOnly`, read through the temporary placements' index of migration 0050).
 */
export async function countAsOf(db: Executor, input: { pathAtDate: string; asOf: string; scope: Scope; temporaryOnly?: boolean }) {
  const result = await sql<{ kind: 'official' | 'temporary'; status: MemberStatus | null; n: number }>`
    select p.kind,
      (select e.status_after from member_events e where e.member_id = p.member_id and e.status_after is not null
        and e.voided_by_event_id is null and e.effective_date <= ${input.asOf}
        order by e.effective_date desc, e.id desc limit 1) as status,
      count(*)::int as n
    from member_placements p
    join org_units pu on pu.id = p.unit_id
    join org_unit_versions v on v.unit_id = p.unit_id and ${versionInForce('v', input.asOf)}
    where p.voided_by_event_id is null and p.valid_from <= ${input.asOf} and (p.valid_to is null or p.valid_to > ${input.asOf})
      and v.path like ${escapeLike(input.pathAtDate) + '%'}
      and ${pathInScope('pu.scope_path', input.scope)}
      ${input.temporaryOnly ? sql`and p.kind = 'temporary'` : sql``}
    group by 1, 2`.execute(db);
  return result.rows;
}

/**
 * Whether the member is visible under the scope: its official unit lies inside, or a transfer in progress is
 * addressed inside (the receiving side sees incoming members), or it takes part inside temporarily.
 */
export function memberVisible(scope: Scope): Expression<SqlBool> {
  if (scopeIsEmpty(scope)) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${pathInScope('m.scope_path', scope)}
    or exists (select 1 from member_transfers vt join org_units vu on vu.id = vt.to_unit_id
      where vt.member_id = m.id and vt.status = 'issued' and ${pathInScope('vu.scope_path', scope)})
    or exists (select 1 from member_placements vp join org_units vpu on vpu.id = vp.unit_id
      where vp.member_id = m.id and vp.kind = 'temporary' and vp.valid_to is null and vp.voided_by_event_id is null
        and ${pathInScope('vpu.scope_path', scope)}))`;
}

export async function findVisibleMember(db: Executor, memberId: number, scope: Scope) {
  return db.selectFrom('members as m').selectAll('m').where('m.id', '=', memberId).where(memberVisible(scope)).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------------
// The member's own timeline kept by the areas built on the registry (read here, written there)

/** Transfers in progress of a member: official or temporary issued, and temporary ones accepted and not yet ended. */
export async function openTransfersOfMember(db: Executor, memberId: number) {
  return openTransfersOfMembers(db, [memberId]);
}

/** `openTransfersOfMember` for many members in one statement (a bulk request's). */
export async function openTransfersOfMembers(db: Executor, memberIds: readonly number[]) {
  if (memberIds.length === 0) return [];
  return db.selectFrom('member_transfers').selectAll().where('member_id', 'in', [...memberIds])
    .where((eb) => eb.or([eb('status', '=', 'issued'), eb.and([eb('kind', '=', 'temporary'), eb('status', '=', 'accepted')])]))
    .orderBy('id').execute();
}

/**
 * A member's standing badge awards with their decisions. Annulled awards are left out: the only index by member
 * covers standing awards (`member_badge_awards_once`), and the page must not scan the table.
 */
export async function badgeAwardsOf(db: Executor, memberId: number) {
  return db.selectFrom('member_badge_awards as b')
    .innerJoin('decisions as d', 'd.id', 'b.decision_id')
    .select(['b.id', 'b.milestone', 'b.presented_on', 'b.early', 'b.unit_id', 'b.recorded_at',
      'd.id as decision_id', 'd.number as decision_number', 'd.signed_on as decision_signed_on', 'd.issuing_body as decision_issuing_body'])
    .where('b.member_id', '=', memberId).where('b.voided_at', 'is', null)
    .orderBy('b.presented_on').orderBy('b.milestone').orderBy('b.id')
    .execute();
}

/** A member's serious-illness records with their decisions (if any). */
export async function seriousIllnessOf(db: Executor, memberId: number) {
  return db.selectFrom('member_serious_illness as s')
    .leftJoin('decisions as d', 'd.id', 's.decision_id')
    .select(['s.id', 's.since', 's.until', 's.note', 's.recorded_at',
      'd.id as decision_id', 'd.number as decision_number', 'd.signed_on as decision_signed_on', 'd.issuing_body as decision_issuing_body'])
    .where('s.member_id', '=', memberId)
    .orderBy('s.since').orderBy('s.id')
    .execute();
}

/** The caller's granted units at the end of each scope path, with their ancestor columns. */
export async function scopeUnits(db: Executor, unitIds: readonly number[]) {
  if (unitIds.length === 0) return [];
  return db.selectFrom('org_units').select(['id', 'scope_path', 'province_id', 'superior_id', 'grassroots_id']).where('id', 'in', [...unitIds]).execute();
}

export async function listSavedFilters(db: Executor, accountId: number) {
  return db.selectFrom('member_saved_filters').selectAll().where('account_id', '=', accountId).where('deleted_at', 'is', null).orderBy('name').execute();
}

export async function insertSavedFilter(db: Executor, accountId: number, name: string, filters: unknown) {
  return db.insertInto('member_saved_filters').values({ account_id: accountId, name, filters: JSON.stringify(filters), deleted_at: null }).returningAll().executeTakeFirstOrThrow();
}

export async function lockSavedFilter(db: Executor, accountId: number, filterId: number) {
  return db.selectFrom('member_saved_filters').selectAll().where('id', '=', filterId).where('account_id', '=', accountId)
    .where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
}

export async function updateSavedFilter(db: Executor, filterId: number, changes: { name?: string; filters?: unknown }) {
  return db.updateTable('member_saved_filters')
    .set((eb) => ({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.filters !== undefined ? { filters: JSON.stringify(changes.filters) } : {}),
      row_version: eb('row_version', '+', 1), updated_at: new Date(),
    }))
    .where('id', '=', filterId).returningAll().executeTakeFirstOrThrow();
}

/** Hides a saved filter (the row stays). */
export async function hideSavedFilter(db: Executor, accountId: number, filterId: number) {
  return db.updateTable('member_saved_filters').set({ deleted_at: new Date() })
    .where('id', '=', filterId).where('account_id', '=', accountId).where('deleted_at', 'is', null).returning(['id', 'name']).executeTakeFirst();
}
