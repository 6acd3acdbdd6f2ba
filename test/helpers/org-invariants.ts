/**
 * The organization tree's invariants, checked against a database. Run it after any scenario that writes the tree:
 *   - versions of a unit (voided ones aside) neither overlap nor leave gaps; the first starts on established_on; the
 *     last is open while the unit lives and closes on ended_on when it ended; a voided unit has no live version;
 *   - every version's path is its parent's path (over the whole interval of the child's version) plus its own id,
 *     and its depth is the parent's plus one; a root's path is '/id/';
 *   - a live unit's scope_path is its current path; a merged unit's scope_path lies under its successor's;
 *   - province_id / superior_id / grassroots_id of live units match the kinds on their path (units written by a
 *     batch; fixture rows inserted straight into the tables without these columns are skipped);
 *   - live links point from an ended unit, on its end date;
 *   - org_unit_count_deltas equals a recomputation from the versions.
 * `findOrgInvariantViolations` returns readable violations; `assertOrgInvariants` throws when there is any.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/kernel/executor.ts';
import { ORG_KINDS } from '../../src/contracts/org-kinds.ts';

const kindsOf = (level: string) => Object.entries(ORG_KINDS).filter(([, value]) => value.level === level).map(([kind]) => kind);

async function rows<T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

export async function findOrgInvariantViolations(db: Db): Promise<string[]> {
  const violations: string[] = [];
  const report = (label: string, items: unknown[]) => {
    for (const item of items.slice(0, 20)) violations.push(`${label}: ${JSON.stringify(item)}`);
  };

  report('versions overlap or leave a gap', await rows(db, sql`
    select unit_id, id, valid_from, valid_to, next_from from (
      select v.unit_id, v.id, v.valid_from, v.valid_to, lead(v.valid_from) over w as next_from, lead(v.id) over w as next_id
      from org_unit_versions v where v.voided_by_batch_id is null
      window w as (partition by v.unit_id order by v.valid_from, v.id)
    ) s
    where next_id is not null and (valid_to is null or valid_to <> next_from)`));

  // Điều lệ Đảng 2011 ch. V Art. 21: a member belongs to a cell; migration 0026 holds the database to it.
  report('a member is placed in a unit that is not a cell', await rows(db, sql`
    select p.id as placement_id, p.member_id, p.unit_id, v.kind, v.valid_from, p.valid_from as placed_from, p.valid_to as placed_to
    from member_placements p
    join org_unit_versions v on v.unit_id = p.unit_id and v.voided_by_batch_id is null and v.kind not in ('cell', 'grassroots_cell')
      and daterange(v.valid_from, v.valid_to) && daterange(p.valid_from, p.valid_to)
    where p.voided_by_event_id is null`));

  report('first version does not start on established_on', await rows(db, sql`
    select u.id, u.established_on, f.valid_from from org_units u
    join lateral (select v.valid_from from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null order by v.valid_from limit 1) f on true
    where f.valid_from <> u.established_on`));

  report('last version does not match the unit\'s end', await rows(db, sql`
    select u.id, u.ended_on, u.end_reason, l.valid_to from org_units u
    join lateral (select v.valid_to from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null order by v.valid_from desc limit 1) l on true
    where (u.ended_on is null and l.valid_to is not null) or (u.ended_on is not null and l.valid_to is distinct from u.ended_on)`));

  report('unit without a live version (and not voided)', await rows(db, sql`
    select u.id from org_units u
    where u.end_reason is distinct from 'voided'
      and not exists (select 1 from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null)`));

  report('voided unit with a live version', await rows(db, sql`
    select u.id from org_units u
    where u.end_reason = 'voided' and exists (select 1 from org_unit_versions v where v.unit_id = u.id and v.voided_by_batch_id is null)`));

  report('root version path is not /id/', await rows(db, sql`
    select v.id, v.unit_id, v.path from org_unit_versions v
    where v.voided_by_batch_id is null and v.parent_id is null and (v.path <> '/' || v.unit_id || '/' or v.depth <> 0)`));

  report('version path differs from its parent\'s path as of its dates', await rows(db, sql`
    select v.id, v.unit_id, v.path, v.valid_from, v.valid_to, p.path as parent_path, p.valid_from as parent_from
    from org_unit_versions v
    join org_unit_versions p on p.unit_id = v.parent_id and p.voided_by_batch_id is null
      and p.valid_from < coalesce(v.valid_to, 'infinity'::date) and coalesce(p.valid_to, 'infinity'::date) > v.valid_from
    where v.voided_by_batch_id is null and (p.path || v.unit_id || '/' <> v.path or p.depth + 1 <> v.depth)`));

  report('parent does not exist over the whole version', await rows(db, sql`
    select v.id, v.unit_id, v.parent_id, v.valid_from, v.valid_to from org_unit_versions v
    where v.voided_by_batch_id is null and v.parent_id is not null and (
      not exists (select 1 from org_unit_versions p where p.unit_id = v.parent_id and p.voided_by_batch_id is null
                  and p.valid_from <= v.valid_from and (p.valid_to is null or p.valid_to > v.valid_from))
      or (v.valid_to is null and not exists (select 1 from org_unit_versions p where p.unit_id = v.parent_id and p.voided_by_batch_id is null and p.valid_to is null))
      or (v.valid_to is not null and not exists (select 1 from org_unit_versions p where p.unit_id = v.parent_id and p.voided_by_batch_id is null
                  and p.valid_from < v.valid_to and (p.valid_to is null or p.valid_to >= v.valid_to)))
    )`));

  report('live unit whose scope_path is not its current path', await rows(db, sql`
    select u.id, u.scope_path, v.path from org_units u
    join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
    where u.ended_on is null and u.scope_path <> v.path`));

  report('current code differs from the open version\'s code', await rows(db, sql`
    select u.id, u.code, v.code as version_code from org_units u
    join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
    where u.code <> v.code`));

  report('merged unit whose scope_path is not under its successor', await rows(db, sql`
    select u.id, u.scope_path, s.scope_path as successor_path from org_units u
    join org_unit_links l on l.predecessor_id = u.id and l.voided_by_batch_id is null and l.link_kind in ('merged_into', 'absorbed_into')
    join org_units s on s.id = l.successor_id
    where u.end_reason = 'merged' and u.scope_path <> s.scope_path || u.id || '/'`));

  report('live link from a unit that did not end on the link date', await rows(db, sql`
    select l.id, l.predecessor_id, l.effective_date, u.ended_on, u.end_reason from org_unit_links l
    join org_units u on u.id = l.predecessor_id
    where l.voided_by_batch_id is null and l.link_kind in ('merged_into', 'absorbed_into', 'split_into')
      and (u.ended_on is distinct from l.effective_date or u.end_reason not in ('merged', 'split'))`));

  report('ancestor columns do not match the path', await rows(db, sql`
    with live as (
      select u.id, u.province_id, u.superior_id, u.grassroots_id, v.path from org_units u
      join org_unit_versions v on v.unit_id = u.id and v.valid_to is null and v.voided_by_batch_id is null
      where u.ended_on is null
    ),
    expected as (
      select l.id,
        (array_agg(a.id::bigint order by a.ord desc) filter (where k.kind = any(${kindsOf('provincial')}::text[])))[1] as province_id,
        (array_agg(a.id::bigint order by a.ord desc) filter (where k.kind = any(${kindsOf('superior')}::text[])))[1] as superior_id,
        (array_agg(a.id::bigint order by a.ord desc) filter (where k.kind = any(${kindsOf('grassroots')}::text[])))[1] as grassroots_id
      from live l
      cross join lateral unnest(string_to_array(trim(both '/' from l.path), '/')) with ordinality as a(id, ord)
      left join org_unit_versions k on k.unit_id = a.id::bigint and k.valid_to is null and k.voided_by_batch_id is null
      group by l.id
    )
    select l.id, l.province_id, e.province_id as expected_province, l.superior_id, e.superior_id as expected_superior, l.grassroots_id, e.grassroots_id as expected_grassroots
    from live l join expected e on e.id = l.id
    where (l.province_id is distinct from e.province_id or l.superior_id is distinct from e.superior_id or l.grassroots_id is distinct from e.grassroots_id)
      -- Fixture units written straight into the tables (no batch, no ancestor columns) are not maintained.
      and (l.province_id is not null or l.superior_id is not null or l.grassroots_id is not null
           or exists (select 1 from org_unit_versions b where b.unit_id = l.id and b.batch_id is not null))`));

  report('count deltas differ from the versions', await rows(db, sql`
    with expected as (
      select a.id::bigint as ancestor_id, e.on_date, v.kind, coalesce(v.sector, '') as sector, sum(e.delta)::int as delta
      from org_unit_versions v
      cross join lateral unnest(string_to_array(trim(both '/' from v.path), '/')) as a(id)
      cross join lateral (values (v.valid_from, 1), (v.valid_to, -1)) as e(on_date, delta)
      where v.voided_by_batch_id is null and a.id <> '' and a.id::bigint <> v.unit_id and e.on_date is not null
      group by 1, 2, 3, 4
      having sum(e.delta) <> 0
    )
    select coalesce(x.ancestor_id, d.ancestor_id) as ancestor_id, coalesce(x.on_date, d.on_date) as on_date, coalesce(x.kind, d.kind) as kind,
           x.delta as expected, d.delta as stored
    from expected x
    full join (
      -- Rows are appended per statement (migration 0029): a key's stored delta is the sum of its rows.
      select ancestor_id, on_date, kind, sector, sum(delta)::int as delta from org_unit_count_deltas group by 1, 2, 3, 4 having sum(delta) <> 0
    ) d on d.ancestor_id = x.ancestor_id and d.on_date = x.on_date and d.kind = x.kind and d.sector = x.sector
    where x.delta is distinct from d.delta and not (x.delta is null and d.delta = 0)`));

  return violations;
}

export async function assertOrgInvariants(db: Db): Promise<void> {
  const violations = await findOrgInvariantViolations(db);
  if (violations.length > 0) throw new Error(`organization tree invariants violated:\n${violations.join('\n')}`);
}
